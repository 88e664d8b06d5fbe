"""Finances domain: the convention 2024-2027, its calendar, the préambule's allocation table, the
financial synthesis of years 1 to 3 (rebuilt column by column) and the subsidies of the action pages.
"""

import pytest

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.provenance import value_on_line
from lda_analysis.domains.checks import DISCREPANCY, FAILED, OK, run_checks

from .conftest import edit_cell

TABLES = {
    "finances_convention": 15,
    "finances_convention_textes": 30,
    "finances_calendrier": 9,
    "finances_allocation": 9,
    "finances_preambule_chiffres": 6,
    "finances_synthese": 55,
    "finances_commentaires": 7,
    "finances_subventions_actions": 27,
}


def _tables(data_dir=None):
    """Every table of the data folder: some finance checks compare with other domains' tables
    (actions_montants, territoire_autres_actions, perspectives_financement, perspectives_calendrier)."""
    return load_tables(data_dir)


def _results(tables):
    return run_checks(tables, "finances")


def _by_check(results, identifier):
    return [result for result in results if result.check == f"finances.{identifier}"]


@pytest.mark.parametrize("name, rows", sorted(TABLES.items()))
def test_table_loads_with_its_rows(name, rows):
    assert len(load_table(name)) == rows


def test_convention_amounts():
    convention = load_table("finances_convention").set_index(["article", "mesure"])["valeur"]
    assert convention[("article_2_3_1", "soutien_etat_plan1")] == 845000
    assert convention[("article_2_3_1", "soutien_etat_maximal")] == 405500
    assert convention[("article_2_3_1", "reliquat_plan1")] == 35000
    assert convention[("article_2_3_1", "subvention_versee")] == 370500
    assert convention[("article_2_3_2", "subvention_versee")] == 370500
    assert convention[("article_5", "plafond_reversement")] == 20
    assert convention[("article_3", "duree_annees")] == 3 and convention[("article_3", "duree_mois")] == 3
    kinds = load_table("finances_convention").set_index("mesure")["nature_chiffre"]
    assert kinds["soutien_etat_maximal"] == "total" and kinds["reliquat_plan1"] == "observe"


def test_convention_dates():
    texts = load_table("finances_convention_textes").set_index("clause")
    assert texts.loc["deliberation", "date"] == "2024-11-29"
    assert texts.loc["signature_limite", "date"] == "2024-12-15"
    assert texts.loc["projet_territorial", "date"] == ""
    assert texts.loc["projet_territorial", "periode_imprimee"] == "juin 2024"
    assert "au maximum 20% des crédits versés l’année précédente" in texts.loc["reversement_plafond", "texte"]


def test_calendar_dates_only_where_the_document_gives_them():
    periods = load_table("finances_calendrier").set_index("periode")
    assert set(periods.index) == {
        "2021-2022",
        "2022-2023",
        "2023-2024",
        "2021-2024",
        "2024-2025",
        "2026",
        "2027",
        "2026-2027",
        "2024-2027",
    }
    assert (periods.loc["2024-2025", "date_debut"], periods.loc["2024-2025", "date_fin"]) == (
        "2024-10-01",
        "2025-12-31",
    )
    assert (periods.loc["2024-2027", "date_debut"], periods.loc["2024-2027", "date_fin"]) == (
        "2024-10-01",
        "2027-12-31",
    )
    for period in ("2021-2022", "2022-2023", "2023-2024", "2021-2024", "2026"):
        assert periods.loc[period, "date_debut"] == periods.loc[period, "date_fin"] == ""
    assert periods.loc["2022-2023", "instrument"] == "avenant_1"
    assert periods.loc["2024-2025", "texte"].endswith("qui va du 01 octobre 2024 au 31 décembre 2025.")


def test_preamble_allocation():
    allocation = load_table("finances_allocation").set_index(["mesure", "action", "periode"])["valeur"]
    years = ("2021-2022", "2022-2023", "2023-2024")
    assert [allocation[("montant_alloue", "", year)] for year in years] == [330000, 265000, 250000]
    assert allocation[("montant_alloue", "", "2021-2024")] == 845000
    assert allocation[("enveloppe_consommee", "", "2021-2024")] == 810000
    assert allocation[("ecart", "", "2021-2024")] == 35000
    assert allocation[("cofinancements", "", "2021-2024")] == 238330
    assert allocation[("ecart", "1", "2021-2022")] == 15000
    assert allocation[("ecart", "16", "2021-2022")] == 20000


def test_preamble_other_figures():
    figures = load_table("finances_preambule_chiffres").set_index("mesure")["valeur"]
    assert (figures["reunions_coop_min"], figures["reunions_coop_max"]) == (3, 4)
    assert figures["age_min_residences_habitat_jeunes"] == 16
    assert figures["age_max_residences_habitat_jeunes"] == 30


def test_synthesis_reconstruction():
    synthesis = load_table("finances_synthese").set_index(["ligne", "mesure", "periode"])["valeur"]
    assert synthesis[("a1", "prevu", "2021-2022")] == 35000
    assert synthesis[("a1", "consomme", "2021-2022")] == 20000
    assert synthesis[("a1bis", "consomme", "2023-2024")] == 50000
    assert synthesis[("a9", "prevu", "2023-2024")] == 76670
    assert synthesis[("a13bis", "consomme", "2023-2024")] == 58330
    # Action 15: 15 000 € planned in year 2, consumed in year 3; action 16: 40 000 € in year 2.
    assert synthesis[("a15", "prevu", "2022-2023")] == 15000
    assert synthesis[("a15", "consomme", "2023-2024")] == 15000
    assert ("a15", "consomme", "2022-2023") not in synthesis.index
    assert synthesis[("a16", "consomme", "2022-2023")] == 40000
    assert ("a16", "consomme", "2021-2022") not in synthesis.index  # blank cell: not a zero
    assert synthesis[("total", "consomme", "2023-2024")] == 265000
    frame = load_table("finances_synthese")
    assert set(frame.loc[frame["ligne"] == "total", "nature_chiffre"]) == {"total"}
    assert set(frame.loc[frame["ligne"] != "total", "nature_chiffre"]) == {"observe"}
    assert not {"4", "6", "8", "11", "12"} & set(frame["action"])


def test_action_page_subsidies():
    pages = load_table("finances_subventions_actions").set_index(["action", "rang"])
    assert pages.loc[("7", 1), "valeur"] == 20000 and pages.loc[("7", 1), "beneficiaire"] == "fas"
    assert pages.loc[("7", 2), "valeur"] == 70000 and pages.loc[("7", 2), "ligne_source"] == 2350
    assert pages.loc[("9", 2), "financeur"] == "plan_solidarite" and pages.loc[("9", 2), "valeur"] == 115000
    assert pages.loc[("15", 3), "valeur"] == 0 and pages.loc[("15", 3), "periode"] == "2022-2023"
    assert pages.loc[("16", 1), "periode"] == "2023-2024" and pages.loc[("16", 1), "valeur"] == 40000
    assert pages.loc[("2", 2), "nature"] == "cofinancement"
    assert pages.loc[("2", 2), "financeur"] == "metropole"
    assert pages.loc[("14", 2), "nature"] == "subvention_non_realisee"


def test_months_are_printed_on_their_line():
    # The back test traces ``value``; the months printed with an amount are traced here (« /12 mois »,
    # « sur 8 mois » on the line after the amount).
    pages = load_table("finances_subventions_actions")
    with_months = pages[pages["duree_mois"].notna()]
    assert len(with_months) == 4
    for row in with_months.itertuples():
        assert any(value_on_line(int(row.duree_mois), row.ligne_source + offset) for offset in (0, 1)), row


def test_comments_are_verbatim():
    comments = load_table("finances_commentaires").set_index(["place", "ligne"])["texte"]
    assert comments[("synthese", "a15")] == "Dépense prévue au 2° semestre 2024"
    assert comments[("preambule", "")].endswith(
        "Il est proposé de reporter cette enveloppe sur la période 2024-2025."
    )


def test_checks_have_no_failure_and_report_the_discrepancies():
    results = _results(_tables())
    assert results and not [result for result in results if result.status == FAILED]
    # The six printed totals of the TOTAL line (planned and consumed, years 1 to 3) are reproduced.
    assert [(r.subject, r.printed, r.status) for r in _by_check(results, "synthesis_totals")] == [
        ("2021-2022, montant prévu", 330000, OK),
        ("2021-2022, montant consommé", 295000, OK),
        ("2022-2023, montant prévu", 265000, OK),
        ("2022-2023, montant consommé", 250000, OK),
        ("2023-2024, montant prévu", 250000, OK),
        ("2023-2024, montant consommé", 265000, OK),
    ]
    discrepancies = {
        (result.check, result.subject): (result.printed, result.computed)
        for result in results
        if result.status == DISCREPANCY
    }

    def page(action, period, where):
        # Where the action's page prints the subsidy, as a reader finds it: its page, not a line of
        # the extracted text (the rows keep that line, column source_line).
        return (
            "finances.pages_and_synthesis",
            f"action {action}, {period} : page de l'action ({where}) et synthèse (prévu)",
        )

    assert discrepancies[page("15", "2021-2022", "p. 39-40, 1re mention")] == (45000, 30000)
    assert discrepancies[page("15", "2021-2022", "p. 39-40, 2e mention")] == (45000, 30000)
    assert discrepancies[page("15", "2022-2023", "p. 39-40")] == (0, 15000)
    assert discrepancies[page("16", "2023-2024", "p. 41-42")] == (40000, 0)
    # Amounts in subjects and figures are written as the book writes them (babel: narrow no-break space
    # between thousands, no-break space before €).
    assert discrepancies[("finances.not_realised_but_consumed", "action 14, 2022-2023 (42\u202f500\xa0€)")][
        1
    ] == ("consommé 42\u202f500\xa0€ (synthèse)")
    printed, computed = discrepancies[("finances.beneficiaries", "action 7, 2021-2022, 20\u202f000\xa0€")]
    assert printed.startswith("FAPIL") and computed.startswith("Fédération des acteurs de la solidarité")
    # The finances' own discrepancies are those above (the calendar's are the next test's).
    assert {key for key in discrepancies if key[0] != "finances.calendar_and_roadmap"} == {
        page("15", "2021-2022", "p. 39-40, 1re mention"),
        page("15", "2021-2022", "p. 39-40, 2e mention"),
        page("15", "2022-2023", "p. 39-40"),
        page("16", "2023-2024", "p. 41-42"),
        ("finances.not_realised_but_consumed", "action 14, 2022-2023 (42\u202f500\xa0€)"),
        ("finances.beneficiaries", "action 7, 2021-2022, 20\u202f000\xa0€"),
    }


def test_calendar_discrepancy_with_the_roadmap():
    results = _by_check(_results(_tables()), "calendar_and_roadmap")
    starts = [result for result in results if "2024-2025 : début" in result.subject]
    assert starts and all(
        (result.status, result.printed, result.computed) == (DISCREPANCY, "octobre 2024", "septembre 2024")
        for result in starts
    )


def test_synthesis_placement_is_forced_by_the_totals(data_copy):
    # Reading action 16's 40 000 € in 2023-2024, as its page does, breaks the printed totals.
    path = data_copy / "finances_synthese.csv"
    frame = load_table("finances_synthese")
    for offset in frame.index[(frame["ligne"] == "a16") & (frame["periode"] == "2022-2023")]:
        edit_cell(path, offset + 2, "periode", "2023-2024")
    results = _by_check(_results(_tables(data_copy)), "synthesis_totals")
    failed = {result.subject for result in results if result.status == FAILED}
    assert failed == {
        "2022-2023, montant prévu",
        "2022-2023, montant consommé",
        "2023-2024, montant prévu",
        "2023-2024, montant consommé",
    }


def test_a_wrong_amount_makes_a_coherence_check_fail(data_copy):
    path = data_copy / "finances_allocation.csv"
    frame = load_table("finances_allocation")
    row = frame.index[(frame["mesure"] == "montant_alloue") & (frame["periode"] == "2022-2023")][0]
    edit_cell(path, row + 2, "valeur", "256000")
    results = _results(_tables(data_copy))
    failed = {result.check for result in results if result.status == FAILED}
    assert "finances.preamble_allocated_total" in failed
    # The same typo also breaks the agreement with the synthesis: a discrepancy, not a failure.
    assert any(
        result.status == DISCREPANCY and result.subject.startswith("2022-2023 : montant alloué")
        for result in _by_check(results, "preamble_and_synthesis")
    )
