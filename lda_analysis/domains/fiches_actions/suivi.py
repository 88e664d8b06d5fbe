"""The yearly follow-up of the fiches actions of the 2024-2027 roadmap: each fiche's identity, its
status period after period and what changed, its deliverables and milestones, its indicators against
their targets (tables ``fiches_suivi``, ``fiches_realisations`` and ``fiches_indicateurs_suivi``,
which only the yearly rapports of the convention 2024-2027 hold).

The starting point of the convention is what the rapport d'exécution 2021-2024 prints, read where it
is stored and never typed again: the roadmap's status of each fiche (``perspectives_feuille_de_route``)
or, where the roadmap prints none, the decision of the tables of §4.1 to §4.4
(``perspectives_tableaux_actions``: a new action is still to be engaged, a continued one is running).
A target a new sheet prints (``fiches_parametres``, e.g. 56 e-learning connections in 2025 for sheet
5 adaptée) is read in the sheet; every achievement rate is computed here.

Pure functions: tables in, DataFrames, lists and numbers out.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import kept, select_rows

from ..finances.computations import period_years
from .computations import COFUNDING_ITEMS, SHEETS, operator_name, sheet_label

STATUS_TABLE, DELIVERABLES_TABLE, INDICATORS_TABLE = (
    "fiches_suivi",
    "fiches_realisations",
    "fiches_indicateurs_suivi",
)
FOLLOW_UP_TABLES = (STATUS_TABLE, DELIVERABLES_TABLE, INDICATORS_TABLE)
ROADMAP_TABLE = "perspectives_feuille_de_route"
# The period before the convention's first one: what the rapport d'exécution 2021-2024 printed.
STARTING_POINT = "rapport d'exécution 2021-2024"

# The roadmap's printed statuses (perspectives_feuille_de_route.statut) as statuses of the follow-up
# (vocabulary fiches_statut); « non_precise » (no status printed) has none.
ROADMAP_STATUS = {
    "terminee": "terminee",
    "en_cours_fin_dec_2024": "en_cours",
    "a_reprendre_2026": "reportee",
    "fiche_ars_financement_100_ars": "en_preparation",
}
# Where the roadmap prints no status: the decision of the §4.1-4.4 tables for 2024-2025.
DECISION_STATUS = {"nouvelle": "a_engager", "renouveler": "a_engager", "poursuivre": "en_cours"}
NOT_STARTED = ("a_engager", "en_preparation", "reportee")
RUNNING, FINISHED = "en_cours", "terminee"
# How a fiche's status compares with the previous period's.
CHANGES = {
    "inchange": "inchangé",
    "change": "changé",
    "non_renseigne": "donnée non disponible",
    "depart_inconnu": "statut précédent inconnu",
}


def follow_up_periods() -> tuple[str, ...]:
    """The reporting periods of the follow-up, in order (the schema's periods of ``fiches_suivi``).

    >>> follow_up_periods()
    ('2024-2025', '2026', '2027')
    """
    return tuple(get_schema().labels(STATUS_TABLE, "periode"))


def previous_period(period: str) -> str | None:
    """The period before ``period`` in the follow-up; None for the first (whose starting point is
    the rapport d'exécution 2021-2024).

    >>> previous_period("2026"), previous_period("2024-2025")
    ('2024-2025', None)
    """
    periods = follow_up_periods()
    rank = periods.index(period)
    return periods[rank - 1] if rank else None


def period_label(period: str | None) -> str:
    """How a sentence names a period of the follow-up, or the starting point.

    >>> period_label("2026"), period_label(None)
    ('2026', "rapport d'exécution 2021-2024")
    """
    return STARTING_POINT if period is None else period


def period_end(period: str) -> date:
    """The last day of a period of the convention (31 December of its last year).

    >>> period_end("2024-2025")
    datetime.date(2025, 12, 31)
    """
    return date(period_years(period)[-1], 12, 31)


def roadmap_order(tables: Tables) -> list[str]:
    """The fiches actions of the 2024-2027 roadmap, in its order.

    >>> from lda_analysis.contract.data import load_tables
    >>> order = roadmap_order(load_tables())
    >>> len(order), order[:3], order[-1]
    (25, ['3', '4', '8'], '7')
    """
    return tables[ROADMAP_TABLE].sort_values("rang", kind="stable")["action"].tolist()


# ------------------------------------------------------------------------------------------------
# Identity of the roadmap's fiches (axis, sub-axis, pilot, operator, funding)


def _texts(frame: pd.DataFrame, action: str, field: str) -> pd.DataFrame:
    return frame[(frame["action"] == action) & (frame["element"] == field)].sort_values("rang")


def _operator(tables: Tables, action: str) -> tuple[str, list[str]]:
    """The operator a new sheet names first, else the operator of the plan-1 page."""
    named = _texts(tables["fiches_identite"], action, "operateur")
    if len(named):
        return operator_name(named["texte"].iloc[0]), [named["source"].iloc[0]]
    plan1 = tables["actions_fiches"]
    rows = plan1[(plan1["action"] == action) & (plan1["operateur"] != "")]
    return (rows["operateur"].iloc[0], [rows["source"].iloc[0]]) if len(rows) else ("", [])


def _funding(tables: Tables, action: str) -> tuple[float, float, str, list[str]]:
    """A new sheet's AMI request and co-financing (header of the sheet), and the funding outside the
    AMI that the §4 tables print (« Financement 100 % ARS »): NaN and "" where the seed gives none."""
    funding = tables["fiches_financements"]
    header = funding[(funding["action"] == action) & (funding["mention"] == "encart")]
    ami, cofunding = (
        header[header["nature_montant"] == "financement_ami"],
        header[header["nature_montant"].isin(COFUNDING_ITEMS)],
    )
    rows = select_rows(tables["perspectives_tableaux_actions"], action=action)
    other = rows[rows["financement"] != ""]
    return (
        float(ami["valeur"].sum()) if action in SHEETS and len(ami) else math.nan,
        float(cofunding["valeur"].sum()) if len(cofunding) else math.nan,
        other["financement"].iloc[0] if len(other) else "",
        [*ami["source"], *cofunding["source"], *other["source"]],
    )


def roadmap_actions(tables: Tables) -> pd.DataFrame:
    """One row per fiche action of the 2024-2027 roadmap, in its order: ``label`` (« FA 20 »),
    ``axe``, ``sous_axe``, ``pilote`` and ``operateur`` (the new sheets, else the plan-1 page),
    ``ami`` and ``cofinancing`` (header of a new sheet, NaN elsewhere), ``other_funding`` (code of the
    §4 tables, « financement_100_ars »), ``plan1_section`` (its §1 page in the rapport 2021-2024)
    and ``sources``.

    >>> from lda_analysis.contract.data import load_tables
    >>> fiches = roadmap_actions(load_tables()).set_index("action")
    >>> fiches.loc["20", ["axe", "sous_axe", "pilote", "operateur"]].tolist(), float(fiches.loc["20", "ami"])
    (['axe_3', '3_1', 'MTPM', 'L’Agence Nouvelle des Solidarités Actives (Ansa)'], 40000.0)
    """
    roadmap = tables[ROADMAP_TABLE].sort_values("rang", kind="stable")
    identity, plan1 = tables["fiches_identite"], tables["actions_fiches"]
    rows = []
    for row in roadmap.itertuples(index=False):
        pilots = _texts(identity, row.action, "pilote")
        operator, operator_sources = _operator(tables, row.action)
        ami, cofinancing, other, funding_sources = _funding(tables, row.action)
        section = plan1.loc[plan1["action"] == row.action, "section"]
        rows.append(
            {
                "rang": row.rang,
                "action": row.action,
                "label": sheet_label(row.action),
                "axe": row.axe,
                "sous_axe": row.sous_axe,
                "pilote": " ; ".join(pilots["texte"]),
                "operateur": operator,
                "ami": ami,
                "cofinancing": cofinancing,
                "other_funding": other,
                "plan1_section": section.iloc[0] if len(section) else "",
                "sources": (row.source, *pilots["source"], *operator_sources, *funding_sources),
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------
# Statuses and what changed


def starting_statuses(tables: Tables) -> pd.DataFrame:
    """The status of each roadmap fiche at the start of the convention, as the rapport d'exécution
    2021-2024 prints it: ``statut`` (a code of ``fiches_statut``, "" when nothing is printed),
    ``printed`` (the words of the rapport), ``source``.

    >>> from lda_analysis.contract.data import load_tables
    >>> start = starting_statuses(load_tables()).set_index("action")
    >>> start.loc[["8", "10", "11", "20", "3"], "statut"].tolist()
    ['terminee', 'en_cours', 'reportee', 'a_engager', '']
    """
    roadmap = tables[ROADMAP_TABLE].sort_values("rang", kind="stable")
    printed = get_schema().labels(ROADMAP_TABLE, "statut")
    decisions = get_schema().labels("perspectives_tableaux_actions", "decision")
    orientations = tables["perspectives_tableaux_actions"]
    rows = []
    for row in roadmap.itertuples(index=False):
        decided = orientations[
            (orientations["action"] == row.action) & (orientations["periode"] == "2024-2025")
        ]
        if row.statut in ROADMAP_STATUS:
            status, words, source = ROADMAP_STATUS[row.statut], printed[row.statut], row.source
        elif len(decided):
            first = decided.iloc[0]
            status = DECISION_STATUS[first["decision"]]
            words = f"« {decisions[first['decision']]} » (tableau des actions du §4.{first['orientation']})"
            source = first["source"]
        else:
            status, words, source = "", printed[row.statut], row.source
        rows.append({"action": row.action, "statut": status, "printed": words, "source": source})
    return pd.DataFrame(rows, columns=["action", "statut", "printed", "source"])


def _period_statuses(tables: Tables, period: str | None) -> pd.DataFrame:
    """Statuses of a period (``statut``, ``printed``, ``date``, ``source``, by action); the
    starting point for None."""
    if period is None:
        return starting_statuses(tables).assign(date="").set_index("action")
    rows = select_rows(tables[STATUS_TABLE], periode=period)
    labels = get_schema().labels(STATUS_TABLE, "statut")
    return pd.DataFrame(
        {
            "statut": rows["statut"].tolist(),
            "printed": [labels[code] for code in rows["statut"]],
            "date": rows["date_statut"].tolist(),
            "source": rows["source"].tolist(),
        },
        index=pd.Index(rows["action"].tolist(), name="action"),
    )


def _change(previous: str, current: str) -> str:
    if not current:
        return "non_renseigne"
    if not previous:
        return "depart_inconnu"
    return "inchange" if previous == current else "change"


def status_changes(tables: Tables, period: str) -> pd.DataFrame:
    """Every roadmap fiche's status for ``period`` and for the period before (the rapport
    d'exécution 2021-2024 for 2024-2025), and the change (:data:`CHANGES`): ``action``, ``statut``,
    ``date``, ``previous``, ``previous_printed``, ``change``, ``source``, ``previous_source``; a
    fiche without a row for ``period`` has an empty ``statut``.

    >>> from lda_analysis.contract.data import load_tables
    >>> changes = status_changes(load_tables(), "2024-2025").set_index("action")
    >>> changes.loc["10", ["statut", "previous_printed", "change"]].tolist()
    ['', 'en cours / sera terminée en déc. 2024', 'non_renseigne']
    """
    current, previous = _period_statuses(tables, period), _period_statuses(tables, previous_period(period))
    rows = []
    for action in roadmap_order(tables):
        now = current.loc[action] if action in current.index else None
        before = previous.loc[action] if action in previous.index else None
        status, earlier = ("" if now is None else now["statut"]), ("" if before is None else before["statut"])
        rows.append(
            {
                "action": action,
                "statut": status,
                "date": "" if now is None else now["date"],
                "previous": earlier,
                "previous_printed": "" if before is None else before["printed"],
                "change": _change(earlier, status),
                "source": "" if now is None else now["source"],
                "previous_source": "" if before is None else before["source"],
            }
        )
    return pd.DataFrame(rows)


def started_and_finished(tables: Tables, period: str) -> dict[str, list[str]]:
    """The fiches that started during ``period`` (running or finished, after a status of not started)
    and those that finished (finished, after a status of not started or running). A fiche whose
    previous status is unknown is in neither list.

    >>> from lda_analysis.contract.data import load_tables
    >>> started_and_finished(load_tables(), "2024-2025")
    {'started': [], 'finished': []}
    """
    changes = status_changes(tables, period)
    started = changes["statut"].isin([RUNNING, FINISHED]) & changes["previous"].isin(NOT_STARTED)
    finished = (changes["statut"] == FINISHED) & changes["previous"].isin([*NOT_STARTED, RUNNING])
    return {
        "started": changes.loc[started, "action"].tolist(),
        "finished": changes.loc[finished, "action"].tolist(),
    }


def reopened_statuses(statuses: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``fiches_suivi`` that say a fiche is running or not started after a period where
    it was finished (« terminée » then « en cours »): ``action``, ``period``, ``statut``,
    ``finished_in``, ``source``, ``finished_source``.

    >>> rows = pd.DataFrame({"action": ["20", "20"], "periode": ["2024-2025", "2026"],
    ...                      "statut": ["terminee", "en_cours"], "source": ["a", "b"]})  # données fictives
    >>> reopened_statuses(rows)[["action", "periode", "finished_in"]].values.tolist()
    [['20', '2026', '2024-2025']]
    """
    order = {period: rank for rank, period in enumerate(follow_up_periods())}
    found = []
    for action, rows in statuses.groupby("action", sort=False):
        rows = rows.sort_values("periode", key=lambda periods: periods.map(order))
        done = None
        for row in rows.itertuples(index=False):
            if done is not None and row.statut in (*NOT_STARTED, RUNNING):
                found.append([action, row.periode, row.statut, done.periode, row.source, done.source])
            if row.statut == FINISHED and done is None:
                done = row
    columns = ["action", "periode", "statut", "finished_in", "source", "finished_source"]
    return pd.DataFrame(found, columns=columns)


def dates_after_period(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of a follow-up table whose date (``column``) falls after the end of their period.

    >>> rows = pd.DataFrame({"periode": ["2024-2025", "2026"], "date_statut": ["2026-01-15", ""]})  # données fictives
    >>> dates_after_period(rows, "date_statut")["date_statut"].tolist()
    ['2026-01-15']
    """
    late = [
        bool(day) and date.fromisoformat(day) > period_end(period)
        for day, period in zip(frame[column], frame["periode"], strict=True)
    ]
    return kept(frame[late], frame)


def actions_outside_roadmap(tables: Tables, name: str) -> list[str]:
    """The fiches actions of a follow-up table that the 2024-2027 roadmap does not hold.

    >>> from lda_analysis.contract.data import load_tables
    >>> actions_outside_roadmap(load_tables(), "fiches_suivi")
    []
    """
    roadmap = set(tables[ROADMAP_TABLE]["action"])
    return sorted(set(tables[name]["action"]) - roadmap)


# ------------------------------------------------------------------------------------------------
# Deliverables and milestones


def period_deliverables(tables: Tables, period: str, action: str | None = None) -> pd.DataFrame:
    """The deliverables and milestones of ``period`` (of one fiche, or of all in the roadmap's
    order), milestones after deliverables, by rank.

    >>> from lda_analysis.contract.data import load_tables
    >>> len(period_deliverables(load_tables(), "2024-2025", "23"))
    0
    """
    rows = select_rows(tables[DELIVERABLES_TABLE], periode=period)
    if action is not None:
        rows = select_rows(rows, action=action)
    order = {code: rank for rank, code in enumerate(roadmap_order(tables))}
    sort = rows.assign(_order=rows["action"].map(order), _nature=rows["nature"] == "jalon")
    return kept(
        sort.sort_values(["_order", "_nature", "rang"], kind="stable").drop(columns=["_order", "_nature"]),
        rows,
    )


# ------------------------------------------------------------------------------------------------
# Indicators: target against achieved

YEAR_IN_LABEL = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def target_applies(label: str, period: str) -> bool:
    """Whether a target a sheet prints for ``label`` (« 2025 », « par an ») holds for ``period``: a
    label that names years holds for the periods covering one of them, any other for every period.

    >>> target_applies("2025", "2024-2025"), target_applies("2025", "2026"), target_applies("par an", "2026")
    (True, False, True)
    """
    named = [int(year) for year in YEAR_IN_LABEL.findall(label or "")]
    return not named or any(year in period_years(period) for year in named)


def achievement_rate(achieved: float, target: float) -> float:
    """The share of the target achieved, in percent; NaN when either is missing or the target is 0.

    >>> achievement_rate(42, 56)  # 42 connexions réalisées (donnée fictive) sur les 56 de la fiche 5 adaptée
    75.0
    """
    if achieved is None or target is None or math.isnan(achieved) or math.isnan(target) or target == 0:
        return math.nan
    return 100 * float(achieved) / float(target)


def _empty_cell(column) -> object:
    if column.type == "number":
        return math.nan
    return pd.NA if column.type == "integer" else ""


def planned_indicators(action: str, period: str) -> pd.DataFrame:
    """The indicators offered to fill for a fiche (the ``template_rows`` of
    ``fiches_indicateurs_suivi``: those the new sheets define, with the targets they print) as rows
    of that table for ``period``, nothing achieved: what a page shows before the analyst's rows.

    >>> planned_indicators("5_adaptee", "2024-2025")[["indicateur", "cible_fiche"]].values.tolist()[2]
    [3, 'connexions_elearning_ahi']
    """
    table = get_schema().table(INDICATORS_TABLE)
    empty = {name: _empty_cell(column) for name, column in table.columns.items()}
    rows = [{**empty, **row, "periode": period} for row in table.template_rows if row["action"] == action]
    frame = pd.DataFrame(rows, columns=list(table.columns))
    frame.attrs["table"] = INDICATORS_TABLE
    return frame


def fiche_target(tables: Tables, action: str, measure: str, period: str) -> dict | None:
    """The target a sheet prints for ``measure`` (its first mention in ``fiches_parametres``):
    ``low`` and ``high`` (equal for one figure, the bounds of a range), ``unit``, ``period_label``,
    ``applies`` (to ``period``, see :func:`target_applies`) and ``sources``; None if it prints none.

    >>> from lda_analysis.contract.data import load_tables
    >>> target = fiche_target(load_tables(), "5_adaptee", "connexions_elearning_ahi", "2024-2025")
    >>> target["low"], target["unite"], target["periode_imprimee"], target["applies"]
    (56.0, 'nombre', '2025', True)
    """
    rows = select_rows(tables["fiches_parametres"], action=action, mesure=measure, mention=1)
    if rows.empty:
        return None
    values = dict(zip(rows["borne"], rows["valeur"].astype(float), strict=True))
    low = values.get("valeur", values.get("minimum", values.get("maximum")))
    label = rows["periode_imprimee"].iloc[0]
    return {
        "low": low,
        "high": values.get("valeur", values.get("maximum", low)),
        "unite": rows["unite"].iloc[0],
        "periode_imprimee": label,
        "applies": target_applies(label, period),
        "sources": tuple(rows["source"]),
    }


def _sheet_indicator(tables: Tables, row) -> tuple[str, bool, tuple[str, ...]]:
    """The text of the sheet's indicator a row designates, whether the designation holds (none, or
    both columns designating a row of ``fiches_indicateurs``) and its source."""
    kind, rank = row.fiche_type, row.fiche_rang
    if not kind and pd.isna(rank):
        return "", True, ()
    if not kind or pd.isna(rank):
        return "", False, ()
    found = select_rows(tables["fiches_indicateurs"], action=row.action, type_indicateur=kind, rang=int(rank))
    return (found["texte"].iloc[0], True, (found["source"].iloc[0],)) if len(found) else ("", False, ())


def _target(tables: Tables, row) -> dict:
    """A row's target: the analyst's (``cible``) or the sheet's (``cible_fiche``), its unit and a note
    when the sheet's holds for other years only."""
    measures = get_schema().labels("fiches_parametres", "mesure")
    if not row.cible_fiche:
        typed = float(row.cible) if not pd.isna(row.cible) else math.nan
        return {
            "target": typed,
            "high": typed,
            "unite": "",
            "name": "",
            "found": True,
            "note": "",
            "sources": (),
        }
    found = fiche_target(tables, row.action, row.cible_fiche, row.periode)
    if found is None:
        return {
            "target": math.nan,
            "high": math.nan,
            "unite": "",
            "name": "",
            "found": False,
            "note": "",
            "sources": (),
        }
    holds = found["applies"]
    return {
        "target": found["low"] if holds else math.nan,
        "high": found["high"] if holds else math.nan,
        "unite": found["unite"],
        "name": measures[row.cible_fiche],
        "found": True,
        "note": "" if holds else f"la fiche fixe sa cible pour « {found['periode_imprimee']} »",
        "sources": found["sources"],
    }


def resolved_indicators(tables: Tables, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``fiches_indicateurs_suivi`` with what they designate, read where it is stored:
    ``label`` (the analyst's, else the sheet's indicator, else the name of the sheet's target),
    ``target_name``, ``fiche_found`` and ``target_found`` (whether the designated indicator and
    target exist), ``typed_target``, ``target`` and ``target_high`` (a range's bounds), ``target_note``,
    ``target_unit`` (the sheet's), ``unit`` (the analyst's, else the sheet's), ``realise``, ``rate``
    (computed against ``target``) and ``sources``.

    >>> from lda_analysis.contract.data import load_tables
    >>> found = resolved_indicators(load_tables(), planned_indicators("21", "2024-2025")).iloc[2]
    >>> found["label"], found["target_name"], found["unite"]
    ('Nombre de binômes constitués', 'Binômes de mentorat (1 jeune + 1 mentor) créés par an', 'nombre')
    """
    resolved = []
    for row in rows.itertuples(index=False):
        text, fiche_found, fiche_sources = _sheet_indicator(tables, row)
        target = _target(tables, row)
        realised = float(row.realise) if not pd.isna(row.realise) else math.nan
        resolved.append(
            {
                "action": row.action,
                "periode": row.periode,
                "indicateur": int(row.indicateur),
                "niveau": row.niveau,
                "label": row.libelle or text or target["name"],
                "target_name": target["name"],
                "fiche_found": fiche_found,
                "target_found": target["found"],
                "typed_target": not pd.isna(row.cible),
                "target": target["target"],
                "target_high": target["high"],
                "target_note": target["note"],
                "target_unit": target["unite"],
                "unite": row.unite or target["unite"],
                "realise": realised,
                "rate": achievement_rate(realised, target["target"]),
                "source": row.source,
                "ligne_source": row.ligne_source,
                "sources": tuple(
                    source for source in (row.source, *fiche_sources, *target["sources"]) if source
                ),
            }
        )
    return pd.DataFrame(resolved, columns=INDICATOR_COLUMNS)


INDICATOR_COLUMNS = [
    "action",
    "periode",
    "indicateur",
    "niveau",
    "label",
    "target_name",
    "fiche_found",
    "target_found",
    "typed_target",
    "target",
    "target_high",
    "target_note",
    "target_unit",
    "unite",
    "realise",
    "rate",
    "source",
    "ligne_source",
    "sources",
]


def indicator_results(tables: Tables, action: str, period: str) -> pd.DataFrame:
    """A fiche's indicators for ``period``, target against achieved (:func:`resolved_indicators`):
    the analyst's rows, or, before there are any, the indicators the sheet defines with its targets
    and nothing achieved (``planned`` true).

    >>> from lda_analysis.contract.data import load_tables
    >>> results = indicator_results(load_tables(), "5_adaptee", "2024-2025")
    >>> results[["target", "realise", "planned"]].values.tolist()[2]
    [56.0, nan, True]
    """
    rows = select_rows(tables[INDICATORS_TABLE], action=action, periode=period)
    planned = rows.empty
    if planned:
        rows = planned_indicators(action, period)
    resolved = resolved_indicators(tables, rows.sort_values("indicateur", kind="stable"))
    return resolved.assign(planned=planned)


def indicator_evolution(tables: Tables, period: str) -> pd.DataFrame:
    """Each indicator achieved in ``period``, with its value in the period before and in the first
    period of the convention that has one, and the changes computed: ``action``, ``indicateur``,
    ``realise``, ``previous``, ``first``, ``first_period``, ``since_previous``, ``since_first``.

    >>> from lda_analysis.contract.data import load_tables
    >>> indicator_evolution(load_tables(), "2026").empty
    True
    """
    rows = tables[INDICATORS_TABLE]
    rows = rows[rows["realise"].notna()]
    before = previous_period(period)
    periods = follow_up_periods()
    found = []
    for (action, indicator), group in rows.groupby(["action", "indicateur"], sort=False):
        values = dict(zip(group["periode"], group["realise"], strict=True))
        if period not in values:
            continue
        earlier = [code for code in periods[: periods.index(period)] if code in values]
        first = earlier[0] if earlier else None
        previous = values.get(before) if before else None
        found.append(
            {
                "action": action,
                "indicateur": indicator,
                "realise": values[period],
                "previous": math.nan if previous is None else previous,
                "first": math.nan if first is None else values[first],
                "first_period": first or "",
                "since_previous": math.nan if previous is None else values[period] - previous,
                "since_first": math.nan if first is None else values[period] - values[first],
            }
        )
    columns = [
        "action",
        "indicateur",
        "realise",
        "previous",
        "first",
        "first_period",
        "since_previous",
        "since_first",
    ]
    return pd.DataFrame(found, columns=columns)
