"""Budget figures: the AMI envelope of plan 1 (allocated, planned, consumed) and the 2024-2025 request.

Pure functions on the tables ``finances_allocation``, ``finances_synthese`` and
``perspectives_financement``: every total, gap and rate is computed here from the detail rows; the
totals the document prints are only used by the consistency checks.
"""

from __future__ import annotations

import math

import pandas as pd

PLAN1_YEARS = ("2021-2022", "2022-2023", "2023-2024")


def execution_rate(consumed: float, planned: float) -> float:
    """Consumed as a percentage of planned (NaN when nothing was planned).

    >>> round(execution_rate(810000, 845000), 1)
    95.9
    """
    return math.nan if not planned else consumed / planned * 100


def _details(synthesis: pd.DataFrame) -> pd.DataFrame:
    """The synthesis' detail rows (one action, one year), without its printed totals."""
    return synthesis[synthesis["kind"] != "total"]


def synthesis_by_year(synthesis: pd.DataFrame) -> pd.DataFrame:
    """Planned and consumed AMI amounts per convention year, summed over the actions.

    >>> from lda_analysis.data import load_table
    >>> synthesis_by_year(load_table("finances_synthese"))[["period", "planned", "consumed"]].values.tolist()
    [['2021-2022', 330000.0, 295000.0], ['2022-2023', 265000.0, 250000.0], ['2023-2024', 250000.0, 265000.0]]
    """
    details = _details(synthesis)
    rows = []
    for period in PLAN1_YEARS:
        year = details[details["period"] == period]
        planned = float(year.loc[year["measure"] == "prevu", "value"].sum())
        consumed = float(year.loc[year["measure"] == "consomme", "value"].sum())
        rows.append({"period": period, "planned": planned, "consumed": consumed,
                     "rate": execution_rate(consumed, planned)})
    return pd.DataFrame(rows)


def synthesis_by_action(synthesis: pd.DataFrame) -> pd.DataFrame:
    """Planned and consumed AMI amounts of each action over the three years, in the synthesis' order.

    Actions that the synthesis lists without any amount (4, 6, 8, 11, 12) are left out.
    """
    details = _details(synthesis)
    rows = []
    for action in dict.fromkeys(details["action"]):
        lines = details[details["action"] == action]
        planned = float(lines.loc[lines["measure"] == "prevu", "value"].sum())
        consumed = float(lines.loc[lines["measure"] == "consomme", "value"].sum())
        rows.append({"action": action, "planned": planned, "consumed": consumed,
                     "rate": execution_rate(consumed, planned)})
    return pd.DataFrame(rows, columns=["action", "planned", "consumed", "rate"])


def action_by_year(synthesis: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """Planned, consumed and not-consumed amounts of some actions' lines, one row per year."""
    lines = _details(synthesis)
    lines = lines[lines["action"].isin(codes)]
    rows = []
    for period in PLAN1_YEARS:
        year = lines[lines["period"] == period]
        if year.empty:
            continue
        amounts = {measure: float(year.loc[year["measure"] == measure, "value"].sum())
                   for measure in ("prevu", "consomme", "non_consomme")}
        rows.append({"period": period, "planned": amounts["prevu"], "consumed": amounts["consomme"],
                     "not_consumed": amounts["non_consomme"]})
    return pd.DataFrame(rows, columns=["period", "planned", "consumed", "not_consumed"])


def allocation(allocations: pd.DataFrame) -> dict[str, float]:
    """The préambule's envelope: allocated per year and in total, consumed, gap, co-financing.

    The total allocated and the gap are computed from the yearly amounts and the consumed envelope.

    >>> from lda_analysis.data import load_table
    >>> figures = allocation(load_table("finances_allocation"))
    >>> figures["allocated"], figures["gap"], round(figures["rate"], 1)
    (845000.0, 35000.0, 95.9)
    """
    yearly = allocations[(allocations["measure"] == "montant_alloue")
                         & allocations["period"].isin(PLAN1_YEARS)]
    allocated = float(yearly["value"].sum())

    def printed(measure: str) -> float:
        return float(allocations.loc[(allocations["measure"] == measure)
                                     & (allocations["action"] == ""), "value"].iloc[0])

    consumed = printed("enveloppe_consommee")
    result = {f"allocated_{row.period}": float(row.value) for row in yearly.itertuples()}
    result.update(allocated=allocated, consumed=consumed, gap=allocated - consumed,
                  rate=execution_rate(consumed, allocated), cofinancing=printed("cofinancements"))
    return result


def gap_by_action(allocations: pd.DataFrame) -> pd.DataFrame:
    """The actions whose allocation was not consumed, as the préambule explains the gap."""
    rows = allocations[(allocations["measure"] == "ecart") & (allocations["action"] != "")]
    return rows[["action", "period", "period_label", "value", "source"]].reset_index(drop=True)


def funding_request(funding: pd.DataFrame) -> pd.DataFrame:
    """The 2024-2025 request by category (continued, new): AMI request, co-financing and total cost,
    the totals computed from the rows of the §4.5 table.

    >>> from lda_analysis.data import load_table
    >>> request = funding_request(load_table("perspectives_financement"))
    >>> request[["category", "ami", "cofinancing", "total_cost"]].values.tolist()
    [['poursuivre_renouveler', 227500.0, 350000.0, 577500.0], ['nouvelles', 178000.0, 52000.0, 230000.0]]
    """
    rows = funding[(funding["emplacement"] == "tableau") & (funding["typologie"] != "total")
                   & (funding["kind"] != "total")]
    result = []
    for category in dict.fromkeys(rows["typologie"]):
        lines = rows[rows["typologie"] == category].set_index("poste")["value"]
        ami, cofinancing = float(lines.get("demande_ami", 0)), float(lines.get("cofinancement", 0))
        result.append({"category": category, "ami": ami, "cofinancing": cofinancing,
                       "total_cost": ami + cofinancing})
    return pd.DataFrame(result, columns=["category", "ami", "cofinancing", "total_cost"])


def carried_over(funding: pd.DataFrame) -> float:
    """The amount of plan 1 carried over to 2024-2025, as the §4.5 table prints it."""
    row = funding[(funding["emplacement"] == "tableau") & (funding["poste"] == "report_n1")]
    return float(row["value"].iloc[0])
