"""The consistency-check framework, the headline indicators' checks and `lda-book check`."""

import dataclasses

import pytest

import lda_analysis
from lda_analysis.cli.lda_book import main
from lda_analysis.contract.data import load_tables
from lda_analysis.domains.checks import (
    COHERENCE,
    CONCORDANCE,
    DECLARATION,
    DISCREPANCY,
    FAILED,
    NOT_APPLICABLE,
    NOT_HELD,
    OK,
    Check,
    check,
    distinct_discrepancies,
    equality_result,
    load_checks,
    report_text,
    results_by_domain,
    run_checks,
    sum_result,
    summary,
)
from lda_analysis.domains.quality import (
    checks_statement,
    checks_table,
    discrepancies_table,
    reported_figures_table,
)
from lda_analysis.domains.registry import titles

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


# The contradictions of the rapport d'exécution 2021-2024 that the checks of the 2024 edition find
# (check, subject): the book's data-quality page lists them.
DOCUMENT_DISCREPANCIES_2024 = [
    (
        "finances.pages_and_synthesis",
        "action 15, 2021-2022 : page de l'action (p. 39-40, 1re mention) et synthèse (prévu)",
    ),
    (
        "finances.pages_and_synthesis",
        "action 15, 2021-2022 : page de l'action (p. 39-40, 2e mention) et synthèse (prévu)",
    ),
    (
        "finances.pages_and_synthesis",
        "action 15, 2022-2023 : page de l'action (p. 39-40) et synthèse (prévu)",
    ),
    (
        "finances.pages_and_synthesis",
        "action 16, 2023-2024 : page de l'action (p. 41-42) et synthèse (prévu)",
    ),
    ("finances.not_realised_but_consumed", "action 14, 2022-2023 (42\u202f500\xa0€)"),
    ("finances.beneficiaries", "action 7, 2021-2022, 20\u202f000\xa0€"),
    (
        "finances.calendar_and_roadmap",
        "2024-2025 : début (convention) et « période du financement demandé dans le cadre de l'AMI » (§4.5)",
    ),
    (
        "finances.calendar_and_roadmap",
        "2024-2025 : début (convention) et « période couverte par la demande de 405 500 € » (§4.5)",
    ),
    (
        "finances.calendar_and_roadmap",
        "2024-2027 : début (convention) et « feuille de route du plan métropolitain » (§4.5)",
    ),
    ("actions.household_typology", "Typologie des ménages suivis et les mesures réalisées"),
    (
        "actions.household_typology",
        "Typologie des ménages suivis et les mesures attribuées moins les annulations",
    ),
    (
        "actions.rehoused_share",
        "Ménages reconnus PPM ayant bénéficié d'un nouveau logement (« environ 40 % ») et 13 relogés sur 55",
    ),
    (
        "actions.first_commission",
        "Première commission de coordination de la CIA (« 14 juin 2021 », p. 23-24)",
    ),
    (
        "actions.second_convention_length",
        "Convention N2 avec l'ARHLM : « sur 18 mois 09/23 » et « Juillet 2023-Juin 2024 »",
    ),
    (
        "actions.application_before_validation",
        "Gouvernance du plan : « Candidature -12/21 » puis « Validation par la DIHAL -04/21 »",
    ),
    (
        "actions.milestones_chronology",
        "Action 7 : « Recrutement des « coordonnateurs LDA » 10/22 » avant « Lancement de la plateforme avril 2022. »",
    ),
    (
        "actions.milestones_chronology",
        "Action 7 : « Subventions versées à FAS (20 000€) et ITINOVA (70 000€) le 21/11/22 » avant « Lancement de la plateforme avril 2022. »",
    ),
    (
        "actions.status_in_roadmap",
        "Action 1 : page « Action terminée », feuille de route « en cours / sera terminée en déc. 2024 »",
    ),
    (
        "territoire.repeated_figures",
        "ménages relogés par la CMC en année 2 : §3.1 et résultats 2023-2024 de la fiche action 6",
    ),
    (
        "territoire.repeated_figures",
        "jeunes présents à la soirée de restitution : §3.2.2.2 et fiche action 16",
    ),
    (
        "perspectives.funding_period_length",
        "période du financement demandé dans le cadre de l'AMI : durée imprimée dans le tableau (p. 72) et mois de 09/2024 à 12/2025 inclus, texte qui précède le tableau (p. 72)",
    ),
    (
        "perspectives.funding_period_length",
        "période couverte par la demande de 405 500 € : durée imprimée dans le tableau (p. 72) et mois de 09/2024 à 12/2025 inclus, phrase qui suit le tableau (p. 72)",
    ),
    ("annexes.survey_population_types_114", "type de population : total des effectifs compatibles"),
    ("annexes.survey_shares_114", "Personnes bénéficiant d'une mesure d'accompagnement"),
    ("annexes.survey_shares_114", "Personnes ne connaissant pas l'accompagnement hors les murs"),
    (
        "annexes.survey_health_housing_loss",
        "perte du logement pour raisons de santé, en % des personnes interrogées",
    ),
    (
        "annexes.workshop_theme_titles",
        "Groupe 1 : prévenir les ruptures et les expulsions locatives des personnes logées — Diapositive « Présentation des thématiques » (p. 393)",
    ),
    (
        "annexes.workshop_theme_titles",
        "Groupe 1 : prévenir les ruptures et les expulsions locatives des personnes logées — Titre de la diapositive de restitution du groupe (p. 399-402)",
    ),
    ("fiches_actions.unit_cost_gaps", "Fiche 24 : 14 mesures en file active × 2 800 € et « Soit 40 000 € »"),
    ("fiches_actions.fa22_funding_and_budget", "Financement AMI (encart de tête) et financement à trouver"),
    (
        "fiches_actions.fa22_funding_and_budget",
        "Financement AMI (moyens nécessaires) et financement à trouver",
    ),
    (
        "fiches_actions.fa22_funding_and_budget",
        "Cofinancement MTPM - FAJ (encart de tête) et pécule du budget",
    ),
    (
        "fiches_actions.fa22_funding_and_budget",
        "Cofinancement MTPM - FAJ (moyens nécessaires) et pécule du budget",
    ),
    (
        "fiches_actions.fa5_training_capacity",
        "Volet 2 : « 2*2 jours pour 60 personnes » et formation « jusqu'à 15 participants »",
    ),
    ("fiches_actions.fa20_days", "Budget « sur 35 jours à 2 intervenants » et ses 8 étapes"),
    ("fiches_actions.fa20_operator", "Nom de l'Ansa (porteur et rubrique « Opérateur »)"),
    ("fiches_actions.ppsmj_complete_shares", "Âge des personnes écrouées (2023)"),
    ("fiches_actions.ppsmj_complete_shares", "Âge des personnes suivies en milieu ouvert (2023)"),
    ("fiches_actions.ppsmj_complete_shares", "Logement à l'entrée en détention"),
    ("fiches_actions.ppsmj_complete_shares", "Activité à l'entrée en détention"),
    ("fiches_actions.ppsmj_durations", "Durées moyennes de 2022"),
    (
        "fiches_actions.perspectives_figures",
        "Fiche 22 : ETP d'accompagnement (conseiller en insertion professionnelle) (valeur) et §4 (p. 71)",
    ),
]


@pytest.fixture(scope="module")
def results():
    """The checks of the 2024 edition (the yearly rapports' tables are not its own)."""
    from lda_analysis.domains.edition import load_edition

    return run_checks(load_edition(2024).tables)


def test_every_check_passes_on_the_embedded_data(results):
    assert results, "aucun contrôle"
    assert [r for r in results if r.status == FAILED] == []


def test_the_findings_of_the_checks_on_the_embedded_data(results):
    # What the checks of the 2024 edition find besides conforming figures: the document's known
    # contradictions, and one check with nothing to compare; no failure.
    assert [(r.check, r.subject) for r in results if r.status == DISCREPANCY] == DOCUMENT_DISCREPANCIES_2024
    assert [r.check for r in results if r.status == NOT_APPLICABLE] == ["indicateurs.reported_demand_ratios"]
    assert {r.status for r in results} == {OK, DISCREPANCY, NOT_APPLICABLE}
    # Every result carries the identifier of its check, set by run_checks.
    registry = load_checks()
    assert all(result.check in registry for result in results)


def test_every_registered_check_belongs_to_a_known_domain():
    for identifier, registered in load_checks().items():
        assert registered.domain in lda_analysis.DOMAINS, identifier
        assert identifier.startswith(registered.domain + ".")


def test_a_check_is_declared_on_its_function_and_two_with_one_name_are_refused(monkeypatch):
    # Nothing is registered in a module's global: each check carries its declaration, and
    # load_checks finds the same checks each time it is asked.
    found = load_checks()
    assert all(getattr(registered.function, DECLARATION) is registered for registered in found.values())
    assert load_checks() == found
    from lda_analysis.domains.finances.checks import coherence

    def synthesis_totals(tables):
        return []

    synthesis_totals.__module__ = coherence.__name__  # another function of the domain, same name
    monkeypatch.setattr(coherence, "double", check("Un double")(synthesis_totals), raising=False)
    with pytest.raises(ValueError, match="contrôle déclaré deux fois : finances.synthesis_totals"):
        load_checks()


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


def titled(title: str, result):
    """``result`` as a check titled ``title`` gives it."""
    return dataclasses.replace(result, title=title)


def test_sum_result_compares_to_the_cent():
    assert sum_result("année 1", [330000.0, 265000.0, 250000.0], 845000, ["a", "a"]).status == OK
    result = sum_result("année 1", [330000.0, 265000.0], 845000, ["a"], kind=COHERENCE)
    assert (result.status, result.computed, result.printed, result.sources) == (
        FAILED,
        595000.0,
        845000.0,
        ("a",),
    )


def test_concordance_mismatch_is_a_discrepancy_not_a_failure():
    assert equality_result("s", 20000, 40000, ["p. 12", "p. 41"], kind=CONCORDANCE).status == DISCREPANCY
    assert equality_result("s", 20000, 40000, ["p. 12"], kind=COHERENCE).status == FAILED
    assert equality_result("s", 20000, 20000.001, ["p. 12"]).status == OK


def test_a_check_gives_its_results_its_identifier_title_and_kind():
    # A check's results need not repeat its title and kind: the check completes them.
    mismatch = equality_result("s", 20000, 40000, ["p. 12"])
    assert (mismatch.check, mismatch.title, mismatch.status) == ("", "", NOT_HELD)
    for kind, status in ((COHERENCE, FAILED), (CONCORDANCE, DISCREPANCY)):
        completed = Check("domaine.controle", "domaine", kind, "Titre", list).complete(mismatch)
        assert (completed.check, completed.title, completed.status) == ("domaine.controle", "Titre", status)
    # What a result says itself is kept: its title, a status its rule gave.
    concordance = Check("domaine.controle", "domaine", CONCORDANCE, "Titre", list)
    own = titled("Autre titre", equality_result("s", 1, 2, ["p. 12"], kind=COHERENCE))
    assert (concordance.complete(own).title, concordance.complete(own).status) == ("Autre titre", FAILED)
    # A registered check's function, called directly, gives complete results.
    (result,) = load_checks()["territoire.aivs_prorata"].function(load_tables())
    assert (result.check, result.status) == ("territoire.aivs_prorata", OK)
    assert result.title.startswith("Le financement de l'AIVS basculé")


def test_access_conclusion_becomes_a_discrepancy_if_the_rates_contradict_it(data_copy):
    # Made-up: the rest of the Var progresses more for the sans-abri (line 13: sans_abri, Var, 2024).
    edit_cell(data_copy / "acces_logement_social.csv", 13, "valeur", "3.5")
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
    (result,) = [r for r in results if r.check == "indicateurs.reported_demand_ratios"]
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
            "mesure = mois_a_executer",
        )
    ]
    assert results[0].title == (
        "Le financement de l'AIVS basculé sur l'année 3 est le financement 2022 au prorata des mois"
    )
    # The other checks still run.
    assert any(r.check == "territoire.ctg_duration" and r.status == OK for r in every)


def test_report_text_is_french_and_lists_what_is_not_conforming():
    results = [
        titled(
            "Total alloué",
            equality_result("préambule", 845000, 845000, ["Rapport d'exécution 2021-2024, p. 5"], "euros"),
        ),
        titled(
            "Action 16",
            equality_result(
                "année 1",
                20000,
                40000,
                ["Rapport d'exécution 2021-2024, p. 12", "Rapport d'exécution 2021-2024, p. 41"],
                "euros",
                kind=CONCORDANCE,
            ),
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
    # The counts are those of the findings: conforming, discrepancies grouped into distinct
    # contradictions, no failure, the one check with nothing to compare.
    conforming = sum(r.status == OK for r in results)
    contradictions = len(distinct_discrepancies(results))
    assert text.splitlines()[0] == (
        f"{len(results)} contrôles : {conforming} conformes, {len(DOCUMENT_DISCREPANCIES_2024)} écarts "
        f"documentés ({contradictions} contradictions distinctes du document), 0 échecs, 1 non applicables "
        "(rien à comparer)."
    )
    assert (
        "[non applicable] Un ratio demandes / attribution publié concorde avec les comptages — aucun ratio publié"
    ) in text


def test_check_statement_counts_discrepancies_and_failures():
    results = [
        titled("A", equality_result("s", 1, 2, ["Annexe « FA 22 », ligne 8940"], kind=CONCORDANCE)),
        titled("B", equality_result("s", 1, 2, ["Annexe « FA 22 », ligne 8940"], kind=COHERENCE)),
    ]
    text = checks_statement(results).text
    assert text.startswith("Sur 2 contrôles, 0 sont conformes")
    assert "se contredit en 1 endroit :" in text and "1 contrôle échoue" in text
    assert "non applicable" not in text


def test_check_statement_says_a_check_had_nothing_to_compare(results):
    text = checks_statement(results).text
    conforming = sum(r.status == OK for r in results)
    assert text.startswith(f"Sur {len(results)} contrôles, {conforming} sont conformes")
    # A disagreement found twice (the action 15's subsidy printed twice on its page) is counted once.
    contradictions = len(distinct_discrepancies(results))
    assert contradictions < len(DOCUMENT_DISCREPANCIES_2024)
    assert (
        f"Le document se contredit en {contradictions} endroits (les contrôles relèvent "
        f"{len(DOCUMENT_DISCREPANCIES_2024)} écarts"
    ) in text
    assert "échoue" not in text
    assert text.endswith(" 1 contrôle ne trouve rien à comparer dans les données (non applicable).")


def test_check_tables_show_both_figures_and_sources():
    result = titled(
        "Action 16",
        equality_result(
            "année 1",
            20000,
            40000,
            ["Synthèse financière (p. 11)", "Fiche action 16 (p. 41)"],
            "euros",
            kind=CONCORDANCE,
        ),
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
    edit_cell(data_copy / "acces_logement_social.csv", 2, "valeur", "abc")
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    assert "acces_logement_social.csv, ligne 2, colonne « valeur »" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [[], ["--tout"]])
def test_cli_check_lists_results(capsys, flag):
    main(["check", *flag])
    out = capsys.readouterr().out
    assert ("[conforme] La conclusion du §3.1" in out) == bool(flag)


def test_the_checks_and_quality_pages_are_written_from_the_checks():
    from lda_analysis.domains.edition import load_edition
    from lda_analysis.domains.quality import QUALITY_PAGES, checks_page, quality_page
    from lda_analysis.domains.registry import titles

    edition = load_edition()
    checks = checks_page(edition)
    assert checks.startswith("# Contrôles de cohérence\n")
    assert f"Sur {len(edition.check_results)} contrôles" in checks
    # One table per domain, in the order of the report, one row per result.
    captions = [title for title in titles().values() if f'">{title}</p>' in checks.replace("&#x27;", "'")]
    # The domains of the yearly rapports alone (engagements, year's text) have no check in 2024.
    assert captions == [title for name, title in titles().items() if name not in ("engagements", "redaction")]
    assert checks.count("<tr><td>") + checks.count('<tr><th scope="row">') == len(edition.check_results)
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
    from lda_analysis.domains.checks import DISCREPANCY, CheckResult, report_text
    from lda_analysis.domains.quality import checks_statement

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


def test_check_of_one_edition(capsys, results):
    from lda_analysis.cli.lda_book import main

    assert main(["check", "--year", "2024"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Édition 2024 (Rapport d'exécution 2021-2024) :"
    # The checks of the 2024 edition, not of all the data.
    assert out[1:] == report_text(results).splitlines()
    assert main(["check", "--year", "2025"]) == 0
    assert capsys.readouterr().out.startswith("Édition 2025 (Rapport d'exécution 2024-2025) :")
