"""What the last successful build of an edition was made from, so that a build with nothing new to do
ends at once.

A build is made from the request (year, data folder, strict mode), the data files, the library's code
and schema, the notebook templates, the book's sources (``book/``, ``_config.yml``, ``_toc.yml``) and
the versions of the programs that render it. After each successful build, the digest of all of them
is written in the output folder (:data:`RECORD_FILE`), with the edition's year, its index and the
warnings the build gave (data missing for the year: said again when the build is skipped). The next
build with the same digest has nothing to do and says so; any change, even one that concerns no
page, makes it a real build, which then reruns only what the change touches
(:mod:`lda_analysis.page_inputs`).

This module imports nothing heavy: the command line asks it before loading pandas or Jupyter Book.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .digests import ABSENT, files_digest
from .paths import BOOK_DIR, CONFIG_FILE, DEFAULT_DATA_DIR, NOTEBOOKS_DIR, PACKAGE_DIR, TOC_FILE

RECORD_FILE = ".dernieres-constructions.json"
# Whether a build writes the PDF edition when not told (``lda-book build --sans-pdf``: no).
PDF_BY_DEFAULT = True
# The programs whose version changes the book (the notebooks' outputs, the HTML, or the PDF; WeasyPrint
# installed after a build without it makes the next build write the PDF).
PROGRAMS = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "pandas",
    "matplotlib",
    "seaborn",
    "babel",
    "papermill",
    "weasyprint",
)
# The build's logger: a reused build is reported with the build's messages.
logger = logging.getLogger("lda_analysis.build")


@dataclass(frozen=True)
class LastBuild:
    """A build that needs not run again: its edition's year, index page and warnings."""

    year: int
    index: Path
    warnings: list[str]


def _version(program: str) -> str:
    try:
        return metadata.version(program)
    except metadata.PackageNotFoundError:
        return ABSENT


def sources_digest(data_dir: Path) -> str:
    """A digest of everything a build of the book is made from (see the module docstring)."""
    files = [
        *sorted(data_dir.glob("*.csv")),
        *sorted(path for path in PACKAGE_DIR.rglob("*") if path.suffix in (".py", ".yaml", ".css")),
        *sorted(NOTEBOOKS_DIR.glob("*.ipynb")),
        *sorted(path for path in BOOK_DIR.rglob("*") if path.is_file()),
        CONFIG_FILE,
        TOC_FILE,
    ]
    versions = [f"{program}=={_version(program)}" for program in PROGRAMS]
    return files_digest(files, extra=[*versions, sys.version])


def _records(output: Path) -> dict:
    try:
        records = json.loads((output / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


@dataclass(frozen=True)
class BuildRequest:
    """A build asked for: the edition's year as given (None: the default edition), the data folder,
    the output folder, strict mode; the digest of what the build would be made from; and whether it
    writes the PDF edition (a build without it is recorded apart: the next build with it runs)."""

    year: object
    data_dir: Path
    output: Path
    strict: bool
    digest: str
    pdf: bool = True

    @classmethod
    def of(
        cls, year: object, data_dir: str | Path | None, output: Path, strict: bool, pdf: bool | None = None
    ) -> BuildRequest:
        """The request (``pdf`` None: :data:`PDF_BY_DEFAULT`)."""
        folder = (Path(data_dir) if data_dir not in (None, "") else DEFAULT_DATA_DIR).resolve()
        pdf = PDF_BY_DEFAULT if pdf is None else pdf
        return cls(year, folder, output.resolve(), strict, sources_digest(folder), pdf)

    @property
    def key(self) -> str:
        year = None if self.year in (None, "") else str(self.year).strip()
        key = {"annee": year, "donnees": str(self.data_dir), "strict": self.strict}
        return json.dumps(key if self.pdf else {**key, "pdf": False})


def reusable_build(request: BuildRequest) -> LastBuild | None:
    """The last successful build of ``request`` if nothing it is made from changed since and its book
    is still there; its warnings are said again and the reuse is logged. Else None."""
    record = _records(request.output).get(request.key)
    if not isinstance(record, dict) or record.get("empreinte") != request.digest:
        return None
    index = request.output / str(record.get("annee")) / "html" / "index.html"
    if not index.is_file():
        return None
    last = LastBuild(int(record["annee"]), index, [str(item) for item in record.get("avertissements", [])])
    for warning in last.warnings:
        logger.warning("Attention : %s", warning)
    logger.info(
        "Rien n'a changé depuis la dernière construction de l'édition %s (données, code, sources du "
        "livre) : le livre est à jour, aucune page relancée.",
        last.year,
    )
    return last


def record_build(request: BuildRequest, edition_year: int, warnings: list[str]) -> None:
    """Write down a successful build of ``request`` (call it once the book is published)."""
    records = _records(request.output)
    records[request.key] = {"annee": edition_year, "empreinte": request.digest, "avertissements": warnings}
    (request.output / RECORD_FILE).write_text(
        json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def forget_builds(output: Path) -> None:
    """Forget every build recorded in ``output``: the next build of each edition runs (for a test
    that makes a build fail on purpose, or after a change the digest cannot see)."""
    (output / RECORD_FILE).unlink(missing_ok=True)
