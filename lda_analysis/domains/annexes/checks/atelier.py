"""Checks of the workshop Plan LDA 2 of 15 May 2024 and of the list of annexes."""

from __future__ import annotations

from collections.abc import Iterator

from lda_analysis.contract.data import Tables
from lda_analysis.contract.provenance import folded_words
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row

from ...checks import CheckResult, check, cited, cited_rows, concordance, equality_result, rule_result
from ..computations import accelerated_territories, method_minutes, transferred_competences

# ------------------------------------------------------------------------------------------------
# Workshop Plan LDA 2


@check("Les trois étapes du travail en sous-groupe font la durée totale imprimée (1 h)")
def workshop_duration(tables: Tables) -> list[CheckResult]:
    method = tables["annexes_atelier_methode"]
    total = one_row(method, etape="total")
    steps = method[method["etape"] != "total"]
    minutes = method_minutes(method)
    return [
        equality_result(
            "durée du travail en sous-groupe (minutes)",
            minutes["printed"],
            minutes["computed"],
            [cited(total), *cited_rows(steps)],
            "minutes",
        )
    ]


@check("Les territoires des deux AMI font les 45 territoires de mise en œuvre accélérée")
def workshop_territories(tables: Tables) -> list[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    total = one_row(context, indicateur="territoires_mise_en_oeuvre_acceleree")
    details = context[context["indicateur"].isin(["territoires_ami_1", "territoires_ami_2"])]
    territories = accelerated_territories(context)
    return [
        equality_result(
            "territoires de mise en œuvre accélérée",
            territories["printed"],
            territories["computed"],
            [cited(total), *cited_rows(details)],
            "nombre",
        )
    ]


@check("Les compétences transférées énumérées correspondent aux « 3 compétences dont 2 » imprimées")
def workshop_competences(tables: Tables) -> Iterator[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    elements = tables["annexes_atelier_elements"]
    listed = elements[elements["rubrique"] == "competence_transferee"]
    counts = transferred_competences(elements)
    for indicator, count, subject in (
        ("competences_transferees", "listed", "compétences transférées énumérées"),
        ("competences_logement_jeunes", "housing_youth", "dont compétences liées au logement et aux jeunes"),
    ):
        printed = one_row(context, indicateur=indicator)
        yield equality_result(
            subject,
            float(printed.valeur),
            float(counts[count]),
            [cited(printed), *cited_rows(listed)],
            "nombre",
        )


@check("Le nombre de thèmes imprimé est celui des sous-groupes de l'atelier")
def workshop_theme_count(tables: Tables) -> Iterator[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    themes = tables["annexes_atelier_themes"]
    restitution = tables["annexes_atelier_restitution"]
    for indicator, frame, subject in (
        ("themes_atelier", themes, "thèmes de l'atelier"),
        ("thematiques_pistes_communes", restitution, "thématiques restituées"),
    ):
        printed = one_row(context, indicateur=indicator)
        yield equality_result(
            subject,
            float(printed.valeur),
            float(frame["groupe"].nunique()),
            [cited(printed), cited(frame.iloc[0])],
            "nombre",
        )


@concordance("Les trois diapositives donnent le même intitulé à chaque thème de l'atelier")
def workshop_theme_titles(tables: Tables) -> Iterator[CheckResult]:
    themes = tables["annexes_atelier_themes"]
    groups, versions = (
        get_schema().labels("annexes_atelier_themes", column) for column in ("groupe", "version")
    )
    for group in dict.fromkeys(themes["groupe"]):
        rows = themes[themes["groupe"] == group]
        reference = rows[rows["version"] == "diapositive_themes"].iloc[0]
        for row in rows[rows["version"] != "diapositive_themes"].itertuples():
            same = folded_words(row.texte) == folded_words(reference.texte)
            yield rule_result(
                f"{groups.get(group, group)} — {versions.get(row.version, row.version)}",
                reference.texte,
                row.texte,
                same,
                [cited(reference), cited(row)],
                detail="" if same else "intitulés différents (comparaison mot à mot, ponctuation ignorée)",
            )


@concordance("Les « 3 années à venir » de l'atelier sont celles du déploiement du Plan LDA 2 (2025-2027)")
def workshop_years(tables: Tables) -> list[CheckResult]:
    context = tables["annexes_atelier_contexte"]
    history = tables["annexes_atelier_historique"]
    printed = one_row(context, indicateur="annees_a_venir")
    plan = history[history["texte"].str.contains("2ème Plan LDA")].iloc[0]
    years = int(plan.annee_fin) - int(plan.annee_debut) + 1
    return [
        equality_result(
            "durée du Plan LDA 2 (années)",
            float(printed.valeur),
            float(years),
            [cited(printed), cited(plan)],
            "annees",
        )
    ]


def _minutes(clock: str) -> int:
    """« 9h15 », « 11h », « 11h00 » -> minutes since midnight."""
    hours, _, minutes = clock.strip().partition("h")
    return int(hours) * 60 + int(minutes or 0)


def _slot(horaire: str) -> tuple[int, int]:
    start, _, end = horaire.replace(" à ", "-").partition("-")
    return _minutes(start), _minutes(end)


@check("Les séquences de l'ordre du jour s'enchaînent sans trou ni chevauchement")
def workshop_agenda(tables: Tables) -> Iterator[CheckResult]:
    programme = tables["annexes_atelier_programme"]
    agenda = programme[programme["sequence"] != "restitution_pleniere"]
    previous = None
    for row in agenda.itertuples():
        start, end = _slot(row.horaire)
        if previous is not None:
            yield equality_result(
                f"fin de « {previous.texte} » et début de « {row.texte} » (minutes)",
                float(_slot(previous.horaire)[1]),
                float(start),
                [cited(agenda.iloc[0])],
                "minutes",
            )
        previous = row


@concordance("L'horaire de la restitution en plénière est celui de l'ordre du jour")
def workshop_plenary_time(tables: Tables) -> Iterator[CheckResult]:
    programme = tables["annexes_atelier_programme"]
    agenda = one_row(programme, sequence="restitution")
    plenary = one_row(programme, sequence="restitution_pleniere")
    for index, bound in enumerate(("début", "fin")):
        yield equality_result(
            f"{bound} de la restitution (minutes depuis minuit)",
            float(_slot(agenda.horaire)[index]),
            float(_slot(plenary.horaire)[index]),
            [cited(agenda), cited(plenary)],
            "minutes",
        )


# ------------------------------------------------------------------------------------------------
# List of annexes and pagination


@check("Les pages de la liste des annexes croissent et restent dans la numérotation (1 à 431)")
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
            "pages de début dans l'ordre de la liste",
            "croissantes",
            "croissantes" if ordered else "non croissantes",
            ordered,
            [cited(paged.iloc[0])],
        ),
        rule_result(
            "dernière page de début au plus la dernière page",
            float(last.valeur),
            float(max(numbers)),
            max(numbers) <= last.valeur,
            [cited(last), cited(paged.iloc[-1])],
            "numero_page",
        ),
        rule_result(
            "première page de début au moins la première page",
            float(first.valeur),
            float(min(numbers)),
            min(numbers) >= first.valeur,
            [cited(first), cited(paged.iloc[0])],
            "numero_page",
        ),
    ]


# The restitution opens with a title page, then one page per group: group 2 is 2 pages after it.
RESTITUTION_GROUP_2_OFFSET = 2


@concordance("Les pages de l'atelier données par la liste (§6) concordent avec les numéros imprimés")
def annex_list_workshop_pages(tables: Tables) -> list[CheckResult]:
    listing = tables["annexes_liste"]
    pages = tables["annexes_pagination"]
    presentation = listing[listing["texte"].str.contains("présentation")].iloc[0]
    restitution = listing[listing["texte"].str.contains("restitution")].iloc[0]
    title = one_row(pages, repere="titre_atelier")
    group_2 = one_row(pages, repere="restitution_groupe_2")
    return [
        equality_result(
            "présentation de l'atelier : page de la liste et page imprimée du titre",
            float(presentation.page),
            float(title.valeur),
            [cited(presentation), cited(title)],
            "numero_page",
        ),
        equality_result(
            "restitution : page de la liste + 2 et page imprimée du groupe 2",
            float(restitution.page + RESTITUTION_GROUP_2_OFFSET),
            float(group_2.valeur),
            [cited(restitution), cited(group_2)],
            "numero_page",
            detail="titre de la restitution, groupe 1, puis groupe 2 : une page chacun",
        ),
    ]
