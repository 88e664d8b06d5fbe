"""Checks of the ODH / SIAO / SNE figures and of the survey « Le logement et moi »."""

from __future__ import annotations

from collections.abc import Iterator

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row, per_year, year_suffix

from ...checks import CheckResult, check, cited, concordance, decimal_comma, equality_result, rule_result
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


@check("Les compositions des ménages ayant appelé le 115 font le nombre de ménages imprimé")
def households_115_composition(tables: Tables) -> Iterator[CheckResult]:
    for year, households in per_year(tables["annexes_menages_115"]):
        computed = var_mtpm_total(households, "composition", exclude=("ensemble",))
        for territory in dict.fromkeys(households["territoire"]):
            rows = households[households["territoire"] == territory]
            total = one_row(rows, composition="ensemble")
            details = rows[rows["composition"] != "ensemble"]
            yield equality_result(
                f"ménages concernés par les demandes au 115 en {year}, {territory}",
                float(total["valeur"]),
                computed[territory.lower()],
                [cited(total), cited(details.iloc[0])],
                "menages",
            )


@check("Chaque effectif de la Métropole ne dépasse pas celui du Var, qui la contient")
def mtpm_within_var(tables: Tables) -> Iterator[CheckResult]:
    for name, column in (("annexes_menages_115", "composition"), ("annexes_offre_siao", "type_offre")):
        whole = tables[name]
        for year, frame in per_year(whole) if "annee" in whole.columns else [(None, whole)]:
            for code in dict.fromkeys(frame[column]):
                var = one_row(frame, **{column: code, "territoire": "VAR"})
                mtpm = one_row(frame, **{column: code, "territoire": "MTPM"})
                when = year_suffix(whole, year) if year is not None else ""
                yield rule_result(
                    f"{get_schema().table(name).title}, {get_schema().label(name, column, code)}{when} : "
                    "MTPM ≤ Var",
                    float(var.valeur),
                    float(mtpm.valeur),
                    mtpm.valeur <= var.valeur,
                    [cited(var), cited(mtpm)],
                    str(var.unite),
                    detail="valeur imprimée : le Var ; valeur comparée : la Métropole",
                )


@concordance(
    "Chaque sous-effectif du public LDA du SNE tient dans les demandes que donnent les "
    "attributions et le ratio publiés"
)
def sne_subgroups(tables: Tables) -> Iterator[CheckResult]:
    pressure = tables["pression_demande"]
    for year, public in per_year(tables["annexes_public_lda_sne"]):
        scope = {"champ": "public_lda_sne", "territoire": "MTPM", "annee": year}
        attributions = one_row(pressure, **scope, mesure="attributions")
        ratio = one_row(pressure, **scope, mesure="ratio_demandes_attribution")
        printed_ratio = float(ratio["valeur"])
        # The ratio is printed with one decimal: the demand is at most attributions x (ratio + 0.05).
        ceiling = float(attributions["valeur"]) * (printed_ratio + 0.05)
        for row in public.itertuples():
            yield rule_result(
                f"{get_schema().label('annexes_public_lda_sne', 'caracteristique', row.caracteristique)}, "
                f"MTPM {year}",
                float(row.valeur),
                round(ceiling, 1),
                row.valeur <= ceiling,
                [cited(row), cited(attributions), cited(ratio)],
                "demandes",
                detail=(
                    f"valeur comparée : {decimal_comma(float(attributions['valeur']))} attributions "
                    f"x ratio {decimal_comma(printed_ratio)} arrondi (au plus "
                    f"{decimal_comma(printed_ratio + 0.05)}), plafond des demandes"
                ),
            )


# ------------------------------------------------------------------------------------------------
# Survey « Le logement et moi »


@check("Chaque répartition de l'enquête « Le logement et moi » fait 100 % aux arrondis près")
def survey_distributions_100(tables: Tables) -> Iterator[CheckResult]:
    shares = tables["annexes_enquete_repartitions"]
    for question in dict.fromkeys(shares["question"]):
        rows = shares[shares["question"] == question]
        total = float(rows["valeur"].sum())
        # Each share is rounded to the unit: the sum may miss 100 by half a point per category.
        tolerance = 0.5 * len(rows)
        yield rule_result(
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


@concordance(
    "La répartition par type de population (réponse unique) correspond à des effectifs "
    "entiers totalisant les 114 réponses"
)
def survey_population_types_114(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    answers = one_row(figures, indicateur="reponses")
    total = int(answers.valeur)
    rows = tables["annexes_enquete_repartitions"]
    rows = rows[rows["question"] == "type_population"]
    ranges = [whole_counts(float(value), total) for value in rows["valeur"]]
    low = sum(r.start for r in ranges)
    high = sum(r.stop - 1 for r in ranges)
    holds = all(len(r) for r in ranges) and low <= total <= high
    computed = total if holds else (high if total > high else low)
    labels = get_schema().labels("annexes_enquete_repartitions", "categorie")
    shown = ", ".join(
        f"{labels.get(code, code)} {decimal_comma(value)} % : {' ou '.join(map(str, r)) or 'aucun'}"
        for code, value, r in zip(rows["categorie"], rows["valeur"], ranges, strict=True)
    )
    return [
        rule_result(
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
        )
    ]


@concordance(
    "Un pourcentage de l'ensemble des personnes interrogées est la part d'un nombre entier "
    "de répondants sur 114"
)
def survey_shares_114(tables: Tables) -> Iterator[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    answers = one_row(figures, indicateur="reponses")
    total = int(answers.valeur)
    rows = figures[(figures["base"] == "ensemble_repondants") & (figures["unite"] == "pourcentage")]
    for row in rows.itertuples():
        counts = whole_counts(float(row.valeur), total)
        if counts:
            nearest = float(row.valeur)
        else:  # the closest share a whole number of respondents can give, at the printed precision
            k = round(row.valeur * total / 100)
            nearest = round(100 * k / total, decimals(row.valeur))
        yield rule_result(
            get_schema().labels("annexes_enquete_chiffres", "indicateur").get(row.indicateur, row.indicateur),
            float(row.valeur),
            nearest,
            bool(counts),
            [cited(row), cited(answers)],
            "pourcentage",
            detail=(
                f"{'/'.join(map(str, counts))} répondant(s) sur {total}"
                if counts
                else f"aucun nombre entier de répondants sur {total} ne donne {decimal_comma(row.valeur)} % : "
                f"le pourcentage porte sur moins de répondants (non-réponses ?) ; part la plus proche "
                f"{decimal_comma(nearest)} %"
            ),
        )


@concordance("Les phrases de la diapositive des freins concordent avec son graphique")
def survey_brake_sentences(tables: Tables) -> Iterator[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    shares = tables["annexes_enquete_repartitions"]
    brakes = shares[shares["question"] == "freins_acces_logement"].set_index("categorie")
    readings = brake_readings(figures, shares).set_index("indicator")
    groups = dict(BRAKE_READINGS)
    # Sentence figure -> the chart categories it restates or groups (the grouping of the two
    # « rapporte » figures is a reading of the slide: the document does not list the categories).
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
            holds = sentence.valeur - 2 <= computed <= sentence.valeur
            yield rule_result(
                get_schema().label("annexes_enquete_chiffres", "indicateur", indicator),
                float(sentence.valeur),
                computed,
                holds,
                sources,
                "pourcentage",
                detail=f"« près de {decimal_comma(sentence.valeur)} % » ; graphique : {reading}",
            )
            continue
        yield equality_result(
            get_schema().label("annexes_enquete_chiffres", "indicateur", indicator),
            float(sentence.valeur),
            computed,
            sources,
            "pourcentage",
            detail=f"graphique : {reading}",
        )


@concordance(
    "« 18 % des personnes interrogées ont perdu leur logement pour raisons de santé » "
    "concorde avec le graphique des évènements liés à la perte du logement"
)
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
            "perte du logement pour raisons de santé, en % des personnes interrogées",
            float(sentence.valeur),
            computed,
            [cited(sentence), cited(chart), cited(tenants)],
            "pourcentage",
            detail=(
                f"le graphique donne {decimal_comma(chart.valeur)} % des raisons citées par les personnes "
                f"déjà locataires ({decimal_comma(tenants.valeur)} % des personnes interrogées), soit "
                f"{decimal_comma(computed)} % des personnes interrogées si chacune cite une seule raison ; "
                f"la phrase reprend {decimal_comma(sentence.valeur)} % "
                f"en l'appliquant à toutes les personnes interrogées"
            ),
        )
    ]


@concordance(
    "Le commentaire « la proportion de personnes isolées est la plus importante » découle du graphique"
)
def survey_isolated(tables: Tables) -> list[CheckResult]:
    shares = tables["annexes_enquete_repartitions"]
    rows = shares[shares["question"] == "type_population"].set_index("categorie")
    largest = str(rows["valeur"].idxmax())
    isolated = isolated_share(shares)
    others = float(rows["valeur"].sum()) - isolated
    sources = [f"{rows['source'].iloc[0]}, ligne 6438", cited(rows.iloc[0])]
    return [
        rule_result(
            "catégorie la plus nombreuse : les hommes seuls",
            get_schema().label("annexes_enquete_repartitions", "categorie", "hommes_seuls"),
            get_schema().label("annexes_enquete_repartitions", "categorie", largest),
            largest == "hommes_seuls",
            sources,
        ),
        rule_result(
            "personnes isolées (hommes et femmes seuls) contre les autres types",
            others,
            isolated,
            isolated > others,
            sources,
            "pourcentage",
            detail="valeur imprimée : somme des autres types ; valeur comparée : les isolés",
        ),
    ]


@check(
    "Parmi les personnes aux ressources insuffisantes, « emploi prioritaire » et « pas du "
    "tout prioritaire » ne dépassent pas 100 %"
)
def survey_employment(tables: Tables) -> list[CheckResult]:
    figures = tables["annexes_enquete_chiffres"]
    first = one_row(figures, indicateur="emploi_priorite")
    second = one_row(figures, indicateur="emploi_pas_du_tout_priorite")
    total = float(first.valeur + second.valeur)
    return [
        rule_result(
            "emploi priorité + pas du tout une priorité",
            100.0,
            total,
            total <= 100,
            [cited(first), cited(second)],
            "pourcentage",
            detail="deux réponses exclusives de la même population : leur somme est au plus 100 %",
        )
    ]
