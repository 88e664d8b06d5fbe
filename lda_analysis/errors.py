"""Typed errors whose messages tell a French-speaking analyst what to fix.

Every error raised on purpose by the library derives from :class:`LdaError`; the command line
prints its message and exits with a non-zero status instead of showing a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class LdaError(Exception):
    """Base class of the library's errors; ``str(error)`` is a French message for the user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file, located as precisely as the file allows.

    >>> str(Problem("valeur non numérique « 3,1 % »", file="acces_logement_social.csv", row=2,
    ...             column="value", expected="un nombre décimal avec un point (ex. 3.1)"))
    'acces_logement_social.csv, ligne 2, colonne « value » : valeur non numérique « 3,1 % » (attendu : un nombre décimal avec un point (ex. 3.1))'
    """

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.sheet:
            where.append(f"feuille « {self.sheet} »")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        text = self.message
        if self.expected:
            text += f" (attendu : {self.expected})"
        return f"{', '.join(where)} : {text}" if where else text


class DataError(LdaError):
    """A data file (CSV, schema) does not follow the schema; holds every problem found."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        if count == 1:
            return f"Donnée invalide — {self.problems[0]}"
        lines = [f"Données invalides — {count} problèmes :"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class EditionError(LdaError):
    """The edition's parameters (year, data folder) do not match the data available."""


class BuildError(LdaError):
    """A step of the book's build failed; the last good book was left in place."""
