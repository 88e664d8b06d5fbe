"""Checks of the workshop Plan LDA 2 of 15 May 2024 and of the list of annexes."""

from __future__ import annotations

from lda_analysis.contract.data import Tables
from lda_analysis.contract.provenance import folded_words
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row

from ...checks import (
    CONCORDANCE,
    CheckResult,
    check,
    cited,
    cited_rows,
    equality_result,
    rule_result,
)
from ..computations import (
    accelerated_territories,
    method_minutes,
    transferred_competences,
)

# ------------------------------------------------------------------------------------------------
# Workshop Plan LDA 2


TITLE_DUREE = "Les trois étapes du travail en sous-groupe font la durée totale imprimée (1 h)"


@check(TITLE_DUREE)
def workshop_duration(tables: Tables) -> list[CheckResult]:
    method = tables["annexes_atelier_methode"]
    total = one_row(method, etape="total")
    steps = method[method["etape"] != "total"]
    minutes = method_minutes(method)
    return [
        equality_result(
            TITLE_DUREE,
            "durée du travail en sous-groupe (minutes)",
            minutes["printed"],
            minutes["computed"],
            [cited(total), *cited_rows(steps)],
            "minutes",
        )
    ]


TITLE_AMI = "Les territoires des deux AMI font les 45 territoires de mise en œuvre accélérée"


@check(TITLE_AMI)
def workshop_territories(tables: Tables) -> list[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    total = one_row(context, indicateur="territoires_mise_en_oeuvre_acceleree")
    details = context[context["indicateur"].isin(["territoires_ami_1", "territoires_ami_2"])]
    territories = accelerated_territories(context)
    return [
        equality_result(
            TITLE_AMI,
            "territoires de mise en œuvre accélérée",
            territories["printed"],
            territories["computed"],
            [cited(total), *cited_rows(details)],
            "nombre",
        )
    ]


TITLE_COMP = "Les compétences transférées énumérées correspondent aux « 3 compétences dont 2 » imprimées"


@check(TITLE_COMP)
def workshop_competences(tables: Tables) -> list[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    elements = tables["annexes_atelier_elements"]
    listed = elements[elements["rubrique"] == "competence_transferee"]
    counts = transferred_competences(elements)
    results = []
    for indicator, count, subject in (
        ("competences_transferees", "listed", "compétences transférées énumérées"),
        ("competences_logement_jeunes", "housing_youth", "dont compétences liées au logement et aux jeunes"),
    ):
        printed = one_row(context, indicateur=indicator)
        results.append(
            equality_result(
                TITLE_COMP,
                subject,
                float(printed.value),
                float(counts[count]),
                [cited(printed), *cited_rows(listed)],
                "nombre",
            )
        )
    return results


TITLE_THEMES = "Le nombre de thèmes imprimé est celui des sous-groupes de l'atelier"


@check(TITLE_THEMES)
def workshop_theme_count(tables: Tables) -> list[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    themes = tables["annexes_atelier_themes"]
    restitution = tables["annexes_atelier_restitution"]
    results = []
    for indicator, frame, subject in (
        ("themes_atelier", themes, "thèmes de l'atelier"),
        ("thematiques_pistes_communes", restitution, "thématiques restituées"),
    ):
        printed = one_row(context, indicateur=indicator)
        results.append(
            equality_result(
                TITLE_THEMES,
                subject,
                float(printed.value),
                float(frame["groupe"].nunique()),
                [cited(printed), cited(frame.iloc[0])],
                "nombre",
            )
        )
    return results


def _words(text: str) -> str:
    return " ".join(folded_words(text))


TITLE_LIBELLES = "Les trois diapositives donnent le même intitulé à chaque thème de l'atelier"


@check(TITLE_LIBELLES, kind=CONCORDANCE)
def workshop_theme_titles(tables: Tables) -> list[CheckResult]:
    themes = tables["annexes_atelier_themes"]
    groups, versions = (
        get_schema().labels("annexes_atelier_themes", column) for column in ("groupe", "version")
    )
    results = []
    for group in dict.fromkeys(themes["groupe"]):
        rows = themes[themes["groupe"] == group]
        reference = rows[rows["version"] == "diapositive_themes"].iloc[0]
        for row in rows[rows["version"] != "diapositive_themes"].itertuples():
            same = _words(row.text) == _words(reference.text)
            results.append(
                rule_result(
                    TITLE_LIBELLES,
                    f"{groups.get(group, group)} — {versions.get(row.version, row.version)}",
                    reference.text,
                    row.text,
                    same,
                    [cited(reference), cited(row)],
                    kind=CONCORDANCE,
                    detail=""
                    if same
                    else "intitulés différents (comparaison mot à mot, ponctuation ignorée)",
                )
            )
    return results


TITLE_ANNEES = "Les « 3 années à venir » de l'atelier sont celles du déploiement du Plan LDA 2 (2025-2027)"


@check(TITLE_ANNEES, kind=CONCORDANCE)
def workshop_years(tables: Tables) -> list[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    history = tables["annexes_atelier_historique"]
    printed = one_row(context, indicateur="annees_a_venir")
    plan = history[history["text"].str.contains("2ème Plan LDA")].iloc[0]
    years = int(plan.annee_fin) - int(plan.annee_debut) + 1
    return [
        equality_result(
            TITLE_ANNEES,
            "durée du Plan LDA 2 (années)",
            float(printed.value),
            float(years),
            [cited(printed), cited(plan)],
            "annees",
            kind=CONCORDANCE,
        )
    ]


def _minutes(clock: str) -> int:
    """« 9h15 », « 11h », « 11h00 » -> minutes since midnight."""
    hours, _, minutes = clock.strip().partition("h")
    return int(hours) * 60 + int(minutes or 0)


def _slot(horaire: str) -> tuple[int, int]:
    start, _, end = horaire.replace(" à ", "-").partition("-")
    return _minutes(start), _minutes(end)


TITLE_ODJ = "Les séquences de l'ordre du jour s'enchaînent sans trou ni chevauchement"


@check(TITLE_ODJ)
def workshop_agenda(tables: Tables) -> list[CheckResult]:
    programme = tables["annexes_atelier_programme"]
    agenda = programme[programme["sequence"] != "restitution_pleniere"]
    results = []
    previous = None
    for row in agenda.itertuples():
        start, end = _slot(row.horaire)
        if previous is not None:
            results.append(
                equality_result(
                    TITLE_ODJ,
                    f"fin de « {previous.text} » et début de « {row.text} » (minutes)",
                    float(_slot(previous.horaire)[1]),
                    float(start),
                    [cited(agenda.iloc[0])],
                    "minutes",
                )
            )
        previous = row
    return results


TITLE_PLENIERE = "L'horaire de la restitution en plénière est celui de l'ordre du jour"


@check(TITLE_PLENIERE, kind=CONCORDANCE)
def workshop_plenary_time(tables: Tables) -> list[CheckResult]:
    programme = tables["annexes_atelier_programme"]
    agenda = one_row(programme, sequence="restitution")
    plenary = one_row(programme, sequence="restitution_pleniere")
    results = []
    for index, bound in enumerate(("début", "fin")):
        results.append(
            equality_result(
                TITLE_PLENIERE,
                f"{bound} de la restitution (minutes depuis minuit)",
                float(_slot(agenda.horaire)[index]),
                float(_slot(plenary.horaire)[index]),
                [cited(agenda), cited(plenary)],
                "minutes",
                kind=CONCORDANCE,
            )
        )
    return results


# ------------------------------------------------------------------------------------------------
# List of annexes and pagination


TITLE_PAGES = "Les pages de la liste des annexes croissent et restent dans la numérotation (1 à 431)"


@check(TITLE_PAGES)
def annex_list_pages(tables: Tables) -> list[CheckResult]:
    listing = tables["annexes_liste"].sort_values("rang")
    pages = tables["annexes_pagination"]
    first = one_row(pages, repere="premiere_page")
    last = one_row(pages, repere="derniere_page")
    paged = listing[listing["page"].notna()]
    numbers = [int(page) for page in paged["page"]]
    ordered = all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
    return [
        rule_result(
            TITLE_PAGES,
            "pages de début dans l'ordre de la liste",
            "croissantes",
            "croissantes" if ordered else "non croissantes",
            ordered,
            [cited(paged.iloc[0])],
        ),
        rule_result(
            TITLE_PAGES,
            "dernière page de début au plus la dernière page",
            float(last.value),
            float(max(numbers)),
            max(numbers) <= last.value,
            [cited(last), cited(paged.iloc[-1])],
            "numero_page",
        ),
        rule_result(
            TITLE_PAGES,
            "première page de début au moins la première page",
            float(first.value),
            float(min(numbers)),
            min(numbers) >= first.value,
            [cited(first), cited(paged.iloc[0])],
            "numero_page",
        ),
    ]


TITLE_ATELIER_PAGES = "Les pages de l'atelier données par la liste (§6) concordent avec les numéros imprimés"
# The restitution opens with a title page, then one page per group: group 2 is 2 pages after it.
RESTITUTION_GROUP_2_OFFSET = 2


@check(TITLE_ATELIER_PAGES, kind=CONCORDANCE)
def annex_list_workshop_pages(tables: Tables) -> list[CheckResult]:
    listing = tables["annexes_liste"]
    pages = tables["annexes_pagination"]
    presentation = listing[listing["text"].str.contains("présentation")].iloc[0]
    restitution = listing[listing["text"].str.contains("restitution")].iloc[0]
    title = one_row(pages, repere="titre_atelier")
    group_2 = one_row(pages, repere="restitution_groupe_2")
    return [
        equality_result(
            TITLE_ATELIER_PAGES,
            "présentation de l'atelier : page de la liste et page imprimée du titre",
            float(presentation.page),
            float(title.value),
            [cited(presentation), cited(title)],
            "numero_page",
            kind=CONCORDANCE,
        ),
        equality_result(
            TITLE_ATELIER_PAGES,
            "restitution : page de la liste + 2 et page imprimée du groupe 2",
            float(restitution.page + RESTITUTION_GROUP_2_OFFSET),
            float(group_2.value),
            [cited(restitution), cited(group_2)],
            "numero_page",
            kind=CONCORDANCE,
            detail="titre de la restitution, groupe 1, puis groupe 2 : une page chacun",
        ),
    ]
