"""The consistency-check framework, the headline indicators' checks and `lda-book check`."""

import pytest

import lda_analysis
from lda_analysis.checks import (
    CONCORDANCE,
    DISCREPANCY,
    FAILED,
    NOT_APPLICABLE,
    OK,
    equality_result,
    load_checks,
    report_text,
    results_by_domain,
    run_checks,
    sum_result,
    summary,
)
from lda_analysis.cli import main
from lda_analysis.data import load_tables
from lda_analysis.domains import titles
from lda_analysis.quality import checks_statement, checks_table, discrepancies_table, reported_figures_table

from .conftest import edit_cell

# Made-up counts (not in data/), for the published ratios of pression_demande: a demand count for the
# SNE public (1 463 / 248 attributions = 5,9, as published) and both counts for the PLAI housing
# (1 000 / 100 = 10, where the report prints 9).
MADE_UP_COUNTS = (
    'public_lda_sne,demandes,MTPM,2022,1463,demandes,observed,"Jeu d\'essai des tests (valeur inventée)",,\n'
    'logement_social_plai,demandes,MTPM,2022,1000,demandes,observed,"Jeu d\'essai des tests (valeur inventée)",,\n'
    "logement_social_plai,attributions,MTPM,2022,100,attributions,observed,"
    '"Jeu d\'essai des tests (valeur inventée)",,\n'
)


@pytest.fixture(scope="module")
def results():
    """The checks of the 2024 edition (the yearly rapports' tables are not its own)."""
    from lda_analysis.edition import load_edition

    return run_checks(load_edition(2024).tables)


def test_every_check_passes_on_the_embedded_data(results):
    assert results, "aucun contrôle"
    assert [r for r in results if r.status == FAILED] == []


def test_the_summary_of_the_checks_on_the_embedded_data(results):
    assert len(results) == 435
    assert summary(results) == {OK: 392, DISCREPANCY: 42, FAILED: 0, NOT_APPLICABLE: 1}
    assert [r.check for r in results if r.status == NOT_APPLICABLE] == ["indicateurs.reported_demand_ratios"]
    # Every result carries the identifier of its check, set by run_checks.
    registry = load_checks()
    assert all(result.check in registry for result in results)


def test_every_registered_check_belongs_to_a_known_domain():
    for identifier, registered in load_checks().items():
        assert registered.domain in lda_analysis.DOMAINS, identifier
        assert identifier.startswith(registered.domain + ".")


def test_results_are_grouped_by_domain_in_the_order_of_the_domains(results):
    groups = results_by_domain(results)
    # The 2024 edition's checks: the domains of the yearly rapports alone have none.
    yearly_only = ("engagements", "redaction")
    assert [title for title, _ in groups] == [
        titles()[name] for name in lda_analysis.DOMAINS if name not in yearly_only
    ]
    assert list(titles()) == list(lda_analysis.DOMAINS)
    assert sum(len(found) for _, found in groups) == len(results)
    shown = [name for name in lda_analysis.DOMAINS if name not in yearly_only]
    for (title, found), name in zip(groups, shown, strict=True):
        assert all(result.check.startswith(f"{name}.") for result in found), title
    # A domain without results is left out.
    indicators = [result for result in results if result.check.startswith("indicateurs.")]
    assert [title for title, _ in results_by_domain(indicators)] == ["Indicateurs de tête"]


def test_sum_result_compares_to_the_cent():
    assert sum_result("Total", "année 1", [330000.0, 265000.0, 250000.0], 845000, ["a", "a"]).status == OK
    result = sum_result("Total", "année 1", [330000.0, 265000.0], 845000, ["a"])
    assert (result.status, result.computed, result.printed, result.sources) == (
        FAILED,
        595000.0,
        845000.0,
        ("a",),
    )


def test_concordance_mismatch_is_a_discrepancy_not_a_failure():
    assert equality_result("T", "s", 20000, 40000, ["p. 12", "p. 41"], kind=CONCORDANCE).status == DISCREPANCY
    assert equality_result("T", "s", 20000, 40000, ["p. 12"]).status == FAILED
    assert equality_result("T", "s", 20000, 20000.001, ["p. 12"]).status == OK


def test_access_conclusion_becomes_a_discrepancy_if_the_rates_contradict_it(data_copy):
    # Made-up: the rest of the Var progresses more for the sans-abri (line 13: sans_abri, Var, 2024).
    edit_cell(data_copy / "acces_logement_social.csv", 13, "value", "3.5")
    results = [
        r
        for r in run_checks(load_tables(data_copy), "indicateurs")
        if r.check == "indicateurs.access_progression_conclusion"
    ]
    assert [(r.subject, r.status) for r in results] == [
        ("Personnes sortant d'hébergement généraliste, 2017 → 2024", OK),
        ("Personnes sans-abri, 2017 → 2024", DISCREPANCY),
    ]


def test_a_published_ratio_without_counts_is_not_applicable(results):
    found = [r for r in results if r.check == "indicateurs.reported_demand_ratios"]
    assert len(found) == 1
    (result,) = found
    assert (result.status, result.printed, result.computed) == (NOT_APPLICABLE, None, None)
    assert result.title == "Un ratio demandes / attribution publié concorde avec les comptages"
    assert result.subject.startswith(
        "aucun ratio publié n'a, pour son champ et son année, à la fois le "
        "nombre de demandes et le nombre d'attributions"
    )


def test_a_published_ratio_is_compared_once_the_counts_exist(data_copy):
    path = data_copy / "pression_demande.csv"
    path.write_text(path.read_text(encoding="utf-8") + MADE_UP_COUNTS, encoding="utf-8")
    results = [
        r
        for r in run_checks(load_tables(data_copy), "indicateurs")
        if r.check == "indicateurs.reported_demand_ratios"
    ]
    assert [(r.subject, r.status, r.printed, r.computed) for r in results] == [
        ("logement_social_plai, MTPM, 2022", DISCREPANCY, 9.0, 10.0),
        ("public_lda_sne, MTPM, 2022", OK, 5.9, 5.9),
    ]
    assert all(r.unit == "demandes_par_attribution" for r in results)


def test_a_missing_rate_fails_the_conclusion_check(data_copy):
    # The check of the §3.1 conclusion compares the 2017 and 2024 rates of each public and territory:
    # without the 2017 rate of the sans-abri in the rest of the Var, it fails (it does not stay silent).
    path = data_copy / "acces_logement_social.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("sans_abri,VAR_HORS_TPM,2017,")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    results = [
        r
        for r in run_checks(load_tables(data_copy), "indicateurs")
        if r.check == "indicateurs.access_progression_conclusion"
    ]
    assert [(r.status, r.printed, r.computed) for r in results] == [(FAILED, None, None)]
    assert results[0].title == "La conclusion du §3.1 (progression plus forte sur MTPM) découle des taux"
    assert results[0].detail == "ligne attendue absente (ou en double) des données"


def test_a_designated_row_that_is_missing_is_one_failure_naming_the_table(data_copy):
    # The AIVS pro rata (§1.18.1) designates the row « mois à exécuter » of territoire_autres_actions.
    path = data_copy / "territoire_autres_actions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(line for line in lines if line.startswith("aivs,mois_a_executer,"))
    path.write_text("".join(line for line in lines if line != row), encoding="utf-8")
    every = run_checks(load_tables(data_copy), "territoire")
    results = [r for r in every if r.check == "territoire.aivs_prorata"]
    assert [(r.status, r.subject) for r in results] == [
        (
            FAILED,
            "table « territoire_autres_actions » : 0 ligne(s) au lieu d'une pour dispositif = aivs, "
            "measure = mois_a_executer",
        )
    ]
    assert results[0].title == (
        "Le financement de l'AIVS basculé sur l'année 3 est le financement 2022 au prorata des mois"
    )
    # The other checks still run.
    assert any(r.check == "territoire.ctg_duration" and r.status == OK for r in every)


def test_report_text_is_french_and_lists_what_is_not_conforming():
    results = [
        equality_result(
            "Total alloué", "préambule", 845000, 845000, ["Rapport d'exécution 2021-2024, p. 5"], "euros"
        ),
        equality_result(
            "Action 16",
            "année 1",
            20000,
            40000,
            ["Rapport d'exécution 2021-2024, p. 12", "Rapport d'exécution 2021-2024, p. 41"],
            "euros",
            kind=CONCORDANCE,
        ),
    ]
    text = report_text(results)
    assert (
        text.splitlines()[0]
        == "2 contrôles : 1 conformes, 1 écarts documentés (1 contradiction distincte du document), 0 échecs."
    )
    assert "[écart] Action 16 — année 1 : imprimé 20\u202f000\xa0€, données 40\u202f000\xa0€" in text
    assert "Total alloué" not in text and "Total alloué" in report_text(results, show_all=True)
    assert summary(results) == {OK: 1, DISCREPANCY: 1, FAILED: 0, NOT_APPLICABLE: 0}


def test_report_text_counts_and_lists_the_checks_that_are_not_applicable(results):
    text = report_text(results)
    assert text.splitlines()[0] == (
        "435 contrôles : 392 conformes, 42 écarts documentés (34 contradictions distinctes du "
        "document), 0 échecs, 1 non applicables (rien à comparer)."
    )
    assert (
        "[non applicable] Un ratio demandes / attribution publié concorde avec les comptages — aucun ratio publié"
    ) in text


def test_check_statement_counts_discrepancies_and_failures():
    results = [
        equality_result("A", "s", 1, 2, ["Annexe « FA 22 », ligne 8940"], kind=CONCORDANCE),
        equality_result("B", "s", 1, 2, ["Annexe « FA 22 », ligne 8940"]),
    ]
    text = checks_statement(results).text
    assert text.startswith("Sur 2 contrôles, 0 sont conformes")
    assert "se contredit en 1 endroit :" in text and "1 contrôle échoue" in text
    assert "non applicable" not in text


def test_check_statement_says_a_check_had_nothing_to_compare(results):
    text = checks_statement(results).text
    assert text.startswith("Sur 435 contrôles, 392 sont conformes")
    # 42 discrepancies, 34 distinct contradictions: a disagreement found twice is counted once.
    assert "Le document se contredit en 34 endroits (les contrôles relèvent 42 écarts" in text
    assert "échoue" not in text
    assert text.endswith(" 1 contrôle ne trouve rien à comparer dans les données (non applicable).")


def test_check_tables_show_both_figures_and_sources():
    result = equality_result(
        "Action 16",
        "année 1",
        20000,
        40000,
        ["Synthèse financière (p. 11)", "Fiche action 16 (p. 41)"],
        "euros",
        kind=CONCORDANCE,
    )
    row = discrepancies_table([result], "Écarts").frame.iloc[0].tolist()
    assert row[:5] == [
        "Action 16 — année 1",
        "20\u202f000\xa0€",
        "Synthèse financière (p. 11)",
        "40\u202f000\xa0€",
        "Fiche action 16 (p. 41)",
    ]
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


def test_the_checks_and_quality_pages_are_written_from_the_checks():
    from lda_analysis.domains import titles
    from lda_analysis.edition import load_edition
    from lda_analysis.quality import QUALITY_PAGES, checks_page, quality_page

    edition = load_edition()
    checks = checks_page(edition)
    assert checks.startswith("# Contrôles de cohérence\n") and "Sur 435 contrôles" in checks
    # One table per domain, in the order of the report, one row per result.
    captions = [title for title in titles().values() if f'">{title}</p>' in checks.replace("&#x27;", "'")]
    # The domains of the yearly rapports alone (engagements, year's text) have no check in 2024.
    assert captions == [title for name, title in titles().items() if name not in ("engagements", "redaction")]
    assert checks.count("<tr><td>") + checks.count('<tr><th scope="row">') == 435
    quality = quality_page(edition)
    assert (
        "## Les contradictions du document" in quality
        and quality.count("<tr><td>") + quality.count('<tr><th scope="row">') > 37
    )
    assert "L\\'édition 2024 dispose de toutes les données annuelles attendues" in quality
    assert [page.file for page in QUALITY_PAGES] == [
        "notebooks/dictionnaire_donnees.md",
        "notebooks/controles_coherence.md",
        "notebooks/qualite_donnees.md",
    ]


def test_a_discrepancy_between_typed_figures_is_not_the_document_contradicting_itself():
    from lda_analysis.checks import DISCREPANCY, CheckResult, report_text
    from lda_analysis.quality import checks_statement

    document = CheckResult("", "Titre", "sujet", 1.0, 2.0, DISCREPANCY, ("Annexe « FA 22 », p. 418",))
    typed = CheckResult("", "Titre", "2025", 10.0, 12.0, DISCREPANCY, ("Tableau de la DDETS, juin 2025",))
    text = report_text([document, typed])
    assert text.splitlines()[0] == (
        "2 contrôles : 0 conformes, 2 écarts documentés (1 contradiction distincte du document, 1 entre "
        "des chiffres saisis pour une édition), 0 échecs."
    )
    assert text.splitlines()[1].startswith("[écart] Titre — sujet")
    assert text.splitlines()[2].startswith("[écart des chiffres saisis] Titre — 2025")
    statement = checks_statement([document, typed]).text
    assert "Le document se contredit en 1 endroit" in statement
    assert "1 écart oppose des chiffres saisis pour une édition" in statement


def test_check_of_one_edition(capsys):
    from lda_analysis.cli import main

    assert main(["check", "--year", "2024"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Édition 2024 (Rapport d'exécution 2021-2024) :"
    assert out[1].startswith("435 contrôles : 392 conformes")
    assert main(["check", "--year", "2025"]) == 0
    assert capsys.readouterr().out.startswith("Édition 2025 (Rapport d'exécution 2024-2025) :")
