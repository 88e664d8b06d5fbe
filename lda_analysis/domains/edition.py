"""An edition of the book: its parameters (reporting year, data folder) and the data it shows.

An edition's year must belong to the convention's calendar (the domain that declares a
:class:`~lda_analysis.domains.registry.Calendar`). Its pages show the latest figures known at that year; what
the edition lacks for its own year (the domains' ``EDITION_DATA``) is listed by :func:`missing_data`,
shown in the book as « donnée non disponible », and is an error in strict mode. With no year given,
an edition reports on the latest year whose expected data are all there: the year is read from the
data, not written in the code or the notebooks.

The tables a page reads are recorded (:func:`recording_reads`): the build reruns a page only when
one of them changed. An edition is made once from the tables loaded (:func:`load_edition`), as long
as the data files do not change: a kernel that runs several pages loads its edition once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from lda_analysis.blocks.statements import Statement
from lda_analysis.contract.data import FIRST_CSV_ROW, Tables, load_tables, loaded, resolve_data_dir, table_csv
from lda_analysis.contract.digests import files_digest
from lda_analysis.contract.errors import DataError, EditionError, Problem
from lda_analysis.contract.schema import get_schema

from .checks import CheckResult, ResultsMemory, run_checks
from .registry import Calendar, ReportScope, Requirement, contributions

YEAR_RANGE = (2000, 2100)
# The columns that date a row: its year, or the year a period starts (its end may run past the
# convention: the Programme Local de l'Habitat 2025-2030 of the roadmap).
DATED_BY = ("annee", "annee_debut")


# While set (:func:`recording_reads`), the names of the tables read from an edition.
_reads: ContextVar[set[str] | None] = ContextVar("lda_table_reads", default=None)


class RecordedTables(dict):
    """An edition's tables, by name, noting which ones are read while :func:`recording_reads` is on:
    one by name, or all of them when they are gone through (``items()``, ``values()``, iteration)."""

    def _note(self, names) -> None:
        reads = _reads.get()
        if reads is not None:
            reads.update(names)

    def __getitem__(self, name: str) -> pd.DataFrame:
        self._note([name])
        return super().__getitem__(name)

    def get(self, name: str, default=None):
        self._note([name])
        return super().get(name, default)

    def __iter__(self):
        self._note(super().keys())
        return super().__iter__()

    def items(self):
        self._note(super().keys())
        return super().items()

    def values(self):
        self._note(super().keys())
        return super().values()

    def copy(self) -> dict:
        self._note(super().keys())
        return dict(super().items())


@contextmanager
def recording_reads() -> Iterator[set[str]]:
    """The names of the tables read from any edition while the block runs (see :class:`RecordedTables`).

    >>> edition = load_edition(2024)
    >>> with recording_reads() as reads:
    ...     _ = edition.table("fsl")
    >>> sorted(reads)
    ['fsl']
    """
    reads: set[str] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


@dataclass(frozen=True)
class Edition:
    """The validated parameters of an edition and its loaded tables."""

    year: int
    data_dir: Path
    tables: Tables

    def table(self, name: str) -> pd.DataFrame:
        """A loaded table (a copy, so that pages cannot alter each other's data)."""
        return self.tables[name].copy()

    @property
    def period(self) -> str | None:
        """The reporting period of the edition (``2024-2025`` for 2025), from the calendar."""
        return period_key(self.tables, self.year, "periode")

    @cached_property
    def csv_files(self) -> dict[str, str]:
        """The CSV text of each table the edition sees, by file name (``fsl.csv``): the rows of its
        years only. The 2024 edition sees every row of the embedded data, and these are the bytes of
        their files; a later year's rows, imported since, are in no file of an earlier edition."""
        schema = get_schema()
        return {
            schema.table(name).file: table_csv(frame, name)
            for name, frame in sorted(dict.items(self.tables), key=lambda item: schema.table(item[0]).file)
        }

    @cached_property
    def fingerprint(self) -> str:
        """The digest of the data the edition sees (names and content of its :attr:`csv_files`): the
        digest of the data folder's CSV files when the edition sees all of them (:func:`data_digest`).

        >>> load_edition(2024).fingerprint[:16]  # the data folder's before the yearly rapports' tables
        '11684426c933023e'
        """
        digest = hashlib.sha256()
        for file, text in self.csv_files.items():
            digest.update(file.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
        return digest.hexdigest()

    @property
    def scope(self) -> ReportScope:
        """What the edition's rapport reports on (the bilan of plan 1, or a year of plan 2)."""
        return edition_scope(self.tables, self.year)

    @cached_property
    def check_results(self) -> list[CheckResult]:
        """The results of every consistency check on the edition's data, run once."""
        return run_checks(self.tables)

    def remembered_checks(self, memory: ResultsMemory) -> list[CheckResult]:
        """:attr:`check_results`, run with ``memory`` (only the checks whose tables changed run) if
        they were not run yet."""
        if "check_results" not in self.__dict__:  # where the cached property keeps its value
            self.__dict__["check_results"] = run_checks(self.tables, memory=memory)
        return self.check_results


def calendar() -> Calendar:
    """The convention's calendar, as the one domain that holds it declares it."""
    (found,) = contributions("CALENDAR")
    return found


def _csv_location(tables: Tables, table: str, position: int) -> dict[str, object]:
    """A row's CSV file and line (recorded on load; else counted from the first data line)."""
    lines = tables[table].attrs.get("lines")
    line = lines[position] if lines is not None and position < len(lines) else FIRST_CSV_ROW + position
    return {"file": get_schema().table(table).file, "row": line}


def calendar_problems(
    tables: Tables,
    checked: Tables | None = None,
    where: Callable[[str, int], dict[str, object]] | None = None,
) -> list[Problem]:
    """Rows of ``checked`` (default: every table) dated after the last year of the convention's
    calendar (read from ``tables``): a slip like 2099 for 2025. ``where(table, position)`` locates a
    row for the message (default: its CSV file and line)."""
    found = calendar()
    last = max(found.edition_years(tables[found.table]), default=None)
    checked = tables if checked is None else checked
    if where is None:

        def where(table: str, position: int) -> dict[str, object]:
            return _csv_location(checked, table, position)

    problems = []
    for name, frame in checked.items():
        for column in DATED_BY if last is not None else ():
            for position, year in enumerate(frame[column] if column in frame.columns else ()):
                if not pd.isna(year) and year > last:
                    problems.append(
                        Problem(
                            f"année {year} après la fin du calendrier de la convention ({last})",
                            **where(name, position),
                            column=column,
                            expected=f"une année jusqu'à {last} (table {found.table})",
                        )
                    )
    return problems


def load_data(data_dir: str | Path | None = None) -> Tables:
    """Every table of the data folder, validated one by one, then together (years within the
    convention's calendar)."""
    tables = load_tables(data_dir)
    problems = calendar_problems(tables)
    if problems:
        raise DataError(problems)
    return tables


def edition_scope(tables: Tables, year: int) -> ReportScope:
    """What the rapport of the edition ``year`` reports on, from the convention's calendar."""
    found = calendar()
    return found.edition_scope(tables[found.table], year)


def as_of(tables: Tables, year: int) -> Tables:
    """The tables as the edition of ``year`` sees them: the tables of its kind of rapport only
    (``rapport`` in the schema), the annual tables (``annual``) without the rows of later years or
    of reporting periods that end later. Other tables are whole (a roadmap's future periods are
    part of the plan, not observations)."""
    found, schema = calendar(), get_schema()
    kind = edition_scope(tables, year).kind
    seen = {}
    for name, frame in tables.items():
        if kind not in schema.table(name).reports:
            continue
        if not schema.table(name).annual:
            seen[name] = frame
            continue
        if "annee" in schema.table(name).key:
            later = frame["annee"] > year
        else:
            later = frame["periode"].map(
                lambda period: period != "" and found.period_years(period)[-1] > year
            )
        kept = frame[~later.astype(bool)].reset_index(drop=True)
        kept.attrs = frame.attrs
        seen[name] = kept
    return seen


def requirements() -> list[Requirement]:
    """What every edition must have for its own year, as the domains declare it."""
    return contributions("EDITION_DATA")


def parse_year(year: object) -> int:
    """The reporting year as an integer, or a French error saying what is expected.

    >>> parse_year("2024")
    2024
    """
    try:
        value = int(str(year).strip())
    except ValueError:
        raise EditionError(
            f"Année invalide « {year} » : attendu un nombre entier, une année comme 2025."
        ) from None
    low, high = YEAR_RANGE
    if not low <= value <= high:
        raise EditionError(f"Année invalide « {year} » : attendu une année entre {low} et {high}.")
    return value


def period_key(tables: Tables, year: int, column: str) -> object:
    """An edition's value of a ``year`` or ``period`` column: its year, or its reporting period."""
    found = calendar()
    return year if column == "annee" else found.edition_period(tables[found.table], year)


def _missing(tables: Tables, year: int) -> list[str]:
    """What the edition ``year`` lacks: figures (the domains' requirements), then the other gaps of
    its kind of rapport (the year's text)."""
    kind = edition_scope(tables, year).kind
    period = period_key(tables, year, "periode")
    gaps = [
        item
        for gap in contributions("EDITION_GAPS")
        if kind in gap.reports
        for item in gap.missing(tables, period)
    ]
    return _missing_figures(tables, year) + gaps


def _expected_figures(tables: Tables, year: int) -> list[Requirement]:
    kind = edition_scope(tables, year).kind
    return [found for found in requirements() if kind in found.reports]


def _missing_figures(tables: Tables, year: int) -> list[str]:
    missing = []
    for requirement in _expected_figures(tables, year):
        table = tables[requirement.table]
        if period_key(tables, year, requirement.column) in set(table[requirement.column]):
            continue
        known = sorted(value for value in set(table[requirement.column]) if value != "")
        latest = f" (dernière donnée : {known[-1]})" if known else ""
        missing.append(f"donnée non disponible pour {year} : {requirement.label}{latest}")
    return missing


def default_year(tables: Tables) -> int:
    """The year of the default edition: the latest year of the calendar whose expected data are all
    in the tables; if none is complete, the latest year that has some of them (its pages then say
    what is missing); failing that, the calendar's first year.

    >>> default_year(load_tables())
    2024
    """
    found = calendar()
    years = found.edition_years(tables[found.table])
    complete = [year for year in years if not _missing(tables, year)]
    partial = [
        year for year in years if len(_missing_figures(tables, year)) < len(_expected_figures(tables, year))
    ]
    return (complete or partial or years[:1])[-1]


# While set (:func:`reusing_editions`), the editions given in the block, by (year, data folder).
_shared: ContextVar[dict | None] = ContextVar("lda_shared_editions", default=None)


def data_digest(data_dir: str | Path | None = None) -> str:
    """A digest of the data folder's CSV files (names and content)."""
    folder = resolve_data_dir(data_dir)
    return files_digest(sorted(folder.glob("*.csv")), folder)


def _copy(edition: Edition) -> Edition:
    """The same edition with copies of its tables: a page cannot alter what the next one reads."""
    tables = RecordedTables({name: frame.copy() for name, frame in dict.items(edition.tables)})
    return Edition(year=edition.year, data_dir=edition.data_dir, tables=tables)


@contextmanager
def reusing_editions() -> Iterator[None]:
    """Within the block, :func:`load_edition` gives every caller the same edition (the build's dry
    run of the pages: every page loads the same edition, which is neither copied nor its data files
    read again). Nested blocks share the outer one's editions."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def load_edition(year: object = None, data_dir: str | Path | None = None) -> Edition:
    """Validate the parameters and load every table of the data folder.

    The year must be one the convention's calendar covers: a year outside it is an error naming the
    calendar's years and the years the data hold. With ``year`` None, the :func:`default_year`.
    An edition is made once from the tables of :func:`lda_analysis.contract.data.loaded` (the one cache of
    loaded tables, which reads the folder again when its files changed); each caller gets a copy.

    >>> load_edition().year
    2024
    """
    shared = _shared.get()
    key = ("" if year is None else str(year).strip(), str(resolve_data_dir(data_dir)))
    if shared is not None and key in shared:
        return shared[key]
    made = loaded(data_dir).made
    if key[0] not in made:
        made[key[0]] = _load_edition(year, data_dir)
    edition = _copy(made[key[0]])
    if shared is not None:
        shared[key] = edition
    return edition


def _load_edition(year: object, data_dir: str | Path | None) -> Edition:
    tables = load_data(data_dir)
    value = default_year(tables) if year in (None, "") else parse_year(year)
    found = calendar()
    years = found.edition_years(tables[found.table])
    if value not in years:
        observed = sorted(
            {
                int(y)
                for requirement in requirements()
                if requirement.column == "annee"
                for y in tables[requirement.table]["annee"]
            }
        )
        raise EditionError(
            f"Pas d'édition possible pour {value} : l'année doit appartenir au calendrier de la "
            f"convention ({years[0]} à {years[-1]}, table {found.table}). Années des indicateurs "
            f"annuels dans les données : {', '.join(map(str, observed))}."
        )
    return Edition(
        year=value, data_dir=resolve_data_dir(data_dir), tables=RecordedTables(as_of(tables, value))
    )


def missing_data(edition: Edition) -> list[str]:
    """What the edition lacks for its own year, in French, with the latest year or period available.

    >>> missing_data(load_edition(2024))
    []
    >>> missing_data(load_edition(2025))[0]  # doctest: +ELLIPSIS
    "donnée non disponible pour 2025 : taux d'accès au logement social ... (dernière donnée : 2024)"
    """
    return _missing(edition.tables, edition.year)


def missing_figures(edition: Edition) -> list[str]:
    """The figures the edition lacks for its own year (:func:`missing_data` without its text)."""
    return _missing_figures(edition.tables, edition.year)


def edition_gaps(edition: Edition) -> list[str]:
    """What else the edition lacks for its period: the year's text still to write."""
    figures = set(missing_figures(edition))
    return [item for item in missing_data(edition) if item not in figures]


def check_edition(edition: Edition, strict: bool = False) -> list[str]:
    """The data the edition lacks for its year; with ``strict``, an error listing them."""
    missing = missing_data(edition)
    if strict and missing:
        raise EditionError(
            f"Données manquantes pour l'édition {edition.year} (mode strict) :\n"
            + "\n".join(f"  - {item}" for item in missing)
            + "".join(f"\n{where}" for where in _where_to_fill(edition))
        )
    return missing


def _where_to_fill(edition: Edition) -> list[str]:
    """Where each kind of gap of the edition (a text « à rédiger »…) is filled in: its table's file
    and the sheet of the year's workbook, for the strict mode's error."""
    kind = edition_scope(edition.tables, edition.year).kind
    period = period_key(edition.tables, edition.year, "periode")
    found = []
    for gap in contributions("EDITION_GAPS"):
        if gap.table and kind in gap.reports and gap.missing(edition.tables, period):
            table = get_schema().table(gap.table)
            found.append(
                f"À remplir dans data/{table.file} (feuille « {table.sheet_name} » du classeur de "
                "l'année, puis lda-book donnees importer) : chaque élément « à rédiger » ci-dessus."
            )
    return found


def _available(table: pd.DataFrame) -> str:
    return ", ".join(str(year) for year in sorted(set(table["annee"])))


def up_to_edition(edition: Edition, name: str, title: str) -> pd.DataFrame:
    """Rows of ``name`` observed in the edition's year or before (the latest figures known)."""
    table = edition.table(name)
    selected = table[table["annee"] <= edition.year].reset_index(drop=True)
    if selected.empty:
        raise EditionError(
            f"Aucune donnée antérieure ou égale à {edition.year} ({title}). "
            f"Années disponibles dans {edition.data_dir.name}/ : {_available(table)}."
        )
    selected.attrs = table.attrs
    return selected


def latest_year(table: pd.DataFrame) -> int:
    """The most recent year of a table (already limited to the edition's year)."""
    return int(max(table["annee"]))


def not_available(year: int, latest: int, what: str) -> Statement | None:
    """« Donnée non disponible pour <year> » when the latest figures are older than the edition.

    >>> print(not_available(2025, 2024, "les taux d'accès au logement social").text)
    Donnée non disponible pour 2025 : les taux d'accès au logement social les plus récents sont ceux de 2024.
    >>> not_available(2024, 2024, "les taux") is None
    True
    """
    if latest >= year:
        return None
    return Statement(f"Donnée non disponible pour {year} : {what} les plus récents sont ceux de {latest}.")


def gaps_statement(period: str | None, gaps: list[str]) -> Statement:
    """The list of the year's texts still to write (or that they are all written).

    >>> print(gaps_statement("2024-2025", ["texte à rédiger pour 2024-2025 : fiche action 3 (faits marquants)"]).text)
    Textes de 2024-2025 à rédiger, affichés « Texte à rédiger » dans le rapport : fiche action 3 (faits marquants).
    """
    if not gaps:
        return Statement(f"Tous les textes attendus pour {period} sont rédigés.")
    items = " ; ".join(item.split(" : ", 1)[-1] for item in gaps)
    return Statement(f"Textes de {period} à rédiger, affichés « Texte à rédiger » dans le rapport : {items}.")


def missing_data_statement(year: int, missing: list[str]) -> Statement:
    """The list of what an edition lacks for its own year (or that nothing is missing)."""
    if not missing:
        return Statement(f"L'édition {year} dispose de toutes les données annuelles attendues pour {year}.")
    items = " ; ".join(item.split(" : ", 1)[-1] for item in missing)
    return Statement(
        f"Données non disponibles pour {year}, remplacées dans le livre par les plus récentes "
        f"connues : {items}."
    )
