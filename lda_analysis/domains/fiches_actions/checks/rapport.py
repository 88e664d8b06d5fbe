"""Concordance of the sheets with the rapport: the §4.5 funding table, the §4 figures on actions
20 to 22 and the request of the page of action 5 (§1.6)."""

from __future__ import annotations

import pandas as pd

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row, select_rows

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
from ..computations import (
    COFUNDING_ITEMS,
    NEW_ACTIONS,
    funding_row,
    new_actions_funding,
    param_row,
)
from .fiches import fiche_name

# ------------------------------------------------- other domains: §4.5 funding table, §4, §1.6

TITLE_PERSPECTIVES_FUNDING = "Les fiches des nouvelles actions reproduisent le tableau de financement du §4.5"


@check(TITLE_PERSPECTIVES_FUNDING, kind=CONCORDANCE)
def perspectives_funding(tables: Tables) -> list[CheckResult]:
    table = tables["perspectives_financement"]
    funding = tables["fiches_financements"]
    header = funding[(funding["mention"] == "encart") & funding["action"].isin(NEW_ACTIONS)]
    ami = header[header["item"] == "financement_ami"]
    cofunding = header[header["item"].isin(COFUNDING_ITEMS)]
    computed = new_actions_funding(tables)
    results = []
    for poste, total, rows, subject in (
        ("demande_ami", "ami", ami, "Demande AMI des nouvelles actions (fiches 17, 20, 21, 22, 23 et 24)"),
        (
            "cofinancement",
            "cofinancing",
            cofunding,
            "Co-financements des nouvelles actions (MTPM pour la fiche 22, MTPM et DDETS pour la 24)",
        ),
        ("cout_total", "total", pd.concat([ami, cofunding]), "Coût total des nouvelles actions"),
    ):
        row = one_row(table, emplacement="tableau", typologie="nouvelles", poste=poste)
        results.append(
            equality_result(
                TITLE_PERSPECTIVES_FUNDING,
                subject,
                row["value"],
                computed[total],
                [cited(row), *cited_rows(rows)],
                "euros",
                kind=CONCORDANCE,
            )
        )
    return results


TITLE_PERSPECTIVES_COUNT = (
    "Les fiches et le §4.5 s'accordent sur les nouvelles actions qui demandent un financement AMI"
)


@check(TITLE_PERSPECTIVES_COUNT, kind=CONCORDANCE)
def perspectives_action_count(tables: Tables) -> list[CheckResult]:
    table = tables["perspectives_nombre_actions"]
    funding = tables["fiches_financements"]
    ami = funding[
        (funding["item"] == "financement_ami")
        & (funding["mention"] == "encart")
        & funding["action"].isin(NEW_ACTIONS)
    ]
    asking, not_asking = ami[ami["value"] > 0], ami[ami["value"] == 0]
    results = []
    for _, row in select_rows(table, categorie="nouvelles_avec_demande_ami", period="2024-2025").iterrows():
        results.append(
            equality_result(
                TITLE_PERSPECTIVES_COUNT,
                "Nouvelles actions avec demande de financement AMI (fiches "
                + ", ".join(asking["action"])
                + ")",
                row["value"],
                len(asking),
                [cited(row), *cited_rows(asking)],
                kind=CONCORDANCE,
            )
        )
    for _, row in select_rows(table, categorie="sans_demande_financement", period="2024-2025").iterrows():
        named = [code.strip() for code in str(row["actions_citees"]).split(";")]
        for _, sheet in not_asking.iterrows():
            results.append(
                rule_result(
                    TITLE_PERSPECTIVES_COUNT,
                    f"{fiche_name(sheet['action'])} (« FINANCEMENT AMI : 0 € ») parmi les actions sans demande de financement",
                    f"actions {row['actions_citees']}",
                    f"action {sheet['action']}",
                    sheet["action"] in named,
                    [cited(row), cited(sheet)],
                    kind=CONCORDANCE,
                )
            )
    return results


TITLE_PERSPECTIVES_FIGURES = "Les chiffres du §4 sur les actions 20, 21 et 22 concordent avec leurs fiches"
# (perspectives measure, action in perspectives_chiffres, source line or None, my action, measure, bound, mention)
PERSPECTIVES_PAIRS = (
    ("structures_formees_min", "20", None, "20", "structures_formees", "minimum", 1),
    ("structures_formees_max", "20", None, "20", "structures_formees", "maximum", 1),
    ("jeunes_accompagnes", "20", None, "20", "jeunes_cycle", "valeur", 1),
    ("ateliers_cycle", "20", None, "20", "ateliers_par_cycle", "valeur", 1),
    ("jeunes_participants", "16", None, "20", "jeunes_participation_lda1", "valeur", 1),
    ("age_min", "21", None, "21", "age_public", "minimum", 1),
    ("age_max", "21", None, "21", "age_public", "maximum", 1),
    ("age_min", "22", None, "22", "age_public", "minimum", 1),
    ("age_max", "22", None, "22", "age_public", "maximum", 1),
    ("logements_sociaux", "22", None, "22", "appartements_budget", "valeur", 1),
    ("etp_accompagnement", "22", 5955, "22", "etp_finance", "valeur", 1),
    ("etp_accompagnement", "22", 5959, "22", "etp_accompagnement", "valeur", 1),
)


@check(TITLE_PERSPECTIVES_FIGURES, kind=CONCORDANCE)
def perspectives_figures(tables: Tables) -> list[CheckResult]:
    table = tables["perspectives_chiffres"]
    labels = get_schema().labels("fiches_parametres", "measure")
    results = []
    for their_measure, their_action, line, action, measure, bound, mention in PERSPECTIVES_PAIRS:
        theirs = select_rows(table, measure=their_measure, action=their_action)
        if line is not None:
            theirs = theirs[theirs["source_line"] == line]
        mine = param_row(tables, action, measure, bound, mention)
        for _, row in theirs.iterrows():
            detail = ""
            if measure == "etp_accompagnement":
                detail = (
                    "Le §4.4.2 veut « dédier les 0.9ETP à la présence et la relation d'aide » ; la fiche 22 "
                    "finance 0.9 ETP « dont 0.8 ETP d'accompagnement »."
                )
            results.append(
                rows_equality(
                    TITLE_PERSPECTIVES_FIGURES,
                    f"{fiche_name(action)} : {labels[measure]} ({bound}) et §4 ({place(row)})",
                    row,
                    mine,
                    mine["unit"],
                    kind=CONCORDANCE,
                    detail=detail,
                )
            )
    return results


TITLE_ACTION5 = "La demande de subvention de la page de l'action 5 (§1.6) concorde avec la fiche 5 adaptée"


@check(TITLE_ACTION5, kind=CONCORDANCE)
def action5_request(tables: Tables) -> list[CheckResult]:
    table = tables["actions_montants"]
    request = select_rows(table, action="5", measure="demande")
    mine = funding_row(tables, "5_adaptee", "financement_ami", "encart")
    return [
        rows_equality(
            TITLE_ACTION5,
            "Subvention demandée pour 2025 et financement AMI de la fiche",
            row,
            mine,
            "euros",
            kind=CONCORDANCE,
        )
        for _, row in request.iterrows()
    ]
