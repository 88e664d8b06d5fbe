"""Parameters of an edition and the data each page selects for its year."""

import pytest

from lda_analysis.edition import (
    access_rates,
    baseline_years,
    check_edition,
    demand_pressure,
    fsl,
    load_edition,
    parse_year,
)
from lda_analysis.errors import EditionError


@pytest.mark.parametrize("year", ["deux mille vingt-quatre", "2024.5", ""])
def test_year_must_be_an_integer(year):
    with pytest.raises(EditionError, match="attendu un nombre entier"):
        parse_year(year)


@pytest.mark.parametrize("year", [1999, 2101])
def test_year_must_be_plausible(year):
    with pytest.raises(EditionError, match="entre 2000 et 2100"):
        parse_year(year)


def test_default_edition_selects_what_the_report_shows():
    edition = load_edition()
    assert edition.year == 2024
    assert sorted(set(access_rates(edition)["year"])) == [2017, 2021, 2024]
    assert baseline_years(edition, access_rates(edition)) == [2017, 2021]
    assert set(demand_pressure(edition)["year"]) == {2022}
    assert set(fsl(edition)["year"]) == {2022, 2024}
    check_edition(edition)  # nothing missing


def test_earlier_edition_sees_only_earlier_figures():
    edition = load_edition(2022)
    assert set(fsl(edition)["measure"]) == {"montant_aides", "menages_aides", "menages_accompagnes_asll"}
    with pytest.raises(EditionError, match="Années disponibles dans data/ : 2017, 2021, 2024"):
        access_rates(edition)


def test_a_year_without_data_names_the_years_available():
    with pytest.raises(EditionError) as caught:
        check_edition(load_edition(2019))
    message = str(caught.value)
    assert "Aucune donnée d'accès au logement social pour l'édition 2019" in message
    assert "Années disponibles dans data/ : 2017, 2021, 2024" in message
    assert "pression de la demande" in message and "2022" in message


def test_selection_keeps_the_table_name_for_labels():
    assert access_rates(load_edition()).attrs["table"] == "acces_logement_social"
    assert fsl(load_edition()).attrs["table"] == "fsl"
