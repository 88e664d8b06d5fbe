"""Parameters of an edition, its default year read from the data, and the data each page selects
for its year."""

import pytest

from lda_analysis.contract.data import load_tables
from lda_analysis.contract.errors import EditionError
from lda_analysis.domains.edition import (
    calendar,
    check_edition,
    default_year,
    load_edition,
    parse_year,
    period_key,
    requirements,
)
from lda_analysis.domains.indicateurs.computations import (
    BASELINE_YEARS,
    access_rates,
    baseline_years,
    demand_pressure,
    fsl_figures,
)


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
    assert sorted(set(access_rates(edition)["annee"])) == [2017, 2021, 2024]
    assert baseline_years(edition, access_rates(edition)) == [2017, 2021]
    assert set(demand_pressure(edition)["annee"]) == {2022}
    assert set(fsl_figures(edition)["annee"]) == {2022, 2024}
    assert check_edition(edition, strict=True) == []  # nothing missing for 2024


def test_earlier_edition_sees_only_earlier_figures():
    edition = load_edition(2022)
    assert set(fsl_figures(edition)["mesure"]) == {
        "montant_aides",
        "menages_aides",
        "menages_accompagnes_asll",
    }
    assert sorted(set(access_rates(edition)["annee"])) == [2017, 2021]
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
    assert max(rates["annee"]) == 2024  # no 2025 data yet: the latest known
    assert baseline_years(edition, rates) == [2017, 2021]  # compared with 2024, the latest
    # Four yearly figures (access rates, FSL, plan 2's credits, the fiches' statuses), and the year's
    # text of the 29 pages of the yearly rapport still to write.
    missing = check_edition(edition)
    assert len(missing) == 33
    assert sum(item.startswith("texte à rédiger pour 2024-2025") for item in missing) == 29
    assert "donnée non disponible pour 2025 : statut des fiches actions de la feuille de route" in missing
    with pytest.raises(EditionError, match="mode strict") as refused:
        check_edition(edition, strict=True)
    # Each text « à rédiger » is a placeholder the strict mode refuses, saying where to write it.
    assert str(refused.value).endswith(
        "À remplir dans data/redaction_textes.csv (feuille « Textes de l'année » du classeur de "
        "l'année, puis lda-book donnees importer) : chaque élément « à rédiger » ci-dessus."
    )


def test_selection_keeps_the_table_name_for_labels():
    assert access_rates(load_edition()).attrs["table"] == "acces_logement_social"
    assert fsl_figures(load_edition()).attrs["table"] == "fsl"


def test_what_every_edition_expects_is_declared_by_the_domains():
    assert [(requirement.table, requirement.column) for requirement in requirements()] == [
        ("acces_logement_social", "annee"),
        ("fsl", "annee"),
        ("finances_synthese", "periode"),
        ("finances_plan2_credits", "periode"),
        ("fiches_suivi", "periode"),
    ]
    # Plan 1's synthesis is asked of the bilan only, plan 2's figures of the yearly rapports only.
    assert [requirement.reports for requirement in requirements()][2:] == [
        ("bilan",),
        ("annuel",),
        ("annuel",),
    ]
    assert calendar().table == "finances_calendrier"
    assert BASELINE_YEARS == (2017, 2021)


def test_period_key_is_the_year_or_the_reporting_period_of_the_calendar():
    tables = load_tables()
    assert period_key(tables, 2024, "annee") == 2024
    assert [period_key(tables, year, "periode") for year in (2024, 2025, 2026)] == [
        "2023-2024",
        "2024-2025",
        "2026",
    ]
    assert period_key(tables, 2030, "periode") is None


def test_the_default_edition_is_the_latest_year_with_all_its_data():
    assert default_year(load_tables()) == 2024
    assert load_edition().year == 2024 and load_edition("").year == 2024


def _complete_years(tables) -> tuple[list[int], list[int]]:
    """The calendar's years, and those whose expected figures are all in ``tables``: the semantics of
    the default year, recomputed here from the requirements (not with ``default_year`` itself)."""
    periods = tables["finances_calendrier"]["periode"]
    years = sorted(
        {
            year
            for period in periods
            for year in range(int(period.split("-")[0]), int(period.split("-")[-1]) + 1)
        }
    )
    return years, [
        year
        for year in years
        if all(
            period_key(tables, year, requirement.column) in set(tables[requirement.table][requirement.column])
            for requirement in requirements()
        )
    ]


def test_the_default_year_follows_the_data(data_copy):
    path = data_copy / "acces_logement_social.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if ",2024,2024 (juin)," not in line]
    assert len(kept) == len(lines) - 4  # the four 2024 rates (2 publics x 2 territories)
    path.write_text("".join(kept), encoding="utf-8")
    tables = load_tables(data_copy)
    assert 2024 not in set(tables["acces_logement_social"]["annee"])
    years, complete = _complete_years(tables)
    # No year of the calendar (2021 to 2027) has all three: access rates are left for 2017 and 2021
    # only. 2024 still has its FSL figures and its credits (2023-2024): it stays the default edition,
    # whose pages say that its access rates are missing.
    assert complete == []
    assert default_year(tables) == 2024 and load_edition(data_dir=data_copy).year == 2024
    missing = check_edition(load_edition(data_dir=data_copy))
    assert len(missing) == 1 and "taux d'accès au logement social" in missing[0]


def test_editions_are_loaded_once_within_reusing_editions():
    from lda_analysis.domains.edition import reusing_editions

    assert load_edition(2024) is not load_edition(2024)
    with reusing_editions():
        first = load_edition(2024)
        with reusing_editions():  # nested: the same editions
            assert load_edition(2024) is first
        assert load_edition(2025) is not first and load_edition(2025).year == 2025
    assert load_edition(2024) is not first
