"""Dates as the report writes and counts them: French month names, a month and its year, the
number of months of a period (both ends included), a date some months later.
"""

from __future__ import annotations

import calendar
from datetime import date

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_PER_YEAR = 12


def month_name(month: int) -> str:
    """The French name of a month (1 to 12).

    >>> month_name(9)
    'septembre'
    """
    return MONTHS[month - 1]


def french_date(day: date) -> str:
    """A date as French text says it.

    >>> french_date(date(2024, 12, 1)), french_date(date(2024, 5, 15))
    ('1er décembre 2024', '15 mai 2024')
    """
    return f"{'1er' if day.day == 1 else day.day} {month_name(day.month)} {day.year}"


def month_year(year: int, month: int | None = None) -> str:
    """A month and its year in French, or the year alone when the month is unknown.

    >>> month_year(2024, 9), month_year(2027)
    ('septembre 2024', '2027')
    """
    return str(year) if month is None else f"{month_name(month)} {year}"


def months_inclusive(start_year: int, start_month: int, end_year: int, end_month: int) -> int:
    """Calendar months from the start month to the end month, both included.

    >>> months_inclusive(2024, 9, 2025, 12)  # « de septembre 2024 à décembre 2025 »
    16
    """
    return (end_year - start_year) * MONTHS_PER_YEAR + end_month - start_month + 1


def add_months(day: date, months: int) -> date:
    """The same day ``months`` months later (the last day of the month when it is shorter).

    >>> add_months(date(2024, 10, 1), 39)
    datetime.date(2028, 1, 1)
    """
    month = day.month - 1 + months
    year, month = day.year + month // MONTHS_PER_YEAR, month % MONTHS_PER_YEAR + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
