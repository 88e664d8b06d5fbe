"""The annexes' pages: figures computed from the data against the values the document prints."""

import math

import pandas as pd
import pytest

from lda_analysis import annexes_livre as annexes
from lda_analysis.data import load_table, load_tables
from lda_analysis.tables import Table


@pytest.fixture(scope="module")
def tables():
    return load_tables()


# ---------------------------------------------------------------------------------- ODH, SIAO, SNE

def test_households_115_compositions_add_up_to_the_printed_totals(tables):
    households = tables["annexes_menages_115"]
    total = annexes.var_mtpm_total(households, "composition", exclude=("ensemble",))
    assert (total["var"], total["mtpm"]) == (3129.0, 2176.0)
    printed = annexes.var_mtpm(households, "composition").set_index("composition").loc["ensemble"]
    assert (printed["var"], printed["mtpm"]) == (3129.0, 2176.0)
    assert round(printed["share"], 1) == 69.5  # 2 176 / 3 129


def test_metropole_share_of_the_var_by_line(tables):
    rows = annexes.var_mtpm(tables["annexes_menages_115"], "composition").set_index("composition")
    assert round(rows.loc["homme_seul", "share"], 1) == 70.8  # 1 204 / 1 701
    assert rows.loc["enfant_mineur_isole", "share"] == 100.0  # 21 / 21
    assert annexes.largest(tables["annexes_menages_115"], "composition", "MTPM", ("ensemble",)) == ("Homme seul", 1204.0)


def test_siao_offer_totals_are_computed_by_segment(tables):
    offer = tables["annexes_offre_siao"]
    shelter = annexes.var_mtpm_total(offer[offer["segment"] == "hebergement"], "type_offre")
    housing = annexes.var_mtpm_total(offer[offer["segment"] == "logement"], "type_offre")
    assert (shelter["var"], shelter["mtpm"]) == (1599.0, 632.0)  # 456+730+160+253 ; 238+213+100+81
    assert (housing["var"], housing["mtpm"]) == (2212.0, 1384.0)
    assert round(housing["share"], 1) == 62.6
    assert annexes.whole_in_metropole(offer[offer["segment"] == "hebergement"], "type_offre") == []


def test_var_mtpm_table_shows_details_computed_total_then_printed_total(tables):
    table = annexes.var_mtpm_table(tables["annexes_menages_115"], "composition", "Composition", "Ménages",
                                   "menages", total_label="Total calculé", printed_total="ensemble")
    assert isinstance(table, Table)
    assert list(table.frame.columns) == ["Composition", "Var (département entier)", "MTPM", "Part de MTPM dans le Var"]
    assert table.frame.iloc[-2].tolist() == ["Total calculé", "3\u202f129", "2\u202f176", "70\xa0%"]
    assert table.frame.iloc[-1, 0] == "Ensemble des ménages concernés par les demandes (total imprimé)"
    assert len(table.frame) == 12
    assert "SIAO 2023" in table.source_line


def test_chart_frame_is_sorted_by_the_var_and_alternates_territories(tables):
    long = annexes.var_mtpm_long(tables["annexes_menages_115"], "composition", ("ensemble",))
    assert long["territory"].tolist()[:2] == ["Var (département entier)", "MTPM"]
    assert long["label"].tolist()[:4] == ["Homme seul", "Homme seul", "Femme seule", "Femme seule"]
    assert long["value"].tolist()[:2] == [1701.0, 1204.0]


# ---------------------------------------------------------------------------------- survey

def test_survey_distributions_are_sorted_and_add_up_to_100(tables):
    shares = tables["annexes_enquete_repartitions"]
    population = annexes.distribution(shares, "type_population")
    assert population["label"].tolist() == ["Hommes seuls", "Femmes seules", "Familles monoparentales",
                                            "Couples", "Couples avec enfants"]
    assert population["value"].tolist() == [65.0, 22.0, 8.0, 3.0, 2.0]
    for question in ("type_population", "evenements_perte_logement", "freins_acces_logement"):
        assert annexes.distribution_total(shares, question) == 100.0
    assert annexes.isolated_share(shares) == 87.0
    assert annexes.top_answer(shares, "freins_acces_logement") == ("Ressources insuffisantes", 23.0)


def test_brake_sentences_against_the_chart(tables):
    readings = annexes.brake_readings(tables["annexes_enquete_chiffres"], tables["annexes_enquete_repartitions"])
    assert readings.set_index("indicator")["computed"].to_dict() == {
        "freins_aspect_financier": 39.0,  # « près de 40 % » : 23 + 16
        "freins_besoin_accompagnement": 20.0,  # 10 + 3 + 7
        "parc_social_delais_trop_longs": 19.0,
        "parc_prive_exigences_bailleurs": 15.0,
    }
    assert readings["kind"].tolist() == ["reported", "reported", "observed", "observed"]
    table = annexes.brake_readings_table(tables["annexes_enquete_chiffres"], tables["annexes_enquete_repartitions"])
    assert table.frame.iloc[0, 1:].tolist() == ["40\xa0%", "rapporté par la source",
                                                "Ressources insuffisantes + Loyers élevés", "39\xa0%"]


def test_survey_figures_and_shares_in_words(tables):
    figures = tables["annexes_enquete_chiffres"]
    assert annexes.survey_figure(figures, "reponses") == 114.0
    assert annexes.survey_share_text(figures, "beneficie_mesure_accompagnement") == "4,3\xa0%"
    assert annexes.survey_share_text(figures, "logement_preoccupation_elevee") == "74\xa0%"
    # 18 % of the reasons of former tenants, who are 75.4 % of the people interviewed.
    assert annexes.health_loss_share_of_all(figures, tables["annexes_enquete_repartitions"]) == pytest.approx(13.572)


# ---------------------------------------------------------------------------------- workshop

def test_workshop_durations_territories_and_competences(tables):
    assert annexes.method_minutes(tables["annexes_atelier_methode"]) == {"computed": 60.0, "printed": 60.0}
    table = annexes.method_table(tables["annexes_atelier_methode"])
    assert table.frame["Durée"].tolist() == ["10\xa0min", "30\xa0min", "20\xa0min", "60\xa0min", "1\xa0h"]
    territories = annexes.accelerated_territories(tables["annexes_atelier_contexte"])
    assert (territories["computed"], territories["printed"]) == (45.0, 45.0)
    assert annexes.transferred_competences(tables["annexes_atelier_elements"]) == {"listed": 3, "housing_youth": 2}


def test_contributions_by_group_and_column(tables):
    counts = annexes.contributions_count(tables["annexes_atelier_restitution"])
    by = counts.set_index(["groupe", "categorie"])
    assert by["count"].tolist() == [6, 6, 18, 5, 10, 10, 4, 9, 22, 7, 12, 12]
    assert counts["count"].sum() == 121
    assert counts["uncertain"].sum() == 20
    long = annexes.contributions_long(tables["annexes_atelier_restitution"])
    assert long["column"].tolist()[:3] == ["Cesser", "Conserver", "Créer"]


def test_restitution_table_marks_uncertain_columns_and_shows_each_block_once(tables):
    table = annexes.restitution_table(tables["annexes_atelier_restitution"], "groupe_2")
    assert table.caption == "Restitution du groupe 2 : cesser, conserver, créer"
    assert len(table.frame) == 25
    columns = [label for label in table.frame["Colonne"] if label]
    assert columns == ["Cesser", "Conserver (placement incertain)", "Créer (placement incertain)",
                       "Conserver (placement incertain)"]
    first_blocks = table.frame.iloc[5:8]["Bloc"].tolist()
    assert first_blocks == ["Communiquer et sensibiliser", "", "Collaborer et échanger"]
    assert "placement incertain" not in " ".join(
        annexes.restitution_table(tables["annexes_atelier_restitution"], "groupe_1").frame["Colonne"])


def test_grouped_shows_a_second_label_again_when_the_first_group_changes():
    table = Table(pd.DataFrame({"A": ["x", "x", "y", "y"], "B": ["b", "b", "b", "c"], "C": ["1", "2", "3", "4"]}),
                  "Légende", ("Source",))
    frame = annexes.grouped(table, ("A", "B")).frame
    assert frame.values.tolist() == [["x", "b", "1"], ["", "", "2"], ["y", "b", "3"], ["", "c", "4"]]
    assert annexes.grouped(table, ("A",)).source_line == "Source : Source"


# ---------------------------------------------------------------------------------- sheets

def test_sheets_summary_sums_ami_and_cofinancing(tables):
    summary = annexes.sheets_summary(tables).set_index("action")
    assert summary["ami"].to_dict() == {"5_adaptee": 22500.0, "17": 12000.0, "20": 40000.0, "21": 36000.0,
                                        "22": 70000.0, "23": 20000.0, "24": 0.0}
    assert summary.loc["22", "total"] == 82000.0
    assert summary.loc["24", "cofinancing"] == 40000.0
    assert summary.loc["17", "operator"] == "FAS PACA"
    table = annexes.sheets_summary_table(tables)
    assert table.frame.iloc[-1].tolist() == ["Ensemble des fiches (calculé)", "", "200\u202f500\xa0€",
                                             "52\u202f000\xa0€", "252\u202f500\xa0€"]
    assert table.frame["Opérateur"].tolist()[:-1] == [
        "FAS PACA", "FAS PACA", "L’Agence Nouvelle des Solidarités Actives (Ansa)", "FACE VAR", "L’ILOT",
        "COLLEGE COOPERATIF", "ITINOVA"]
    assert table.frame["Fiche"].iloc[1] == "FA 17 — Le LDA pour tous"
    assert len(annexes.header_funding(tables)) == 9  # one AMI line per sheet (7), co-financing of 22 and 24


def test_new_actions_reproduce_the_funding_table_of_section_4_5(tables):
    from lda_analysis.finance import funding_request

    new = annexes.new_actions_funding(tables)
    printed = funding_request(tables["perspectives_financement"]).set_index("category").loc["nouvelles"]
    assert (new["ami"], new["cofinancing"], new["total"]) == (178000.0, 52000.0, 230000.0)
    assert (printed["ami"], printed["cofinancing"], printed["total_cost"]) == (178000.0, 52000.0, 230000.0)


def test_unit_costs_against_printed_amounts(tables):
    checks = annexes.unit_cost_checks(tables)
    rows = list(zip(checks["action"], checks["computed"], checks["printed"], strict=True))
    assert rows == [("5_adaptee", 60.0, 60.0), ("17", 300.0, 300.0), ("20", 39.0, 35.0),
                    ("21", 36000.0, 36000.0), ("22", 28800.0, 28800.0), ("22", 11200.0, 11200.0),
                    ("22", 11200.0, 12000.0), ("24", 39200.0, 40000.0)]
    assert checks["calculation"].iloc[3] == "30 binômes × 1\u202f200\xa0€ par binôme"
    assert annexes.unit_cost_agreements(tables) == {"calculations": 8, "agreeing": 5, "differing": 3}
    table = annexes.unit_cost_table(tables)
    assert table.frame["Écart"].tolist() == ["", "", "4\xa0jours", "", "", "", "\u2212800\xa0€", "\u2212800\xa0€"]


def test_sheet_tables_select_one_sheet(tables):
    identity = annexes.sheet_identity_table(tables["fiches_identite"], "24")
    assert identity.frame.iloc[0].tolist()[0] == "Axe du Plan LDA 2"
    assert "Titre de la fiche" not in identity.frame["Élément"].tolist()
    figures = annexes.sheet_figures_table(tables, "22")
    assert figures.frame.iloc[0].tolist() == [
        "Cofinancement de la Métropole (MTPM), au titre du Fonds d'aide aux jeunes (FAJ) pour la fiche 22",
        "en tête de fiche", "12\u202f000\xa0€"]
    assert ["Volume d'ETP financé", "12 mois", "0,9\xa0ETP"] in figures.frame.values.tolist()
    texts = annexes.sheet_texts_table(tables, "23")
    assert [label for label in texts.frame["Rubrique"] if label] == [
        "Objectif opérationnel", "Résultat attendu", "Livrable"]
    assert len(texts.frame) == 15
    calendar = annexes.sheet_calendar_table(tables["fiches_calendrier"], "17")
    assert list(calendar.frame.columns) == ["Date ou période", "Étape"]  # no phase on this sheet
    assert calendar.frame["Étape"].tolist() == ["Sur l’année 2025 uniquement"]
    assert list(annexes.sheet_calendar_table(tables["fiches_calendrier"], "22").frame.columns) == [
        "Phase", "Date ou période", "Étape"]


def test_sheet_parameters_and_amounts(tables):
    assert annexes.param_value(tables, "17", "participants_total") == 300.0
    assert annexes.param_text(tables, "24", "cout_mesure") == "2\u202f800\xa0€"
    assert annexes.funding_value(tables, "24", "financement_mtpm_ddets") == 40000.0
    assert annexes.sheet_title("5_adaptee") == "FA 5 adaptée — Formation pour le secteur de l'AHI (fiche 5 adaptée)"


# ---------------------------------------------------------------------------------- budget FA 22

def test_budget_totals_and_result_are_recomputed_from_the_lines(tables):
    budget = tables["fiches_fa22_budget"]
    amounts = annexes.budget_amounts(budget).set_index("line")
    assert amounts.loc["c61_services_exterieurs", "computed"] == 29800.0  # 28 800 + 1 000
    assert amounts.loc["c64_charges_personnel", "computed"] == 45763.0  # 31 700 + 11 928 + 2 135
    assert amounts.loc["achats_matieres_fournitures", "computed"] == 12384.0  # 10 944 + 1 440
    result = annexes.budget_result(budget)
    assert (result["charges"], result["products"], result["net"]) == (93176.0, 24134.0, -69042.0)
    assert (result["printed_net"], result["to_find"], result["nest_egg"]) == (-69042.0, -69042.0, 11200.0)


def test_budget_recomputation_notices_a_changed_line(tables):
    budget = tables["fiches_fa22_budget"].copy()
    budget.loc[budget["line"] == "eau", "value"] = 2440.0
    result = annexes.budget_result(budget)
    assert result["charges"] == 94176.0 and result["printed_charges"] == 93176.0
    table = annexes.budget_table(budget)
    charges = table.frame[table.frame["Ligne"] == "Total des charges"].iloc[0]
    assert charges["Écart"] == "1\u202f000\xa0€"


def test_budget_table_and_chart_frame(tables):
    budget = tables["fiches_fa22_budget"]
    table = annexes.budget_table(budget)
    assert table.frame.iloc[-1].tolist() == ["Résultat", "Résultat net (produits − charges)",
                                             "\u221269\u202f042\xa0€", "\u221269\u202f042\xa0€", ""]
    assert len(table.frame) == 20  # 10 + 7 chapters, 2 totals, the result
    chart = annexes.budget_charges_long(budget)
    assert chart["value"].tolist() == [45763.0, 29800.0, 12384.0, 3229.0, 1000.0, 750.0, 250.0]
    assert len(annexes.budget_details(budget)) == 11
    details = annexes.budget_details_table(budget).frame
    assert [label for label in details["Partie"] if label] == ["Charges (dépenses)", "Produits (recettes)"]
    assert details["Chapitre ou rubrique"].tolist()[:3] == ["Achats matières et fournitures", "",
                                                           "61 – Services extérieurs"]


# ---------------------------------------------------------------------------------- PPSMJ

def test_ppsmj_totals_housing_and_short_sentences(tables):
    ppsmj = tables["fiches_ppsmj"]
    assert annexes.ppsmj_total(ppsmj) == {"computed": 268567.0, "printed": 268567.0}  # 181 833 + 86 734
    assert annexes.ppsmj_under_one_year(ppsmj) == 81.0  # 55 + 26, « plus de 80 % »
    housing = annexes.ppsmj_housing(ppsmj)
    assert housing["label"].tolist()[0] == "Dans son logement personnel"
    assert round(sum(housing["value"]), 1) == 99.7
    ages = annexes.ppsmj_ages(ppsmj)
    assert ages[ages["label"] == "18-30 ans"]["value"].tolist() == [38.9, 33.9, 35.6]


def test_every_ppsmj_figure_has_a_theme_and_a_table(tables):
    ppsmj = tables["fiches_ppsmj"]
    themes = annexes.ppsmj_themes(ppsmj)
    assert annexes.OTHER_THEME not in themes
    assert sum(len(annexes.ppsmj_table(ppsmj, theme).frame) for theme in themes) == len(ppsmj)
    health = annexes.ppsmj_table(ppsmj, "Santé").frame
    assert "plus de 55,0\xa0%" in health["Valeur"].tolist()
    assert "7\xa0fois" in health["Valeur"].tolist()


# ---------------------------------------------------------------------------------- helpers

def test_agreement_and_units_in_words():
    assert annexes.agreement(45, 45, "nombre") == "soit exactement le chiffre imprimé"
    assert annexes.agreement(39200, 40000, "euros") == "alors que le document imprime 40\u202f000\xa0€"
    assert annexes.value_with_unit(2, "jours") == "2\xa0jours"
    assert annexes.value_with_unit(34.8, "age_moyen") == "34,8\xa0ans"
    assert annexes.value_with_unit(1700, "personnes") == "1\u202f700\xa0personnes"
    assert annexes.share_text(75.4) == "75,4\xa0%"


def test_missing_rows_are_errors_not_silent_zeros():
    households = load_table("annexes_menages_115")
    with pytest.raises(KeyError):
        annexes.var_mtpm(households[households["territory"] == "VAR"], "composition")
    shares = annexes.var_mtpm(pd.concat([households]).pipe(lambda f: f.assign(value=f["value"].where(
        f["territory"] != "VAR", 0.0))), "composition")
    assert math.isnan(shares["share"].iloc[0])


# ---------------------------------------------------------------------------------- pages

ANNEX_PAGES = ("annexe_odh", "annexe_enquete", "annexe_atelier", "annexe_fiches_actions")


@pytest.mark.parametrize("page", ANNEX_PAGES)
def test_glued_figures_are_shown_as_written(page):
    """MyST-NB passes a glued text through ``ast.literal_eval``: a bare « 5,9 » would be shown
    « (5, 9) ». Every figure the annexes' pages glue must come back as a string."""
    import ast
    from pathlib import Path

    import nbformat

    notebook = nbformat.read(Path(__file__).parents[1] / "notebooks" / f"{page}.ipynb", as_version=4)
    glued = [output["data"]["application/papermill.record/text/plain"]
             for cell in notebook.cells for output in cell.get("outputs", [])
             if "application/papermill.record/text/plain" in output.get("data", {})]
    assert glued, "la page n'a pas été exécutée (lda-book notebooks)"
    for text in glued:
        try:
            value = ast.literal_eval(text)
        except (SyntaxError, ValueError):
            continue  # shown as written
        assert isinstance(value, str) or str(value) == text, f"{text!r} serait affiché {value!r}"
