"""Plan 2's yearly financial synthesis (convention 2024-2027): planned credits by action from the
seed, the envelope and reliquat of the convention, the analyst's tables (empty in the embedded
data), the checks, the page tables and sentences, and the editions that see the tables."""

import math

import pandas as pd
import pytest

from lda_analysis.contract.data import load_tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.checks import FAILED, NOT_APPLICABLE, OK, run_checks
from lda_analysis.domains.edition import load_edition
from lda_analysis.domains.finances import pages
from lda_analysis.domains.finances.checks import plan2 as plan2_checks
from lda_analysis.domains.finances.plan2 import (
    COFINANCING,
    CREDITS,
    announced_cofinancing,
    avenant_request,
    cofinancing_by_action,
    cofinancing_by_funder,
    missing_amounts,
    plan2_by_action,
    plan2_envelope,
    plan2_periods,
    plan2_totals,
    planned_by_action,
    reliquat,
    requested_by_action,
)
from lda_analysis.publication.workbook import template_tables

CREDIT_COLUMNS = [
    "periode",
    "action",
    "poste",
    "valeur",
    "unite",
    "nature_chiffre",
    "source",
    "ligne_source",
    "note",
]
COFINANCING_COLUMNS = [
    "periode",
    "action",
    "financeur",
    "valeur",
    "unite",
    "nature_chiffre",
    "source",
    "ligne_source",
    "note",
]


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _credits(rows) -> pd.DataFrame:
    """A frame of finances_plan2_credits from (period, action, poste, value, kind) tuples."""
    return pd.DataFrame(
        [
            {
                "periode": period,
                "action": action,
                "poste": poste,
                "valeur": float(value),
                "unite": "euros",
                "nature_chiffre": kind,
                "source": "Jeu d'essai (données fictives)",
                "ligne_source": pd.NA,
                "note": "",
            }
            for period, action, poste, value, kind in rows
        ],
        columns=CREDIT_COLUMNS,
    )


def _cofinancing(rows) -> pd.DataFrame:
    """A frame of finances_plan2_cofinancements from (period, action, financeur, value) tuples."""
    return pd.DataFrame(
        [
            {
                "periode": period,
                "action": action,
                "financeur": funder,
                "valeur": float(value),
                "unite": "euros",
                "nature_chiffre": "observe",
                "source": "Jeu d'essai (données fictives)",
                "ligne_source": pd.NA,
                "note": "",
            }
            for period, action, funder, value in rows
        ],
        columns=COFINANCING_COLUMNS,
    )


# ------------------------------------------------------------------------------------------------
# What the seed gives: the convention's envelope and the request of each action.


def test_convention_envelope_of_2024_2025(tables):
    envelope = plan2_envelope(tables["finances_convention"], tables[CREDITS], "2024-2025")
    # Article 2.3.1, lines 419 and 421: 405 500 € at most, of which 35 000 € of reliquat; 370 500 € paid.
    assert (envelope["planned"], envelope["reliquat_in"], envelope["state_paid"]) == (405500, 35000, 370500)
    assert envelope["available"] == 405500
    assert all(
        math.isnan(envelope[name]) for name in ("paid", "committed", "consumed", "rate", "not_consumed")
    )
    assert reliquat(tables["finances_convention"], tables[CREDITS], "2024-2025")["carried_in"] == 35000


def test_planned_by_action_in_2024_2025_is_the_request_of_each_action(tables):
    requested = requested_by_action(tables)
    planned = requested.set_index("action")["planned"].to_dict()
    # New fiches, header « FINANCEMENT AMI » (lines 7956, 8102, 8413, 8631, 9220, 9390).
    assert {code: planned[code] for code in ("17", "20", "21", "22", "23", "24")} == {
        "17": 12000,
        "20": 40000,
        "21": 36000,
        "22": 70000,
        "23": 20000,
        "24": 0,
    }
    # Continued actions: the request printed on their page of §1 (lines 1468, 1688, 1779, 2018, 2513, 2843);
    # FA 5 becomes the FA 5 adaptée.
    assert {code: planned[code] for code in ("1bis", "3", "4", "5_adaptee", "7", "9")} == {
        "1bis": 20000,
        "3": 30000,
        "4": 10000,
        "5_adaptee": 22500,
        "7": 70000,
        "9": 75000,
    }
    assert "5" not in planned and "18" not in planned and "19" not in planned
    by_type = requested.groupby("typologie")["planned"].sum()
    assert by_type.to_dict() == {
        "nouvelles": 178000,
        "poursuivre_renouveler": 227500,
    }  # §4.5, lines 6077-6079
    assert requested["planned"].sum() == 405500 and set(requested["periode"]) == {"2024-2025"}


def test_announced_cofinancing_of_the_new_fiches(tables):
    announced = announced_cofinancing(tables["fiches_financements"])
    assert announced[["action", "financeur", "amount"]].values.tolist() == [
        ["22", "metropole", 12000.0],  # « MTPM (FAJ) », line 8625
        ["24", "metropole_ddets", 40000.0],  # « FINANCEMENT MTPM ET DDETS : 40 000 € », line 9386
    ]
    funding = tables["perspectives_financement"]
    printed = funding[
        (funding["emplacement"] == "tableau")
        & (funding["typologie"] == "nouvelles")
        & (funding["poste"] == "cofinancement")
    ]
    assert announced["amount"].sum() == printed["valeur"].iloc[0] == 52000


# ------------------------------------------------------------------------------------------------
# The empty case: the analyst has not filled the year yet.


def test_empty_tables_give_missing_amounts_never_zeros(tables):
    planned = planned_by_action(requested_by_action(tables), tables[CREDITS], "2024-2025")
    by_action = plan2_by_action(planned, tables[CREDITS], "2024-2025")
    assert len(by_action) == 12 and by_action[["paid", "committed", "consumed", "rate"]].isna().all().all()
    totals = plan2_totals(by_action)
    assert totals["planned"] == 405500 and math.isnan(totals["consumed"]) and math.isnan(totals["rate"])
    assert missing_amounts(by_action)["consumed"] == list(by_action["action"])
    table = pages.plan2_by_action_table(by_action, totals, "2024-2025", planned["source"])
    assert table.frame.iloc[-1].tolist()[0] == "Total" and set(table.frame["Consommé"]) == {"n.d."}
    cofinancing = cofinancing_by_action(
        tables[COFINANCING], announced_cofinancing(tables["fiches_financements"]), "2024-2025"
    )
    statement = pages.plan2_missing(2025, "2024-2025", by_action, cofinancing)
    assert statement.text.startswith("Donnée non disponible pour 2025 : la synthèse financière du plan LDA 2")
    assert "aucun co-financement" in statement.text
    assert pages.cofinancing_by_funder_table(
        cofinancing_by_funder(tables[COFINANCING], "2024-2025"), "2024-2025", ()
    ).frame.empty


def test_a_year_without_its_avenant(tables):
    envelope = plan2_envelope(tables["finances_convention"], tables[CREDITS], "2026")
    assert math.isnan(envelope["planned"]) and math.isnan(envelope["reliquat_in"])
    assert "n'est pas encore disponible" in pages.plan2_statement(envelope, "2026").text
    planned = planned_by_action(requested_by_action(tables), tables[CREDITS], "2026")
    assert planned.empty
    table = pages.plan2_by_action_table(plan2_by_action(planned, tables[CREDITS], "2026"), {}, "2026", ())
    assert table.frame.empty and table.empty.startswith("Donnée non disponible")


@pytest.mark.parametrize("period", ["2021-2022", "2023-2024", "2021-2024", "2024-2027"])
def test_a_period_of_plan_1_is_refused(tables, period):
    with pytest.raises(ValueError, match="plan LDA 1 a sa propre synthèse"):
        plan2_envelope(tables["finances_convention"], tables[CREDITS], period)


# ------------------------------------------------------------------------------------------------
# Computations on filled tables (données fictives).


def test_synthesis_by_action_with_fictional_amounts(tables):
    # Données fictives : montants inventés pour le test, jamais publiés.
    credits = _credits(
        [
            ("2024-2025", "22", "verse", 70000, "observe"),
            ("2024-2025", "22", "engage", 70000, "observe"),
            ("2024-2025", "22", "consomme", 56000, "observe"),
            ("2024-2025", "17", "consomme", 12000, "observe"),
        ]
    )
    planned = planned_by_action(requested_by_action(tables), credits, "2024-2025")
    by_action = plan2_by_action(planned, credits, "2024-2025").set_index("action")
    assert by_action.loc["22", ["paid", "committed", "consumed", "rate", "not_consumed"]].tolist() == [
        70000,
        70000,
        56000,
        80.0,
        14000,
    ]
    assert by_action.loc["17", "rate"] == 100 and math.isnan(by_action.loc["17", "paid"])
    envelope = plan2_envelope(tables["finances_convention"], credits, "2024-2025")
    assert envelope["consumed"] == 68000
    assert envelope["not_consumed"] == 405500 - 68000  # 370 500 paid + 35 000 of reliquat − consumed
    assert pages.plan2_statement(envelope, "2024-2025").text.endswith(
        "restent non consommés en fin de période."
    )
    missing = pages.plan2_missing(2025, "2024-2025", by_action.reset_index(), pd.DataFrame({"amount": [1.0]}))
    assert "montants consommés manquants pour FA 1 bis" in missing.text


def test_an_avenant_year_with_fictional_amounts(tables):
    # Données fictives : un avenant 2026 inventé (total et montants par action).
    credits = _credits(
        [
            ("2026", "", "prevu_avenant", 300000, "total"),
            ("2026", "", "reliquat_reporte", 20000, "observe"),
            ("2026", "", "verse", 280000, "observe"),
            ("2026", "7", "prevu_avenant", 200000, "observe"),
            ("2026", "22", "prevu_avenant", 100000, "observe"),
            ("2026", "7", "consomme", 150000, "observe"),
        ]
    )
    planned = planned_by_action(requested_by_action(tables), credits, "2026")
    assert planned[["action", "planned", "basis"]].values.tolist() == [
        ["7", 200000.0, "avenant"],
        ["22", 100000.0, "avenant"],
    ]
    envelope = plan2_envelope(tables["finances_convention"], credits, "2026")
    assert (envelope["planned"], envelope["reliquat_in"], envelope["state_paid"]) == (300000, 20000, 280000)
    assert reliquat(tables["finances_convention"], credits, "2026") == {"carried_in": 20000, "left": 150000}
    # The 2024-2025 rows are never counted in 2026.
    assert math.isnan(plan2_envelope(tables["finances_convention"], credits, "2024-2025")["consumed"])


def test_cofinancing_by_funder_and_action():
    # Données fictives.
    rows = _cofinancing(
        [
            ("2024-2025", "22", "metropole", 11200),
            ("2024-2025", "24", "metropole", 20000),
            ("2024-2025", "24", "ddets", 20000),
            ("2026", "24", "ddets", 5000),
        ]
    )
    by_funder = cofinancing_by_funder(rows, "2024-2025")
    assert by_funder[["financeur", "amount"]].values.tolist() == [["metropole", 31200.0], ["ddets", 20000.0]]
    table = pages.cofinancing_by_funder_table(by_funder, "2024-2025", rows["source"])
    assert table.frame["Financeur"].iloc[-1] == "Total"
    announced = pd.DataFrame(
        {
            "action": ["22"],
            "periode": ["2024-2025"],
            "financeur": ["metropole"],
            "amount": [12000.0],
            "source": ["x"],
        }
    )
    by_action = cofinancing_by_action(rows, announced, "2024-2025").set_index("action")
    assert by_action.loc["22", ["announced", "amount"]].tolist() == [12000, 11200]
    assert by_action.loc["24", "funders"] == ["metropole", "ddets"] and math.isnan(
        by_action.loc["24", "announced"]
    )


# ------------------------------------------------------------------------------------------------
# Checks.


def test_checks_on_the_embedded_data(tables):
    results = [result for result in run_checks(tables, "finances") if ".plan2_" in result.check]
    assert results and {result.status for result in results} <= {OK, NOT_APPLICABLE}
    planned = [result for result in results if result.check == "finances.plan2_planned_by_action"]
    assert [(result.printed, result.computed) for result in planned] == [
        (227500, 227500),
        (178000, 178000),
        (405500, 405500),
    ]


def _with(tables, **frames):
    return {**tables, **frames}


def test_consumed_above_paid_and_reliquat_fails(tables):
    # Données fictives : 410 000 € consommés pour 405 500 € disponibles.
    credits = _credits([("2024-2025", "7", "consomme", 410000, "observe")])
    (result,) = plan2_checks.plan2_consumed_within_available(_with(tables, **{CREDITS: credits}))
    assert (result.status, result.printed, result.computed) == (FAILED, 405500, 410000)


def test_convention_amounts_typed_again_fail(tables):
    # Données fictives : un « prévu par l'avenant » pour 2024-2025, que la convention fixe déjà.
    credits = _credits([("2024-2025", "", "prevu_avenant", 405500, "observe")])
    results = plan2_checks.plan2_convention_amounts_once(_with(tables, **{CREDITS: credits}))
    assert [result.status for result in results] == [FAILED]


def test_a_typed_total_must_add_up(tables):
    # Données fictives.
    credits = _credits(
        [
            ("2026", "", "consomme", 100000, "total"),
            ("2026", "7", "consomme", 60000, "observe"),
            ("2026", "22", "consomme", 30000, "observe"),
        ]
    )
    (result,) = plan2_checks.plan2_printed_totals(_with(tables, **{CREDITS: credits}))
    assert (result.status, result.printed, result.computed) == (FAILED, 100000, 90000)


def test_plan2_tables_hold_only_plan2_periods(tables):
    results = plan2_checks.plan2_periods_only(tables)
    assert [result.status for result in results] == [OK, OK, OK]
    assert plan2_periods() == ["2024-2025", "2026", "2027"]


# ------------------------------------------------------------------------------------------------
# Schema, editions and the analyst's workbook.


def test_the_bilan_of_plan_1_does_not_see_the_plan2_tables():
    edition_2024 = load_edition(2024)
    assert CREDITS not in edition_2024.tables and COFINANCING not in edition_2024.tables
    assert not [result for result in edition_2024.check_results if ".plan2_" in result.check]
    edition_2025 = load_edition(2025)
    assert CREDITS in edition_2025.tables and COFINANCING in edition_2025.tables
    assert [result for result in edition_2025.check_results if ".plan2_" in result.check]


def test_actions_are_those_of_the_roadmap(tables):
    roadmap = set(tables["perspectives_feuille_de_route"]["action"]) - {"5"}  # FA 5 becomes FA 5 adaptée
    schema = get_schema()
    for name in (CREDITS, COFINANCING):
        assert set(schema.table(name).columns["action"].values) == roadmap
        assert len(name) <= 31 and schema.table(name).reports == ("annuel",)


def test_template_rows_are_the_actions_the_convention_funds(tables):
    requested = requested_by_action(tables)
    funded = set(requested.loc[requested["planned"] > 0, "action"])
    declared = get_schema().table(CREDITS).template_rows
    assert {row["action"] for row in declared} == funded  # 6 continued and 5 new actions (§4.5)
    assert {row["poste"] for row in declared} == {"verse", "engage", "consomme"} and len(declared) == 33
    funders = {(row["action"], row["financeur"]) for row in get_schema().table(COFINANCING).template_rows}
    assert {("22", "metropole"), ("24", "metropole"), ("24", "ddets")} <= funders


def test_the_2025_template_offers_the_credit_rows():
    edition = load_edition(2025)
    offered = template_tables(edition.tables, 2025)[CREDITS]
    assert len(offered) == 33 and set(offered["periode"]) == {"2024-2025"}
    assert set(offered["action"]) <= set(get_schema().table(CREDITS).columns["action"].values)


def test_the_2025_template_offers_the_cofinancing_rows():
    edition = load_edition(2025)
    offered = template_tables(edition.tables, 2025)[COFINANCING]
    assert len(offered) == 7
    assert set(offered["action"]) <= set(get_schema().table(COFINANCING).columns["action"].values)


def test_a_period_that_plans_nothing_asks_nothing_and_its_page_says_so():
    """2026 in the embedded data: no credits, no request. The merge of two empty tables used to fail
    (codes typed as numbers), stopping the build of the edition."""
    tables = load_tables()
    request = avenant_request(tables, "2026")
    assert request.empty and list(request.columns) == ["action", "requested", "planned", "consumed"]
    assert pages.avenant_request_statement(tables, "2026").text == (
        "Donnée non disponible : la demande de financement pour l'avenant 2027 n'est pas encore saisie."
    )
