"""The book's pages: which notebook template makes which page of the table of contents.

Most pages are a notebook of ``notebooks/`` run as is; a few are written from the data at build
time (:func:`generated_pages`). Some are generated from one parameterised
template that a domain declares (:class:`~lda_analysis.domains.registry.PageTemplate`): the page
``notebooks/actions/action_1bis`` is the template ``fiche_action`` run with the parameter
``action="1bis"``, and its title is computed from the data. Markdown pages (``book/``) are
not notebooks and are not listed here.

Guarantees: every page of the table of contents is made by one template or written from the data,
an unknown entry is a clear error, and a page's title comes from the data
(``tests/test_pages.py``).
"""

from __future__ import annotations

import gc
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import lda_analysis
from lda_analysis.blocks.toc import toc_files
from lda_analysis.contract.data import Tables
from lda_analysis.contract.errors import BuildError
from lda_analysis.domains.quality import ATTENTION_PAGES, QUALITY_PAGES
from lda_analysis.domains.registry import GeneratedPage, PageTemplate, ReportScope, contributions
from lda_analysis.publication.accessibility import ACCESSIBILITY_PAGES

NOTEBOOKS = "notebooks"


@dataclass(frozen=True)
class Page:
    """One notebook page of the book: where it goes, the template that makes it, with what."""

    name: str
    template: str
    parameters: dict = field(default_factory=dict)
    title: str | None = None


# Marks of a table of contents that the build replaces with what the edition's rapport reports on
# (:class:`~lda_analysis.domains.registry.ReportScope`): a part's caption names the rapport of the year.
TOC_MARKS = {"{rapport}": "title", "{periode}": "period", "{convention}": "convention"}


def edition_toc(toc_file: Path, scope: ReportScope) -> str:
    """The table of contents of an edition: ``toc_file`` with its marks (:data:`TOC_MARKS`) replaced.

    >>> from lda_analysis.domains.registry import ReportScope
    >>> from lda_analysis.contract.paths import toc_file
    >>> scope = ReportScope(2025, "annuel", "plan_lda_2", "2024-2025", "2024-2025", "2024-2027")
    >>> "Rapport d’exécution 2024-2025".replace("’", "'") in edition_toc(toc_file("annuel"), scope)
    True
    """
    text = toc_file.read_text(encoding="utf-8")
    for mark, attribute in TOC_MARKS.items():
        text = text.replace(mark, str(getattr(scope, attribute)))
    return text


def generated_pages() -> list[GeneratedPage]:
    """The pages written at build time: the domains' (the glossary), the points of attention (the
    distinct contradictions), the annexes about the data (dictionary, checks, quality) and the
    accessibility statement (from the record of its audit)."""
    return [*contributions("BOOK_PAGES"), *ATTENTION_PAGES, *QUALITY_PAGES, *ACCESSIBILITY_PAGES]


def book_pages(toc_file: Path, notebooks_dir: Path, tables: Tables) -> list[Page]:
    """The notebook pages of the table of contents, each with its template and parameters (the pages
    written from the data at build time, :func:`generated_pages`, are not notebooks).

    >>> from lda_analysis.contract.data import load_tables
    >>> from lda_analysis.contract.paths import NOTEBOOKS_DIR, TOC_FILE
    >>> pages = book_pages(TOC_FILE, NOTEBOOKS_DIR, load_tables())
    >>> next(page for page in pages if page.template == "fiche_action")
    Page(name='actions/action_1', template='fiche_action', parameters={'action': '1'}, title='1.1 Action 1 : Diagnostic Logement d’Abord')
    """
    templates: list[PageTemplate] = contributions("PAGE_TEMPLATES")
    generated = {Path(page.file).with_suffix("") for page in generated_pages()}
    pages = []
    for file in toc_files(toc_file):
        path = Path(file).with_suffix("")
        if path.parts[0] != NOTEBOOKS or path in generated:
            continue
        name = path.relative_to(NOTEBOOKS).as_posix()
        if (notebooks_dir / f"{name}.ipynb").is_file():
            pages.append(Page(name, name))
            continue
        for template in templates:
            folder, _, stem = name.rpartition("/")
            if folder == template.folder and stem.startswith(template.prefix):
                value = stem[len(template.prefix) :]
                pages.append(
                    Page(name, template.notebook, {template.parameter: value}, template.title(tables, value))
                )
                break
        else:
            raise BuildError(
                f"La table des matières cite « {file} », qui n'est ni un notebook de "
                f"{NOTEBOOKS}/ ni une page d'un modèle paramétré "
                f"({', '.join(t.folder + '/' + t.prefix + '…' for t in templates)})."
            )
    return pages


def prepare_kernel(charts_dir: str) -> None:
    """Ready this process (a kernel of a build) to run pages: have it write the images of the charts
    the pages show into ``charts_dir`` (:func:`~lda_analysis.blocks.charts.save_images_in`), and
    import what the pages use (each domain's ``pages`` module). A kernel does it when it starts, before
    its first page; the pages' outputs are the same as without it.

    What is then in memory (the modules: pandas, matplotlib, the library…) is set apart from the
    garbage collector (:func:`gc.freeze`): IPython collects garbage at each reset of the session,
    before each page but the first (:func:`~lda_analysis.book_build.kernels.reset_session`), and going
    through the modules' objects took a quarter of a second of each reset (py-spy); it now goes
    through the pages' objects only. Proved by ``tests/test_kernels.py`` (a build's kernel writes
    the charts it shows, after a reset too, and has its modules set apart)."""
    from IPython import get_ipython

    from lda_analysis.blocks.charts import save_images_in  # matplotlib: only in the kernels

    save_images_in(get_ipython(), Path(charts_dir))
    for name in lda_analysis.DOMAINS:
        importlib.import_module(f"{lda_analysis.__name__}.domains.{name}.pages")
    gc.collect()
    gc.freeze()


def kernel_startup(charts_dir: Path) -> str:
    """The code a kernel of a build runs when it starts (:func:`prepare_kernel`); it binds no name."""
    call = f"prepare_kernel({str(charts_dir)!r})"
    return f"__import__({__name__!r}, fromlist=['prepare_kernel']).{call}"
