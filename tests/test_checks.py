"""The consistency-check framework, the headline indicators' checks and `lda-book check`."""

import pytest

from lda_analysis.checks import (
    CONCORDANCE,
    DISCREPANCY,
    DOMAINS,
    FAILED,
    OK,
    equality_result,
    load_checks,
    report_text,
    run_checks,
    sum_result,
    summary,
)
from lda_analysis.cli import main
from lda_analysis.data import load_tables
from lda_analysis.statements import checks_statement
from lda_analysis.tables import checks_table, discrepancies_table, reported_figures_table

from .conftest import edit_cell


def test_every_check_passes_on_the_embedded_data():
    results = run_checks(load_tables())
    assert results, "aucun contrôle"
    assert [r for r in results if r.status == FAILED] == []


def test_every_registered_check_belongs_to_a_known_domain():
    for identifier, registered in load_checks().items():
        assert registered.domain in DOMAINS, identifier
        assert identifier.startswith(registered.domain + ".")


def test_sum_result_compares_to_the_cent():
    assert sum_result("x.y", "Total", "année 1", [330000.0, 265000.0, 250000.0], 845000,
                      ["a", "a"]).status == OK
    result = sum_result("x.y", "Total", "année 1", [330000.0, 265000.0], 845000, ["a"])
    assert (result.status, result.computed, result.printed, result.sources) == (FAILED, 595000.0, 845000.0, ("a",))


def test_concordance_mismatch_is_a_discrepancy_not_a_failure():
    assert equality_result("x.y", "T", "s", 20000, 40000, ["p. 12", "p. 41"], kind=CONCORDANCE).status == DISCREPANCY
    assert equality_result("x.y", "T", "s", 20000, 40000, ["p. 12"]).status == FAILED
    assert equality_result("x.y", "T", "s", 20000, 20000.001, ["p. 12"]).status == OK


def test_access_conclusion_becomes_a_discrepancy_if_the_rates_contradict_it(data_copy):
    # Made-up: the rest of the Var progresses more for the sans-abri (line 13: sans_abri, Var, 2024).
    edit_cell(data_copy / "acces_logement_social.csv", 13, "value", "3.5")
    results = [r for r in run_checks(load_tables(data_copy), "indicateurs")
               if r.check == "indicateurs.access_progression_conclusion"]
    assert [(r.subject, r.status) for r in results] == [
        ("hebergement_generaliste, 2017 → 2024", OK), ("sans_abri, 2017 → 2024", DISCREPANCY)]


def test_report_text_is_french_and_lists_what_is_not_conforming():
    results = [equality_result("x.a", "Total alloué", "préambule", 845000, 845000, ["p. 5"], "euros"),
               equality_result("x.b", "Action 16", "année 1", 20000, 40000, ["p. 12", "p. 41"], "euros",
                               kind=CONCORDANCE)]
    text = report_text(results)
    assert text.splitlines()[0] == "2 contrôles : 1 conformes, 1 écarts documentés (le document se contredit), 0 échecs."
    assert "[écart] Action 16 — année 1 : imprimé 20\u202f000\xa0€, données 40\u202f000\xa0€" in text
    assert "Total alloué" not in text and "Total alloué" in report_text(results, show_all=True)
    assert summary(results) == {OK: 1, DISCREPANCY: 1, FAILED: 0}


def test_check_statement_counts_discrepancies_and_failures():
    results = [equality_result("x.b", "A", "s", 1, 2, ["p"], kind=CONCORDANCE),
               equality_result("x.c", "B", "s", 1, 2, ["p"])]
    text = checks_statement(results).text
    assert text.startswith("Sur 2 contrôles, 0 sont conformes")
    assert "se contredit en 1 endroit :" in text and "1 contrôle échoue" in text


def test_check_tables_show_both_figures_and_sources():
    result = equality_result("x.b", "Action 16", "année 1", 20000, 40000,
                             ["Synthèse financière (p. 11)", "Fiche action 16 (p. 41)"], "euros",
                             kind=CONCORDANCE)
    row = discrepancies_table([result], "Écarts").frame.iloc[0].tolist()
    assert row[:5] == ["Action 16 — année 1", "20\u202f000\xa0€", "Synthèse financière (p. 11)",
                       "40\u202f000\xa0€", "Fiche action 16 (p. 41)"]
    assert checks_table([result], "Finances").frame.iloc[0]["Statut"] == DISCREPANCY


def test_reported_figures_are_all_listed():
    frame = reported_figures_table(load_tables()).frame
    assert {"+30\xa0%", "9", "5,9"} <= set(frame["Valeur"])


def test_cli_check_exit_codes(capsys, data_copy):
    assert main(["check"]) == 0
    assert "0 échecs" in capsys.readouterr().out.splitlines()[0]
    edit_cell(data_copy / "acces_logement_social.csv", 2, "value", "abc")
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    assert "acces_logement_social.csv, ligne 2, colonne « value »" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [[], ["--tout"]])
def test_cli_check_lists_results(capsys, flag):
    main(["check", *flag])
    out = capsys.readouterr().out
    assert ("[conforme] La conclusion du §3.1" in out) == bool(flag)
