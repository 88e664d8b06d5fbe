"""The print document of a built book: the pages of the built HTML book assembled, in the order of
the table of contents, into one HTML document that WeasyPrint renders as the PDF edition
(:mod:`lda_analysis.pdf_edition`).

A cover, a table of contents with page numbers, then each page's article (navigation, sidebars,
buttons, folded blocks and text meant for screen readers only left out), each page of the book
starting a page of the PDF. Element ids are made unique across pages and links between pages become
links inside the PDF (a link to a whole page gets its page number); links to files the PDF does not
carry (downloads, pages left out) keep their text only. Tables get fixed column widths computed from
their text (WeasyPrint then does not measure every cell twice), raster images a width that prints
them at :data:`MINIMUM_DPI` at least. Images are named by their place in the book
(:data:`BOOK_SCHEME`), not on the disk, so that the same HTML gives the same PDF wherever it is
built.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from .errors import BuildError
from .pages import TocEntry

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
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# How the print document names a file of the book (``livre:/_images/x.png``): not by where the book
# was built, so that the PDF does not depend on it (WeasyPrint names each image by its address).
BOOK_SCHEME = "livre:"


def _anchor(entry: TocEntry) -> str:
    """A page's anchor in the PDF (the ids of the page are prefixed with it)."""
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", entry.file)


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
    # The convention the rapport reports to (a yearly rapport of the convention 2024-2027), or "".
    convention: str = ""

    @property
    def running_title(self) -> str:
        """The document's title: the book's, then the edition."""
        return f"{self.title} — {self.edition[:1].lower()}{self.edition[1:]}"


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
        + (f'<p class="pdf-cover-edition">{escape(cover.convention)}</p>' if cover.convention else "")
        + f'<p class="pdf-cover-data">{escape(cover.data_line)}</p>'
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
