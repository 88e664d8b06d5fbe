"""What an edition folder was built from: one record, in the folder, so that a build does again only
what a change touches, and a build with nothing new to do ends at once.

Every build of an edition writes into one folder (``_build/editions/ANNÉE``), whatever the request
that asked for it. The folder holds one record, :data:`RECORD_FILE` (JSON), which gives each output of
the folder with the digest of what it was made from:

``livre``
    the published book (``html/`` and ``pdf/``), as a request sees it: the digest of everything a build
    is made from (:func:`sources_digest`: the data folder's place and files, the library's code and
    schema, the notebooks, ``book/``, the configuration, the source document, Python and every
    installed distribution), the edition's year, whether it is the default edition of its data,
    whether its PDF is the PDF of its HTML (and its file), the warnings the build gave (said again
    when the build is skipped). A request it serves (:meth:`BuildRequest.served_by`) ends at once
    (:func:`reusable_build`): building with data A, then B, then A again rebuilds the third time;
``html``
    the digest of the staged sources ``html/`` was rendered from (``build.staged_digest``);
``pdf``
    the digest of what the PDF was rendered from (``PdfEdition.made_from``);
``telechargements``
    the data's fingerprint and the library's digest the staged downloads were written from;
``controles``
    each consistency check's results, with the digests of the data files of the tables it read
    (recorded while it ran) and of the convention's calendar, under the library's digest
    (:class:`CheckMemory`);
``pages``
    each executed notebook page's inputs, with their digests (:func:`page_inputs`): its template, its
    parameters and title, the data files of the tables it read (recorded while the build tried it
    in its own process, :func:`lda_analysis.domains.edition.recording_reads`), the calendar's (it decides
    the rows of the annual tables an edition sees) and the library's.

The library is one input of every page and check: the digest of all its code, schema and
stylesheets, of the source document and of the programs installed
(:func:`lda_analysis.book_build.library.library_digest`); any change of them reruns every page and check.
Following a page's imports would rerun fewer pages, but a page reaches code in ways imports do not
show (a domain's declarations, a calendar computed by another domain); the whole library is the rule
that cannot miss one. A sentence changed in ``book/`` reruns nothing.

An entry about files of the folder says what they are now: a build removes it, and saves the
record, before it changes them, and sets it once they are written (``livre``: removed when the build
starts to change ``html/`` or ``pdf/``, set when it has published; a page's inputs: removed before
the page runs, set when its executed copy is written). The checks' results are kept by the digests
of what they read, which no build changes. The record is written atomically (a scratch file, then renamed):
a build that fails or is interrupted leaves entries that hold, and what has no entry is made again.
A record of another format, or none, is an empty record: everything is made again. The pages' inputs
are here rather than in each executed notebook: planning a build reads one file, not every page.

Guarantee: a build publishes what a clean build of the same request would (``tests/test_incremental.py``:
the property test ``test_an_incremental_build_publishes_what_a_clean_build_publishes``,
``test_data_folder_a_then_b_then_a_again_publishes_a``, ``test_a_build_without_the_pdf_then_a_full_build``);
kept results are those the checks would give (``tests/test_check_memory.py``); a change reruns the
pages that read it and no other (``tests/test_page_inputs.py``); a page that was running when a build
stopped runs again (``tests/test_build_record.py``).

This module imports nothing heavy: the command line reads the record before loading pandas or
Jupyter Book.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lda_analysis.book_build.library import environment, library_digest
from lda_analysis.contract.digests import file_digest, files_digest, value_digest
from lda_analysis.contract.paths import (
    BOOK_DIR,
    CONFIG_FILE,
    DEFAULT_DATA_DIR,
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    SOURCE_DOCUMENT,
    TOC_FILE,
)

if TYPE_CHECKING:
    from lda_analysis.domains.checks import CheckResult
    from lda_analysis.domains.edition import Edition

RECORD_FILE = ".construction.json"
FORMAT = 2
# The entries of the record (see the module's docstring).
BOOK, HTML, PDF, DOWNLOADS, CHECKS, PAGES = "livre", "html", "pdf", "telechargements", "controles", "pages"
ORDER = ("format", BOOK, HTML, PDF, DOWNLOADS, PAGES, CHECKS)
# What the builds before format 2 wrote beside the record (removed when the record is written).
FORMER_FILES = (".controles.json", ".empreinte-html", "pdf/.empreinte-pdf")
# A page's inputs: its parameters, and the library, as the build's summary names them (« bibliothèque
# lda_analysis a changé »).
PARAMETERS = "paramètres"
LIBRARY = f"bibliothèque {PACKAGE_DIR.name}"
# The build's logger: a reused build is reported with the build's messages.
logger = logging.getLogger("lda_analysis.book_build.builder")


class BuildRecord:
    """The record of the edition folder ``root``, read once; entries are read with :meth:`get`,
    changed with :meth:`set` (None removes one) and written with :meth:`save`, from any thread."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / RECORD_FILE
        self._lock = threading.Lock()
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            content = None
        valid = isinstance(content, dict) and content.get("format") == FORMAT
        self.content: dict[str, Any] = content if valid else {"format": FORMAT}

    def get(self, entry: str) -> Any:
        return self.content.get(entry)

    def set(self, entry: str, value: Any) -> None:
        with self._lock:
            if value is None:
                self.content.pop(entry, None)
            else:
                self.content[entry] = value

    def save(self) -> None:
        """Write the record, atomically: an interruption leaves the record as it was."""
        scratch = self.path.with_name(self.path.name + ".en-cours")
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock:  # the short entries first, for a reader
            ordered = {entry: self.content[entry] for entry in ORDER if entry in self.content}
            text = json.dumps({**ordered, **self.content}, ensure_ascii=False, indent=1)
        scratch.write_text(text + "\n", encoding="utf-8")
        os.replace(scratch, self.path)
        for name in FORMER_FILES:
            (self.root / name).unlink(missing_ok=True)

    def page_changes(
        self, name: str, executed: Path, template: str, parameters: dict, data_dir: Path, library: str
    ) -> list[str] | None:
        """Why the page ``name`` (executed into ``executed``) must run again: the names of its inputs
        that changed since it was executed ([] if none did), or None when it has no executed copy or
        no recorded inputs."""
        stored = (self.get(PAGES) or {}).get(name)
        if not isinstance(stored, dict) or not executed.is_file():
            return None
        now = page_inputs(template, parameters, stored, data_dir, library)
        return [input_ for input_ in stored if stored[input_] != now.get(input_)]

    def keep_pages(self, names: set[str]) -> None:
        """Forget the inputs of every page not named (no longer a page of the book, or about to run)."""
        with self._lock:
            pages = self.content.get(PAGES) or {}
            self.content[PAGES] = {name: inputs for name, inputs in pages.items() if name in names}

    def note_page(self, name: str, inputs: dict[str, str]) -> None:
        """Record what the page ``name`` was just executed from (its copy is written)."""
        with self._lock:
            self.content.setdefault(PAGES, {})[name] = dict(sorted(inputs.items()))


def page_identity(parameters: dict, title: str | None) -> dict:
    """What a page is run with, as its inputs record it: its parameters and the title it is given
    (computed from the data when the book's pages are listed: a changed title reruns the page)."""
    return {**parameters, "titre de la page": title}


def page_inputs(
    template: str, parameters: dict, data_files: Iterable[str], data_dir: Path, library: str | None = None
) -> dict[str, str]:
    """The inputs of a page and their digests, by name: the template (``notebooks/x.ipynb``), the
    parameters, the library (``library``: its digest, if the caller has it) and ``data_files`` (the
    files of the tables it read, in ``data_dir``; other names given are left out)."""
    template_file = NOTEBOOKS_DIR / f"{template}.ipynb"
    inputs = {
        f"{NOTEBOOKS_DIR.name}/{template_file.name}": file_digest(template_file),
        PARAMETERS: value_digest(parameters),
        LIBRARY: library or library_digest(),
    }
    for file in sorted(set(data_files) - set(inputs)):
        inputs[file] = file_digest(data_dir / file)
    return inputs


def rerun_summary(reasons: dict[str, list[str] | None]) -> str:
    """One French sentence saying how many pages ran again and why, from each page's
    :meth:`BuildRecord.page_changes`.

    >>> print(rerun_summary({"fsl": ["fsl.csv"], "accueil": ["fsl.csv"], "preambule": []}))
    2 pages relancées : fsl.csv a changé.
    >>> print(rerun_summary({"fsl": ["fsl.csv", "paramètres"], "accueil": None, "preambule": []}))
    2 pages relancées : fsl.csv a changé (1 page), paramètres a changé (1 page), première exécution (1 page).
    >>> print(rerun_summary({"fsl": [], "accueil": []}))
    Aucune page relancée : rien de ce que lisent les 2 pages n'a changé.
    """
    counts: dict[str, int] = {}
    for changed in reasons.values():
        if changed == []:
            continue
        for cause in [f"{name} a changé" for name in changed] if changed else ["première exécution"]:
            counts[cause] = counts.get(cause, 0) + 1
    rerun = sum(1 for changed in reasons.values() if changed != [])
    if not rerun:
        return f"Aucune page relancée : rien de ce que lisent les {len(reasons)} pages n'a changé."
    if len(counts) == 1:
        (cause,) = counts
        return f"{rerun} page{'s' if rerun > 1 else ''} relancée{'s' if rerun > 1 else ''} : {cause}."
    listed = ", ".join(f"{cause} ({count} page{'s' if count > 1 else ''})" for cause, count in counts.items())
    return f"{rerun} page{'s' if rerun > 1 else ''} relancée{'s' if rerun > 1 else ''} : {listed}."


class CheckMemory:
    """The results of the checks of ``edition`` kept in ``record`` (entry ``controles``); :meth:`run`
    gives a check's results, kept or computed, and :meth:`save` writes them back. ``ran`` counts the
    checks that ran.

    >>> import tempfile
    >>> from lda_analysis.domains.checks import run_checks
    >>> from lda_analysis.domains.edition import load_edition
    >>> edition = load_edition(2024)
    >>> memory = CheckMemory(BuildRecord(Path(tempfile.mkdtemp())), edition)
    >>> first = run_checks(edition.tables, memory=memory)
    >>> memory.save()
    >>> again = CheckMemory(BuildRecord(memory.record.root), edition)
    >>> run_checks(edition.tables, memory=again) == first, again.ran
    (True, 0)
    """

    def __init__(self, record: BuildRecord, edition: Edition) -> None:
        from lda_analysis.domains.edition import calendar

        self.record, self.edition, self.calendar_table = record, edition, calendar().table
        self.library = library_digest()
        self.ran, self.kept, self._digests = 0, {}, {}
        stored = record.get(CHECKS)
        same = isinstance(stored, dict) and stored.get("bibliotheque") == self.library
        checks = stored.get("resultats") if same else None
        self.stored: dict[str, dict] = checks if isinstance(checks, dict) else {}

    def _digest(self, table: str) -> str:
        from lda_analysis.contract.schema import get_schema

        if table not in self._digests:
            self._digests[table] = file_digest(self.edition.data_dir / get_schema().table(table).file)
        return self._digests[table]

    def run(self, check: str, compute: Callable[[], list[CheckResult]]) -> list[CheckResult]:
        """The results of the check ``check``: those kept, if none of the tables it read changed;
        else ``compute()``'s, recording the tables it reads."""
        from lda_analysis.contract.errors import DataError
        from lda_analysis.domains.checks import CheckResult
        from lda_analysis.domains.edition import recording_reads

        stored = self.stored.get(check)
        try:  # results kept in another shape (a file edited by hand) are computed again
            if stored is not None and all(
                self._digest(name) == kept for name, kept in stored["tables"].items()
            ):
                results = [
                    CheckResult(**{**kept, "sources": tuple(kept["sources"])}) for kept in stored["results"]
                ]
                self.kept[check] = stored
                return results
        except (KeyError, TypeError, AttributeError, DataError):
            pass
        with recording_reads() as reads:
            results = compute()
        self.ran += 1
        self.kept[check] = {
            "tables": {name: self._digest(name) for name in sorted(reads | {self.calendar_table})},
            "results": [dataclasses.asdict(result) for result in results],
        }
        return results

    def save(self) -> None:
        """Keep the results in the record, and write it."""
        self.record.set(CHECKS, {"bibliotheque": self.library, "resultats": self.kept})
        self.record.save()


def sources_digest(data_dir: Path) -> str:
    """A digest of everything a build of the book is made from (see the module docstring); the data
    files are named by their full path: another data folder is another build."""
    files = [
        *sorted(data_dir.glob("*.csv")),
        *sorted(path for path in PACKAGE_DIR.rglob("*") if path.suffix in (".py", ".yaml", ".css")),
        *sorted(NOTEBOOKS_DIR.glob("*.ipynb")),
        *sorted(path for path in BOOK_DIR.rglob("*") if path.is_file()),
        CONFIG_FILE,
        *sorted(TOC_FILE.parent.glob("_toc*.yml")),
        *([SOURCE_DOCUMENT] if SOURCE_DOCUMENT.is_file() else []),
    ]
    return files_digest(files, extra=environment())


def _asked_year(year: object) -> int | None:
    """The year a request names, or None (the default edition, or a year the build will refuse)."""
    try:
        return None if year in (None, "") else int(str(year).strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class BuildRequest:
    """A build asked for: the edition's year as given (None: the default edition), the data folder,
    the output folder, strict mode; the digest of what the build would be made from; and whether it
    writes the PDF edition."""

    year: object
    data_dir: Path
    output: Path
    strict: bool
    digest: str
    pdf: bool = True

    @classmethod
    def of(
        cls, year: object, data_dir: str | Path | None, output: Path, strict: bool, pdf: bool = True
    ) -> BuildRequest:
        """The request (``pdf``: whether the build writes the PDF edition, not with ``--sans-pdf``)."""
        folder = (Path(data_dir) if data_dir not in (None, "") else DEFAULT_DATA_DIR).resolve()
        return cls(year, folder, output.resolve(), strict, sources_digest(folder), pdf)

    def folders(self) -> list[Path]:
        """The edition folders that may hold this request's book: its year's, or every edition
        folder for the default edition (its year is read from the data)."""
        asked = _asked_year(self.year)
        if asked is not None:
            return [self.output / str(asked)]
        if self.year not in (None, ""):
            return []
        return sorted(folder for folder in self.output.glob("[0-9][0-9][0-9][0-9]") if folder.is_dir())

    def served_by(self, book: dict) -> bool:
        """Whether an edition folder whose ``livre`` entry is ``book`` holds what this request would
        publish: the same sources (data folder included), the same edition, a PDF of this HTML if
        the request writes one, and no warning if the request is strict (which would make them
        errors)."""
        asked = _asked_year(self.year)
        return (
            book.get("empreinte") == self.digest
            and (book.get("annee") == asked if asked is not None else book.get("par_defaut") is True)
            and (book.get("pdf") is True or not self.pdf)
            and (not self.strict or not book.get("avertissements"))
        )


def reusable_build(request: BuildRequest) -> Path | None:
    """The index page of the book of ``request`` if an edition folder already holds exactly what a
    build of it would publish (:meth:`BuildRequest.served_by`) and its book is there; the warnings
    of its build are said again and the reuse is logged. Else None."""
    for folder in request.folders():
        book = BuildRecord(folder).get(BOOK)
        book = book if isinstance(book, dict) else {}
        index = folder / "html" / "index.html"
        pdf = book.get("fichier_pdf")
        if not request.served_by(book) or not index.is_file() or (pdf and not (folder / pdf).is_file()):
            continue
        for warning in book.get("avertissements", []):
            logger.warning("Attention : %s", warning)
        logger.info(
            "Rien n'a changé depuis la dernière construction de l'édition %s (données, code, sources du "
            "livre) : le livre est à jour, aucune page relancée.",
            book["annee"],
        )
        return index
    return None


def record_book(
    record: BuildRecord,
    request: BuildRequest,
    edition_year: int,
    default: bool,
    pdf_current: bool,
    pdf_file: Path | None,
    warnings: list[str],
) -> None:
    """Write down what the published book of the record's folder was made from (call it once the
    book is published): the request's sources, the edition's year, whether it is the default edition
    of these data (``default``), whether the folder holds what a build with the PDF would publish
    (``pdf_current``: the PDF of this HTML, or no PDF when WeasyPrint cannot make one) and the PDF's
    file (``pdf_file``, which must still be there for the record to hold), the warnings."""
    book = {
        "annee": edition_year,
        "empreinte": request.digest,
        "par_defaut": default,
        "pdf": pdf_current,
        "fichier_pdf": pdf_file.relative_to(record.root).as_posix() if pdf_file else None,
        "avertissements": warnings,
    }
    record.set(BOOK, book)
    record.save()
