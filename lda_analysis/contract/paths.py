"""Where the project's files are: the book's sources (notebooks, hand-written pages, Jupyter Book
configuration), the embedded data and the extracted source document.

In a checkout (``make book``, an editable install) they are the folders of the repository. An
installed package (``pip install .``, not editable) carries them as data files in
``<prefix>/share/lda-book/`` (see ``[tool.setuptools.data-files]`` in ``pyproject.toml``), so that
``lda-book construire --donnees DOSSIER`` works from any folder. Built editions go to ``_build/editions``
of the checkout, or of the current folder when the package is installed.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

from .errors import OutputError, os_error_reason

# The package (lda_analysis/), whose contract layer holds this module.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# The file that marks the root of the book's sources.
TOC_NAME = "_toc.yml"
INSTALLED_FOLDER = Path("share") / "lda-book"


def _installed_roots() -> list[Path]:
    """Where pip puts the data files of an installed package: the scheme's data folder (venv, system
    or user installation), or beside the package (``pip install --target``)."""
    prefixes = [sysconfig.get_path("data"), sys.prefix, site.USER_BASE, str(PACKAGE_DIR.parent)]
    return [Path(prefix) / INSTALLED_FOLDER for prefix in prefixes if prefix]


def find_project_root() -> Path:
    """The folder holding ``_toc.yml``, ``notebooks/``, ``book/`` and ``data/``."""
    checkout = PACKAGE_DIR.parent
    if (checkout / TOC_NAME).is_file():
        return checkout
    for root in _installed_roots():
        if (root / TOC_NAME).is_file():
            return root
    return checkout  # not found: the error will name the missing file where it is needed


PROJECT_ROOT = find_project_root()
# Whether the package runs from a checkout of the repository (where builds are written).
IN_CHECKOUT = PACKAGE_DIR.parent == PROJECT_ROOT

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
BOOK_DIR = PROJECT_ROOT / "book"
# The page of the book listing the editions built side by side (written by each build, in book/).
EDITIONS_PAGE = "editions.md"
CONFIG_FILE = PROJECT_ROOT / "_config.yml"
TOC_FILE = PROJECT_ROOT / TOC_NAME
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
SOURCE_DOCUMENT = PROJECT_ROOT / "sources" / "rapport_execution_2021_2024.txt"


def toc_file(kind: str) -> Path:
    """The table of contents of an edition by its kind of rapport (:data:`~lda_analysis.contract.schema.REPORT_KINDS`):
    ``_toc.yml`` for the bilan of plan 1 (the rapport d'exécution 2021-2024), ``_toc_<kind>.yml``
    for the others (``_toc_annuel.yml``: the yearly rapports of the convention 2024-2027).

    >>> toc_file("bilan").name, toc_file("annuel").name
    ('_toc.yml', '_toc_annuel.yml')
    """
    return TOC_FILE if kind == "bilan" else PROJECT_ROOT / f"_toc_{kind}.yml"


def default_output_dir() -> Path:
    """Where editions are built by default: ``_build/editions`` of the checkout, or of the current
    folder for an installed package."""
    return (PROJECT_ROOT if IN_CHECKOUT else Path.cwd()) / "_build" / "editions"


def output_file(path: str | Path, suffix: str) -> Path:
    """The file the user asked to write, checked before any work: a name ending in ``suffix``, not
    a folder, in a folder that exists or can be created.

    >>> output_file("/tmp", ".xlsx")
    Traceback (most recent call last):
    ...
    lda_analysis.contract.errors.OutputError: « /tmp » est un dossier : donnez le chemin d'un fichier .xlsx, par exemple /tmp/classeur.xlsx.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(
            f"« {path} » est un dossier : donnez le chemin d'un fichier {suffix}, par exemple "
            f"{target / ('classeur' + suffix)}."
        )
    if target.suffix.lower() != suffix:
        raise OutputError(f"« {path} » : le nom du fichier doit finir par {suffix}.")
    output_folder(target.parent)
    return target


def output_folder(path: str | Path) -> Path:
    """A folder to write into, created if needed; a French error if it cannot be."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"« {path} » est un fichier : un dossier est attendu.")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"Dossier « {path} » impossible à créer : {os_error_reason(error)}.") from None
    return target
