"""The lines of a PDF as a reader sees them, and the places where the typesetting cut what French
print never cuts: a number, an amount from its unit, a percentage, a period, a date, a word without
a hyphen, a capitalised word or a column header.

PDFium gives each page's characters in the order WeasyPrint drew them (box after box, line after
line within a box) with their boxes; a line ends where PDFium inserts a line break. Two successive
lines are the same block of text wrapped (a paragraph, or a table cell) when the second is just
below the first and overlaps it horizontally; the next cell of a table row starts higher up, the
first cell of the next row further left: neither is taken for a wrap. Each wrap is then checked
against the rules of :func:`cut_at`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
SPACES = " \u00a0\u202f"


@dataclass(frozen=True)
class Line:
    """One line of a page: its text and its box (PDF points, origin at the bottom left)."""

    page: int
    text: str
    left: float
    right: float
    bottom: float
    top: float


def _line(page: int, chars: list[tuple[str, tuple]]) -> Line | None:
    """A line made of (character, box) pairs; None when nothing of it is drawn."""
    drawn = [box for _, box in chars if box[2] > box[0]]
    if not drawn:
        return None
    text = "".join(char for char, _ in chars)
    return Line(
        page,
        text,
        min(box[0] for box in drawn),
        max(box[2] for box in drawn),
        min(box[1] for box in drawn),
        max(box[3] for box in drawn),
    )


def page_lines(document) -> list[list[Line]]:
    """The lines of each page of a PDFium document."""
    pages = []
    for number, page in enumerate(document, start=1):
        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        runs, current = [], []
        for index, char in enumerate(text[:count]):
            if char in "\r\n":
                runs.append(current)
                current = []
            else:
                current.append((char, textpage.get_charbox(index)))
        runs.append(current)
        pages.append([line for run in runs if (line := _line(number, run)) is not None])
    return pages


def wraps(lines: list[Line]) -> list[tuple[Line, Line]]:
    """The successive lines of a page that are one block of text wrapped."""
    found = []
    for first, second in zip(lines, lines[1:], strict=False):
        height = max(first.top - first.bottom, 1.0)
        below = first.bottom - 2.2 * height <= second.top <= first.bottom + 0.3 * height
        overlaps = min(first.right, second.right) - max(first.left, second.left) > 0
        if below and overlaps:
            found.append((first, second))
    return found


def _adjacent(tail: str, head: str, blocks: str, joiner: str) -> bool:
    """Whether ``tail`` then ``head``, joined by ``joiner``, are written in one block of the
    document (a wrap, not two blocks that follow each other)."""
    return f"{tail}{joiner}{head}" in blocks


def cut_at(end: str, start: str, blocks: str) -> str | None:
    """Why the wrap between a line ending with ``end`` and the next starting with ``start`` cuts
    what French print keeps whole (None: it does not). ``blocks`` is the text of the document's
    blocks (paragraphs, cells, captions, items), one per line, spaces made plain: a wrap is only
    taken for one where the two pieces are written together in one block."""
    end, start = _plain(end).rstrip(" "), _plain(start).lstrip(" ")
    tail, head = end.rsplit(" ", 1)[-1], start.split(" ", 1)[0]
    if not tail or not head:
        return None
    joined, spaced = _adjacent(tail, head, blocks, ""), _adjacent(tail, head, blocks, " ")
    if not (joined or spaced):
        return None
    if joined and re.search(r"\w$", tail) and re.match(r"\w", head):
        if re.search(r"\d$", tail) or re.match(r"\d", head):
            return "nombre ou période coupé"
        return "mot coupé sans trait d'union"
    if joined and re.search(r"\d[,.]$", tail) and re.match(r"\d", head):
        return "nombre coupé"
    if re.search(r"\d{4}[-–]$", tail) and re.match(r"\d", head):
        return "période coupée"
    if spaced and re.search(r"\d$", tail) and re.match(r"(€|%|k€|M€)", head):
        return "nombre séparé de son unité"
    if spaced and re.fullmatch(r"\d{1,3}", tail.split("(")[-1]) and re.fullmatch(r"\d{3}\W*", head):
        return "nombre coupé entre ses milliers"
    if spaced and re.fullmatch(r"\d{1,2}(er)?", tail) and re.match(rf"({MONTHS})\b", head):
        return "date coupée"
    if spaced and re.fullmatch(rf"({MONTHS})", tail) and re.match(r"\d{4}\b", head):
        return "date coupée"
    if end.endswith("-") and tail[:1].isupper() and _adjacent(tail[:-1], head, blocks, ""):
        return "mot à majuscule coupé"
    return None


def _plain(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def cuts(pages: list[list[Line]], blocks: str) -> list[tuple[int, str, str]]:
    """Every cut of the document: (page, reason, the two lines around it)."""
    found = []
    for lines in pages:
        for first, second in wraps(lines):
            reason = cut_at(first.text, second.text, blocks)
            if reason:
                found.append((first.page, reason, f"{first.text[-30:]} / {second.text[:30]}"))
    return found


BLOCKS = "p, li, td, th, caption, dt, dd, h1, h2, h3, h4, h5, h6, figcaption"


def document_blocks(html: str) -> str:
    """The text of each block of a print document, one per line, spaces made plain."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return "\n".join(" ".join(_plain(element.get_text("")).split()) for element in soup.select(BLOCKS))


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u00ad-]", "", text)


def table_heads(html: str) -> list[tuple[str, str]]:
    """Each captioned table of a print document: (its caption, its first row's text)."""
    from bs4 import BeautifulSoup

    found = []
    for table in BeautifulSoup(html, "html.parser").select("table"):
        caption, row = table.find("caption"), table.find("tr")
        before = table.find_previous_sibling()
        if caption is None and before is not None and "pdf-table-caption" in before.get("class", []):
            caption = before
        if caption is not None and row is not None:
            found.append((caption.get_text(""), row.get_text("")))
    return found


def captions_alone(page_texts: list[str], heads: list[tuple[str, str]]) -> list[str]:
    """The captions not printed right above their table's first row on one page."""
    pages = [_squeezed(text) for text in page_texts]
    return [
        caption
        for caption, row in heads
        if not any(_squeezed(caption) + _squeezed(row) in page for page in pages)
    ]
