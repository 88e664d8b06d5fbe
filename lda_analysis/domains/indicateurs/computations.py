"""Computations of the headline indicators: evolutions, gaps between territories, demand ratios,
and the figures an edition shows for its year.

Pure functions: a validated table in, a table or a number out. Nothing here formats or rounds;
see :mod:`lda_analysis.blocks.formatting` for display, and :mod:`.pages` for what the book shows.
"""

from __future__ import annotations

import math

import pandas as pd

from lda_analysis.contract.errors import EditionError

from ..edition import Edition, latest_year, up_to_edition


def relative_change(before: float, after: float) -> float:
    """Change from ``before`` to ``after`` in percent of ``before`` (NaN when ``before`` is 0).

    >>> round(relative_change(2.1, 3.4), 1)   # sans-abri, MTPM, 2017 -> 2024
    61.9
    """
    if before == 0 or math.isnan(before) or math.isnan(after):
        return math.nan
    return (after - before) / before * 100


def evolution(table: pd.DataFrame, start: int, end: int, by: list[str]) -> pd.DataFrame:
    """Change of ``value`` between the years ``start`` and ``end`` for each group of ``by``.

    Returns one row per group with ``start_value``, ``end_value``, ``difference`` (in the unit of
    the values: percentage points for rates) and ``relative_change`` (in percent). Groups that lack
    one of the two years are left out.

    >>> from lda_analysis.contract.data import load_table
    >>> rates = load_table("acces_logement_social")
    >>> row = evolution(rates, 2017, 2024, ["public", "territoire"]).iloc[-2]
    >>> row.public, row.territoire, round(float(row.difference), 1), round(float(row.relative_change), 1)
    ('sans_abri', 'MTPM', 1.3, 61.9)
    """
    years = set(table["annee"])
    missing = [year for year in (start, end) if year not in years]
    if missing:
        raise EditionError(
            f"Pas de données pour {', '.join(map(str, missing))} dans la table "
            f"« {table.attrs.get('table', '?')} ». Années disponibles : {_years(years)}."
        )
    pivot = table[table["annee"].isin([start, end])].pivot_table(
        index=by, columns="annee", values="valeur", aggfunc="first"
    )
    pivot = pivot.dropna(subset=[start, end])
    result = pd.DataFrame(
        {
            "start_year": start,
            "end_year": end,
            "start_value": pivot[start],
            "end_value": pivot[end],
        }
    ).reset_index()
    result["difference"] = result["end_value"] - result["start_value"]
    result["relative_change"] = [
        relative_change(before, after)
        for before, after in zip(result["start_value"], result["end_value"], strict=True)
    ]
    return _in_table_order(result, table, by)


def gap(
    table: pd.DataFrame, first: str, second: str, by: list[str], column: str = "territoire"
) -> pd.DataFrame:
    """``first`` minus ``second`` (two values of ``column``) for each group of ``by``.

    >>> from lda_analysis.contract.data import load_table
    >>> rates = load_table("acces_logement_social")
    >>> gaps = gap(rates, "MTPM", "VAR_HORS_TPM", ["public", "annee"])
    >>> round(float(gaps.query("public == 'sans_abri' and annee == 2024").gap.iloc[0]), 1)
    2.1
    """
    pivot = table[table[column].isin([first, second])].pivot_table(
        index=by, columns=column, values="valeur", aggfunc="first"
    )
    pivot = pivot.dropna(subset=[first, second])
    result = pd.DataFrame(
        {"first": first, "second": second, "first_value": pivot[first], "second_value": pivot[second]}
    ).reset_index()
    result["gap"] = result["first_value"] - result["second_value"]
    return _in_table_order(result, table, by)


def demand_ratios(table: pd.DataFrame) -> pd.DataFrame:
    """Demands per attribution for each scope, territory and year of the demand-pressure table.

    The ratio is computed (``computed_ratio``) whenever demands and attributions are both present;
    a ratio published by the source is kept apart (``reported_ratio``), never mixed with it.

    >>> from lda_analysis.contract.data import load_table
    >>> ratios = demand_ratios(load_table("pression_demande"))
    >>> ratios[["champ", "attributions", "reported_ratio"]].values.tolist()
    [['logement_social_plai', nan, 9.0], ['public_lda_sne', 248.0, 5.9]]
    """
    keys = ["champ", "territoire", "annee"]
    wide = table.pivot_table(index=keys, columns="mesure", values="valeur", aggfunc="first")
    wide = wide.reindex(columns=["demandes", "attributions", "ratio_demandes_attribution"])
    result = wide.rename(columns={"ratio_demandes_attribution": "reported_ratio"}).reset_index()
    result.columns.name = None
    result["computed_ratio"] = [
        demands / attributions if attributions and not math.isnan(attributions) else math.nan
        for demands, attributions in zip(result["demandes"], result["attributions"], strict=True)
    ]
    return _in_table_order(result, table, keys)[
        keys + ["demandes", "attributions", "computed_ratio", "reported_ratio"]
    ]


def _in_table_order(result: pd.DataFrame, table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sort ``result`` by the order in which its groups first appear in ``table`` (stable output);
    with a ``year`` among ``by``, the years of a group follow each other, oldest first, wherever a
    new year's rows were added in the table.

    >>> table = pd.DataFrame({"public": ["a", "b", "a"], "annee": [2024, 2024, 2025]})
    >>> _in_table_order(table, table, ["public", "annee"]).values.tolist()
    [['a', 2024], ['a', 2025], ['b', 2024]]
    """
    groups = [column for column in by if column != "annee"]
    order = {key: rank for rank, key in enumerate(dict.fromkeys(map(tuple, table[groups].values)))}
    ranks = [order[tuple(key)] for key in result[groups].values]
    sort = ["_rank", "annee"] if "annee" in by else ["_rank"]
    return (
        result.assign(_rank=ranks)
        .sort_values(sort, kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def _years(years) -> str:
    return ", ".join(str(year) for year in sorted(years))


def latest_count_evolution(table: pd.DataFrame, measure: str, by: list[str]) -> pd.DataFrame:
    """Evolution of a counted ``measure`` between the two latest years that have it.

    Used for the FSL requests: the report gives only « +30 % », no counts, so with the embedded
    data the result is empty; as soon as counts exist for two years, the change is computed.
    """
    counts = table[table["mesure"] == measure]
    years = sorted(set(counts["annee"]))
    if len(years) < 2:
        return pd.DataFrame(
            columns=by
            + ["start_year", "end_year", "start_value", "end_value", "difference", "relative_change"]
        )
    return evolution(counts, years[-2], years[-1], by)


# ------------------------------------------------------------------------------------------------
# What an edition shows: the latest figures known at its year, compared with the baseline years


# Years the report compares every edition with: the eve of the plan (2017) and the AMI contract (2021).
BASELINE_YEARS = (2017, 2021)


def access_rates(edition: Edition) -> pd.DataFrame:
    """Access rates to social housing for the years up to the edition's (the latest known)."""
    return up_to_edition(edition, "acces_logement_social", "accès au logement social")


def demand_pressure(edition: Edition) -> pd.DataFrame:
    """Demands, attributions and ratios known at the edition's year."""
    return up_to_edition(edition, "pression_demande", "pression de la demande")


def fsl_figures(edition: Edition) -> pd.DataFrame:
    """FSL figures known at the edition's year."""
    return up_to_edition(edition, "fsl", "FSL")


def baseline_years(edition: Edition, table: pd.DataFrame) -> list[int]:
    """The years an edition compares with: 2017 (eve of the plan), 2021 (AMI contract) and the
    previous edition's year, each present in ``table`` and earlier than its latest year.

    >>> from lda_analysis.domains.edition import load_edition
    >>> edition = load_edition(2024)
    >>> baseline_years(edition, access_rates(edition))
    [2017, 2021]
    """
    latest = latest_year(table)
    years = set(table["annee"])
    previous = [year for year in years if year < latest and year < edition.year]
    candidates = [*BASELINE_YEARS, *([max(previous)] if previous else [])]
    return [year for year in dict.fromkeys(candidates) if year < latest and year in years]
