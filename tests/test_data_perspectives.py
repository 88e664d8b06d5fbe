"""The perspectives domain: §4 « Perspectives : nouvelle feuille de route 2024-2027 » and §5 « Tableau
des sigles » of the rapport d'exécution (lines 5259-6166 of the extracted text).

Each table loads with its expected rows and real values of the document; the checks of the domain
give no failure and report the document's own discrepancies; a broken figure makes a coherence check
fail.
"""

import csv

import pytest

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.provenance import untraced_rows
from lda_analysis.domains.checks import DISCREPANCY, FAILED, NOT_APPLICABLE, OK, load_checks, run_checks

from .conftest import edit_cell

ROWS = {
    "perspectives_axes": 14,  # axe transversal + 3 axes + 10 sous-axes
    "perspectives_feuille_de_route": 25,
    "perspectives_orientations": 8,  # 4 orientations x (liste, titre de section)
    "perspectives_constats": 22,
    "perspectives_tableaux_actions": 17,  # 4 + 5 + 3 + 5 lignes
    "perspectives_financement": 12,
    "perspectives_nombre_actions": 4,
    "perspectives_chiffres": 35,
    "perspectives_calendrier": 13,
    "perspectives_sigles": 102,  # 29 of the table of §5 + 73 used in the text (origine)
}


def _tables(data_dir=None):
    """Every table of the data folder: the domain's checks also compare §4 with other domains' tables."""
    return load_tables(data_dir)


def _results(tables):
    return run_checks(tables, "perspectives")


def test_every_table_loads_with_its_rows():
    assert {name: len(load_table(name)) for name in ROWS} == ROWS


def test_every_row_is_found_on_its_source_line():
    for name in ROWS:
        frame = load_table(name)
        column = None if "valeur" in frame.columns else "texte"
        assert [str(row) for row in untraced_rows(name, frame, column)] == [], name


def test_the_back_test_catches_a_mistyped_amount(data_copy):
    # Line 2 of the file: 227 500 € requested for the actions to continue (line 6077).
    edit_cell(data_copy / "perspectives_financement.csv", 2, "valeur", "227000")
    frame = load_table("perspectives_financement", data_copy)
    assert [row.source_line for row in untraced_rows("perspectives_financement", frame)] == [6077]


def test_funding_table_of_section_4_5():
    funding = load_table("perspectives_financement")
    table = funding[funding["emplacement"] == "tableau"].set_index(["typologie", "poste"])["valeur"]
    assert table[("poursuivre_renouveler", "demande_ami")] == 227500
    assert table[("poursuivre_renouveler", "cofinancement")] == 350000
    assert table[("nouvelles", "demande_ami")] == 178000
    assert table[("nouvelles", "cofinancement")] == 52000
    assert table[("total", "demande_ami")] == 405500
    assert table[("total", "cout_total")] == 807500
    assert table[("total", "report_n1")] == 35000
    totals = funding[funding["nature_chiffre"] == "total"]
    assert set(zip(totals["typologie"], totals["poste"], strict=True)) == {
        ("poursuivre_renouveler", "cout_total"),
        ("nouvelles", "cout_total"),
        ("total", "demande_ami"),
        ("total", "cofinancement"),
        ("total", "cout_total"),
    }
    assert set(funding["periode"]) == {"2024-2025"} and set(funding["unite"]) == {"euros"}


def test_counts_of_actions_of_section_4_5():
    counts = load_table("perspectives_nombre_actions").set_index("categorie")
    assert counts.loc["poursuivies_avec_demande_ami", "valeur"] == 6
    assert counts.loc["nouvelles_avec_demande_ami", "valeur"] == 5
    assert counts.loc["sans_demande_financement", "valeur"] == 3
    assert counts.loc["sans_demande_financement", "actions_citees"] == "18 ; 19 ; 24"
    assert counts.loc["en_cours_de_reflexion", ["valeur", "periode"]].tolist() == [7, "2026-2027"]


def test_roadmap_places_each_action_in_its_axis_with_its_status():
    roadmap = load_table("perspectives_feuille_de_route").set_index("action")
    assert roadmap.loc["3", ["axe", "sous_axe"]].tolist() == ["transversal", ""]
    assert roadmap.loc["8", ["sous_axe", "statut"]].tolist() == ["1_1", "terminee"]
    assert roadmap.loc["10", "statut"] == "en_cours_fin_dec_2024"
    assert roadmap.loc["11", ["sous_axe", "statut"]].tolist() == ["2_1", "a_reprendre_2026"]
    assert roadmap.loc["19", "statut"] == "fiche_ars_financement_100_ars"
    assert roadmap.loc["22", "sous_axe"] == "2_2" and roadmap.loc["7", "sous_axe"] == "3_4"
    assert roadmap.loc["5_adaptee", "texte"].startswith("FA 5 adaptée. Formation pour le secteur")
    assert (roadmap["statut"] == "terminee").sum() == 5  # FA 2, 6, 8, 14, 16
    assert (roadmap["statut"] == "en_cours_fin_dec_2024").sum() == 4  # FA 1, 10, 13 bis, 15
    axes = load_table("perspectives_axes")
    referrals = axes[axes["renvoi"] != ""].set_index("sous_axe")["renvoi"]
    assert referrals.to_dict() == {"1_3": "Cf. DDETS et PDALHPD", "3_2": "Cf. DDETS et le SIAO"}


def test_orientations_and_tables_of_sections_4_1_to_4_4():
    orientations = load_table("perspectives_orientations")
    listed = orientations[orientations["emplacement"] == "liste"].set_index("orientation")["texte"]
    assert listed[2] == "L’efficience de l’accompagnement global"
    rows = load_table("perspectives_tableaux_actions")
    assert rows.groupby("orientation").size().to_dict() == {1: 4, 2: 5, 3: 3, 4: 5}
    by_action = rows[rows["action"] != ""].set_index("action")
    assert by_action.loc["5_adaptee", "decision"] == "renouveler"
    assert by_action.loc["24", ["financement", "commentaire"]].tolist() == [
        "sans_financement_dihal",
        "Consulter la fiche 24. Sans financement Dihal",
    ]
    assert by_action.loc["18", "financement"] == "financement_100_ars"
    assert rows["periode"].value_counts().to_dict() == {"2024-2025": 11, "2026": 5, "2026-2027": 1}


def test_other_figures_of_section_4():
    figures = load_table("perspectives_chiffres")
    by_line = figures.set_index(["mesure", "ligne_source"])["valeur"]
    assert by_line[("etp_accompagnement", 5955)] == 0.9
    assert by_line[("logements_sociaux", 5918)] == 6
    assert by_line[("jeunes_accompagnes", 5807)] == 15
    assert by_line[("territoires_synchro", 5487)] == 7
    assert by_line[("duree_financement_ami", 6058)] == 15
    assert by_line[("age_max", 5312)] == 30 and by_line[("age_max", 5856)] == 25
    calendar = load_table("perspectives_calendrier").set_index("objet")
    assert calendar.loc[
        "financement_ami", ["annee_debut", "mois_debut", "annee_fin", "mois_fin"]
    ].tolist() == [
        2024,
        9,
        2025,
        12,
    ]
    assert calendar.loc["plh", ["annee_debut", "annee_fin"]].tolist() == [2025, 2030]


def test_glossary_of_section_5():
    glossary = load_table("perspectives_sigles").set_index("sigle")["texte"]
    assert glossary["PTFA"] == "Plateforme d’Accompagnement"
    assert glossary["AVA ou AAVA"] == "Atelier d’adaptation à la Vie Active"
    assert glossary["ODH 83"] == "Observatoire Départemental de l’Habitat"
    assert glossary["TS"] == "Travailleurs Sociaux"
    assert glossary.index.is_unique and glossary.index[0] == "AHI" and glossary.index[28] == "TS"
    assert glossary["PPSMJ"] == "Personnes Placées Sous Main de Justice"


def test_checks_give_no_failure_and_report_the_discrepancies_of_the_document():
    results = _results(_tables())
    assert [result for result in results if result.status == FAILED] == []
    coherence = [
        r
        for r in results
        if r.check
        in ("perspectives.funding_columns", "perspectives.funding_rows", "perspectives.printed_counts")
    ]
    # The columns (AMI request, co-financing, total cost) and the lines (continued, new, total) of the
    # §4.5 funding table add up; §4 counts 3 axes, 4 orientations, 2 training actions, 2 success
    # criteria and 5 AAJ workshops, as many as it lists.
    assert [(r.check.split(".")[1], r.printed) for r in coherence] == [
        ("funding_columns", 405500),
        ("funding_columns", 402000),
        ("funding_columns", 807500),
        ("funding_rows", 577500),
        ("funding_rows", 230000),
        ("funding_rows", 807500),
        *(("printed_counts", count) for count in (3, 4, 2, 2, 5)),
    ]
    assert all(result.status == OK for result in coherence)
    gaps = {
        (result.check, result.subject.split(" : ")[0], result.printed, result.computed)
        for result in results
        if result.status == DISCREPANCY
    }
    # « 2024-2025 (15 mois) » (line 6058), but « de septembre 2024 à décembre 2025 » (line 6054) and
    # « de septembre 2024 au 31 décembre 2025 » (line 6087): 16 months.
    assert gaps == {
        (
            "perspectives.funding_period_length",
            "période du financement demandé dans le cadre de l'AMI",
            15.0,
            16.0,
        ),
        ("perspectives.funding_period_length", "période couverte par la demande de 405 500 €", 15.0, 16.0),
    }
    counts = {
        result.subject.split(" : ")[0]: (result.printed, result.computed, result.status)
        for result in results
        if result.check == "perspectives.action_counts"
    }
    assert counts["actions poursuivies en 2024-2025"] == (6.0, 6.0, OK)
    assert counts["actions 2026-2027"] == (7.0, 7.0, OK)  # 6 rows of the tables + FA 11


def _without(tables, name, drop):
    """The tables with the rows of ``name`` for which ``drop`` (a function of the frame) is true removed."""
    frame = tables[name]
    kept = frame[~drop(frame)].reset_index(drop=True)
    kept.attrs = dict(frame.attrs)
    return {**tables, name: kept}


def test_checks_against_other_domains_fail_on_a_missing_figure_or_say_there_is_nothing_to_compare():
    tables = _tables()
    # Designated figures that the data no longer hold: the 0,9 ETP of the fiche 22 and the 4 groups of §4.1.
    tables = _without(
        tables, "fiches_parametres", lambda f: (f["action"] == "22") & (f["mesure"] == "etp_finance")
    )
    tables = _without(tables, "perspectives_chiffres", lambda f: f["mesure"] == "groupes_atelier")
    # Figures looked for in the convention and the préambule: none left, nothing to compare.
    tables = _without(
        tables,
        "finances_convention",
        lambda f: f["mesure"].isin(
            ["soutien_etat_maximal", "reliquat_plan1", "report_plan1", "subvention_versee"]
        ),
    )
    tables = _without(tables, "finances_allocation", lambda f: f["mesure"] == "ecart")
    results = {}
    for result in _results(tables):
        results.setdefault(result.check, []).append(result)
    assert [(r.status, r.subject) for r in results["perspectives.workshop_groups"]] == [
        (FAILED, "table « perspectives_chiffres » : 0 ligne(s) au lieu d'une pour mesure = groupes_atelier")
    ]
    assert [(r.status, r.printed, r.computed) for r in results["perspectives.carried_over_elsewhere"]] == [
        (NOT_APPLICABLE, None, None)
    ]
    assert {r.status for r in results["perspectives.funding_against_actions"]} == {OK}


def test_funding_table_agrees_with_the_action_pages_and_the_fiches():
    tables = _tables()
    results = load_checks()["perspectives.funding_against_actions"].function(tables)
    compared = {
        (result.printed, result.computed, result.status) for result in results if result.unit == "euros"
    }
    # 20 000 + 30 000 + 10 000 + 22 500 + 70 000 + 75 000 (FA 1 bis, 3, 4, 5, 7, 9, pages of §1);
    # 12 000 + 40 000 + 36 000 + 70 000 + 20 000 (fiches 17, 20, 21, 22, 23); 12 000 + 40 000 (22, 24).
    assert compared == {(227500.0, 227500.0, OK), (178000.0, 178000.0, OK), (52000.0, 52000.0, OK)}


def test_a_wrong_amount_breaks_the_funding_totals(data_copy):
    # Line 5 of the file: 178 000 € requested for the new actions (line 6079).
    path = data_copy / "perspectives_financement.csv"
    with path.open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle))[3]["valeur"] == "178000"
    edit_cell(path, 5, "valeur", "187000")
    failed = {
        (result.check, result.subject) for result in _results(_tables(data_copy)) if result.status == FAILED
    }
    assert failed == {
        (
            "perspectives.funding_columns",
            "demande de financement AMI : actions à poursuivre ou renouveler + nouvelles actions",
        ),
        ("perspectives.funding_rows", "nouvelles actions : demande AMI + co-financements"),
    }


def test_a_missing_workshop_breaks_the_printed_count(data_copy):
    path = data_copy / "perspectives_constats.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if "Atelier 5 :" not in line]
    assert len(kept) == len(lines) - 1
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    failed = [result for result in _results(_tables(data_copy)) if result.status == FAILED]
    assert [(result.subject, result.printed, result.computed) for result in failed] == [
        ("ateliers d'un cycle AAJ énumérés au §4.4.1.1", 5.0, 4.0)
    ]


@pytest.mark.parametrize("category", ["nouvelles_avec_demande_ami", "sans_demande_financement"])
def test_counts_that_agree_with_the_tables_turn_into_a_discrepancy_when_changed(data_copy, category):
    path = data_copy / "perspectives_nombre_actions.csv"
    with path.open(encoding="utf-8") as handle:
        line = 2 + [row["categorie"] for row in csv.DictReader(handle)].index(category)
    edit_cell(path, line, "valeur", "4")
    results = [r for r in _results(_tables(data_copy)) if r.check == "perspectives.action_counts"]
    changed = [r for r in results if r.printed == 4.0]
    assert len(changed) == 1 and changed[0].status == DISCREPANCY


def test_carried_over_35000_agrees_with_the_convention_and_the_financial_synthesis():
    tables = _tables()
    results = load_checks()["perspectives.carried_over_elsewhere"].function(tables)
    assert [(result.subject, result.printed, result.computed, result.status) for result in results] == [
        # subvention versée = 405 500 - 35 000 (lines 421, 441)
        (
            "demande AMI moins report de N1 (§4.5) et subvention versée au titre de 2024-2025 "
            "(convention, article 2.3.1)",
            370500.0,
            370500.0,
            OK,
        ),
        (
            "demande AMI moins report de N1 (§4.5) et subvention versée au titre de 2024-2025 "
            "(convention, article 2.3.2)",
            370500.0,
            370500.0,
            OK,
        ),
        # convention, line 419
        (
            "demande AMI 2024-2025 (§4.5) et soutien maximal de l'État pour 2024-2025 "
            "(convention, article 2.3.1)",
            405500.0,
            405500.0,
            OK,
        ),
        # convention, lines 416 and 419; synthesis écart, line 895
        (
            "report de N1 (§4.5) et reliquat compris dans le soutien 2024-2025 (convention, article 2.3.1)",
            35000.0,
            35000.0,
            OK,
        ),
        (
            "report de N1 (§4.5) et report du plan LDA 1 à consommer sur le plan LDA 2 "
            "(convention, article 2.3.1)",
            35000.0,
            35000.0,
            OK,
        ),
        (
            "report de N1 (§4.5) et écart entre montants alloués et dépenses du plan LDA 1, "
            "au préambule (p. 5-9)",
            35000.0,
            35000.0,
            OK,
        ),
    ]


def test_section_4_agrees_with_the_fiches_actions_and_the_workshop_annexes():
    tables = _tables()
    checks = load_checks()
    # Checked with the fiches, each place of §4 that gives the figure: 5 à 6 structures, 15 jeunes,
    # 5 ateliers (FA 20) ; 30 jeunes (action 16) ; 18-25 ans (FA 21) ; 18-30 ans four times (p. 63,
    # 70 twice, 71-72), 6 logements, 0,9 ETP financé (FA 22); and the 0,9 ETP the §4.4.2 dedicates to
    # accompaniment, of which the fiche 22 finances 0,8: the one gap.
    figures = checks["fiches_actions.perspectives_figures"].function(tables)
    assert [result.printed for result in figures] == [
        5, 6, 15, 5, 30, 18, 25, *[18] * 4, *[30] * 4, 6, 0.9, 0.9
    ]  # fmt: skip
    assert [(r.printed, r.computed) for r in figures if r.status != OK] == [(0.9, 0.8)]
    groups = checks["perspectives.workshop_groups"].function(tables)
    assert [(result.printed, result.computed, result.status) for result in groups] == [(4.0, 4.0, OK)]
