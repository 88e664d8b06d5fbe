"""Typed errors whose messages tell a French-speaking analyst what to fix.

Every error raised on purpose by the library derives from :class:`LdaError`; the command line
prints its message and exits with a non-zero status instead of showing a traceback.
"""

from __future__ import annotations

import errno
import re
from collections import Counter
from dataclasses import dataclass, replace

# A message lists at most this many problems one by one; the others are counted by kind.
MAX_LISTED = 30


class LdaError(Exception):
    """Base class of the library's errors; ``str(error)`` is a French message for the user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file, located as precisely as the file allows.

    >>> str(Problem("valeur non numérique « 3,1 % »", file="acces_logement_social.csv", row=2,
    ...             column="valeur", expected="un nombre décimal avec un point (ex. 3.1)"))
    'acces_logement_social.csv, ligne 2, colonne « valeur » : valeur non numérique « 3,1 % » (attendu : un nombre décimal avec un point (ex. 3.1))'
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


def _kind(problem: Problem) -> Problem:
    """The problem without its row and quoted values: what many rows can share."""
    return replace(problem, row=None, message=re.sub(r"« [^»]*( »|$)", "« … »", problem.message))


class DataError(LdaError):
    """A data file (CSV, schema) does not follow the schema; holds every problem found (a problem
    found twice is kept once)."""

    def __init__(self, problems: list[Problem] | Problem):
        listed = [problems] if isinstance(problems, Problem) else list(problems)
        self.problems = list(dict.fromkeys(listed))
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        if count == 1:
            return f"Donnée invalide — {self.problems[0]}"
        lines = [f"Données invalides — {count} problèmes :"]
        lines += [f"  - {problem}" for problem in self.problems[:MAX_LISTED]]
        others = Counter(_kind(problem) for problem in self.problems[MAX_LISTED:])
        if others:
            lines.append(f"  … et {count - MAX_LISTED} autres problèmes, regroupés par nature :")
            lines += [f"  - {number} fois — {kind}" for kind, number in others.most_common()]
        return "\n".join(lines)


class EditionError(LdaError):
    """The edition's parameters (year, data folder) do not match the data available."""


class BuildError(LdaError):
    """A step of the book's build failed; the last good book was left in place."""


class OutputError(LdaError):
    """A file or folder cannot be written where the user asked (a folder given for a file, a folder
    that cannot be created, no permission…)."""


# French reasons of the operating system's errors a user can meet when naming a file or a folder.
OS_REASONS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EEXIST: "un fichier de ce nom existe déjà",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EXDEV: "déplacement entre deux disques impossible",
}


def os_error_reason(error: OSError) -> str:
    """The French reason of an error of the operating system."""
    return OS_REASONS.get(error.errno, f"erreur du système ({error.strerror or type(error).__name__})")


def os_error_message(error: OSError) -> str:
    """A French sentence for an error of the operating system, naming the path.

    >>> os_error_message(FileNotFoundError(errno.ENOENT, "No such file or directory", "/proc/x"))
    'impossible d’écrire ou de lire « /proc/x » : fichier ou dossier introuvable'
    """
    path = error.filename if error.filename is not None else "?"
    return f"impossible d’écrire ou de lire « {path} » : {os_error_reason(error)}"
