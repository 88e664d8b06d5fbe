"""Consistency checks of the territoire domain (see lda_analysis.domains.checks).

The domain covers §1.18 to §3.3 of the rapport d'exécution (lines 3799-5258 of the extraction):

- coherence: the AIVS financing moved to year 3 of the plan is the 2022 amount pro rata of the
  months left; every count the text announces in digits (« 11 entités », « 3 axes », « les 2
  objectifs »…) is the number of items it then lists; the CTG's duration matches its years;
- concordance: the « a doublé » sentence of §3.1 against its two figures; a figure printed twice in
  the part (the Ansa's 30 young people and their ages); and figures of this part that the action
  pages, the financial pages or the annexes print again (stored by the actions, finances and
  annexes domains: each comparison is made only when the other table exists).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lda_analysis.blocks.formatting import format_euros
from lda_analysis.contract.data import Tables
from lda_analysis.contract.provenance import folded_words
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import RowError, one_row, same, select_rows

from ..checks import (
    DISCREPANCY,
    OK,
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
)
from .computations import aivs_prorata as aivs_exact_prorata

# --------------------------------------------------------------------------------------------------
# Coherence


@check("Le financement de l'AIVS basculé sur l'année 3 est le financement 2022 au prorata des mois")
def aivs_prorata(tables: Tables) -> list[CheckResult]:
    """§1.18.1 : 115 000 € (2022) « au prorata des 8 mois à exécuter (soit 76 670€) »."""
    frame = tables["territoire_autres_actions"]
    initial = one_row(frame, dispositif="aivs", mesure="financement_initial")
    months = one_row(frame, dispositif="aivs", mesure="mois_a_executer")
    moved = one_row(frame, dispositif="aivs", mesure="financement_bascule")
    exact = aivs_exact_prorata(frame)
    # The document prints the pro rata rounded to the ten euros (76 666,67 € -> 76 670 €).
    computed = round(exact, -1)
    detail = (
        f"{format_euros(initial['valeur'])} × {months['valeur']:g}/12 = {format_euros(exact)}, arrondi à "
        f"la dizaine d'euros : {format_euros(computed)}"
    )
    return [
        equality_result(
            "AIVS, année 3 du Plan LDA (2023)",
            moved["valeur"],
            computed,
            [cited(moved), cited(initial), cited(months)],
            "euros",
            detail=detail,
        )
    ]


# (table of the printed count, its row, table of the list, column and code of the list, subject)
ANNOUNCED_COUNTS = (
    (
        "territoire_gouvernance",
        {"sujet": "etat", "mesure": "actions_essentielles"},
        "territoire_enumerations",
        "liste",
        "etat_actions_essentielles",
        "« 3 actions essentielles » de l'État (§2.3)",
    ),
    (
        "territoire_gouvernance",
        {"sujet": "pdalhpd", "mesure": "entites_pilotage"},
        "territoire_enumerations",
        "liste",
        "pdalhpd_entites_pilotage",
        "« 11 entités différentes » pilotes du PDALHPD (§2.3.1)",
    ),
    (
        "territoire_gouvernance",
        {"sujet": "ctg", "mesure": "axes"},
        "territoire_enumerations",
        "liste",
        "ctg_axes",
        "« 3 champs thématiques » de la CTG (§2.2.4)",
    ),
    (
        "territoire_gouvernance",
        {"sujet": "plh3", "mesure": "seminaires_diagnostic"},
        "territoire_evenements",
        "sujet",
        "plh3_seminaire",
        "« 2 séminaires » du PLH3 et leurs dates (§2.2.1)",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "retenu_trois_annees", "mesure": "phases"},
        "territoire_enumerations",
        "liste",
        "phases_plan",
        "« 3 phases du plan » (§3.2)",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "difficulte_action_5", "mesure": "raisons_retard"},
        "territoire_enumerations",
        "liste",
        "action5_raisons_retard",
        "retard de l'action 5 « pour 2 raisons » (§3.2.1.2)",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussites", "mesure": "autres_actions_reussies"},
        "territoire_enumerations",
        "liste",
        "actions_mieux_fonctionne",
        "« Les 2 autres actions qui ont le mieux fonctionné » (§3.2.2)",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_7", "mesure": "axes_feuille_de_route"},
        "territoire_enumerations",
        "liste",
        "ptfa_axes",
        "feuille de route de la plateforme « en 3 axes » (§3.2.2.1)",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_16", "mesure": "objectifs"},
        "territoire_enumerations",
        "liste",
        "action16_objectifs",
        "« Les 2 objectifs » de l'action 16 (§3.2.2.2)",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_16", "mesure": "films"},
        "territoire_enumerations",
        "liste",
        "action16_films",
        "« les 2 films » de l'action 16 (§3.2.2.2)",
    ),
    (
        "territoire_inscription_lda",
        {"sujet": "atelier_lda2", "mesure": "thematiques"},
        "territoire_enumerations",
        "liste",
        "atelier_thematiques",
        "« les 4 thématiques abordées » par l'atelier Plan LDA 2 (§3.3.3)",
    ),
    (
        "territoire_inscription_lda",
        {"sujet": "atelier_lda2", "mesure": "methode_3c"},
        "territoire_enumerations",
        "liste",
        "methode_3c",
        "« la méthode des 3 C » (§3.3.3)",
    ),
)


@check("Un nombre annoncé en chiffres par le texte est celui des éléments qu'il énumère")
def announced_counts(tables: Tables) -> Iterator[CheckResult]:
    for count_table, filters, list_table, column, code, subject in ANNOUNCED_COUNTS:
        printed = one_row(tables[count_table], **filters)
        items = select_rows(tables[list_table], **{column: code})
        sources = [cited(printed), *cited_rows(items)]
        yield equality_result(
            subject,
            printed["valeur"],
            len(items),
            sources,
            "nombre",
            detail=f"éléments de la liste « {get_schema().label(list_table, column, code)} » "
            f"(tableau « {get_schema().table(list_table).title} »)",
        )


@check("La durée de la Convention Territoriale Globale correspond à ses années de début et de fin")
def ctg_duration(tables: Tables) -> list[CheckResult]:
    """§2.2.4 : CTG signée le 26 avril 2023 « pour une durée de 4 ans (de 2023 à 2026) »."""
    row = one_row(tables["territoire_gouvernance"], sujet="ctg", mesure="duree")
    years = re.search(r"(\d{4}) à (\d{4})", row["periode_imprimee"])
    if years is None:
        detail = "période « de AAAA à AAAA » absente de period_label"
        return [rule_result("CTG", row["valeur"], None, False, [cited(row)], "annees", detail=detail)]
    first, last = int(years.group(1)), int(years.group(2))
    return [
        equality_result(
            f"CTG, de {first} à {last}",
            row["valeur"],
            last - first + 1,
            [cited(row)],
            "annees",
            detail=f"années {first} à {last} incluses",
        )
    ]


# --------------------------------------------------------------------------------------------------
# Concordance inside the part


@concordance("« Le nombre de ménages logés a doublé » (§3.1) découle des relogements des années 1 et 2")
def cmc_doubling(tables: Tables) -> list[CheckResult]:
    frame = tables["territoire_relogement_cmc"]
    year_1 = one_row(frame, mesure="menages_reloges", periode="2021-2022")
    year_2 = one_row(frame, mesure="menages_reloges", periode="2022-2023")
    statement = one_row(tables["territoire_constats"], code="cmc_relogements_double")
    ratio = year_2["valeur"] / year_1["valeur"]
    return [
        rule_result(
            "ménages relogés par la CMC, année 1 → année 2",
            "a doublé (× 2)",
            f"× {decimal_comma(ratio)}",
            same(ratio, 2),
            [cited(statement), cited(year_1), cited(year_2)],
            detail=f"{year_1['valeur']:g} ménages en 2021-2022, {year_2['valeur']:g} en 2022-2023",
        )
    ]


@concordance("Les jeunes de l'Ansa (action 16) sont décrits de même aux §3.2.1.3 et §3.2.2.2")
def ansa_youth(tables: Tables) -> Iterator[CheckResult]:
    frame = tables["territoire_bilan_chiffres"]
    labels = {
        "jeunes_participants": "jeunes participants",
        "age_minimum": "âge minimal",
        "age_maximum": "âge maximal",
    }
    for measure, label in labels.items():
        first = one_row(frame, rubrique="difficulte_action_15", action="16", mesure=measure)
        second = one_row(frame, rubrique="reussite_action_16", action="16", mesure=measure)
        yield rows_equality(f"action 16, {label}", second, first, second["unite"])


# --------------------------------------------------------------------------------------------------
# Concordance with the figures other domains store (action pages, financial pages, annexes)

# (our table, our row, where else the document prints the same fact: lines, action of the other
# page (None: any), unit of the other figure (None: any), subject). The other rows are looked up by
# their source line, which the back test ties to the printed figure.
REPEATED_FIGURES = (
    (
        "territoire_autres_actions",
        {"dispositif": "aivs", "mesure": "financement_initial"},
        (2633,),
        "9",
        "euros",
        "AIVS : financement 2022 (§1.18.1) et « Subvention N2 : AIVS 115 000€ » (fiche action 9)",
    ),
    (
        "territoire_autres_actions",
        {"dispositif": "aivs", "mesure": "financement_bascule"},
        (2635,),
        "9",
        "euros",
        "AIVS : financement basculé (§1.18.1) et « Subvention N3 actée » (fiche action 9)",
    ),
    (
        "territoire_autres_actions",
        {"dispositif": "aivs", "mesure": "financement_bascule"},
        (1064,),
        "9",
        "euros",
        "AIVS : financement basculé (§1.18.1) et synthèse financière, action 9",
    ),
    (
        "territoire_autres_actions",
        {"dispositif": "aivs", "mesure": "mois_a_executer"},
        (2635, 2636),
        "9",
        "mois",
        "AIVS : mois du prorata (§1.18.1) et fiche action 9 (« sur 8 mois »)",
    ),
    (
        "territoire_autres_actions",
        {"dispositif": "aivs", "mesure": "mesures_accompagnement_fsl"},
        (2621, 2659, 2775),
        "9",
        None,
        "AIVS : mesures d'accompagnement (§1.18.1) et « 30 mesures ASLL » (fiche action 9)",
    ),
    (
        "territoire_relogement_cmc",
        {"mesure": "part_ppm_loges"},
        (2245,),
        "6",
        "pourcentage",
        "part des ménages PPM logés : §3.2.2 et impacts de la fiche action 6",
    ),
    (
        "territoire_relogement_cmc",
        {"mesure": "menages_reloges", "periode": "2022-2023"},
        (2221,),
        "6",
        None,
        "ménages relogés par la CMC en année 2 : §3.1 et résultats 2023-2024 de la fiche action 6",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "difficulte_action_5", "mesure": "volets_formation"},
        (1943, 1948),
        "5",
        None,
        "volets de formation de l'action 5 : §3.2.1.2 et fiche action 5",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "difficulte_action_15", "mesure": "duree_convention"},
        (3527,),
        "15",
        "mois",
        "durée de la convention de l'action 15 : §3.2.1.3 et fiche action 15",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_7", "mesure": "etp_coordinatrices"},
        (2508,),
        "7",
        None,
        "ETP des coordinatrices de la plateforme : §3.2.2.1 et fiche action 7",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_16", "mesure": "jeunes_participants"},
        (3591, 3708, 5803),
        None,
        None,
        "jeunes des focus groups de l'action 16 : §3.2.2.2, fiches actions 15 et 16 et §4.4.1.1",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_16", "mesure": "focus_groups"},
        (3707,),
        "16",
        None,
        "focus groups de l'action 16 : §3.2.2.2 et fiche action 16",
    ),
    (
        "territoire_bilan_chiffres",
        {"rubrique": "reussite_action_16", "mesure": "jeunes_restitution"},
        (3714, 3715),
        "16",
        None,
        "jeunes présents à la soirée de restitution : §3.2.2.2 et fiche action 16",
    ),
    (
        "territoire_inscription_lda",
        {"sujet": "atelier_lda2", "mesure": "participants"},
        (1668, 1795),
        None,
        None,
        "participants de l'atelier Plan LDA 2 : §3.3.3 et fiches actions 3 et 4",
    ),
    (
        "territoire_inscription_lda",
        {"sujet": "atelier_lda2", "mesure": "thematiques"},
        (7006, 5387),
        None,
        None,
        "thématiques (groupes) de l'atelier Plan LDA 2 : §3.3.3, §4.1 et annexe « Atelier LDA 2 »",
    ),
)
OTHER_DOMAINS = ("actions_", "finances_", "annexes_", "fiches_", "perspectives_")


def _in_other_domain(name: str) -> bool:
    return name.startswith(OTHER_DOMAINS)


def _figures_on_lines(
    tables: Tables, lines: tuple[int, ...], action: str | None, unit: str | None
) -> list[tuple[str, object]]:
    """Rows of the other domains' figure tables printed on ``lines`` (and of ``action``, ``unite``);
    a duration in months may be stored in a ``duree_mois`` column (« 76 670€ […] sur 8 mois »)."""
    found = figures_on_lines(tables, lines, include=_in_other_domain, action=action, unit=unit)
    if unit == "mois":
        found += [(name, row) for name, row in _durations_on_lines(tables, lines, action)]
    return found


def _durations_on_lines(
    tables: Tables, lines: tuple[int, ...], action: str | None
) -> list[tuple[str, object]]:
    """The ``duree_mois`` of the other domains' rows printed on ``lines``, as figures (``valeur``)."""
    found = []
    for name, frame in tables.items():
        if not _in_other_domain(name) or "duree_mois" not in frame.columns:
            continue
        selected = frame[frame["ligne_source"].isin(lines) & frame["duree_mois"].notna()]
        if action is not None:
            selected = selected[selected["action"].astype(str) == action]
        found += [
            (name, row._replace(valeur=float(row.duree_mois))) for row in selected.itertuples(index=False)
        ]
    return found


@concordance("Un chiffre du bilan (§1.18 à §3.3) concorde avec la même donnée imprimée ailleurs")
def repeated_figures(tables: Tables) -> Iterator[CheckResult]:
    for table, filters, lines, action, unit, subject in REPEATED_FIGURES:
        ours = one_row(tables[table], **filters)
        others = _figures_on_lines(tables, lines, action, unit)
        if not others:
            raise RowError(
                f"aucune table d'un autre domaine ne donne le chiffre des lignes "
                f"{', '.join(map(str, lines))} ({subject})"
            )
        matching = [row for _, row in others if same(float(row.valeur), ours["valeur"])]
        # Conforming when the other place prints the same figure; otherwise its figure is shown.
        compared = float(matching[0].valeur) if matching else float(others[0][1].valeur)
        shown = [(name, row) for name, row in others if not matching or row in matching]
        detail = "autre place : " + " ; ".join(
            dict.fromkeys(
                f"{get_schema().table(name).title} ({place(row)}) : {decimal_comma(float(row.valeur))}"
                for name, row in shown
            )
        )
        if ours["mesure"] == "menages_reloges":
            in_progress = _figures_on_lines(tables, (2225,), "6", None)
            if in_progress:  # a figure the action page adds, when it gives it
                detail += (
                    f" ; la fiche action 6 compte aussi {float(in_progress[0][1].valeur):g} "
                    f"ménages « en cours de relogement » ({place(in_progress[0][1])})"
                )
        yield equality_result(
            subject,
            ours["valeur"],
            compared,
            [cited(ours), *(cited(row) for _, row in others)],
            ours["unite"],
            detail=detail,
        )


@concordance("L'atelier Plan LDA 2 du §3.3.3 est celui des diapositives de l'annexe « Atelier LDA 2 »")
def workshop_annexes(tables: Tables) -> Iterator[CheckResult]:
    """Date, thématiques and « 3 C » of the workshop against the annexes' slides."""
    lists = tables["territoire_enumerations"]
    days = sorted({str(day) for day in tables["annexes_atelier_programme"]["jour"] if day})
    ours = select_rows(tables["territoire_evenements"], sujet="atelier_lda2")
    for row in ours.itertuples(index=False):
        if not row.date or not re.search(r"\d{4}", row.periode_imprimee):
            continue  # only a date printed in full (not one completed from another line)
        yield rule_result(
            "date de l'atelier",
            row.date,
            ", ".join(days),
            days == [row.date],
            [cited(row), "Annexe « Atelier LDA 2 : présentation », diapositive « Ordre du jour »"],
        )
    slides = select_rows(tables["annexes_atelier_themes"], version="diapositive_themes")
    slides = {row.groupe: row for row in slides.itertuples(index=False)}
    for row in select_rows(lists, liste="atelier_thematiques").itertuples(index=False):
        slide = slides.get(f"groupe_{row.rang}")
        if slide is None:
            continue
        agree = folded_words(row.texte) == folded_words(slide.texte)
        yield rule_result(
            f"thématique {row.rang}",
            row.texte,
            slide.texte,
            agree,
            [cited(row), cited(slide)],
            detail="textes comparés sans la ponctuation, les accents ni la casse",
        )
    theirs = sorted(folded_words(code) for code in tables["annexes_atelier_categories"]["categorie"])
    ours = select_rows(lists, liste="methode_3c")
    mine = sorted(folded_words(text) for text in ours["texte"])
    # One source per listed item (the three items share a line): not de-duplicated, as the result
    # builders do; the check gives the title.
    yield CheckResult(
        "",
        "",
        "méthode des « 3 C »",
        ", ".join(ours["texte"]),
        ", ".join(tables["annexes_atelier_categories"]["categorie"]),
        OK if mine == theirs else DISCREPANCY,
        (*cited_rows(ours), *dict.fromkeys(tables["annexes_atelier_categories"]["source"])),
    )
