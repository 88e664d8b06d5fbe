"""What the pages of a yearly rapport show of the year's text: the paragraphs the analyst wrote for
a page and a rubrique, or « Texte à rédiger » (the build lists what is missing, and strict mode
refuses it)."""

from __future__ import annotations

from dataclasses import dataclass

from lda_analysis.blocks.statements import escape_markdown

from .computations import period_texts

# What a page shows where the year's text is not written yet.
TO_WRITE = "Texte à rédiger."


@dataclass(frozen=True)
class YearText:
    """The paragraphs of one rubrique of a page for an edition's period (Markdown, escaped: the text
    comes from the data), or :data:`TO_WRITE`.

    >>> YearText(("Un *premier* paragraphe.", "Un second."))._repr_markdown_()
    'Un \\\\*premier\\\\* paragraphe\\\\.\\n\\nUn second\\\\.'
    >>> YearText(())._repr_markdown_()
    '*Texte à rédiger.*'
    """

    paragraphs: tuple[str, ...]

    def _repr_markdown_(self) -> str:
        if not self.paragraphs:
            return f"*{TO_WRITE}*"
        return "\n\n".join(escape_markdown(paragraph) for paragraph in self.paragraphs)

    def __repr__(self) -> str:
        return f"Texte de l'année ({len(self.paragraphs)} paragraphe(s))" if self.paragraphs else TO_WRITE


def year_text(tables: dict, period: str | None, page: str, rubrique: str, action: str = "") -> YearText:
    """The text written for ``period`` on ``page`` (and ``action``), rubrique ``rubrique``."""
    texts = period_texts(tables, period)
    chosen = texts[(texts["page"] == page) & (texts["action"] == action) & (texts["rubrique"] == rubrique)]
    return YearText(tuple(chosen.sort_values("rang")["texte"]))
