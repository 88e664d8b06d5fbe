"""Evolutions, gaps and ratios against the figures of the rapport d'exécution."""

import math

import pandas as pd
import pytest

from lda_analysis.data import load_table
from lda_analysis.errors import EditionError
from lda_analysis.indicators import (
    demand_ratios,
    evolution,
    gap,
    latest_count_evolution,
    relative_change,
)


@pytest.fixture(scope="module")
def rates():
    return load_table("acces_logement_social")


def _by_group(frame, *columns):
    return {tuple(row[column] for column in columns): row for _, row in frame.iterrows()}


def test_evolution_2017_2024_matches_the_report(rates):
    # §3.1: sans-abri, MTPM, 2017 -> juin 2024: 2,1 % -> 3,4 %; Var hors TPM: 1,9 % -> 1,3 %.
    result = _by_group(evolution(rates, 2017, 2024, ["public", "territory"]), "public", "territory")
    assert result[("sans_abri", "MTPM")].difference == pytest.approx(1.3)
    assert result[("sans_abri", "MTPM")].relative_change == pytest.approx(61.90, abs=0.01)
    assert result[("sans_abri", "VAR_HORS_TPM")].difference == pytest.approx(-0.6)
    assert result[("hebergement_generaliste", "MTPM")].difference == pytest.approx(1.6)
    assert result[("hebergement_generaliste", "VAR_HORS_TPM")].difference == pytest.approx(0.1)
    assert result[("hebergement_generaliste", "MTPM")].relative_change == pytest.approx(51.61, abs=0.01)


def test_evolution_keeps_the_order_of_the_data(rates):
    result = evolution(rates, 2021, 2024, ["public", "territory"])
    assert list(zip(result["public"], result["territory"], strict=True)) == [
        ("hebergement_generaliste", "MTPM"),
        ("hebergement_generaliste", "VAR_HORS_TPM"),
        ("sans_abri", "MTPM"),
        ("sans_abri", "VAR_HORS_TPM"),
    ]
    assert result["start_year"].unique().tolist() == [2021]


def test_evolution_for_a_missing_year_names_the_years_available(rates):
    with pytest.raises(EditionError, match="Pas de données pour 2019.*Années disponibles : 2017, 2021, 2024"):
        evolution(rates, 2019, 2024, ["public", "territory"])


def test_gap_between_mtpm_and_the_rest_of_the_var(rates):
    result = _by_group(gap(rates, "MTPM", "VAR_HORS_TPM", ["public", "year"]), "public", "year")
    assert result[("sans_abri", 2024)].gap == pytest.approx(2.1)
    assert result[("sans_abri", 2021)].gap == pytest.approx(-0.5)
    assert result[("hebergement_generaliste", 2021)].gap == pytest.approx(2.4)


def test_relative_change_of_zero_is_undefined():
    assert math.isnan(relative_change(0, 5))
    assert relative_change(200, 260) == pytest.approx(30)


def test_demand_ratios_keep_reported_and_computed_apart():
    ratios = _by_group(demand_ratios(load_table("pression_demande")), "scope")
    plai = ratios[("logement_social_plai",)]
    assert plai.reported_ratio == 9 and math.isnan(plai.computed_ratio)
    sne = ratios[("public_lda_sne",)]
    assert sne.attributions == 248 and sne.reported_ratio == 5.9 and math.isnan(sne.computed_ratio)


def test_demand_ratio_is_computed_when_both_counts_exist():
    # Counts made up by the test (not in data/): 1 200 demands, 200 attributions -> 6.
    made_up = pd.DataFrame({
        "scope": ["public_lda_sne"] * 2, "measure": ["demandes", "attributions"],
        "territory": ["MTPM"] * 2, "year": [2025] * 2, "value": [1200.0, 200.0],
    })
    made_up.attrs["table"] = "pression_demande"
    ratio = demand_ratios(made_up).iloc[0]
    assert ratio.computed_ratio == 6 and math.isnan(ratio.reported_ratio)


def test_fsl_evolution_needs_counts_for_two_periods():
    assert latest_count_evolution(load_table("fsl"), "demandes", ["axis"]).empty


def test_fsl_evolution_is_computed_from_counts():
    # Counts made up by the test (not in data/): 1 000 requests in 2023, 1 300 in 2024.
    made_up = pd.DataFrame({
        "measure": ["demandes", "demandes", "demandes", "menages_aides"],
        "axis": ["trois_axes"] * 4, "year": [2022, 2023, 2024, 2024],
        "value": [900.0, 1000.0, 1300.0, 160.0],
    })
    result = latest_count_evolution(made_up, "demandes", ["axis"]).iloc[0]
    assert (result.start_year, result.end_year) == (2023, 2024)
    assert result.difference == 300 and result.relative_change == pytest.approx(30)
