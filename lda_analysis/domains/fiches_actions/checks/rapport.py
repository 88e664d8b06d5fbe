"""Concordance of the sheets with the rapport: the §4.5 funding table, the §4 figures on actions
20 to 22 and the request of the page of action 5 (§1.6)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row, select_rows

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
from ..computations import COFUNDING_ITEMS, NEW_ACTIONS, funding_row, new_actions_funding, param_row
from .fiches import fiche_name

# ------------------------------------------------- other domains: §4.5 funding table, §4, §1.6


@concordance("Les fiches des nouvelles actions reproduisent le tableau de financement du §4.5")
def perspectives_funding(tables: Tables) -> Iterator[CheckResult]:
    table = tables["perspectives_financement"]
    funding = tables["fiches_financements"]
    header = funding[(funding["mention"] == "encart") & funding["action"].isin(NEW_ACTIONS)]
    ami = header[header["nature_montant"] == "financement_ami"]
    cofunding = header[header["nature_montant"].isin(COFUNDING_ITEMS)]
    computed = new_actions_funding(tables)
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
        yield equality_result(
            subject, row["valeur"], computed[total], [cited(row), *cited_rows(rows)], "euros"
        )


@concordance("Les fiches et le §4.5 s'accordent sur les nouvelles actions qui demandent un financement AMI")
def perspectives_action_count(tables: Tables) -> Iterator[CheckResult]:
    table = tables["perspectives_nombre_actions"]
    funding = tables["fiches_financements"]
    ami = funding[
        (funding["nature_montant"] == "financement_ami")
        & (funding["mention"] == "encart")
        & funding["action"].isin(NEW_ACTIONS)
    ]
    asking, not_asking = ami[ami["valeur"] > 0], ami[ami["valeur"] == 0]
    for _, row in select_rows(table, categorie="nouvelles_avec_demande_ami", periode="2024-2025").iterrows():
        yield equality_result(
            "Nouvelles actions avec demande de financement AMI (fiches " + ", ".join(asking["action"]) + ")",
            row["valeur"],
            len(asking),
            [cited(row), *cited_rows(asking)],
        )
    for _, row in select_rows(table, categorie="sans_demande_financement", periode="2024-2025").iterrows():
        named = [code.strip() for code in str(row["actions_citees"]).split(";")]
        for _, sheet in not_asking.iterrows():
            yield rule_result(
                f"{fiche_name(sheet['action'])} (« FINANCEMENT AMI : 0 € ») parmi les actions sans demande de financement",
                f"actions {row['actions_citees']}",
                f"action {sheet['action']}",
                sheet["action"] in named,
                [cited(row), cited(sheet)],
            )


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


@concordance("Les chiffres du §4 sur les actions 20, 21 et 22 concordent avec leurs fiches")
def perspectives_figures(tables: Tables) -> Iterator[CheckResult]:
    table = tables["perspectives_chiffres"]
    labels = get_schema().labels("fiches_parametres", "mesure")
    for their_measure, their_action, line, action, measure, bound, mention in PERSPECTIVES_PAIRS:
        theirs = select_rows(table, mesure=their_measure, action=their_action)
        if line is not None:
            theirs = theirs[theirs["ligne_source"] == line]
        mine = param_row(tables, action, measure, bound, mention)
        for _, row in theirs.iterrows():
            detail = ""
            if measure == "etp_accompagnement":
                detail = (
                    "Le §4.4.2 veut « dédier les 0.9ETP à la présence et la relation d'aide » ; la fiche 22 "
                    "finance 0.9 ETP « dont 0.8 ETP d'accompagnement »."
                )
            yield rows_equality(
                f"{fiche_name(action)} : {labels[measure]} ({bound}) et §4 ({place(row)})",
                row,
                mine,
                mine["unite"],
                detail=detail,
            )


@concordance("La demande de subvention de la page de l'action 5 (§1.6) concorde avec la fiche 5 adaptée")
def action5_request(tables: Tables) -> list[CheckResult]:
    table = tables["actions_montants"]
    request = select_rows(table, action="5", mesure="demande")
    mine = funding_row(tables, "5_adaptee", "financement_ami", "encart")
    return [
        rows_equality("Subvention demandée pour 2025 et financement AMI de la fiche", row, mine, "euros")
        for _, row in request.iterrows()
    ]
