"""Checks of the ODH / SIAO / SNE figures and of the survey « Le logement et moi »."""

from __future__ import annotations

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row, per_year, year_suffix

from ...checks import (
    CONCORDANCE,
    CheckResult,
    check,
    cited,
    decimal_comma,
    equality_result,
    rule_result,
)
from ..computations import (
    BRAKE_READINGS,
    brake_readings,
    decimals,
    health_loss_share_of_all,
    isolated_share,
    var_mtpm_total,
    whole_counts,
)

# ------------------------------------------------------------------------------------------------
# ODH, SIAO, SNE


TITLE_115 = "Les compositions des ménages ayant appelé le 115 font le nombre de ménages imprimé"


@check(TITLE_115)
def households_115_composition(tables: Tables) -> list[CheckResult]:
    results = []
    for year, households in per_year(tables["annexes_menages_115"]):
        computed = var_mtpm_total(households, "composition", exclude=("ensemble",))
        for territory in dict.fromkeys(households["territory"]):
            rows = households[households["territory"] == territory]
            total = one_row(rows, composition="ensemble")
            details = rows[rows["composition"] != "ensemble"]
            results.append(
                equality_result(
                    TITLE_115,
                    f"ménages concernés par les demandes au 115 en {year}, {territory}",
                    float(total["value"]),
                    computed[territory.lower()],
                    [cited(total), cited(details.iloc[0])],
                    "menages",
                )
            )
    return results


TITLE_MTPM = "Chaque effectif de la Métropole ne dépasse pas celui du Var, qui la contient"


@check(TITLE_MTPM)
def mtpm_within_var(tables: Tables) -> list[CheckResult]:
    results = []
    for name, column in (("annexes_menages_115", "composition"), ("annexes_offre_siao", "type_offre")):
        whole = tables[name]
        for year, frame in per_year(whole) if "year" in whole.columns else [(None, whole)]:
            for code in dict.fromkeys(frame[column]):
                var = one_row(frame, **{column: code, "territory": "VAR"})
                mtpm = one_row(frame, **{column: code, "territory": "MTPM"})
                when = year_suffix(whole, year) if year is not None else ""
                results.append(
                    rule_result(
                        TITLE_MTPM,
                        f"{get_schema().table(name).title}, {get_schema().label(name, column, code)}{when} : "
                        "MTPM ≤ Var",
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
    results = []
    for year, public in per_year(tables["annexes_public_lda_sne"]):
        scope = {"scope": "public_lda_sne", "territory": "MTPM", "year": year}
        attributions = one_row(pressure, **scope, measure="attributions")
        ratio = one_row(pressure, **scope, measure="ratio_demandes_attribution")
        printed_ratio = float(ratio["value"])
        # The ratio is printed with one decimal: the demand is at most attributions x (ratio + 0.05).
        ceiling = float(attributions["value"]) * (printed_ratio + 0.05)
        for row in public.itertuples():
            results.append(
                rule_result(
                    TITLE_SNE,
                    f"{get_schema().label('annexes_public_lda_sne', 'caracteristique', row.caracteristique)}, "
                    f"MTPM {year}",
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
                get_schema().label("annexes_enquete_repartitions", "question", question).rstrip(" :"),
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
    labels = get_schema().labels("annexes_enquete_repartitions", "categorie")
    shown = ", ".join(
        f"{labels.get(code, code)} {decimal_comma(value)} % : {' ou '.join(map(str, r)) or 'aucun'}"
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
                get_schema()
                .labels("annexes_enquete_chiffres", "indicateur")
                .get(row.indicateur, row.indicateur),
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
                    get_schema().label("annexes_enquete_chiffres", "indicateur", indicator),
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
                get_schema().label("annexes_enquete_chiffres", "indicateur", indicator),
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
            get_schema().label("annexes_enquete_repartitions", "categorie", "hommes_seuls"),
            get_schema().label("annexes_enquete_repartitions", "categorie", largest),
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
