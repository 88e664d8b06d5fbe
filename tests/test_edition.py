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
    assert check_edition(edition, strict=True) == []  # nothing missing for 2024


def test_earlier_edition_sees_only_earlier_figures():
    edition = load_edition(2022)
    assert set(fsl(edition)["measure"]) == {"montant_aides", "menages_aides", "menages_accompagnes_asll"}
    assert sorted(set(access_rates(edition)["year"])) == [2017, 2021]
    assert baseline_years(edition, access_rates(edition)) == [2017]


def test_a_year_outside_the_calendar_names_the_years_available():
    with pytest.raises(EditionError) as caught:
        load_edition(2019)
    message = str(caught.value)
    assert "Pas d'édition possible pour 2019" in message
    assert "calendrier de la convention (2021 à 2027, table finances_calendrier)" in message
    assert "Années des indicateurs annuels dans les données : 2017, 2021, 2022, 2024." in message


def test_a_new_year_compares_with_the_previous_edition_too():
    edition = load_edition(2025)
    rates = access_rates(edition)
    assert max(rates["year"]) == 2024  # no 2025 data yet: the latest known
    assert baseline_years(edition, rates) == [2017, 2021]  # compared with 2024, the latest
    assert len(check_edition(edition)) == 3
    with pytest.raises(EditionError, match="mode strict"):
        check_edition(edition, strict=True)


def test_selection_keeps_the_table_name_for_labels():
    assert access_rates(load_edition()).attrs["table"] == "acces_logement_social"
    assert fsl(load_edition()).attrs["table"] == "fsl"
