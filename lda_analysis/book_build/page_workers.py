"""The workers that execute an edition's pages: threads, each with a warm kernel
(:class:`~lda_analysis.book_build.kernels.WarmKernel`) that runs one page after another, reset between two pages
so that each is what a fresh kernel gives. A build makes them for its pages
(:func:`lda_analysis.book_build.builder.build_edition`); ``lda-book surveiller`` keeps them from one build to the next
(:class:`KeptWorkers`).

Each workers' kernels form a :class:`~lda_analysis.book_build.kernels.KernelGroup` that the workers hold: a
Ctrl-C or a page the data cannot build stops them (:meth:`PageWorkers.stop`), and closing the workers
ends them and removes their sockets. Proved by ``tests/test_watch.py`` (kept workers run the pages of
one build after another in the same kernels, then leave none running) and
``tests/test_build.py::test_ctrl_c_stops_the_build_within_seconds``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Queue

from lda_analysis.blocks.formatting import format_number
from lda_analysis.contract.errors import BuildError

from .kernels import KernelGroup, WarmKernel
from .notebooks import KERNEL_ARGUMENTS, KERNEL_NAME, execute_notebook
from .plan import Page, kernel_startup

# The pages' progress is told with the build's messages.
logger = logging.getLogger("lda_analysis.book_build")
# How long a thread of this process may keep Python's lock while another waits for it, as pages run
# (Python's default: 5 ms; see :func:`kernels_answered_promptly`).
SWITCH_SECONDS = 0.0005


# The pages a kernel of its own is worth. A kernel's start costs about 1,5 s of processor (Python,
# IPython, pandas, the library), paid while the build's other processes start too; a page costs 0,1
# to 0,5 s once its kernel is ready. On 2 processors, the 3 pages of a table's change were built
# 0,3 s sooner by one kernel than by two (4,4 s instead of 4,8 s, `lda-book construire`).
PAGES_PER_KERNEL = 6


def kernel_count(pages: int, jobs: int | None = None) -> int:
    """How many kernels run ``pages`` pages: ``jobs`` if given, else one per :data:`PAGES_PER_KERNEL`
    pages, at most one per processor; never more than one per page.

    >>> kernel_count(34, None) == min(os.cpu_count() or 1, 6), kernel_count(3), kernel_count(3, jobs=2)
    (True, 1, 2)
    """
    wanted = jobs or min(os.cpu_count() or 1, -(-pages // PAGES_PER_KERNEL))
    return max(1, min(wanted, pages))


@contextlib.contextmanager
def kernels_answered_promptly():
    """While the pages run: the workers' threads, woken by each message of a kernel (a dozen for a
    cell), get Python's lock within :data:`SWITCH_SECONDS` from the build's own work (writing the
    downloads, 0,8 s), not within 5 ms. Measured on a table's change (3 pages of 6 to 17 cells):
    the pages ran in 0,5 to 0,6 s each beside that work, 0,1 to 0,2 s with this; the work itself no
    slower. Python's setting is put back after. Proved by ``tests/test_build.py``
    (``test_the_pages_run_with_a_short_switch_interval``)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_SECONDS)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


# What is told of a page executed: its name and its inputs (the build records them).
Done = Callable[[str, dict[str, str]], None]


@dataclass(frozen=True)
class PageRun:
    """A notebook page of an edition to execute: where it goes, with what."""

    rank: int
    page: Page
    target: Path
    parameters: dict


class PageWorkers:
    """The workers that execute an edition's pages, ``jobs`` threads each with a warm kernel
    (:class:`~lda_analysis.book_build.kernels.WarmKernel`). The kernels start as soon as the workers are made,
    and get ready (:func:`~lda_analysis.book_build.plan.prepare_kernel`: the pages' charts are written to
    ``charts_dir``, what the pages use is imported) while this process checks the data, stages the
    sources and tries the pages; the pages are given afterwards (:meth:`run`), or none (:meth:`close`
    stops the kernels). Workers that ``keep`` their kernels run the pages of one build after another
    (:class:`KeptWorkers`) until they are closed."""

    def __init__(self, jobs: int, charts_dir: Path, keep: bool = False) -> None:
        self.queue: Queue = Queue()
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self.interrupted = threading.Event()
        self.total = 0
        self.charts_dir = charts_dir
        self.startup = kernel_startup(charts_dir)
        # The workers' kernels: stopped together (:meth:`stop`), their sockets removed at the end.
        self.kernels = KernelGroup()
        self.jobs = jobs
        self.keep = keep
        # The pages given and not ended yet (kept workers: :meth:`wait` waits for none).
        self.running = 0
        self.changed = threading.Condition()
        self.pool = ThreadPoolExecutor(max_workers=jobs)
        self.futures = [self.pool.submit(self._work) for _ in range(jobs)]
        self.given = False

    @property
    def alive(self) -> bool:
        """Whether the workers can run pages (not stopped, no worker ended)."""
        return not self.stopping.is_set() and not any(future.done() for future in self.futures)

    def _work(self) -> None:
        kernel = WarmKernel(KERNEL_NAME, KERNEL_ARGUMENTS, self.startup, group=self.kernels)
        try:
            with contextlib.suppress(RuntimeError, TimeoutError):  # said by the first page it runs
                kernel.warm_up()
            while not self.stopping.is_set():
                task = self.queue.get()
                if task is None:
                    return
                try:
                    self._execute(*task, kernel)
                finally:
                    with self.changed:
                        self.running -= 1
                        self.changed.notify_all()
        finally:
            if self.interrupted.is_set():
                kernel.abandon()
            else:
                kernel.shutdown()

    def _execute(self, run: PageRun, inputs: dict[str, str], done: Done | None, kernel: WarmKernel) -> None:
        started = time.perf_counter()
        try:
            execute_notebook(run.page.template, run.target, run.parameters, run.page.title, kernel)
        except BuildError as error:
            self.errors.append(str(error))
            return
        if done is not None:
            done(run.page.name, inputs)
        elapsed = format_number(time.perf_counter() - started, 1)
        logger.info("[%s/%s] notebooks/%s.ipynb exécuté (%s s)", run.rank, self.total, run.page.name, elapsed)

    def run(self, runs: list[tuple[PageRun, dict[str, str]]], total: int, done: Done | None = None) -> None:
        """Give the workers the pages to execute (each with its inputs, given to ``done`` with the
        page's name once its executed copy is written; ``total``: the number of pages of the book,
        for the messages), then the end (unless they are kept)."""
        self.total, self.given = total, True
        with self.changed:
            self.running += len(runs)
        for task in [
            *((run, inputs, done) for run, inputs in runs),
            *([] if self.keep else [None] * self.jobs),
        ]:
            self.queue.put(task)

    def wait(self) -> list[str]:
        """Wait for the workers to end the pages given; return the errors of the pages."""
        if not self.keep:
            for future in self.futures:
                future.result()
            return self.errors
        with self.changed:
            while self.running:
                self.changed.wait(timeout=0.1)
                for future in self.futures:
                    if future.done():  # a worker that failed (its error is raised) or was stopped
                        future.result()
                        raise BuildError("L'exécution des pages s'est arrêtée avant leur fin.")
        errors, self.errors = self.errors, []
        return errors

    def stop(self) -> int:
        """Drop the pages not started and stop the running ones now (Ctrl-C, or a page the data
        cannot build); return how many kernels were running."""
        self.stopping.set()
        for _ in range(self.jobs):
            self.queue.put(None)
        return self.kernels.stop()

    def close(self) -> None:
        """End the workers: those that were given no page (none to run, or the build failed before)
        stop their kernels at once; kept ones end their kernels."""
        if not self.given:
            self.stop()
        elif self.keep:
            for _ in range(self.jobs):
                self.queue.put(None)
        self.pool.shutdown(wait=True)
        self.kernels.close()  # every kernel of the workers has ended


class KeptWorkers:
    """Workers and their kernels kept from one build to the next (``lda-book surveiller``): the kernels'
    start and imports are paid once. Made for the first build that runs pages, made again when the
    kernels were stopped (a page the data cannot build, Ctrl-C) or the edition changed; the kernels
    are reset between two pages as within a build, so that pages are what fresh kernels give."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self.workers: PageWorkers | None = None

    def get(self, charts_dir: Path) -> PageWorkers:
        if self.workers is None or not self.workers.alive or self.workers.charts_dir != charts_dir:
            self.close()
            self.workers = PageWorkers(self.jobs, charts_dir, keep=True)
        return self.workers

    def close(self) -> None:
        if self.workers is not None:
            workers, self.workers = self.workers, None
            workers.given = True  # kept workers end their kernels (close, not stop)
            if workers.alive:
                workers.close()
            else:
                workers.pool.shutdown(wait=True)
                workers.kernels.close()
