"""Sentences for the book: computed from the data, so that if the data said otherwise, so would the
text.

A :class:`Statement` displays itself as Markdown, so that the book renders it as ordinary text
(searchable, in the page's style); every character that Markdown or HTML could interpret is
escaped, since parts of the sentence (labels, period names) come from data files. Figures cited in
a page's own prose are given by :func:`glue_figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lda_analysis.contract.selection import same

from .formatting import format_value

# The output through which a notebook's cell gives the figures its page's prose cites.
FIGURES_MIME = "application/vnd.lda.chiffres+json"
# CommonMark lets a backslash escape any ASCII punctuation character.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character, so that Markdown renders ``text`` as is.

    >>> escape_markdown("<b>1*2</b>")
    '\\\\<b\\\\>1\\\\*2\\\\<\\\\/b\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class Statement:
    """A sentence (or a few) for the book. Its Markdown form is what the book shows (and nbval
    compares); its plain-text form only names it.

    >>> Statement("Sur 413 contrôles, 375 sont conformes.")
    Phrase « Sur 413 contrôles, 375 sont… »
    """

    text: str

    def _repr_markdown_(self) -> str:
        return escape_markdown(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        words = self.text.split()
        return f"Phrase « {' '.join(words[:5])}{'…' if len(words) > 5 else ''} »"


def agreement(computed: float, printed: float, unit: str) -> str:
    """How a computed figure compares with the one the document prints, in French words.

    >>> agreement(60, 60, "minutes")
    'soit exactement le chiffre imprimé'
    >>> agreement(39, 35, "jours")
    'alors que le document imprime 35'
    """
    if same(computed, printed):
        return "soit exactement le chiffre imprimé"
    return f"alors que le document imprime {format_value(printed, unit)}"


def glue_figures(**texts: str) -> None:
    """Make formatted figures available to the page's prose, as ``{{ name }}`` in its Markdown.

    The page's text is written in the notebook's Markdown cells; every figure it cites is computed
    by the library and formatted in French, then displayed here as one output of the cell (the
    figures by name, which nbval compares). The build moves them into the notebook's MyST
    substitutions (:func:`lda_analysis.book_build.notebooks.collect_figures`), which paste them, escaped, into
    the text. The cell is hidden from readers (tag ``remove-cell``).
    """
    # Imported here: IPython is there in a notebook's kernel, and the command line need not load it.
    from IPython.display import display

    display({FIGURES_MIME: {name: str(text) for name, text in texts.items()}}, raw=True)
