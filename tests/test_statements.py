"""Sentences computed from the data: they follow the data, and data text cannot inject markup."""

import pandas as pd

from lda_analysis.data import load_table
from lda_analysis.indicators import demand_ratios, evolution, latest_count_evolution
from lda_analysis.statements import (
    Statement,
    demand_statement,
    escape_markdown,
    fsl_statement,
    progression_statement,
)


def _rates(overrides):
    rates = load_table("acces_logement_social")
    for (public, territory, year), value in overrides.items():
        mask = (rates.public == public) & (rates.territory == territory) & (rates.year == year)
        rates.loc[mask, "value"] = value
    return rates


def _progression(rates, start=2017, end=2024):
    return progression_statement(evolution(rates, start, end, ["public", "territory"])).text


def test_report_conclusion_holds_on_the_data():
    text = _progression(load_table("acces_logement_social"))
    assert text.startswith("Entre 2017 et 2024, la progression de l'accès au logement social est plus "
                           "importante sur MTPM que sur le reste du Var pour les deux publics")
    assert "personnes sans-abri (+1,3\xa0point contre \u22120,6\xa0point)" in text


def test_conclusion_changes_when_the_data_say_otherwise():
    # Made-up rates where the rest of the Var progresses more for both publics.
    rates = _rates({("sans_abri", "VAR_HORS_TPM", 2024): 4.0,
                      ("hebergement_generaliste", "VAR_HORS_TPM", 2024): 5.0})
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


def test_markdown_and_html_from_data_are_escaped():
    statement = Statement("Source <script>alert(1)</script> *gras* [lien](http://x)")
    markdown = statement._repr_markdown_()
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\*gras\\*" in markdown and "\\[lien\\]" in markdown
    assert repr(statement) == statement.text
    assert escape_markdown("a_b") == "a\\_b"


def test_demand_statement_says_which_ratio_is_reported():
    text = demand_statement(demand_ratios(load_table("pression_demande"))).text
    assert "Logement social financé en PLAI, MTPM, 2022 : 9 demandes pour une attribution " \
           "(ratio publié par la source)." in text
    assert "248 attributions ; 5,9 demandes pour une attribution (ratio publié par la source)" in text


def test_demand_statement_shows_a_computed_ratio():
    made_up = pd.DataFrame({"scope": ["public_lda_sne"] * 2, "measure": ["demandes", "attributions"],
                            "territory": ["MTPM"] * 2, "year": [2025] * 2, "value": [1200.0, 200.0]})
    text = demand_statement(demand_ratios(made_up)).text
    assert "1\u202f200 demandes ; 200 attributions ; 6,0 demandes pour une attribution (ratio calculé)" in text


def test_fsl_statement_with_and_without_counts():
    fsl = load_table("fsl")
    text = fsl_statement(fsl, latest_count_evolution(fsl, "demandes", ["axis"])).text
    assert "+30\xa0% de demandes (chiffre rapporté par la source)" in text
    assert "l'évolution ne peut pas être recalculée" in text
    counts = pd.DataFrame({"measure": ["demandes"] * 2, "axis": ["trois_axes"] * 2,
                           "year": [2023, 2024], "value": [1000.0, 1300.0]})
    text = fsl_statement(fsl, latest_count_evolution(counts, "demandes", ["axis"])).text
    assert "1\u202f000 demandes en 2023, 1\u202f300 en 2024, soit +30\xa0% (calculé)" in text
    assert "ne peut pas" not in text
