"""An edition of the book: its parameters (reporting year, data folder) and the data it shows.

Each page of the book selects its data through one function here, so that the command line can
check, before any notebook runs, that every page has what it needs for the requested year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .data import load_tables, resolve_data_dir
from .errors import EditionError

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

    >>> load_edition(2024).year
    2024
    """
    return Edition(year=parse_year(year), data_dir=resolve_data_dir(data_dir),
                   tables=load_tables(data_dir))


def _available(table: pd.DataFrame) -> str:
    return ", ".join(str(year) for year in sorted(set(table["year"])))


def _no_data(edition: Edition, title: str, table: pd.DataFrame, what: str) -> EditionError:
    return EditionError(
        f"Aucune donnée {what} pour l'édition {edition.year} ({title}). "
        f"Années disponibles dans {edition.data_dir.name}/ : {_available(table)}."
    )


def access_rates(edition: Edition) -> pd.DataFrame:
    """Access rates to social housing for the years up to the edition's, which must be present.

    The page compares the edition's year with the baseline years (2017, 2021), so a year that the
    DDETS table does not cover is an error naming the years it covers.
    """
    table = edition.table("acces_logement_social")
    if edition.year not in set(table["year"]):
        raise _no_data(edition, "accès au logement social", table, "d'accès au logement social")
    return table[table["year"] <= edition.year].reset_index(drop=True)


def _up_to_edition(edition: Edition, name: str, title: str) -> pd.DataFrame:
    """Rows of ``name`` observed in the edition's year or before (the latest figures known)."""
    table = edition.table(name)
    selected = table[table["year"] <= edition.year].reset_index(drop=True)
    if selected.empty:
        raise _no_data(edition, title, table, f"antérieure ou égale à {edition.year}")
    selected.attrs = table.attrs
    return selected


def demand_pressure(edition: Edition) -> pd.DataFrame:
    """Demands, attributions and ratios known at the edition's year."""
    return _up_to_edition(edition, "pression_demande", "pression de la demande")


def fsl(edition: Edition) -> pd.DataFrame:
    """FSL figures known at the edition's year."""
    return _up_to_edition(edition, "fsl", "FSL")


# What each page of the book needs; checked all together before any notebook runs.
PAGE_DATA: dict[str, Callable[[Edition], pd.DataFrame]] = {
    "acces_logement_social": access_rates,
    "pression_demande": demand_pressure,
    "fsl": fsl,
}


def check_edition(edition: Edition) -> None:
    """Raise one French error listing every page that lacks data for the edition's year."""
    problems = []
    for select in PAGE_DATA.values():
        try:
            select(edition)
        except EditionError as error:
            problems.append(str(error))
    if problems:
        raise EditionError("\n".join(problems))


def baseline_years(edition: Edition, table: pd.DataFrame) -> list[int]:
    """The baseline years (2017, 2021) earlier than the edition's year and present in ``table``.

    >>> edition = load_edition(2024)
    >>> baseline_years(edition, access_rates(edition))
    [2017, 2021]
    """
    years = set(table["year"])
    return [year for year in BASELINE_YEARS if year < edition.year and year in years]
