"""Concordance checks of §4: its places that give the same figure, and §4 against the action pages,
the new fiches actions, the workshop annexes, the convention and the financial synthesis."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...actions.computations import action_number
from ...checks import (
    CONCORDANCE,
    CheckResult,
    check,
    cited,
    cited_rows,
    equality_result,
    place,
    rows_equality,
    rule_result,
)
from ...data import Tables
from ...dates import month_name
from ...formatting import lower_first
from ...schema import get_schema
from ...selection import RowError, one_row
from ..computations import ACTION_TABLES, CALENDAR, COUNTS, FIGURES, FUNDING, ROADMAP, months_covered
from .coherence import POSTS, action_codes

# --------------------------------------------------------------------------- concordance


@check(
    "La demande AMI et le report de N1 sont les mêmes dans le tableau et le texte du §4.5", kind=CONCORDANCE
)
def funding_table_and_text(tables: Tables) -> list[CheckResult]:
    table = tables[FUNDING]
    results = []
    for post in ("demande_ami", "report_n1"):
        printed = one_row(table, emplacement="tableau", typologie="total", poste=post)
        text = one_row(table, emplacement="texte", typologie="total", poste=post)
        results.append(
            rows_equality(
                "La demande AMI et le report de N1 sont les mêmes dans le tableau et le texte du §4.5",
                f"{POSTS[post]} 2024-2025 : tableau de financement et phrase qui le suit",
                printed,
                text,
                "euros",
                kind=CONCORDANCE,
            )
        )
    return results


PERIODS = {
    "financement_ami": "période du financement demandé dans le cadre de l'AMI",
    "demande_ami": "période couverte par la demande de 405 500 €",
}
# Where §4.5 prints the months of each period (both on its page: the reader tells them apart by this).
PERIOD_PLACES = {
    "financement_ami": "texte qui précède le tableau",
    "demande_ami": "phrase qui suit le tableau",
}


@check("La durée de la période de financement AMI (15 mois) concorde avec ses dates", kind=CONCORDANCE)
def funding_period_length(tables: Tables) -> list[CheckResult]:
    """« 2024-2025 (15 mois) » against « de septembre 2024 à décembre 2025 » (§4.5)."""
    duration = one_row(tables[FIGURES], measure="duree_financement_ami")
    calendar = tables[CALENDAR]
    results = []
    for subject in ("financement_ami", "demande_ami"):
        period = one_row(calendar, objet=subject)
        months = months_covered(tables, subject)
        results.append(
            equality_result(
                "La durée de la période de financement AMI (15 mois) concorde avec ses dates",
                f"{PERIODS[subject]} : durée imprimée dans le tableau ({place(duration)}) et mois "
                f"de {int(period['mois_debut']):02d}/{int(period['annee_debut'])} à "
                f"{int(period['mois_fin']):02d}/{int(period['annee_fin'])} inclus, "
                f"{PERIOD_PLACES[subject]} ({place(period)})",
                duration["value"],
                months,
                [cited(duration), cited(period)],
                "mois",
                kind=CONCORDANCE,
                detail=f"De {month_name(int(period['mois_debut']))} {int(period['annee_debut'])} à "
                f"{month_name(int(period['mois_fin']))} {int(period['annee_fin'])}, mois compris, "
                f"il y a {months} mois. La convention 2024-2027 (article 3) fait aller la "
                "première année du 1er octobre 2024 au 31 décembre 2025, soit 15 mois.",
            )
        )
    return results


def _mentions(first: pd.Series, other: pd.Series) -> str:
    """Where two mentions of a figure are printed, by page: « p. 63 et p. 67 », « deux mentions p. 69 »."""
    pages = place(first), place(other)
    return f"deux mentions {pages[0]}" if pages[0] == pages[1] else f"{pages[0]} et {pages[1]}"


@check("Un chiffre répété au §4 a la même valeur à chaque mention", kind=CONCORDANCE)
def repeated_figures(tables: Tables) -> list[CheckResult]:
    """100 % ARS, 12 professionnels, âges du public de la FA 22, 0,9 ETP... at each mention."""
    figures = tables[FIGURES]
    results = []
    for (measure, action), rows in figures.groupby(["measure", "action"], sort=False):
        if len(rows) < 2:
            continue
        rows = rows.sort_values("source_line")
        first = rows.iloc[0]
        for _, other in rows.iloc[1:].iterrows():
            results.append(
                rows_equality(
                    "Un chiffre répété au §4 a la même valeur à chaque mention",
                    f"{get_schema().label(FIGURES, 'measure', measure)}"
                    f"{f', action {action_number(action)}' if action else ''} : {_mentions(first, other)}",
                    first,
                    other,
                    first["unit"],
                    kind=CONCORDANCE,
                )
            )
    structures = one_row(figures, measure="structures_formees")
    low = one_row(figures, measure="structures_formees_min")
    high = one_row(figures, measure="structures_formees_max")
    inside = low["value"] <= structures["value"] <= high["value"]
    results.append(
        rule_result(
            "Un chiffre répété au §4 a la même valeur à chaque mention",
            "structures formées aux AAJ (action 20) : « 6 structures » dans la fourchette « 5 à 6 »",
            f"{structures['value']:g}",
            f"{low['value']:g} à {high['value']:g}",
            inside,
            [cited(structures), cited(low)],
            kind=CONCORDANCE,
        )
    )
    return results


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


@check(
    "Le nombre d'actions par catégorie du §4.5 concorde avec la feuille de route et les "
    "tableaux des §4.1 à 4.4",
    kind=CONCORDANCE,
)
def action_counts(tables: Tables) -> list[CheckResult]:
    """The summary of §4.5 (« le tableau Excel de l'AMI présente ») against the roadmap (p. 63) and
    the rows of the tables of §4.1 to 4.4."""
    counts = tables[COUNTS]
    rows = _table_rows(tables)
    roadmap = tables[ROADMAP]
    title = (
        "Le nombre d'actions par catégorie du §4.5 concorde avec la feuille de route et les "
        "tableaux des §4.1 à 4.4"
    )
    now = rows[rows["period"] == "2024-2025"]
    later = rows[rows["period"] != "2024-2025"]
    unfunded = now[now["financement"] != ""]
    new_funded = now[(now["decision"] == "nouvelle") & (now["financement"] == "")]
    in_tables = now[now["decision"].isin(["poursuivre", "renouveler"])]
    continued = _continued_actions(roadmap)
    postponed = roadmap[roadmap["statut"] == "a_reprendre_2026"]

    def compare(category, period, count, sources, subject, detail):
        printed = one_row(counts, categorie=category, period=period)
        return equality_result(
            title,
            subject,
            printed["value"],
            count,
            [cited(printed), *sources],
            "nombre",
            kind=CONCORDANCE,
            detail=detail,
        )

    results = [
        compare(
            "nouvelles_avec_demande_ami",
            "2024-2025",
            len(new_funded),
            new_funded["source"],
            "nouvelles actions 2024-2025 avec demande de financement AMI (lignes « Nouvelle » "
            "des tableaux sans financement hors AMI)",
            f"Actions des tableaux : {action_codes(new_funded['action'])}.",
        ),
        compare(
            "sans_demande_financement",
            "2024-2025",
            len(unfunded),
            unfunded["source"],
            "actions 2024-2025 sans demande de financement AMI (financement 100 % ARS ou sans "
            "financement Dihal dans les tableaux)",
            f"Actions des tableaux : {action_codes(unfunded['action'])}.",
        ),
        compare(
            "poursuivies_avec_demande_ami",
            "2024-2025",
            len(_merged(continued["action"])),
            [*continued["source"], *in_tables["source"]],
            "actions poursuivies en 2024-2025 : actions du plan 1 que la feuille de route ne dit "
            "ni terminées ni à reprendre en 2026 (FA 5 et FA 5 adaptée comptées une fois)",
            f"Actions : {action_codes(_merged(continued['action']))}. Les tableaux des §4.1 à 4.4 "
            f"n'en nomment que {len(in_tables)} ({action_codes(in_tables['action'])}) : les FA "
            f"{action_codes(_merged(continued['action']) - _merged(in_tables['action']))} ne relèvent "
            "d'aucune des 4 orientations. Le §4.5 renvoie au tableau Excel de l'AMI, qui ne "
            "nomme pas les actions dans le rapport.",
        ),
        compare(
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
        ),
    ]
    printed = one_row(counts, categorie="sans_demande_financement", period="2024-2025")
    named = {code.strip() for code in printed["actions_citees"].split(";")}
    found = set(unfunded["action"])
    results.append(
        rule_result(
            title,
            "actions sans demande de financement citées au §4.5 et dans les tableaux des §4.1 à 4.4",
            action_codes(named),
            action_codes(found),
            named == found,
            [cited(printed), *unfunded["source"]],
            kind=CONCORDANCE,
        )
    )
    return results


@check("La feuille de route et les tableaux des §4.1 à 4.4 présentent les mêmes actions", kind=CONCORDANCE)
def roadmap_and_tables(tables: Tables) -> list[CheckResult]:
    """New plan-2 actions, ARS funding and continued actions: roadmap (p. 63) against §4.1-4.4."""
    roadmap = tables[ROADMAP]
    rows = _table_rows(tables)
    title = "La feuille de route et les tableaux des §4.1 à 4.4 présentent les mêmes actions"
    plan_2 = {str(number) for number in range(17, 25)}
    comparisons = [
        (
            "nouvelles actions du plan 2 (FA 17 à 24) : feuille de route et lignes « Nouvelle » "
            "2024-2025 des tableaux",
            set(roadmap.loc[roadmap["action"].isin(plan_2), "action"]),
            set(rows.loc[(rows["decision"] == "nouvelle") & (rows["period"] == "2024-2025"), "action"]),
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
    results = []
    for subject, printed, computed in comparisons:
        results.append(
            rule_result(
                title,
                subject,
                action_codes(printed),
                action_codes(computed),
                printed == computed,
                [*roadmap["source"], *rows["source"]],
                kind=CONCORDANCE,
            )
        )
    return results


# --------------------------------------------------------------------------- other domains
# These checks compare §4 with tables of other domains (the pages of the actions of plan 1, the new
# fiches actions in the annexes, the workshop annexes).


@check(
    "Les montants du tableau de financement du §4.5 concordent avec les pages d'actions "
    "et les fiches actions",
    kind=CONCORDANCE,
)
def funding_against_actions(tables: Tables) -> list[CheckResult]:
    """227 500 € for the 6 continued actions (requests printed on their pages of §1), 178 000 € and
    52 000 € for the new actions (amounts printed by the fiches actions in the annexes)."""
    funding = tables[FUNDING]
    funding = funding[funding["emplacement"] == "tableau"]
    rows = _table_rows(tables)
    title = (
        "Les montants du tableau de financement du §4.5 concordent avec les pages d'actions et "
        "les fiches actions"
    )
    results = []
    pages = tables["actions_montants"]
    requests = pages[pages["measure"] == "demande"]
    printed = one_row(funding, typologie="poursuivre_renouveler", poste="demande_ami")
    continued = _merged(_continued_actions(tables[ROADMAP])["action"])
    results.append(
        rows_equality(
            title,
            "demande AMI des actions à poursuivre ou renouveler (§4.5) et somme des subventions "
            "demandées pour la suite sur les pages des actions (§1)",
            printed,
            requests,
            "euros",
            kind=CONCORDANCE,
            detail=f"Actions dont la page demande une subvention : {action_codes(requests['action'])}.",
        )
    )
    counted = one_row(tables[COUNTS], categorie="poursuivies_avec_demande_ami", period="2024-2025")
    results.append(
        equality_result(
            title,
            "nombre d'actions poursuivies avec demande AMI (§4.5) et d'actions dont la page (§1) "
            "demande une subvention pour la suite",
            counted["value"],
            requests["action"].nunique(),
            [cited(counted), *cited_rows(requests)],
            "nombre",
            kind=CONCORDANCE,
        )
    )
    asked = _merged(requests["action"])
    results.append(
        rule_result(
            title,
            "actions poursuivies selon la feuille de route (p. 63) et actions dont la page (§1) "
            "demande une subvention pour la suite",
            action_codes(continued),
            action_codes(asked),
            continued == asked,
            [*tables[ROADMAP]["source"], *cited_rows(requests)],
            kind=CONCORDANCE,
        )
    )
    fiches = tables["fiches_financements"]
    new = rows[(rows["decision"] == "nouvelle") & (rows["period"] == "2024-2025")]
    funded = new.loc[new["financement"] == "", "action"]
    cofunding_items = ["financement_mtpm", "financement_mtpm_ddets"]
    for post, actions, items in (
        ("demande_ami", funded, ["financement_ami"]),
        ("cofinancement", new["action"], cofunding_items),
    ):
        chosen = []
        for _key, mentions in fiches[fiches["action"].isin(actions) & fiches["item"].isin(items)].groupby(
            ["action", "item"]
        ):
            header = mentions[mentions["mention"] == "encart"]
            chosen.append((header if len(header) else mentions).iloc[0])
        chosen = pd.DataFrame(chosen)
        printed = one_row(funding, typologie="nouvelles", poste=post)
        results.append(
            equality_result(
                title,
                f"{POSTS[post]} des nouvelles actions (§4.5) et somme des montants des fiches "
                f"actions {action_codes(actions)}",
                printed["value"],
                chosen["value"].sum() if len(chosen) else 0.0,
                [cited(printed), *(cited_rows(chosen) if len(chosen) else [])],
                "euros",
                kind=CONCORDANCE,
                detail="Montants des fiches : "
                + (
                    ", ".join(f"FA {row['action']} {row['value']:g} €" for _, row in chosen.iterrows())
                    if len(chosen)
                    else "aucun"
                )
                + ".",
            )
        )
    return results


# Figures of §4 and the same figures in the fiches actions of the annexes (table fiches_parametres):
# (measure here, action here) -> (action, measure, bound) there.
SAME_AS_FICHES = {
    ("ateliers_cycle", "20"): ("20", "ateliers_par_cycle", "valeur"),
    ("structures_formees_min", "20"): ("20", "structures_formees", "minimum"),
    ("structures_formees_max", "20"): ("20", "structures_formees", "maximum"),
    ("jeunes_accompagnes", "20"): ("20", "jeunes_cycle", "valeur"),
    ("jeunes_participants", "16"): ("20", "jeunes_participation_lda1", "valeur"),
    ("age_min", "21"): ("21", "age_public", "minimum"),
    ("age_max", "21"): ("21", "age_public", "maximum"),
    ("age_min", "22"): ("22", "age_public", "minimum"),
    ("age_max", "22"): ("22", "age_public", "maximum"),
    ("logements_sociaux", "22"): ("22", "appartements_budget", "valeur"),
    ("etp_accompagnement", "22"): ("22", "etp_finance", "valeur"),
}


@check(
    "Les chiffres du §4 sur les actions 20, 21 et 22 concordent avec leurs fiches actions", kind=CONCORDANCE
)
def figures_against_fiches(tables: Tables) -> list[CheckResult]:
    fiches = tables["fiches_parametres"]
    figures = tables[FIGURES]
    results = []
    for (measure, action), (fiche, other, bound) in SAME_AS_FICHES.items():
        here = figures[(figures["measure"] == measure) & (figures["action"] == action)]
        there = fiches[
            (fiches["action"] == fiche) & (fiches["measure"] == other) & (fiches["bound"] == bound)
        ]
        if here.empty or there.empty:
            raise RowError(
                f"{measure} (action {action}) au §4 ou {other} ({bound}) dans la fiche FA {fiche} : "
                "chiffre absent des données"
            )
        first = here.sort_values("source_line").iloc[0]
        reference = there.sort_values("mention").iloc[0]
        results.append(
            rows_equality(
                "Les chiffres du §4 sur les actions 20, 21 et 22 concordent avec leurs fiches actions",
                f"{get_schema().label(FIGURES, 'measure', measure)} (action {action}) au §4 et "
                f"{lower_first(get_schema().label('fiches_parametres', 'measure', other))} ({bound}) dans la "
                f"fiche FA {fiche}",
                first,
                reference,
                first["unit"],
                kind=CONCORDANCE,
            )
        )
    return results


@check(
    "Les 4 groupes de l'atelier Plan LDA 2 cités au §4.1 sont ceux des annexes de l'atelier", kind=CONCORDANCE
)
def workshop_groups(tables: Tables) -> list[CheckResult]:
    groups = tables["annexes_atelier_themes"]
    printed = one_row(tables[FIGURES], measure="groupes_atelier")
    return [
        equality_result(
            "Les 4 groupes de l'atelier Plan LDA 2 cités au §4.1 sont ceux des annexes de l'atelier",
            "groupes de l'atelier (§4.1) et groupes de travail des annexes « Atelier LDA 2 »",
            printed["value"],
            groups["groupe"].nunique(),
            [cited(printed), *groups["source"]],
            "nombre",
            kind=CONCORDANCE,
        )
    ]


@check(
    "La demande AMI 2024-2025 et le report de 35 000 € du §4.5 concordent avec la "
    "convention et la synthèse financière",
    kind=CONCORDANCE,
)
def carried_over_elsewhere(tables: Tables) -> list[CheckResult]:
    """405 500 € « dont report de N1 35 000 € » (§4.5) against the convention 2024-2027 (article
    2.3.1: 405 500 € dont 35 000 € de reliquat, subvention versée 370 500 €) and the écart of the
    financial synthesis of plan 1 (préambule: 845 000 € alloués, 810 000 € consommés)."""
    funding = tables[FUNDING]
    request = one_row(funding, emplacement="tableau", typologie="total", poste="demande_ami")
    report = one_row(funding, emplacement="tableau", typologie="total", poste="report_n1")
    title = (
        "La demande AMI 2024-2025 et le report de 35 000 € du §4.5 concordent avec la convention "
        "et la synthèse financière"
    )
    results = []
    convention = tables["finances_convention"]
    comparisons = [
        (
            request,
            convention[convention["measure"] == "soutien_etat_maximal"],
            "demande AMI 2024-2025 (§4.5) et soutien maximal de l'État pour 2024-2025",
        ),
        (
            report,
            convention[convention["measure"] == "reliquat_plan1"],
            "report de N1 (§4.5) et reliquat compris dans le soutien 2024-2025",
        ),
        (
            report,
            convention[convention["measure"] == "report_plan1"],
            "report de N1 (§4.5) et report du plan LDA 1 à consommer sur le plan LDA 2",
        ),
    ]
    for _, paid in convention[convention["measure"] == "subvention_versee"].iterrows():
        results.append(
            equality_result(
                title,
                "demande AMI moins report de N1 (§4.5) et subvention versée au titre de 2024-2025 "
                f"({place(paid)})",
                paid["value"],
                request["value"] - report["value"],
                [cited(paid), cited(request), cited(report)],
                "euros",
                kind=CONCORDANCE,
            )
        )
    allocation = tables["finances_allocation"]
    gaps = allocation[allocation["measure"] == "ecart"]
    gaps = gaps[gaps["action"] == ""]  # the total écart, not its detail by action (15 000 + 20 000)
    comparisons.append(
        (
            report,
            gaps,
            "report de N1 (§4.5) et écart entre montants alloués et dépenses du plan LDA 1, au préambule",
        )
    )
    for mine, others, subject in comparisons:
        for _, other in others.iterrows():
            results.append(
                rows_equality(
                    title,
                    f"{subject} ({place(other)})",
                    mine,
                    other,
                    "euros",
                    kind=CONCORDANCE,
                )
            )
    return results
