"""Reporting periods: the convention's calendar, read from the data (table ``finances_calendrier``), not from code.

Reporting periods are codes such as ``2021-2022`` (year 1 of plan 1, September to September) or
``2024-2025`` (the first, extended year of plan 2, 1 October 2024 to 31 December 2025), then ``2026``
and ``2027``. An edition of the book is the report of a calendar year: the 2025 edition reports on
the period that ends in 2025.
"""

from __future__ import annotations

import pandas as pd

TABLE = "finances_calendrier"


def period_years(period: str) -> range:
    """The calendar years a period code covers.

    >>> list(period_years("2024-2025")), list(period_years("2026"))
    ([2024, 2025], [2026])
    """
    first, _, last = period.partition("-")
    return range(int(first), int(last or first) + 1)


def edition_years(calendar: pd.DataFrame) -> list[int]:
    """The years for which an edition can be made: those the convention's periods cover.

    >>> from lda_analysis.data import load_table
    >>> edition_years(load_table("finances_calendrier"))
    [2021, 2022, 2023, 2024, 2025, 2026, 2027]
    """
    return sorted({year for period in calendar["period"] for year in period_years(period)})


def edition_period(calendar: pd.DataFrame, year: int) -> str | None:
    """The reporting period of the edition ``year``: the shortest period that ends that year.

    >>> from lda_analysis.data import load_table
    >>> calendar = load_table("finances_calendrier")
    >>> [edition_period(calendar, year) for year in (2024, 2025, 2026)]
    ['2023-2024', '2024-2025', '2026']
    """
    ending = [period for period in calendar["period"] if period_years(period)[-1] == year]
    return min(ending, key=lambda period: len(period_years(period))) if ending else None
