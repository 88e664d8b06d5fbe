"""Coherence checks of the finances: the rebuilt financial synthesis reproduces the printed totals,
the préambule's envelope adds up, the convention's periods and amounts are consistent."""

from __future__ import annotations

from collections.abc import Iterator
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


@check("Les lignes de la synthèse financière reproduisent la ligne TOTAL FINANCEMENT AMI")
def synthesis_totals(tables: Tables) -> Iterator[CheckResult]:
    synthesis = tables["finances_synthese"]
    by_year = synthesis_by_year(synthesis).set_index("periode")
    for period in sorted(set(select_rows(synthesis, ligne="total")["periode"])):
        for measure, column, label in (("prevu", "planned", "prévu"), ("consomme", "consumed", "consommé")):
            total = one_row(synthesis, ligne="total", mesure=measure, periode=period)
            details = select_rows(synthesis, mesure=measure, periode=period)
            details = details[details["ligne"] != "total"]
            yield equality_result(
                f"{period}, montant {label}",
                total.valeur,
                by_year.loc[period, column],
                [cited(total), *cited_rows(details)],
                EUROS,
            )


@check("Le non-consommé commenté d'une ligne de la synthèse est l'écart entre prévu et consommé")
def synthesis_unconsumed(tables: Tables) -> Iterator[CheckResult]:
    synthesis = tables["finances_synthese"]
    for row in select_rows(synthesis, mesure="non_consomme").itertuples():
        planned = select_rows(synthesis, ligne=row.ligne, mesure="prevu", periode=row.periode)
        consumed = select_rows(synthesis, ligne=row.ligne, mesure="consomme", periode=row.periode)
        yield equality_result(
            f"action {row.action}, {row.periode} (prévu {format_euros(planned['valeur'].sum())}, consommé "
            f"{format_euros(consumed['valeur'].sum())})",
            row.valeur,
            planned["valeur"].sum() - consumed["valeur"].sum(),
            [cited(row), *cited_rows(planned), *cited_rows(consumed)],
            EUROS,
        )


@check("Année 1 : le total prévu moins le total consommé égale les montants non consommés commentés")
def synthesis_year_one_gap(tables: Tables) -> list[CheckResult]:
    synthesis = tables["finances_synthese"]
    planned = one_row(synthesis, ligne="total", mesure="prevu", periode=PLAN1_YEARS[0])
    consumed = one_row(synthesis, ligne="total", mesure="consomme", periode=PLAN1_YEARS[0])
    unconsumed = select_rows(synthesis, mesure="non_consomme", periode=PLAN1_YEARS[0])
    return [
        equality_result(
            "2021-2022, ligne TOTAL",
            planned.valeur - consumed.valeur,
            unconsumed["valeur"].sum(),
            [cited(planned), *cited_rows(unconsumed)],
            EUROS,
        )
    ]


@check("Le total alloué du préambule est la somme des montants alloués par année")
def preamble_allocated_total(tables: Tables) -> list[CheckResult]:
    allocations = tables["finances_allocation"]
    total = one_row(allocations, mesure="montant_alloue", periode="2021-2024")
    return [
        equality_result(
            "montants alloués 2021-2022, 2022-2023, 2023-2024",
            total.valeur,
            allocation(allocations)["allocated"],
            [cited(total)],
            EUROS,
        )
    ]


@check("L'écart du préambule : alloué moins consommé, et somme des écarts par action")
def preamble_gap(tables: Tables) -> Iterator[CheckResult]:
    allocations = tables["finances_allocation"]
    plan = allocations[allocations["action"] == ""]
    gap = one_row(plan, mesure="ecart", periode="2021-2024")
    allocated = one_row(plan, mesure="montant_alloue", periode="2021-2024")
    consumed = one_row(plan, mesure="enveloppe_consommee", periode="2021-2024")
    by_action = allocations[(allocations["mesure"] == "ecart") & (allocations["action"] != "")]
    if allocated is not None and consumed is not None:
        yield equality_result(
            "écart = montants alloués − enveloppe consommée",
            gap.valeur,
            allocated.valeur - consumed.valeur,
            [cited(gap)],
            EUROS,
        )
    yield rows_sum(
        "écart = " + " + ".join(f"action {row.action}" for row in by_action.itertuples()),
        by_action,
        gap,
        EUROS,
    )


@check("Convention 2024-2027 : subvention versée et reliquat font le soutien maximal 2024-2025")
def convention_support_2024_2025(tables: Tables) -> list[CheckResult]:
    convention = tables["finances_convention"]
    maximum = one_row(convention, mesure="soutien_etat_maximal")
    paid = one_row(convention, article="article_2_3_1", mesure="subvention_versee")
    balance = one_row(convention, mesure="reliquat_plan1")
    return [
        sum_result(
            "2024-2025 : 370 500 € versés + 35 000 € de reliquat",
            [paid.valeur, balance.valeur],
            maximum.valeur,
            [cited(maximum), cited(paid), cited(balance)],
            EUROS,
        )
    ]


@check("Les parts de l'État et du territoire dans le poste de coordinateur font 100 %")
def convention_coordinator_shares(tables: Tables) -> list[CheckResult]:
    convention = tables["finances_convention"]
    shares = convention[
        convention["mesure"].isin(["part_etat_poste_coordinateur", "part_territoire_poste_coordinateur"])
    ]
    return [
        equality_result(
            "poste de coordinateur cofinancé (article 2.2)",
            100,
            shares["valeur"].sum(),
            cited_rows(shares),
            "pourcentage",
        )
    ]


def date_result(subject: str, printed: str, computed: str, sources) -> CheckResult:
    """Two dates (or months, years) as printed: they must be the same text."""
    return rule_result(subject, printed, computed, printed == computed, sources)


@check("La durée de la convention (3 ans et 3 mois) couvre exactement sa période")
def convention_duration(tables: Tables) -> list[CheckResult]:
    convention, periods = tables["finances_convention"], tables["finances_calendrier"]
    years = one_row(convention, mesure="duree_annees")
    months = one_row(convention, mesure="duree_mois")
    whole = one_row(periods, periode="2024-2027")
    start = date.fromisoformat(whole.date_debut)
    end = add_months(start, int(years.valeur) * MONTHS_PER_YEAR + int(months.valeur)) - timedelta(days=1)
    return [
        date_result(
            f"du {start.isoformat()} plus {years.valeur:g} ans et {months.valeur:g} mois",
            whole.date_fin,
            end.isoformat(),
            [cited(whole), cited(years)],
        )
    ]


@check("Les périodes datées du plan LDA 2 s'emboîtent dans la période de la convention")
def calendar_nesting(tables: Tables) -> Iterator[CheckResult]:
    periods = tables["finances_calendrier"]
    whole = one_row(periods, periode="2024-2027")
    plan_2 = periods[(periods["plan"] == "plan_lda_2") & (periods["periode"] != "2024-2027")]
    for row in plan_2.itertuples():
        if row.date_debut:
            # The first year of plan 2 starts with the convention; any other start lies within it.
            expected = (
                whole.date_debut if row.periode == "2024-2025" else max(row.date_debut, whole.date_debut)
            )
            yield date_result(f"{row.periode} : début", row.date_debut, expected, [cited(row), cited(whole)])
        if row.date_fin:
            yield date_result(
                f"{row.periode} : fin au plus tard à la fin de la convention",
                row.date_fin,
                min(row.date_fin, whole.date_fin),
                [cited(row), cited(whole)],
            )


@check("Page d'une action : subvention prévue moins consommée égale le reliquat")
def page_balance(tables: Tables) -> Iterator[CheckResult]:
    pages = tables["finances_subventions_actions"]
    for row in select_rows(pages, nature="reliquat").itertuples():
        planned = one_row(pages, action=row.action, periode=row.periode, nature="subvention_prevue")
        consumed = one_row(pages, action=row.action, periode=row.periode, nature="subvention_consommee")
        yield equality_result(
            f"action {row.action}, {row.periode}",
            row.valeur,
            planned.valeur - consumed.valeur,
            [cited(row), cited(planned), cited(consumed)],
            EUROS,
        )


@check(
    "Action 9 : la subvention N3 actée est le prorata des 115 000 € sur 8 mois (arrondi à la dizaine d'euros)"
)
def aivs_prorata(tables: Tables) -> list[CheckResult]:
    pages = tables["finances_subventions_actions"]
    annual = one_row(pages, action="9", periode="2022-2023", financeur="plan_solidarite")
    moved = one_row(pages, action="9", nature="subvention_actee")
    exact = prorata(annual.valeur, int(moved.duree_mois))
    return [
        equality_result(
            f"{format_euros(annual.valeur)} × {int(moved.duree_mois)} / 12 mois",
            moved.valeur,
            round(exact, -1),
            [cited(moved), cited(annual)],
            EUROS,
            detail=(
                f"Les {format_euros(annual.valeur)} sont le financement de l'année 2022 (base de 12 mois, "
                f"non imprimée) ; le prorata exact, {format_euros(exact)}, "
                "est imprimé arrondi à la dizaine d'euros."
            ),
        )
    ]
