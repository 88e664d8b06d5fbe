"""Coherence checks of the finances: the rebuilt financial synthesis reproduces the printed totals,
the préambule's envelope adds up, the convention's periods and amounts are consistent."""

from __future__ import annotations

from datetime import date, timedelta

from lda_analysis.blocks.dates import MONTHS_PER_YEAR, add_months
from lda_analysis.blocks.formatting import format_euros
from lda_analysis.contract.data import Tables
from lda_analysis.contract.selection import one_row, select_rows

from ...checks import (
    CheckResult,
    check,
    cited,
    cited_rows,
    equality_result,
    rows_sum,
    rule_result,
    sum_result,
)
from ..computations import PLAN1_YEARS, allocation, prorata, synthesis_by_year

EUROS = "euros"


# ------------------------------------------------------------------------------------------------
# Coherence: the reconstruction of the financial synthesis reproduces the printed totals.

TOTALS_TITLE = "Les lignes de la synthèse financière reproduisent la ligne TOTAL FINANCEMENT AMI"


@check(TOTALS_TITLE)
def synthesis_totals(tables: Tables) -> list[CheckResult]:
    synthesis = tables["finances_synthese"]
    by_year = synthesis_by_year(synthesis).set_index("period")
    results = []
    for period in sorted(set(select_rows(synthesis, ligne="total")["period"])):
        for measure, column, label in (("prevu", "planned", "prévu"), ("consomme", "consumed", "consommé")):
            total = one_row(synthesis, ligne="total", measure=measure, period=period)
            details = select_rows(synthesis, measure=measure, period=period)
            details = details[details["ligne"] != "total"]
            results.append(
                equality_result(
                    TOTALS_TITLE,
                    f"{period}, montant {label}",
                    total.value,
                    by_year.loc[period, column],
                    [cited(total), *cited_rows(details)],
                    EUROS,
                )
            )
    return results


UNCONSUMED_TITLE = "Le non-consommé commenté d'une ligne de la synthèse est l'écart entre prévu et consommé"


@check(UNCONSUMED_TITLE)
def synthesis_unconsumed(tables: Tables) -> list[CheckResult]:
    synthesis = tables["finances_synthese"]
    results = []
    for row in select_rows(synthesis, measure="non_consomme").itertuples():
        planned = select_rows(synthesis, ligne=row.ligne, measure="prevu", period=row.period)
        consumed = select_rows(synthesis, ligne=row.ligne, measure="consomme", period=row.period)
        results.append(
            equality_result(
                UNCONSUMED_TITLE,
                f"action {row.action}, {row.period} (prévu {format_euros(planned['value'].sum())}, consommé "
                f"{format_euros(consumed['value'].sum())})",
                row.value,
                planned["value"].sum() - consumed["value"].sum(),
                [cited(row), *cited_rows(planned), *cited_rows(consumed)],
                EUROS,
            )
        )
    return results


YEAR_ONE_TITLE = "Année 1 : le total prévu moins le total consommé égale les montants non consommés commentés"


@check(YEAR_ONE_TITLE)
def synthesis_year_one_gap(tables: Tables) -> list[CheckResult]:
    synthesis = tables["finances_synthese"]
    planned = one_row(synthesis, ligne="total", measure="prevu", period=PLAN1_YEARS[0])
    consumed = one_row(synthesis, ligne="total", measure="consomme", period=PLAN1_YEARS[0])
    unconsumed = select_rows(synthesis, measure="non_consomme", period=PLAN1_YEARS[0])
    return [
        equality_result(
            YEAR_ONE_TITLE,
            "2021-2022, ligne TOTAL",
            planned.value - consumed.value,
            unconsumed["value"].sum(),
            [cited(planned), *cited_rows(unconsumed)],
            EUROS,
        )
    ]


ALLOCATED_TITLE = "Le total alloué du préambule est la somme des montants alloués par année"


@check(ALLOCATED_TITLE)
def preamble_allocated_total(tables: Tables) -> list[CheckResult]:
    allocations = tables["finances_allocation"]
    total = one_row(allocations, measure="montant_alloue", period="2021-2024")
    return [
        equality_result(
            ALLOCATED_TITLE,
            "montants alloués 2021-2022, 2022-2023, 2023-2024",
            total.value,
            allocation(allocations)["allocated"],
            [cited(total)],
            EUROS,
        )
    ]


GAP_TITLE = "L'écart du préambule : alloué moins consommé, et somme des écarts par action"


@check(GAP_TITLE)
def preamble_gap(tables: Tables) -> list[CheckResult]:
    allocations = tables["finances_allocation"]
    plan = allocations[allocations["action"] == ""]
    gap = one_row(plan, measure="ecart", period="2021-2024")
    allocated = one_row(plan, measure="montant_alloue", period="2021-2024")
    consumed = one_row(plan, measure="enveloppe_consommee", period="2021-2024")
    by_action = allocations[(allocations["measure"] == "ecart") & (allocations["action"] != "")]
    results = []
    if allocated is not None and consumed is not None:
        results.append(
            equality_result(
                GAP_TITLE,
                "écart = montants alloués − enveloppe consommée",
                gap.value,
                allocated.value - consumed.value,
                [cited(gap)],
                EUROS,
            )
        )
    results.append(
        rows_sum(
            GAP_TITLE,
            "écart = " + " + ".join(f"action {row.action}" for row in by_action.itertuples()),
            by_action,
            gap,
            EUROS,
        )
    )
    return results


SUPPORT_TITLE = "Convention 2024-2027 : subvention versée et reliquat font le soutien maximal 2024-2025"


@check(SUPPORT_TITLE)
def convention_support_2024_2025(tables: Tables) -> list[CheckResult]:
    convention = tables["finances_convention"]
    maximum = one_row(convention, measure="soutien_etat_maximal")
    paid = one_row(convention, article="article_2_3_1", measure="subvention_versee")
    balance = one_row(convention, measure="reliquat_plan1")
    return [
        sum_result(
            SUPPORT_TITLE,
            "2024-2025 : 370 500 € versés + 35 000 € de reliquat",
            [paid.value, balance.value],
            maximum.value,
            [cited(maximum), cited(paid), cited(balance)],
            EUROS,
        )
    ]


SHARES_TITLE = "Les parts de l'État et du territoire dans le poste de coordinateur font 100 %"


@check(SHARES_TITLE)
def convention_coordinator_shares(tables: Tables) -> list[CheckResult]:
    convention = tables["finances_convention"]
    shares = convention[
        convention["measure"].isin(["part_etat_poste_coordinateur", "part_territoire_poste_coordinateur"])
    ]
    return [
        equality_result(
            SHARES_TITLE,
            "poste de coordinateur cofinancé (article 2.2)",
            100,
            shares["value"].sum(),
            cited_rows(shares),
            "pourcentage",
        )
    ]


def date_result(title: str, subject: str, printed: str, computed: str, sources, kind: str) -> CheckResult:
    """Two dates (or months, years) as printed: they must be the same text."""
    return rule_result(title, subject, printed, computed, printed == computed, sources, kind=kind)


DURATION_TITLE = "La durée de la convention (3 ans et 3 mois) couvre exactement sa période"


@check(DURATION_TITLE)
def convention_duration(tables: Tables) -> list[CheckResult]:
    convention, periods = tables["finances_convention"], tables["finances_calendrier"]
    years = one_row(convention, measure="duree_annees")
    months = one_row(convention, measure="duree_mois")
    whole = one_row(periods, period="2024-2027")
    start = date.fromisoformat(whole.date_debut)
    end = add_months(start, int(years.value) * MONTHS_PER_YEAR + int(months.value)) - timedelta(days=1)
    return [
        date_result(
            DURATION_TITLE,
            f"du {start.isoformat()} plus {years.value:g} ans et {months.value:g} mois",
            whole.date_fin,
            end.isoformat(),
            [cited(whole), cited(years)],
            "coherence",
        )
    ]


NESTING_TITLE = "Les périodes datées du plan LDA 2 s'emboîtent dans la période de la convention"


@check(NESTING_TITLE)
def calendar_nesting(tables: Tables) -> list[CheckResult]:
    periods = tables["finances_calendrier"]
    whole = one_row(periods, period="2024-2027")
    results = []
    plan_2 = periods[(periods["plan"] == "plan_lda_2") & (periods["period"] != "2024-2027")]
    for row in plan_2.itertuples():
        if row.date_debut:
            # The first year of plan 2 starts with the convention; any other start lies within it.
            expected = (
                whole.date_debut if row.period == "2024-2025" else max(row.date_debut, whole.date_debut)
            )
            results.append(
                date_result(
                    NESTING_TITLE,
                    f"{row.period} : début",
                    row.date_debut,
                    expected,
                    [cited(row), cited(whole)],
                    "coherence",
                )
            )
        if row.date_fin:
            results.append(
                date_result(
                    NESTING_TITLE,
                    f"{row.period} : fin au plus tard à la fin de la convention",
                    row.date_fin,
                    min(row.date_fin, whole.date_fin),
                    [cited(row), cited(whole)],
                    "coherence",
                )
            )
    return results


BALANCE_TITLE = "Page d'une action : subvention prévue moins consommée égale le reliquat"


@check(BALANCE_TITLE)
def page_balance(tables: Tables) -> list[CheckResult]:
    pages = tables["finances_subventions_actions"]
    results = []
    for row in select_rows(pages, nature="reliquat").itertuples():
        planned = one_row(pages, action=row.action, period=row.period, nature="subvention_prevue")
        consumed = one_row(pages, action=row.action, period=row.period, nature="subvention_consommee")
        results.append(
            equality_result(
                BALANCE_TITLE,
                f"action {row.action}, {row.period}",
                row.value,
                planned.value - consumed.value,
                [cited(row), cited(planned), cited(consumed)],
                EUROS,
            )
        )
    return results


PRORATA_TITLE = (
    "Action 9 : la subvention N3 actée est le prorata des 115 000 € sur 8 mois (arrondi à la dizaine d'euros)"
)


@check(PRORATA_TITLE)
def aivs_prorata(tables: Tables) -> list[CheckResult]:
    pages = tables["finances_subventions_actions"]
    annual = one_row(pages, action="9", period="2022-2023", financeur="plan_solidarite")
    moved = one_row(pages, action="9", nature="subvention_actee")
    exact = prorata(annual.value, int(moved.months))
    return [
        equality_result(
            PRORATA_TITLE,
            f"{format_euros(annual.value)} × {int(moved.months)} / 12 mois",
            moved.value,
            round(exact, -1),
            [cited(moved), cited(annual)],
            EUROS,
            detail=(
                f"Les {format_euros(annual.value)} sont le financement de l'année 2022 (base de 12 mois, "
                f"non imprimée) ; le prorata exact, {format_euros(exact)}, "
                "est imprimé arrondi à la dizaine d'euros."
            ),
        )
    ]
