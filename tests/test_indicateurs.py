"""The headline indicators: evolutions, gaps and ratios against the figures of the rapport
d'exécution, and what their pages show (tables, chart, sentences)."""

import math
import types

import pandas as pd
import pytest
import yaml
from IPython.core.formatters import DisplayFormatter

from lda_analysis.blocks.charts import print_file_name, save_images_in
from lda_analysis.contract.data import load_table
from lda_analysis.contract.errors import EditionError
from lda_analysis.domains.indicateurs.computations import (
    demand_ratios,
    evolution,
    gap,
    latest_count_evolution,
    relative_change,
)
from lda_analysis.domains.indicateurs.pages import (
    access_rates_chart,
    access_rates_table,
    demand_statement,
    evolution_table,
    fsl_statement,
    gap_table,
    progression_statement,
)


@pytest.fixture(scope="module")
def rates():
    return load_table("acces_logement_social")


def _by_group(frame, *columns):
    return {tuple(row[column] for column in columns): row for _, row in frame.iterrows()}


def test_evolution_2017_2024_matches_the_report(rates):
    # §3.1: sans-abri, MTPM, 2017 -> juin 2024: 2,1 % -> 3,4 %; Var hors TPM: 1,9 % -> 1,3 %.
    result = _by_group(evolution(rates, 2017, 2024, ["public", "territoire"]), "public", "territoire")
    assert result[("sans_abri", "MTPM")].difference == pytest.approx(1.3)
    assert result[("sans_abri", "MTPM")].relative_change == pytest.approx(61.90, abs=0.01)
    assert result[("sans_abri", "VAR_HORS_TPM")].difference == pytest.approx(-0.6)
    assert result[("hebergement_generaliste", "MTPM")].difference == pytest.approx(1.6)
    assert result[("hebergement_generaliste", "VAR_HORS_TPM")].difference == pytest.approx(0.1)
    assert result[("hebergement_generaliste", "MTPM")].relative_change == pytest.approx(51.61, abs=0.01)


def test_evolution_keeps_the_order_of_the_data(rates):
    result = evolution(rates, 2021, 2024, ["public", "territoire"])
    assert list(zip(result["public"], result["territoire"], strict=True)) == [
        ("hebergement_generaliste", "MTPM"),
        ("hebergement_generaliste", "VAR_HORS_TPM"),
        ("sans_abri", "MTPM"),
        ("sans_abri", "VAR_HORS_TPM"),
    ]
    assert result["start_year"].unique().tolist() == [2021]


def test_evolution_for_a_missing_year_names_the_years_available(rates):
    with pytest.raises(EditionError, match="Pas de données pour 2019.*Années disponibles : 2017, 2021, 2024"):
        evolution(rates, 2019, 2024, ["public", "territoire"])


def test_gap_between_mtpm_and_the_rest_of_the_var(rates):
    result = _by_group(gap(rates, "MTPM", "VAR_HORS_TPM", ["public", "annee"]), "public", "annee")
    assert result[("sans_abri", 2024)].gap == pytest.approx(2.1)
    assert result[("sans_abri", 2021)].gap == pytest.approx(-0.5)
    assert result[("hebergement_generaliste", 2021)].gap == pytest.approx(2.4)


def test_relative_change_of_zero_is_undefined():
    assert math.isnan(relative_change(0, 5))
    assert relative_change(200, 260) == pytest.approx(30)


def test_demand_ratios_keep_reported_and_computed_apart():
    ratios = _by_group(demand_ratios(load_table("pression_demande")), "champ")
    plai = ratios[("logement_social_plai",)]
    assert plai.reported_ratio == 9 and math.isnan(plai.computed_ratio)
    sne = ratios[("public_lda_sne",)]
    assert sne.attributions == 248 and sne.reported_ratio == 5.9 and math.isnan(sne.computed_ratio)


def test_demand_ratio_is_computed_when_both_counts_exist():
    # Counts made up by the test (not in data/): 1 200 demands, 200 attributions -> 6.
    made_up = pd.DataFrame(
        {
            "champ": ["public_lda_sne"] * 2,
            "mesure": ["demandes", "attributions"],
            "territoire": ["MTPM"] * 2,
            "annee": [2025] * 2,
            "valeur": [1200.0, 200.0],
        }
    )
    made_up.attrs["table"] = "pression_demande"
    ratio = demand_ratios(made_up).iloc[0]
    assert ratio.computed_ratio == 6 and math.isnan(ratio.reported_ratio)


def test_fsl_evolution_needs_counts_for_two_periods():
    assert latest_count_evolution(load_table("fsl"), "demandes", ["axe"]).empty


def test_fsl_evolution_is_computed_from_counts():
    # Counts made up by the test (not in data/): 1 000 requests in 2023, 1 300 in 2024.
    made_up = pd.DataFrame(
        {
            "mesure": ["demandes", "demandes", "demandes", "menages_aides"],
            "axe": ["trois_axes"] * 4,
            "annee": [2022, 2023, 2024, 2024],
            "valeur": [900.0, 1000.0, 1300.0, 160.0],
        }
    )
    result = latest_count_evolution(made_up, "demandes", ["axe"]).iloc[0]
    assert (result.start_year, result.end_year) == (2023, 2024)
    assert result.difference == 300 and result.relative_change == pytest.approx(30)


# ------------------------------------------------------------------------------------------------
# Sentences of the pages: they follow the data


def _rates(overrides):
    rates = load_table("acces_logement_social")
    for (public, territory, year), value in overrides.items():
        mask = (rates.public == public) & (rates.territoire == territory) & (rates.annee == year)
        rates.loc[mask, "valeur"] = value
    return rates


def _progression(rates, start=2017, end=2024):
    return progression_statement(evolution(rates, start, end, ["public", "territoire"])).text


def test_report_conclusion_holds_on_the_data():
    text = _progression(load_table("acces_logement_social"))
    assert text.startswith(
        "Entre 2017 et 2024, la progression de l'accès au logement social est plus "
        "importante sur MTPM que sur le reste du Var pour les deux publics"
    )
    assert "personnes sans-abri (+1,3\xa0point contre \u22120,6\xa0point)" in text


def test_conclusion_changes_when_the_data_say_otherwise():
    # Made-up rates where the rest of the Var progresses more for both publics.
    rates = _rates(
        {("sans_abri", "VAR_HORS_TPM", 2024): 4.0, ("hebergement_generaliste", "VAR_HORS_TPM", 2024): 5.0}
    )
    text = _progression(rates)
    assert "est moins importante sur MTPM que sur le reste du Var pour les deux publics" in text
    assert "plus importante" not in text


def test_mixed_results_are_said_public_by_public():
    text = _progression(load_table("acces_logement_social"), start=2021)
    assert "plus importante pour les personnes sans-abri (+0,9\xa0point contre \u22121,7\xa0point)" in text
    assert "mais moins importante pour les personnes sortant d'hébergement généraliste" in text


def test_equal_progressions_are_said_equal():
    rates = _rates({("sans_abri", "VAR_HORS_TPM", 2024): 3.2})  # 1,9 -> 3,2: +1,3 as MTPM
    assert "aussi importante pour les personnes sans-abri" in _progression(rates)


def test_demand_statement_says_which_ratio_is_reported():
    text = demand_statement(demand_ratios(load_table("pression_demande"))).text
    assert (
        "Logement social financé en PLAI, MTPM, 2022 : 9 demandes pour une attribution "
        "(ratio publié par la source)." in text
    )
    assert "248 attributions ; 5,9 demandes pour une attribution (ratio publié par la source)" in text


def test_demand_statement_shows_a_computed_ratio():
    made_up = pd.DataFrame(
        {
            "champ": ["public_lda_sne"] * 2,
            "mesure": ["demandes", "attributions"],
            "territoire": ["MTPM"] * 2,
            "annee": [2025] * 2,
            "valeur": [1200.0, 200.0],
        }
    )
    text = demand_statement(demand_ratios(made_up)).text
    assert (
        "1\u202f200 demandes ; 200 attributions ; 6,0 demandes pour une attribution (ratio calculé)" in text
    )


def test_fsl_statement_with_and_without_counts():
    fsl = load_table("fsl")
    text = fsl_statement(fsl, latest_count_evolution(fsl, "demandes", ["axe"])).text
    assert "+30\xa0% de demandes (chiffre rapporté par la source)" in text
    assert "l'évolution ne peut pas être recalculée" in text
    counts = pd.DataFrame(
        {
            "mesure": ["demandes"] * 2,
            "axe": ["trois_axes"] * 2,
            "annee": [2023, 2024],
            "valeur": [1000.0, 1300.0],
        }
    )
    text = fsl_statement(fsl, latest_count_evolution(counts, "demandes", ["axe"])).text
    assert "1\u202f000 demandes en 2023, 1\u202f300 en 2024, soit +30\xa0% (calculé)" in text
    assert "ne peut pas" not in text


# ------------------------------------------------------------------------------------------------
# Tables and chart of the access page: French, with their source, alt text, escaped data text


def test_access_table_has_one_column_per_period(rates):
    table = access_rates_table(rates)
    assert list(table.frame.columns) == [
        "Public",
        "Territoire",
        "2017",
        "2021 (contractualisation AMI)",
        "2024 (juin)",
    ]
    first = table.frame.iloc[0].tolist()
    assert first == [
        "Personnes sortant d'hébergement généraliste",
        "MTPM",
        "3,1\xa0%",
        "4,4\xa0%",
        "4,7\xa0%",
    ]
    assert table.source_line.startswith("Source : DDETS, cité au §3.1")


def test_table_html_has_caption_and_source_and_escapes_data_text():
    rates = load_table("acces_logement_social")
    rates.loc[0, "source"] = "<script>alert('x')</script>"
    html = access_rates_table(rates)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '">Accès au logement social (taux publiés par la DDETS)</p><div class="lda-table-scroll"' in html
    assert '<p class="lda-source">Sources : &lt;script&gt;' in html


def test_evolution_and_gap_tables_are_formatted_in_french(rates):
    table = evolution_table(evolution(rates, 2017, 2024, ["public", "territoire"]), rates)
    row = table.frame.iloc[2].tolist()  # sans-abri, MTPM
    assert row[2:] == ["2,1\xa0%", "3,4\xa0%", "+1,3\xa0point", "+61,9\xa0%"]
    gaps = gap_table(gap(rates, "MTPM", "VAR_HORS_TPM", ["public", "annee"]), rates)
    assert gaps.frame.columns[-1] == "Écart MTPM − Var hors TPM"
    assert gaps.frame.iloc[-1].tolist() == [
        "Personnes sans-abri",
        "2024",
        "3,4\xa0%",
        "1,3\xa0%",
        "+2,1\xa0points",
    ]


def test_chart_is_a_vector_image_with_a_short_alt_text(rates):
    chart = access_rates_chart(rates)
    assert chart.image.startswith(b"<?xml") and b"<svg" in chart.image
    # What the chart compares and its last rates (the others are in the data table), in 250 characters.
    assert len(chart.alt) <= 250
    assert chart.alt.startswith(
        "Diagramme en barres : taux d'accès au logement social, MTPM et Var hors TPM, 2017 à 2024."
    )
    assert (
        "En 2024 (juin) : personnes sortant d'hébergement généraliste : MTPM 4,7\xa0%, Var hors TPM 2,5\xa0%"
        in chart.alt
    )
    assert "personnes sans-abri : MTPM 3,4\xa0%, Var hors TPM 1,3\xa0%" in chart.alt
    markdown = chart._repr_markdown_()
    # The title once, as text above the chart (not drawn in the image as well), then the image.
    assert markdown.startswith(
        "::::{container} lda-chart\n**Accès au logement social \\: MTPM et reste du Var**\n\n"
        f":::{{image}} /graphiques/{chart.file_name}"
    )
    assert chart.file_name.startswith("acces-au-logement-social-mtpm-et-reste-du-var-")
    assert "**Accès au logement social \\: MTPM et reste du Var**" in markdown
    assert "Source \\: DDETS" in markdown
    assert repr(chart) == "Graphique « Accès au logement social : MTPM et reste du Var »"
    # Its accessible equivalent: the figures of the bars as a table, from the same rates.
    assert chart.data.caption == chart.title
    assert chart.data.frame.columns.tolist() == [
        "Public",
        "Territoire",
        "2017",
        "2021 (contractualisation AMI)",
        "2024 (juin)",
    ]
    assert [
        "Personnes sans-abri",
        "MTPM",
        "2,1\xa0%",
        "2,5\xa0%",
        "3,4\xa0%",
    ] in chart.data.frame.values.tolist()
    assert "<summary>Voir les données du graphique" in markdown


def test_chart_writes_its_image_only_where_the_build_asks(rates, tmp_path):
    chart = access_rates_chart(rates)
    markdown = chart._repr_markdown_()
    assert not any(tmp_path.iterdir())  # displayed outside a build: nothing is written
    # A kernel of a build: its shell's formatter writes the image, and displays the same Markdown.
    shell = types.SimpleNamespace(display_formatter=DisplayFormatter())
    save_images_in(shell, tmp_path / "graphiques")
    data, _ = shell.display_formatter.format(chart)
    assert data["text/markdown"] == markdown
    assert (tmp_path / "graphiques" / chart.file_name).read_bytes() == chart.image
    assert (tmp_path / "graphiques" / print_file_name(chart.file_name)).read_bytes() == chart.print_image
    # Any other object is displayed as before.
    assert shell.display_formatter.format(rates)[0]["text/html"] == rates._repr_html_()


def test_chart_is_deterministic_and_escapes_labels():
    rates = load_table("acces_logement_social")
    assert access_rates_chart(rates).image == access_rates_chart(rates).image
    same = access_rates_chart(rates)
    assert same.file_name == access_rates_chart(rates).file_name  # named after what it shows
    rates["periode_imprimee"] = rates["periode_imprimee"].str.replace("2024 (juin)", '2024 "<b>"\n:::')
    rates["source"] = "DDETS <b>*gras*</b>"
    chart = access_rates_chart(rates)
    assert chart.file_name != same.file_name
    lines = chart._repr_markdown_().splitlines()
    # The alt text is one YAML scalar (a JSON string) between the options' markers, read back as is.
    options = yaml.safe_load(
        "\n".join(lines[lines.index("---") + 1 : lines.index("---", lines.index("---") + 1)])
    )
    assert options["alt"] == chart.alt and 'En 2024 "<b>"\n::: : personnes' in chart.alt
    source = lines.index("Source \\: DDETS \\<b\\>\\*gras\\*\\<\\/b\\>")
    # The chart's data: one raw HTML line (a blank line would end it), every label escaped.
    data = lines[source + 2]
    assert data.startswith('<details class="lda-chart-data"><summary>') and lines[source + 3 :] == [
        "",
        "::::",
    ]
    assert '<th scope="col">2024 &quot;&lt;b&gt;&quot; :::</th>' in data and "<b>" not in data
