"""The territoire domain: §1.18 to §3.3 of the rapport d'exécution (lines 3799-5258 of the extraction).

Each table loads with its rows and real values of the document; the domain's checks pass on the
embedded data, report the document's own contradictions as écarts, and fail when a figure is broken.
"""

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.provenance import source_lines
from lda_analysis.domains.checks import COHERENCE, DISCREPANCY, FAILED, OK, load_checks, run_checks
from lda_analysis.domains.territoire.checks import repeated_figures

from .conftest import edit_cell, replace_in_file

ROWS = {
    "territoire_autres_actions": 10,
    "territoire_logement_abordable": 3,
    "territoire_financement_scst": 3,
    "territoire_faj_aides": 11,  # 5 aides : plafond ou montant, fréquence, et la part du loyer
    "territoire_faj_textes": 8,
    "territoire_gouvernance": 9,
    "territoire_offre_nouvelle": 6,
    "territoire_relogement_cmc": 3,
    "territoire_bilan_chiffres": 23,
    "territoire_inscription_lda": 6,
    "territoire_enumerations": 82,
    "territoire_evenements": 28,
    "territoire_bilan_actions": 35,
    "territoire_calendriers_actions": 16,
    "territoire_pdalhpd_actions": 10,
    "territoire_constats": 29,
}


def _values(name: str, *key: str) -> dict:
    frame = load_table(name)
    return {
        tuple(getattr(row, column) for column in key) if len(key) > 1 else getattr(row, key[0]): row.valeur
        for row in frame.itertuples()
    }


def _territoire_results(data_dir=None):
    return run_checks(load_tables(data_dir), "territoire")


def test_every_territoire_table_loads_with_its_rows():
    assert {name: len(load_table(name)) for name in ROWS} == ROWS


def test_other_actions_of_the_pacte_and_the_aivs_financing():
    values = _values("territoire_autres_actions", "dispositif", "mesure")
    assert values[("aivs", "financement_initial")] == 115000
    assert values[("aivs", "mois_a_executer")] == 8
    assert values[("aivs", "financement_bascule")] == 76670
    assert values[("aivs", "mesures_accompagnement_fsl")] == 30
    assert values[("pacte_13bis", "budget_annuel")] == 230000
    assert values[("pacte_13bis", "accompagnements")] == 90
    assert values[("pacte_13bis", "professionnels_formes")] == 30
    assert values[("pacte_cllaj", "budget_global")] == 80865
    assert values[("pacte_cllaj", "jeunes_accompagnes")] == 7
    assert values[("pacte_cllaj", "duree_accompagnement")] == 12
    frame = load_table("territoire_autres_actions").set_index(["dispositif", "mesure"])
    assert frame.loc[("aivs", "financement_bascule"), "periode"] == "2023-2024"
    assert frame.loc[("aivs", "financement_initial"), "annee"] == 2022


def test_private_stock_scst_and_new_offer():
    assert _values("territoire_logement_abordable", "mesure") == {
        "communes_production_plai": 5,
        "conventionnements_opah": 97,
        "conventionnements_bien_chez_soi": 120,
    }
    assert _values("territoire_financement_scst", "mesure") == {
        "contribution_annuelle_min": 9000,
        "contribution_annuelle_max": 22000,
        "engagement": 136500,
    }
    offer = _values("territoire_offre_nouvelle", "dispositif", "mesure")
    assert offer[("hebergement_toulon", "places_perennisees")] == 50
    assert offer[("experimentation_jeunes", "logements_initial")] == 3
    assert offer[("experimentation_jeunes", "logements_ensuite")] == 4
    assert offer[("premieres_heures", "file_active")] == 45


def test_faj_rules_table():
    values = _values("territoire_faj_aides", "aide", "parametre")
    assert values[("acces", "plafond")] == 350
    assert values[("maintien", "part_du_loyer")] == 50 and values[("maintien", "plafond")] == 300
    assert values[("energie", "montant")] == 150
    assert values[("assurance_habitation", "plafond")] == 80
    assert values[("installation", "plafond")] == 400
    assert {
        aide: values[(aide, "frequence")]
        for aide in ("acces", "maintien", "energie", "assurance_habitation", "installation")
    } == {"acces": 1, "maintien": 2, "energie": 2, "assurance_habitation": 1, "installation": 1}
    texts = load_table("territoire_faj_textes").set_index(["aide", "element"])["texte"]
    assert texts[("acces", "condition")] == "Solliciter en amont le FSL, Locapass, garantie Visale"


def test_governance_rehousing_review_and_workshop_figures():
    governance = _values("territoire_gouvernance", "sujet", "mesure")
    assert governance[("pdalhpd", "entites_pilotage")] == 11
    assert governance[("copil_lda", "reunions_par_an_min")] == 3
    assert governance[("copil_lda", "reunions_par_an_max")] == 4
    rehousing = load_table("territoire_relogement_cmc")
    rows = {(row.mesure, row.periode): (row.valeur, row.nature_chiffre) for row in rehousing.itertuples()}
    assert rows[("menages_reloges", "2021-2022")] == (10, "observe")
    assert rows[("menages_reloges", "2022-2023")] == (20, "observe")
    assert rows[("part_ppm_loges", "")] == (40, "rapporte")
    review = _values("territoire_bilan_chiffres", "rubrique", "mesure")
    assert review[("reussite_action_7", "etp_coordinatrices")] == 1.5
    assert review[("reussite_action_16", "jeunes_restitution")] == 5
    assert review[("difficulte_action_15", "convention_proposee_refusee")] == 30000
    workshop = _values("territoire_inscription_lda", "sujet", "mesure")
    assert workshop[("atelier_lda2", "participants")] == 63
    assert workshop[("atelier_lda2", "thematiques")] == 4


def test_text_tables_hold_the_printed_texts():
    lists = load_table("territoire_enumerations")
    iml = lists[lists["liste"] == "iml_constats"].sort_values("rang")["texte"].tolist()
    assert iml[0] == "Depuis 2020 l’IML sur le territoire est plus qualitatif."
    assert iml[-1].startswith("Sur MTPM, en 2023, la moitié des logements en sous-location")
    entities = lists[lists["liste"] == "pdalhpd_entites_pilotage"]["texte"].tolist()
    assert entities[:3] == ["CD", "DDETS", "DDTM"] and entities[-1] == "ARHLM"
    events = load_table("territoire_evenements").set_index("rang")
    dated = events[events["date"] != ""]
    assert set(dated["date"]) >= {"2024-05-15", "2024-10-01", "2024-03-23", "2023-04-26", "2022-03-31"}
    pdalhpd = load_table("territoire_pdalhpd_actions")
    assert sorted(set(pdalhpd["axe"])) == ["axe_1", "axe_3", "axe_4"]
    # Verbatim texts: line breaks joined by single spaces, no list bullet of the extraction kept.
    for name in (
        "territoire_enumerations",
        "territoire_bilan_actions",
        "territoire_constats",
        "territoire_evenements",
        "territoire_pdalhpd_actions",
        "territoire_faj_textes",
        "territoire_calendriers_actions",
    ):
        for text in load_table(name)["texte"]:
            assert "  " not in text and text == text.strip(), (name, text)
            assert not any("\uf000" <= char <= "\uf0ff" for char in text), (name, text)


def test_figures_stored_elsewhere_are_not_stored_again():
    # DDETS table (4455, 4457), « 9 demandes pour 1 attribution » (3885), « + 30 % » of the FSL (4868).
    already_stored = {4455, 4457, 3885, 4868}
    for name in ROWS:
        frame = load_table(name)
        if "valeur" in frame.columns:
            assert not set(frame["ligne_source"]) & already_stored, name


def test_every_row_lies_in_the_part_of_the_document():
    assert len(source_lines()) >= 5258
    for name in ROWS:
        lines = load_table(name)["ligne_source"]
        assert lines.between(3799, 5258).all(), name


def test_territoire_checks_pass_and_report_the_document_contradictions():
    tables = load_tables()
    results = run_checks(tables, "territoire")
    assert [r for r in results if r.status == FAILED] == []
    registered = [c for c in load_checks().values() if c.domain == "territoire"]
    assert {c.kind for c in registered} == {COHERENCE, "concordance"}
    own = {r.check for r in results if r.status == OK}
    assert {
        "territoire.aivs_prorata",
        "territoire.announced_counts",
        "territoire.ctg_duration",
        "territoire.cmc_doubling",
        "territoire.ansa_youth",
    } <= own
    # Each count the text announces in digits is the number of items it then lists.
    counts = [(r.subject, r.status) for r in results if r.check == "territoire.announced_counts"]
    assert counts == [
        (subject, OK)
        for subject in (
            "« 3 actions essentielles » de l'État (§2.3)",
            "« 11 entités différentes » pilotes du PDALHPD (§2.3.1)",
            "« 3 champs thématiques » de la CTG (§2.2.4)",
            "« 2 séminaires » du PLH3 et leurs dates (§2.2.1)",
            "« 3 phases du plan » (§3.2)",
            "retard de l'action 5 « pour 2 raisons » (§3.2.1.2)",
            "« Les 2 autres actions qui ont le mieux fonctionné » (§3.2.2)",
            "feuille de route de la plateforme « en 3 axes » (§3.2.2.1)",
            "« Les 2 objectifs » de l'action 16 (§3.2.2.2)",
            "« les 2 films » de l'action 16 (§3.2.2.2)",
            "« les 4 thématiques abordées » par l'atelier Plan LDA 2 (§3.3.3)",
            "« la méthode des 3 C » (§3.3.3)",
        )
    ]
    discrepancies = {r.subject: (r.printed, r.computed) for r in results if r.status == DISCREPANCY}
    assert discrepancies == {
        # §3.1 (line 4466): 20 households rehoused in year 2; action 6 page (line 2221): 13 rehoused.
        "ménages relogés par la CMC en année 2 : §3.1 et résultats 2023-2024 de la fiche action 6": (20, 13),
        # §3.2.2.2 (line 4987): 5 young people at the evening; action 16 page (line 3714): « + 4 jeunes ».
        "jeunes présents à la soirée de restitution : §3.2.2.2 et fiche action 16": (5, 4),
    }


def test_breaking_the_aivs_amount_fails_the_pro_rata_check(data_copy):
    # Line 4 of the file: AIVS, financement basculé (76 670 €).
    edit_cell(data_copy / "territoire_autres_actions.csv", 4, "valeur", "76700")
    result = next(r for r in _territoire_results(data_copy) if r.check == "territoire.aivs_prorata")
    assert (result.status, result.printed, result.computed) == (FAILED, 76700, 76670)


def test_dropping_a_listed_item_fails_the_announced_count(data_copy):
    replace_in_file(
        data_copy / "territoire_enumerations.csv",
        "pdalhpd_entites_pilotage,11,",
        "pdalhpd_entites_pilotage,12,",
    )
    path = data_copy / "territoire_enumerations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(line for line in lines if not line.startswith("pdalhpd_entites_pilotage,12,")) + "\n",
        encoding="utf-8",
    )
    failed = [r for r in _territoire_results(data_copy) if r.status == FAILED]
    assert [(r.subject, r.printed, r.computed) for r in failed] == [
        ("« 11 entités différentes » pilotes du PDALHPD (§2.3.1)", 11, 10)
    ]


def test_ctg_duration_must_match_its_years(data_copy):
    replace_in_file(data_copy / "territoire_gouvernance.csv", "duree,de 2023 à 2026", "duree,de 2023 à 2027")
    result = next(r for r in _territoire_results(data_copy) if r.check == "territoire.ctg_duration")
    assert (result.status, result.printed, result.computed) == (FAILED, 4, 5)


def test_doubling_statement_becomes_a_discrepancy_if_the_figures_contradict_it(data_copy):
    # Made-up: 25 households in year 2 instead of 20 (line 3 of the file).
    edit_cell(data_copy / "territoire_relogement_cmc.csv", 3, "valeur", "25")
    result = next(r for r in _territoire_results(data_copy) if r.check == "territoire.cmc_doubling")
    assert (result.status, result.printed, result.computed) == (DISCREPANCY, "a doublé (× 2)", "× 2,5")


def test_aivs_amounts_are_compared_with_the_action_9_page():
    tables = load_tables()
    # The finances domain stores the subsidies printed on the action 9 page,
    # « Subvention N2 : AIVS 115 000€ » (line 2633) and « Subvention N3 actée : 76 670€ » (line 2635),
    # and the financial synthesis (line 1064).
    aivs = {
        r.subject: (r.status, r.printed, r.computed)
        for r in repeated_figures(tables)
        if r.subject.startswith("AIVS : financement")
    }
    assert aivs == {
        "AIVS : financement 2022 (§1.18.1) et « Subvention N2 : AIVS 115 000€ » (fiche action 9)": (
            OK,
            115000,
            115000,
        ),
        "AIVS : financement basculé (§1.18.1) et « Subvention N3 actée » (fiche action 9)": (
            OK,
            76670,
            76670,
        ),
        "AIVS : financement basculé (§1.18.1) et synthèse financière, action 9": (OK, 76670, 76670),
    }
    # Made-up: the action 9 page printing 120 000 € on line 2633.
    page = tables["finances_subventions_actions"].copy()
    page.loc[page["ligne_source"] == 2633, "valeur"] = 120000.0
    tables["finances_subventions_actions"] = page
    result = next(r for r in repeated_figures(tables) if r.subject.startswith("AIVS : financement 2022"))
    assert (result.status, result.printed, result.computed) == (DISCREPANCY, 115000, 120000)


def test_a_figure_that_no_other_domain_stores_fails_the_comparison():
    tables = load_tables()
    # Without the subsidies printed on the action 9 page, the AIVS funding of 2022 (line 2633) is
    # stored nowhere else: the comparison is one failure, named, and the other checks still run.
    page = tables["finances_subventions_actions"]
    kept = page[page["ligne_source"] != 2633].reset_index(drop=True)
    kept.attrs = dict(page.attrs)
    tables["finances_subventions_actions"] = kept
    results = run_checks(tables, "territoire")
    found = [r for r in results if r.check == "territoire.repeated_figures"]
    assert [(r.status, r.subject) for r in found] == [
        (
            FAILED,
            "aucune table d'un autre domaine ne donne le chiffre des lignes 2633 (AIVS : financement "
            "2022 (§1.18.1) et « Subvention N2 : AIVS 115 000€ » (fiche action 9))",
        )
    ]
    assert any(r.check == "territoire.aivs_prorata" and r.status == OK for r in results)
