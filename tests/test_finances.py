"""Budget figures computed from the rebuilt financial synthesis and the préambule."""

import math

import pytest

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.domains.finances.computations import (
    action_by_year,
    allocation,
    execution_rate,
    funded_lines,
    gap_by_action,
    synthesis_by_action,
    synthesis_by_year,
)
from lda_analysis.domains.finances.pages import (
    amounts_by_year_table,
    carried_over_statement,
    period_statement,
)
from lda_analysis.domains.perspectives.computations import months_covered


@pytest.fixture(scope="module")
def synthesis():
    return load_table("finances_synthese")


def test_synthesis_by_year_reproduces_the_printed_totals(synthesis):
    rows = synthesis_by_year(synthesis).set_index("periode")
    # TOTAL line of the synthesis (line 1088): 330 000 / 295 000, 265 000 / 250 000, 250 000 / 265 000.
    assert rows.loc["2021-2022", ["planned", "consumed"]].tolist() == [330000, 295000]
    assert rows.loc["2022-2023", ["planned", "consumed"]].tolist() == [265000, 250000]
    assert rows.loc["2023-2024", ["planned", "consumed"]].tolist() == [250000, 265000]
    assert rows.loc["2023-2024", "rate"] == pytest.approx(106.0)


def test_not_consumed_by_year_is_derived_for_every_year(synthesis):
    # Planned minus consumed: 35 000 € in 2021-2022 (the 15 000 € of action 1 and the 20 000 € of
    # action 16 the synthesis comments, lines 1042 and 1084), 15 000 € in 2022-2023 (action 15,
    # spent in 2023-2024); 2023-2024 consumed 15 000 € more than it planned. Together: the
    # préambule's gap of 35 000 € (line 895).
    rows = synthesis_by_year(synthesis).set_index("periode")
    assert rows["not_consumed"].tolist() == [35000, 15000, -15000]
    assert rows["not_consumed"].sum() == allocation(load_table("finances_allocation"))["gap"]


def test_the_not_consumed_column_is_never_blank(synthesis):
    table = amounts_by_year_table(synthesis_by_year(synthesis), synthesis, "t")
    cells = [cell.replace("\u202f", " ").replace("\xa0", " ") for cell in table.frame["Non consommé"]]
    assert cells == ["35 000 €", "15 000 €", "aucun (15 000 € consommés en plus du prévu)"]
    three = amounts_by_year_table(action_by_year(synthesis, ("3",)), synthesis, "t")
    assert [cell.replace("\xa0", " ") for cell in three.frame["Non consommé"]] == ["0 €"] * 3


def test_synthesis_by_action(synthesis):
    rows = synthesis_by_action(synthesis).set_index("action")
    assert rows.loc["3", ["planned", "consumed"]].tolist() == [105000, 105000]  # 3 x 35 000
    assert rows.loc["1", ["planned", "consumed"]].tolist() == [35000, 20000]
    assert rows.loc["7", "planned"] == 160000  # Fapil study 20 000 + PTFA 2 x 70 000
    assert "4" not in rows.index  # listed without amounts
    assert rows["planned"].sum() == 845000 and rows["consumed"].sum() == 810000


def test_funded_lines_count_the_lines_of_the_synthesis_not_the_actions(synthesis):
    # Lines 1041-1083: 1, 1', 2, 3, 5, 7 (Fapil study), 7 (PTFA), 9, 10, 13, 13 bis, 14, 15, 16.
    assert funded_lines(synthesis) == 14
    assert len(synthesis_by_action(synthesis)) == 13


def test_action_by_year_covers_a_common_page(synthesis):
    assert action_by_year(synthesis, ("11_12", "11", "12")).empty
    sixteen = action_by_year(synthesis, ("16",))
    assert sixteen.values.tolist() == [
        ["2021-2022", 20000.0, 0.0, 20000.0],
        ["2022-2023", 40000.0, 40000.0, 0.0],
    ]
    # Derived, not only where the synthesis comments it: action 15 planned 15 000 € in 2022-2023
    # and spent them in 2023-2024 (« Dépense prévue au 2° semestre 2024 », line 1081).
    fifteen = action_by_year(synthesis, ("15",)).set_index("periode")["not_consumed"]
    assert fifteen.to_dict() == {"2021-2022": 0.0, "2022-2023": 15000.0, "2023-2024": -15000.0}


def test_allocation_computes_total_gap_and_rate():
    figures = allocation(load_table("finances_allocation"))
    assert (figures["allocated"], figures["consumed"], figures["gap"]) == (845000, 810000, 35000)
    assert figures["cofinancing"] == 238330
    assert figures["rate"] == pytest.approx(95.857, abs=0.001)
    assert gap_by_action(load_table("finances_allocation"))[["action", "valeur"]].values.tolist() == [
        ["1", 15000.0],
        ["16", 20000.0],
    ]


def test_execution_rate_without_plan_is_undefined():
    assert math.isnan(execution_rate(10, 0))
    assert execution_rate(50, 200) == 25


# --------------------------------------------------------------------------- the §4.5 request against the convention


def test_period_statement():
    # « 2024-2025 (15 mois) » but « de septembre 2024 à décembre 2025 »: 16 months.
    data = load_tables()
    assert months_covered(data, "financement_ami") == 16
    text = period_statement(data).text
    assert "15 mois" in text and "on en compte 16" in text
    assert "soit 15 mois" in text  # the convention: 1 October 2024 to 31 December 2025


def test_carried_over_statement():
    text = carried_over_statement(
        load_table("perspectives_financement"), load_table("finances_allocation")
    ).text
    assert text.replace("\u202f", " ").replace("\xa0", " ").startswith("Le report de 35 000 € est l'écart")
