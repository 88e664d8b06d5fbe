"""Computations of the perspectives domain: the 2024-2027 roadmap of plan 2 (§4 of the rapport
d'exécution), its four orientations, the 2024-2025 funding request (§4.5) and the sigles (§5).

Pure functions on the tables ``perspectives_*`` (and, for the request action by action,
``actions_montants`` and ``fiches_financements``): every count, total and share is computed here
from the detail rows; :mod:`.pages` turns them into tables, sentences and chart data.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd

from lda_analysis.blocks.dates import month_year, months_inclusive
from lda_analysis.blocks.formatting import upper_first
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import kept, one_row

from ..actions.computations import action_label, action_number, fiche_order

ROADMAP = "perspectives_feuille_de_route"


def percent_of(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole`` (NaN when the whole is nothing).

    >>> percent_of(35000, 140000), percent_of(1, 0)
    (25.0, nan)
    """
    return math.nan if not whole else part / whole * 100


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


STATUS_GROUPS = {"terminee": "terminee", "en_cours_fin_dec_2024": "terminee", "a_reprendre_2026": "reprise"}


DECISION_GROUPS = {"nouvelle": "nouvelle", "poursuivre": "poursuivie", "renouveler": "poursuivie"}


DECISION_WORDS = {"nouvelle": "Nouvelle action", "poursuivre": "Poursuivie", "renouveler": "Renouvelée"}


# When an orientation's actions start: the bars of the orientations chart, in the legend's order.
ORIENTATION_GROUPS = {
    "poursuivie": "Poursuivie ou renouvelée (2024-2025)",
    "nouvelle": "Nouvelle (2024-2025)",
    "plus_tard": "Nouvelle, envisagée à partir de 2026",
}


NOW = "2024-2025"


# ------------------------------------------------------------------------------------------------
# The roadmap 2024-2027


def decisions(tables: Tables) -> dict[str, tuple[str, str]]:
    """The decision of the tables of §4.1 to 4.4 (renouveler, poursuivre, nouvelle) for each fiche
    action they name, with the source of the table; FA 5 takes the decision of the FA 5 adaptée it
    becomes.

    >>> from lda_analysis.contract.data import load_tables
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
    return kept(amounts[amounts["mesure"] == "demande"], amounts)


def _situation(row, decision: str, requested: set[str]) -> tuple[str, str]:
    """The group and the French wording of where one roadmap action stands in plan 2."""
    status = get_schema().labels(ROADMAP, "statut")[row.statut]
    printed = row.statut != "non_precise"
    if decision:
        wording = DECISION_WORDS[decision]
        if row.action in RENEWED_AS:
            wording = f"{wording} : devient la FA {action_number(RENEWED_AS[row.action])}"
        if printed and row.statut not in STATUS_GROUPS:  # e.g. « fiche ARS en cours d'écriture »
            wording = f"{wording} ({status})"
        return DECISION_GROUPS[decision], wording
    if printed:
        return STATUS_GROUPS.get(row.statut, "sans_statut"), upper_first(status)
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

    >>> from lda_analysis.contract.data import load_tables
    >>> frame = roadmap(load_tables())
    >>> frame[frame["action"] == "9"]["group"].tolist(), frame[frame["action"] == "2"]["group"].tolist()
    (['poursuivie'], ['terminee'])
    """
    axes = tables[AXES]
    records = [*_fiche_situations(tables), *_cross_references(axes)]
    order = {(row.axe, row.sous_axe): rank for rank, row in enumerate(axes.itertuples())}
    frame = pd.DataFrame(records)
    frame["order"] = [order[(axe, sub)] for axe, sub in zip(frame["axe"], frame["sous_axe"], strict=True)]
    frame = frame.sort_values(["order", "rang"], kind="stable").drop(columns="order")
    return frame.reset_index(drop=True)


def _fiche_situations(tables: Tables) -> list[dict]:
    """One record per fiche action of the roadmap, with where it stands in plan 2 and on what basis."""
    found = decisions(tables)
    requests = continuation_requests(tables) if "actions_montants" in tables else None
    requested = {} if requests is None else dict(zip(requests["action"], requests["source"], strict=True))
    records = []
    for row in tables[ROADMAP].itertuples():
        decision, basis = found.get(row.action, ("", ""))
        group, situation = _situation(row, decision, set(requested))
        if not decision and row.statut == "non_precise":
            basis = requested.get(row.action, "")
        records.append(
            {
                "axe": row.axe,
                "sous_axe": row.sous_axe,
                "rang": row.rang,
                "action": row.action,
                "statut": row.statut,
                "decision": decision,
                "group": group,
                "situation": situation,
                "texte": row.texte,
                "source": row.source,
                "basis": basis,
            }
        )
    return records


def _cross_references(axes: pd.DataFrame) -> list[dict]:
    """One record per sub-axis without a fiche of the Métropole, with the document's cross-reference."""
    return [
        {
            "axe": row.axe,
            "sous_axe": row.sous_axe,
            "rang": 0,
            "action": "",
            "statut": "",
            "decision": "",
            "group": "renvoi",
            "situation": f"Pas de fiche action métropolitaine : {row.renvoi}",
            "texte": "",
            "source": row.source,
            "basis": "",
        }
        for row in axes[axes["renvoi"] != ""].itertuples()
    ]


def axis_short_label(axe: str) -> str:
    """The axis's name without its title: « Axe 1 », « Axe transversal ».

    >>> axis_short_label("axe_1"), axis_short_label("transversal")
    ('Axe 1', 'Axe transversal')
    """
    return get_schema().labels(AXES, "axe")[axe].split(" : ")[0]


def group_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many fiches actions of the roadmap are in each group of :data:`GROUPS`.

    >>> from lda_analysis.contract.data import load_tables
    >>> group_counts(roadmap(load_tables()))
    {'nouvelle': 8, 'poursuivie': 7, 'terminee': 9, 'reprise': 1, 'sans_statut': 0}
    """
    actions = frame[frame["action"] != ""]
    return {group: int((actions["group"] == group).sum()) for group in GROUPS}


# ------------------------------------------------------------------------------------------------
# The four orientations (§4.1 to §4.4)


def orientation_title(tables: Tables, orientation: int, place: str = "titre_section") -> str:
    """The title of an orientation, as the section that develops it (or the list of §4) prints it.

    >>> from lda_analysis.contract.data import load_tables
    >>> orientation_title(load_tables(), 3)
    'Le renforcement de l’aller vers et de la pluridisciplinarité'
    """
    rows = tables[ORIENTATIONS]
    row = rows[(rows["orientation"] == orientation) & (rows["emplacement"] == place)]
    return str(row["texte"].iloc[0]).rstrip(". ")


def orientation_actions(tables: Tables, orientation: int) -> pd.DataFrame:
    """The rows of the table of actions of one orientation (§4.1 to 4.4), in the document's order."""
    rows = tables[ACTION_TABLES]
    return kept(rows[rows["orientation"] == orientation].sort_values("rang"), rows)


def _orientation_group(decision: str, period: str) -> str:
    if period != NOW:
        return "plus_tard"
    return "nouvelle" if decision == "nouvelle" else "poursuivie"


def orientation_counts(tables: Tables) -> pd.DataFrame:
    """Actions of each orientation's table by group of :data:`ORIENTATION_GROUPS` (continued or
    renewed, new in 2024-2025, new from 2026 on): one row per orientation and group.

    >>> from lda_analysis.contract.data import load_tables
    >>> counts = orientation_counts(load_tables())
    >>> counts.pivot(index="orientation", columns="group", values="actions").values.tolist()
    [[3, 0, 1], [2, 1, 2], [0, 3, 0], [3, 2, 0]]
    """
    rows = tables[ACTION_TABLES]
    groups = [
        _orientation_group(decision, period)
        for decision, period in zip(rows["decision"], rows["periode"], strict=True)
    ]
    records = []
    for group in ORIENTATION_GROUPS:
        for orientation in sorted(set(rows["orientation"])):
            count = sum(
                1
                for number, found in zip(rows["orientation"], groups, strict=True)
                if number == orientation and found == group
            )
            records.append({"orientation": int(orientation), "group": group, "actions": count})
    return pd.DataFrame(records, columns=["orientation", "group", "actions"])


def orientation_sub_axis(tables: Tables, orientation: int) -> str:
    """The sub-axis of the national plan the document ties an orientation to, or "" if it does not.

    >>> from lda_analysis.contract.data import load_tables
    >>> orientation_sub_axis(load_tables(), 1)[:50]
    "3.3. Faciliter l'appropriation du Logement d'Abord"
    >>> orientation_sub_axis(load_tables(), 2)
    ''
    """
    rows = tables[ORIENTATIONS]
    codes = [code for code in rows.loc[rows["orientation"] == orientation, "sous_axe"] if code]
    return get_schema().labels(AXES, "sous_axe")[codes[0]] if codes else ""


def statements_about(tables: Tables, section: str, *themes: str) -> pd.DataFrame:
    """The sentences or list items of a section of §4 (``perspectives_constats``) on some themes."""
    rows = tables["perspectives_constats"]
    chosen = rows[(rows["section"] == section) & rows["theme"].isin(themes)]
    return kept(chosen.sort_values("rang"), rows)


def figure(tables: Tables, measure: str, action: str = "") -> float:
    """A figure of §4 (``perspectives_chiffres``); a figure printed at several places must have the
    same value at each.

    >>> from lda_analysis.contract.data import load_tables
    >>> figure(load_tables(), "professionnels_formes", "20")
    12.0
    """
    rows = tables[FIGURES]
    values = set(rows.loc[(rows["mesure"] == measure) & (rows["action"] == action), "valeur"])
    if len(values) != 1:
        raise ValueError(f"{measure} (action « {action} ») : {len(values)} valeurs distinctes")
    return float(values.pop())


def calendar_date(tables: Tables, subject: str, end: bool = False) -> str:
    """A date of the calendar of §4 (``perspectives_calendrier``) in French: month and year when
    the document prints both, the year alone otherwise.

    >>> from lda_analysis.contract.data import load_tables
    >>> data = load_tables()
    >>> calendar_date(data, "financement_ami"), calendar_date(data, "financement_ami", end=True)
    ('septembre 2024', 'décembre 2025')
    >>> calendar_date(data, "feuille_de_route", end=True)
    '2027'
    """
    rows = tables[CALENDAR]
    row = rows[rows["objet"] == subject].iloc[0]
    year, month = (row["annee_fin"], row["mois_fin"]) if end else (row["annee_debut"], row["mois_debut"])
    if pd.isna(year):
        raise ValueError(f"« {subject} » : année {'de fin' if end else 'de début'} absente")
    return month_year(int(year), None if pd.isna(month) else int(month))


def months_covered(tables: Tables, subject: str) -> int:
    """Calendar months from the start month to the end month of a period of §4, both included.

    >>> from lda_analysis.contract.data import load_tables
    >>> months_covered(load_tables(), "financement_ami")  # « de septembre 2024 à décembre 2025 »
    16
    """
    row = one_row(tables[CALENDAR], objet=subject)
    return months_inclusive(
        int(row["annee_debut"]), int(row["mois_debut"]), int(row["annee_fin"]), int(row["mois_fin"])
    )


# ------------------------------------------------------------------------------------------------
# The 2024-2025 funding request (§4.5)


def funding_request(funding: pd.DataFrame) -> pd.DataFrame:
    """The 2024-2025 request by category (continued, new): AMI request, co-financing and total cost,
    the totals computed from the rows of the §4.5 table.

    >>> from lda_analysis.contract.data import load_table
    >>> request = funding_request(load_table("perspectives_financement"))
    >>> request[["rubrique", "ami", "cofinancing", "total_cost"]].values.tolist()
    [['poursuivre_renouveler', 227500.0, 350000.0, 577500.0], ['nouvelles', 178000.0, 52000.0, 230000.0]]
    """
    rows = funding[
        (funding["emplacement"] == "tableau")
        & (funding["typologie"] != "total")
        & (funding["nature_chiffre"] != "total")
    ]
    result = []
    for category in dict.fromkeys(rows["typologie"]):
        lines = rows[rows["typologie"] == category].set_index("poste")["valeur"]
        ami, cofinancing = float(lines.get("demande_ami", 0)), float(lines.get("cofinancement", 0))
        result.append(
            {"rubrique": category, "ami": ami, "cofinancing": cofinancing, "total_cost": ami + cofinancing}
        )
    return pd.DataFrame(result, columns=["rubrique", "ami", "cofinancing", "total_cost"])


def carried_over(funding: pd.DataFrame) -> float:
    """The amount of plan 1 carried over to 2024-2025, as the §4.5 table prints it."""
    row = funding[(funding["emplacement"] == "tableau") & (funding["poste"] == "report_n1")]
    return float(row["valeur"].iloc[0])


def funding_figures(funding: pd.DataFrame) -> dict[str, float]:
    """The totals and shares of the 2024-2025 request, computed from the lines of the §4.5 table.

    ``fresh`` is the AMI request without the amount carried over from plan 1; shares are in percent.

    >>> from lda_analysis.contract.data import load_table
    >>> figures = funding_figures(load_table("perspectives_financement"))
    >>> figures["ami"], figures["cofinancing"], figures["total_cost"], figures["fresh"]
    (405500.0, 402000.0, 807500.0, 370500.0)
    >>> round(figures["ami_share"], 1), round(figures["new_share_of_ami"], 1)
    (50.2, 43.9)
    """
    request = funding_request(funding).set_index("rubrique")
    ami, cofinancing = float(request["ami"].sum()), float(request["cofinancing"].sum())
    total_cost = float(request["total_cost"].sum())
    carried = carried_over(funding)
    continued = request.loc["poursuivre_renouveler"]
    new = request.loc["nouvelles"]
    return {
        "ami": ami,
        "cofinancing": cofinancing,
        "total_cost": total_cost,
        "carried_over": carried,
        "fresh": ami - carried,
        "ami_share": percent_of(ami, total_cost),
        "new_share_of_ami": percent_of(float(new["ami"]), ami),
        "continued_cofinancing_share": percent_of(
            float(continued["cofinancing"]), float(continued["total_cost"])
        ),
        "new_ami_share": percent_of(float(new["ami"]), float(new["total_cost"])),
    }


def funding_sources(funding: pd.DataFrame) -> tuple[str, ...]:
    """The sources of the lines of the §4.5 table (its printed totals and the text left out)."""
    lines = funding[(funding["emplacement"] == "tableau") & (funding["nature_chiffre"] != "total")]
    return tuple(lines["source"])


# The categories of the summary of §4.5 (« le tableau Excel de l'AMI présente »), in its order.
CATEGORIES = (
    "poursuivies_avec_demande_ami",
    "nouvelles_avec_demande_ami",
    "sans_demande_financement",
    "en_cours_de_reflexion",
)


def _fiche_amount(fiches: pd.DataFrame, action: str, items: tuple[str, ...]) -> tuple[float, str]:
    """An amount of the header (« encart ») of a new fiche action, and its source; NaN if absent."""
    rows = fiches[
        (fiches["action"] == action) & fiches["nature_montant"].isin(items) & (fiches["mention"] == "encart")
    ]
    if rows.empty:
        return math.nan, ""
    return float(rows["valeur"].sum()), rows["source"].iloc[0]


def request_by_action(tables: Tables) -> pd.DataFrame:
    """The actions of each category of the §4.5 summary, with their AMI request and co-financing
    where the data give them, in the summary's order (and, within a category, the fiches' order).

    - continued actions with an AMI request: the plan-1 actions whose page (§1) requests a subsidy
      for the follow-up (``actions_montants``), with that amount;
    - new actions of 2024-2025 (tables of §4.1 to 4.4): with an AMI request when the table prints no
      other funding, without otherwise (100 % ARS, « sans financement Dihal »); amounts from the
      header of their fiche in the annexes (``fiches_financements``);
    - actions considered from 2026 on: the rows of the tables without a fiche number.

    >>> from lda_analysis.contract.data import load_tables
    >>> frame = request_by_action(load_tables())
    >>> frame.groupby("rubrique", sort=False)["ami"].sum().to_dict()
    {'poursuivies_avec_demande_ami': 227500.0, 'nouvelles_avec_demande_ami': 178000.0, 'sans_demande_financement': 0.0, 'en_cours_de_reflexion': 0.0}
    """
    rows = tables[ACTION_TABLES]
    records = [*_continued_with_request(tables), *_new_actions(tables), *_considered_later(rows)]
    frame = pd.DataFrame(
        records, columns=["rubrique", "action", "title", "ami", "cofinancing", "detail", "source"]
    )
    frame["rank"] = frame["rubrique"].map(CATEGORIES.index)
    frame["number"] = [fiche_order(code)[0] if code else math.inf for code in frame["action"]]
    frame = frame.sort_values(["rank", "number"], kind="stable").drop(columns=["rank", "number"])
    return frame.reset_index(drop=True)


def _continued_with_request(tables: Tables) -> list[dict]:
    """The plan-1 actions whose page requests a subsidy for the follow-up, with that amount."""
    return [
        {
            "rubrique": "poursuivies_avec_demande_ami",
            "action": row.action,
            "title": action_label(row.action),
            "ami": float(row.valeur),
            "cofinancing": math.nan,
            "detail": row.periode_imprimee,
            "source": row.source,
        }
        for row in continuation_requests(tables).itertuples()
    ]


def _new_actions(tables: Tables) -> list[dict]:
    """The new actions of 2024-2025, those with an AMI request first, with the amounts of their
    fiche's header."""
    rows = tables[ACTION_TABLES]
    fiches = tables["fiches_financements"]
    funding_labels = get_schema().labels(ACTION_TABLES, "financement")
    new = rows[(rows["decision"] == "nouvelle") & (rows["periode"] == NOW) & (rows["action"] != "")]
    records = []
    for with_request in (True, False):
        for row in new[(new["financement"] == "") == with_request].itertuples():
            ami, ami_source = _fiche_amount(fiches, row.action, ("financement_ami",))
            cofinancing, _ = _fiche_amount(fiches, row.action, ("financement_mtpm", "financement_mtpm_ddets"))
            records.append(
                {
                    "rubrique": "nouvelles_avec_demande_ami" if with_request else "sans_demande_financement",
                    "action": row.action,
                    "title": action_label(row.action),
                    "ami": ami,
                    "cofinancing": cofinancing,
                    "detail": funding_labels.get(row.financement, "") if row.financement else "",
                    "source": ami_source or row.source,
                }
            )
    return records


def _considered_later(rows: pd.DataFrame) -> list[dict]:
    """The actions considered from 2026 on: the rows of the tables of §4.1 to 4.4 of a later period."""
    return [
        {
            "rubrique": "en_cours_de_reflexion",
            "action": row.action,
            "title": row.texte,
            "ami": math.nan,
            "cofinancing": math.nan,
            "detail": f"Nouvelle {row.periode} ; {row.commentaire}",
            "source": row.source,
        }
        for row in rows[rows["periode"] != NOW].itertuples()
    ]


def category_counts(frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """For each category of the §4.5 summary: the number it prints and the actions the data name.

    >>> from lda_analysis.contract.data import load_tables
    >>> data = load_tables()
    >>> found = category_counts(request_by_action(data), data["perspectives_nombre_actions"])
    >>> found[["rubrique", "printed", "named"]].values.tolist()
    [['poursuivies_avec_demande_ami', 6, 6], ['nouvelles_avec_demande_ami', 5, 5], ['sans_demande_financement', 3, 3], ['en_cours_de_reflexion', 7, 6]]
    """
    records = []
    for row in counts.itertuples():
        named = frame[frame["rubrique"] == row.categorie]
        records.append(
            {
                "rubrique": row.categorie,
                "periode": row.periode,
                "printed": int(row.valeur),
                "named": len(named),
                "actions": [code for code in named["action"] if code],
            }
        )
    return pd.DataFrame(records, columns=["rubrique", "periode", "printed", "named", "actions"])


def cited_actions(counts: pd.DataFrame, category: str) -> list[str]:
    """The fiche numbers the §4.5 summary prints in brackets for a category (« 18 ; 19 ; 24 »).

    >>> from lda_analysis.contract.data import load_table
    >>> cited_actions(load_table("perspectives_nombre_actions"), "sans_demande_financement")
    ['18', '19', '24']
    """
    text = counts.loc[counts["categorie"] == category, "actions_citees"].iloc[0]
    return [code for code in re.split(r"\s*;\s*", text.strip()) if code]


# ------------------------------------------------------------------------------------------------
# Sigles (§5)


SIGLES = "perspectives_sigles"


# Where the meaning of a sigle comes from (column ``origine``).
TABLE_OF_SIGLES = "tableau_des_sigles"
MEANING_IN_TEXT = "texte_du_rapport"
OFFICIAL_MEANING = "signification_officielle"


def sigle_forms(sigle: str, variants: object = None) -> list[str]:
    """A sigle and its other spellings in the text (column ``variantes``, separated by « ; »).

    >>> sigle_forms("CCLAJ", "CLLAJ"), sigle_forms("AVA ou AAVA", "AVA ; AAVA"), sigle_forms("FSL", None)
    (['CCLAJ', 'CLLAJ'], ['AVA ou AAVA', 'AVA', 'AAVA'], ['FSL'])
    """
    found = [sigle]
    if isinstance(variants, str):
        found += [form.strip() for form in variants.split(";") if form.strip()]
    return list(dict.fromkeys(found))


def sort_key(sigle: str) -> str:
    """The key of the glossary's alphabetical order: accents and case ignored.

    >>> sorted(["PLH", "PLAI-A", "F2RSM", "FA", "ÉTAT"], key=sort_key)
    ['ÉTAT', 'F2RSM', 'FA', 'PLAI-A', 'PLH']
    """
    folded = unicodedata.normalize("NFKD", sigle.upper())
    return "".join(char for char in folded if not unicodedata.combining(char))


def glossary_terms(sigles: pd.DataFrame) -> list[str]:
    """Every form of every sigle (:func:`sigle_forms`), in the order of the data: the words of the
    text that link to the glossary.

    >>> from lda_analysis.contract.data import load_table
    >>> terms = glossary_terms(load_table("perspectives_sigles"))
    >>> terms[:3], "CLLAJ" in terms, "PPSMJ" in terms
    (['AHI', 'AMI', 'ASE'], True, True)
    """
    forms = (
        form
        for sigle, variants in zip(sigles["sigle"], sigles["variantes"], strict=True)
        for form in sigle_forms(sigle, variants)
    )
    return list(dict.fromkeys(forms))
