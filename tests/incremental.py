"""Building a copy of the project, and what a published edition holds, to compare an incremental
build with a clean build of the same inputs (``tests/test_incremental.py``).

The builds run on a copy of the project's sources (library, notebooks, pages, configuration, data,
source document) in a temporary folder, through the command line in a process of their own whose
``PYTHONPATH`` puts the copy's library first: a test can change a library file, a notebook, a page
or the configuration without touching the checkout, which other tests read at the same time.

What an edition publishes (:func:`published`): the text a reader sees on each HTML page, the bytes of
every other file of the book (downloads, images, search index…) and the text of each page of the
PDF edition.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lda_analysis.contract.paths import PROJECT_ROOT

from .visible_text import page_text

# Settings the Métropole has not yet given, with fictive values (« données fictives ») for the copies.
FICTIVE_CONFIG = Path(__file__).with_name("configuration_fictive.yml")
# What a build is made from: copied into each test project.
PROJECT_PARTS = ("lda_analysis", "notebooks", "book", "data", "sources", "_config.yml", "_toc.yml")
# A smaller table of contents for the bounded runs: a page of each kind (front page with the key
# figures and the PDF link, notebook pages reading tables, a page made from a template and a
# parameter, a hand-written Markdown page with its sub-pages, the pages written from the data at
# build time).
SHORT_TOC = """format: jb-book
root: notebooks/accueil
parts:
  - caption: Rapport d'exécution 2021-2024
    numbered: false
    chapters:
      - file: notebooks/preambule
      - file: notebooks/bilan_realisation
        sections:
          - file: notebooks/actions/action_11_12
      - file: book/bilan_global
        sections:
          - file: notebooks/ce_que_nous_retenons
            sections:
              - file: notebooks/fsl
      - file: book/sigles
  - caption: 6 Annexes
    chapters:
      - file: book/sources_et_methode
      - file: book/editions
"""
# Files of a built book that are not what it publishes: Sphinx's note of its configuration for its
# own incremental builds.
NOT_PUBLISHED = {".buildinfo"}


def copy_project(target: Path, short: bool = True) -> Path:
    """A copy of the project's sources in ``target`` (with :data:`SHORT_TOC` if ``short``)."""
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(source, target / part)
    shutil.copytree(target / "data", target / OTHER_DATA)
    fill_fictive_settings(target / "_config.yml")
    if short:
        (target / "_toc.yml").write_text(SHORT_TOC, encoding="utf-8")
        # The pages left out are still named by the links of those kept: not an error here.
        config = target / "_config.yml"
        text = config.read_text(encoding="utf-8")
        assert "  config:\n" in text
        config.write_text(
            text.replace(
                "  config:\n",
                "  config:\n    suppress_warnings: [myst.xref_missing, ref.doc, ref.ref, ref.term]\n",
                1,
            ),
            encoding="utf-8",
        )
    return target


def fill_fictive_settings(config: Path) -> None:
    """Fill the settings the Métropole has not yet given with the fictive values of
    ``tests/configuration_fictive.yml``, so that a strict build of the copy publishes (strict mode
    refuses a placeholder): the copy tests the builds, not the statement's contact."""
    fictive = yaml.safe_load(FICTIVE_CONFIG.read_text(encoding="utf-8"))
    text = config.read_text(encoding="utf-8")
    for section, values in fictive.items():
        head, header, tail = text.partition(f"\n{section}:\n")
        assert header, f"section {section} absente de {config}"
        for key, value in values.items():
            tail = tail.replace(f'  {key}: ""\n', f"  {key}: {json.dumps(value)}  # données fictives\n", 1)
        text = head + header + tail
    config.write_text(text, encoding="utf-8")


def build(project: Path, output: Path, *options: str) -> subprocess.CompletedProcess:
    """``lda-book construire --sortie OUTPUT OPTIONS`` with the library, pages and data of ``project``."""
    environment = {**os.environ, "PYTHONPATH": str(project)}
    code = "import sys; from lda_analysis.cli.lda_book import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "construire", "--sortie", str(output), *options],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def published(edition_root: Path) -> dict[str, object]:
    """What the edition folder ``edition_root`` publishes, by file (relative path): the visible text
    of each HTML page, the digest of each other file of ``html/``, the text of each PDF page."""
    found: dict[str, object] = {}
    html = edition_root / "html"
    for path in sorted(html.rglob("*")):
        if not path.is_file() or path.name in NOT_PUBLISHED:
            continue
        name = f"html/{path.relative_to(html).as_posix()}"
        if path.suffix == ".html":
            found[name] = page_text(path.read_text(encoding="utf-8"))
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    for path in sorted((edition_root / "pdf").glob("*.pdf")):
        found[f"pdf/{path.name}"] = _pdf_text(path)
    return found


def differences(incremental: dict[str, object], clean: dict[str, object]) -> list[str]:
    """The files that differ between two :func:`published` results, in French."""
    found = []
    for name in sorted(set(incremental) | set(clean)):
        if name not in clean:
            found.append(f"{name} : publié par la construction incrémentale, pas par la construction propre")
        elif name not in incremental:
            found.append(
                f"{name} : publié par la construction propre, absent de la construction incrémentale"
            )
        elif incremental[name] != clean[name]:
            found.append(f"{name} : contenu différent")
    return found


@dataclass(frozen=True)
class Edit:
    """A change of one file of the project that a step makes or undoes: ``old`` becomes ``new``."""

    path: str
    old: str
    new: str

    def apply(self, project: Path, on: bool) -> None:
        file = project / self.path
        text = file.read_text(encoding="utf-8")
        before, after = (self.old, self.new) if on else (self.new, self.old)
        assert before in text, f"{before!r} absent de {self.path}"
        file.write_text(text.replace(before, after, 1), encoding="utf-8")


# The other data folder of a test project (a copy of data/ beside it).
OTHER_DATA = "donnees-bis"
# A cell of a CSV file shown on the FSL page: 160 households helped by the FSL in 2022, or 161.
CELL = Edit("fsl.csv", ",FSL 2022,160,menages,", ",FSL 2022,161,menages,")
# What a step can change in the project's files, each seen by a reader of the short book.
EDITS = {
    "notebook": Edit(
        "notebooks/fsl.ipynb", "Le règlement intérieur du FSL", "Le règlement intérieur révisé du FSL"
    ),
    "page": Edit("book/bilan_global.md", "Ce chapitre fait le bilan", "Ce chapitre dresse le bilan"),
    "titre": Edit("book/bilan_global.md", "# 3 Éléments de bilan globaux", "# 3 Éléments de bilan global"),
    "bibliotheque": Edit(
        "lda_analysis/domains/indicateurs/pages.py",
        '"(chiffre rapporté par la source)."',
        '"(chiffre rapporté par le rapport d\'exécution)."',
    ),
    # Every chart's text alternative, hence its image's file name (lda_analysis.blocks.charts.Chart.file_name).
    "graphique": Edit(
        "lda_analysis/blocks/charts.py",
        'ALT_DATA = "Chiffres dans le tableau des données du graphique."',
        'ALT_DATA = "Chiffres dans le tableau de données du graphique."',
    ),
    # The book's Sphinx extension: the name it gives the navigation's buttons, on every page.
    "extension": Edit(
        "lda_analysis/book_build/sphinx_book.py",
        'TOGGLE_LABEL = "Afficher ou masquer les sous-sections',
        'TOGGLE_LABEL = "Montrer ou masquer les sous-sections',
    ),
    # A note of a table that no page of the short book shows (the survey's annex): its downloads
    # change (its CSV files, the workbook, the open data package), no page.
    "telechargement": Edit(
        "data/annexes_enquete_chiffres.csv",
        "Réponses récoltées de juin à décembre 2023.",
        "Réponses recueillies de juin à décembre 2023.",
    ),
    "configuration": Edit(
        "_config.yml",
        "title: \"Plan Logement d'Abord – Métropole",
        "title: \"Plan Logement d'Abord 2024 – Métropole",
    ),
}


@dataclass
class ProjectState:
    """What a build of a test project is made from and asked for: the edits made, the value of the
    cell in each data folder, the data folder used, the year, PDF and strict mode."""

    edits: set[str] = field(default_factory=set)
    cells: dict[str, bool] = field(default_factory=lambda: {"data": False, OTHER_DATA: False})
    folder: str = "data"
    year: int = 2024
    pdf: bool = False
    strict: bool = False

    def key(self) -> tuple:
        return (
            tuple(sorted(self.edits)),
            tuple(sorted(self.cells.items())),
            self.folder,
            self.year,
            self.pdf,
            self.strict,
        )

    def options(self, project: Path, folder: str | None = None) -> list[str]:
        """The options of ``lda-book construire`` for this state (``folder``: another data folder)."""
        return [
            "--annee",
            str(self.year),
            "--donnees",
            str(project / (folder or self.folder)),
            *([] if self.pdf else ["--sans-pdf"]),
            *(["--strict"] if self.strict else []),
        ]

    def step(self, project: Path, change: str) -> None:
        """Make one change (see :data:`STEPS`) to the project's files or to the request."""
        if change == "cellule":
            self.cells[self.folder] = not self.cells[self.folder]
            CELL.apply(project / self.folder, self.cells[self.folder])
        elif change in EDITS:
            EDITS[change].apply(project, change not in self.edits)
            self.edits ^= {change}
        elif change == "dossier":
            self.folder = OTHER_DATA if self.folder == "data" else "data"
        elif change == "annee":
            self.year = 2025 if self.year == 2024 else 2024
        elif change == "pdf":
            self.pdf = not self.pdf
        elif change == "strict":
            self.strict = not self.strict
        else:
            raise ValueError(change)


# Every change a step can make: a cell of a CSV file (shown on a page, or only offered for download),
# a notebook, a Markdown page (a sentence, its title), a library file, the configuration, the data
# folder, the year, PDF or not, strict or not.
STEPS = ("cellule", *EDITS, "dossier", "annee", "pdf", "strict")
