"""What each edition folder was last built from, so that a build with nothing new to do ends at once,
and only then.

A build is made from the data folder (its place and its files), the library's code and schema, the
notebook templates, the book's sources (``book/``, ``_config.yml``, ``_toc.yml``), the extracted
source document and the programs it runs with (Python and every installed distribution:
:func:`lda_analysis.book_build.library.environment`). Every build of an edition writes
into one folder (``_build/editions/ANNÉE``), whatever the request that asked for it: the folder holds
one record (:data:`RECORD_FILE`) of what its published book was made from: the digest of all of
the above, whether it is the default edition of those data, whether its PDF is the PDF of its HTML,
and the warnings the build gave (data missing for the year: said again when the build is skipped).

The record is removed when a build of the folder starts and written when it has published: a build
that fails or is interrupted leaves no record, and the next build runs. A request is served by a
record only if that record says the folder holds exactly what a clean build of the request would
publish (:func:`reusable_build`); so building with data A, then B, then A again rebuilds the third
time. A real build reruns only what the change touches (:mod:`lda_analysis.book_build.page_inputs`).

Guarantee: a build served by the record publishes what a clean build of the same request would
(``tests/test_incremental.py``: ``test_data_folder_a_then_b_then_a_again_publishes_a``,
``test_a_build_without_the_pdf_then_a_full_build`` and the property test
``test_an_incremental_build_publishes_what_a_clean_build_publishes``).

This module imports nothing heavy: the command line asks it before loading pandas or Jupyter Book.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from lda_analysis.contract.digests import files_digest
from lda_analysis.contract.paths import (
    BOOK_DIR,
    CONFIG_FILE,
    DEFAULT_DATA_DIR,
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    SOURCE_DOCUMENT,
    TOC_FILE,
)

from .library import environment

RECORD_FILE = ".construction.json"
# The build's logger: a reused build is reported with the build's messages.
logger = logging.getLogger("lda_analysis.book_build")


@dataclass(frozen=True)
class LastBuild:
    """A build that needs not run again: its edition's year, index page and warnings."""

    year: int
    index: Path
    warnings: list[str]


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
        """The request (``pdf``: whether the build writes the PDF edition; ``--sans-pdf``: no)."""
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

    def served_by(self, record: dict) -> bool:
        """Whether an edition folder whose record is ``record`` holds what this request would publish:
        the same sources (data folder included), the same edition, a PDF of this HTML if the request
        writes one, and no warning if the request is strict (which would make them errors)."""
        asked = _asked_year(self.year)
        return (
            record.get("empreinte") == self.digest
            and (record.get("annee") == asked if asked is not None else record.get("par_defaut") is True)
            and (record.get("pdf") is True or not self.pdf)
            and (not self.strict or not record.get("avertissements"))
        )


def _record(folder: Path) -> dict:
    try:
        record = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def reusable_build(request: BuildRequest) -> LastBuild | None:
    """The book of ``request`` if an edition folder already holds exactly what a build of it would
    publish (:meth:`BuildRequest.served_by`) and its book is there; its warnings are said again and
    the reuse is logged. Else None."""
    for folder in request.folders():
        record = _record(folder)
        index = folder / "html" / "index.html"
        pdf = record.get("fichier_pdf")
        if not request.served_by(record) or not index.is_file() or (pdf and not (folder / pdf).is_file()):
            continue
        last = LastBuild(
            int(record["annee"]), index, [str(item) for item in record.get("avertissements", [])]
        )
        for warning in last.warnings:
            logger.warning("Attention : %s", warning)
        logger.info(
            "Rien n'a changé depuis la dernière construction de l'édition %s (données, code, sources du "
            "livre) : le livre est à jour, aucune page relancée.",
            last.year,
        )
        return last
    return None


def start_build(edition_root: Path) -> None:
    """A build is about to change what the folder ``edition_root`` publishes (its HTML or its PDF):
    the folder's record no longer holds until the build has published (:func:`record_build`). A
    build that fails before leaves the record, which still says what the folder publishes."""
    (edition_root / RECORD_FILE).unlink(missing_ok=True)


def record_build(
    request: BuildRequest,
    edition_root: Path,
    edition_year: int,
    default: bool,
    pdf_current: bool,
    pdf_file: Path | None,
    warnings: list[str],
) -> None:
    """Write down what the published book of ``edition_root`` was made from (call it once the book
    is published): the request's sources, the edition's year, whether it is the default edition of
    these data (``default``), whether the folder holds what a build with the PDF would publish
    (``pdf_current``: the PDF of this HTML, or no PDF when WeasyPrint cannot make one) and the PDF's
    file (``pdf_file``, which must still be there for the record to hold), the warnings."""
    record = {
        "annee": edition_year,
        "empreinte": request.digest,
        "par_defaut": default,
        "pdf": pdf_current,
        "fichier_pdf": pdf_file.relative_to(edition_root).as_posix() if pdf_file else None,
        "avertissements": warnings,
    }
    (edition_root / RECORD_FILE).write_text(
        json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
