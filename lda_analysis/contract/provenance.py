"""Tracing figures back to the source document: does a value appear, as printed, on its line?

Every row of ``data/`` taken from the rapport d'exécution cites ``source_line``, the line of the
plain-text extraction ``sources/rapport_execution_2021_2024.txt`` where its figure (or the start of
its text) is printed. This module finds the printed forms of a number on that line, whatever the
document's typography: ``35 000,00 €``, ``15 000€``, ``3.1%``, ``5,9``, ``1 469``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from .paths import SOURCE_DOCUMENT

# A text is found when its first words appear within this many lines from its source line.
TEXT_WINDOW = 4
TEXT_WORDS = 5


@cache
def source_lines(path: Path = SOURCE_DOCUMENT) -> tuple[str, ...]:
    """The lines of the source document (line 1 is index 0)."""
    # Split on newlines only, as sed and editors number lines (not on form feeds and the like).
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def _normalise_spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def number_pattern(value: float) -> re.Pattern[str]:
    """A regular expression matching the printed forms of ``value``.

    >>> bool(number_pattern(244878.18).search("244 878,18 € pour 160 ménages"))
    True
    >>> bool(number_pattern(35000).search("35 000,00 €")), bool(number_pattern(3.1).search("3.1%"))
    (True, True)
    >>> bool(number_pattern(30).search("430"))
    False
    """
    text = f"{abs(value):.10f}".rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    integer = " ?".join(groups)
    decimals = f"[,.]{fraction}0*" if fraction else r"(?:[,.]0+)?"
    sign = "[-−]" if value < 0 else ""
    return re.compile(rf"(?<!\d)(?<!\d[.,]){sign}{integer}{decimals}(?![\d])")


def value_on_line(value: float, line: int) -> bool:
    """Whether ``value`` is printed on line ``line`` of the source document."""
    lines = source_lines()
    if not 1 <= line <= len(lines):
        return False
    return bool(number_pattern(value).search(_normalise_spaces(lines[line - 1])))


def folded_words(text: str) -> list[str]:
    """The words of a text without accents, case or punctuation, to compare two printings of it.

    >>> folded_words("Prévenir les ruptures : l'accès !") == folded_words("prevenir les RUPTURES, l’accès")
    True
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return re.findall(r"[a-z0-9]+", folded)


def text_near_line(text: str, line: int, window: int = TEXT_WINDOW) -> bool:
    """Whether the first words of ``text`` appear from line ``line`` on, within ``window`` lines."""
    lines = source_lines()
    if not 1 <= line <= len(lines):
        return False
    wanted = folded_words(text)[:TEXT_WORDS]
    around = folded_words(" ".join(lines[line - 1 : line - 1 + window]))
    size = len(wanted)
    return any(around[start : start + size] == wanted for start in range(len(around) - size + 1))


@dataclass(frozen=True)
class Untraced:
    """A row whose figure or text was not found on its source line."""

    table: str
    row: int
    source_line: int
    value: str

    def __str__(self) -> str:
        return (
            f"{self.table}, ligne {self.row} du fichier : « {self.value} » introuvable à la ligne "
            f"{self.source_line} du document source"
        )


def untraced_rows(name: str, frame: pd.DataFrame, text_column: str | None = None) -> list[Untraced]:
    """Rows of a table whose ``value`` (or ``text_column``) is not printed at their ``source_line``."""
    missing = []
    for offset, row in enumerate(frame.itertuples(index=False), start=2):
        line = getattr(row, "ligne_source", None)
        if line is None or pd.isna(line) or line == "":
            continue
        if text_column is not None:
            found = text_near_line(str(getattr(row, text_column)), int(line))
            shown = str(getattr(row, text_column))[:60]
        else:
            found = value_on_line(float(row.valeur), int(line))
            shown = f"{row.valeur:g}"
        if not found:
            missing.append(Untraced(name, offset, int(line), shown))
    return missing
