"""The paginated PDF edition of a built book, rendered by WeasyPrint from the book's own HTML.

The pages of the built HTML book are assembled, in the order of the table of contents, into one print
document (:func:`lda_analysis.publication.pdf_assembly.assemble`: a cover, a table of contents with page numbers,
then each page's article, each page of the book starting a page of the PDF). This module makes the
cover from the book's configuration and data, renders the document and writes the PDF.

The print stylesheet (:data:`STYLESHEET`) sets the page (A4, the chapter in the running header, the
title and « page X sur Y » in the footer), the bookmarks (one per page of the table of contents, at
its depth), the breaks (a table row is never cut, a long table repeats its header, a source stays
under its table) and the French typography (``lang="fr"``, hyphenation).

WeasyPrint renders CSS Paged Media without a browser or LaTeX; it needs Pango (a system library).
When it cannot be imported, :func:`renderer_problem` says why in French: the build then warns and
publishes the HTML only, or stops in strict mode (:meth:`PdfEdition.warnings`).

The PDF is written atomically in the edition's folder (``pdf/``, beside ``html/``), and the digest
of what it was made from in the folder's record (:mod:`lda_analysis.book_build.build_record`): a build whose
HTML, cover and PDF code did not change does not render it again. Same HTML, same PDF bytes, wherever the book is built: the
document's dates are the data's (:func:`latest_data_date`), it has no random identifier, and images are
named by their place in the book (:data:`BOOK_SCHEME`; a chart by its print image's name,
:data:`PRINT_CHARTS_SCHEME`), not on the disk.

Generic: nothing here names a domain of the report; the titles come from the book's configuration
and pages, the date from the columns of type ``date`` of the schema.

Proved by ``tests/test_pdf.py``: the PDF rendered again only when what it is made from changed, a
failed render or a character the font lacks keeps the last PDF, the same bytes without the machine's
fonts, the PDF/UA structure and alt texts, the cover; and ``tests/test_build_record.py`` that its
entry of the record is the record's.
"""

from __future__ import annotations

import datetime
import inspect
import logging
import mimetypes
import os
import time
from dataclasses import astuple, dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

import yaml

from lda_analysis.blocks.charts import CHARTS_FOLDER
from lda_analysis.blocks.dates import french_date
from lda_analysis.blocks.fonts import FAMILY, font_face_css, font_folder, foreign_fonts, missing_font_files
from lda_analysis.blocks.formatting import format_number
from lda_analysis.blocks.toc import toc_entries, without_suffix
from lda_analysis.blocks.typography import french
from lda_analysis.contract.digests import file_digest, value_digest
from lda_analysis.contract.errors import BuildError
from lda_analysis.contract.provenance import folded_words

from .pdf_assembly import BOOK_SCHEME, PRINT_CHARTS_SCHEME, Cover, assemble

if TYPE_CHECKING:
    from lda_analysis.domains.edition import Edition
    from lda_analysis.domains.registry import ReportScope

logger = logging.getLogger(__name__)

# The folder of an edition (beside html/) that holds its PDF.
PDF_FOLDER = "pdf"
# The PDF's entry in the edition folder's record: what the PDF was made from.
RECORD_ENTRY = "pdf"
STYLESHEET = Path(__file__).with_name("pdf_edition.css")
# What the cover says of an edition the Métropole's instances have not validated yet.
WORKING_VERSION = "Version de travail : non encore validée par les instances de la Métropole."
# The front page's paragraph that links the HTML book to its PDF: its class (left out of the PDF) and
# the id of its notebook cell.
LINK_CLASS = "pdf-hidden lda-edition-pdf"
LINK_CELL_ID = "edition-pdf"


class OutputRecord(Protocol):
    """What the PDF edition needs of the edition folder's record
    (:class:`lda_analysis.book_build.build_record.BuildRecord`, passed by the build): read an
    entry, set it (None removes it), save the record."""

    def get(self, entry: str) -> object: ...

    def set(self, entry: str, value: object) -> None: ...

    def save(self) -> None: ...


def pdf_file_name(title: str, year: int) -> str:
    """The PDF's file name: the book's title in plain words, then the edition's year.

    >>> pdf_file_name("Plan Logement d'Abord – Métropole Toulon", 2024)
    'plan_logement_d_abord_metropole_toulon_2024.pdf'
    """
    return "_".join([*folded_words(title), str(year)]) + ".pdf"


def latest_data_date(tables: dict, year: int) -> datetime.date | None:
    """The most recent date the data cite up to the end of ``year`` (the columns of type ``date`` of
    the schema), or None when they cite none."""
    from lda_analysis.contract.schema import get_schema

    schema, end, last = get_schema(), datetime.date(year, 12, 31), None
    for name, table in tables.items():
        for column, definition in schema.table(name).columns.items():
            if definition.type != "date" or column not in table:
                continue
            for value in table[column].dropna():
                try:
                    day = datetime.date.fromisoformat(str(value))
                except ValueError:
                    continue
                if day <= end and (last is None or day > last):
                    last = day
    return last


def validation_line(config: dict, year: int) -> str:
    """What the cover says of the edition's validation by the Métropole's instances, read from the
    configuration (``rapport.validation.<year>``: ``date``, ``instance`` and, optionally, ``objet``);
    a working version when the configuration gives none.

    >>> validation_line({"rapport": {"validation": {2024: {"date": "2024-11-29", "instance": "délibération du Conseil"}}}}, 2024)
    'Validation : délibération du Conseil du 29 novembre 2024.'
    >>> validation_line({}, 2025)
    'Version de travail : non encore validée par les instances de la Métropole.'
    """
    validation = ((config.get("rapport") or {}).get("validation") or {}).get(year) or {}
    day = validation.get("date")
    if not day:
        return WORKING_VERSION
    day = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(str(day))
    instance = str(validation.get("instance") or "validée").strip()
    subject = str(validation.get("objet") or "").strip()
    return f"Validation : {instance} du {french_date(day)}" + (f", {subject}." if subject else ".")


def edition_cover(config_file: Path, year: int, tables: dict, scope: ReportScope) -> Cover:
    """The cover of an edition: the rapport's title and the convention (``scope``), the plan and
    the author from the book's configuration, the addressees and the validation from its
    ``rapport`` section, the date from its data (:func:`latest_data_date`). What made the document
    (code, versions, data fingerprint) is not on the cover: the « À propos de cette édition » annex
    says it."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    day = latest_data_date(tables, year)
    data_line = (
        f"Édition {year} ; date la plus récente que citent ses données : {french_date(day)}."
        if day
        else f"Édition {year}."
    )
    convention = scope.convention_title[:1].lower() + scope.convention_title[1:]
    convention = (
        f"Bilan annexé à la {convention}" if scope.kind == "bilan" else f"Rapport annuel de la {convention}"
    )
    return Cover(
        title=scope.title,
        plan=str(config.get("title", "")),
        author=str(config.get("author", "")),
        convention=f"{convention} entre l’État et la {config.get('author', 'Métropole')}",
        addressees=tuple(str(name) for name in (config.get("rapport") or {}).get("destinataires") or ()),
        validation=validation_line(config, year),
        data_line=data_line,
        date=day,
    )


def _version(package: str) -> str:
    """The installed version of ``package`` (« absent » when it is not installed)."""
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def renderer_problem() -> str | None:
    """Why WeasyPrint cannot render a PDF here, in French; None when it can."""
    try:
        import weasyprint  # noqa: F401

        missing = missing_font_files()
    except ImportError:
        return (
            "WeasyPrint n'est pas installé : l'édition PDF n'est pas produite (installer le projet avec "
            "« make book » ou « pip install -e . »)"
        )
    except OSError as error:  # Pango, a system library, is missing
        return (
            f"WeasyPrint ne trouve pas la bibliothèque Pango ({error}) : l'édition PDF n'est pas "
            "produite (l'installer : « apt-get install libpango-1.0-0 libpangoft2-1.0-0 », puis "
            "« lda-book construire --force »)"
        )
    if missing:
        return (
            f"la police de l'édition PDF ({FAMILY}) n'est pas installée ({missing[0]} est absent) : "
            "l'édition PDF n'est pas produite (réinstaller le projet : « pip install -e . »)"
        )
    return None


def front_page_link(root: str, file_name: str, year: int) -> str:
    """The front page's paragraph that links to the PDF, relative to the published HTML page
    (``html/<root>.html``; the PDF is in ``pdf/`` beside ``html/``).

    >>> print(front_page_link("notebooks/accueil", "livre_2024.pdf", 2024))  # doctest: +ELLIPSIS
    <p class="pdf-hidden lda-edition-pdf">...<a href="../../pdf/livre_2024.pdf" download="livre_2024.pdf">...
    """
    up = "../" * len(Path(root).parts)
    return (
        f'<p class="{LINK_CLASS}"><strong>Version imprimable</strong> : l’édition {year} en un seul '
        "document PDF paginé (couverture, sommaire, numéros de page), à imprimer ou à transmettre : "
        f'<a href="{up}{PDF_FOLDER}/{escape(file_name)}" download="{escape(file_name)}">'
        f"télécharger le PDF de l’édition {year}</a>.</p>"
    )


def link_front_page(source: Path, root: str, paragraph: str | None) -> None:
    """Put ``paragraph`` (None: nothing) after the first cell of the staged front page ``root`` (an
    executed notebook of ``source``), in place of the one a previous build put there. The page is
    written only if it changes (Sphinx then reads it again)."""
    import nbformat

    page = source / f"{root}.ipynb"
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    cells = [cell for cell in notebook.cells if cell.get("id") != LINK_CELL_ID]
    if paragraph is not None:
        cell = nbformat.v4.new_markdown_cell(paragraph)
        cell["id"] = LINK_CELL_ID
        cells.insert(min(1, len(cells)), cell)
    notebook.cells = cells
    written = nbformat.writes(notebook) + "\n"
    if written != text:
        page.write_text(written, encoding="utf-8")


# Rendering.


def _fetcher(root: Path, print_charts: Path | None = None):
    """WeasyPrint's fetcher of resources, limited to the files of the book ``root`` (named by
    :data:`BOOK_SCHEME` addresses, or ``file:``), the charts' print images of ``print_charts``
    (:data:`PRINT_CHARTS_SCHEME`) and ``data:`` addresses: nothing is downloaded."""
    from urllib.request import url2pathname

    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse, URLFetchingError

    allowed, fonts = root.resolve(), font_folder().resolve()
    folders = {BOOK_SCHEME: allowed}
    if print_charts is not None:
        folders[PRINT_CHARTS_SCHEME] = print_charts.resolve()

    class BookFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            for scheme, folder in folders.items():
                if not url.startswith(scheme):
                    continue
                relative = unquote(url[len(scheme) :].split("#")[0].split("?")[0]).lstrip("/")
                path = (folder / relative).resolve()
                if path.is_relative_to(folder) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            if url.startswith("file:"):
                path = Path(url2pathname(url[len("file:") :].split("#")[0].split("?")[0])).resolve()
                if path.is_relative_to(allowed) or path.is_relative_to(fonts) or path == STYLESHEET.resolve():
                    return super().fetch(url, headers)
            raise URLFetchingError(f"ressource hors du livre refusée : {url}")

    return BookFiles(allowed_protocols=("file", "data"))


def _css_string(text: str) -> str:
    """A CSS string of ``text``.

    >>> print(_css_string('Plan "A"'))
    "Plan \\"A\\""
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def render(
    document: str, html_dir: Path, target: Path, footer: str = "", print_charts: Path | None = None
) -> int:
    """Render the print document (its resources are files of ``html_dir`` and the charts' print
    images of ``print_charts``) to ``target``, written atomically, with ``footer`` at the bottom left
    of each page; return its number of pages.

    The PDF is tagged (PDF/UA-1: headings, lists, tables, figures with their alternative text, the
    language and the title shown) and set in the project's font only: a document that would take a
    glyph from the machine's fonts is refused (:func:`lda_analysis.blocks.fonts.foreign_fonts`)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher, fonts = _fetcher(html_dir, print_charts), FontConfiguration()
    html = HTML(string=document, base_url=html_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
    stylesheets = [
        CSS(string=font_face_css(), url_fetcher=fetcher, font_config=fonts),
        CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=fonts),
        CSS(string=f"@page {{ @bottom-left {{ content: {_css_string(footer)}; }} }}"),
    ]
    rendered = html.render(stylesheets=stylesheets, font_config=fonts)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.en-cours")
    try:
        rendered.write_pdf(partial, pdf_variant="pdf/ua-1")
        foreign = foreign_fonts([font.family for font in rendered.fonts.values()])
        if foreign:
            raise BuildError(
                f"Édition PDF refusée : des caractères ont été pris dans une police de la machine "
                f"({', '.join(foreign)}) au lieu de la police du projet ({FAMILY}) ; le PDF changerait "
                "d'une machine à l'autre. Les caractères en cause sont absents de la police du projet."
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return len(rendered.pages)


@dataclass(frozen=True)
class PdfEdition:
    """The PDF of an edition: where it goes, what its cover says, which pages it leaves out, why it
    cannot be rendered (None: it can) and whether the build asked for it (``lda-book construire
    --sans-pdf``: no)."""

    folder: Path
    file_name: str
    year: int
    cover: Cover
    toc_file: Path
    left_out: tuple[str, ...]
    problem: str | None
    wanted: bool = True

    @property
    def path(self) -> Path:
        return self.folder / self.file_name

    @property
    def print_charts(self) -> Path:
        """The charts' print images: in the staged sources' charts folder, beside the table of
        contents (lda_analysis.blocks.charts.Chart.save writes them there)."""
        return self.toc_file.parent / CHARTS_FOLDER

    def document(self, html_dir: Path) -> str:
        """The print document of the built HTML book ``html_dir`` (:func:`assemble`)."""
        return assemble(html_dir, toc_entries(self.toc_file), self.cover, self.left_out, self.print_charts)

    @classmethod
    def of(
        cls, edition: Edition, edition_root: Path, config_file: Path, toc_file: Path, wanted: bool = True
    ) -> PdfEdition:
        """The PDF of ``edition`` (its year and tables), in ``edition_root`` (the folder of its
        ``html/``). The pages of the web are left out: the annexes that describe the data
        (dictionary, checks, quality: 148 pages of 285 for 2024, 40 % of the rendering time; the
        « Points d'attention » annex prints the discrepancies they find), the list of the editions
        built side by side and the accessibility statement of the HTML book."""
        from lda_analysis.contract.paths import BOOK_DIR, EDITIONS_PAGE
        from lda_analysis.domains.quality import QUALITY_PAGES

        from .accessibility import ACCESSIBILITY_PAGES

        web_only = [without_suffix(page.file) for page in (*QUALITY_PAGES, *ACCESSIBILITY_PAGES)]
        web_only.append(f"{BOOK_DIR.name}/{without_suffix(EDITIONS_PAGE)}")

        cover = edition_cover(config_file, edition.year, edition.tables, edition.scope)
        return cls(
            folder=edition_root / PDF_FOLDER,
            file_name=pdf_file_name(cover.plan, edition.year),
            year=edition.year,
            cover=cover,
            toc_file=toc_file,
            left_out=tuple(web_only),
            problem=renderer_problem(),
            wanted=wanted,
        )

    def warnings(self, strict: bool = False) -> list[str]:
        """What the build says of the PDF before it starts: that its cover is a working version's
        when the configuration gives no date of validation; why WeasyPrint cannot render it, which
        is an error in strict mode (unless the build does not write the PDF)."""
        if not self.wanted:
            return []
        if self.problem is None:
            if self.cover.validation == WORKING_VERSION:
                return [
                    f"la date de validation de l'édition {self.year} n'est pas renseignée (_config.yml, "
                    f"rapport → validation → {self.year}) : la couverture du PDF porte « Version de "
                    "travail »"
                ]
            return []
        if strict:
            raise BuildError(f"{self.problem}. En mode strict (--strict), l'édition PDF est obligatoire.")
        return [self.problem]

    def link_front_page(self, source: Path) -> None:
        """Link the staged front page to the PDF, or remove the link when WeasyPrint cannot render (a
        build without the PDF keeps it: the HTML does not change with ``--sans-pdf``)."""
        root = toc_entries(self.toc_file)[0].file
        paragraph = None if self.problem else front_page_link(root, self.file_name, self.year)
        link_front_page(source, root, paragraph)

    def made_from(self, html_digest: str) -> str:
        """The digest of what the PDF is made from: the HTML's sources, the cover, the pages left out,
        this code, the assembly's (:mod:`lda_analysis.publication.pdf_assembly`), the font's and the
        typography's, the stylesheet, and the versions of WeasyPrint and of the font."""
        version = _version("weasyprint")
        return value_digest(
            [
                html_digest,
                [str(value) for value in astuple(self.cover)],
                str(self.cover.date),
                list(self.left_out),
                file_digest(Path(__file__)),
                file_digest(Path(__file__).with_name("pdf_assembly.py")),
                file_digest(STYLESHEET),
                file_digest(Path(inspect.getfile(font_face_css))),
                file_digest(Path(inspect.getfile(french))),
                version,
                _version("font-source-sans-pro"),
            ]
        )

    def current(self, html_digest: str, record: OutputRecord) -> bool:
        """Whether the PDF in the folder is the PDF of the HTML made from sources of digest
        ``html_digest`` (same cover, same code, same WeasyPrint), as the folder's ``record`` says."""
        return self.path.is_file() and record.get(RECORD_ENTRY) == self.made_from(html_digest)

    def discard_stale(self, html_digest: str, record: OutputRecord) -> None:
        """Remove the PDF of the folder if it is not the PDF of the HTML made from ``html_digest`` (a
        build that changed the book without writing the PDF: ``--sans-pdf``, or WeasyPrint missing):
        a PDF older than its book is never left published."""
        if self.path.is_file() and not self.current(html_digest, record):
            self.path.unlink()
            record.set(RECORD_ENTRY, None)
            logger.info(
                "Édition PDF retirée : elle datait d'une version antérieure du livre ; une "
                "construction complète (sans --sans-pdf) la refait."
            )

    def write(
        self, html_dir: Path, html_digest: str, record: OutputRecord, force: bool = False
    ) -> Path | None:
        """Render the PDF of the built HTML book ``html_dir`` (made from sources of digest
        ``html_digest``), unless the folder's ``record`` says the PDF of the same sources is there
        (``force``: render it anyway); return its path, or None when it is not rendered: WeasyPrint
        cannot (the build said why) or the build does not write the PDF. A failure leaves the last
        PDF in place."""
        if self.problem is not None or not self.wanted:
            return None
        if self.current(html_digest, record) and not force:
            logger.info("Édition PDF à jour : %s", self.path)
            return self.path
        record.set(RECORD_ENTRY, None)  # until the new PDF is written
        record.save()
        logger.info("Construction de l'édition PDF (WeasyPrint)…")
        started = time.perf_counter()
        try:
            pages = render(
                self.document(html_dir),
                html_dir,
                self.path,
                french(self.cover.running_title),
                self.print_charts,
            )
        except BuildError:
            raise
        except Exception as error:  # WeasyPrint's own failure: said in French, the last PDF kept
            raise BuildError(
                f"Échec de la construction de l'édition PDF (WeasyPrint) : {type(error).__name__} : {error}"
            ) from error
        record.set(RECORD_ENTRY, self.made_from(html_digest))
        for stale in self.folder.glob("*.pdf"):  # the PDF of an earlier title
            if stale.name != self.file_name:
                stale.unlink()
        logger.info(
            "Édition PDF écrite : %s (%s pages, %s s)",
            self.path,
            pages,
            format_number(time.perf_counter() - started, 1),
        )
        return self.path
