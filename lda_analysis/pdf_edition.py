"""The paginated PDF edition of a built book, rendered by WeasyPrint from the book's own HTML.

The pages of the built HTML book are assembled, in the order of the table of contents, into one print
document (:func:`assemble`): a cover, a table of contents with page numbers, then each page's article
(navigation, sidebars, buttons, folded blocks and text meant for screen readers only left out), each
page of the book starting a page of the PDF. Element ids are made unique across pages and links
between pages become links inside the PDF (a link to a whole page gets its page number); links to
files the PDF does not carry (downloads, pages left out) keep their text only. Tables get fixed
column widths computed from their text (WeasyPrint then does not measure every cell twice), raster
images a width that prints them at :data:`MINIMUM_DPI` at least.

The print stylesheet (:data:`STYLESHEET`) sets the page (A4, the chapter in the running header, the
title and « page X sur Y » in the footer), the bookmarks (one per page of the table of contents, at
its depth), the breaks (a table row is never cut, a long table repeats its header, a source stays
under its table) and the French typography (``lang="fr"``, hyphenation).

WeasyPrint renders CSS Paged Media without a browser or LaTeX; it needs Pango (a system library).
When it cannot be imported, :func:`renderer_problem` says why in French: the build then warns and
publishes the HTML only, or stops in strict mode (:meth:`PdfEdition.warnings`).

The PDF is written atomically in the edition's folder (``pdf/``, beside ``html/``), with the digest
of what it was made from (:data:`RECORD_FILE`): a build whose HTML, cover and PDF code did not
change does not render it again. Same HTML, same PDF bytes, wherever the book is built: the
document's dates are the data's (:func:`latest_data_date`), it has no random identifier, and images are
named by their place in the book (:data:`BOOK_SCHEME`), not on the disk.

Generic: nothing here names a domain of the report; the titles come from the book's configuration
and pages, the date from the columns of type ``date`` of the schema.
"""

from __future__ import annotations

import datetime
import logging
import mimetypes
import os
import posixpath
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import yaml

from . import __version__
from .dates import french_date
from .digests import file_digest, value_digest
from .edition import data_digest
from .errors import BuildError
from .formatting import format_number
from .pages import TocEntry, toc_entries, without_suffix
from .provenance import folded_words

if TYPE_CHECKING:
    from .edition import Edition

logger = logging.getLogger(__name__)

# The folder of an edition (beside html/) that holds its PDF.
PDF_FOLDER = "pdf"
# What the PDF of the folder was made from (see :meth:`PdfEdition.write`).
RECORD_FILE = ".empreinte-pdf"
STYLESHEET = Path(__file__).with_name("pdf_edition.css")
# Raster images (charts) are printed no larger than this resolution allows.
MINIMUM_DPI = 200
# What a page's article shows on screen only: navigation, buttons, folded blocks (closed on screen and
# in a browser's print), text for screen readers, the link of the front page to this PDF.
DROPPED = (
    "script",
    "style",
    "link",
    "noscript",
    "template",
    "button",
    "form",
    "input",
    "nav",
    "details",
    "a.headerlink",
    ".toctree-wrapper",
    ".cell_input",
    ".visually-hidden",
    ".sr-only",
    ".pdf-hidden",
)
# Containers that change nothing in print: their content stays, without them (fewer boxes to lay out).
UNWRAPPED = ("div.cell", "div.cell_output", "div.output", "span.pre", "span.doc")
# The front page's paragraph that links the HTML book to its PDF: its class (left out of the PDF) and
# the id of its notebook cell.
LINK_CLASS = "pdf-hidden lda-edition-pdf"
LINK_CELL_ID = "edition-pdf"
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# How the print document names a file of the book (``livre:/_images/x.png``): not by where the book
# was built, so that the PDF does not depend on it (WeasyPrint names each image by its address).
BOOK_SCHEME = "livre:"


def _anchor(entry: TocEntry) -> str:
    """A page's anchor in the PDF (the ids of the page are prefixed with it)."""
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", entry.file)


def pdf_file_name(title: str, year: int) -> str:
    """The PDF's file name: the book's title in plain words, then the edition's year.

    >>> pdf_file_name("Plan Logement d'Abord – Métropole Toulon", 2024)
    'plan_logement_d_abord_metropole_toulon_2024.pdf'
    """
    return "_".join([*folded_words(title), str(year)]) + ".pdf"


def latest_data_date(tables: dict, year: int) -> datetime.date | None:
    """The most recent date the data cite up to the end of ``year`` (the columns of type ``date`` of
    the schema), or None when they cite none."""
    from .schema import get_schema

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


@dataclass(frozen=True)
class Cover:
    """What the cover and the document's metadata say: the book's title and author, the edition, the
    line about its data, the date of the document (None: undated), and the line that traces it to the
    code and the data that made it (empty: none)."""

    title: str
    author: str
    edition: str
    data_line: str
    date: datetime.date | None
    provenance: str = ""

    @property
    def running_title(self) -> str:
        """The document's title: the book's, then the edition."""
        return f"{self.title} — {self.edition[:1].lower()}{self.edition[1:]}"


def edition_cover(config_file: Path, year: int, tables: dict, fingerprint: str = "") -> Cover:
    """The cover of an edition: title and author from the book's configuration, the date from its
    data (:func:`latest_data_date`), the code's version and the data's ``fingerprint`` (as in the
    footer of the HTML book and in the open data package)."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    day = latest_data_date(tables, year)
    data_line = f"Données de l’édition {year}" + (
        f" ; date la plus récente qu’elles citent : {french_date(day)}." if day else "."
    )
    provenance = f"Produit par la version {__version__} de lda-book" + (
        f", à partir des données d’empreinte {fingerprint} (SHA-256)." if fingerprint else "."
    )
    return Cover(
        str(config.get("title", "")),
        str(config.get("author", "")),
        f"Édition {year}",
        data_line,
        day,
        provenance,
    )


def renderer_problem() -> str | None:
    """Why WeasyPrint cannot render a PDF here, in French; None when it can."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return (
            "WeasyPrint n'est pas installé : l'édition PDF n'est pas produite (installer le projet avec "
            "« make book » ou « pip install -e . »)"
        )
    except OSError as error:  # Pango, a system library, is missing
        return (
            f"WeasyPrint ne trouve pas la bibliothèque Pango ({error}) : l'édition PDF n'est pas "
            "produite (l'installer : « apt-get install libpango-1.0-0 libpangoft2-1.0-0 », puis "
            "« lda-book build --force »)"
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


# Assembling the print document.


def column_widths(rows: list[list[str]], line: int = 115) -> list[float] | None:
    """Column widths (percent) for a table given as the texts of its cells, ``line`` characters fitting
    on a line of the page: each column at least as wide as its longest word (a word is not cut) and,
    when the line allows, as its longest text (up to 60 characters), the room left shared in
    proportion to what each column lacks. None when the rows do not all have the same number of cells.

    >>> column_widths([["Année", "Montant"], ["2022", "5 €"]])
    [43.8, 56.2]
    >>> column_widths([["Période", "Texte"], ["2021-2023", "mot " * 100]])
    [15.1, 84.9]
    """
    count = len(rows[0]) if rows else 0
    if not count or any(len(row) != count for row in rows):
        return None
    minimum, wanted = [], []
    for column in range(count):
        texts = [row[column] for row in rows]
        word = min(max((len(part) for text in texts for part in text.split()), default=0), 30)
        minimum.append(max(word, 3) + 2)  # 2: the cell's padding
        wanted.append(max(min(max(len(text) for text in texts), 60), word, 3) + 2)
    if sum(wanted) <= line or sum(minimum) >= line:
        widths = wanted if sum(wanted) <= line else minimum
    else:
        room, lacking = line - sum(minimum), [w - m for w, m in zip(wanted, minimum, strict=True)]
        widths = [m + room * lack / sum(lacking) for m, lack in zip(minimum, lacking, strict=True)]
    return [round(100 * width / sum(widths), 1) for width in widths]


def _fix_column_widths(table, soup) -> None:
    """Give a table fixed column widths (:func:`column_widths`): WeasyPrint then lays it out without
    measuring the content of every cell first (the longest part of rendering a book of tables)."""
    if table.select("[colspan], [rowspan], table"):
        return
    rows = [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"], recursive=False)]
        for row in table.find_all("tr")
    ]
    widths = column_widths(rows)
    if widths is None:
        return
    for old in table.find_all("colgroup"):
        old.decompose()
    colgroup = soup.new_tag("colgroup")
    for width in widths:
        colgroup.append(soup.new_tag("col", attrs={"style": f"width: {width}%"}))
    caption = table.find("caption", recursive=False)
    if caption is not None:
        caption.insert_after(colgroup)
    else:
        table.insert(0, colgroup)
    table["class"] = [*table.get("class", []), "pdf-fixed"]


def _image_width(path: Path) -> str | None:
    """The CSS width that prints a raster image at :data:`MINIMUM_DPI` (None: not a raster image)."""
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".webp"):
        return None
    from PIL import Image

    try:
        with Image.open(path) as image:
            pixels = image.width
    except OSError:
        return None
    return f"{pixels / MINIMUM_DPI:.2f}in"


def _resolve(page_html: str, href: str) -> tuple[str, str]:
    """The target of a relative link of a page: (its path in the book, its fragment)."""
    path, _, fragment = href.partition("#")
    if not path:
        return page_html, fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_html), path)), fragment


def _article(page: Path):
    """The article of a built HTML page, as BeautifulSoup reads it (only the article is parsed: the
    navigation is most of a page), without what print does not show."""
    from bs4 import BeautifulSoup

    text = page.read_text(encoding="utf-8")
    start, end = text.find("<article"), text.rfind("</article>")
    if 0 <= start < end:
        text = text[start : end + len("</article>")]
    soup = BeautifulSoup(text, "html.parser")
    article = soup.find("article") or soup.find("main") or soup.body or soup
    for selector in DROPPED:
        for element in article.select(selector):
            element.decompose()
    for selector in UNWRAPPED:
        for element in article.select(selector):
            element.unwrap()
    return soup, article


class _Assembly:
    """The pages of a built HTML book being made into one print document."""

    def __init__(self, html_dir: Path, entries: list[TocEntry]) -> None:
        self.html_dir = html_dir
        self.entries = entries
        self.by_html = {entry.html: entry for entry in entries}
        self.titles: dict[str, str] = {}
        self.ids: dict[str, set[str]] = {}
        self.pages: dict[str, tuple] = {}
        for entry in entries:
            page = html_dir / entry.html
            if not page.is_file():
                raise BuildError(f"Édition PDF impossible : la page {entry.html} du livre HTML est absente.")
            soup, article = _article(page)
            title = article.find("h1")
            self.titles[entry.file] = " ".join(title.get_text(" ").split()) if title else entry.file
            self.ids[entry.file] = {element["id"] for element in article.select("[id]")}
            self.pages[entry.file] = (soup, article)

    def _internal(self, entry: TocEntry, href: str) -> str | None:
        """The target in the document of a link of ``entry``'s page; None when the PDF does not carry
        it."""
        path, fragment = _resolve(entry.html, href)
        target = self.by_html.get(path)
        if target is None:
            return None
        if fragment and fragment in self.ids[target.file]:
            return f"#{_anchor(target)}--{fragment}"
        return f"#{_anchor(target)}"

    def page(self, entry: TocEntry) -> str:
        """One page of the book, made ready for print."""
        soup, article = self.pages[entry.file]
        for element in article.select("[id]"):
            element["id"] = f"{_anchor(entry)}--{element['id']}"
        for link in article.select("a[href]"):
            href = link["href"]
            if SCHEME.match(href):
                continue  # an address on the web: kept
            internal = self._internal(entry, href)
            if internal is None:
                link.unwrap()  # a file the PDF does not carry: its text stays
                continue
            link["href"] = internal
            classes = link.get("class", [])
            if "sd-stretched-link" in classes:  # the link of a card: shown, with its page
                link["class"] = ["pdf-card-link"]
            elif "#" not in href:  # a link to a whole page: its page number
                link["class"] = [*classes, "pdf-page-ref"]
        for image in article.select("img[src]"):
            if SCHEME.match(image["src"]):
                continue
            path = _resolve(entry.html, image["src"])[0]
            file = self.html_dir / path
            image["src"] = f"{BOOK_SCHEME}/{quote(path)}"
            for attribute in ("width", "height", "style"):
                image.attrs.pop(attribute, None)
            width = _image_width(file)
            if width:
                image["style"] = f"width: {width}"
        for table in article.select("table"):
            _fix_column_widths(table, soup)
        title = article.find("h1")
        if title is not None:
            title["class"] = [*title.get("class", []), "pdf-page-title", f"pdf-level-{entry.level}"]
        inner = "".join(str(child) for child in article.children)
        return f'<section class="pdf-page pdf-level-{entry.level}" id="{_anchor(entry)}">{inner}</section>'

    def contents(self, note: str = "") -> str:
        """The table of contents, each page with its number."""
        lines, part = [], None
        for entry in self.entries:
            if entry.part != part and entry.part:
                lines.append(f'<li class="pdf-toc-part">{escape(entry.part)}</li>')
            part = entry.part
            lines.append(
                f'<li class="pdf-toc-level-{entry.level}"><a href="#{_anchor(entry)}">'
                f"{escape(self.titles[entry.file])}</a></li>"
            )
        note_html = f'<p class="pdf-toc-note">{escape(note)}</p>' if note else ""
        return (
            '<section class="pdf-contents" id="sommaire"><h1 class="pdf-contents-title">Sommaire</h1>'
            f'<ul class="pdf-toc">{"".join(lines)}</ul>{note_html}</section>'
        )


def left_out_note(titles: list[str]) -> str:
    """What the table of contents says of the pages of the book the PDF leaves out.

    >>> left_out_note(["Dictionnaire des données", "Contrôles"])
    'Non repris dans cette édition imprimable, à lire dans le livre HTML de l’édition : « Dictionnaire des données », « Contrôles ».'
    """
    if not titles:
        return ""
    listed = ", ".join(f"« {title} »" for title in titles)
    return f"Non repris dans cette édition imprimable, à lire dans le livre HTML de l’édition : {listed}."


def page_title(html_dir: Path, entry: TocEntry) -> str:
    """The title of a page of the built book: the first heading of its article."""
    from bs4 import BeautifulSoup

    text = (html_dir / entry.html).read_text(encoding="utf-8")
    found = re.search(r"<h1\b.*?</h1>", text[max(text.find("<article"), 0) :], re.DOTALL)
    if found is None:
        return entry.file
    title = BeautifulSoup(found.group(0), "html.parser")
    for link in title.select("a.headerlink"):
        link.decompose()
    return " ".join(title.get_text(" ").split())


def assemble(html_dir: Path, entries: list[TocEntry], cover: Cover, left_out: Iterable[str] = ()) -> str:
    """The print document of the built HTML book ``html_dir``: its cover, its table of contents and
    the pages of ``entries`` but those whose file is in ``left_out`` (named in the table of
    contents)."""
    left_out = set(left_out)
    printed = [entry for entry in entries if entry.file not in left_out]
    assembly = _Assembly(html_dir, printed)
    note = left_out_note([page_title(html_dir, entry) for entry in entries if entry.file in left_out])
    body, part = [], None
    for entry in printed:
        if entry.part != part and entry.part:
            body.append(f'<h1 class="pdf-part-title">{escape(entry.part)}</h1>')
        part = entry.part
        body.append(assembly.page(entry))
    dates = ""
    if cover.date is not None:
        stamp = cover.date.isoformat()
        dates = (
            f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
        )
    cover_page = (
        '<section class="pdf-cover">'
        f'<p class="pdf-cover-author">{escape(cover.author)}</p>'
        f'<h1 class="pdf-cover-title">{escape(cover.title)}</h1>'
        f'<p class="pdf-cover-edition">{escape(cover.edition)}</p>'
        f'<p class="pdf-cover-data">{escape(cover.data_line)}</p>'
        + (f'<p class="pdf-cover-provenance">{escape(cover.provenance)}</p>' if cover.provenance else "")
        + "</section>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(cover.running_title)}</title>"
        f'<meta name="author" content="{escape(cover.author)}">'
        f'<meta name="description" content="{escape(cover.data_line)}">'
        f"{dates}</head><body>{cover_page}{assembly.contents(note)}{''.join(body)}</body></html>\n"
    )


# Rendering.


def _fetcher(root: Path):
    """WeasyPrint's fetcher of resources, limited to the files of the book ``root`` (named by
    :data:`BOOK_SCHEME` addresses, or ``file:``) and ``data:`` addresses: nothing is downloaded."""
    from urllib.request import url2pathname

    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse, URLFetchingError

    allowed = root.resolve()

    class BookFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(BOOK_SCHEME):
                relative = unquote(url[len(BOOK_SCHEME) :].split("#")[0].split("?")[0]).lstrip("/")
                path = (allowed / relative).resolve()
                if path.is_relative_to(allowed) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            if url.startswith("file:"):
                path = Path(url2pathname(url[len("file:") :].split("#")[0].split("?")[0])).resolve()
                if path.is_relative_to(allowed) or path == STYLESHEET.resolve():
                    return super().fetch(url, headers)
            raise URLFetchingError(f"ressource hors du livre refusée : {url}")

    return BookFiles(allowed_protocols=("file", "data"))


def _css_string(text: str) -> str:
    """A CSS string of ``text``.

    >>> print(_css_string('Plan "A"'))
    "Plan \\"A\\""
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def render(document: str, html_dir: Path, target: Path, footer: str = "") -> int:
    """Render the print document (its resources are files of ``html_dir``) to ``target``, written
    atomically, with ``footer`` at the bottom left of each page; return its number of pages."""
    from weasyprint import CSS, HTML

    fetcher = _fetcher(html_dir)
    html = HTML(string=document, base_url=html_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
    stylesheets = [
        CSS(filename=str(STYLESHEET), url_fetcher=fetcher),
        CSS(string=f"@page {{ @bottom-left {{ content: {_css_string(footer)}; }} }}"),
    ]
    rendered = html.render(stylesheets=stylesheets)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.en-cours")
    try:
        rendered.write_pdf(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return len(rendered.pages)


@dataclass(frozen=True)
class PdfEdition:
    """The PDF of an edition: where it goes, what its cover says, which pages it leaves out, why it
    cannot be rendered (None: it can) and whether the build asked for it (``lda-book build
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

    @classmethod
    def of(
        cls, edition: Edition, edition_root: Path, config_file: Path, toc_file: Path, wanted: bool = True
    ) -> PdfEdition:
        """The PDF of ``edition`` (its year and tables), in ``edition_root`` (the folder of its
        ``html/``). The annexes that describe the data (dictionary, checks, quality: 148 pages of 285
        for 2024, 40 % of the rendering time) are left out: they are read in the HTML book."""
        from .quality import QUALITY_PAGES

        cover = edition_cover(config_file, edition.year, edition.tables, data_digest(edition.data_dir))
        return cls(
            folder=edition_root / PDF_FOLDER,
            file_name=pdf_file_name(cover.title, edition.year),
            year=edition.year,
            cover=cover,
            toc_file=toc_file,
            left_out=tuple(without_suffix(page.file) for page in QUALITY_PAGES),
            problem=renderer_problem(),
            wanted=wanted,
        )

    def warnings(self, strict: bool = False) -> list[str]:
        """What the build says of the PDF before it starts: nothing when WeasyPrint can render; else
        why it cannot, which is an error in strict mode (unless the build does not write the PDF)."""
        if self.problem is None or not self.wanted:
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

    def record(self, html_digest: str) -> str:
        """The digest of what the PDF is made from: the HTML's sources, the cover, the pages left out,
        this code, the stylesheet and WeasyPrint's version."""
        from importlib import metadata

        try:
            version = metadata.version("weasyprint")
        except metadata.PackageNotFoundError:
            version = "absent"
        return value_digest(
            [
                html_digest,
                [
                    self.cover.title,
                    self.cover.author,
                    self.cover.edition,
                    self.cover.data_line,
                    self.cover.provenance,
                ],
                str(self.cover.date),
                list(self.left_out),
                file_digest(Path(__file__)),
                file_digest(STYLESHEET),
                version,
            ]
        )

    def write(self, html_dir: Path, html_digest: str, force: bool = False) -> Path | None:
        """Render the PDF of the built HTML book ``html_dir`` (made from sources of digest
        ``html_digest``), unless the PDF of the same sources is there (``force``: render it anyway);
        return its path, or None when it is not rendered: WeasyPrint cannot (the build said why) or
        the build does not write the PDF. A failure leaves the last PDF in place."""
        if self.problem is not None:
            return None
        record = self.folder / RECORD_FILE
        digest = self.record(html_digest)
        current = self.path.is_file() and record.is_file() and record.read_text(encoding="utf-8") == digest
        if not self.wanted:
            if self.path.is_file() and not current:
                logger.info(
                    "Édition PDF non refaite (--sans-pdf) : %s date d'une version antérieure du livre.",
                    self.path,
                )
            return None
        if current and not force:
            logger.info("Édition PDF à jour : %s", self.path)
            return self.path
        logger.info("Construction de l'édition PDF (WeasyPrint)…")
        started = time.perf_counter()
        try:
            document = assemble(html_dir, toc_entries(self.toc_file), self.cover, self.left_out)
            pages = render(document, html_dir, self.path, self.cover.running_title)
        except BuildError:
            raise
        except Exception as error:  # WeasyPrint's own failure: said in French, the last PDF kept
            raise BuildError(
                f"Échec de la construction de l'édition PDF (WeasyPrint) : {type(error).__name__} : {error}"
            ) from error
        record.write_text(digest, encoding="utf-8")
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
