"""What a careful reader checks across the report about the actions of plan 1: the chronology of an
action's milestones, and its status on its page against the 2024-2027 roadmap and the financial
synthesis. These are concordance checks: a disagreement is a documented discrepancy of the source.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row, select_rows

from ...checks import CheckResult, cited, cited_rows, concordance, not_applicable, rule_result
from .pages import FOLLOW_UPS, MILESTONES, SHEETS, text_result

# Milestones of one action where the first makes the second possible: (action, rank of the first,
# rank of the second, why), ranks of ``actions_jalons``.
SEQUENCES = (
    ("1", 1, 2, "la subvention au Département est versée en vertu de la convention de partenariat"),
    ("7", 2, 3, "la plateforme fonctionne avec les coordonnateurs recrutés pour elle"),
    ("7", 4, 3, "la plateforme fonctionne avec les subventions versées à la FAS et à ITINOVA"),
    ("14", 1, 4, "le financement de l'aménagement de l'atelier est versé en vertu de la convention 1"),
)


def _when(row: pd.Series) -> tuple[int, ...]:
    """A milestone's date as far as it is printed: (year, month[, day])."""
    parts = [int(row["annee_debut"])]
    for column in ("mois_debut", "jour_debut"):
        if pd.isna(row[column]):
            break
        parts.append(int(row[column]))
    return tuple(parts)


@concordance("La chronologie d'une action : l'étape qui en rend une autre possible la précède")
def milestones_chronology(tables: Tables) -> Iterator[CheckResult]:
    milestones = tables[MILESTONES]
    for action, first_rank, then_rank, why in SEQUENCES:
        first = one_row(milestones, action=action, rang=first_rank)
        then = one_row(milestones, action=action, rang=then_rank)
        common = min(len(_when(first)), len(_when(then)))
        in_order = _when(first)[:common] <= _when(then)[:common]
        yield text_result(
            f"Action {action} : « {first['texte']} » avant « {then['texte']} »",
            first,
            then,
            in_order,
            f"Ordre attendu : {why}." + ("" if in_order else " Les dates imprimées disent l'inverse."),
        )


# Roadmap statuses that say the action is over, or that it is not (the others print none).
ROADMAP_OVER = {"terminee"}
ROADMAP_NOT_OVER = {"en_cours_fin_dec_2024", "a_reprendre_2026"}
# Roadmap statuses that say when the action will be over: « en cours / sera terminée en déc. 2024 ».
ROADMAP_ENDS = {"en_cours_fin_dec_2024": 2024}


def statuses_agree(over_on_page: bool, page_end: int | None, roadmap_status: str) -> bool:
    """Whether an action's page and the roadmap say the same of its end: both over, both not, or
    the page over at the end of the year the roadmap says it will be over (« ACTION TERMINEE au
    31/12/2024 » and « sera terminée en déc. 2024 » say the same; an undated « ACTION TERMINEE »
    and « en cours » do not).

    >>> statuses_agree(True, 2024, "en_cours_fin_dec_2024"), statuses_agree(True, None, "en_cours_fin_dec_2024")
    (True, False)
    >>> statuses_agree(True, None, "terminee"), statuses_agree(False, None, "a_reprendre_2026")
    (True, True)
    """
    if over_on_page and page_end is not None and ROADMAP_ENDS.get(roadmap_status) == page_end:
        return True
    return over_on_page == (roadmap_status in ROADMAP_OVER)


def _status_end(follow_ups: pd.DataFrame, action: str) -> int | None:
    """The year a page dates the end of its action in (``annee_statut`` of its final status), if any."""
    printed = follow_ups[(follow_ups["action"] == action) & (follow_ups["nature"] == "statut_final")]
    years = [int(year) for year in printed["annee_statut"] if not pd.isna(year)]
    return years[0] if years else None


def _page_actions(code: str) -> tuple[str, ...]:
    """The actions a page covers: « 11_12 » is the common page of actions 11 and 12."""
    known = get_schema().vocabularies["action"]
    parts = code.split("_")
    return tuple(parts) if len(parts) > 1 and all(part in known for part in parts) else (code,)


@concordance("Le statut d'une action sur sa page concorde avec la feuille de route 2024-2027")
def status_in_roadmap(tables: Tables) -> list[CheckResult]:
    roadmap = tables["perspectives_feuille_de_route"]
    labels = get_schema().labels(SHEETS, "statut_final")
    roadmap_labels = get_schema().labels("perspectives_feuille_de_route", "statut")
    follow_ups = tables[FOLLOW_UPS]
    results = []
    for sheet in tables[SHEETS].itertuples():
        end = _status_end(follow_ups, sheet.action)
        page_status = labels[sheet.statut_final] + (f" (fin {end})" if end is not None else "")
        printed = select_rows(follow_ups, action=sheet.action, nature="statut_final")
        for action in _page_actions(sheet.action):
            line = roadmap[
                (roadmap["action"] == action) & roadmap["statut"].isin(ROADMAP_OVER | ROADMAP_NOT_OVER)
            ]
            if line.empty:
                continue
            line = line.iloc[0]
            results.append(
                rule_result(
                    f"Action {action} : page « {page_status} », feuille de route "
                    f"« {roadmap_labels[line.statut]} »",
                    page_status,
                    roadmap_labels[line.statut],
                    statuses_agree(sheet.statut_final == "terminee", end, line.statut),
                    [*cited_rows(printed), cited(line)],
                    detail="une action terminée sur sa page l'est aussi dans la feuille de route, et "
                    "inversement ; une action que la page dit terminée à la fin d'une année et que la "
                    "feuille de route dit en cours jusqu'à la fin de la même année concorde",
                )
            )
    if not results:
        return [not_applicable("aucune action n'a de statut imprimé dans la feuille de route")]
    return results


@concordance(
    "Une action terminée sur sa page a consommé ses crédits de l'AMI, ou la synthèse explique le reste"
)
def status_in_synthesis(tables: Tables) -> Iterator[CheckResult]:
    synthesis = tables["finances_synthese"]
    details = synthesis[synthesis["nature_chiffre"] != "total"]
    statuses = select_rows(tables[FOLLOW_UPS], nature="statut_final")
    for sheet in tables[SHEETS].itertuples():
        lines = details[details["action"].isin(_page_actions(sheet.action))]
        if sheet.statut_final != "terminee" or lines.empty:
            continue
        planned = float(lines.loc[lines["mesure"] == "prevu", "valeur"].sum())
        consumed = float(lines.loc[lines["mesure"] == "consomme", "valeur"].sum())
        explained = float(lines.loc[lines["mesure"] == "non_consomme", "valeur"].sum())
        printed = select_rows(statuses, action=sheet.action)
        yield rule_result(
            f"Action {sheet.action} (terminée) : crédits prévus moins consommés, non-consommé commenté",
            explained,
            planned - consumed,
            planned - consumed <= explained,
            [cited(sheet), *cited_rows(printed), *cited_rows(lines)],
            "euros",
            detail="valeur imprimée : le non-consommé que commente la synthèse ; valeur comparée : "
            "prévu moins consommé, sur toutes les années",
        )
