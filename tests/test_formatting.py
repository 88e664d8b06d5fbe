import math

import pytest

from lda_analysis.blocks.formatting import (
    change_wording,
    format_euros,
    format_number,
    format_percent_value,
    format_points,
    format_sources,
    format_value,
    join_items,
    share_text,
    value_with_unit,
)

NNBSP = "\u202f"  # espace fine insécable (milliers)
NBSP = "\xa0"  # espace insécable (avant % et €)


def test_percent_uses_comma_and_no_break_space():
    assert format_percent_value(3.1) == f"3,1{NBSP}%"
    assert format_percent_value(2) == f"2,0{NBSP}%"


def test_signed_percent_of_relative_change():
    assert format_percent_value((3.4 - 2.1) / 2.1 * 100, signed=True) == f"+61,9{NBSP}%"
    assert format_percent_value(-31.58, signed=True) == f"\u221231,6{NBSP}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.4 - 2.1, f"+1,3{NBSP}point"),  # sans-abri, MTPM, 2017 -> 2024
        (1.3 - 1.9, f"\u22120,6{NBSP}point"),  # sans-abri, Var hors TPM
        (4.4 - 2.0, f"+2,4{NBSP}points"),  # « points » au pluriel à partir de 2
        (0.0, f"+0,0{NBSP}point"),
    ],
)
def test_points_are_signed_and_agree_in_number(value, expected):
    assert format_points(value) == expected


def test_euros_show_cents_only_when_there_are_some():
    assert format_euros(244878.18) == f"244{NNBSP}878,18{NBSP}€"
    assert format_euros(15000) == f"15{NNBSP}000{NBSP}€"


def test_numbers_group_thousands_with_narrow_no_break_space():
    assert format_number(1469) == f"1{NNBSP}469"
    assert format_number(5.9, 1) == "5,9"


def test_missing_values_read_not_available():
    assert format_percent_value(math.nan) == "n.d."
    assert format_points(math.nan) == "n.d."
    assert format_number(math.nan) == "n.d."


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (30, "evolution_pourcentage", f"+30{NBSP}%"),
        (160, "menages", "160"),
        (248, "attributions", "248"),
        (9, "demandes_par_attribution", "9"),
        (5.9, "demandes_par_attribution", "5,9"),
        (4.7, "pourcentage", f"4,7{NBSP}%"),
    ],
)
def test_value_is_formatted_by_its_unit(value, unit, expected):
    assert format_value(value, unit) == expected


def test_unit_without_a_format_of_its_own_is_a_french_number():
    assert format_value(1200, "jours") == "1\u202f200"
    assert format_value(0.75, "etp") == "0,75"
    assert format_value(2.5, "mois") == "2,5"
    assert format_value(-69042, "euros_solde") == "\u221269\u202f042\xa0€"


def test_sources_are_listed_once_each():
    assert format_sources(["DDETS", "DDETS", "SNE 2022"]) == "Sources : DDETS ; SNE 2022"
    with pytest.raises(ValueError, match="aucune source"):
        format_sources(["", ""])


def test_join_items_in_french():
    assert join_items([]) == ""
    assert join_items(["PLH"]) == "PLH"
    assert join_items(["cesser", "conserver"]) == "cesser et conserver"
    assert join_items(["cesser", "conserver", "créer"]) == "cesser, conserver et créer"


@pytest.mark.parametrize(
    ("before", "after", "wording"),
    [
        (10, 20, "a doublé"),
        (10, 30, "a triplé"),
        (10, 40, "a été multiplié par 4"),
        (10, 25, "a été multiplié par 2,5"),
        (10, 15, f"a augmenté de 50{NBSP}%"),
        (20, 10, f"a baissé de 50{NBSP}%"),
        (10, 10, "est resté stable"),
        (0, 5, "a augmenté"),
    ],
)
def test_change_wording(before, after, wording):
    assert change_wording(before, after) == wording


def test_units_in_words():
    assert value_with_unit(2, "jours") == "2\xa0jours"
    assert value_with_unit(34.8, "age_moyen") == "34,8\xa0ans"
    assert value_with_unit(1700, "personnes") == "1\u202f700\xa0personnes"
    assert share_text(75.4) == "75,4\xa0%"
