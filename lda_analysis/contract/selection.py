"""Selecting rows of validated tables and reading their figures.

One place for what every domain does: keep the rows that match some codes (the table's name is kept,
so that a selection can be displayed), take the one row a figure lives on, read its value or its
French labels, and compare two figures.
"""

from __future__ import annotations

import math

import pandas as pd

from .schema import get_schema

# Figures of the data have at most two decimals (amounts to the cent): two figures closer than half
# a cent are the same figure.
TOLERANCE = 0.005


class RowError(LookupError):
    """No row, or several, where the data must hold exactly one (a figure a page or a check cites)."""


def same(first: float, second: float) -> bool:
    """Whether two figures are equal, to the cent.

    >>> same(0.1 + 0.2, 0.3), same(35000, 35000.01)
    (True, False)
    """
    return math.isclose(first, second, abs_tol=TOLERANCE)


def kept(selected: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``selected`` (a selection of ``table``), renumbered, still knowing its data table."""
    selected = selected.reset_index(drop=True)
    selected.attrs = dict(table.attrs)
    return selected


def select_rows(frame: pd.DataFrame, **criteria) -> pd.DataFrame:
    """The rows whose columns equal the given values (a list or tuple: any of its values), in the
    table's order; the table's name is kept (``attrs``) so that the result can be displayed.

    >>> from lda_analysis.contract.data import load_table
    >>> cmc = load_table("territoire_relogement_cmc")
    >>> list(select_rows(cmc, mesure="menages_reloges")["valeur"])
    [10.0, 20.0]
    >>> select_rows(cmc, mesure="menages_reloges").attrs["table"]
    'territoire_relogement_cmc'
    """
    mask = pd.Series(True, index=frame.index)
    for column, wanted in criteria.items():
        values = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        mask &= frame[column].isin(values)
    return kept(frame[mask], frame)


def one_row(frame: pd.DataFrame, **criteria) -> pd.Series:
    """The single row matching ``criteria`` (see :func:`select_rows`); a :class:`RowError` names the
    table and the criteria when there is none or more than one.

    >>> frame = pd.DataFrame({"mesure": ["a", "b"], "valeur": [1.0, 2.0]})
    >>> float(one_row(frame, mesure="b")["valeur"])
    2.0
    >>> one_row(frame, mesure="c")
    Traceback (most recent call last):
    lda_analysis.contract.selection.RowError: table « ? » : 0 ligne(s) au lieu d'une pour mesure = c
    """
    selected = select_rows(frame, **criteria)
    if len(selected) != 1:
        wanted = ", ".join(f"{column} = {value}" for column, value in criteria.items())
        raise RowError(
            f"table « {frame.attrs.get('table', '?')} » : {len(selected)} ligne(s) au "
            f"lieu d'une pour {wanted}"
        )
    return selected.iloc[0]


def value(frame: pd.DataFrame, **criteria) -> float:
    """The ``valeur`` of the one row matching ``criteria``.

    >>> from lda_analysis.contract.data import load_table
    >>> value(load_table("territoire_financement_scst"), mesure="engagement")
    136500.0
    """
    return float(one_row(frame, **criteria)["valeur"])


def total(frame: pd.DataFrame, **criteria) -> float:
    """The sum of the values of the matching rows (a total the document does not print).

    >>> from lda_analysis.contract.data import load_table
    >>> affordable = load_table("territoire_logement_abordable")
    >>> total(affordable, mesure=["conventionnements_opah", "conventionnements_bien_chez_soi"])
    217.0
    """
    return float(select_rows(frame, **criteria)["valeur"].sum())


def labels(frame: pd.DataFrame, column: str) -> pd.Series:
    """The French labels (from the schema) of a category column; an unknown code is kept as is.

    >>> from lda_analysis.contract.data import load_table
    >>> labels(load_table("territoire_financement_scst"), "mesure").iloc[-1]
    'Engagement de financement'
    """
    names = get_schema().labels(frame.attrs["table"], column)
    return frame[column].map(lambda code: names.get(code, code))


def labelled(frame: pd.DataFrame, column: str, name: str = "label") -> pd.DataFrame:
    """A copy of ``frame`` with the French labels of ``column`` in a new column ``name``, for charts.

    >>> from lda_analysis.contract.data import load_table
    >>> labelled(load_table("territoire_financement_scst"), "mesure")["label"].iloc[0]
    'Contribution annuelle la plus basse (2021-2023)'
    """
    result = frame.copy()
    result[name] = labels(frame, column)
    result.attrs = dict(frame.attrs)
    return result


def sources(*frames: pd.DataFrame) -> tuple[str, ...]:
    """Every source of the rows of ``frames``, in order (a table shows one mention of each)."""
    return tuple(source for frame in frames for source in frame["source"])


def per_year(frame: pd.DataFrame) -> list[tuple[int, pd.DataFrame]]:
    """The rows of an annual table year by year, oldest first (each part keeps the table's name).

    >>> frame = pd.DataFrame({"annee": [2025, 2022, 2025], "valeur": [1.0, 2.0, 3.0]})
    >>> [(year, list(rows["valeur"])) for year, rows in per_year(frame)]
    [(2022, [2.0]), (2025, [1.0, 3.0])]
    """
    parts = []
    for year in sorted(set(frame["annee"])):
        rows = frame[frame["annee"] == year]
        rows.attrs = frame.attrs
        parts.append((int(year), rows))
    return parts


def year_suffix(frame: pd.DataFrame, year: int) -> str:
    """`` (year)`` to tell the years of a table apart in a sentence, when it holds several.

    >>> year_suffix(pd.DataFrame({"annee": [2022, 2025]}), 2025), year_suffix(pd.DataFrame({"annee": [2022]}), 2022)
    (' (2025)', '')
    """
    return f" ({year})" if frame["annee"].nunique() > 1 else ""


def latest_year_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the latest year of an annual table (an edition's view of it holds no later
    year): what a page shows when it shows one year.

    >>> frame = pd.DataFrame({"annee": [2022, 2025, 2025], "valeur": [1.0, 2.0, 3.0]})
    >>> list(latest_year_rows(frame)["valeur"])
    [2.0, 3.0]
    """
    rows = frame[frame["annee"] == frame["annee"].max()]
    rows.attrs = frame.attrs
    return rows


def latest_value(frame: pd.DataFrame, **criteria) -> float:
    """The ``valeur`` of the one row matching ``criteria`` in the latest year that has such a row.

    >>> frame = pd.DataFrame({"mesure": ["a", "a", "b"], "annee": [2024, 2025, 2022], "valeur": [1.0, 2.0, 3.0]})
    >>> latest_value(frame, mesure="a"), latest_value(frame, mesure="b")
    (2.0, 3.0)
    """
    return float(one_row(latest_year_rows(select_rows(frame, **criteria)))["valeur"])
