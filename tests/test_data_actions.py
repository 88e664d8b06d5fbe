"""The actions domain: the pages of the actions 1 to 16 of the plan LDA 1 (§1.1 to §1.17 of the rapport
d'exécution, lines 1103 to 3798 of the extracted text), their checks, and faults that the checks catch."""

import pandas as pd

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.provenance import value_on_line
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.checks import DISCREPANCY, FAILED, NOT_APPLICABLE, OK, load_checks, run_checks

from .conftest import edit_cell

ROWS = {
    "actions_fiches": 17,  # actions 1, 1bis, 2 à 10, 11/12 (page commune), 13, 13bis, 14, 15, 16
    "actions_objectifs": 52,
    "actions_livrables": 81,
    "actions_indicateurs": 123,
    "actions_montants": 17,  # 16 printed amounts, and action 14's 22 500 € as provisioned (line 3413)
    "actions_jalons": 74,
    "actions_suites": 64,
}


def _figure(table: pd.DataFrame, action: str, rank: int) -> pd.Series:
    found = table[(table["action"] == action) & (table["rang"] == rank)]
    assert len(found) == 1
    return found.iloc[0]


READER_CHECKS = ("actions.milestones_chronology", "actions.status_in_roadmap", "actions.household_typology")


def _actions_results(tables=None):
    return run_checks(load_tables() if tables is None else tables, "actions")


def test_every_table_loads_with_its_rows():
    assert {name: len(load_table(name)) for name in ROWS} == ROWS


def test_every_row_comes_from_the_pages_of_the_actions():
    for name in ROWS:
        frame = load_table(name)
        assert frame["ligne_source"].between(1103, 3798).all(), name
        assert frame["source"].str.startswith("Rapport d'exécution 2021-2024, §1.").all(), name


def test_sheets_titles_and_final_statuses():
    sheets = load_table("actions_fiches").set_index("action")
    assert sheets.loc["11_12", "texte"] == (
        "Action 11/12 : Favoriser le maintien dans le logement public et "
        "privé (ménages en situation d’expulsion) en situation non irrémédiable."
    )
    assert sheets.loc["6", "page"] == 23 and sheets.loc["6", "section"] == "1.7"
    assert sheets["statut_final"].to_dict() == {
        "1": "terminee",
        "1bis": "a_poursuivre",
        "2": "terminee",
        "3": "a_poursuivre",
        "4": "a_poursuivre",
        "5": "a_poursuivre",
        "6": "terminee",
        "7": "a_poursuivre",
        "8": "terminee",
        "9": "a_poursuivre",
        "10": "terminee",
        "11_12": "a_lancer",
        "13": "terminee",
        "13bis": "terminee",
        "14": "terminee",
        "15": "en_cours",
        "16": "terminee",
    }
    follow_ups = load_table("actions_suites")
    printed = follow_ups[follow_ups["nature"] == "statut_final"].set_index("action")["texte"]
    assert printed["8"] == "ACTION TERMINEE en année N2"
    assert printed["11_12"].startswith("A LANCER : FA 11. Expérimenter les baux de sauvegarde")
    assert follow_ups.set_index(["action", "rang"]).loc[("16", 3), "action_suivante"] == "20"


def test_objectives_and_deliverables_are_the_printed_texts():
    objectives = load_table("actions_objectifs").set_index(["action", "rang"])
    assert objectives.loc[("6", 2), "texte"].startswith(
        "Finalisation de la CIA et poursuite de l’élaboration"
    )
    assert set(objectives.index.get_level_values("action")) == {
        "1",
        "1bis",
        "2",
        "5",
        "6",
        "7",
        "9",
        "10",
        "11_12",
        "13",
        "13bis",
        "15",
        "16",
    }
    deliverables = load_table("actions_livrables").set_index(["action", "periode", "rang"])
    assert deliverables.loc[("1", "2021-2023", 3), ["texte", "etat"]].tolist() == [
        "Etude qualitative",
        "non_realisee",
    ]
    assert deliverables.loc[("2", "2021-2023", 1), "etat"] == "terminee"
    convention = deliverables.loc[("5", "2021-2023", 1)]
    assert f"{convention['texte']} {convention['detail']}" == (
        "Convention de partenariat entre la Métropole et la FAS PACA CORSE signée le 20/12/21 (12 mois)"
    )
    urhaj = deliverables[deliverables["groupe"] == "Livrables de la convention URHAJ"]
    assert urhaj["etat"].tolist() == ["realisee", "realisee", "en_attente", "en_attente"]


def test_indicators_of_the_cia_commission_action_6():
    indicators = load_table("actions_indicateurs")
    values = {rank: _figure(indicators, "6", rank)["valeur"] for rank in (2, 3, 5, 11, 12, 13, 14, 15)}
    # 72 dossiers / 28 PPM (2021-2023) ; 134 dossiers (2023) ; 55 PPM, 13 relogés, 7 en cours, 3 refus ; 40 %.
    assert values == {2: 72, 3: 28, 5: 134, 11: 55, 12: 13, 13: 7, 14: 3, 15: 40}
    share = _figure(indicators, "6", 15)
    assert (share["unite"], share["nature_chiffre"], share["ligne_source"]) == (
        "pourcentage",
        "rapporte",
        2245,
    )


def test_indicators_of_the_aivs_measures_and_expulsion_team():
    indicators = load_table("actions_indicateurs")
    aivs = {
        rank: (_figure(indicators, "9", rank)["valeur"], _figure(indicators, "9", rank)["nature_chiffre"])
        for rank in (10, 11, 16, 17, 18)
    }
    assert aivs == {
        10: (232, "observe"),
        11: (16, "rapporte"),
        16: (393, "observe"),
        17: (131, "observe"),
        18: (35, "rapporte"),
    }
    team = indicators[
        (indicators["action"] == "11_12") & indicators["periode"].isin(["2021-2022", "2022-2023"])
    ]
    assert {(row.periode, row.unite): row.valeur for row in team.itertuples()} == {
        ("2021-2022", "dossiers"): 75,
        ("2021-2022", "menages"): 34,
        ("2022-2023", "dossiers"): 57,
        ("2022-2023", "menages"): 41,
    }
    measures = [_figure(indicators, "13", rank)["valeur"] for rank in range(1, 8)]
    assert measures == [59, 34, 5, 34, 3, 4, 18]  # attribuées, réalisées, annulations, orientations
    supported = [_figure(indicators, "14", rank)["valeur"] for rank in (1, 2, 3, 4)]
    assert supported == [37, 83, 43, 40]  # 2022 : ménages, personnes, adultes, enfants


def test_figures_already_stored_elsewhere_are_not_stored_again():
    indicators = load_table("actions_indicateurs")
    amounts = load_table("actions_montants")
    figures = pd.concat([indicators[["ligne_source", "valeur"]], amounts[["ligne_source", "valeur"]]])
    # FSL (table fsl) : 244 878,18 € et 160 ménages ligne 3059, 16 ménages ligne 3060, +30 % ligne 1536.
    assert not figures[figures["ligne_source"].isin([3059, 3060])].size
    assert 30 not in figures.loc[figures["ligne_source"] == 1536, "valeur"].tolist()
    # « Subvention N1/N2/N3 » : domaine financier (par exemple 45 000 € ligne 3521, 40 000 € ligne 3741).
    assert not figures[figures["ligne_source"].isin([1234, 1679, 1887, 3521, 3527, 3741])].size


def test_requests_for_2024_2025_and_amounts():
    amounts = load_table("actions_montants")
    requests = amounts[amounts["mesure"] == "demande"].set_index("action")
    assert requests["valeur"].to_dict() == {
        "1bis": 20000,
        "3": 30000,
        "4": 10000,
        "5": 22500,
        "7": 70000,
        "9": 75000,
    }
    # 1bis : « Subvention demandée : 20 000€ » sans durée ; 15 mois pour 2024-2025, 12 mois pour 2025.
    assert [None if pd.isna(months) else int(months) for months in requests["duree_mois"]] == [
        None,
        15,
        15,
        12,
        12,
        15,
    ]
    assert requests["valeur"].sum() == 227500  # « Actions à poursuivre ou renouveler » du §4.5
    assert set(amounts["unite"]) == {"euros"}


def test_milestones_quote_their_dates():
    milestones = load_table("actions_jalons")
    assert all(row.date_imprimee in row.texte for row in milestones.itertuples())
    commissions = milestones[(milestones["action"] == "6") & (milestones["ligne_source"] == 2146)]
    assert [(row.mois_debut, row.jour_debut) for row in commissions.itertuples()] == [
        (3, 14),
        (6, 27),
        (10, 12),
        (12, 19),
    ]


def test_every_figure_is_printed_on_its_line():
    for name in ("actions_indicateurs", "actions_montants"):
        for row in load_table(name).itertuples():
            assert value_on_line(row.valeur, row.ligne_source), (name, row.action, row.rang)


def test_schema_adds_the_period_of_the_initial_tables():
    schema = get_schema()
    assert schema.vocabularies["periode"]["2021-2023"] == "années 1 et 2 du plan LDA 1 (N1 et N2)"
    assert schema.unit_bounds["mesures"].integer and schema.unit_bounds["semaines"].min == 0


def test_checks_have_no_failure_and_report_the_contradictions():
    results = _actions_results()
    assert [r for r in results if r.status == FAILED] == []
    registered = [c for c in load_checks().values() if c.domain == "actions"]
    assert {c.kind for c in registered} == {"coherence", "concordance"}
    discrepancies = {
        (r.check, r.subject[:9]): (r.printed, r.computed) for r in results if r.status == DISCREPANCY
    }
    # The careful reader's checks (lda_analysis.domains.actions.checks.lecture and the action 13 typology).
    assert {key: discrepancies.pop(key) for key in list(discrepancies) if key[0] in READER_CHECKS} == {
        # The platform launched « avril 2022 » (ligne 2326), after the hires (10/22) and the payment (21/11/22).
        ("actions.milestones_chronology", "Action 7 "): ("21/11/2022", "04/2022"),
        # Action 1 « ACTION TERMINEE », undated (line 1197), « en cours » in the roadmap (§4, line 5318).
        # Actions 10 (« ACTION TERMINEE au 31/12/2024 », line 3011) and 13bis (« Fin 2024, … sera
        # considérée comme terminée », line 3261) say what the roadmap says, « sera terminée en
        # déc. 2024 »: no discrepancy (they were reported as such).
        ("actions.status_in_roadmap", "Action 1 "): (
            "Action terminée",
            "en cours / sera terminée en déc. 2024",
        ),
        # The typology of households followed (45) is neither the 34 measures carried out nor 59 - 5.
        ("actions.household_typology", "Typologie"): (54.0, 45.0),
    }
    discrepancies = {check: figures for (check, _), figures in discrepancies.items()}
    assert discrepancies == {
        # « environ 40 % des ménages reconnus PPM » (ligne 2245) ; 13 relogés sur 55 (lignes 2215, 2221).
        "actions.rehoused_share": (40, 23.6),
        # 1ère commission « activée le 14 juin 2022 » (ligne 2068) ; « réunies 14 juin 2021 » (ligne 2080).
        "actions.first_commission": ("14/06/2022", "14/06/2021"),
        # Convention N2 « sur 18 mois » (ligne 2868) ; « Juillet 2023-Juin 2024 » (ligne 2899).
        "actions.second_convention_length": (18, 12),
        # « Candidature -12/21 » (ligne 1698) après « Validation par la DIHAL -04/21 » (ligne 1700).
        "actions.application_before_validation": ("12/2021", "04/2021"),
    }
    conforming = {r.check for r in results if r.status == OK}
    assert {
        "actions.breakdowns",
        "actions.connection_share",
        "actions.training_sessions",
        "actions.urhaj_deliverables",
        "actions.commission_dates",
        "actions.weeks_from_dates",
        "actions.final_status",
        "actions.repeated_figures",
        "actions.commissions_2023",
        "actions.fsl_households",
    } <= conforming
    breakdowns = [r for r in results if r.check == "actions.breakdowns"]
    assert [(r.printed, r.computed) for r in breakdowns] == [(59, 59), (83, 83), (204, 204), (60, 60)]


def test_the_requests_match_the_section_4_5():
    tables = load_tables()
    results = [r for r in _actions_results(tables) if r.check == "actions.requested_subsidies"]
    assert [(r.status, r.printed, r.computed) for r in results] == [(OK, 227500, 227500), (OK, 6, 6)]


def test_the_young_people_of_the_evening_are_4_on_the_page_and_5_in_section_3():
    tables = load_tables()
    # Compared by the territoire domain, which reads actions_indicateurs (line 3714: « + 4 jeunes »).
    found = [
        r
        for r in run_checks(tables)
        if r.status == DISCREPANCY and any("ligne 3714" in source for source in r.sources)
    ]
    assert [(r.printed, r.computed) for r in found] == [(5, 4)]


def _without(tables, name, drop):
    """The tables with the rows of ``name`` for which ``drop`` (a function of the frame) is true removed."""
    frame = tables[name]
    kept = frame[~drop(frame)].reset_index(drop=True)
    kept.attrs = dict(frame.attrs)
    return {**tables, name: kept}


def test_the_checks_against_other_domains_say_when_they_find_nothing_to_compare():
    tables = load_tables()
    # Without the §4.5 rows the requests are compared with, nor the FSL 2022 households: nothing to compare.
    tables = _without(
        tables,
        "perspectives_financement",
        lambda f: (f["typologie"] == "poursuivre_renouveler") & (f["poste"] == "demande_ami"),
    )
    tables = _without(
        tables, "perspectives_nombre_actions", lambda f: f["categorie"] == "poursuivies_avec_demande_ami"
    )
    tables = _without(tables, "fsl", lambda f: f["mesure"] == "menages_aides")
    results = {
        r.check: r
        for r in _actions_results(tables)
        if r.check in ("actions.requested_subsidies", "actions.fsl_households")
    }
    assert {check: (r.status, r.printed, r.computed) for check, r in results.items()} == {
        "actions.requested_subsidies": (NOT_APPLICABLE, None, None),
        "actions.fsl_households": (NOT_APPLICABLE, None, None),
    }
    assert all(r.subject.startswith("rien à comparer") for r in results.values())
    assert [r for r in _actions_results(tables) if r.status == FAILED] == []


def test_a_figure_that_no_other_domain_stores_fails_the_comparison():
    # The convention URHAJ's 18 months of §3.2.1.3 (line 4717) are stored by territoire_bilan_chiffres.
    tables = _without(load_tables(), "territoire_bilan_chiffres", lambda f: f["ligne_source"] == 4717)
    found = [r for r in _actions_results(tables) if r.check == "actions.figures_elsewhere"]
    assert [(r.status, r.subject) for r in found] == [
        (
            FAILED,
            "aucune table d'un autre domaine ne donne le chiffre de la ligne 4717 (Durée de la "
            "convention URHAJ (§3.2.1.3))",
        )
    ]


def test_a_figure_stored_elsewhere_is_compared_with_the_page():
    tables = load_tables()
    # Made-up value in another domain: a budget of 45 000 € on line 3741 (the page prints 40 000 € on 3647).
    other = tables["finances_subventions_actions"].copy()
    other.loc[other["ligne_source"] == 3741, "valeur"] = 45000.0
    tables["finances_subventions_actions"] = other
    found = [
        r
        for r in _actions_results(tables)
        if r.check == "actions.figures_elsewhere"
        and r.subject == "Budget de la convention Ansa et subvention N3 de l'action 16"
    ]
    assert [(r.status, r.printed, r.computed) for r in found] == [(DISCREPANCY, 45000, 40000)]


def _failures(data_dir):
    return [r for r in _actions_results(load_tables(data_dir)) if r.status == FAILED]


def test_a_wrong_detail_breaks_its_total(data_copy):
    indicators = load_table("actions_indicateurs", data_copy)
    line = 2 + int(indicators.index[(indicators["action"] == "14") & (indicators["rang"] == 3)][0])
    edit_cell(data_copy / "actions_indicateurs.csv", line, "valeur", "44")  # 43 adultes → 44
    failed = _failures(data_copy)
    assert [(r.check, r.printed, r.computed) for r in failed] == [("actions.breakdowns", 83, 84)]


def test_a_wrong_deliverable_state_or_date_fails_its_check(data_copy):
    deliverables = load_table("actions_livrables", data_copy)
    line = 2 + int(
        deliverables.index[
            (deliverables["action"] == "15") & (deliverables["texte"] == "Modélisation du PLIJ")
        ][0]
    )
    edit_cell(data_copy / "actions_livrables.csv", line, "etat", "realisee")
    milestones = load_table("actions_jalons", data_copy)
    line = 2 + int(milestones.index[(milestones["action"] == "7") & (milestones["ligne_source"] == 2410)][0])
    edit_cell(data_copy / "actions_jalons.csv", line, "jour_fin", "30")  # 37 jours au lieu de 23
    failed = {(r.check, r.printed, r.computed) for r in _failures(data_copy)}
    assert failed == {("actions.urhaj_deliverables", 2, 3), ("actions.weeks_from_dates", 3, 5)}


def test_a_missing_figure_fails_its_check_without_stopping_the_others(data_copy):
    path = data_copy / "actions_indicateurs.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("14,3,")]  # « dont adultes » (43)
    assert len(kept) == len(lines) - 1
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    results = _actions_results(load_tables(data_copy))
    failed = [r for r in results if r.status == FAILED]
    assert [(r.check, r.computed) for r in failed] == [("actions.breakdowns", None)]
    assert (
        failed[0].subject
        == "table « actions_indicateurs » : 0 ligne(s) au lieu d'une pour action = 14, rang = 3"
    )
    assert any(r.check == "actions.final_status" and r.status == OK for r in results)


def test_every_indicator_shows_its_period_on_the_action_page():
    # Action 14, lines 3443-3449: « En 2022 : 37 ménages accompagnés = 83 personnes : 43 adultes et
    # 40 enfants » and « 1er semestre 2024 : 12 nouvelles orientations ». The year was in the data,
    # the page's « Période » column showed only a printed period label.
    from lda_analysis.blocks.tables import figures_table
    from lda_analysis.domains.actions.computations import indicators

    table = figures_table(
        indicators(load_tables(), "14"), {"libelle": "Indicateur", "periode_imprimee": "Période"}, "t"
    )
    assert table.frame["Période"].tolist() == ["2022", "2022", "2022", "2022", "1er semestre 2024"]
    # A convention year when the page gives one (action 11/12, team of the expulsion prevention).
    team = indicators(load_tables(), "11_12")
    assert "2021-2022" in team["periode_imprimee"].tolist()


def test_the_past_deliverables_of_action_4_are_done_not_in_progress():
    # « Les livrables réalisés en 2021-2024 » (line 1690): dated and past (« Candidature -12/21 »…
    # « ATELIER PLAN LDA 2 », May 2024). The « En cours » printed once in the column (line 1747) is
    # the steering, which goes on (« ACTION A POURSUIVRE », line 1774).
    deliverables = load_table("actions_livrables")
    governance = deliverables[(deliverables["action"] == "4") & (deliverables["periode"] == "2021-2024")]
    assert len(governance) == 13
    assert set(governance["etat"]) == {"realisee"}


def test_a_subsidy_the_page_prints_twice_is_listed_once():
    # Action 15: « Subvention N1 : 45 000€ » (line 3521) and, recalled, « Subvention N1 : 45 000 €
    # (18 mois d'exercice) » (line 3527); then « Subvention N2 : 0 » (line 3528).
    from lda_analysis.domains.actions.computations import printed_subsidies

    subsidies = printed_subsidies(load_tables(), "15")
    assert subsidies[["periode", "valeur"]].values.tolist() == [["2021-2022", 45000.0], ["2022-2023", 0.0]]
    assert subsidies["duree_mois"].iloc[0] == 18
    # Both printed places stay in the data (the concordance checks compare each).
    assert len(load_table("finances_subventions_actions").query("action == '15'")) == 3
    # Action 7 pays two beneficiaries the same year: two subsidies, both listed.
    assert len(printed_subsidies(load_tables(), "7")) == 3


def test_a_page_that_dates_the_end_of_its_action_agrees_with_the_roadmap():
    results = {
        r.subject.split(" :")[0]: r for r in _actions_results() if r.check == "actions.status_in_roadmap"
    }
    assert results["Action 10"].status == OK and results["Action 13bis"].status == OK
    assert results["Action 10"].printed == "Action terminée (fin 2024)"
    assert results["Action 1"].status == DISCREPANCY
    # The status is cited where the page prints it, not the page's title.
    assert results["Action 10"].sources[0].endswith("ligne 3011")
    follow_ups = load_table("actions_suites")
    dated = follow_ups[follow_ups["annee_statut"].notna()]
    assert dated.set_index("action")["annee_statut"].to_dict() == {"8": 2023, "10": 2024, "13bis": 2024}
