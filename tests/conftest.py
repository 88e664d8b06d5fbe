"""Shared fixtures: a private copy of the embedded data that a test may break, and the messages the
build logs."""

from __future__ import annotations

import csv
import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lda_analysis.book_build import builder
from lda_analysis.contract.paths import DEFAULT_DATA_DIR


def _session_book(tmp_path_factory) -> Path:
    """The folder of the book built once for the whole test run, whatever the process asking: the
    first to ask builds it (``editions/``) and copies its HTML (``lecture/``), the others wait."""
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist, each process has its own folder in the run's folder: shared, the parent.
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "livre-de-la-session"
    with (root / "livre-de-la-session.verrou").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        done = folder / "construit"
        if not done.is_file():
            index = builder.build_edition(2024, output_dir=folder / "editions", pdf=False)
            shutil.copytree(index.parent, folder / "lecture")
            done.write_text(str(index.parent), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The default edition (2024, embedded data) built once for the whole test run; returns its html/
    folder. Tests that break a build use their own output folder or leave this one intact. Built
    without its PDF (rendering it takes about ten seconds: the tests' builds ask for it only when they
    test it, ``pdf=False`` otherwise): tests/test_pdf.py adds it. The tests that use it run
    in one process (the root ``conftest.py`` groups them)."""
    return Path((_session_book(tmp_path_factory) / "construit").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def book_copy(tmp_path_factory) -> Path:
    """A copy of the HTML of the session's book as it was built, for tests in another process than
    those of :func:`built_book`, which rebuild that book (and put it back) while they run."""
    return _session_book(tmp_path_factory) / "lecture"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright; where either is missing, the test is skipped, with the
    reason in the test summary."""
    from .axe_audit import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Chromium absent (/usr/bin/chromium) : tests du navigateur non exécutés ; "
            "l'installer avec « apt-get install chromium » (ce que fait .ci/run)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright absent : pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page of the browser that records JavaScript errors (console errors and uncaught
    exceptions) in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def kernel_processes(workers) -> set[int]:
    """The process ids of the kernels of ``workers`` (:class:`~lda_analysis.book_build.page_workers.PageWorkers`)
    running now."""
    return workers.kernels.processes()


@contextmanager
def logged_messages(name: str = "lda_analysis") -> Iterator[list[str]]:
    """The messages logged by the library (logger ``name``) while the block runs, from INFO up.

    A handler of its own on the library's logger: the command line stops the propagation of the
    library's messages to the root logger (where pytest's ``caplog`` listens)."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger(name)
    handler, level = Collect(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ in a temporary folder; the project's data/ is never modified."""
    target = tmp_path / "donnees"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def replace_in_file(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace the first ``count`` occurrences of ``old`` in a file; fail if ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file; ``line`` is the line number a user sees (the header is line 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
