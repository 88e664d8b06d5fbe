"""Checks of plan 2's financial synthesis (convention 2024-2027, tables ``finances_plan2_*``).

They run only on the editions that hold those tables (the yearly rapports, ``rapport: annuel``):
the edition of the bilan of plan 1 does not see them (``needs``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from lda_analysis.blocks.formatting import format_euros
from lda_analysis.contract.data import Tables
from lda_analysis.contract.selection import one_row

from ...checks import (
    CheckResult,
    check,
    cited,
    cited_rows,
    concordance,
    equality_result,
    not_applicable,
    rows_equality,
    rule_result,
)
from ..plan2 import COFINANCING, CREDITS, PLAN_POSTES, plan2_envelope, plan2_periods, requested_by_action
from .coherence import EUROS

REQUEST_TABLES = (
    "actions_montants",
    "fiches_financements",
    "perspectives_tableaux_actions",
    "perspectives_financement",
)


# Needs the plan-2 credits, which it does not read: it checks plan 2's planned figures, on the
# editions of the yearly rapports only.
@concordance(
    "Plan LDA 2, 2024-2025 : le prévu par action reproduit la demande du §4.5 et le soutien de la convention",
    needs=(CREDITS, "finances_convention", *REQUEST_TABLES),
)
def plan2_planned_by_action(tables: Tables) -> Iterator[CheckResult]:
    """The requests by action (pages of §1, fiches actions) against the §4.5 lines (227 500 € for
    the actions to continue or renew, 178 000 € for the new ones) and the convention (405 500 €)."""
    requested = requested_by_action(tables)
    funding = tables["perspectives_financement"]
    funding = funding[funding["emplacement"] == "tableau"]
    for typologie, label in (
        ("poursuivre_renouveler", "actions à poursuivre ou renouveler"),
        ("nouvelles", "nouvelles actions"),
    ):
        printed = one_row(funding, typologie=typologie, poste="demande_ami")
        mine = requested[requested["typologie"] == typologie]
        yield equality_result(
            f"{label} : ligne du tableau du §4.5 et somme des demandes par action",
            printed["valeur"],
            mine["planned"].sum(),
            [cited(printed), *mine["source"]],
            EUROS,
        )
    maximum = one_row(tables["finances_convention"], mesure="soutien_etat_maximal")
    yield equality_result(
        "soutien maximal de l'État (convention, reliquat compris) et somme des demandes par action",
        maximum["valeur"],
        requested["planned"].sum(),
        [cited(maximum), *requested["source"]],
        EUROS,
    )


@check(
    "Plan LDA 2 : le consommé d'une période ne dépasse pas le versement de l'État et le reliquat",
    needs=(CREDITS, "finances_convention"),
)
def plan2_consumed_within_available(tables: Tables) -> Iterator[CheckResult]:
    credits = tables[CREDITS]
    for period in plan2_periods():
        consumed = credits[(credits["periode"] == period) & (credits["poste"] == "consomme")]
        if consumed.empty:
            continue
        envelope = plan2_envelope(tables["finances_convention"], credits, period)
        if math.isnan(envelope["available"]):
            yield not_applicable(
                f"{period} : ni versement de l'État ni montant prévu par l'avenant",
                "Saisir les lignes sans action « prevu_avenant » ou « verse » de la période.",
            )
            continue
        yield rule_result(
            f"{period} : consommé au plus égal au versement de l'État et au reliquat (à défaut, au prévu)",
            envelope["available"],
            envelope["consumed"],
            envelope["consumed"] <= envelope["available"] + 0.005,
            [*envelope["sources"], *cited_rows(consumed)],
            EUROS,
        )


@check(
    "Plan LDA 2 : ses tables ne tiennent que des périodes du plan LDA 2, jamais du plan LDA 1",
    needs=(CREDITS, COFINANCING, "finances_calendrier"),
)
def plan2_periods_only(tables: Tables) -> list[CheckResult]:
    calendar = tables["finances_calendrier"]
    plan2 = calendar[calendar["plan"] == "plan_lda_2"]
    allowed = set(plan2["periode"])
    results = [
        rule_result(
            "périodes de rapport du schéma et périodes du plan LDA 2 du calendrier",
            ", ".join(plan2_periods()),
            ", ".join(period for period in plan2_periods() if period in allowed),
            set(plan2_periods()) <= allowed,
            cited_rows(plan2),
        )
    ]
    for name in (CREDITS, COFINANCING):
        frame = tables[name]
        outside = sorted({str(period) for period in frame["periode"]} - allowed)
        results.append(
            rule_result(
                f"{name} : périodes des lignes hors du plan LDA 2",
                "aucune",
                ", ".join(outside) or "aucune",
                not outside,
                cited_rows(frame[frame["periode"].isin(outside)]),
            )
        )
    return results


@check(
    "Plan LDA 2 : le prévu, le reliquat et le versement de l'État fixés par la convention ne sont "
    "pas saisis une seconde fois",
    needs=(CREDITS, "finances_convention"),
)
def plan2_convention_amounts_once(tables: Tables) -> Iterator[CheckResult]:
    """For the period the convention funds (2024-2025), the amounts of the whole plan are in
    ``finances_convention``; the rows ``prevu_avenant`` and ``reliquat_reporte`` are for the years of
    an avenant, and a reliquat carried over belongs to the whole plan (no action)."""
    credits = tables[CREDITS]
    convention = tables["finances_convention"]
    funded = convention[convention["mesure"] == "soutien_etat_maximal"]
    for row in funded.itertuples():
        rows = credits[credits["periode"] == row.periode]
        plan = rows["action"].fillna("") == ""
        twice = rows[rows["poste"].isin(PLAN_POSTES[:2]) | (plan & (rows["poste"] == "verse"))]
        yield rule_result(
            f"{row.periode} : lignes « prévu par l'avenant », « reliquat reporté » ou versement de l'État",
            "aucune (convention, finances_convention)",
            f"{len(twice)} ligne(s)" if len(twice) else "aucune (convention, finances_convention)",
            twice.empty,
            [cited(row), *cited_rows(twice)],
        )
    by_action = credits[(credits["poste"] == "reliquat_reporte") & (credits["action"].fillna("") != "")]
    if len(by_action):
        yield rule_result(
            "reliquat reporté saisi pour une action (il vaut pour l'ensemble du plan)",
            "aucune",
            f"{len(by_action)} ligne(s)",
            False,
            cited_rows(by_action),
        )


@check("Plan LDA 2 : un total saisi (kind = total) est la somme des montants par action", needs=(CREDITS,))
def plan2_printed_totals(tables: Tables) -> Iterator[CheckResult]:
    credits = tables[CREDITS]
    with_action = credits["action"].fillna("") != ""
    for row in credits[(credits["nature_chiffre"] == "total") & ~with_action].itertuples():
        details = credits[with_action & (credits["periode"] == row.periode) & (credits["poste"] == row.poste)]
        yield rows_equality(
            f"{row.periode}, {row.poste} : total de l'ensemble du plan ({format_euros(row.valeur)})",
            row,
            details,
            EUROS,
        )
