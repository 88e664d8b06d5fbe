"""What a careful reader checks across the report (lda_analysis.domains.actions.checks.lecture, and the
action 13 typology): the chronology of milestones, an action's status on its page, in the 2024-2027
roadmap and in the financial synthesis, and the ratios computed from a budget."""

import math

import pytest

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.domains.checks import DISCREPANCY, OK, run_checks
from lda_analysis.domains.finances.computations import cofinancing_ratio, cost_per_beneficiary
from lda_analysis.domains.finances.pages import cost_per_beneficiary_table


@pytest.fixture
def tables():
    return load_tables()


def _results(tables, title_start):
    return [result for result in run_checks(tables, "actions") if result.title.startswith(title_start)]


def _statuses(results):
    return {result.subject.split(" :")[0]: result.status for result in results}


def test_chronology_finds_the_platform_launched_before_its_means(tables):
    results = _results(tables, "La chronologie d'une action")
    assert [(result.subject[:9], result.status) for result in results] == [
        ("Action 1 ", OK),
        ("Action 7 ", DISCREPANCY),  # recruitment 10/22 after the launch of 04/2022
        ("Action 7 ", DISCREPANCY),  # payment 21/11/22 after the launch
        ("Action 14", OK),
    ]
    assert (results[1].printed, results[1].computed) == ("10/2022", "04/2022")
    assert any("ligne 2324" in source or "2324" in source for source in results[1].sources)


def test_chronology_catches_a_payment_dated_before_its_convention(tables):
    milestones = tables["actions_jalons"].copy()
    payment = (milestones["action"] == "1") & (milestones["rang"] == 2)
    milestones.loc[payment, ["annee_debut", "mois_debut", "jour_debut"]] = [
        2022,
        7,
        1,
    ]  # before the convention of 25/07/22
    results = _results({**tables, "actions_jalons": milestones}, "La chronologie d'une action")
    assert results[0].status == DISCREPANCY and results[0].computed == "01/07/2022"


def test_status_on_the_page_against_the_roadmap(tables):
    statuses = _statuses(_results(tables, "Le statut d'une action sur sa page"))
    # Only action 1 (undated « ACTION TERMINEE », « en cours » in the roadmap): actions 10 and 13bis
    # end « au 31/12/2024 » / « Fin 2024 », which is what « sera terminée en déc. 2024 » says.
    assert {action for action, status in statuses.items() if status == DISCREPANCY} == {"Action 1"}
    assert statuses["Action 10"] == statuses["Action 13bis"] == OK
    follow_ups = tables["actions_suites"].copy()
    follow_ups.loc[follow_ups["action"] == "10", "annee_statut"] = 2023  # ended a year earlier
    earlier = _statuses(_results({**tables, "actions_suites": follow_ups}, "Le statut d'une action"))
    assert earlier["Action 10"] == DISCREPANCY
    assert statuses["Action 2"] == statuses["Action 11"] == statuses["Action 15"] == OK
    roadmap = tables["perspectives_feuille_de_route"].copy()
    roadmap.loc[roadmap["action"] == "1", "statut"] = "terminee"
    fixed = _statuses(
        _results({**tables, "perspectives_feuille_de_route": roadmap}, "Le statut d'une action")
    )
    assert fixed["Action 1"] == OK


def test_status_against_the_synthesis_needs_the_unconsumed_explained(tables):
    results = _results(tables, "Une action terminée sur sa page a consommé")
    assert {result.status for result in results} == {OK}
    assert [result.subject.split(" (")[0] for result in results] == [
        "Action 1", "Action 2", "Action 10", "Action 13", "Action 13bis", "Action 14", "Action 16",
    ]  # fmt: skip
    synthesis = tables["finances_synthese"]
    without = synthesis[~((synthesis["action"] == "16") & (synthesis["mesure"] == "non_consomme"))]
    results = _results({**tables, "finances_synthese": without}, "Une action terminée sur sa page a consommé")
    sixteen = next(result for result in results if result.subject.startswith("Action 16"))
    assert (sixteen.status, sixteen.printed, sixteen.computed) == (DISCREPANCY, 0.0, 20000.0)


def test_typology_must_equal_a_count_of_the_page(tables):
    results = _results(tables, "Action 13 : la typologie des ménages suivis")
    assert [(result.printed, result.computed, result.status) for result in results] == [
        (34.0, 45.0, DISCREPANCY),  # measures carried out
        (54.0, 45.0, DISCREPANCY),  # 59 measures allocated minus 5 cancellations
    ]
    indicators = tables["actions_indicateurs"].copy()
    women = (indicators["action"] == "13") & (indicators["rang"] == 11)
    indicators.loc[women, "valeur"] = 11.0  # 45 - 11 = 34: the typology now gives the measures carried out
    results = _results({**tables, "actions_indicateurs": indicators}, "Action 13 : la typologie")
    assert results[0].status == OK


def test_reader_ratios():
    assert round(cofinancing_ratio(load_table("finances_allocation")), 2) == 29.42  # 238 330 / 810 000
    costs = cost_per_beneficiary(load_tables())
    assert costs[["action", "consumed", "unspent", "count", "count_period"]].values.tolist() == [
        ["13", 60000.0, 0.0, 34.0, "2021-2023"],
        ["14", 65000.0, 65000.0, 37.0, "2022"],
        ["14", 65000.0, 65000.0, 83.0, "2022"],
        ["16", 40000.0, 0.0, 30.0, "2023-2024"],
    ]
    table = cost_per_beneficiary_table(costs)
    # Action 14's page: « 22 500 € … provisionné … pour être utilisé en 2024 » (lines 3409-3417) and
    # « Subvention N2 42 500 € /18 mois (non réalisé / report sur N3) » (line 3421): nothing was spent
    # on the 37 households (83 people) of 2022, so no ratio (was 1 757 € and 783 €, dividing 65 000 €).
    assert list(table.frame["Crédits dépensés par unité (calculé)"]) == [
        "1\u202f765\xa0€ par mesure d'accompagnement réalisée",
        "non calculé",
        "non calculé",
        "1\u202f333\xa0€ par jeune participant aux focus groups",
    ]
    caveats = list(table.frame["À savoir"])
    assert caveats[0] == ""
    assert caveats[1] == (
        "Aucun crédit dépensé auprès de cet effectif selon la page de l'action : 42\u202f500\xa0€ de la "
        "subvention 2022-2023 non réalisés (report sur N3) ; 22\u202f500\xa0€ provisionnés pour être "
        "dépensés en 2024"
    )
    # Action 16: 30 young people of the focus groups (2023-2024, line 3708), not the target of
    # objective 1; the synthesis places the 40 000 € in 2022-2023, the page in 2023-2024.
    assert caveats[3] == (
        "L'effectif porte sur 2023-2024, les crédits sur 2022-2023 selon la synthèse (2023-2024 selon la "
        "page de l'action)"
    )
    assert any("p. 10-11" in source for source in table.sources)


def test_a_count_that_is_a_target_gives_no_ratio():
    tables = load_tables()
    indicators = tables["actions_indicateurs"].copy()
    indicators.loc[(indicators["action"] == "13") & (indicators["rang"] == 2), "nature"] = "objectif"
    costs = cost_per_beneficiary({**tables, "actions_indicateurs": indicators})
    thirteen = costs[costs["action"] == "13"].iloc[0]
    assert (
        math.isnan(thirteen["cost"])
        and thirteen["caveat"] == "l'effectif est un objectif, pas un chiffre constaté"
    )


def test_a_count_or_credits_missing_leave_the_action_out():
    tables = load_tables()
    indicators = tables["actions_indicateurs"]
    costs = cost_per_beneficiary({**tables, "actions_indicateurs": indicators[indicators["action"] != "16"]})
    assert "16" not in set(costs["action"])
