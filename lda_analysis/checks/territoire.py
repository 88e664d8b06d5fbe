"""Consistency checks of the territoire domain (see lda_analysis.checks).

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
import unicodedata
from types import SimpleNamespace

from . import (
    COHERENCE,
    CONCORDANCE,
    DISCREPANCY,
    FAILED,
    OK,
    CheckResult,
    Tables,
    check,
    cited,
    cited_rows,
    decimal_comma,
    equality_result,
    one_row,
    rule_result,
    select_rows,
)

DOMAIN = "territoire"


def _missing(identifier: str, title: str, error: LookupError) -> CheckResult:
    return CheckResult(identifier, title, str(error), None, None, FAILED, (), None,
                       "ligne attendue absente (ou en double) des données")


# --------------------------------------------------------------------------------------------------
# Coherence

AIVS_TITLE = "Le financement de l'AIVS basculé sur l'année 3 est le financement 2022 au prorata des mois"


@check(DOMAIN, AIVS_TITLE, kind=COHERENCE)
def aivs_prorata(tables: Tables) -> list[CheckResult]:
    """§1.18.1 : 115 000 € (2022) « au prorata des 8 mois à exécuter (soit 76 670€) »."""
    identifier = f"{DOMAIN}.aivs_prorata"
    frame = tables["territoire_autres_actions"]
    try:
        initial = one_row(frame, dispositif="aivs", measure="financement_initial")
        months = one_row(frame, dispositif="aivs", measure="mois_a_executer")
        moved = one_row(frame, dispositif="aivs", measure="financement_bascule")
    except LookupError as error:
        return [_missing(identifier, AIVS_TITLE, error)]
    exact = initial["value"] * months["value"] / 12
    # The document prints the pro rata rounded to the ten euros (76 666,67 € -> 76 670 €).
    computed = round(exact, -1)
    def euros(value: float, decimals: int = 0) -> str:
        return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",") + "\xa0€"

    detail = (f"{euros(initial['value'])} × {months['value']:g}/12 = {euros(exact, 2)}, arrondi à la "
              f"dizaine d'euros : {euros(computed)}")
    return [equality_result(identifier, AIVS_TITLE, "AIVS, année 3 du Plan LDA (2023)", moved["value"],
                            computed, [cited(moved), cited(initial), cited(months)], "euros",
                            detail=detail)]


COUNT_TITLE = "Un nombre annoncé en chiffres par le texte est celui des éléments qu'il énumère"
# (table of the printed count, its row, table of the list, column and code of the list, subject)
ANNOUNCED_COUNTS = (
    ("territoire_gouvernance", {"sujet": "etat", "measure": "actions_essentielles"},
     "territoire_enumerations", "liste", "etat_actions_essentielles",
     "« 3 actions essentielles » de l'État (§2.3)"),
    ("territoire_gouvernance", {"sujet": "pdalhpd", "measure": "entites_pilotage"},
     "territoire_enumerations", "liste", "pdalhpd_entites_pilotage",
     "« 11 entités différentes » pilotes du PDALHPD (§2.3.1)"),
    ("territoire_gouvernance", {"sujet": "ctg", "measure": "axes"},
     "territoire_enumerations", "liste", "ctg_axes", "« 3 champs thématiques » de la CTG (§2.2.4)"),
    ("territoire_gouvernance", {"sujet": "plh3", "measure": "seminaires_diagnostic"},
     "territoire_evenements", "sujet", "plh3_seminaire", "« 2 séminaires » du PLH3 et leurs dates (§2.2.1)"),
    ("territoire_bilan_chiffres", {"rubrique": "retenu_trois_annees", "measure": "phases"},
     "territoire_enumerations", "liste", "phases_plan", "« 3 phases du plan » (§3.2)"),
    ("territoire_bilan_chiffres", {"rubrique": "difficulte_action_5", "measure": "raisons_retard"},
     "territoire_enumerations", "liste", "action5_raisons_retard",
     "retard de l'action 5 « pour 2 raisons » (§3.2.1.2)"),
    ("territoire_bilan_chiffres", {"rubrique": "reussites", "measure": "autres_actions_reussies"},
     "territoire_enumerations", "liste", "actions_mieux_fonctionne",
     "« Les 2 autres actions qui ont le mieux fonctionné » (§3.2.2)"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_7", "measure": "axes_feuille_de_route"},
     "territoire_enumerations", "liste", "ptfa_axes", "feuille de route de la plateforme « en 3 axes » (§3.2.2.1)"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_16", "measure": "objectifs"},
     "territoire_enumerations", "liste", "action16_objectifs", "« Les 2 objectifs » de l'action 16 (§3.2.2.2)"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_16", "measure": "films"},
     "territoire_enumerations", "liste", "action16_films", "« les 2 films » de l'action 16 (§3.2.2.2)"),
    ("territoire_inscription_lda", {"sujet": "atelier_lda2", "measure": "thematiques"},
     "territoire_enumerations", "liste", "atelier_thematiques",
     "« les 4 thématiques abordées » par l'atelier Plan LDA 2 (§3.3.3)"),
    ("territoire_inscription_lda", {"sujet": "atelier_lda2", "measure": "methode_3c"},
     "territoire_enumerations", "liste", "methode_3c", "« la méthode des 3 C » (§3.3.3)"),
)


@check(DOMAIN, COUNT_TITLE, kind=COHERENCE)
def announced_counts(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.announced_counts"
    results = []
    for count_table, filters, list_table, column, code, subject in ANNOUNCED_COUNTS:
        try:
            printed = one_row(tables[count_table], **filters)
        except LookupError as error:
            results.append(_missing(identifier, COUNT_TITLE, error))
            continue
        items = select_rows(tables[list_table], **{column: code})
        sources = [cited(printed), *cited_rows(items)]
        results.append(equality_result(identifier, COUNT_TITLE, subject, printed["value"], len(items),
                                       sources, "nombre",
                                       detail=f"éléments de la liste « {code} » ({list_table})"))
    return results


CTG_TITLE = "La durée de la Convention Territoriale Globale correspond à ses années de début et de fin"


@check(DOMAIN, CTG_TITLE, kind=COHERENCE)
def ctg_duration(tables: Tables) -> list[CheckResult]:
    """§2.2.4 : CTG signée le 26 avril 2023 « pour une durée de 4 ans (de 2023 à 2026) »."""
    identifier = f"{DOMAIN}.ctg_duration"
    try:
        row = one_row(tables["territoire_gouvernance"], sujet="ctg", measure="duree")
    except LookupError as error:
        return [_missing(identifier, CTG_TITLE, error)]
    years = re.search(r"(\d{4}) à (\d{4})", row["period_label"])
    if years is None:
        return [CheckResult(identifier, CTG_TITLE, "CTG", row["value"], None, FAILED, (cited(row),),
                            "annees", "période « de AAAA à AAAA » absente de period_label")]
    first, last = int(years.group(1)), int(years.group(2))
    return [equality_result(identifier, CTG_TITLE, f"CTG, de {first} à {last}", row["value"],
                            last - first + 1, [cited(row)], "annees",
                            detail=f"années {first} à {last} incluses")]


# --------------------------------------------------------------------------------------------------
# Concordance inside the part

DOUBLING_TITLE = "« Le nombre de ménages logés a doublé » (§3.1) découle des relogements des années 1 et 2"


@check(DOMAIN, DOUBLING_TITLE, kind=CONCORDANCE)
def cmc_doubling(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.cmc_doubling"
    frame = tables["territoire_relogement_cmc"]
    try:
        year_1 = one_row(frame, measure="menages_reloges", period="2021-2022")
        year_2 = one_row(frame, measure="menages_reloges", period="2022-2023")
        statement = one_row(tables["territoire_constats"], code="cmc_relogements_double")
    except LookupError as error:
        return [_missing(identifier, DOUBLING_TITLE, error)]
    ratio = year_2["value"] / year_1["value"]
    return [rule_result(identifier, DOUBLING_TITLE, "ménages relogés par la CMC, année 1 → année 2",
                        "a doublé (× 2)", f"× {decimal_comma(ratio)}", abs(ratio - 2) < 1e-9,
                        [cited(statement), cited(year_1), cited(year_2)], kind=CONCORDANCE,
                        detail=f"{year_1['value']:g} ménages en 2021-2022, {year_2['value']:g} en 2022-2023")]


ANSA_TITLE = "Les jeunes de l'Ansa (action 16) sont décrits de même aux §3.2.1.3 et §3.2.2.2"


@check(DOMAIN, ANSA_TITLE, kind=CONCORDANCE)
def ansa_youth(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.ansa_youth"
    frame = tables["territoire_bilan_chiffres"]
    labels = {"jeunes_participants": "jeunes participants", "age_minimum": "âge minimal",
              "age_maximum": "âge maximal"}
    results = []
    for measure, label in labels.items():
        try:
            first = one_row(frame, rubrique="difficulte_action_15", action="16", measure=measure)
            second = one_row(frame, rubrique="reussite_action_16", action="16", measure=measure)
        except LookupError as error:
            results.append(_missing(identifier, ANSA_TITLE, error))
            continue
        results.append(equality_result(identifier, ANSA_TITLE, f"action 16, {label}", second["value"],
                                       first["value"], [cited(second), cited(first)], second["unit"],
                                       kind=CONCORDANCE))
    return results


# --------------------------------------------------------------------------------------------------
# Concordance with the figures other domains store (action pages, financial pages, annexes)

REPEAT_TITLE = "Un chiffre du bilan (§1.18 à §3.3) concorde avec la même donnée imprimée ailleurs"
# (our table, our row, where else the document prints the same fact: lines, action of the other
# page (None: any), unit of the other figure (None: any), subject). The other rows are looked up by
# their source line, which the back test ties to the printed figure.
REPEATED_FIGURES = (
    ("territoire_autres_actions", {"dispositif": "aivs", "measure": "financement_initial"},
     (2633,), "9", "euros",
     "AIVS : financement 2022 (§1.18.1) et « Subvention N2 : AIVS 115 000€ » (fiche action 9)"),
    ("territoire_autres_actions", {"dispositif": "aivs", "measure": "financement_bascule"},
     (2635,), "9", "euros",
     "AIVS : financement basculé (§1.18.1) et « Subvention N3 actée » (fiche action 9)"),
    ("territoire_autres_actions", {"dispositif": "aivs", "measure": "financement_bascule"},
     (1064,), "9", "euros",
     "AIVS : financement basculé (§1.18.1) et synthèse financière, action 9"),
    ("territoire_autres_actions", {"dispositif": "aivs", "measure": "mois_a_executer"},
     (2635, 2636), "9", "mois", "AIVS : mois du prorata (§1.18.1) et fiche action 9 (« sur 8 mois »)"),
    ("territoire_autres_actions", {"dispositif": "aivs", "measure": "mesures_accompagnement_fsl"},
     (2621, 2659, 2775), "9", None,
     "AIVS : mesures d'accompagnement (§1.18.1) et « 30 mesures ASLL » (fiche action 9)"),
    ("territoire_relogement_cmc", {"measure": "part_ppm_loges"},
     (2245,), "6", "pourcentage",
     "part des ménages PPM logés : §3.2.2 et impacts de la fiche action 6"),
    ("territoire_relogement_cmc", {"measure": "menages_reloges", "period": "2022-2023"},
     (2221,), "6", None,
     "ménages relogés par la CMC en année 2 : §3.1 et résultats 2023-2024 de la fiche action 6"),
    ("territoire_bilan_chiffres", {"rubrique": "difficulte_action_5", "measure": "volets_formation"},
     (1943, 1948), "5", None, "volets de formation de l'action 5 : §3.2.1.2 et fiche action 5"),
    ("territoire_bilan_chiffres", {"rubrique": "difficulte_action_15", "measure": "duree_convention"},
     (3527,), "15", "mois", "durée de la convention de l'action 15 : §3.2.1.3 et fiche action 15"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_7", "measure": "etp_coordinatrices"},
     (2508,), "7", None, "ETP des coordinatrices de la plateforme : §3.2.2.1 et fiche action 7"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_16", "measure": "jeunes_participants"},
     (3591, 3708, 5803), None, None,
     "jeunes des focus groups de l'action 16 : §3.2.2.2, fiches actions 15 et 16 et §4.4.1.1"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_16", "measure": "focus_groups"},
     (3707,), "16", None, "focus groups de l'action 16 : §3.2.2.2 et fiche action 16"),
    ("territoire_bilan_chiffres", {"rubrique": "reussite_action_16", "measure": "jeunes_restitution"},
     (3714, 3715), "16", None,
     "jeunes présents à la soirée de restitution : §3.2.2.2 et fiche action 16"),
    ("territoire_inscription_lda", {"sujet": "atelier_lda2", "measure": "participants"},
     (1668, 1795), None, None,
     "participants de l'atelier Plan LDA 2 : §3.3.3 et fiches actions 3 et 4"),
    ("territoire_inscription_lda", {"sujet": "atelier_lda2", "measure": "thematiques"},
     (7006, 5387), None, None,
     "thématiques (groupes) de l'atelier Plan LDA 2 : §3.3.3, §4.1 et annexe « Atelier LDA 2 »"),
)
OTHER_DOMAINS = ("actions_", "finances_", "annexes_", "fiches_", "perspectives_")


def _figures_on_lines(tables: Tables, lines: tuple[int, ...], action: str | None,
                      unit: str | None) -> list[tuple[str, object]]:
    """Rows of the other domains' figure tables printed on ``lines`` (and of ``action``, ``unit``)."""
    found = []
    for name, frame in tables.items():
        if not name.startswith(OTHER_DOMAINS) or not {"value", "source_line"} <= set(frame.columns):
            continue
        rows = frame[frame["source_line"].isin(lines)]
        if action is not None and "action" in rows.columns:
            rows = rows[rows["action"].astype(str) == action]
        if unit is not None and "unit" in rows.columns:
            rows = rows[rows["unit"] == unit]
        found += [(name, row) for row in rows.itertuples(index=False)]
    if unit == "mois":
        found += _months_on_lines(tables, lines, action)
    return found


def _months_on_lines(tables: Tables, lines: tuple[int, ...],
                     action: str | None) -> list[tuple[str, object]]:
    """Durations that another domain stores in a ``months`` column (« 76 670€ […] sur 8 mois »)."""
    found = []
    for name, frame in tables.items():
        if not name.startswith(OTHER_DOMAINS) or not {"months", "source_line"} <= set(frame.columns):
            continue
        rows = frame[frame["source_line"].isin(lines) & frame["months"].notna()]
        if action is not None and "action" in rows.columns:
            rows = rows[rows["action"].astype(str) == action]
        found += [(f"{name} (colonne months)",
                   SimpleNamespace(value=float(row.months), source=row.source, source_line=row.source_line))
                  for row in rows.itertuples(index=False)]
    return found


@check(DOMAIN, REPEAT_TITLE, kind=CONCORDANCE)
def repeated_figures(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.repeated_figures"
    results = []
    for table, filters, lines, action, unit, subject in REPEATED_FIGURES:
        try:
            ours = one_row(tables[table], **filters)
        except LookupError as error:
            results.append(_missing(identifier, REPEAT_TITLE, error))
            continue
        others = _figures_on_lines(tables, lines, action, unit)
        if not others:
            continue  # the other domain has not stored this figure (or its table does not exist)
        same = [row for _, row in others if abs(float(row.value) - ours["value"]) < 0.005]
        # Conforming when the other place prints the same figure; otherwise its figure is shown.
        compared = float(same[0].value) if same else float(others[0][1].value)
        shown = [(name, row) for name, row in others if not same or row in same]
        detail = "autre place : " + "; ".join(
            f"{name} ligne {row.source_line} = {float(row.value):g}" for name, row in shown)
        if ours["measure"] == "menages_reloges":
            in_progress = _figures_on_lines(tables, (2225,), "6", None)
            if in_progress:
                detail += (f" ; la fiche action 6 compte aussi {float(in_progress[0][1].value):g} "
                           "ménages « en cours de relogement » (ligne 2225)")
        results.append(equality_result(
            identifier, REPEAT_TITLE, subject, ours["value"], compared,
            [cited(ours), *(cited(row) for _, row in others)],
            ours["unit"], kind=CONCORDANCE, detail=detail))
    return results


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", text))


ATELIER_TITLE = "L'atelier Plan LDA 2 du §3.3.3 est celui des diapositives de l'annexe « Atelier LDA 2 »"


@check(DOMAIN, ATELIER_TITLE, kind=CONCORDANCE)
def atelier_annexes(tables: Tables) -> list[CheckResult]:
    """Date, thématiques and « 3 C » of the workshop against the annexes' slides (if stored)."""
    identifier = f"{DOMAIN}.atelier_annexes"
    results = []
    lists = tables["territoire_enumerations"]
    if "annexes_atelier_programme" in tables and "jour" in tables["annexes_atelier_programme"]:
        days = sorted({str(day) for day in tables["annexes_atelier_programme"]["jour"] if day})
        ours = select_rows(tables["territoire_evenements"], sujet="atelier_lda2")
        for row in ours.itertuples(index=False):
            if not row.date or not re.search(r"\d{4}", row.period_label):
                continue  # only a date printed in full (not one completed from another line)
            results.append(rule_result(
                identifier, ATELIER_TITLE, "date de l'atelier", row.date, ", ".join(days), days == [row.date],
                [cited(row), "Annexe « Atelier LDA 2 : présentation », diapositive « Ordre du jour »"],
                kind=CONCORDANCE))
    if "annexes_atelier_themes" in tables and {"groupe", "version"} <= set(tables["annexes_atelier_themes"]):
        slides = select_rows(tables["annexes_atelier_themes"], version="diapositive_themes")
        slides = {row.groupe: row for row in slides.itertuples(index=False)}
        for row in select_rows(lists, liste="atelier_thematiques").itertuples(index=False):
            slide = slides.get(f"groupe_{row.rank}")
            if slide is None:
                continue
            same = _folded(row.text) == _folded(slide.text)
            results.append(rule_result(
                identifier, ATELIER_TITLE, f"thématique {row.rank}", row.text, slide.text, same,
                [cited(row), cited(slide)], kind=CONCORDANCE,
                detail="textes comparés sans la ponctuation, les accents ni la casse"))
    if "annexes_atelier_categories" in tables and "categorie" in tables["annexes_atelier_categories"]:
        theirs = sorted(_folded(code) for code in tables["annexes_atelier_categories"]["categorie"])
        ours = select_rows(lists, liste="methode_3c")
        mine = sorted(_folded(text) for text in ours["text"])
        # One source per listed item (the three items share a line): not de-duplicated.
        results.append(CheckResult(
            identifier, ATELIER_TITLE, "méthode des « 3 C »", ", ".join(ours["text"]),
            ", ".join(tables["annexes_atelier_categories"]["categorie"]),
            OK if mine == theirs else DISCREPANCY,
            (*cited_rows(ours), *dict.fromkeys(tables["annexes_atelier_categories"]["source"]))))
    return results
