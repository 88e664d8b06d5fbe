"""Coherence checks of §4: the totals of the funding table and the counts the text announces."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lda_analysis.contract.data import Tables
from lda_analysis.contract.selection import one_row

from ...actions.computations import action_number, fiche_order
from ...checks import CheckResult, check, cited, cited_rows, equality_result, sum_result
from ..computations import FIGURES, FUNDING

TYPOLOGIES = {
    "poursuivre_renouveler": "actions à poursuivre ou renouveler",
    "nouvelles": "nouvelles actions",
    "total": "total",
}


POSTS = {
    "demande_ami": "demande de financement AMI",
    "cofinancement": "co-financements",
    "cout_total": "coût total des actions",
    "report_n1": "report de N1",
}


def action_codes(values: Iterable[str]) -> str:
    """A readable list of action codes, numbered as the document numbers them: « 1 bis, 5 adaptée, 7 ».

    >>> action_codes(["7", "5_adaptee", "1bis"])
    '1 bis, 5 adaptée, 7'
    """
    codes = sorted(set(values), key=fiche_order)
    return ", ".join(action_number(code) for code in codes) if codes else "aucune"


# --------------------------------------------------------------------------- coherence


@check("Le total du tableau de financement AMI 2024-2025 est la somme de ses lignes")
def funding_columns(tables: Tables) -> Iterator[CheckResult]:
    """§4.5: actions à poursuivre ou renouveler + nouvelles actions = TOTAL, for each column."""
    table = tables[FUNDING]
    table = table[table["emplacement"] == "tableau"]
    for post in ("demande_ami", "cofinancement", "cout_total"):
        details = table[(table["poste"] == post) & (table["typologie"] != "total")]
        total = one_row(table, poste=post, typologie="total")
        yield sum_result(
            f"{POSTS[post]} : actions à poursuivre ou renouveler + nouvelles actions",
            details["valeur"],
            total["valeur"],
            [*cited_rows(details), cited(total)],
            "euros",
        )


@check("Le coût total d'une ligne du tableau de financement AMI est la demande AMI plus les co-financements")
def funding_rows(tables: Tables) -> Iterator[CheckResult]:
    """§4.5: demande de financement AMI + co-financements = total du coût des actions LDA."""
    table = tables[FUNDING]
    table = table[table["emplacement"] == "tableau"]
    for typology, label in TYPOLOGIES.items():
        details = table[
            (table["typologie"] == typology) & table["poste"].isin(["demande_ami", "cofinancement"])
        ]
        total = one_row(table, typologie=typology, poste="cout_total")
        yield sum_result(
            f"{label} : demande AMI + co-financements",
            details["valeur"],
            total["valeur"],
            [*cited_rows(details), cited(total)],
            "euros",
        )


@check("Un nombre imprimé au §4 est celui des éléments que le document énumère")
def printed_counts(tables: Tables) -> Iterator[CheckResult]:
    """The 3 axes, 4 orientations, 2 training actions, 2 success criteria and 5 AAJ workshops."""
    figures = tables[FIGURES]
    statements = tables["perspectives_constats"]
    orientations = tables["perspectives_orientations"]
    axes = tables["perspectives_axes"]
    listed = {
        "axes_plan_national": (
            "axes du Plan LDA 2 national dans la feuille de route (hors axe transversal)",
            axes[(axes["sous_axe"] == "") & (axes["axe"] != "transversal")],
        ),
        "orientations_atelier": (
            "orientations de l'atelier Plan LDA 2 dans la liste du §4",
            orientations[orientations["emplacement"] == "liste"],
        ),
        "actions_formation_information": (
            "actions de formation et d'information énumérées au §4.1",
            statements[statements["theme"] == "action_formation_information"],
        ),
        "criteres_reussite": (
            "critères de réussite des équipes mobiles énumérés au §4.3",
            statements[statements["theme"] == "critere_reussite"],
        ),
        "ateliers_cycle": (
            "ateliers d'un cycle AAJ énumérés au §4.4.1.1",
            statements[statements["theme"] == "atelier_aaj"],
        ),
    }
    for measure, (subject, rows) in listed.items():
        printed = one_row(figures, mesure=measure)
        yield equality_result(
            subject, printed["valeur"], len(rows), [cited(printed), *cited_rows(rows)], "nombre"
        )
