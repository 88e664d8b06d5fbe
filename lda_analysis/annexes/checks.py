"""Consistency checks of the annexes domain (see lda_analysis.checks).

The annexes give the ODH / SIAO / SNE figures shown at the Plan LDA 2 workshop, the survey « Le logement
et moi » (114 answers, published as rounded percentages) and the workshop itself. The checks verify:

- the printed totals (households who called the 115, territories of the AMI, competences transferred,
  duration of the sub-group work) against their details, and MTPM <= Var for every line of the ODH
  tables, the Métropole being part of the département;
- the survey: every distribution sums to 100 % within rounding; a percentage of all the people
  interviewed must be ``k / 114`` for some whole ``k``, and the single-choice « type de population »
  must be the rounding of whole counts adding up to 114 (concordance: a mismatch means the
  percentages are computed on fewer answers than the 114 announced); the sentences that restate a
  chart agree with it;
- the workshop: the three printed versions of each theme agree, the agenda is continuous, the list of
  annexes (§6) agrees with the page numbers printed in the annexes.
"""

from __future__ import annotations

from ..checks import (
    CONCORDANCE,
    CheckResult,
    check,
    cited,
    cited_rows,
    decimal_comma,
    equality_result,
    rule_result,
)
from ..data import Tables
from ..provenance import folded_words
from ..selection import one_row
from .computations import (
    BRAKE_READINGS,
    accelerated_territories,
    brake_readings,
    decimals,
    health_loss_share_of_all,
    isolated_share,
    method_minutes,
    transferred_competences,
    var_mtpm_total,
    whole_counts,
)

# ------------------------------------------------------------------------------------------------
# ODH, SIAO, SNE


TITLE_115 = "Les compositions des ménages ayant appelé le 115 font le nombre de ménages imprimé"


@check(TITLE_115)
def households_115_composition(tables: Tables) -> list[CheckResult]:
    households = tables["annexes_menages_115"]
    computed = var_mtpm_total(households, "composition", exclude=("ensemble",))
    results = []
    for territory in dict.fromkeys(households["territory"]):
        rows = households[households["territory"] == territory]
        total = rows[rows["composition"] == "ensemble"]
        details = rows[rows["composition"] != "ensemble"]
        results.append(
            equality_result(
                TITLE_115,
                f"ménages concernés par les demandes au 115 en 2022, {territory}",
                float(total["value"].iloc[0]),
                computed[territory.lower()],
                [*cited_rows(total), cited(details.iloc[0])],
                "menages",
            )
        )
    return results


TITLE_MTPM = "Chaque effectif de la Métropole ne dépasse pas celui du Var, qui la contient"


@check(TITLE_MTPM)
def mtpm_within_var(tables: Tables) -> list[CheckResult]:
    results = []
    for name, column in (("annexes_menages_115", "composition"), ("annexes_offre_siao", "type_offre")):
        frame = tables[name]
        for code in dict.fromkeys(frame[column]):
            var = one_row(frame, **{column: code, "territory": "VAR"})
            mtpm = one_row(frame, **{column: code, "territory": "MTPM"})
            results.append(
                rule_result(
                    TITLE_MTPM,
                    f"{name}, {code} : MTPM <= Var",
                    float(var.value),
                    float(mtpm.value),
                    mtpm.value <= var.value,
                    [cited(var), cited(mtpm)],
                    str(var.unit),
                    detail="valeur imprimée : le Var ; valeur comparée : la Métropole",
                )
            )
    return results


TITLE_SNE = (
    "Chaque sous-effectif du public LDA du SNE tient dans les demandes que donnent les "
    "attributions et le ratio publiés"
)


@check(TITLE_SNE, kind=CONCORDANCE)
def sne_subgroups(tables: Tables) -> list[CheckResult]:
    pressure = tables["pression_demande"]
    public = {"scope": "public_lda_sne", "territory": "MTPM", "year": 2022}
    attributions = one_row(pressure, **public, measure="attributions")
    ratio = one_row(pressure, **public, measure="ratio_demandes_attribution")
    printed_ratio = float(ratio["value"])
    # The ratio is printed with one decimal: the demand is at most attributions x (ratio + 0.05).
    ceiling = float(attributions["value"]) * (printed_ratio + 0.05)
    results = []
    for row in tables["annexes_public_lda_sne"].itertuples():
        results.append(
            rule_result(
                TITLE_SNE,
                f"{row.caracteristique}, MTPM 2022",
                float(row.value),
                round(ceiling, 1),
                row.value <= ceiling,
                [cited(row), cited(attributions), cited(ratio)],
                "demandes",
                kind=CONCORDANCE,
                detail=(
                    f"valeur comparée : {decimal_comma(float(attributions['value']))} attributions "
                    f"x ratio {decimal_comma(printed_ratio)} arrondi (au plus "
                    f"{decimal_comma(printed_ratio + 0.05)}), plafond des demandes"
                ),
            )
        )
    return results


# ------------------------------------------------------------------------------------------------
# Survey « Le logement et moi »


TITLE_100 = "Chaque répartition de l'enquête « Le logement et moi » fait 100 % aux arrondis près"


@check(TITLE_100)
def survey_distributions_100(tables: Tables) -> list[CheckResult]:
    shares = tables["annexes_enquete_repartitions"]
    results = []
    for question in dict.fromkeys(shares["question"]):
        rows = shares[shares["question"] == question]
        total = float(rows["value"].sum())
        # Each share is rounded to the unit: the sum may miss 100 by half a point per category.
        tolerance = 0.5 * len(rows)
        results.append(
            rule_result(
                TITLE_100,
                question,
                100.0,
                total,
                abs(total - 100) <= tolerance,
                [cited(rows.iloc[0])],
                "pourcentage",
                detail=(
                    f"{len(rows)} modalités arrondies à l'unité : écart toléré ±{decimal_comma(tolerance)} "
                    f"point{'s' if tolerance >= 2 else ''}"
                ),
            )
        )
    return results


TITLE_TYPE = (
    "La répartition par type de population (réponse unique) correspond à des effectifs "
    "entiers totalisant les 114 réponses"
)


@check(TITLE_TYPE, kind=CONCORDANCE)
def survey_population_types_114(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    answers = one_row(figures, indicateur="reponses")
    total = int(answers.value)
    rows = tables["annexes_enquete_repartitions"]
    rows = rows[rows["question"] == "type_population"]
    ranges = [whole_counts(float(value), total) for value in rows["value"]]
    low = sum(r.start for r in ranges)
    high = sum(r.stop - 1 for r in ranges)
    holds = all(len(r) for r in ranges) and low <= total <= high
    computed = total if holds else (high if total > high else low)
    shown = ", ".join(
        f"{code} {decimal_comma(value)} % -> {'/'.join(map(str, r)) or 'aucun'}"
        for code, value, r in zip(rows["categorie"], rows["value"], ranges, strict=True)
    )
    return [
        rule_result(
            TITLE_TYPE,
            "type de population : total des effectifs compatibles",
            float(total),
            float(computed),
            holds,
            [cited(answers), cited(rows.iloc[0])],
            "nombre",
            detail=(
                f"effectifs entiers dont la part sur {total} arrondie redonne chaque pourcentage : {shown} ; "
                f"total possible de {low} à {high}"
            ),
            kind=CONCORDANCE,
        )
    ]


TITLE_PARTS = (
    "Un pourcentage de l'ensemble des personnes interrogées est la part d'un nombre entier "
    "de répondants sur 114"
)


@check(TITLE_PARTS, kind=CONCORDANCE)
def survey_shares_114(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    answers = one_row(figures, indicateur="reponses")
    total = int(answers.value)
    rows = figures[(figures["base"] == "ensemble_repondants") & (figures["unit"] == "pourcentage")]
    results = []
    for row in rows.itertuples():
        counts = whole_counts(float(row.value), total)
        if counts:
            nearest = float(row.value)
        else:  # the closest share a whole number of respondents can give, at the printed precision
            k = round(row.value * total / 100)
            nearest = round(100 * k / total, decimals(row.value))
        results.append(
            rule_result(
                TITLE_PARTS,
                row.indicateur,
                float(row.value),
                nearest,
                bool(counts),
                [cited(row), cited(answers)],
                "pourcentage",
                detail=(
                    f"{'/'.join(map(str, counts))} répondant(s) sur {total}"
                    if counts
                    else f"aucun nombre entier de répondants sur {total} ne donne {decimal_comma(row.value)} % : "
                    f"le pourcentage porte sur moins de répondants (non-réponses ?) ; part la plus proche "
                    f"{decimal_comma(nearest)} %"
                ),
                kind=CONCORDANCE,
            )
        )
    return results


TITLE_PHRASES = "Les phrases de la diapositive des freins concordent avec son graphique"


@check(TITLE_PHRASES, kind=CONCORDANCE)
def survey_brake_sentences(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    shares = tables["annexes_enquete_repartitions"]
    brakes = shares[shares["question"] == "freins_acces_logement"].set_index("categorie")
    readings = brake_readings(figures, shares).set_index("indicator")
    groups = dict(BRAKE_READINGS)
    results = []
    # Sentence figure -> the chart categories it restates or groups (the grouping of the two
    # « reported » figures is a reading of the slide: the document does not list the categories).
    for indicator, reading in (
        ("parc_social_delais_trop_longs", "catégorie « Délai long »"),
        ("parc_prive_exigences_bailleurs", "catégorie « Exigences bailleurs privés »"),
        (
            "freins_aspect_financier",
            "« Ressources insuffisantes » + « Loyers élevés » (lecture de « l'aspect financier »)",
        ),
        (
            "freins_besoin_accompagnement",
            "« Lourdeur administrative » + « Manque d'info » + « Manque de soutien » (lecture du "
            "« besoin d'accompagnement spécialisé »)",
        ),
    ):
        categories = groups[indicator]
        sentence = one_row(figures, indicateur=indicator)
        computed = float(readings.loc[indicator, "computed"])
        sources = [cited(sentence), *(cited(brakes.loc[c]) for c in categories)]
        if indicator == "freins_aspect_financier":
            # « près de 40 % » : just under the printed figure, within 2 points.
            holds = sentence.value - 2 <= computed <= sentence.value
            results.append(
                rule_result(
                    TITLE_PHRASES,
                    indicator,
                    float(sentence.value),
                    computed,
                    holds,
                    sources,
                    "pourcentage",
                    kind=CONCORDANCE,
                    detail=f"« près de {decimal_comma(sentence.value)} % » ; graphique : {reading}",
                )
            )
            continue
        results.append(
            equality_result(
                TITLE_PHRASES,
                indicator,
                float(sentence.value),
                computed,
                sources,
                "pourcentage",
                kind=CONCORDANCE,
                detail=f"graphique : {reading}",
            )
        )
    return results


TITLE_SANTE = (
    "« 18 % des personnes interrogées ont perdu leur logement pour raisons de santé » "
    "concorde avec le graphique des évènements liés à la perte du logement"
)


@check(TITLE_SANTE, kind=CONCORDANCE)
def survey_health_housing_loss(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    shares = tables["annexes_enquete_repartitions"]
    sentence = one_row(figures, indicateur="perte_logement_raisons_sante")
    chart = one_row(shares, question="evenements_perte_logement", categorie="problemes_sante")
    tenants = one_row(figures, indicateur="anciens_locataires")
    # The chart describes the people who have been tenants (75.4 % of the people interviewed); as a
    # share of all the people interviewed, its 18 % is 18 x 75.4 / 100 if each gives one reason.
    computed = round(health_loss_share_of_all(figures, shares), 1)
    return [
        equality_result(
            TITLE_SANTE,
            "perte du logement pour raisons de santé, en % des personnes interrogées",
            float(sentence.value),
            computed,
            [cited(sentence), cited(chart), cited(tenants)],
            "pourcentage",
            kind=CONCORDANCE,
            detail=(
                f"le graphique donne {decimal_comma(chart.value)} % des raisons citées par les personnes "
                f"déjà locataires ({decimal_comma(tenants.value)} % des personnes interrogées), soit "
                f"{decimal_comma(computed)} % des personnes interrogées si chacune cite une seule raison ; "
                f"la phrase reprend {decimal_comma(sentence.value)} % "
                f"en l'appliquant à toutes les personnes interrogées"
            ),
        )
    ]


TITLE_ISOLES = (
    "Le commentaire « la proportion de personnes isolées est la plus importante » découle du graphique"
)


@check(TITLE_ISOLES, kind=CONCORDANCE)
def survey_isolated(tables: Tables) -> list[CheckResult]:
    shares = tables["annexes_enquete_repartitions"]
    rows = shares[shares["question"] == "type_population"].set_index("categorie")
    largest = str(rows["value"].idxmax())
    isolated = isolated_share(shares)
    others = float(rows["value"].sum()) - isolated
    sources = [f"{rows['source'].iloc[0]}, ligne 6438", cited(rows.iloc[0])]
    return [
        rule_result(
            TITLE_ISOLES,
            "catégorie la plus nombreuse : les hommes seuls",
            "hommes_seuls",
            largest,
            largest == "hommes_seuls",
            sources,
            kind=CONCORDANCE,
        ),
        rule_result(
            TITLE_ISOLES,
            "personnes isolées (hommes et femmes seuls) contre les autres types",
            others,
            isolated,
            isolated > others,
            sources,
            "pourcentage",
            kind=CONCORDANCE,
            detail="valeur imprimée : somme des autres types ; valeur comparée : les isolés",
        ),
    ]


TITLE_EMPLOI = (
    "Parmi les personnes aux ressources insuffisantes, « emploi prioritaire » et « pas du "
    "tout prioritaire » ne dépassent pas 100 %"
)


@check(TITLE_EMPLOI)
def survey_employment(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    first = one_row(figures, indicateur="emploi_priorite")
    second = one_row(figures, indicateur="emploi_pas_du_tout_priorite")
    total = float(first.value + second.value)
    return [
        rule_result(
            TITLE_EMPLOI,
            "emploi priorité + pas du tout une priorité",
            100.0,
            total,
            total <= 100,
            [cited(first), cited(second)],
            "pourcentage",
            detail="deux réponses exclusives de la même population : leur somme est au plus 100 %",
        )
    ]


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
    results = []
    for group in dict.fromkeys(themes["groupe"]):
        rows = themes[themes["groupe"] == group]
        reference = rows[rows["version"] == "diapositive_themes"].iloc[0]
        for row in rows[rows["version"] != "diapositive_themes"].itertuples():
            same = _words(row.text) == _words(reference.text)
            results.append(
                rule_result(
                    TITLE_LIBELLES,
                    f"{group} : {row.version}",
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
