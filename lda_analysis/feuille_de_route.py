"""The 2024-2027 roadmap of plan 2 (§4 of the rapport d'exécution): what the pages « Perspectives »,
« Les quatre orientations » and « La demande de financement 2024-2025 » show.

Pure functions on the tables of ``data/`` (``perspectives_*``, and, for the request action by action,
``actions_montants`` and ``fiches_financements``): every count, total and share is computed here from
the detail rows. Tables are :class:`lda_analysis.tables.Table` objects (French headers, escaped
cells, source line); sentences are :class:`lda_analysis.statements.Statement` objects.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .finance import allocation, carried_over, execution_rate, funding_request
from .formatting import format_euros, format_number
from .schema import get_schema
from .statements import Statement
from .tables import Table, figures_table

Tables = dict[str, pd.DataFrame]

ROADMAP = "perspectives_feuille_de_route"
AXES = "perspectives_axes"
ACTION_TABLES = "perspectives_tableaux_actions"
ORIENTATIONS = "perspectives_orientations"
FIGURES = "perspectives_chiffres"
CALENDAR = "perspectives_calendrier"
FUNDING = "perspectives_financement"
COUNTS = "perspectives_nombre_actions"

# « FA 5. Garantir un socle commun […] / devient : FA 5. Formation pour le secteur de l'AHI » (§4.1):
# the roadmap lists FA 5 and FA 5 adaptée, the tables of §4.1 to 4.4 only the adapted fiche.
RENEWED_AS = {"5": "5_adaptee"}

# Where an action of the roadmap stands in plan 2, from the tables of §4.1 to 4.4 and the roadmap's
# printed status: the groups of the chart, in the order of the legend.
GROUPS = {
    "nouvelle": "Nouvelle action",
    "poursuivie": "Poursuivie ou renouvelée",
    "terminee": "Terminée ou s’achevant en décembre 2024",
    "reprise": "À reprendre en 2026",
    "sans_statut": "Aucun statut imprimé",
}
STATUS_GROUPS = {"terminee": "terminee", "en_cours_fin_dec_2024": "terminee",
                 "a_reprendre_2026": "reprise"}
DECISION_GROUPS = {"nouvelle": "nouvelle", "poursuivre": "poursuivie", "renouveler": "poursuivie"}
DECISION_WORDS = {"nouvelle": "Nouvelle action", "poursuivre": "Poursuivie",
                  "renouveler": "Renouvelée"}

# When an orientation's actions start: the bars of the orientations chart, in the legend's order.
ORIENTATION_GROUPS = {
    "poursuivie": "Poursuivie ou renouvelée (2024-2025)",
    "nouvelle": "Nouvelle (2024-2025)",
    "plus_tard": "Nouvelle, envisagée à partir de 2026",
}
NOW = "2024-2025"

MONTHS = ("", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def _labels(table: str, column: str) -> dict[str, str]:
    return get_schema().labels(table, column)


def _keep(frame: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (a selection of ``source``), renumbered and still knowing its data table."""
    frame = frame.reset_index(drop=True)
    frame.attrs = dict(source.attrs)
    return frame


# --------------------------------------------------------------------------- actions


def action_number(code: str) -> str:
    """The number of a fiche action as the document writes it.

    >>> action_number("5_adaptee"), action_number("13bis"), action_number("11_12"), action_number("7")
    ('5 adaptée', '13 bis', '11-12', '7')
    """
    if code.endswith("_adaptee"):
        return f"{code.removesuffix('_adaptee')} adaptée"
    if code.endswith("bis"):
        return f"{code.removesuffix('bis')} bis"
    return code.replace("_", "-")


def action_label(code: str) -> str:
    """« FA <number> : <title> », the title from the schema's vocabulary of actions.

    >>> action_label("17")
    'FA 17 : Le LDA pour tous'
    """
    titles = get_schema().vocabularies["action"]
    return f"FA {action_number(code)} : {titles.get(code, code)}"


def fiche_order(code: str) -> tuple[int, str]:
    """A sort key that puts fiche actions in the order of their numbers (« 5 », « 5_adaptee », « 17 »).

    >>> sorted(["17", "5_adaptee", "1bis", "5", "1"], key=fiche_order)
    ['1', '1bis', '5', '5_adaptee', '17']
    """
    digits = re.match(r"\d*", code).group()
    return (int(digits) if digits else 0, code)


def action_list(codes) -> str:
    """Action codes as a French list of fiche numbers, in the order of the numbers.

    >>> action_list(["5_adaptee", "3", "1bis"])
    'FA 1 bis, FA 3 et FA 5 adaptée'
    """
    names = [f"FA {action_number(code)}" for code in sorted(codes, key=fiche_order)]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} et {names[-1]}"


def decisions(tables: Tables) -> dict[str, tuple[str, str]]:
    """The decision of the tables of §4.1 to 4.4 (renouveler, poursuivre, nouvelle) for each fiche
    action they name, with the source of the table; FA 5 takes the decision of the FA 5 adaptée it
    becomes.

    >>> from lda_analysis.data import load_tables
    >>> found = decisions(load_tables())
    >>> found["7"][0], found["5"][0], found["22"][0]
    ('poursuivre', 'renouveler', 'nouvelle')
    """
    rows = tables[ACTION_TABLES]
    found = {row.action: (row.decision, row.source) for row in rows.itertuples() if row.action}
    for old, new in RENEWED_AS.items():
        if new in found and old not in found:
            found[old] = found[new]
    return found


def continuation_requests(tables: Tables) -> pd.DataFrame:
    """The subsidies that the pages of plan-1 actions (§1) request for their follow-up in plan 2."""
    amounts = tables["actions_montants"]
    return _keep(amounts[amounts["measure"] == "demande"], amounts)


def _situation(row, decision: str, requested: set[str]) -> tuple[str, str]:
    """The group and the French wording of where one roadmap action stands in plan 2."""
    status = _labels(ROADMAP, "statut")[row.statut]
    printed = row.statut != "non_precise"
    if decision:
        wording = DECISION_WORDS[decision]
        if row.action in RENEWED_AS:
            wording = f"{wording} : devient la FA {action_number(RENEWED_AS[row.action])}"
        if printed and row.statut not in STATUS_GROUPS:  # e.g. « fiche ARS en cours d'écriture »
            wording = f"{wording} ({status})"
        return DECISION_GROUPS[decision], wording
    if printed:
        return STATUS_GROUPS.get(row.statut, "sans_statut"), status[:1].upper() + status[1:]
    if row.action in requested:
        return "poursuivie", "Poursuivie (la page de l'action demande une subvention pour la suite)"
    return "sans_statut", GROUPS["sans_statut"]


def roadmap(tables: Tables) -> pd.DataFrame:
    """The roadmap 2024-2027 in the document's order, one row per fiche action, with where it stands
    in plan 2 (``group``, a key of :data:`GROUPS`, and ``situation``, in French); ``basis`` is the
    source of the situation when it comes from another table than the roadmap.

    The decision of the tables of §4.1 to 4.4 comes first (new, continued, renewed); then the status
    the roadmap prints (ended, ends in December 2024, to resume in 2026); an action with neither is
    continued when its page (§1) requests a subsidy for the follow-up. A sub-axis without a fiche of
    the Métropole gets one row (``action`` empty) with the document's cross-reference.

    >>> from lda_analysis.data import load_tables
    >>> frame = roadmap(load_tables())
    >>> frame[frame["action"] == "9"]["group"].tolist(), frame[frame["action"] == "2"]["group"].tolist()
    (['poursuivie'], ['terminee'])
    """
    rows = tables[ROADMAP]
    axes = tables[AXES]
    found = decisions(tables)
    requests = continuation_requests(tables) if "actions_montants" in tables else None
    requested = {} if requests is None else dict(zip(requests["action"], requests["source"],
                                                     strict=True))
    records = []
    for row in rows.itertuples():
        decision, basis = found.get(row.action, ("", ""))
        group, situation = _situation(row, decision, set(requested))
        if not decision and row.statut == "non_precise":
            basis = requested.get(row.action, "")
        records.append({"axe": row.axe, "sous_axe": row.sous_axe, "rang": row.rang,
                        "action": row.action, "statut": row.statut, "decision": decision,
                        "group": group, "situation": situation, "text": row.text,
                        "source": row.source, "basis": basis})
    for row in axes[axes["renvoi"] != ""].itertuples():
        records.append({"axe": row.axe, "sous_axe": row.sous_axe, "rang": 0, "action": "",
                        "statut": "", "decision": "", "group": "renvoi",
                        "situation": f"Pas de fiche action métropolitaine : {row.renvoi}",
                        "text": "", "source": row.source, "basis": ""})
    order = {(row.axe, row.sous_axe): rank for rank, row in enumerate(axes.itertuples())}
    frame = pd.DataFrame(records)
    frame["order"] = [order[(axe, sub)] for axe, sub in zip(frame["axe"], frame["sous_axe"],
                                                           strict=True)]
    frame = frame.sort_values(["order", "rang"], kind="stable").drop(columns="order")
    return frame.reset_index(drop=True)


def axis_short_label(axe: str) -> str:
    """The axis's name without its title: « Axe 1 », « Axe transversal ».

    >>> axis_short_label("axe_1"), axis_short_label("transversal")
    ('Axe 1', 'Axe transversal')
    """
    return _labels(AXES, "axe")[axe].split(" : ")[0]


def roadmap_table(frame: pd.DataFrame, axe: str) -> Table:
    """The fiches actions of one axis of the roadmap (from :func:`roadmap`): sub-axis, the fiche's
    line as the roadmap prints it, and where it stands in plan 2; the axis without sub-axes
    (transversal) has no sub-axis column."""
    rows = frame[frame["axe"] == axe]
    sub_axes = _labels(AXES, "sous_axe")
    columns = {}
    if (rows["sous_axe"] != "").any():
        # Each sub-axis is named once, on its first row, as the document prints it.
        codes = list(rows["sous_axe"])
        columns["Sous-axe du plan national"] = [
            sub_axes.get(code, "") if rank == 0 or codes[rank - 1] != code else ""
            for rank, code in enumerate(codes)]
    columns["Fiche action (intitulé de la feuille de route)"] = list(rows["text"])
    columns["Dans le plan 2"] = list(rows["situation"])
    return Table(pd.DataFrame(columns), _labels(AXES, "axe")[axe], roadmap_sources(rows))


def roadmap_sources(frame: pd.DataFrame) -> tuple[str, ...]:
    """The sources of rows of :func:`roadmap`: the roadmap's, then those the situations come from."""
    return (*frame["source"], *(basis for basis in frame["basis"] if basis))


def group_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many fiches actions of the roadmap are in each group of :data:`GROUPS`.

    >>> from lda_analysis.data import load_tables
    >>> group_counts(roadmap(load_tables()))
    {'nouvelle': 8, 'poursuivie': 7, 'terminee': 9, 'reprise': 1, 'sans_statut': 0}
    """
    actions = frame[frame["action"] != ""]
    return {group: int((actions["group"] == group).sum()) for group in GROUPS}


def roadmap_chart_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Fiches actions per axis and group, long form for :func:`charts.bar_chart` (display labels,
    groups in the order of :data:`GROUPS`, groups without any action left out)."""
    actions = frame[frame["action"] != ""]
    records = []
    for group, label in GROUPS.items():
        if not (actions["group"] == group).any():
            continue
        for axe in dict.fromkeys(actions["axe"]):
            count = int(((actions["axe"] == axe) & (actions["group"] == group)).sum())
            records.append({"axe": axis_short_label(axe), "groupe": label, "actions": count})
    return pd.DataFrame(records, columns=["axe", "groupe", "actions"])


# --------------------------------------------------------------------------- orientations


def orientation_title(tables: Tables, orientation: int, place: str = "titre_section") -> str:
    """The title of an orientation, as the section that develops it (or the list of §4) prints it.

    >>> from lda_analysis.data import load_tables
    >>> orientation_title(load_tables(), 3)
    'Le renforcement de l’aller vers et de la pluridisciplinarité'
    """
    rows = tables[ORIENTATIONS]
    row = rows[(rows["orientation"] == orientation) & (rows["emplacement"] == place)]
    return str(row["text"].iloc[0]).rstrip(". ")


def orientation_actions(tables: Tables, orientation: int) -> pd.DataFrame:
    """The rows of the table of actions of one orientation (§4.1 to 4.4), in the document's order."""
    rows = tables[ACTION_TABLES]
    return _keep(rows[rows["orientation"] == orientation].sort_values("rang"), rows)


def _orientation_group(decision: str, period: str) -> str:
    if period != NOW:
        return "plus_tard"
    return "nouvelle" if decision == "nouvelle" else "poursuivie"


def orientation_counts(tables: Tables) -> pd.DataFrame:
    """Actions of each orientation's table by group of :data:`ORIENTATION_GROUPS` (continued or
    renewed, new in 2024-2025, new from 2026 on): one row per orientation and group.

    >>> from lda_analysis.data import load_tables
    >>> counts = orientation_counts(load_tables())
    >>> counts.pivot(index="orientation", columns="group", values="actions").values.tolist()
    [[3, 0, 1], [2, 1, 2], [0, 3, 0], [3, 2, 0]]
    """
    rows = tables[ACTION_TABLES]
    groups = [_orientation_group(decision, period)
              for decision, period in zip(rows["decision"], rows["period"], strict=True)]
    records = []
    for group in ORIENTATION_GROUPS:
        for orientation in sorted(set(rows["orientation"])):
            count = sum(1 for number, found in zip(rows["orientation"], groups, strict=True)
                        if number == orientation and found == group)
            records.append({"orientation": int(orientation), "group": group, "actions": count})
    return pd.DataFrame(records, columns=["orientation", "group", "actions"])


def orientation_chart_frame(tables: Tables) -> pd.DataFrame:
    """:func:`orientation_counts` with display labels (« 1. L'interconnaissance… »), for a chart."""
    counts = orientation_counts(tables)
    return pd.DataFrame({
        "orientation": [f"{number}. {orientation_title(tables, number, 'liste')}"
                        for number in counts["orientation"]],
        "groupe": [ORIENTATION_GROUPS[group] for group in counts["group"]],
        "actions": counts["actions"],
    })


def statements_about(tables: Tables, section: str, *themes: str) -> pd.DataFrame:
    """The sentences or list items of a section of §4 (``perspectives_constats``) on some themes."""
    rows = tables["perspectives_constats"]
    chosen = rows[(rows["section"] == section) & rows["theme"].isin(themes)]
    return _keep(chosen.sort_values("rang"), rows)


def figure(tables: Tables, measure: str, action: str = "") -> float:
    """A figure of §4 (``perspectives_chiffres``); a figure printed at several places must have the
    same value at each.

    >>> from lda_analysis.data import load_tables
    >>> figure(load_tables(), "professionnels_formes", "20")
    12.0
    """
    rows = tables[FIGURES]
    values = set(rows.loc[(rows["measure"] == measure) & (rows["action"] == action), "value"])
    if len(values) != 1:
        raise ValueError(f"{measure} (action « {action} ») : {len(values)} valeurs distinctes")
    return float(values.pop())


def month_year(tables: Tables, subject: str, end: bool = False) -> str:
    """A date of the calendar of §4 (``perspectives_calendrier``) in French: month and year when
    the document prints both, the year alone otherwise.

    >>> from lda_analysis.data import load_tables
    >>> data = load_tables()
    >>> month_year(data, "financement_ami"), month_year(data, "financement_ami", end=True)
    ('septembre 2024', 'décembre 2025')
    >>> month_year(data, "feuille_de_route", end=True)
    '2027'
    """
    rows = tables[CALENDAR]
    row = rows[rows["objet"] == subject].iloc[0]
    year, month = (row["annee_fin"], row["mois_fin"]) if end else (row["annee_debut"],
                                                                 row["mois_debut"])
    if pd.isna(year):
        raise ValueError(f"« {subject} » : année {'de fin' if end else 'de début'} absente")
    return str(int(year)) if pd.isna(month) else f"{MONTHS[int(month)]} {int(year)}"


# --------------------------------------------------------------------------- funding request


def funding_figures(funding: pd.DataFrame) -> dict[str, float]:
    """The totals and shares of the 2024-2025 request, computed from the lines of the §4.5 table.

    ``fresh`` is the AMI request without the amount carried over from plan 1; shares are in percent.

    >>> from lda_analysis.data import load_table
    >>> figures = funding_figures(load_table("perspectives_financement"))
    >>> figures["ami"], figures["cofinancing"], figures["total_cost"], figures["fresh"]
    (405500.0, 402000.0, 807500.0, 370500.0)
    >>> round(figures["ami_share"], 1), round(figures["new_share_of_ami"], 1)
    (50.2, 43.9)
    """
    request = funding_request(funding).set_index("category")
    ami, cofinancing = float(request["ami"].sum()), float(request["cofinancing"].sum())
    total_cost = float(request["total_cost"].sum())
    carried = carried_over(funding)
    continued = request.loc["poursuivre_renouveler"]
    new = request.loc["nouvelles"]
    return {
        "ami": ami, "cofinancing": cofinancing, "total_cost": total_cost, "carried_over": carried,
        "fresh": ami - carried,
        "ami_share": execution_rate(ami, total_cost),
        "new_share_of_ami": execution_rate(float(new["ami"]), ami),
        "continued_cofinancing_share": execution_rate(float(continued["cofinancing"]),
                                                      float(continued["total_cost"])),
        "new_ami_share": execution_rate(float(new["ami"]), float(new["total_cost"])),
    }


def funding_table(funding: pd.DataFrame) -> Table:
    """The §4.5 table: AMI request, co-financing and total cost by category, the totals computed
    from the lines, and the part of the request carried over from plan 1."""
    request = funding_request(funding)
    categories = _labels(FUNDING, "typologie")
    totals = request[["ami", "cofinancing", "total_cost"]].sum()
    rows = [[categories[row.category], format_euros(row.ami), format_euros(row.cofinancing),
             format_euros(row.total_cost)] for row in request.itertuples()]
    rows.append(["Total (calculé)", format_euros(totals["ami"]), format_euros(totals["cofinancing"]),
                 format_euros(totals["total_cost"])])
    rows.append(["dont report du plan 1 (crédits non consommés en année 1)",
                 format_euros(carried_over(funding)), "", ""])
    frame = pd.DataFrame(rows, columns=["Typologie", "Demande de financement AMI",
                                        "Co-financements MTPM et autres partenaires",
                                        "Coût total des actions"])
    return Table(frame, "Plan LDA 2 : demande de financement 2024-2025 et co-financements",
                 funding_sources(funding))


def funding_chart_frame(funding: pd.DataFrame) -> pd.DataFrame:
    """The request by category, long form for a stacked :func:`charts.bar_chart`: AMI request and
    co-financing for the continued and the new actions."""
    request = funding_request(funding)
    categories = _labels(FUNDING, "typologie")
    records = [{"categorie": categories[row.category], "poste": post, "montant": getattr(row, column)}
               for row in request.itertuples()
               for post, column in (("Demande AMI", "ami"),
                                    ("Co-financements (MTPM et partenaires)", "cofinancing"))]
    return pd.DataFrame(records, columns=["categorie", "poste", "montant"])


def totals_statement(funding: pd.DataFrame) -> Statement:
    """Whether the totals computed from the lines reproduce the TOTAL line the document prints.

    >>> from lda_analysis.data import load_table
    >>> print(totals_statement(load_table("perspectives_financement")).text)  # doctest: +ELLIPSIS
    Les totaux calculés à partir des deux lignes reproduisent la ligne « TOTAL » imprimée...
    """
    request = funding_request(funding)
    printed = funding[(funding["emplacement"] == "tableau") & (funding["typologie"] == "total")]
    printed = printed.set_index("poste")["value"]
    posts = _labels(FUNDING, "poste")
    gaps = []
    for post, column in (("demande_ami", "ami"), ("cofinancement", "cofinancing"),
                         ("cout_total", "total_cost")):
        computed = float(request[column].sum())
        if post in printed and not math.isclose(computed, float(printed[post])):
            gaps.append(f"{posts[post].lower()} : {format_euros(computed)} calculés, "
                        f"{format_euros(float(printed[post]))} imprimés")
    if not gaps:
        return Statement("Les totaux calculés à partir des deux lignes reproduisent la ligne « TOTAL » "
                         "imprimée par le document, colonne par colonne.")
    return Statement("Les totaux calculés à partir des deux lignes diffèrent de la ligne « TOTAL » "
                     f"imprimée : {' ; '.join(gaps)}.")


# The categories of the summary of §4.5 (« le tableau Excel de l'AMI présente »), in its order.
CATEGORIES = ("poursuivies_avec_demande_ami", "nouvelles_avec_demande_ami",
              "sans_demande_financement", "en_cours_de_reflexion")


def _fiche_amount(fiches: pd.DataFrame, action: str, items: tuple[str, ...]) -> tuple[float, str]:
    """An amount of the header (« encart ») of a new fiche action, and its source; NaN if absent."""
    rows = fiches[(fiches["action"] == action) & fiches["item"].isin(items)
                  & (fiches["mention"] == "encart")]
    if rows.empty:
        return math.nan, ""
    return float(rows["value"].sum()), rows["source"].iloc[0]


def request_by_action(tables: Tables) -> pd.DataFrame:
    """The actions of each category of the §4.5 summary, with their AMI request and co-financing
    where the data give them, in the summary's order (and, within a category, the fiches' order).

    - continued actions with an AMI request: the plan-1 actions whose page (§1) requests a subsidy
      for the follow-up (``actions_montants``), with that amount;
    - new actions of 2024-2025 (tables of §4.1 to 4.4): with an AMI request when the table prints no
      other funding, without otherwise (100 % ARS, « sans financement Dihal »); amounts from the
      header of their fiche in the annexes (``fiches_financements``);
    - actions considered from 2026 on: the rows of the tables without a fiche number.

    >>> from lda_analysis.data import load_tables
    >>> frame = request_by_action(load_tables())
    >>> frame.groupby("category", sort=False)["ami"].sum().to_dict()
    {'poursuivies_avec_demande_ami': 227500.0, 'nouvelles_avec_demande_ami': 178000.0, 'sans_demande_financement': 0.0, 'en_cours_de_reflexion': 0.0}
    """
    records = []
    for row in continuation_requests(tables).itertuples():
        records.append({"category": "poursuivies_avec_demande_ami", "action": row.action,
                        "title": action_label(row.action), "ami": float(row.value),
                        "cofinancing": math.nan, "detail": row.period_label,
                        "source": row.source})
    rows = tables[ACTION_TABLES]
    fiches = tables["fiches_financements"]
    funding_labels = _labels(ACTION_TABLES, "financement")
    new = rows[(rows["decision"] == "nouvelle") & (rows["period"] == NOW) & (rows["action"] != "")]
    for with_request in (True, False):
        for row in new[(new["financement"] == "") == with_request].itertuples():
            ami, ami_source = _fiche_amount(fiches, row.action, ("financement_ami",))
            cofinancing, _ = _fiche_amount(fiches, row.action,
                                           ("financement_mtpm", "financement_mtpm_ddets"))
            records.append({
                "category": "nouvelles_avec_demande_ami" if with_request else "sans_demande_financement",
                "action": row.action, "title": action_label(row.action), "ami": ami,
                "cofinancing": cofinancing,
                "detail": funding_labels.get(row.financement, "") if row.financement else "",
                "source": ami_source or row.source})
    for row in rows[rows["period"] != NOW].itertuples():
        records.append({"category": "en_cours_de_reflexion", "action": row.action,
                        "title": row.text, "ami": math.nan, "cofinancing": math.nan,
                        "detail": f"Nouvelle {row.period} ; {row.commentaire}",
                        "source": row.source})
    frame = pd.DataFrame(records, columns=["category", "action", "title", "ami", "cofinancing",
                                           "detail", "source"])
    frame["rank"] = frame["category"].map(CATEGORIES.index)
    frame["number"] = [fiche_order(code)[0] if code else math.inf for code in frame["action"]]
    frame = frame.sort_values(["rank", "number"], kind="stable").drop(columns=["rank", "number"])
    return frame.reset_index(drop=True)


def _amount(value: float) -> str:
    return "" if math.isnan(value) else format_euros(value)


def request_by_action_table(frame: pd.DataFrame, category: str) -> Table:
    """The actions of one category of :func:`request_by_action`: action, AMI request, co-financing
    and detail; a column that the data leave empty for every action is left out."""
    rows = frame[frame["category"] == category]
    label = _labels(COUNTS, "categorie")[category]
    table = pd.DataFrame({
        "Action": list(rows["title"]),
        "Demande AMI": [_amount(value) for value in rows["ami"]],
        "Co-financement": [_amount(value) for value in rows["cofinancing"]],
        "Précision": list(rows["detail"]),
    })
    empty = [column for column in ("Demande AMI", "Co-financement", "Précision")
             if not table[column].any()]
    return Table(table.drop(columns=empty), f"{label[:1].upper()}{label[1:]}", tuple(rows["source"]))


# Short names of the categories with an AMI request, for a chart's legend.
CHART_CATEGORIES = {"poursuivies_avec_demande_ami": "Action poursuivie",
                    "nouvelles_avec_demande_ami": "Nouvelle action"}


def request_chart_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The AMI request of each action that asks for one, long form for a stacked
    :func:`charts.bar_chart` (one colour per category)."""
    asked = frame[frame["ami"].fillna(0) > 0]
    return pd.DataFrame({
        "action": [f"FA {action_number(code)}" for code in asked["action"]],
        "categorie": [CHART_CATEGORIES[code] for code in asked["category"]],
        "montant": asked["ami"].astype(float),
    }).reset_index(drop=True)


def reconciliation_statement(frame: pd.DataFrame, funding: pd.DataFrame) -> Statement:
    """Whether the amounts of the actions (pages of §1, fiches of the annexes) add up to the lines of
    the §4.5 table, for the AMI request and the co-financing of the new actions.

    >>> from lda_analysis.data import load_tables
    >>> data = load_tables()
    >>> text = reconciliation_statement(request_by_action(data), data["perspectives_financement"]).text
    >>> print(text.replace("\\u202f", " ").replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Additionnés, les montants des actions reproduisent les lignes du tableau : demande AMI des
    actions à poursuivre ou renouveler, 227 500 € ; demande AMI des nouvelles actions, 178 000 € ;
    co-financements des nouvelles actions, 52 000 €.
    """
    request = funding_request(funding).set_index("category")
    continued = frame["category"] == "poursuivies_avec_demande_ami"
    new = frame["category"].isin(["nouvelles_avec_demande_ami", "sans_demande_financement"])
    comparisons = (
        ("demande AMI des actions à poursuivre ou renouveler", frame.loc[continued, "ami"],
         request.loc["poursuivre_renouveler", "ami"]),
        ("demande AMI des nouvelles actions", frame.loc[new, "ami"], request.loc["nouvelles", "ami"]),
        ("co-financements des nouvelles actions", frame.loc[new, "cofinancing"],
         request.loc["nouvelles", "cofinancing"]),
    )
    same, different = [], []
    for subject, amounts, printed in comparisons:
        computed = float(amounts.fillna(0).sum())
        if math.isclose(computed, float(printed)):
            same.append(f"{subject}, {format_euros(computed)}")
        else:
            different.append(f"{subject} : {format_euros(computed)} pour les actions, "
                             f"{format_euros(float(printed))} dans le tableau")
    sentences = []
    if same:
        sentences.append("Additionnés, les montants des actions reproduisent les lignes du tableau : "
                         f"{' ; '.join(same)}.")
    if different:
        sentences.append(f"Ils s'en écartent pour : {' ; '.join(different)}.")
    return Statement(" ".join(sentences))


def category_counts(frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """For each category of the §4.5 summary: the number it prints and the actions the data name.

    >>> from lda_analysis.data import load_tables
    >>> data = load_tables()
    >>> found = category_counts(request_by_action(data), data["perspectives_nombre_actions"])
    >>> found[["category", "printed", "named"]].values.tolist()
    [['poursuivies_avec_demande_ami', 6, 6], ['nouvelles_avec_demande_ami', 5, 5], ['sans_demande_financement', 3, 3], ['en_cours_de_reflexion', 7, 6]]
    """
    records = []
    for row in counts.itertuples():
        named = frame[frame["category"] == row.categorie]
        records.append({"category": row.categorie, "period": row.period,
                        "printed": int(row.value), "named": len(named),
                        "actions": [code for code in named["action"] if code]})
    return pd.DataFrame(records, columns=["category", "period", "printed", "named", "actions"])


def category_counts_table(found: pd.DataFrame, counts: pd.DataFrame) -> Table:
    """:func:`category_counts` as a table: the printed count next to the actions the data name."""
    categories = _labels(COUNTS, "categorie")

    def named(row) -> str:
        if row.actions:
            return action_list(row.actions)
        return f"{format_number(row.named)} actions sans numéro de fiche" if row.named else ""

    table = pd.DataFrame({
        "Période": list(found["period"]),
        "Catégorie": [categories[code][:1].upper() + categories[code][1:] for code in found["category"]],
        "Nombre imprimé (§4.5)": [format_number(value) for value in found["printed"]],
        "Actions identifiées dans les données": [format_number(value) for value in found["named"]],
        "Lesquelles": [named(row) for row in found.itertuples()],
    })
    return Table(table, "Nombre d'actions par catégorie : le résumé du §4.5 et les actions identifiées",
                 tuple(counts["source"]))


def cited_actions(counts: pd.DataFrame, category: str) -> list[str]:
    """The fiche numbers the §4.5 summary prints in brackets for a category (« 18 ; 19 ; 24 »).

    >>> from lda_analysis.data import load_table
    >>> cited_actions(load_table("perspectives_nombre_actions"), "sans_demande_financement")
    ['18', '19', '24']
    """
    text = counts.loc[counts["categorie"] == category, "actions_citees"].iloc[0]
    return [code for code in re.split(r"\s*;\s*", text.strip()) if code]


def months_covered(tables: Tables, subject: str) -> int:
    """Calendar months from the start month to the end month of a period of §4, both included.

    >>> from lda_analysis.data import load_tables
    >>> months_covered(load_tables(), "financement_ami")  # « de septembre 2024 à décembre 2025 »
    16
    """
    row = tables[CALENDAR][tables[CALENDAR]["objet"] == subject].iloc[0]
    return (int(row["annee_fin"]) - int(row["annee_debut"])) * 12 \
        + int(row["mois_fin"]) - int(row["mois_debut"]) + 1


def carried_over_statement(funding: pd.DataFrame, allocations: pd.DataFrame) -> Statement:
    """Whether the amount carried over to 2024-2025 is the gap between the allocated and the consumed
    envelope of plan 1 (préambule, :func:`lda_analysis.finance.allocation`).

    >>> from lda_analysis.data import load_table
    >>> text = carried_over_statement(load_table("perspectives_financement"),
    ...                               load_table("finances_allocation")).text
    >>> print(text.replace("\\u202f", " ").replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Le report de 35 000 € est l'écart entre l'enveloppe allouée au plan 1 (845 000 €) et
    l'enveloppe consommée (810 000 €).
    """
    carried = carried_over(funding)
    envelope = allocation(allocations)
    if math.isclose(carried, envelope["gap"]):
        return Statement(f"Le report de {format_euros(carried)} est l'écart entre l'enveloppe allouée "
                         f"au plan 1 ({format_euros(envelope['allocated'])}) et l'enveloppe consommée "
                         f"({format_euros(envelope['consumed'])}).")
    return Statement(f"Le report de {format_euros(carried)} diffère de l'écart entre l'enveloppe "
                     f"allouée au plan 1 ({format_euros(envelope['allocated'])}) et l'enveloppe "
                     f"consommée ({format_euros(envelope['consumed'])}), soit "
                     f"{format_euros(envelope['gap'])}.")


def orientation_table(tables: Tables, orientation: int) -> Table:
    """The table of actions of one orientation (§4.1 to 4.4): decision, period, title, comment."""
    return figures_table(orientation_actions(tables, orientation),
                         {"decision": "Décision", "period": "Période", "text": "Intitulé de l'action",
                          "commentaire": "Commentaire"},
                         f"Les actions du plan LDA 2 pour l'orientation « "
                         f"{orientation_title(tables, orientation)} »")


def orientation_sub_axis(tables: Tables, orientation: int) -> str:
    """The sub-axis of the national plan the document ties an orientation to, or "" if it does not.

    >>> from lda_analysis.data import load_tables
    >>> orientation_sub_axis(load_tables(), 1)[:50]
    "3.3. Faciliter l'appropriation du Logement d'Abord"
    >>> orientation_sub_axis(load_tables(), 2)
    ''
    """
    rows = tables[ORIENTATIONS]
    codes = [code for code in rows.loc[rows["orientation"] == orientation, "sous_axe"] if code]
    return _labels(AXES, "sous_axe")[codes[0]] if codes else ""


def _convention_months(tables: Tables, period: str) -> tuple[int, str] | None:
    """The months of a period of the convention 2024-2027 (``finances_calendrier``), and its label."""
    if "finances_calendrier" not in tables:
        return None
    rows = tables["finances_calendrier"]
    rows = rows[(rows["period"] == period) & (rows["start_date"] != "") & (rows["end_date"] != "")]
    if rows.empty:
        return None
    start, end = (pd.Timestamp(rows["start_date"].iloc[0]), pd.Timestamp(rows["end_date"].iloc[0]))
    return ((end.year - start.year) * 12 + end.month - start.month + 1,
            str(rows["period_label"].iloc[0]))


def period_statement(tables: Tables) -> Statement:
    """The length of the period of the AMI request: printed in the §4.5 table, counted from the dates
    of its text, and, when they differ, the period the convention 2024-2027 sets.

    >>> from lda_analysis.data import load_tables
    >>> print(period_statement(load_tables()).text)  # doctest: +NORMALIZE_WHITESPACE
    Le tableau de financement annonce une période de 15 mois, mais de septembre 2024 à décembre 2025,
    mois compris, on en compte 16. La convention 2024-2027 fait aller cette première année du 01
    octobre 2024 au 31 décembre 2025, soit 15 mois.
    """
    printed = int(figure(tables, "duree_financement_ami"))
    counted = months_covered(tables, "financement_ami")
    start, end = month_year(tables, "financement_ami"), month_year(tables, "financement_ami", end=True)
    if printed == counted:
        return Statement(f"Le tableau de financement couvre {printed} mois, de {start} à {end}.")
    text = (f"Le tableau de financement annonce une période de {printed} mois, mais de {start} à {end}, "
            f"mois compris, on en compte {counted}.")
    convention = _convention_months(tables, NOW)
    if convention:
        months, label = convention
        text += (f" La convention 2024-2027 fait aller cette première année {label}, soit "
                 f"{months} mois.")
    return Statement(text)


def category_counts_statement(found: pd.DataFrame) -> Statement:
    """Whether the actions the data name (:func:`category_counts`) are as many as the §4.5 summary
    prints, category by category.

    >>> from lda_analysis.data import load_tables
    >>> data = load_tables()
    >>> found = category_counts(request_by_action(data), data["perspectives_nombre_actions"])
    >>> print(category_counts_statement(found).text)  # doctest: +NORMALIZE_WHITESPACE
    Pour 2024-2025, les données nomment autant d'actions que le résumé dans chaque catégorie. Actions
    en cours de réflexion (2026-2027) : le résumé en compte 7, les données en nomment 6.
    """
    categories = _labels(COUNTS, "categorie")
    sentences = []
    for period in dict.fromkeys(found["period"]):
        rows = found[found["period"] == period]
        same = rows[rows["printed"] == rows["named"]]
        if len(same) == len(rows) and len(rows) > 1:
            sentences.append(f"Pour {period}, les données nomment autant d'actions que le résumé dans "
                             "chaque catégorie.")
        elif len(same) == len(rows):
            row = rows.iloc[0]
            sentences.append(f"{categories[row['category']][:1].upper()}{categories[row['category']][1:]}"
                             f" ({period}) : les données en nomment autant que le résumé "
                             f"({format_number(row['printed'])}).")
        for row in rows[rows["printed"] != rows["named"]].itertuples():
            label = categories[row.category]
            sentences.append(f"{label[:1].upper()}{label[1:]} ({period}) : le résumé en compte "
                             f"{format_number(row.printed)}, les données en nomment "
                             f"{format_number(row.named)}.")
    return Statement(" ".join(sentences))


def funding_sources(funding: pd.DataFrame) -> tuple[str, ...]:
    """The sources of the lines of the §4.5 table (its printed totals and the text left out)."""
    lines = funding[(funding["emplacement"] == "tableau") & (funding["kind"] != "total")]
    return tuple(lines["source"])
