"""``lda-book surveiller``: build an edition, then build it again each time something it is made from
changes (a data file, a notebook, a page of ``book/``, the configuration), in the same process.

What each ``lda-book construire`` pays before the work is paid once: the command's imports (pandas,
matplotlib, the library, WeasyPrint), the kernels of the pages and their imports (kept from one
build to the next, reset between two pages as within a build:
:class:`~lda_analysis.book_build.page_workers.KeptWorkers`), Jupyter Book's imports (its process is started as soon as a build ends, and waits for the next). The
build itself is :func:`~lda_analysis.book_build.builder.build_edition`: it runs only what the change touches and
never destroys the last good book. A build that fails says why and the command waits for the next
change. A change of the library's own code cannot be taken into kept processes: the command starts
again (:class:`LibraryChanged`). Proved by ``tests/test_watch.py`` (a build at each change only, a
failed build said and the watch going on, a change of the library's code starting the command again)
and ``tests/test_cli.py::test_watch_is_a_command_and_starts_again_when_the_library_changes``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from lda_analysis.blocks.charts import CHARTS_FOLDER
from lda_analysis.contract.errors import LdaError
from lda_analysis.contract.paths import default_output_dir

from .build_record import BuildRequest
from .builder import EditionPaths, build_edition
from .jupyter_book_process import JupyterBookProcess
from .library import library_digest
from .page_workers import KeptWorkers

logger = logging.getLogger("lda_analysis.book_build")
# How often the sources are looked at while the command waits (their digest: 8 ms).
POLL_SECONDS = 0.2


class LibraryChanged(Exception):  # noqa: N818 - not an error: the command starts again
    """The library's code changed since the command started: its processes must start again."""


def _wait() -> bool:
    time.sleep(POLL_SECONDS)
    return True


def watch(
    year: object = None,
    data_dir: str | Path | None = None,
    output_dir: str | Path | None = None,
    jobs: int | None = None,
    strict: bool = False,
    pdf: bool = True,
    wait: Callable[[], bool] = _wait,
) -> None:
    """Build the edition of ``year`` (arguments of :func:`~lda_analysis.book_build.builder.build_edition`), then
    again at each change of what it is made from, until ``wait`` (called between two looks at the
    sources; default: a sleep of :data:`POLL_SECONDS`) returns False or Ctrl-C. Raise
    :class:`LibraryChanged` when the library's code changed."""
    output = Path(output_dir or default_output_dir())
    library = library_digest()
    kept = KeptWorkers(jobs)
    renderer = JupyterBookProcess.start()
    attempted = None
    try:
        while True:
            request = BuildRequest.of(year, data_dir, output, strict, pdf)
            if request.digest != attempted:
                if library_digest() != library:
                    raise LibraryChanged
                attempted = request.digest
                try:
                    index = build_edition(
                        year, data_dir, output, jobs, strict, renderer=renderer, pdf=pdf, kept=kept
                    )
                    logger.info("Livre construit : %s", index)
                    # The kernels of the next build start now, while the reader reads.
                    kept.get(EditionPaths(index.parent.parent).source / CHARTS_FOLDER)
                except LdaError as error:
                    logger.error("Erreur : %s", error)
                renderer = JupyterBookProcess.start()  # imports while the command waits
                logger.info(
                    "En attente d'un changement des données, des notebooks ou des pages du livre "
                    "(Ctrl-C pour arrêter)…"
                )
            if not wait():
                return
    finally:
        renderer.close()
        kept.close()
