"""The book's table of contents: its pages in reading order, as ``_toc.yml`` (Jupyter Book's
``jb-book`` format) lists them, each at its depth and under the caption of its part. The build reads
it to know which notebooks make the book (:mod:`lda_analysis.book_build.plan`); the PDF edition, to assemble
the pages in the book's order (:mod:`lda_analysis.publication.pdf_assembly`).

>>> from lda_analysis.contract.paths import TOC_FILE
>>> toc_entries(TOC_FILE)[0]
TocEntry(file='notebooks/accueil', level=1, part=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class TocEntry:
    """A page of the table of contents (``file``: its source path without suffix, as ``_toc.yml``
    cites it) at its depth (1: top), under the caption of its part (None: no part)."""

    file: str
    level: int
    part: str | None

    @property
    def html(self) -> str:
        """The page in the built HTML book (relative to ``html/``)."""
        return f"{self.file}.html"


def without_suffix(file: object) -> str:
    """A source path as the table of contents may cite it, without its suffix (``.md``, ``.ipynb``)."""
    return re.sub(r"\.(md|ipynb|rst)$", "", str(file))


def toc_entries(toc_file: Path) -> list[TocEntry]:
    """The pages of a Jupyter Book table of contents (``jb-book``: root, parts or chapters, sections),
    in reading order; the chapters of a part with a caption are one level below it."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8")) or {}
    found = [TocEntry(without_suffix(toc["root"]), 1, None)]

    def walk(items: list, level: int, part: str | None) -> None:
        for item in items or []:
            if "file" in item:
                found.append(TocEntry(without_suffix(item["file"]), level, part))
            walk(item.get("sections", []), level + 1, part)

    for part in toc.get("parts", []) or []:
        caption = part.get("caption")
        walk(part.get("chapters", []), 2 if caption else 1, caption)
    walk(toc.get("chapters", []), 1, None)
    return found


def toc_files(toc_file: Path) -> list[str]:
    """Every page (the root, then each ``file:``) of a Jupyter Book table of contents, in its order."""
    return [entry.file for entry in toc_entries(toc_file)]
