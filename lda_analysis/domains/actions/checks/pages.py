"""Checks of the pages of the actions: what each page must satisfy, and the places that repeat a figure.

The tables ``actions_*`` hold the pages of the actions 1 to 16 of the plan LDA 1 (§1.1 to §1.17 of the
rapport d'exécution). A figure is designated by its action and its rank in the page
(``actions_indicateurs``, ``actions_montants``), as the comments recall.

Coherence checks verify what the pages must satisfy (breakdowns and their totals, a quantity times a
cohort, durations computed from dates, the number of dated commissions). Concordance checks compare
two places of the document that give the same figure: within a page, with another domain's table
(looked up by the line of the source document, so that the check runs only when that figure is
stored), or a sentence with the figures it summarises.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd

from lda_analysis.blocks.dates import months_inclusive
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import RowError, one_row, select_rows

from ...checks import (
    CheckResult,
    check,
    cited,
    cited_rows,
    concordance,
    decimal_comma,
    equality_result,
    figures_on_lines,
    place,
    rows_equality,
    rule_result,
    sum_result,
)
from ..computations import action_number

INDICATORS = "actions_indicateurs"
AMOUNTS = "actions_montants"
MILESTONES = "actions_jalons"
DELIVERABLES = "actions_livrables"
SHEETS = "actions_fiches"
FOLLOW_UPS = "actions_suites"


def _row(tables: Tables, action: str, rank: int, table: str = INDICATORS) -> pd.Series:
    """The figure of rank ``rank`` of an action's page; a missing one is a :class:`RowError`."""
    return one_row(tables[table], action=action, rang=rank)


def _milestone(tables: Tables, action: str, line: int, label: str) -> pd.Series:
    return one_row(tables[MILESTONES], action=action, ligne_source=line, date_imprimee=label)


def _figures_at_line(tables: Tables, line: int, unit: str | None = None) -> list:
    """Figures of the other domains' tables printed on ``line`` of the source document."""
    return [
        row
        for _, row in figures_on_lines(
            tables, (line,), include=lambda name: not name.startswith("actions_"), unit=unit
        )
    ]


# ------------------------------------------------------------------------------------------ coherence

# Printed totals and their details: (action, rank of the total, ranks of the details, subject).
BREAKDOWNS = (
    (
        "13",
        1,
        (4, 5, 6, 7),
        "Action 13 : mesures attribuées = orientations (UTS, associations "
        "partenaires, associations tutelle, ITINOVA PLA)",
    ),
    ("14", 2, (3, 4), "Action 14 : personnes accompagnées en 2022 = adultes + enfants"),
    (
        "5",
        16,
        (8, 15),
        "Action 5 : connexions e-learning visées = connexions d'ici fin 2024 + "
        "connexions supplémentaires en 2025",
    ),
    ("5", 22, (23, 24), "Action 5 : personnes à former en 2025 = professionnels TS restants + CDS"),
)


@check("Une répartition imprimée dans une page d'action reproduit son total")
def breakdowns(tables: Tables) -> Iterator[CheckResult]:
    for action, total_rank, detail_ranks, subject in BREAKDOWNS:
        total = _row(tables, action, total_rank)
        details = [_row(tables, action, rank) for rank in detail_ranks]
        yield sum_result(
            subject,
            [row["valeur"] for row in details],
            total["valeur"],
            [cited(total), *cited_rows(details)],
            total["unite"],
        )


@check("Action 5 : l'objectif de 50 % rapporte les connexions visées aux professionnels TS")
def connection_share(tables: Tables) -> list[CheckResult]:
    # « 204 connexions pour 408, soit objectif de 50% des professionnels connectés » (lignes 2010-2011).
    share, connections, professionals = (_row(tables, "5", rank) for rank in (18, 16, 17))
    return [
        equality_result(
            "Action 5, volet 1 (2025) : connexions visées / professionnels TS",
            share["valeur"],
            round(100 * connections["valeur"] / professionals["valeur"], 1),
            [cited(share), cited(connections), cited(professionals)],
            "pourcentage",
        )
    ]


@check(
    "Action 5 : les sessions de formation de 2025 multipliées par la cohorte donnent les personnes à former"
)
def training_sessions(tables: Tables) -> list[CheckResult]:
    # « 2*2 jours pour 60 personnes » (ligne 2014) et « une cohorte de 30 personnes » (ligne 1981).
    sessions, cohort, people = (_row(tables, "5", rank) for rank in (20, 11, 22))
    return [
        equality_result(
            "Action 5, volet 2 : 2 sessions × cohorte de 30 personnes = 60 personnes",
            people["valeur"],
            sessions["valeur"] * cohort["valeur"],
            [cited(people), cited(sessions), cited(cohort)],
            "personnes",
        )
    ]


@check("Action 15 : les livrables de la convention URHAJ listés concordent avec « 2 des 4 livrables »")
def urhaj_deliverables(tables: Tables) -> list[CheckResult]:
    deliverables = tables[DELIVERABLES]
    listed = deliverables[
        (deliverables["action"] == "15") & (deliverables["groupe"] == "Livrables de la convention URHAJ")
    ]
    done, total = _row(tables, "15", 2), _row(tables, "15", 3)
    sources = [cited(total), *cited_rows(listed)]
    return [
        equality_result("Livrables de la convention listés", total["valeur"], len(listed), sources, "nombre"),
        equality_result(
            "Livrables de la convention réalisés",
            done["valeur"],
            int((listed["etat"] == "realisee").sum()),
            sources,
            "nombre",
        ),
    ]


@check("Action 6 : les dates des commissions de 2023 sont au nombre imprimé")
def commission_dates(tables: Tables) -> list[CheckResult]:
    # « 4 commissions ont été tenues en 2023, soit le 14 mars, 27 juin, 12 octobre et 19 décembre 2023 ».
    count = _row(tables, "6", 4)
    milestones = tables[MILESTONES]
    dates = milestones[
        (milestones["action"] == "6")
        & (milestones["ligne_source"] == count["ligne_source"])
        & (milestones["annee_debut"] == 2023)
    ]
    return [
        equality_result(
            "Commissions de coordination tenues en 2023 : nombre imprimé et dates données",
            count["valeur"],
            len(dates),
            [cited(count)],
            "nombre",
        )
    ]


def _day(row: pd.Series, end: bool = False) -> date:
    suffix = "fin" if end else "debut"
    return date(int(row[f"annee_{suffix}"]), int(row[f"mois_{suffix}"]), int(row[f"jour_{suffix}"]))


# Durations that the page computes from two dates: (rank in actions_indicateurs, line and date in actions_jalons).
WEEKS = ((1, 2410, "du 23/11/2023 au 16/12/2023"), (2, 2413, "17/12/2023 au 23/01/2024"))


@check("Action 7 : les durées en semaines correspondent aux dates imprimées")
def weeks_from_dates(tables: Tables) -> Iterator[CheckResult]:
    for indicator_rank, line, label in WEEKS:
        weeks = _row(tables, "7", indicator_rank)
        period = _milestone(tables, "7", line, label)
        days = (_day(period, end=True) - _day(period)).days
        yield equality_result(
            f"{weeks['libelle']} : {days} jours, arrondis à la semaine",
            weeks["valeur"],
            round(days / 7),
            [cited(weeks), cited(period)],
            "semaines",
        )


@concordance("Action 13 : la typologie des ménages suivis totalise un effectif que la page imprime")
def household_typology(tables: Tables) -> list[CheckResult]:
    allocated, carried_out, cancelled = (_row(tables, "13", rank) for rank in (1, 2, 3))
    typology = [_row(tables, "13", rank) for rank in range(9, 14)]
    followed = sum(row["valeur"] for row in typology)
    counts = (
        ("les mesures réalisées", carried_out["valeur"], [cited(carried_out)]),
        (
            "les mesures attribuées moins les annulations",
            allocated["valeur"] - cancelled["valeur"],
            [cited(allocated), cited(cancelled)],
        ),
    )
    return [
        equality_result(
            f"Typologie des ménages suivis et {label}",
            count,
            followed,
            [*sources, *cited_rows(typology)],
            "menages",
            detail="Chaque ménage suivi relève d'une ligne de la typologie : leur somme devrait être "
            "le nombre de ménages suivis, que la page n'imprime pas ; elle ne redonne aucun des "
            "effectifs qu'elle imprime.",
        )
        for label, count, sources in counts
    ]


@check("Le statut final d'une fiche est celui qu'imprime sa page")
def final_status(tables: Tables) -> Iterator[CheckResult]:
    follow_ups = tables[FOLLOW_UPS]
    statuses = follow_ups[follow_ups["nature"] == "statut_final"]
    for _, sheet in tables[SHEETS].iterrows():
        printed = statuses[statuses["action"] == sheet["action"]]
        labels = get_schema().labels(SHEETS, "statut_final")
        shown = (
            " / ".join(labels.get(status, status) for status in printed["statut"]) or "aucun statut imprimé"
        )
        yield rule_result(
            f"Action {action_number(sheet['action'])}",
            shown,
            labels.get(sheet["statut_final"], sheet["statut_final"]),
            list(printed["statut"]) == [sheet["statut_final"]],
            cited_rows(printed),
        )


@check("Les subventions demandées pour la suite des actions reproduisent le tableau de financement du §4.5")
def requested_subsidies(tables: Tables) -> Iterator[CheckResult]:
    """The six requests of the action pages against « Actions à poursuivre ou renouveler » (§4.5)."""
    amounts = tables[AMOUNTS]
    requests = amounts[amounts["mesure"] == "demande"]
    sources = cited_rows(requests)
    # Ligne 6077 : « Actions à poursuivre ou renouveler 227 500 350 000 577 500 € » (demande AMI en tête).
    for total in select_rows(
        tables["perspectives_financement"], typologie="poursuivre_renouveler", poste="demande_ami"
    ).itertuples():
        yield sum_result(
            "Demande AMI 2024-2025 des actions à poursuivre (§4.5) = subventions demandées sur les pages",
            requests["valeur"],
            total.valeur,
            [cited(total), *sources],
            "euros",
        )
    # Ligne 6097 : « 6 actions poursuivies avec demande de financement AMI ».
    for count in select_rows(
        tables["perspectives_nombre_actions"], categorie="poursuivies_avec_demande_ami"
    ).itertuples():
        yield equality_result(
            "Actions poursuivies avec demande AMI (§4.5) = pages d'actions qui demandent une subvention",
            count.valeur,
            requests["action"].nunique(),
            [cited(count), *sources],
            "nombre",
        )


@check("Action 15 : le montant mandaté et le reste à verser reproduisent la subvention N1")
def urhaj_payments(tables: Tables) -> Iterator[CheckResult]:
    # « Subvention N1 : 45 000€ ▪ 30 000€ mandatée le 09/12/22 ▪ Versement 15 000€ restant » (l. 3521-3523).
    paid, remaining = _row(tables, "15", 1, AMOUNTS), _row(tables, "15", 2, AMOUNTS)
    # Each place by what it prints with the amount: the reader finds it on the page, not by a line.
    for line, printed_with in ((3521, "détail des versements"), (3527, "« 18 mois d'exercice »")):
        for total in _figures_at_line(tables, line, "euros"):
            yield sum_result(
                f"Subvention N1 de l'action 15, {printed_with} ({place(total)})",
                [paid["valeur"], remaining["valeur"]],
                total.valeur,
                [cited(total), cited(paid), cited(remaining)],
                "euros",
            )


# ---------------------------------------------------------------------------------------- concordance

# Figures that a page prints more than once: (subject, [(table, action, rank)...]).
REPEATED = (
    (
        "Comités opérationnels (actions 3 et 4)",
        [(INDICATORS, "3", 1), (INDICATORS, "4", 2), (INDICATORS, "4", 4)],
    ),
    ("Participants à l'atelier Plan LDA 2 (actions 3 et 4)", [(INDICATORS, "3", 2), (INDICATORS, "4", 7)]),
    ("Fiches actions prévues (action 4)", [(INDICATORS, "4", 1), (INDICATORS, "4", 13)]),
    ("Fiches actions débutées (action 4)", [(INDICATORS, "4", 9), (INDICATORS, "4", 12)]),
    (
        "Durée de la convention avec la FAS PACA CORSE (action 5)",
        [(INDICATORS, "5", 1), (INDICATORS, "5", 3)],
    ),
    ("Accès formation e-learning (action 5)", [(INDICATORS, "5", 5), (INDICATORS, "5", 7)]),
    ("Professionnels TS sur MTPM (action 5)", [(INDICATORS, "5", 17), (INDICATORS, "5", 19)]),
    (
        "Candidatures / dossiers traités par l'AIVS en 2023 (action 9)",
        [(INDICATORS, "9", 14), (INDICATORS, "9", 16)],
    ),
    ("Poste de GLA (action 9)", [(INDICATORS, "9", 1), (INDICATORS, "9", 3)]),
    (
        "Mesures ASLL de l'AIVS (action 9)",
        [(INDICATORS, "9", 2), (INDICATORS, "9", 4), (INDICATORS, "9", 19)],
    ),
    (
        "Jeunes des focus groups de l'Ansa (actions 15 et 16)",
        [(INDICATORS, "15", 4), (INDICATORS, "16", 1), (INDICATORS, "16", 3)],
    ),
    ("Reste de la subvention de l'URHAJ (action 15)", [(AMOUNTS, "15", 2), (AMOUNTS, "15", 3)]),
)


@concordance("Un chiffre répété dans les pages d'actions a partout la même valeur")
def repeated_figures(tables: Tables) -> Iterator[CheckResult]:
    for subject, places in REPEATED:
        rows = [_row(tables, action, rank, table) for table, action, rank in places]
        first = rows[0]
        for other in rows[1:]:
            yield rows_equality(subject, first, other, first["unite"])


@concordance("Action 6 : la part de ménages PPM relogés annoncée concorde avec les effectifs")
def rehoused_share(tables: Tables) -> list[CheckResult]:
    # « 55 ménages ont été reconnus PPM (hors ANRU). 13 ménages ont été relogés. 7 ménages sont en cours de
    # relogement. 3 ménages ont reçu des propositions qu'ils ont rejetées » ; « environ 40 % des ménages
    # reconnus PPM a bénéficié d'un nouveau logement ».
    recognised, rehoused, in_progress, refused, share = (
        _row(tables, "6", rank) for rank in (11, 12, 13, 14, 15)
    )
    computed = round(100 * rehoused["valeur"] / recognised["valeur"], 1)
    with_offers = round(
        100 * (rehoused["valeur"] + in_progress["valeur"] + refused["valeur"]) / recognised["valeur"], 1
    )
    return [
        equality_result(
            "Ménages reconnus PPM ayant bénéficié d'un nouveau logement (« environ 40 % ») et 13 relogés sur 55",
            share["valeur"],
            computed,
            [cited(share), cited(recognised), cited(rehoused)],
            "pourcentage",
            detail=(
                f"13 relogés sur 55 ménages PPM font {decimal_comma(computed)} % ; l'« environ 40 % » n'est "
                f"approché qu'en comptant aussi les ménages en cours de relogement et ceux qui ont refusé "
                f"une proposition ({decimal_comma(with_offers)} %)."
            ),
        )
    ]


def date_text(row: pd.Series) -> str:
    """A milestone's date as printed in a check: ``25/07/2022``, ``10/2022`` or ``2022``."""
    parts = [
        f"{int(row['jour_debut']):02d}" if pd.notna(row["jour_debut"]) else None,
        f"{int(row['mois_debut']):02d}" if pd.notna(row["mois_debut"]) else None,
        str(int(row["annee_debut"])),
    ]
    return "/".join(part for part in parts if part)


def text_result(subject: str, printed: pd.Series, other: pd.Series, agree: bool, detail: str) -> CheckResult:
    """Two milestones' dates (``agree``: they are consistent)."""
    return rule_result(
        subject, date_text(printed), date_text(other), agree, [cited(printed), cited(other)], detail=detail
    )


@concordance("Action 6 : la date de la première commission de coordination est la même partout")
def first_commission(tables: Tables) -> Iterator[CheckResult]:
    activated = _milestone(tables, "6", 2068, "14 juin 2022")
    for line, label in ((2058, "14/06/22"), (2080, "14 juin 2021")):
        other = _milestone(tables, "6", line, label)
        agree = (other["annee_debut"], other["mois_debut"], other["jour_debut"]) == (
            activated["annee_debut"],
            activated["mois_debut"],
            activated["jour_debut"],
        )
        yield text_result(
            f"Première commission de coordination de la CIA (« {label} », {place(other)})",
            activated,
            other,
            agree,
            "« La 1ère commission de coordination a été activée le 14 juin 2022 » ; la même page écrit "
            "aussi « Commissions se sont réunies 14 juin 2021 et 14 03 2023 ».",
        )


@concordance("Action 6 : la commission de mars 2023 et les 3 prévues font les 4 commissions tenues en 2023")
def commissions_2023(tables: Tables) -> list[CheckResult]:
    planned, held = _row(tables, "6", 1), _row(tables, "6", 4)
    march = _milestone(tables, "6", 2080, "14 03 2023")
    return [
        equality_result(
            "Commissions de coordination de 2023 : tenue le 14 03 2023 + 3 prévues (tableau 2021-2023) et "
            "4 tenues (tableau 2023-2024)",
            held["valeur"],
            1 + planned["valeur"],
            [cited(held), cited(planned), cited(march)],
            "nombre",
        )
    ]


@concordance("Action 10 : la durée de la convention N2 concorde avec sa période")
def second_convention_length(tables: Tables) -> list[CheckResult]:
    months = _row(tables, "10", 2)
    period = _milestone(tables, "10", 2898, "Juillet 2023-Juin 2024")
    computed = months_inclusive(
        period["annee_debut"], period["mois_debut"], period["annee_fin"], period["mois_fin"]
    )
    return [
        equality_result(
            "Convention N2 avec l'ARHLM : « sur 18 mois 09/23 » et « Juillet 2023-Juin 2024 »",
            months["valeur"],
            computed,
            [cited(months), cited(period)],
            "mois",
            detail="Les livrables annoncent une convention N2 de 18 mois à partir de 09/23 ; les observations "
            "la font courir de juillet 2023 à juin 2024 (12 mois).",
        )
    ]


@concordance("Action 4 : la candidature précède la validation par la DIHAL")
def application_before_validation(tables: Tables) -> list[CheckResult]:
    application = _milestone(tables, "4", 1698, "12/21")
    validation = _milestone(tables, "4", 1700, "04/21")
    before = (application["annee_debut"], application["mois_debut"]) <= (
        validation["annee_debut"],
        validation["mois_debut"],
    )
    return [
        text_result(
            "Gouvernance du plan : « Candidature -12/21 » puis « Validation par la DIHAL -04/21 »",
            application,
            validation,
            before,
            "La candidature est datée de décembre 2021, après la validation par la DIHAL (avril 2021) et la "
            "convention cadre (11/2021) : l'une des deux dates est erronée (candidature 12/20 ?).",
        )
    ]


@concordance(
    "Actions 11/12 : les 160 ménages pour qui l'expulsion a été évitée sont ceux aidés par le FSL 2022"
)
def fsl_households(tables: Tables) -> list[CheckResult]:
    avoided = _row(tables, "11_12", 1)
    fsl = tables["fsl"]
    helped = fsl[(fsl["mesure"] == "menages_aides") & (fsl["axe"] == "maintien") & (fsl["annee"] == 2022)]
    return [
        rows_equality(
            "Ménages du FSL 2022 (maintien) et résultat « Eviter une expulsion pour 160 ménages »",
            row,
            avoided,
            "menages",
        )
        for _, row in helped.iterrows()
    ]


# Figures of the action pages that another part of the document prints again:
# (table, action, rank, line elsewhere, subject). The figures of §3 that repeat those of the pages
# (40 % of PPM households, 1.5 ETP, 63 participants, the Ansa's 30 young people, 3 focus groups and the
# 4 or 5 young people of the evening) are compared by the territoire domain (territoire.repeated_figures),
# which reads actions_indicateurs: they are not compared a second time here.
ELSEWHERE = (
    (INDICATORS, "15", 1, 4717, "Durée de la convention URHAJ (§3.2.1.3)"),
    (AMOUNTS, "1", 1, 1236, "Subvention N1 de l'action 1 versée / consommée"),
    (AMOUNTS, "1bis", 1, 1046, "Montant de la démarche Synchro (synthèse financière)"),
    (AMOUNTS, "7", 1, 2350, "Subvention N1 de l'action 7 versée à la FAS"),
    (AMOUNTS, "7", 2, 2350, "Subvention N1 de l'action 7 versée à ITINOVA"),
    (AMOUNTS, "14", 1, 3419, "Subvention N1 de l'action 14 versée"),
    (AMOUNTS, "16", 1, 3741, "Budget de la convention Ansa et subvention N3 de l'action 16"),
)


@concordance("Un chiffre d'une page d'action concorde avec le même chiffre ailleurs dans le document")
def figures_elsewhere(tables: Tables) -> Iterator[CheckResult]:
    """Compare with the figure of the other place, as the other domains' tables store it."""
    for table, action, rank, line, subject in ELSEWHERE:
        mine = _row(tables, action, rank, table)
        others = _figures_at_line(tables, line, mine["unite"])
        if not others:
            raise RowError(
                f"aucune table d'un autre domaine ne donne le chiffre de la ligne {line} ({subject})"
            )
        # A line may print several figures of the same unit: the place agrees when one of them does.
        other = next((row for row in others if row.valeur == mine["valeur"]), others[0])
        yield rows_equality(subject, other, mine, mine["unite"])
