"""Sentences for the book: computed from the data, so that if the data said otherwise, so would the
text.

A :class:`Statement` displays itself as Markdown, so that the book renders it as ordinary text
(searchable, in the page's style); every character that Markdown or HTML could interpret is
escaped, since parts of the sentence (labels, period names) come from data files. Figures cited in
a page's own prose are pasted by :func:`glue_figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .formatting import format_value
from .selection import same

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
    """A sentence (or a few) for the book."""

    text: str

    def _repr_markdown_(self) -> str:
        return escape_markdown(self.text)

    def __repr__(self) -> str:
        return self.text


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
    """Make formatted figures available to the page's prose, as ``{glue:text}`name``` in Markdown.

    The page's text is written in the notebook's Markdown cells; every figure it cites is computed
    by the library and pasted by MyST-NB, as plain (escaped) text. The figures are glued as Python
    strings: MyST-NB reads a glued value back with ``ast.literal_eval``, which would turn a bare
    ``0,9`` into the tuple ``(0, 9)``; a string's representation comes back exactly as it was.
    """
    # Imported here: MyST-NB (and Sphinx behind it) is only needed inside a notebook's kernel, and
    # importing it costs the command line a second.
    from myst_nb import glue

    for name, text in texts.items():
        glue(name, str(text), display=False)
