"""Concordance checks of §4: its places that give the same figure, and §4 against the action pages,
the new fiches actions' amounts, the workshop annexes, the convention and the financial synthesis.
§4's figures on actions 20, 21 and 22 against their fiches are checked with the fiches
(:func:`lda_analysis.domains.fiches_actions.checks.rapport.perspectives_figures`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from lda_analysis.blocks.dates import month_name
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row

from ...actions.computations import action_number
from ...checks import (
    CheckResult,
    cited,
    cited_rows,
    concordance,
    equality_result,
    place,
    rows_equality,
    rule_result,
)
from ..computations import ACTION_TABLES, CALENDAR, COUNTS, FIGURES, FUNDING, ROADMAP, months_covered
from .coherence import POSTS, action_codes

# --------------------------------------------------------------------------- concordance


@concordance("La demande AMI et le report de N1 sont les mêmes dans le tableau et le texte du §4.5")
def funding_table_and_text(tables: Tables) -> Iterator[CheckResult]:
    table = tables[FUNDING]
    for post in ("demande_ami", "report_n1"):
        printed = one_row(table, emplacement="tableau", typologie="total", poste=post)
        text = one_row(table, emplacement="texte", typologie="total", poste=post)
        yield rows_equality(
            f"{POSTS[post]} 2024-2025 : tableau de financement et phrase qui le suit",
            printed,
            text,
            "euros",
        )


PERIODS = {
    "financement_ami": "période du financement demandé dans le cadre de l'AMI",
    "demande_ami": "période couverte par la demande de 405 500 €",
}
# Where §4.5 prints the months of each period (both on its page: the reader tells them apart by this).
PERIOD_PLACES = {
    "financement_ami": "texte qui précède le tableau",
    "demande_ami": "phrase qui suit le tableau",
}


@concordance("La durée de la période de financement AMI (15 mois) concorde avec ses dates")
def funding_period_length(tables: Tables) -> Iterator[CheckResult]:
    """« 2024-2025 (15 mois) » against « de septembre 2024 à décembre 2025 » (§4.5)."""
    duration = one_row(tables[FIGURES], mesure="duree_financement_ami")
    calendar = tables[CALENDAR]
    for subject in ("financement_ami", "demande_ami"):
        period = one_row(calendar, objet=subject)
        months = months_covered(tables, subject)
        yield equality_result(
            f"{PERIODS[subject]} : durée imprimée dans le tableau ({place(duration)}) et mois "
            f"de {int(period['mois_debut']):02d}/{int(period['annee_debut'])} à "
            f"{int(period['mois_fin']):02d}/{int(period['annee_fin'])} inclus, "
            f"{PERIOD_PLACES[subject]} ({place(period)})",
            duration["valeur"],
            months,
            [cited(duration), cited(period)],
            "mois",
            detail=f"De {month_name(int(period['mois_debut']))} {int(period['annee_debut'])} à "
            f"{month_name(int(period['mois_fin']))} {int(period['annee_fin'])}, mois compris, "
            f"il y a {months} mois. La convention 2024-2027 (article 3) fait aller la "
            "première année du 1er octobre 2024 au 31 décembre 2025, soit 15 mois.",
        )


def _mentions(first: pd.Series, other: pd.Series) -> str:
    """Where two mentions of a figure are printed, by page: « p. 63 et p. 67 », « deux mentions p. 69 »."""
    pages = place(first), place(other)
    return f"deux mentions {pages[0]}" if pages[0] == pages[1] else f"{pages[0]} et {pages[1]}"


@concordance("Un chiffre répété au §4 a la même valeur à chaque mention")
def repeated_figures(tables: Tables) -> Iterator[CheckResult]:
    """100 % ARS, 12 professionnels, âges du public de la FA 22, 0,9 ETP... at each mention."""
    figures = tables[FIGURES]
    for (measure, action), rows in figures.groupby(["mesure", "action"], sort=False):
        if len(rows) < 2:
            continue
        rows = rows.sort_values("ligne_source")
        first = rows.iloc[0]
        for _, other in rows.iloc[1:].iterrows():
            yield rows_equality(
                f"{get_schema().label(FIGURES, 'mesure', measure)}"
                f"{f', action {action_number(action)}' if action else ''} : {_mentions(first, other)}",
                first,
                other,
                first["unite"],
            )
    structures = one_row(figures, mesure="structures_formees")
    low = one_row(figures, mesure="structures_formees_min")
    high = one_row(figures, mesure="structures_formees_max")
    inside = low["valeur"] <= structures["valeur"] <= high["valeur"]
    yield rule_result(
        "structures formées aux AAJ (action 20) : « 6 structures » dans la fourchette « 5 à 6 »",
        f"{structures['valeur']:g}",
        f"{low['valeur']:g} à {high['valeur']:g}",
        inside,
        [cited(structures), cited(low)],
    )


def _table_rows(tables: Tables) -> pd.DataFrame:
    return tables[ACTION_TABLES]


def _continued_actions(roadmap: pd.DataFrame) -> pd.DataFrame:
    """Actions of plan 1 that the roadmap neither ends (« terminée », « sera terminée en déc. 2024 »)
    nor postpones (« à reprendre et à déployer en 2026 »): they go on in 2024-2025."""
    plan_1 = roadmap[~roadmap["action"].isin([str(number) for number in range(17, 25)])]
    return plan_1[plan_1["statut"] == "non_precise"]


def _merged(codes: Iterable[str]) -> set[str]:
    """Action codes where FA 5 and FA 5 adaptée count once (« FA 5 […] devient : FA 5. »)."""
    return {"5" if code == "5_adaptee" else code for code in codes}


def _rows_2024_2025(tables: Tables) -> pd.DataFrame:
    """Rows of the tables of §4.1 to 4.4 for 2024-2025."""
    rows = _table_rows(tables)
    return rows[rows["periode"] == "2024-2025"]


def _new_actions(tables: Tables) -> pd.DataFrame:
    """Rows « Nouvelle » of the tables of §4.1 to 4.4 for 2024-2025."""
    rows = _table_rows(tables)
    return rows[(rows["decision"] == "nouvelle") & (rows["periode"] == "2024-2025")]


def _without_ami_request(tables: Tables) -> pd.DataFrame:
    """Rows of 2024-2025 funded otherwise than by the AMI (100 % ARS, no Dihal funding)."""
    now = _rows_2024_2025(tables)
    return now[now["financement"] != ""]


def _count_against(
    tables: Tables,
    category: str,
    period: str,
    counted: int,
    sources: Iterable[str],
    subject: str,
    detail: str,
) -> CheckResult:
    """The number of actions of a ``category`` §4.5 prints for ``period`` against the actions
    ``counted`` in the roadmap or the tables of §4.1 to 4.4."""
    printed = one_row(tables[COUNTS], categorie=category, periode=period)
    return equality_result(
        subject, printed["valeur"], counted, [cited(printed), *sources], "nombre", detail=detail
    )


def _new_actions_with_request_count(tables: Tables) -> CheckResult:
    """New actions of 2024-2025 with an AMI request: rows « Nouvelle » without other funding."""
    new = _new_actions(tables)
    funded = new[new["financement"] == ""]
    return _count_against(
        tables,
        "nouvelles_avec_demande_ami",
        "2024-2025",
        len(funded),
        funded["source"],
        "nouvelles actions 2024-2025 avec demande de financement AMI (lignes « Nouvelle » "
        "des tableaux sans financement hors AMI)",
        f"Actions des tableaux : {action_codes(funded['action'])}.",
    )


def _without_request_count(tables: Tables) -> CheckResult:
    """Actions of 2024-2025 without an AMI request: rows funded 100 % by the ARS or without Dihal."""
    unfunded = _without_ami_request(tables)
    return _count_against(
        tables,
        "sans_demande_financement",
        "2024-2025",
        len(unfunded),
        unfunded["source"],
        "actions 2024-2025 sans demande de financement AMI (financement 100 % ARS ou sans "
        "financement Dihal dans les tableaux)",
        f"Actions des tableaux : {action_codes(unfunded['action'])}.",
    )


def _continued_count(tables: Tables) -> CheckResult:
    """Continued actions: those of plan 1 the roadmap neither ends nor postpones, FA 5 and FA 5
    adaptée once; the tables of §4.1 to 4.4 name only those of their 4 orientations."""
    roadmap_rows = _continued_actions(tables[ROADMAP])
    continued = _merged(roadmap_rows["action"])
    now = _rows_2024_2025(tables)
    in_tables = now[now["decision"].isin(["poursuivre", "renouveler"])]
    return _count_against(
        tables,
        "poursuivies_avec_demande_ami",
        "2024-2025",
        len(continued),
        [*roadmap_rows["source"], *in_tables["source"]],
        "actions poursuivies en 2024-2025 : actions du plan 1 que la feuille de route ne dit "
        "ni terminées ni à reprendre en 2026 (FA 5 et FA 5 adaptée comptées une fois)",
        f"Actions : {action_codes(continued)}. Les tableaux des §4.1 à 4.4 "
        f"n'en nomment que {len(in_tables)} ({action_codes(in_tables['action'])}) : les FA "
        f"{action_codes(continued - _merged(in_tables['action']))} ne relèvent "
        "d'aucune des 4 orientations. Le §4.5 renvoie au tableau Excel de l'AMI, qui ne "
        "nomme pas les actions dans le rapport.",
    )


def _considered_later_count(tables: Tables) -> CheckResult:
    """Actions of 2026-2027: rows « Nouvelle 2026 » of the tables and actions the roadmap postpones."""
    rows = _table_rows(tables)
    later = rows[rows["periode"] != "2024-2025"]
    roadmap = tables[ROADMAP]
    postponed = roadmap[roadmap["statut"] == "a_reprendre_2026"]
    return _count_against(
        tables,
        "en_cours_de_reflexion",
        "2026-2027",
        len(later) + len(postponed),
        [*later["source"], *postponed["source"]],
        "actions 2026-2027 : lignes « Nouvelle 2026 » ou « Nouvelle 2026-2027 » des tableaux "
        "et actions de la feuille de route « à reprendre et à déployer en 2026 »",
        f"{len(later)} actions des tableaux des §4.1 à 4.4 et la FA "
        f"{action_codes(postponed['action'])} de la feuille de route. Lecture de l'analyste : le "
        "document ne dit pas quelles sont les 7 actions en cours de réflexion ; sans la FA "
        f"{action_codes(postponed['action'])}, les tableaux en comptent {len(later)}.",
    )


def _without_request_named(tables: Tables) -> CheckResult:
    """The actions without an AMI request that §4.5 names are those of the tables of §4.1 to 4.4."""
    printed = one_row(tables[COUNTS], categorie="sans_demande_financement", periode="2024-2025")
    named = {code.strip() for code in printed["actions_citees"].split(";")}
    unfunded = _without_ami_request(tables)
    found = set(unfunded["action"])
    return rule_result(
        "actions sans demande de financement citées au §4.5 et dans les tableaux des §4.1 à 4.4",
        action_codes(named),
        action_codes(found),
        named == found,
        [cited(printed), *unfunded["source"]],
    )


@concordance(
    "Le nombre d'actions par catégorie du §4.5 concorde avec la feuille de route et les "
    "tableaux des §4.1 à 4.4"
)
def action_counts(tables: Tables) -> list[CheckResult]:
    """The summary of §4.5 (« le tableau Excel de l'AMI présente ») against the roadmap (p. 63) and
    the rows of the tables of §4.1 to 4.4."""
    return [
        _new_actions_with_request_count(tables),
        _without_request_count(tables),
        _continued_count(tables),
        _considered_later_count(tables),
        _without_request_named(tables),
    ]


@concordance("La feuille de route et les tableaux des §4.1 à 4.4 présentent les mêmes actions")
def roadmap_and_tables(tables: Tables) -> Iterator[CheckResult]:
    """New plan-2 actions, ARS funding and continued actions: roadmap (p. 63) against §4.1-4.4."""
    roadmap = tables[ROADMAP]
    rows = _table_rows(tables)
    plan_2 = {str(number) for number in range(17, 25)}
    comparisons = [
        (
            "nouvelles actions du plan 2 (FA 17 à 24) : feuille de route et lignes « Nouvelle » "
            "2024-2025 des tableaux",
            set(roadmap.loc[roadmap["action"].isin(plan_2), "action"]),
            set(rows.loc[(rows["decision"] == "nouvelle") & (rows["periode"] == "2024-2025"), "action"]),
        ),
        (
            "actions financées à 100 % par l'ARS : statut de la feuille de route et commentaire des tableaux",
            set(roadmap.loc[roadmap["statut"] == "fiche_ars_financement_100_ars", "action"]),
            set(rows.loc[rows["financement"] == "financement_100_ars", "action"]),
        ),
        (
            "actions poursuivies ou renouvelées dans les tableaux, que la feuille de route ne dit ni "
            "terminées ni en fin de parcours en déc. 2024",
            set(rows.loc[rows["decision"].isin(["poursuivre", "renouveler"]), "action"]),
            set(roadmap.loc[roadmap["statut"] == "non_precise", "action"])
            & set(rows.loc[rows["decision"].isin(["poursuivre", "renouveler"]), "action"]),
        ),
    ]
    for subject, printed, computed in comparisons:
        yield rule_result(
            subject,
            action_codes(printed),
            action_codes(computed),
            printed == computed,
            [*roadmap["source"], *rows["source"]],
        )


# --------------------------------------------------------------------------- other domains
# These checks compare §4 with tables of other domains (the pages of the actions of plan 1, the new
# fiches actions in the annexes, the workshop annexes).


def _funding_table_row(tables: Tables, typology: str, post: str) -> pd.Series:
    """A figure of the funding table of §4.5 (not of the text around it)."""
    return one_row(tables[FUNDING], emplacement="tableau", typologie=typology, poste=post)


def _page_requests(tables: Tables) -> pd.DataFrame:
    """The subsidies the pages of the actions of plan 1 (§1) request for the rest of the action."""
    pages = tables["actions_montants"]
    return pages[pages["mesure"] == "demande"]


def _continued_request(tables: Tables) -> CheckResult:
    """The AMI request for the continued actions is the sum of the requests on their pages."""
    printed = _funding_table_row(tables, "poursuivre_renouveler", "demande_ami")
    requests = _page_requests(tables)
    return rows_equality(
        "demande AMI des actions à poursuivre ou renouveler (§4.5) et somme des subventions "
        "demandées pour la suite sur les pages des actions (§1)",
        printed,
        requests,
        "euros",
        detail=f"Actions dont la page demande une subvention : {action_codes(requests['action'])}.",
    )


def _continued_with_request_count(tables: Tables) -> CheckResult:
    """As many continued actions with an AMI request (§4.5) as pages that request a subsidy."""
    counted = one_row(tables[COUNTS], categorie="poursuivies_avec_demande_ami", periode="2024-2025")
    requests = _page_requests(tables)
    return equality_result(
        "nombre d'actions poursuivies avec demande AMI (§4.5) et d'actions dont la page (§1) "
        "demande une subvention pour la suite",
        counted["valeur"],
        requests["action"].nunique(),
        [cited(counted), *cited_rows(requests)],
        "nombre",
    )


def _continued_are_requested(tables: Tables) -> CheckResult:
    """The actions the roadmap continues are those whose page requests a subsidy."""
    continued = _merged(_continued_actions(tables[ROADMAP])["action"])
    requests = _page_requests(tables)
    asked = _merged(requests["action"])
    return rule_result(
        "actions poursuivies selon la feuille de route (p. 63) et actions dont la page (§1) "
        "demande une subvention pour la suite",
        action_codes(continued),
        action_codes(asked),
        continued == asked,
        [*tables[ROADMAP]["source"], *cited_rows(requests)],
    )


def _fiche_amounts(tables: Tables, actions: Iterable[str], items: list[str]) -> pd.DataFrame:
    """The amounts of some ``items`` the fiches actions of ``actions`` print, one per action and
    item: the one of the fiche's header (« encart ») if it prints it, else its first mention."""
    fiches = tables["fiches_financements"]
    chosen = []
    for _key, mentions in fiches[
        fiches["action"].isin(actions) & fiches["nature_montant"].isin(items)
    ].groupby(["action", "nature_montant"]):
        header = mentions[mentions["mention"] == "encart"]
        chosen.append((header if len(header) else mentions).iloc[0])
    return pd.DataFrame(chosen, columns=fiches.columns)


def _new_actions_amount(tables: Tables, post: str, actions: pd.Series, items: list[str]) -> CheckResult:
    """A ``post`` of the new actions in the funding table of §4.5 is the sum of the amounts their
    fiches actions print."""
    printed = _funding_table_row(tables, "nouvelles", post)
    amounts = _fiche_amounts(tables, actions, items)
    listed = ", ".join(f"FA {row['action']} {row['valeur']:g} €" for _, row in amounts.iterrows())
    return rows_equality(
        f"{POSTS[post]} des nouvelles actions (§4.5) et somme des montants des fiches "
        f"actions {action_codes(actions)}",
        printed,
        amounts,
        "euros",
        detail=f"Montants des fiches : {listed or 'aucun'}.",
    )


@concordance(
    "Les montants du tableau de financement du §4.5 concordent avec les pages d'actions et les fiches actions"
)
def funding_against_actions(tables: Tables) -> list[CheckResult]:
    """227 500 € for the 6 continued actions (requests printed on their pages of §1), 178 000 € and
    52 000 € for the new actions (amounts printed by the fiches actions in the annexes)."""
    new = _new_actions(tables)
    return [
        _continued_request(tables),
        _continued_with_request_count(tables),
        _continued_are_requested(tables),
        _new_actions_amount(
            tables, "demande_ami", new.loc[new["financement"] == "", "action"], ["financement_ami"]
        ),
        _new_actions_amount(
            tables, "cofinancement", new["action"], ["financement_mtpm", "financement_mtpm_ddets"]
        ),
    ]


@concordance("Les 4 groupes de l'atelier Plan LDA 2 cités au §4.1 sont ceux des annexes de l'atelier")
def workshop_groups(tables: Tables) -> list[CheckResult]:
    groups = tables["annexes_atelier_themes"]
    printed = one_row(tables[FIGURES], mesure="groupes_atelier")
    return [
        equality_result(
            "groupes de l'atelier (§4.1) et groupes de travail des annexes « Atelier LDA 2 »",
            printed["valeur"],
            groups["groupe"].nunique(),
            [cited(printed), *groups["source"]],
            "nombre",
        )
    ]


# The measures of the convention 2024-2027 (table finances_convention) that give a total of §4.5:
# (measure, post of §4.5, subject).
IN_CONVENTION = (
    (
        "soutien_etat_maximal",
        "demande_ami",
        "demande AMI 2024-2025 (§4.5) et soutien maximal de l'État pour 2024-2025",
    ),
    ("reliquat_plan1", "report_n1", "report de N1 (§4.5) et reliquat compris dans le soutien 2024-2025"),
    (
        "report_plan1",
        "report_n1",
        "report de N1 (§4.5) et report du plan LDA 1 à consommer sur le plan LDA 2",
    ),
)


def _same_at_each_place(mine: pd.Series, others: pd.DataFrame, subject: str) -> list[CheckResult]:
    """A total of §4.5 against each row that gives it elsewhere, named by its place."""
    return [
        rows_equality(f"{subject} ({place(other)})", mine, other, "euros") for _, other in others.iterrows()
    ]


def _paid_subsidy(tables: Tables, request: pd.Series, report: pd.Series) -> list[CheckResult]:
    """The subsidy the convention pays for 2024-2025 is the AMI request less the amount carried over."""
    convention = tables["finances_convention"]
    return [
        equality_result(
            "demande AMI moins report de N1 (§4.5) et subvention versée au titre de 2024-2025 "
            f"({place(paid)})",
            paid["valeur"],
            request["valeur"] - report["valeur"],
            [cited(paid), cited(request), cited(report)],
            "euros",
        )
        for _, paid in convention[convention["mesure"] == "subvention_versee"].iterrows()
    ]


def _same_in_convention(tables: Tables, totals: dict[str, pd.Series]) -> Iterator[CheckResult]:
    """The AMI request and the amount carried over are the convention's (article 2.3.1)."""
    convention = tables["finances_convention"]
    for measure, post, subject in IN_CONVENTION:
        yield from _same_at_each_place(totals[post], convention[convention["mesure"] == measure], subject)


def _same_as_plan_1_gap(tables: Tables, report: pd.Series) -> list[CheckResult]:
    """The amount carried over is the écart of plan 1 between allocations and spending (préambule)."""
    allocation = tables["finances_allocation"]
    gaps = allocation[allocation["mesure"] == "ecart"]
    gaps = gaps[gaps["action"] == ""]  # the total écart, not its detail by action (15 000 + 20 000)
    return _same_at_each_place(
        report,
        gaps,
        "report de N1 (§4.5) et écart entre montants alloués et dépenses du plan LDA 1, au préambule",
    )


@concordance(
    "La demande AMI 2024-2025 et le report de 35 000 € du §4.5 concordent avec la convention "
    "et la synthèse financière"
)
def carried_over_elsewhere(tables: Tables) -> list[CheckResult]:
    """405 500 € « dont report de N1 35 000 € » (§4.5) against the convention 2024-2027 (article
    2.3.1: 405 500 € dont 35 000 € de reliquat, subvention versée 370 500 €) and the écart of the
    financial synthesis of plan 1 (préambule: 845 000 € alloués, 810 000 € consommés)."""
    totals = {post: _funding_table_row(tables, "total", post) for post in ("demande_ami", "report_n1")}
    request, report = totals["demande_ami"], totals["report_n1"]
    return [
        *_paid_subsidy(tables, request, report),
        *_same_in_convention(tables, totals),
        *_same_as_plan_1_gap(tables, report),
    ]
