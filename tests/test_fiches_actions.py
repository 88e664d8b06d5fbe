"""The page « Fiches des nouvelles actions » (annexes p. 405-431): the sheets, the budget of sheet 22,
the unit costs and the PPSMJ statistics computed from the data against the values the document prints."""

import pytest

from lda_analysis.contract.data import load_tables
from lda_analysis.domains.fiches_actions import computations as fiches
from lda_analysis.domains.fiches_actions import pages
from lda_analysis.domains.perspectives.computations import funding_request


@pytest.fixture(scope="module")
def tables():
    return load_tables()


# ---------------------------------------------------------------------------------- sheets


def test_sheets_summary_sums_ami_and_cofinancing(tables):
    summary = fiches.sheets_summary(tables).set_index("action")
    assert summary["ami"].to_dict() == {
        "5_adaptee": 22500.0,
        "17": 12000.0,
        "20": 40000.0,
        "21": 36000.0,
        "22": 70000.0,
        "23": 20000.0,
        "24": 0.0,
    }
    assert summary.loc["22", "total"] == 82000.0
    assert summary.loc["24", "cofinancing"] == 40000.0
    assert summary.loc["17", "operateur"] == "FAS PACA"
    table = pages.sheets_summary_table(tables)
    assert table.frame.iloc[-1].tolist() == [
        "Ensemble des fiches (calculé)",
        "",
        "200\u202f500\xa0€",
        "52\u202f000\xa0€",
        "252\u202f500\xa0€",
    ]
    assert table.frame["Opérateur"].tolist()[:-1] == [
        "FAS PACA",
        "FAS PACA",
        "L’Agence Nouvelle des Solidarités Actives (Ansa)",
        "FACE VAR",
        "L’ILOT",
        "COLLEGE COOPERATIF",
        "ITINOVA",
    ]
    assert table.frame["Fiche"].iloc[1] == "FA 17 — Le LDA pour tous"
    assert len(fiches.header_funding(tables)) == 9  # one AMI line per sheet (7), co-financing of 22 and 24


def test_new_actions_reproduce_the_funding_table_of_section_4_5(tables):
    new = fiches.new_actions_funding(tables)
    printed = funding_request(tables["perspectives_financement"]).set_index("rubrique").loc["nouvelles"]
    assert (new["ami"], new["cofinancing"], new["total"]) == (178000.0, 52000.0, 230000.0)
    assert (printed["ami"], printed["cofinancing"], printed["total_cost"]) == (178000.0, 52000.0, 230000.0)


def test_unit_costs_against_printed_amounts(tables):
    calculations = fiches.unit_costs(tables)
    rows = [
        (calculation.action, calculation.computed, float(calculation.printed["valeur"]))
        for calculation in calculations
    ]
    assert rows == [
        ("5_adaptee", 60.0, 60.0),
        ("17", 300.0, 300.0),
        ("20", 39.0, 35.0),
        ("21", 36000.0, 36000.0),
        ("22", 28800.0, 28800.0),
        ("22", 11200.0, 11200.0),
        ("22", 11200.0, 12000.0),
        ("24", 39200.0, 40000.0),
    ]
    assert calculations[3].calculation == "30 binômes × 1\u202f200\xa0€ par binôme"
    assert [calculation.key for calculation in calculations] == [
        "fa5_volet_2",
        "fa17_participants",
        "fa20_jours",
        "fa21_mentorat",
        "fa22_locations",
        "fa22_pecule",
        "fa22_pecule_mtpm",
        "fa24_mesures",
    ]
    assert [calculation.agrees for calculation in calculations] == [
        True,
        True,
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    # The rows a calculation uses and the row it is compared with: « 14 mesures […] × 2 800 € » (fiche 24).
    last = fiches.unit_cost(tables, "fa24_mesures")
    assert (last.action, last.computed, last.printed["valeur"]) == ("24", 39200.0, 40000.0)
    assert (last.printed["nature_montant"], last.printed["mention"]) == ("budget_action", "moyens")
    assert sorted(float(row["valeur"]) for row in last.used) == [14.0, 2800.0]
    assert fiches.unit_cost_agreements(tables) == {"calculations": 8, "agreeing": 5, "differing": 3}
    table = pages.unit_cost_table(tables)
    assert table.frame["Écart"].tolist() == [
        "",
        "",
        "4\xa0jours",
        "",
        "",
        "",
        "\u2212800\xa0€",
        "\u2212800\xa0€",
    ]


def test_sheet_tables_select_one_sheet(tables):
    identity = pages.sheet_identity_table(tables["fiches_identite"], "24")
    assert identity.frame.iloc[0].tolist()[0] == "Axe du Plan LDA 2"
    assert "Titre de la fiche" not in identity.frame["Élément"].tolist()
    figures = pages.sheet_figures_table(tables, "22")
    assert figures.frame.iloc[0].tolist() == [
        "Cofinancement de la Métropole (MTPM), au titre du Fonds d'aide aux jeunes (FAJ) pour la fiche 22",
        "en tête de fiche",
        "12\u202f000\xa0€",
    ]
    assert ["Volume d'ETP financé", "12 mois", "0,9\xa0ETP"] in figures.frame.values.tolist()
    texts = pages.sheet_texts_table(tables, "23")
    assert [label for label in texts.frame["Rubrique"] if label] == [
        "Objectif opérationnel",
        "Résultat attendu",
        "Livrable",
    ]
    assert len(texts.frame) == 15
    calendar = pages.sheet_calendar_table(tables["fiches_calendrier"], "17")
    assert list(calendar.frame.columns) == ["Date ou période", "Étape"]  # no phase on this sheet
    assert calendar.frame["Étape"].tolist() == ["Sur l’année 2025 uniquement"]
    assert list(pages.sheet_calendar_table(tables["fiches_calendrier"], "22").frame.columns) == [
        "Phase",
        "Date ou période",
        "Étape",
    ]
    # Lines 8763-8784: « Entre juin 2024 et 31 déc. 2024 au plus tard : » dates the five steps that
    # follow (it was shown as their phase, with the date column empty); « Conventionnements
    # entre : » heads the two conventions.
    fa22 = pages.sheet_calendar_table(tables["fiches_calendrier"], "22").frame.values.tolist()
    assert [row[:2] for row in fa22[:8]] == [
        ["", "Entre juin 2024 et 31 déc. 2024 au plus tard"],
        ["", ""],
        ["", ""],
        ["", ""],
        ["", ""],
        ["Conventionnements entre", ""],
        ["", ""],
        ["", "1er janvier 2025"],
    ]
    assert fa22[0][2].startswith("Ilot + DDETS + MTPM : affiner le budget")
    fa24 = pages.sheet_calendar_table(tables["fiches_calendrier"], "24").frame
    assert fa24["Date ou période"].iloc[0] == "Entre juin 2024 et 31 déc. 2024 au plus tard"
    assert "Entre juin 2024 et 31 déc. 2024 au plus tard" not in set(fa24["Phase"])


def test_sheet_parameters_and_amounts(tables):
    assert fiches.param_value(tables, "17", "participants_total") == 300.0
    assert pages.param_text(tables, "24", "cout_mesure") == "2\u202f800\xa0€"
    assert fiches.funding_value(tables, "24", "financement_mtpm_ddets") == 40000.0
    assert (
        fiches.sheet_title("5_adaptee")
        == "FA 5 adaptée — Formation pour le secteur de l'AHI (fiche 5 adaptée)"
    )


# ---------------------------------------------------------------------------------- budget FA 22


def test_budget_totals_and_result_are_recomputed_from_the_lines(tables):
    budget = tables["fiches_fa22_budget"]
    amounts = fiches.budget_amounts(budget).set_index("ligne")
    assert amounts.loc["c61_services_exterieurs", "computed"] == 29800.0  # 28 800 + 1 000
    assert amounts.loc["c64_charges_personnel", "computed"] == 45763.0  # 31 700 + 11 928 + 2 135
    assert amounts.loc["achats_matieres_fournitures", "computed"] == 12384.0  # 10 944 + 1 440
    result = fiches.budget_result(budget)
    assert (result["charges"], result["products"], result["net"]) == (93176.0, 24134.0, -69042.0)
    assert (result["printed_net"], result["to_find"], result["nest_egg"]) == (-69042.0, -69042.0, 11200.0)


def test_budget_recomputation_notices_a_changed_line(tables):
    budget = tables["fiches_fa22_budget"].copy()
    budget.loc[budget["ligne"] == "eau", "valeur"] = 2440.0
    result = fiches.budget_result(budget)
    assert result["charges"] == 94176.0 and result["printed_charges"] == 93176.0
    table = pages.budget_table(budget)
    charges = table.frame[table.frame["Ligne"] == "Total des charges"].iloc[0]
    assert charges["Écart"] == "1\u202f000\xa0€"


def test_budget_table_and_chart_frame(tables):
    budget = tables["fiches_fa22_budget"]
    table = pages.budget_table(budget)
    assert table.frame.iloc[-1].tolist() == [
        "Résultat",
        "Résultat net (produits − charges)",
        "\u221269\u202f042\xa0€",
        "\u221269\u202f042\xa0€",
        "",
    ]
    assert len(table.frame) == 20  # 10 + 7 chapters, 2 totals, the result
    chart = pages.budget_charges_long(budget)
    assert chart["valeur"].tolist() == [45763.0, 29800.0, 12384.0, 3229.0, 1000.0, 750.0, 250.0]
    assert len(fiches.budget_details(budget)) == 11
    details = pages.budget_details_table(budget).frame
    assert [label for label in details["Partie"] if label] == ["Charges (dépenses)", "Produits (recettes)"]
    assert details["Chapitre ou rubrique"].tolist()[:3] == [
        "Achats matières et fournitures",
        "",
        "61 – Services extérieurs",
    ]


# ---------------------------------------------------------------------------------- PPSMJ


def test_ppsmj_totals_housing_and_short_sentences(tables):
    ppsmj = tables["fiches_ppsmj"]
    assert fiches.ppsmj_total(ppsmj) == {"computed": 268567.0, "printed": 268567.0}  # 181 833 + 86 734
    assert fiches.ppsmj_under_one_year(ppsmj) == 81.0  # 55 + 26, « plus de 80 % »
    housing = pages.ppsmj_housing(ppsmj)
    assert housing["label"].tolist()[0] == "Dans son logement personnel"
    assert round(sum(housing["valeur"]), 1) == 99.7
    ages = pages.ppsmj_ages(ppsmj)
    assert ages[ages["label"] == "18-30 ans"]["valeur"].tolist() == [38.9, 33.9, 35.6]


def test_every_ppsmj_figure_has_a_theme_and_a_table(tables):
    ppsmj = tables["fiches_ppsmj"]
    themes = fiches.ppsmj_themes(ppsmj)
    assert fiches.OTHER_THEME not in themes
    assert sum(len(pages.ppsmj_table(ppsmj, theme).frame) for theme in themes) == len(ppsmj)
    health = pages.ppsmj_table(ppsmj, "Santé").frame
    assert "plus de 55,0\xa0%" in health["Valeur"].tolist()
    assert "7\xa0fois" in health["Valeur"].tolist()


# ---------------------------------------------------------------------------------- pages
