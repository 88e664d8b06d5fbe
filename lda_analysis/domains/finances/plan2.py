"""Plan 2 (convention 2024-2027): the yearly financial synthesis of the AMI credits (Dihal) by fiche
action, the reliquat and the co-financing by funder, for one reporting period (``2024-2025``,
``2026``, ``2027``), always apart from plan 1 (``finances_synthese``): no function here sums a
period of plan 1.

Where each figure comes from (nothing is typed twice):

- planned for the whole period: for 2024-2025, the convention (``finances_convention``, article
  2.3.1: 405 500 € at most, of which 35 000 € of reliquat from plan 1, so 370 500 € paid by the
  State); for 2026 and 2027, the year's avenant, typed by the analyst in ``finances_plan2_credits``
  (``prevu_avenant``, ``reliquat_reporte`` and the State's ``verse`` on rows without an action);
- planned by action for 2024-2025: the AMI request of each action, which the convention grants in
  full (the pages of the continued actions in §1, ``actions_montants``; the headers of the new
  fiches actions, ``fiches_financements``), from :func:`lda_analysis.domains.perspectives.computations.request_by_action`
  (finances reads perspectives, never the other way);
- paid, committed, consumed by action and co-financing by funder: the analyst's rows of
  ``finances_plan2_credits`` and ``finances_plan2_cofinancements``. A missing amount stays NaN
  (« n.d. » in the book), never 0.
"""

from __future__ import annotations

import math

import pandas as pd

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row

from ..actions.computations import fiche_order
from ..perspectives.computations import RENEWED_AS, request_by_action
from .computations import execution_rate

CREDITS = "finances_plan2_credits"
COFINANCING = "finances_plan2_cofinancements"
# The yearly columns of an action's credits, as the functions here name them.
ACTION_POSTES = {"verse": "paid", "engage": "committed", "consomme": "consumed"}
# Amounts of the whole plan (rows without an action) that an avenant fixes for 2026 and 2027; the
# convention fixes them for 2024-2025 (finances_convention).
PLAN_POSTES = ("prevu_avenant", "reliquat_reporte", "verse")
# Categories of the §4.5 summary (perspectives) with an amount of AMI request, and the line of the
# §4.5 table (``typologie`` of perspectives_financement) each belongs to.
TYPOLOGY = {
    "poursuivies_avec_demande_ami": "poursuivre_renouveler",
    "nouvelles_avec_demande_ami": "nouvelles",
    "sans_demande_financement": "nouvelles",
}
# Fiche items (fiches_financements) that announce a co-financing, and the funder they name.
ANNOUNCED_FUNDERS = {"financement_mtpm": "metropole", "financement_mtpm_ddets": "metropole_ddets"}


def plan2_periods() -> list[str]:
    """The reporting periods of plan 2, as the schema of its tables allows them.

    >>> plan2_periods()
    ['2024-2025', '2026', '2027']
    """
    return list(get_schema().table(CREDITS).columns["periode"].values)


def _period_rows(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of one plan-2 period; a period of plan 1 (or any other) is refused."""
    if period not in plan2_periods():
        raise ValueError(
            f"« {period} » n'est pas une période de rapport du plan LDA 2 "
            f"({', '.join(plan2_periods())}) : le plan LDA 1 a sa propre synthèse financière."
        )
    return frame[frame["periode"] == period]


def _with_action(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["action"].fillna("") != ""]


def _without_action(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["action"].fillna("") == ""]


def _sum(values: pd.Series) -> float:
    """The sum of some amounts, NaN when there is none (a missing amount is not a zero)."""
    return float(values.sum()) if len(values) else math.nan


def requested_by_action(tables: Tables) -> pd.DataFrame:
    """The AMI credits planned by action for the period the convention funds: each action's request
    (§1 pages of the continued actions, headers of the new fiches), granted in full by the
    convention (405 500 €). FA 5 is counted as the FA 5 adaptée it becomes; FA 24 prints « AMI : 0 € ».

    The 20 000 € of FA 1 bis (line 1468) have no period on their page; the §4.5 request, which
    covers only September 2024 to December 2025, adds up only with them. Actions 18 and 19 (100 %
    ARS) have no AMI amount. Columns: action, period, planned, typologie (line of the §4.5 table),
    source.

    >>> from lda_analysis.contract.data import load_tables
    >>> planned = requested_by_action(load_tables())
    >>> planned.groupby("typologie")["planned"].sum().to_dict()
    {'nouvelles': 178000.0, 'poursuivre_renouveler': 227500.0}
    """
    requests = request_by_action(tables)
    requests = requests[requests["rubrique"].isin(list(TYPOLOGY)) & requests["ami"].notna()]
    requests = requests.reset_index(drop=True)
    total = one_row(
        tables["perspectives_financement"], emplacement="tableau", typologie="total", poste="demande_ami"
    )
    frame = pd.DataFrame(
        {
            "action": [RENEWED_AS.get(code, code) for code in requests["action"]],
            "periode": total["periode"],
            "planned": requests["ami"].astype(float),
            "typologie": requests["rubrique"].map(TYPOLOGY),
            "source": requests["source"],
        },
        columns=["action", "periode", "planned", "typologie", "source"],
    )
    return _in_fiche_order(frame)


def _in_fiche_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = sorted(range(len(frame)), key=lambda index: fiche_order(str(frame["action"].iloc[index])))
    return frame.iloc[order].reset_index(drop=True)


def planned_by_action(requested: pd.DataFrame, credits: pd.DataFrame, period: str) -> pd.DataFrame:
    """Planned AMI credits by action for ``period``: the requests the convention grants
    (:func:`requested_by_action`) for its period, the avenant's ``prevu_avenant`` rows otherwise.
    Columns: action, planned, basis (``demande`` or ``avenant``), source.

    >>> from lda_analysis.contract.data import load_tables
    >>> tables = load_tables()
    >>> planned = planned_by_action(requested_by_action(tables), tables[CREDITS], "2024-2025")
    >>> planned.loc[planned["action"] == "22", ["planned", "basis"]].values.tolist()
    [[70000.0, 'demande']]
    """
    columns = ["action", "planned", "basis", "source"]
    if period in set(requested["periode"]):
        found = requested[requested["periode"] == period]
        return pd.DataFrame(
            {
                "action": found["action"],
                "planned": found["planned"],
                "basis": "demande",
                "source": found["source"],
            },
            columns=columns,
        ).reset_index(drop=True)
    rows = _with_action(_period_rows(credits, period))
    rows = rows[rows["poste"] == "prevu_avenant"]
    frame = pd.DataFrame(
        {
            "action": rows["action"],
            "planned": rows["valeur"].astype(float),
            "basis": "avenant",
            "source": rows["source"],
        },
        columns=columns,
    )
    return _in_fiche_order(frame)


def plan2_by_action(planned: pd.DataFrame, credits: pd.DataFrame, period: str) -> pd.DataFrame:
    """The synthesis of ``period`` by action: planned (:func:`planned_by_action`), paid, committed,
    consumed, execution rate (consumed / planned, %) and not consumed (planned − consumed). An action
    with credits but nothing planned is listed too; a missing amount is NaN.

    >>> credits = pd.DataFrame(  # données fictives
    ...     {"periode": ["2024-2025"] * 2, "action": ["22", "22"], "poste": ["verse", "consomme"],
    ...      "valeur": [70000.0, 56000.0]})
    >>> planned = pd.DataFrame({"action": ["22"], "planned": [70000.0], "basis": ["demande"], "source": ["FA 22"]})
    >>> plan2_by_action(planned, credits, "2024-2025")[["paid", "consumed", "rate", "not_consumed"]].values.tolist()
    [[70000.0, 56000.0, 80.0, 14000.0]]
    """
    rows = _with_action(_period_rows(credits, period))
    actions = sorted(set(planned["action"]) | set(rows["action"]), key=fiche_order)
    records = []
    for action in actions:
        mine = planned[planned["action"] == action]
        record = {"action": action, "planned": _sum(mine["planned"])}
        for poste, name in ACTION_POSTES.items():
            record[name] = _sum(rows.loc[(rows["action"] == action) & (rows["poste"] == poste), "valeur"])
        record["rate"] = execution_rate(record["consumed"], record["planned"])
        record["not_consumed"] = record["planned"] - record["consumed"]
        records.append(record)
    columns = ["action", "planned", *ACTION_POSTES.values(), "rate", "not_consumed"]
    return pd.DataFrame(records, columns=columns)


def plan2_totals(by_action: pd.DataFrame) -> dict[str, float]:
    """The totals of :func:`plan2_by_action` over the actions (NaN when no action has the amount),
    with the execution rate of the totals.

    >>> by_action = pd.DataFrame(  # données fictives
    ...     {"planned": [70000.0, 20000.0], "paid": [70000.0, math.nan], "committed": [math.nan] * 2,
    ...      "consumed": [56000.0, 20000.0]})
    >>> totals = plan2_totals(by_action)
    >>> totals["planned"], totals["consumed"], round(totals["rate"], 1), math.isnan(totals["committed"])
    (90000.0, 76000.0, 84.4, True)
    """
    totals = {
        name: float(by_action[name].sum(min_count=1)) if len(by_action) else math.nan
        for name in ("planned", *ACTION_POSTES.values())
    }
    totals["rate"] = execution_rate(totals["consumed"], totals["planned"])
    totals["not_consumed"] = totals["planned"] - totals["consumed"]
    return totals


def missing_amounts(by_action: pd.DataFrame) -> dict[str, list[str]]:
    """For each yearly column (paid, committed, consumed), the actions that do not have it yet.

    >>> missing_amounts(pd.DataFrame({"action": ["17", "22"], "paid": [1.0, math.nan],  # données fictives
    ...                               "committed": [math.nan] * 2, "consumed": [1.0, 2.0]}))
    {'paid': ['22'], 'committed': ['17', '22'], 'consumed': []}
    """
    return {
        name: [
            action
            for action, amount in zip(by_action["action"], by_action[name], strict=True)
            if pd.isna(amount)
        ]
        for name in ACTION_POSTES.values()
    }


def _fixed_amounts(convention: pd.DataFrame, credits: pd.DataFrame, period: str) -> dict:
    """The period's amounts for the whole plan: from the convention for the period it funds, from
    the avenant's rows (without an action) otherwise; NaN where neither gives one. Article 2.3.1
    holds them all (2.3.2 repeats the 370 500 € paid: not counted twice)."""
    fixed = convention[(convention["periode"] == period) & (convention["article"] == "article_2_3_1")]
    if len(fixed):
        measures = {
            "planned": "soutien_etat_maximal",
            "reliquat_in": "reliquat_plan1",
            "state_paid": "subvention_versee",
        }
        rows = {name: fixed[fixed["mesure"] == measure] for name, measure in measures.items()}
    else:
        plan = _without_action(_period_rows(credits, period))
        postes = dict(zip(("planned", "reliquat_in", "state_paid"), PLAN_POSTES, strict=True))
        rows = {name: plan[plan["poste"] == poste] for name, poste in postes.items()}
        if rows["planned"].empty:  # no total of the avenant: the sum of its rows by action
            by_action = _with_action(_period_rows(credits, period))
            rows["planned"] = by_action[by_action["poste"] == "prevu_avenant"]
    amounts = {name: _sum(found["valeur"]) for name, found in rows.items()}
    amounts["sources"] = tuple(dict.fromkeys(source for found in rows.values() for source in found["source"]))
    return amounts


def plan2_envelope(convention: pd.DataFrame, credits: pd.DataFrame, period: str) -> dict:
    """The AMI credits of plan 2 for ``period``: planned (reliquat included), reliquat carried in,
    paid by the State, then paid, committed and consumed over the actions, execution rate, and what
    the period leaves unconsumed (State's payment + reliquat − consumed; planned − consumed when the
    payment is not known). Missing amounts are NaN.

    >>> from lda_analysis.contract.data import load_tables
    >>> tables = load_tables()
    >>> envelope = plan2_envelope(tables["finances_convention"], tables[CREDITS], "2024-2025")
    >>> envelope["planned"], envelope["reliquat_in"], envelope["state_paid"], math.isnan(envelope["consumed"])
    (405500.0, 35000.0, 370500.0, True)
    """
    envelope = _fixed_amounts(convention, credits, period)
    actions = _with_action(_period_rows(credits, period))
    for poste, name in ACTION_POSTES.items():
        envelope[name] = _sum(actions.loc[actions["poste"] == poste, "valeur"])
    envelope["available"] = envelope["state_paid"] + envelope["reliquat_in"]
    if math.isnan(envelope["available"]):
        envelope["available"] = envelope["planned"]
    envelope["rate"] = execution_rate(envelope["consumed"], envelope["planned"])
    envelope["not_consumed"] = envelope["available"] - envelope["consumed"]
    envelope["sources"] = (*envelope["sources"], *dict.fromkeys(actions["source"]))
    return envelope


def reliquat(convention: pd.DataFrame, credits: pd.DataFrame, period: str) -> dict[str, float]:
    """The reliquat of ``period``: what the convention (or the avenant) carries over into it, and
    what the period leaves unconsumed (NaN until its consumed credits are known).

    >>> from lda_analysis.contract.data import load_tables
    >>> tables = load_tables()
    >>> found = reliquat(tables["finances_convention"], tables[CREDITS], "2024-2025")
    >>> found["carried_in"], math.isnan(found["left"])
    (35000.0, True)
    """
    envelope = plan2_envelope(convention, credits, period)
    return {"carried_in": envelope["reliquat_in"], "left": envelope["not_consumed"]}


def announced_cofinancing(fiches: pd.DataFrame) -> pd.DataFrame:
    """The co-financing the new fiches actions announce (``fiches_financements``), one row per
    action and funder, from the fiche's header when it prints the amount twice.

    >>> from lda_analysis.contract.data import load_table
    >>> announced_cofinancing(load_table("fiches_financements"))[["action", "financeur", "amount"]].values.tolist()
    [['22', 'metropole', 12000.0], ['24', 'metropole_ddets', 40000.0]]
    """
    rows = fiches[fiches["nature_montant"].isin(list(ANNOUNCED_FUNDERS))]
    chosen = []
    for _key, mentions in rows.groupby(["action", "nature_montant"], sort=False):
        header = mentions[mentions["mention"] == "encart"]
        chosen.append((header if len(header) else mentions).iloc[0])
    frame = pd.DataFrame(
        {
            "action": [row["action"] for row in chosen],
            "periode": [row["periode"] for row in chosen],
            "financeur": [ANNOUNCED_FUNDERS[row["nature_montant"]] for row in chosen],
            "amount": [float(row["valeur"]) for row in chosen],
            "source": [row["source"] for row in chosen],
        },
        columns=["action", "periode", "financeur", "amount", "source"],
    )
    return _in_fiche_order(frame)


def cofinancing_by_funder(cofinancing: pd.DataFrame, period: str) -> pd.DataFrame:
    """The co-financing of ``period`` by funder, in the order of the funders' vocabulary.

    >>> rows = pd.DataFrame({"periode": ["2024-2025"] * 3, "action": ["22", "24", "24"],  # données fictives
    ...                      "financeur": ["metropole", "metropole", "ddets"], "valeur": [12000.0, 20000.0, 20000.0]})
    >>> cofinancing_by_funder(rows, "2024-2025")[["financeur", "amount"]].values.tolist()
    [['metropole', 32000.0], ['ddets', 20000.0]]
    """
    rows = _period_rows(cofinancing, period)
    funders = get_schema().vocabularies["finances_financeur"]
    records = [
        {"financeur": code, "label": label, "amount": _sum(rows.loc[rows["financeur"] == code, "valeur"])}
        for code, label in funders.items()
        if (rows["financeur"] == code).any()
    ]
    return pd.DataFrame(records, columns=["financeur", "label", "amount"])


def cofinancing_by_action(cofinancing: pd.DataFrame, announced: pd.DataFrame, period: str) -> pd.DataFrame:
    """The co-financing of ``period`` by action: what the fiches announced for it
    (:func:`announced_cofinancing`, NaN for another period or action) and what the analyst's rows
    give, with the funders; an empty action is the whole plan (code ``""``).

    >>> rows = pd.DataFrame({"periode": ["2024-2025"], "action": ["22"], "financeur": ["metropole"],  # données fictives
    ...                      "valeur": [11200.0]})
    >>> announced = pd.DataFrame({"action": ["22"], "periode": ["2024-2025"], "financeur": ["metropole"],
    ...                           "amount": [12000.0], "source": ["FA 22"]})
    >>> cofinancing_by_action(rows, announced, "2024-2025")[["action", "announced", "amount", "funders"]].values.tolist()
    [['22', 12000.0, 11200.0, ['metropole']]]
    """
    rows = _period_rows(cofinancing, period)
    rows = rows.assign(action=rows["action"].fillna(""))
    announced = announced[announced["periode"] == period]
    actions = sorted(set(announced["action"]) | set(rows["action"]), key=fiche_order)
    records = []
    for action in actions:
        mine = rows[rows["action"] == action]
        records.append(
            {
                "action": action,
                "announced": _sum(announced.loc[announced["action"] == action, "amount"]),
                "amount": _sum(mine["valeur"]),
                "funders": list(dict.fromkeys(mine["financeur"])),
            }
        )
    return pd.DataFrame(records, columns=["action", "announced", "amount", "funders"])


REQUESTS = "finances_plan2_demandes"


def next_period(period: str) -> str | None:
    """The period the yearly rapport of ``period`` asks the next avenant for; None after 2027.

    >>> next_period("2024-2025"), next_period("2026"), next_period("2027")
    ('2026', '2027', None)
    """
    periods = plan2_periods()
    rank = periods.index(period)
    return periods[rank + 1] if rank + 1 < len(periods) else None


def avenant_request(tables: Tables, period: str) -> pd.DataFrame:
    """What the rapport of ``period`` asks for the next avenant, by fiche action, beside what the
    period planned and consumed: ``action``, ``requested``, ``planned``, ``consumed`` (NaN where
    not given), in the fiches' order."""
    asked = next_period(period)
    requests = tables[REQUESTS]
    requests = requests[(requests["periode"] == period) & (requests["periode_demandee"] == asked)]
    by_action = plan2_by_action(
        planned_by_action(requested_by_action(tables), tables[CREDITS], period), tables[CREDITS], period
    )
    # An edition whose period plans nothing has an empty synthesis, whose codes pandas types as
    # numbers: the codes are text on both sides.
    merged = (
        by_action[["action", "planned", "consumed"]]
        .astype({"action": object})
        .merge(
            requests[["action", "valeur"]].rename(columns={"valeur": "requested"}).astype({"action": object}),
            on="action",
            how="outer",
        )
    )
    merged = merged.fillna({"action": ""})
    return _in_fiche_order(merged[["action", "requested", "planned", "consumed"]]).reset_index(drop=True)


def template_requests(tables: Tables, period: str) -> pd.DataFrame:
    """The rows the workbook of ``period`` offers for the next avenant's request: one per fiche
    action the period funds (none in 2027, the convention's last year)."""
    asked = next_period(period)
    if asked is None:
        return pd.DataFrame(columns=["periode", "periode_demandee", "action", "unite", "nature_chiffre"])
    planned = planned_by_action(requested_by_action(tables), tables[CREDITS], period)
    actions = [code for code in planned["action"] if code]
    return pd.DataFrame(
        {
            "periode": period,
            "periode_demandee": asked,
            "action": actions,
            "unite": "euros",
            "nature_chiffre": "observe",
        }
    )
