"""Computations of the finances domain: the AMI envelope of plan 1 (allocated, planned, consumed),
the financial synthesis by year and by action, and the convention's calendar.

Pure functions on the tables ``finances_*``: every total, gap and rate is computed here from the
detail rows; the totals the document prints are only used by the consistency checks. Reporting
periods are codes such as ``2021-2022`` (year 1 of plan 1, September to September) or ``2024-2025``
(the first, extended year of plan 2, 1 October 2024 to 31 December 2025), then ``2026`` and
``2027``: they are data (table ``finances_calendrier``), not code. An edition of the book is the
report of a calendar year: the 2025 edition reports on the period that ends in 2025.
"""

from __future__ import annotations

import math

import pandas as pd

from lda_analysis.blocks.dates import MONTHS_PER_YEAR, months_inclusive
from lda_analysis.blocks.formatting import format_euros

from ..registry import ReportScope

PLAN1_YEARS = ("2021-2022", "2022-2023", "2023-2024")


def execution_rate(consumed: float, planned: float) -> float:
    """Consumed as a percentage of planned (NaN when nothing was planned).

    >>> round(execution_rate(810000, 845000), 1)
    95.9
    """
    return math.nan if not planned else consumed / planned * 100


def _details(synthesis: pd.DataFrame) -> pd.DataFrame:
    """The synthesis' detail rows (one action, one year), without its printed totals."""
    return synthesis[synthesis["nature_chiffre"] != "total"]


def _planned_and_consumed(lines: pd.DataFrame) -> tuple[float, float]:
    """The amounts planned and consumed of some detail lines of the synthesis."""
    return (
        float(lines.loc[lines["mesure"] == "prevu", "valeur"].sum()),
        float(lines.loc[lines["mesure"] == "consomme", "valeur"].sum()),
    )


def synthesis_periods(synthesis: pd.DataFrame) -> list[str]:
    """The reporting periods the synthesis has amounts for, in the calendar's order (the codes
    start with their first year: ``2023-2024`` < ``2024-2025`` < ``2026``).

    >>> from lda_analysis.contract.data import load_table
    >>> synthesis_periods(load_table("finances_synthese"))
    ['2021-2022', '2022-2023', '2023-2024']
    """
    return sorted(set(_details(synthesis)["periode"]))


def not_consumed(planned: float, consumed: float) -> float:
    """What a year left unspent of what it planned: planned minus consumed (negative when the year
    consumed more than it planned, e.g. an amount planned the year before and spent late).

    >>> not_consumed(330000, 295000), not_consumed(250000, 265000)
    (35000.0, -15000.0)
    """
    return float(planned) - float(consumed)


def synthesis_by_year(synthesis: pd.DataFrame) -> pd.DataFrame:
    """Planned, consumed and not-consumed AMI amounts per convention year, summed over the actions
    (the not-consumed amount is derived: :func:`not_consumed`).

    >>> from lda_analysis.contract.data import load_table
    >>> by_year = synthesis_by_year(load_table("finances_synthese"))
    >>> by_year[["periode", "planned", "consumed", "not_consumed"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['2021-2022', 330000.0, 295000.0, 35000.0], ['2022-2023', 265000.0, 250000.0, 15000.0],
     ['2023-2024', 250000.0, 265000.0, -15000.0]]
    """
    details = _details(synthesis)
    rows = []
    for period in synthesis_periods(synthesis):
        year = details[details["periode"] == period]
        planned, consumed = _planned_and_consumed(year)
        rows.append(
            {
                "periode": period,
                "planned": planned,
                "consumed": consumed,
                "not_consumed": not_consumed(planned, consumed),
                "rate": execution_rate(consumed, planned),
            }
        )
    return pd.DataFrame(rows, columns=["periode", "planned", "consumed", "not_consumed", "rate"])


def synthesis_by_action(synthesis: pd.DataFrame) -> pd.DataFrame:
    """Planned and consumed AMI amounts of each action over all the periods, in the synthesis' order.

    Actions that the synthesis lists without any amount (4, 6, 8, 11, 12) are left out.
    """
    details = _details(synthesis)
    rows = []
    for action in dict.fromkeys(details["action"]):
        lines = details[details["action"] == action]
        planned, consumed = _planned_and_consumed(lines)
        rows.append(
            {
                "action": action,
                "planned": planned,
                "consumed": consumed,
                "rate": execution_rate(consumed, planned),
            }
        )
    return pd.DataFrame(rows, columns=["action", "planned", "consumed", "rate"])


def funded_lines(synthesis: pd.DataFrame) -> int:
    """The number of lines of the synthesis that carry AMI amounts: an action may have several (the
    Fapil study and the PTFA of action 7), and the actions listed without amounts have none.

    >>> from lda_analysis.contract.data import load_table
    >>> synthesis = load_table("finances_synthese")
    >>> funded_lines(synthesis), len(synthesis_by_action(synthesis))
    (14, 13)
    """
    return _details(synthesis)["ligne"].nunique()


def action_by_year(synthesis: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """Planned, consumed and not-consumed amounts of some actions' lines, one row per year; the
    not-consumed amount is derived (:func:`not_consumed`): the synthesis comments it only for two
    lines, and a check verifies that its comments say the same.

    >>> from lda_analysis.contract.data import load_table
    >>> action_by_year(load_table("finances_synthese"), ("15",)).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['2021-2022', 30000.0, 30000.0, 0.0], ['2022-2023', 15000.0, 0.0, 15000.0],
     ['2023-2024', 0.0, 15000.0, -15000.0]]
    """
    lines = _details(synthesis)
    lines = lines[lines["action"].isin(codes)]
    rows = []
    for period in synthesis_periods(synthesis):
        year = lines[lines["periode"] == period]
        if year.empty:
            continue
        planned, consumed = _planned_and_consumed(year)
        rows.append(
            {
                "periode": period,
                "planned": planned,
                "consumed": consumed,
                "not_consumed": not_consumed(planned, consumed),
            }
        )
    return pd.DataFrame(rows, columns=["periode", "planned", "consumed", "not_consumed"])


def allocation(allocations: pd.DataFrame) -> dict[str, float]:
    """The préambule's envelope: allocated per year and in total, consumed, gap, co-financing.

    The total allocated and the gap are computed from the yearly amounts and the consumed envelope.

    >>> from lda_analysis.contract.data import load_table
    >>> figures = allocation(load_table("finances_allocation"))
    >>> figures["allocated"], figures["gap"], round(figures["rate"], 1)
    (845000.0, 35000.0, 95.9)
    """
    yearly = allocations[
        (allocations["mesure"] == "montant_alloue") & allocations["periode"].isin(PLAN1_YEARS)
    ]
    allocated = float(yearly["valeur"].sum())

    def printed(measure: str) -> float:
        return float(
            allocations.loc[
                (allocations["mesure"] == measure) & (allocations["action"] == ""), "valeur"
            ].iloc[0]
        )

    consumed = printed("enveloppe_consommee")
    result = {f"allocated_{row.periode}": float(row.valeur) for row in yearly.itertuples()}
    result.update(
        allocated=allocated,
        consumed=consumed,
        gap=allocated - consumed,
        rate=execution_rate(consumed, allocated),
        cofinancing=printed("cofinancements"),
    )
    return result


# The ratios a reader computes when reading a budget.

# Actions whose page counts the people (or households, or measures) their AMI credits served:
# (action, rank of the count in actions_indicateurs, what one unit of the count is). A ratio is
# computed only when its inputs mean what it says (:func:`cost_per_beneficiary`).
COST_BASES = (
    ("13", 2, "mesure d'accompagnement réalisée"),
    ("14", 1, "ménage accompagné"),
    ("14", 2, "personne accompagnée"),
    ("16", 3, "jeune participant aux focus groups"),
)
# What an action's page says was not spent of its AMI credits: a subsidy « non réalisé / report sur
# N3 » (finances_subventions_actions), an amount paid and provisioned to be spent later (actions_montants).
UNSPENT_SUBSIDIES = ("subvention_non_realisee",)
UNSPENT_AMOUNTS = ("provision",)


def cofinancing_ratio(allocations: pd.DataFrame) -> float:
    """The co-financing of MTPM and its partners per 100 € of the Dihal's envelope consumed.

    >>> from lda_analysis.contract.data import load_table
    >>> round(cofinancing_ratio(load_table("finances_allocation")), 1)
    29.4
    """
    envelope = allocation(allocations)
    return math.nan if not envelope["consumed"] else 100 * envelope["cofinancing"] / envelope["consumed"]


def _count_period(count: pd.Series) -> str:
    """The years a count of an action's page covers: its convention year, else its calendar year,
    else the period of the page's table it is printed in."""
    for column in ("periode", "annee", "tableau"):
        value = count[column]
        if value is not None and not pd.isna(value) and str(value) != "":
            return str(value)
    return ""


def _years(periods) -> set[int]:
    return {year for period in periods for year in period_years(str(period))}


def _spans(periods) -> str:
    return ", ".join(sorted(dict.fromkeys(str(period) for period in periods)))


def cost_per_beneficiary(tables) -> pd.DataFrame:
    """For each count of :data:`COST_BASES`: the action's AMI credits consumed (all periods of the
    synthesis), what its own page says was not spent of them, the count and its period, and the
    credits per unit of it; the rows used, for their sources.

    A ratio divides money spent by the people it was spent on. It is not computed (``cost`` NaN,
    ``caveat`` says why) when the count is a target rather than an observed figure, or when the
    action's page says that the credits were not spent (not realised, provisioned for later): action
    14's page says its 22 500 € were provisioned for 2024 and its 42 500 € « non réalisé / report sur
    N3 », so no credit was spent on the 37 households it counts in 2022. When the count and the
    credits are not of the same years, ``caveat`` says so.

    >>> from lda_analysis.contract.data import load_tables
    >>> costs = cost_per_beneficiary(load_tables())
    >>> costs[["action", "spent", "count", "cost"]].round(0).values.tolist()
    [['13', 60000.0, 34.0, 1765.0], ['14', 0.0, 37.0, nan], ['14', 0.0, 83.0, nan], ['16', 40000.0, 30.0, 1333.0]]
    """
    details = _details(tables["finances_synthese"])
    rows = [_cost_row(tables, details, action, rank, unit) for action, rank, unit in COST_BASES]
    columns = ["action", "unite", "label", "consumed", "unspent", "spent", "count", "count_period", "cost"]
    return pd.DataFrame([row for row in rows if row is not None], columns=[*columns, "caveat", "sources"])


def _cost_row(tables, details: pd.DataFrame, action: str, rank: int, unit: str) -> dict | None:
    """The row of :func:`cost_per_beneficiary` for one count of an action; None when the data give
    the action no such count or no consumed credits."""
    indicators = tables["actions_indicateurs"]
    count = indicators[(indicators["action"] == action) & (indicators["rang"] == rank)]
    consumed = details[(details["action"] == action) & (details["mesure"] == "consomme")]
    if count.empty or consumed.empty:
        return None
    count = count.iloc[0]
    not_realised, provisioned = _unspent_credits(tables, action)
    credits = float(consumed["valeur"].sum())
    unspent = float(not_realised["valeur"].sum() + provisioned["valeur"].sum())
    spent = max(credits - unspent, 0.0)
    number = float(count["valeur"])
    count_period = _count_period(count)
    caveats = []
    if count["nature"] != "constat":
        caveats.append("l'effectif est un objectif, pas un chiffre constaté")
    if not spent:
        caveats.append(_nothing_spent(not_realised, provisioned))
    elif not _years([count_period]) <= _years(consumed["periode"]):
        caveats.append(_other_years(tables, action, count_period, consumed))
    computed = spent and number and count["nature"] == "constat"
    return {
        "action": action,
        "unite": unit,
        "label": str(count["libelle"]),
        "consumed": credits,
        "unspent": unspent,
        "spent": spent,
        "count": number,
        "count_period": count_period,
        "cost": spent / number if computed else math.nan,
        "caveat": " ; ".join(caveats),
        "sources": (
            *consumed["source"],
            count["source"],
            *not_realised["source"],
            *provisioned["source"],
        ),
    }


def _unspent_credits(tables, action: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What an action's page says was not spent of its AMI credits: the subsidies not realised, and
    the amounts provisioned for later."""
    subsidies, amounts = tables["finances_subventions_actions"], tables["actions_montants"]
    not_realised = subsidies[
        (subsidies["action"] == action)
        & subsidies["nature"].isin(UNSPENT_SUBSIDIES)
        & (subsidies["financeur"] == "ami")
    ]
    provisioned = amounts[(amounts["action"] == action) & amounts["mesure"].isin(UNSPENT_AMOUNTS)]
    return not_realised, provisioned


def _nothing_spent(not_realised: pd.DataFrame, provisioned: pd.DataFrame) -> str:
    """Why no credit was spent on a count, in the words of the action's page."""
    said = [
        f"{format_euros(row.valeur)} de la subvention {row.periode} non réalisés (report sur N3)"
        for row in not_realised.itertuples()
    ]
    said += [
        f"{format_euros(row.valeur)} provisionnés pour être dépensés en {row.annee}"
        for row in provisioned.itertuples()
    ]
    return "aucun crédit dépensé auprès de cet effectif selon la page de l'action : " + " ; ".join(said)


def _other_years(tables, action: str, count_period: str, consumed: pd.DataFrame) -> str:
    """That a count and the credits are not of the same years, with the years of the action's page."""
    subsidies = tables["finances_subventions_actions"]
    page = subsidies[
        (subsidies["action"] == action) & (subsidies["financeur"] == "ami") & (subsidies["valeur"] > 0)
    ]
    on_page = f" ({_spans(page['periode'])} selon la page de l'action)" if not page.empty else ""
    return (
        f"l'effectif porte sur {count_period}, les crédits sur {_spans(consumed['periode'])} selon la "
        f"synthèse{on_page}"
    )


def gap_by_action(allocations: pd.DataFrame) -> pd.DataFrame:
    """The actions whose allocation was not consumed, as the préambule explains the gap."""
    rows = allocations[(allocations["mesure"] == "ecart") & (allocations["action"] != "")]
    return rows[["action", "periode", "periode_imprimee", "valeur", "source"]].reset_index(drop=True)


def prorata(amount: float, months: float) -> float:
    """An annual amount for ``months`` months of the year.

    >>> round(prorata(115000, 8), 2)
    76666.67
    """
    return amount * months / MONTHS_PER_YEAR


# ------------------------------------------------------------------------------------------------
# The convention's calendar (finances_calendrier)


CALENDAR_TABLE = "finances_calendrier"


def period_years(period: str) -> range:
    """The calendar years a period code covers.

    >>> list(period_years("2024-2025")), list(period_years("2026"))
    ([2024, 2025], [2026])
    """
    first, _, last = period.partition("-")
    return range(int(first), int(last or first) + 1)


def edition_years(calendar: pd.DataFrame) -> list[int]:
    """The years for which an edition can be made: those the convention's periods cover.

    >>> from lda_analysis.contract.data import load_table
    >>> edition_years(load_table(CALENDAR_TABLE))
    [2021, 2022, 2023, 2024, 2025, 2026, 2027]
    """
    return sorted({year for period in calendar["periode"] for year in period_years(period)})


def edition_period(calendar: pd.DataFrame, year: int) -> str | None:
    """The reporting period of the edition ``year``: the shortest period that ends that year.

    >>> from lda_analysis.contract.data import load_table
    >>> calendar = load_table("finances_calendrier")
    >>> [edition_period(calendar, year) for year in (2024, 2025, 2026)]
    ['2023-2024', '2024-2025', '2026']
    """
    ending = [period for period in calendar["periode"] if period_years(period)[-1] == year]
    return min(ending, key=lambda period: len(period_years(period))) if ending else None


# The kind of rapport of an edition, by the plan of its reporting period: the rapport d'exécution
# 2021-2024 is the bilan of plan 1; each year of plan 2 has its yearly rapport of the convention.
REPORT_KIND = {"plan_lda_1": "bilan", "plan_lda_2": "annuel"}
CONVENTION_PLAN = "plan_lda_2"


def _longest(calendar: pd.DataFrame, plan: str) -> str:
    periods = calendar.loc[calendar["plan"] == plan, "periode"]
    return max(periods, key=lambda period: (len(period_years(period)), period))


def edition_scope(calendar: pd.DataFrame, year: int) -> ReportScope:
    """What the rapport of the edition ``year`` reports on (:class:`~lda_analysis.domains.registry.ReportScope`):
    the plan of its reporting period, the bilan of the whole plan 1 or the year of plan 2, under the
    convention 2024-2027.

    >>> from lda_analysis.contract.data import load_table
    >>> calendar = load_table("finances_calendrier")
    >>> [edition_scope(calendar, year).title for year in (2024, 2025, 2026)]
    ["Rapport d'exécution 2021-2024", "Rapport d'exécution 2024-2025", "Rapport d'exécution 2026"]
    >>> edition_scope(calendar, 2024).kind, edition_scope(calendar, 2027).kind
    ('bilan', 'annuel')
    """
    period = edition_period(calendar, year)
    if period is None:  # a year no period ends (2021): the period that covers it
        period = next(code for code in sorted(calendar["periode"]) if year in period_years(code))
    plan = calendar.loc[calendar["periode"] == period, "plan"].iloc[0]
    kind = REPORT_KIND[plan]
    return ReportScope(
        year=year,
        kind=kind,
        plan=plan,
        period=period,
        covered=_longest(calendar, plan) if kind == "bilan" else period,
        convention=_longest(calendar, CONVENTION_PLAN),
    )


def period_months(calendar: pd.DataFrame, period: str) -> tuple[int, str] | None:
    """The months of a dated period of the calendar (first and last months included) and its label,
    or None when the calendar does not date it.

    >>> from lda_analysis.contract.data import load_table
    >>> period_months(load_table("finances_calendrier"), "2024-2025")
    (15, 'du 01 octobre 2024 au 31 décembre 2025')
    """
    rows = calendar[
        (calendar["periode"] == period) & (calendar["date_debut"] != "") & (calendar["date_fin"] != "")
    ]
    if rows.empty:
        return None
    start, end = (pd.Timestamp(rows["date_debut"].iloc[0]), pd.Timestamp(rows["date_fin"].iloc[0]))
    return (
        months_inclusive(start.year, start.month, end.year, end.month),
        str(rows["periode_imprimee"].iloc[0]),
    )
