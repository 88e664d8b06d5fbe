"""An edition of the book: its parameters (reporting year, data folder) and the data it shows.

An edition's year must belong to the convention's calendar. Its pages show the latest figures known
at that year; what the edition lacks for its own year (:data:`EDITION_DATA`) is listed by
:func:`missing_data`, shown in the book as « donnée non disponible », and is an error in strict mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .data import load_tables, resolve_data_dir
from .errors import EditionError
from .reporting import TABLE as CALENDAR
from .reporting import edition_period, edition_years

DEFAULT_YEAR = 2024
YEAR_RANGE = (2000, 2100)
# Years the report compares every edition with: the eve of the plan (2017) and the AMI contract (2021).
BASELINE_YEARS = (2017, 2021)


@dataclass(frozen=True)
class Edition:
    """The validated parameters of an edition and its loaded tables."""

    year: int
    data_dir: Path
    tables: dict[str, pd.DataFrame]

    def table(self, name: str) -> pd.DataFrame:
        """A loaded table (a copy, so that pages cannot alter each other's data)."""
        return self.tables[name].copy()


def parse_year(year: object) -> int:
    """The reporting year as an integer, or a French error saying what is expected.

    >>> parse_year("2024")
    2024
    """
    try:
        value = int(str(year).strip())
    except ValueError:
        raise EditionError(
            f"Année invalide « {year} » : attendu un nombre entier, par exemple {DEFAULT_YEAR}."
        ) from None
    low, high = YEAR_RANGE
    if not low <= value <= high:
        raise EditionError(f"Année invalide « {year} » : attendu une année entre {low} et {high}.")
    return value


def load_edition(year: object = DEFAULT_YEAR, data_dir: str | Path | None = None) -> Edition:
    """Validate the parameters and load every table of the data folder.

    The year must be one the convention's calendar covers (the table ``finances_calendrier``): a
    year outside it is an error naming the calendar's years and the years the data hold.

    >>> load_edition(2024).year
    2024
    """
    value = parse_year(year)
    tables = load_tables(data_dir)
    years = edition_years(tables[CALENDAR])
    if value not in years:
        observed = sorted({int(y) for requirement in EDITION_DATA if requirement.column == "year"
                           for y in tables[requirement.table]["year"]})
        raise EditionError(
            f"Pas d'édition possible pour {value} : l'année doit appartenir au calendrier de la "
            f"convention ({years[0]} à {years[-1]}, table {CALENDAR}). Années des indicateurs annuels "
            f"dans les données : {', '.join(map(str, observed))}."
        )
    return Edition(year=value, data_dir=resolve_data_dir(data_dir), tables=tables)


@dataclass(frozen=True)
class Requirement:
    """A figure every edition is expected to have for its own year (or reporting period)."""

    table: str
    column: str  # "year" or "period"
    label: str


# What an edition must have for its own year: what the analyst fills in each year.
EDITION_DATA = (
    Requirement("acces_logement_social", "year",
                "taux d'accès au logement social des personnes sortant d'hébergement et sans-abri (DDETS)"),
    Requirement("fsl", "year", "chiffres du FSL"),
    Requirement("finances_synthese", "period",
                "crédits de l'AMI prévus et consommés (synthèse financière)"),
)


def edition_key(edition: Edition, column: str) -> object:
    """The edition's value of a ``year`` or ``period`` column (its year, or its reporting period)."""
    return edition.year if column == "year" else edition_period(edition.tables[CALENDAR], edition.year)


def missing_data(edition: Edition) -> list[str]:
    """What the edition lacks for its own year, in French, with the latest year or period available.

    >>> missing_data(load_edition(2024))
    []
    >>> missing_data(load_edition(2025))[0]  # doctest: +ELLIPSIS
    "donnée non disponible pour 2025 : taux d'accès au logement social ... (dernière donnée : 2024)"
    """
    missing = []
    for requirement in EDITION_DATA:
        table = edition.tables[requirement.table]
        key = edition_key(edition, requirement.column)
        if key in set(table[requirement.column]):
            continue
        known = sorted(value for value in set(table[requirement.column]) if value != "")
        latest = f" (dernière donnée : {known[-1]})" if known else ""
        missing.append(f"donnée non disponible pour {edition.year} : {requirement.label}{latest}")
    return missing


def check_edition(edition: Edition, strict: bool = False) -> list[str]:
    """The data the edition lacks for its year; with ``strict``, an error listing them."""
    missing = missing_data(edition)
    if strict and missing:
        raise EditionError(f"Données manquantes pour l'édition {edition.year} (mode strict) :\n"
                           + "\n".join(f"  - {item}" for item in missing))
    return missing


def _available(table: pd.DataFrame) -> str:
    return ", ".join(str(year) for year in sorted(set(table["year"])))


def _up_to_edition(edition: Edition, name: str, title: str) -> pd.DataFrame:
    """Rows of ``name`` observed in the edition's year or before (the latest figures known)."""
    table = edition.table(name)
    selected = table[table["year"] <= edition.year].reset_index(drop=True)
    if selected.empty:
        raise EditionError(
            f"Aucune donnée antérieure ou égale à {edition.year} ({title}). "
            f"Années disponibles dans {edition.data_dir.name}/ : {_available(table)}."
        )
    selected.attrs = table.attrs
    return selected


def access_rates(edition: Edition) -> pd.DataFrame:
    """Access rates to social housing for the years up to the edition's (the latest known)."""
    return _up_to_edition(edition, "acces_logement_social", "accès au logement social")


def demand_pressure(edition: Edition) -> pd.DataFrame:
    """Demands, attributions and ratios known at the edition's year."""
    return _up_to_edition(edition, "pression_demande", "pression de la demande")


def fsl(edition: Edition) -> pd.DataFrame:
    """FSL figures known at the edition's year."""
    return _up_to_edition(edition, "fsl", "FSL")


def latest_year(table: pd.DataFrame) -> int:
    """The most recent year of a table (already limited to the edition's year)."""
    return int(max(table["year"]))


def baseline_years(edition: Edition, table: pd.DataFrame) -> list[int]:
    """The years an edition compares with: 2017 (eve of the plan), 2021 (AMI contract) and the
    previous edition's year, each present in ``table`` and earlier than its latest year.

    >>> edition = load_edition(2024)
    >>> baseline_years(edition, access_rates(edition))
    [2017, 2021]
    """
    latest = latest_year(table)
    years = set(table["year"])
    previous = [year for year in years if year < latest and year < edition.year]
    candidates = [*BASELINE_YEARS, *([max(previous)] if previous else [])]
    return [year for year in dict.fromkeys(candidates) if year < latest and year in years]
