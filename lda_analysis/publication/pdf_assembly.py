"""The print document of a built book: the pages of the built HTML book assembled, in the order of
the table of contents, into one HTML document that WeasyPrint renders as the PDF edition
(:mod:`lda_analysis.publication.pdf_edition`).

A cover, a table of contents with page numbers, then each page's article (navigation, sidebars,
buttons, folded blocks and text meant for screen readers only left out), each page of the book
starting a page of the PDF. Element ids are made unique across pages and links between pages become
links inside the PDF (a link to a whole page gets its page number); links to files the PDF does not
carry (downloads, pages left out) keep their text only. Tables get fixed column widths computed from
their text (WeasyPrint then does not measure every cell twice), raster images a width that prints
them at :data:`MINIMUM_DPI` at least. Images are named by their place in the book
(:data:`BOOK_SCHEME`), not on the disk, so that the same HTML gives the same PDF wherever it is
built.

Proved by ``tests/test_pdf.py``: the assembly of a small book, the same PDF wherever the same HTML is
built, the table of contents' page numbers and links, nothing cut at the end of a line, captions
kept with their tables, what belongs to the web left out.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from lda_analysis.blocks.charts import print_file_name
from lda_analysis.blocks.fonts import text_width
from lda_analysis.blocks.toc import TocEntry
from lda_analysis.blocks.typography import french, hyphenation_points
from lda_analysis.contract.errors import BuildError

# What a link to a page the PDF leaves out says after its text.
ONLINE_ONLY = " (version en ligne)"
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
# How it names a chart's print image (its texts as text), in the book's staged charts folder.
PRINT_CHARTS_SCHEME = "graphiques-impression:"


def _anchor(entry: TocEntry) -> str:
    """A page's anchor in the PDF (the ids of the page are prefixed with it)."""
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", entry.file)


@dataclass(frozen=True)
class Cover:
    """What the cover and the document's metadata say: the rapport's title (« Rapport d'exécution
    2021-2024 »), the plan it reports on (the book's title), its author (the Métropole), the
    convention it belongs to, its addressees, its validation (the date the Métropole's instances
    validated it, or that it is a working version), the line about its data, and the date of the
    document (None: undated)."""

    title: str
    plan: str
    author: str
    convention: str
    addressees: tuple[str, ...]
    validation: str
    data_line: str
    date: datetime.date | None

    @property
    def running_title(self) -> str:
        """The document's title: the rapport's, then the plan's."""
        return f"{self.title} — {self.plan}"

    def html(self) -> str:
        """The cover page."""
        addressees = "".join(f"<li>{escape(french(name))}</li>" for name in self.addressees)
        return (
            '<section class="pdf-cover">'
            f'<p class="pdf-cover-author">{escape(french(self.author))}</p>'
            f'<h1 class="pdf-cover-title">{escape(french(self.title))}</h1>'
            f'<p class="pdf-cover-plan">{escape(french(self.plan))}</p>'
            f'<p class="pdf-cover-convention">{escape(french(self.convention))}</p>'
            + (
                f'<div class="pdf-cover-addressees"><p>Destinataires</p><ul>{addressees}</ul></div>'
                if addressees
                else ""
            )
            + f'<p class="pdf-cover-validation">{escape(french(self.validation))}</p>'
            f'<p class="pdf-cover-data">{escape(french(self.data_line))}</p>'
            "</section>"
        )


# The table geometry of the print stylesheet (pdf_edition.css): the width of the text on an A4 page
# between its margins, the size of a table's text and a cell's side paddings, in points.
LINE_WIDTH = (210 - 2 * 17) * 72 / 25.4
TABLE_FONT_SIZE = 8
CELL_PADDING = 2 * 1.4 * 72 / 25.4 + 1.5  # 1.5: rounding and borders
# A column is not made wider than this share of the line to hold a long text on one line.
LONGEST_SHARE = 0.45


def column_widths(rows: list[list[str]], measure: Callable[[str, bool], float]) -> list[float] | None:
    """Column widths (percent) for a table given as the texts of its cells (the first row its
    header), ``measure(text, bold)`` giving a text's width in em: each column at least as wide as
    its widest unbreakable piece (the text between two ordinary spaces: a number with its unit, a
    date, a period, a word; French typography has made their spaces unbreakable), so that nothing is
    cut; when the line allows, as wide as its longest text (up to :data:`LONGEST_SHARE` of the
    line); the room left shared in proportion to what each column lacks. None when the rows do not
    all have the same number of cells, or when the unbreakable pieces cannot fit side by side (the
    renderer then lays the table out itself).

    >>> column_widths([["Année", "Montant"], ["2022", "5\u00a0€"]], lambda text, bold: len(text) / 2)
    [44.0, 56.0]
    >>> column_widths([["Période", "Texte"], ["2021-2023", "mot " * 100]], lambda text, bold: len(text) / 2)
    [16.3, 83.7]
    """
    count = len(rows[0]) if rows else 0
    if not count or any(len(row) != count for row in rows):
        return None
    minimum, wanted = [], []
    for column in range(count):
        pieces = [(row[column], index == 0) for index, row in enumerate(rows)]
        widest = max(
            (measure(part, bold) for text, bold in pieces for part in text.split(" ") if part), default=0
        )
        longest = max((measure(text, bold) for text, bold in pieces), default=0)
        minimum.append(widest * TABLE_FONT_SIZE + CELL_PADDING)
        wanted.append(max(min(longest * TABLE_FONT_SIZE, LONGEST_SHARE * LINE_WIDTH), widest) + CELL_PADDING)
    if sum(minimum) > LINE_WIDTH:
        return None
    if sum(wanted) <= LINE_WIDTH:
        widths = wanted
    else:
        room, lacking = LINE_WIDTH - sum(minimum), [w - m for w, m in zip(wanted, minimum, strict=True)]
        widths = [m + room * lack / sum(lacking) for m, lack in zip(minimum, lacking, strict=True)]
    return [round(100 * width / sum(widths), 1) for width in widths]


def _fix_column_widths(table, soup) -> None:
    """Give a table fixed column widths measured on its text (:func:`column_widths`): WeasyPrint
    then lays it out without measuring the content of every cell first (the longest part of
    rendering a book of tables), and nothing is cut."""
    if table.select("[colspan], [rowspan], table"):
        return
    rows = [
        [" ".join(cell.get_text("").split(" ")) for cell in row.find_all(["td", "th"], recursive=False)]
        for row in table.find_all("tr")
    ]
    widths = column_widths(rows, text_width)
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


# Where a text is not hyphenated: headings, tables, terms, code.
NOT_HYPHENATED = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "dt", "code", "pre", "kbd"}
)
UNTOUCHED = frozenset({"code", "pre", "kbd", "script", "style"})
HYPHENATED = frozenset({"p", "li", "dd"})


def _print_typography(article) -> None:
    """French typography on every text of a page (:func:`lda_analysis.blocks.typography.french`; code
    excepted), and the points where French allows a word of its paragraphs to be hyphenated
    (never in a heading, a table or a capitalised word: the stylesheet hyphenates nowhere else)."""
    from bs4 import NavigableString

    for string in list(article.find_all(string=True)):
        names = {parent.name for parent in string.parents}
        if names & UNTOUCHED or type(string) is not NavigableString:  # comments, doctypes: not text
            continue
        text = french(str(string))
        if names & HYPHENATED and not names & NOT_HYPHENATED:
            text = hyphenation_points(text)
        if text != string:
            string.replace_with(text)


def _captions_before(article, soup) -> None:
    """Print a table's caption as a paragraph just before it, kept with it (a caption inside the
    table may be left alone at the bottom of a page: WeasyPrint does not keep them together)."""
    for caption in article.select("table > caption"):
        paragraph = soup.new_tag("p", attrs={"class": "pdf-table-caption"})
        paragraph.extend(list(caption.contents))
        caption.find_parent("table").insert_before(paragraph)
        caption.decompose()
    # A table of the book's own (lda_analysis.blocks.tables.Table) has its caption before the frame that
    # scrolls it on a phone: the frame removed, the caption is printed the same way.
    for frame in article.select("div.lda-table-scroll"):
        before = frame.find_previous_sibling()
        if before is not None and "lda-caption" in before.get("class", []):
            before["class"] = [*before["class"], "pdf-table-caption"]
        frame.unwrap()


def _drop_downloads(article) -> None:
    """Remove the paragraphs of download links (a file the PDF does not carry: web only)."""
    for link in article.select("a.download, code.download"):
        paragraph = link.find_parent("p")
        if paragraph is not None:
            paragraph.decompose()


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
    # One walk of the tree for each list (a walk per selector was 60 % of the assembly's time).
    for element in article.select(", ".join(DROPPED)):
        if not element.decomposed:  # not inside an element dropped before it
            element.decompose()
    for element in article.select(", ".join(UNWRAPPED)):
        element.unwrap()
    return soup, article


class _Assembly:
    """The pages of a built HTML book being made into one print document."""

    def __init__(
        self,
        html_dir: Path,
        entries: list[TocEntry],
        online: Iterable[TocEntry] = (),
        print_charts: Path | None = None,
    ) -> None:
        self.html_dir = html_dir
        # The charts' print images (lda_analysis.blocks.charts.print_file_name), when the book has them.
        self.print_charts = print_charts
        self.entries = entries
        # The pages of the book the PDF leaves out: a link to one says it is in the online version.
        self.online = {entry.html for entry in online}
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
            self.titles[entry.file] = french(" ".join(title.get_text(" ").split())) if title else entry.file
            self.ids[entry.file] = {element["id"] for element in article.select("[id]")}
            self.pages[entry.file] = (soup, article)

    def _print_source(self, path: str) -> str:
        """The address the print document gives the image ``path`` of the book: the chart's print
        image when there is one (the same chart, its texts set in the PDF's font), else the image."""
        if self.print_charts is not None:
            name = print_file_name(PurePosixPath(path).name)
            if (self.print_charts / name).is_file():
                return f"{PRINT_CHARTS_SCHEME}/{quote(name)}"
        return f"{BOOK_SCHEME}/{quote(path)}"

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
        _drop_downloads(article)
        _print_typography(article)
        for element in article.select("[id]"):
            element["id"] = f"{_anchor(entry)}--{element['id']}"
        for link in article.select("a[href]"):
            href = link["href"]
            if SCHEME.match(href):
                continue  # an address on the web: kept
            internal = self._internal(entry, href)
            if internal is None:
                if _resolve(entry.html, href)[0] in self.online:
                    link.append(ONLINE_ONLY)
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
            image["src"] = self._print_source(path)
            for attribute in ("width", "height", "style"):
                image.attrs.pop(attribute, None)
            width = _image_width(file)
            if width:
                image["style"] = f"width: {width}"
        for table in article.select("table"):
            _fix_column_widths(table, soup)
        _captions_before(article, soup)
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
                lines.append(f'<li class="pdf-toc-part">{escape(french(entry.part))}</li>')
            part = entry.part
            lines.append(
                f'<li class="pdf-toc-level-{entry.level}"><a href="#{_anchor(entry)}">'
                f"{escape(self.titles[entry.file])}</a></li>"
            )
        note_html = f'<p class="pdf-toc-note">{escape(french(note))}</p>' if note else ""
        return (
            '<section class="pdf-contents" id="sommaire"><h1 class="pdf-contents-title">Sommaire</h1>'
            f'<ul class="pdf-toc">{"".join(lines)}</ul>{note_html}</section>'
        )


def left_out_note(titles: list[str]) -> str:
    """What the table of contents says of the pages of the book the PDF leaves out.

    >>> left_out_note(["Dictionnaire des données", "Contrôles"])
    'La version en ligne de ce rapport contient aussi : « Dictionnaire des données », « Contrôles ».'
    """
    if not titles:
        return ""
    listed = ", ".join(f"« {title} »" for title in titles)
    return f"La version en ligne de ce rapport contient aussi : {listed}."


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


def assemble(
    html_dir: Path,
    entries: list[TocEntry],
    cover: Cover,
    left_out: Iterable[str] = (),
    print_charts: Path | None = None,
) -> str:
    """The print document of the built HTML book ``html_dir``: its cover, its table of contents and
    the pages of ``entries`` but those whose file is in ``left_out`` (named in the table of
    contents); its charts are their print images where ``print_charts`` has them."""
    left_out = set(left_out)
    printed = [entry for entry in entries if entry.file not in left_out]
    online = [entry for entry in entries if entry.file in left_out]
    assembly = _Assembly(html_dir, printed, online, print_charts)
    note = left_out_note([page_title(html_dir, entry) for entry in entries if entry.file in left_out])
    body, part = [], None
    for entry in printed:
        if entry.part != part and entry.part:
            body.append(f'<h1 class="pdf-part-title">{escape(french(entry.part))}</h1>')
        part = entry.part
        body.append(assembly.page(entry))
    dates = ""
    if cover.date is not None:
        stamp = cover.date.isoformat()
        dates = (
            f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
        )
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(french(cover.running_title))}</title>"
        f'<meta name="author" content="{escape(cover.author)}">'
        f'<meta name="description" content="{escape(cover.data_line)}">'
        f"{dates}</head><body>{cover.html()}{assembly.contents(note)}{''.join(body)}</body></html>\n"
    )
