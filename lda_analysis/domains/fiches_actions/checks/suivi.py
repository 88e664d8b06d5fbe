"""Checks of the yearly follow-up of the roadmap's fiches actions: statuses, deliverables and
indicators of the yearly rapports of the convention 2024-2027 (tables ``fiches_suivi``,
``fiches_realisations``, ``fiches_indicateurs_suivi``). These tables are only in the editions of
the yearly rapports: each check ``needs`` them and does not run on the 2024 edition. A table with
no row yet gives « non applicable »."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema

from ...checks import CheckResult, check, cited, cited_rows, concordance, rule_result
from ..computations import sheet_label
from ..suivi import (
    DELIVERABLES_TABLE,
    FINISHED,
    FOLLOW_UP_TABLES,
    INDICATORS_TABLE,
    NOT_STARTED,
    RUNNING,
    STATUS_TABLE,
    actions_outside_roadmap,
    dates_after_period,
    follow_up_periods,
    period_end,
    reopened_statuses,
    resolved_indicators,
    starting_statuses,
)


def _status_label(code: str) -> str:
    return get_schema().labels(STATUS_TABLE, "statut").get(code, code)


def _all_conform(frame: pd.DataFrame, what: str) -> list[CheckResult]:
    """The one conforming result of a rule that no row of ``frame`` breaks. A rule on the rows of a
    table holds when the table has none yet (before the analyst's rows of a yearly rapport): the
    result says so, rather than « non applicable », which is for a comparison that lacks a figure."""
    count = len(frame)
    subject = (
        f"{count} ligne{'s' if count > 1 else ''} : {what}" if count else f"aucune ligne à contrôler ({what})"
    )
    return [rule_result(subject, None, None, True, cited_rows(frame))]


def _where(row) -> str:
    """« FA 20, 2026 » for a row of a follow-up table."""
    return f"{sheet_label(row.action)}, {row.periode}"


# ------------------------------------------------------------------------------ every table


@check(
    "Suivi annuel : chaque fiche suivie est une fiche de la feuille de route 2024-2027",
    needs=FOLLOW_UP_TABLES,
)
def follow_up_in_roadmap(tables: Tables) -> Iterator[CheckResult]:
    for name in FOLLOW_UP_TABLES:
        frame = tables[name]
        if frame.empty:
            yield from _all_conform(frame, f"table {name}")
            continue
        outside = actions_outside_roadmap(tables, name)
        rows = frame[frame["action"].isin(outside)]
        yield rule_result(
            f"Fiches de la table {name}",
            "fiches de la feuille de route (perspectives_feuille_de_route)",
            ", ".join(sheet_label(code) for code in outside) or "toutes dans la feuille de route",
            not outside,
            cited_rows(rows if len(rows) else frame),
            detail="" if not outside else "Ajoutez la fiche à la feuille de route ou corrigez son code.",
        )


# ------------------------------------------------------------------------------ statuses


@check("Suivi annuel : une fiche terminée ne redevient pas en cours ou à engager", needs=(STATUS_TABLE,))
def status_not_reopened(tables: Tables) -> list[CheckResult]:
    statuses = tables[STATUS_TABLE]
    reopened = reopened_statuses(statuses)
    if reopened.empty:
        return _all_conform(statuses, "statuts des fiches")
    return [
        rule_result(
            _where(row),
            f"{_status_label(FINISHED)} en {row.finished_in}",
            _status_label(row.statut),
            False,
            [row.finished_source, row.source],
            detail="Une fiche relancée après sa fin est une nouvelle fiche ; sinon, corrigez le statut.",
        )
        for row in reopened.itertuples(index=False)
    ]


@concordance(
    "Suivi annuel : le statut de 2024-2025 suit celui du rapport d'exécution 2021-2024 (fiche terminée)",
    needs=(STATUS_TABLE,),
)
def status_after_starting_point(tables: Tables) -> list[CheckResult]:
    first = follow_up_periods()[0]
    rows = tables[STATUS_TABLE][tables[STATUS_TABLE]["periode"] == first]
    start = starting_statuses(tables).set_index("action")
    finished = start[start["statut"] == FINISHED]
    compared = rows[rows["action"].isin(finished.index)]
    if compared.empty:
        return _all_conform(compared, "statuts 2024-2025 des fiches terminées au rapport 2021-2024")
    return [
        rule_result(
            _where(row),
            finished.loc[row.action, "printed"],
            _status_label(row.statut),
            row.statut not in (*NOT_STARTED, RUNNING),
            [finished.loc[row.action, "source"], cited(row)],
            detail="La feuille de route 2024-2027 dit la fiche terminée.",
        )
        for row in compared.itertuples(index=False)
    ]


@check("Suivi annuel : la date d'un statut ne dépasse pas la fin de sa période", needs=(STATUS_TABLE,))
def status_dates_in_period(tables: Tables) -> list[CheckResult]:
    statuses = tables[STATUS_TABLE]
    late = dates_after_period(statuses, "date_statut")
    if late.empty:
        return _all_conform(statuses[statuses["date_statut"] != ""], "statuts datés")
    return [
        rule_result(
            _where(row),
            f"au plus tard le {period_end(row.periode).isoformat()}",
            row.date_statut,
            False,
            [cited(row)],
        )
        for row in late.itertuples(index=False)
    ]


# ------------------------------------------------------------------------------ deliverables


@check(
    "Suivi annuel : un livrable ou un jalon « en retard » a une échéance passée", needs=(DELIVERABLES_TABLE,)
)
def deliverable_delays(tables: Tables) -> list[CheckResult]:
    frame = tables[DELIVERABLES_TABLE]
    delayed = frame[frame["etat"] == "en_retard"]
    early = dates_after_period(delayed, "echeance")
    if early.empty:
        return _all_conform(delayed, "livrables et jalons en retard")
    return [
        rule_result(
            f"{_where(row)} : {row.texte}",
            f"une échéance au plus tard le {period_end(row.periode).isoformat()}",
            row.echeance,
            False,
            [cited(row)],
            detail="Une échéance qui n'est pas encore passée à la fin de la période n'est pas en retard.",
        )
        for row in early.itertuples(index=False)
    ]


# ------------------------------------------------------------------------------ indicators


def _designation_problems(row) -> list[tuple[str, str]]:
    """What is wrong with what a resolved indicator designates: (expected, found) pairs."""
    problems = []
    if not row.fiche_found:
        problems.append(
            ("un indicateur de la fiche (fiche_type et fiche_rang, table fiches_indicateurs)", "absent")
        )
    if not row.target_found:
        problems.append(
            ("une grandeur imprimée par la fiche (cible_fiche, table fiches_parametres)", "absente")
        )
    if not row.label:
        problems.append(("un libellé (libelle), un indicateur ou une cible de la fiche", "aucun"))
    return problems


@check(
    "Suivi annuel : un indicateur désigne un indicateur et une cible que la fiche imprime, ou a un libellé",
    needs=(INDICATORS_TABLE,),
)
def indicators_designated(tables: Tables) -> list[CheckResult]:
    resolved = resolved_indicators(tables, tables[INDICATORS_TABLE])
    results = [
        rule_result(f"{_where(row)}, indicateur {row.indicateur}", expected, found, False, [cited(row)])
        for row in resolved.itertuples(index=False)
        for expected, found in _designation_problems(row)
    ]
    return results or _all_conform(resolved, "indicateurs")


@check(
    "Suivi annuel : une cible imprimée par la fiche n'est pas saisie une seconde fois",
    needs=(INDICATORS_TABLE,),
)
def indicator_target_once(tables: Tables) -> list[CheckResult]:
    frame = tables[INDICATORS_TABLE]
    twice = frame[(frame["cible_fiche"] != "") & frame["cible"].notna()]
    if twice.empty:
        return _all_conform(frame, "indicateurs")
    return [
        rule_result(
            f"{_where(row)}, indicateur {row.indicateur}",
            f"cible lue dans la fiche ({row.cible_fiche})",
            f"cible saisie : {row.cible:g}",
            False,
            [cited(row)],
            detail="Videz la colonne cible : la cible de la fiche est lue dans fiches_parametres.",
        )
        for row in twice.itertuples(index=False)
    ]


def _unit_problem(row) -> tuple[str, str] | None:
    """(expected, found) when a resolved indicator's target has no unit or another than its sheet's."""
    has_target = row.typed_target or row.target_unit != ""
    if has_target and not row.unite:
        return ("une unité (colonne unit)", "aucune")
    if row.target_unit and row.unite != row.target_unit:
        return (f"l'unité de la fiche : {row.target_unit}", row.unite)
    return None


@check(
    "Suivi annuel : une cible a une unité, celle de la fiche quand elle en vient", needs=(INDICATORS_TABLE,)
)
def indicator_target_unit(tables: Tables) -> list[CheckResult]:
    resolved = resolved_indicators(tables, tables[INDICATORS_TABLE])
    problems = [(row, _unit_problem(row)) for row in resolved.itertuples(index=False)]
    results = [
        rule_result(f"{_where(row)}, indicateur {row.indicateur}", *problem, False, [cited(row)])
        for row, problem in problems
        if problem is not None
    ]
    targets = resolved[resolved["typed_target"] | (resolved["target_unit"] != "")]
    return results or _all_conform(targets, "indicateurs avec une cible")
