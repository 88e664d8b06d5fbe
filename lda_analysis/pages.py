"""The book's pages: which notebook template makes which page of the table of contents.

Most pages are a notebook of ``notebooks/`` run as is. Some are generated from one parameterised
template: the page ``notebooks/actions/action_1bis`` is the template ``fiche_action`` run with the
parameter ``action="1bis"``, and its title is computed from the data. Markdown pages (``book/``) are
not notebooks and are not listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .actions import page_title
from .errors import BuildError

NOTEBOOKS = "notebooks"
Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Template:
    """A notebook run once per value of ``parameter`` to make the pages under ``folder``."""

    notebook: str
    folder: str
    prefix: str
    parameter: str
    title: Callable[[Tables, str], str]


# Pages generated from a parameterised template: notebooks/<folder>/<prefix><value>.
TEMPLATES = (
    Template("fiche_action", "actions", "action_", "action", page_title),
)


@dataclass(frozen=True)
class Page:
    """One notebook page of the book: where it goes, the template that makes it, with what."""

    name: str
    template: str
    parameters: dict = field(default_factory=dict)
    title: str | None = None


def toc_files(toc_file: Path) -> list[str]:
    """Every ``file:`` entry (and the root) of a Jupyter Book table of contents, in its order."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    files.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return files


def book_pages(toc_file: Path, notebooks_dir: Path, tables: Tables) -> list[Page]:
    """The notebook pages of the table of contents, each with its template and parameters.

    >>> from lda_analysis.data import PROJECT_ROOT, load_tables
    >>> pages = book_pages(PROJECT_ROOT / "_toc.yml", PROJECT_ROOT / "notebooks", load_tables())
    >>> next(page for page in pages if page.template == "fiche_action")
    Page(name='actions/action_1', template='fiche_action', parameters={'action': '1'}, title='1.1 Action 1 : Diagnostic Logement d’Abord')
    """
    pages = []
    for file in toc_files(toc_file):
        path = Path(file).with_suffix("")
        if path.parts[0] != NOTEBOOKS:
            continue
        name = path.relative_to(NOTEBOOKS).as_posix()
        if (notebooks_dir / f"{name}.ipynb").is_file():
            pages.append(Page(name, name))
            continue
        for template in TEMPLATES:
            folder, _, stem = name.rpartition("/")
            if folder == template.folder and stem.startswith(template.prefix):
                value = stem[len(template.prefix):]
                pages.append(Page(name, template.notebook, {template.parameter: value},
                                  template.title(tables, value)))
                break
        else:
            raise BuildError(f"La table des matières cite « {file} », qui n'est ni un notebook de "
                             f"{NOTEBOOKS}/ ni une page d'un modèle paramétré "
                             f"({', '.join(t.folder + '/' + t.prefix + '…' for t in TEMPLATES)}).")
    return pages
