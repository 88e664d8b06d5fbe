"""Concordance checks of the finances: the préambule, the financial synthesis, the action pages,
the convention 2024-2027 and the tables of the other domains give the same figures."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pandas as pd

from lda_analysis.blocks.dates import month_year
from lda_analysis.blocks.formatting import format_euros
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import RowError, one_row, select_rows

from ...actions.computations import action_number
from ...checks import (
    OK,
    CheckResult,
    cited,
    cited_rows,
    concordance,
    equality_result,
    place,
    rows_equality,
    rule_result,
)
from ..computations import PLAN1_YEARS, UNSPENT_AMOUNTS
from .coherence import EUROS, date_result

# Natures of a page amount that state the year's AMI subsidy (compared with the synthesis « prévu »).
PLANNED_NATURES = ("subvention", "subvention_prevue", "subvention_actee", "subvention_non_realisee")


def _month(day: date) -> str:
    return month_year(day.year, day.month)


# ------------------------------------------------------------------------------------------------
# Concordance: two places of the document that give the same figure.


@concordance("Le préambule et la synthèse financière donnent les mêmes montants")
def preamble_and_synthesis(tables: Tables) -> Iterator[CheckResult]:
    allocations, synthesis = tables["finances_allocation"], tables["finances_synthese"]
    totals = select_rows(synthesis, ligne="total")
    for period in PLAN1_YEARS:
        allocated = one_row(allocations, mesure="montant_alloue", periode=period)
        planned = one_row(totals, mesure="prevu", periode=period)
        if allocated is not None and planned is not None:
            yield rows_equality(
                f"{period} : montant alloué (préambule) et total prévu (synthèse)",
                allocated,
                planned,
                EUROS,
            )
    for measure, column, label in (
        ("montant_alloue", "prevu", "montant alloué / total prévu"),
        ("enveloppe_consommee", "consomme", "enveloppe Dihal consommée / total consommé"),
    ):
        printed = one_row(allocations, mesure=measure, periode="2021-2024")
        details = select_rows(totals, mesure=column)
        yield rows_equality(f"2021-2024 : {label} des trois années", printed, details, EUROS)


@concordance("Le non-consommé par action : explication du préambule et commentaire de la synthèse")
def gap_by_action(tables: Tables) -> Iterator[CheckResult]:
    allocations, synthesis = tables["finances_allocation"], tables["finances_synthese"]
    for row in allocations[(allocations["mesure"] == "ecart") & (allocations["action"] != "")].itertuples():
        comment = one_row(synthesis, action=row.action, mesure="non_consomme", periode=row.periode)
        yield rows_equality(f"action {row.action}, {row.periode}", row, comment, EUROS)


@concordance("La convention 2024-2027 et le préambule du rapport : soutien du plan LDA 1 et report")
def convention_and_preamble(tables: Tables) -> Iterator[CheckResult]:
    convention, allocations = tables["finances_convention"], tables["finances_allocation"]
    plan = allocations[allocations["action"] == ""]
    allocated = one_row(plan, mesure="montant_alloue", periode="2021-2024")
    gap = one_row(plan, mesure="ecart", periode="2021-2024")
    pairs = (
        ("soutien_etat_plan1", allocated, "soutien du plan LDA 1 / total alloué"),
        ("report_plan1", gap, "report sur le plan LDA 2 / écart"),
        ("reliquat_plan1", gap, "reliquat compris dans le soutien 2024-2025 / écart"),
    )
    for measure, other, subject in pairs:
        row = one_row(convention, mesure=measure)
        yield rows_equality(subject, row, other, EUROS)


@concordance("La convention donne deux fois la subvention versée pour 2024-2025")
def convention_repeated_subsidy(tables: Tables) -> list[CheckResult]:
    paid = select_rows(tables["finances_convention"], mesure="subvention_versee")
    first, *others = list(paid.itertuples())
    articles = {"article_2_3_1": "article 2.3.1", "article_2_3_2": "article 2.3.2"}
    return [
        rows_equality(
            f"{articles.get(first.article, first.article)} et {articles.get(other.article, other.article)}",
            first,
            other,
            EUROS,
        )
        for other in others
    ]


def _synthesis_layout(synthesis: pd.DataFrame, action: str) -> str:
    rows = select_rows(synthesis, action=action)
    rows = rows[rows["mesure"].isin(["prevu", "consomme"])]
    parts = [
        f"{format_euros(row.valeur)} {'prévus' if row.mesure == 'prevu' else 'consommés'} en {row.periode}"
        for row in rows.itertuples()
    ]
    return f"La synthèse rattache à l'action {action} : " + (", ".join(parts) or "aucun montant") + "."


def _printed_subsidies(ami: pd.DataFrame) -> list[tuple[str, str, str, pd.DataFrame, str]]:
    """The subsidies of the actions' pages to compare with the synthesis: (action, period, measure of
    the synthesis, rows, where the page prints them). Where is the page, and which mention when the
    page prints the same year's subsidy more than once (« p. 39-40, 2e mention »)."""
    found = []
    for (action, period, _line), group in ami.groupby(["action", "periode", "ligne_source"], sort=False):
        for natures, measure in ((PLANNED_NATURES, "prevu"), (("subvention_consommee",), "consomme")):
            printed = group[group["nature"].isin(natures)]
            if not printed.empty:
                found.append((action, period, measure, printed, place(printed.iloc[0])))
    counts = Counter((action, period, measure) for action, period, measure, *_ in found)
    ranks: Counter = Counter()
    placed = []
    for action, period, measure, printed, where in found:
        ranks[(action, period, measure)] += 1
        if counts[(action, period, measure)] > 1:
            rank = ranks[(action, period, measure)]
            where += f", {rank}{'re' if rank == 1 else 'e'} mention"
        placed.append((action, period, measure, printed, where))
    return placed


@concordance("Les subventions imprimées sur la page d'une action et la synthèse financière")
def pages_and_synthesis(tables: Tables) -> Iterator[CheckResult]:
    pages, synthesis = tables["finances_subventions_actions"], tables["finances_synthese"]
    ami = pages[(pages["financeur"] == "ami") & (pages["periode"] != "")]
    for action, period, measure, printed, where in _printed_subsidies(ami):
        other = select_rows(synthesis, action=action, mesure=measure, periode=period)
        # With no amount for the year, the synthesis' lines of the action are what disagrees.
        cited_other = other if not other.empty else select_rows(synthesis, action=action, mesure=measure)
        result = equality_result(
            f"action {action_number(action)}, {period} : page de l'action ({where}) et synthèse "
            f"({'prévu' if measure == 'prevu' else 'consommé'})",
            printed["valeur"].sum(),
            other["valeur"].sum(),
            [*cited_rows(printed), *cited_rows(cited_other)],
            EUROS,
        )
        if result.status != OK:
            result = dataclasses.replace(result, detail=_synthesis_layout(synthesis, action))
        yield result


@concordance(
    "Une subvention que la page d'une action dit « non réalisée » est comptée "
    "comme consommée dans la synthèse"
)
def not_realised_but_consumed(tables: Tables) -> Iterator[CheckResult]:
    pages, synthesis = tables["finances_subventions_actions"], tables["finances_synthese"]
    for row in select_rows(pages, nature="subvention_non_realisee").itertuples():
        consumed = select_rows(synthesis, action=row.action, mesure="consomme", periode=row.periode)
        total = consumed["valeur"].sum()
        yield rule_result(
            f"action {row.action}, {row.periode} ({format_euros(row.valeur)})",
            "non réalisé / report sur N3 (page de l'action)",
            f"consommé {format_euros(total)} (synthèse)" if total else "non consommé (synthèse)",
            not total,
            [cited(row), *cited_rows(consumed)],
            detail="La page reporte la subvention sur l'année suivante ; la synthèse, dont les totaux "
            "imposent cette lecture, la compte consommée dans l'année."
            if total
            else "",
        )


@concordance("Le bénéficiaire nommé par la synthèse et par la page de l'action")
def beneficiaries(tables: Tables) -> Iterator[CheckResult]:
    pages, synthesis = tables["finances_subventions_actions"], tables["finances_synthese"]
    labels = get_schema().vocabularies["finances_beneficiaire"]
    named = synthesis[(synthesis["beneficiaire"] != "") & (synthesis["mesure"] == "prevu")]
    for row in named.itertuples():
        same = pages[
            (pages["action"] == row.action)
            & (pages["periode"] == row.periode)
            & (pages["valeur"] == row.valeur)
            & (pages["beneficiaire"] != "")
        ]
        for page in same.itertuples():
            elsewhere = pages[(pages["beneficiaire"] == row.beneficiaire)]
            detail = "; ".join(
                f"la page de l'action {other.action} nomme ce bénéficiaire pour "
                f"{format_euros(other.valeur)} en {other.periode} ({other.source})"
                for other in elsewhere.itertuples()
            )
            yield rule_result(
                f"action {row.action}, {row.periode}, {format_euros(row.valeur)}",
                f"{labels[row.beneficiaire]} (synthèse)",
                f"{labels[page.beneficiaire]} (page de l'action)",
                row.beneficiaire == page.beneficiaire,
                [cited(row), cited(page)],
                detail=detail,
            )


# ------------------------------------------------------------------------------------------------
# Concordance with the tables of other domains.


def _by_line(frame: pd.DataFrame, action: str, *lines: int) -> pd.DataFrame:
    """The rows of an action printed on some lines of the source document; none is an error."""
    found = frame[(frame["action"] == action) & frame["ligne_source"].isin(lines)]
    if found.empty:
        raise RowError(
            f"table « {frame.attrs.get('table', '?')} » : aucune ligne de l'action {action} "
            f"aux lignes {', '.join(map(str, lines))} du document"
        )
    return found


@concordance("Les versements et coûts imprimés sur la page d'une action et ses subventions")
def action_amounts(tables: Tables) -> Iterator[CheckResult]:
    amounts = tables["actions_montants"]
    pages, synthesis = tables["finances_subventions_actions"], tables["finances_synthese"]
    # (action, lines of actions_montants, frame and lines of ours, subject)
    pairs = (
        ("1", (1150,), pages, (1236,), "subvention versée au Département / N1 consommée"),
        ("7", (2348, 2349), pages, (2350,), "subventions versées à la FAS et à ITINOVA / N1"),
        ("14", (3409,), pages, (3419,), "financement versé le 01/02/2022 / N1"),
        ("15", (3522, 3523), pages, (3521,), "30 000 € mandatés + 15 000 € en attente / N1"),
        ("16", (3647,), pages, (3741,), "budget de la convention Ansa 2023-2024 / N3"),
        (
            "1bis",
            (1322,),
            synthesis,
            (1046,),
            "montant de la mission Synchro / synthèse, ligne « 1' » du tableau",
        ),
    )
    for action, their_lines, ours, our_lines, subject in pairs:
        theirs = _by_line(amounts, action, *their_lines)
        # A provision is what became of an amount paid (action 14), not another payment.
        theirs = theirs[~theirs["mesure"].isin(UNSPENT_AMOUNTS)]
        mine = _by_line(ours, action, *our_lines)
        if ours is synthesis:
            mine = mine[mine["mesure"] == "prevu"]
        yield rows_equality(f"action {action_number(action)} : {subject}", mine, theirs, EUROS)


@concordance("Le financement de l'AIVS : page de l'action 9 et §1.18.1")
def aivs_financing(tables: Tables) -> Iterator[CheckResult]:
    other = tables["territoire_autres_actions"]
    pages = tables["finances_subventions_actions"]
    annual = one_row(pages, action="9", financeur="plan_solidarite")
    moved = one_row(pages, action="9", nature="subvention_actee")
    for mine, value, measure, subject, unit in (
        (annual, annual.valeur, "financement_initial", "financement 2022 de 115 000 € (N2)", EUROS),
        (moved, moved.valeur, "financement_bascule", "montant basculé sur la troisième année (N3)", EUROS),
        (moved, moved.duree_mois, "mois_a_executer", "nombre de mois du prorata", "mois"),
    ):
        theirs = one_row(other, dispositif="aivs", mesure=measure)
        yield equality_result(subject, float(value), theirs.valeur, [cited(mine), cited(theirs)], unit)


@concordance("Le soutien 2024-2025 de la convention et la demande de financement du §4.5")
def convention_and_request(tables: Tables) -> Iterator[CheckResult]:
    request = tables["perspectives_financement"]
    convention = tables["finances_convention"]
    for measure, poste, subject in (
        ("soutien_etat_maximal", "demande_ami", "soutien maximal de l'État / total de la demande AMI"),
        ("reliquat_plan1", "report_n1", "reliquat / report de N1"),
    ):
        mine = one_row(convention, mesure=measure)
        theirs = one_row(request, emplacement="tableau", typologie="total", poste=poste)
        yield rows_equality(f"2024-2025 : {subject}", mine, theirs, EUROS)


@concordance("Les dates du plan LDA 2 : convention (article 3) et §4.5 du rapport")
def calendar_and_roadmap(tables: Tables) -> Iterator[CheckResult]:
    roadmap = tables["perspectives_calendrier"]
    periods = tables["finances_calendrier"]
    objects_labels = get_schema().labels("perspectives_calendrier", "objet")
    for period, objects in (
        ("2024-2025", ("financement_ami", "demande_ami")),
        ("2024-2027", ("feuille_de_route",)),
    ):
        mine = one_row(periods, periode=period)
        for objet in objects:
            theirs = one_row(roadmap, objet=objet)
            for side, day, year, month in (
                ("début", mine.date_debut, theirs.annee_debut, theirs.mois_debut),
                ("fin", mine.date_fin, theirs.annee_fin, theirs.mois_fin),
            ):
                if not day or pd.isna(year):
                    continue
                day = date.fromisoformat(day)
                if pd.isna(month):
                    printed, computed = str(day.year), str(int(year))
                else:
                    printed, computed = _month(day), _month(date(int(year), int(month), 1))
                yield date_result(
                    f"{period} : {side} (convention) et « {objects_labels.get(objet, objet)} » (§4.5)",
                    printed,
                    computed,
                    [cited(mine), cited(theirs)],
                )
