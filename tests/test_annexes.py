"""The annexes' pages (ODH / SIAO / SNE figures, survey « Le logement et moi », workshop Plan LDA 2):
figures computed from the data against the values the document prints."""

import math

import pandas as pd
import pytest

from lda_analysis.blocks.tables import Table
from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.domains.annexes import computations as annexes
from lda_analysis.domains.annexes import pages


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
    assert annexes.largest(tables["annexes_menages_115"], "composition", "MTPM", ("ensemble",)) == (
        "Homme seul",
        1204.0,
    )


def test_siao_offer_totals_are_computed_by_segment(tables):
    offer = tables["annexes_offre_siao"]
    shelter = annexes.var_mtpm_total(offer[offer["segment"] == "hebergement"], "type_offre")
    housing = annexes.var_mtpm_total(offer[offer["segment"] == "logement"], "type_offre")
    assert (shelter["var"], shelter["mtpm"]) == (1599.0, 632.0)  # 456+730+160+253 ; 238+213+100+81
    assert (housing["var"], housing["mtpm"]) == (2212.0, 1384.0)
    assert round(housing["share"], 1) == 62.6
    assert annexes.whole_in_metropole(offer[offer["segment"] == "hebergement"], "type_offre") == []


def test_var_mtpm_table_shows_details_computed_total_then_printed_total(tables):
    table = pages.var_mtpm_table(
        tables["annexes_menages_115"],
        "composition",
        "Composition",
        "Ménages",
        "menages",
        total_label="Total calculé",
        printed_total="ensemble",
    )
    assert isinstance(table, Table)
    assert list(table.frame.columns) == [
        "Composition",
        "Var (département entier)",
        "MTPM",
        "Part de MTPM dans le Var",
    ]
    assert table.frame.iloc[-2].tolist() == ["Total calculé", "3\u202f129", "2\u202f176", "70\xa0%"]
    assert table.frame.iloc[-1, 0] == "Ensemble des ménages concernés par les demandes (total imprimé)"
    assert len(table.frame) == 12
    assert "SIAO 2023" in table.source_line


def test_chart_frame_is_sorted_by_the_var_and_alternates_territories(tables):
    long = pages.var_mtpm_long(tables["annexes_menages_115"], "composition", ("ensemble",))
    assert long["territoire"].tolist()[:2] == ["Var (département entier)", "MTPM"]
    assert long["label"].tolist()[:4] == ["Homme seul", "Homme seul", "Femme seule", "Femme seule"]
    assert long["valeur"].tolist()[:2] == [1701.0, 1204.0]


# ---------------------------------------------------------------------------------- survey


def test_survey_distributions_are_sorted_and_add_up_to_100(tables):
    shares = tables["annexes_enquete_repartitions"]
    population = annexes.distribution(shares, "type_population")
    assert population["label"].tolist() == [
        "Hommes seuls",
        "Femmes seules",
        "Familles monoparentales",
        "Couples",
        "Couples avec enfants",
    ]
    assert population["valeur"].tolist() == [65.0, 22.0, 8.0, 3.0, 2.0]
    for question in ("type_population", "evenements_perte_logement", "freins_acces_logement"):
        assert annexes.distribution_total(shares, question) == 100.0
    assert annexes.isolated_share(shares) == 87.0
    assert annexes.top_answer(shares, "freins_acces_logement") == ("Ressources insuffisantes", 23.0)


def test_brake_sentences_against_the_chart(tables):
    readings = annexes.brake_readings(
        tables["annexes_enquete_chiffres"], tables["annexes_enquete_repartitions"]
    )
    assert readings.set_index("indicator")["computed"].to_dict() == {
        "freins_aspect_financier": 39.0,  # « près de 40 % » : 23 + 16
        "freins_besoin_accompagnement": 20.0,  # 10 + 3 + 7
        "parc_social_delais_trop_longs": 19.0,
        "parc_prive_exigences_bailleurs": 15.0,
    }
    assert readings["nature_chiffre"].tolist() == ["rapporte", "rapporte", "observe", "observe"]
    table = pages.brake_readings_table(
        tables["annexes_enquete_chiffres"], tables["annexes_enquete_repartitions"]
    )
    assert table.frame.iloc[0, 1:].tolist() == [
        "40\xa0%",
        "rapporté par la source",
        "Ressources insuffisantes + Loyers élevés",
        "39\xa0%",
    ]


def test_survey_figures_and_shares_in_words(tables):
    figures = tables["annexes_enquete_chiffres"]
    assert annexes.survey_figure(figures, "reponses") == 114.0
    assert pages.survey_share_text(figures, "beneficie_mesure_accompagnement") == "4,3\xa0%"
    assert pages.survey_share_text(figures, "logement_preoccupation_elevee") == "74\xa0%"
    # 18 % of the reasons of former tenants, who are 75.4 % of the people interviewed.
    assert annexes.health_loss_share_of_all(figures, tables["annexes_enquete_repartitions"]) == pytest.approx(
        13.572
    )


# ---------------------------------------------------------------------------------- workshop


def test_workshop_durations_territories_and_competences(tables):
    assert annexes.method_minutes(tables["annexes_atelier_methode"]) == {"computed": 60.0, "printed": 60.0}
    table = pages.method_table(tables["annexes_atelier_methode"])
    assert table.frame["Durée"].tolist() == ["10\xa0min", "30\xa0min", "20\xa0min", "60\xa0min", "1\xa0h"]
    territories = annexes.accelerated_territories(tables["annexes_atelier_contexte"])
    assert (territories["computed"], territories["printed"]) == (45.0, 45.0)
    assert annexes.transferred_competences(tables["annexes_atelier_elements"]) == {
        "listed": 3,
        "housing_youth": 2,
    }


def test_contributions_by_group_and_column(tables):
    counts = annexes.contributions_count(tables["annexes_atelier_restitution"])
    by = counts.set_index(["groupe", "categorie"])
    assert by["count"].tolist() == [6, 6, 18, 5, 10, 10, 4, 9, 22, 7, 12, 12]
    assert counts["count"].sum() == 121
    assert counts["uncertain"].sum() == 20
    long = pages.contributions_long(tables["annexes_atelier_restitution"])
    assert long["column"].tolist()[:3] == ["Cesser", "Conserver", "Créer"]


def test_restitution_table_marks_uncertain_columns_and_shows_each_block_once(tables):
    table = pages.restitution_table(tables["annexes_atelier_restitution"], "groupe_2")
    assert table.caption == "Restitution du groupe 2 : cesser, conserver, créer"
    assert len(table.frame) == 25
    columns = [label for label in table.frame["Colonne"] if label]
    assert columns == [
        "Cesser",
        "Conserver (placement incertain)",
        "Créer (placement incertain)",
        "Conserver (placement incertain)",
    ]
    first_blocks = table.frame.iloc[5:8]["Bloc"].tolist()
    assert first_blocks == ["Communiquer et sensibiliser", "", "Collaborer et échanger"]
    assert "placement incertain" not in " ".join(
        pages.restitution_table(tables["annexes_atelier_restitution"], "groupe_1").frame["Colonne"]
    )


# ---------------------------------------------------------------------------------- missing rows


def test_missing_rows_are_errors_not_silent_zeros():
    households = load_table("annexes_menages_115")
    with pytest.raises(
        LookupError,
        match=r"table « annexes_menages_115 » : 0 ligne\(s\) au lieu d'une pour "
        r"composition = ensemble, territoire = MTPM",
    ):
        annexes.var_mtpm(households[households["territoire"] == "VAR"], "composition")
    shares = annexes.var_mtpm(
        pd.concat([households]).pipe(
            lambda f: f.assign(valeur=f["valeur"].where(f["territoire"] != "VAR", 0.0))
        ),
        "composition",
    )
    assert math.isnan(shares["share"].iloc[0])


# ---------------------------------------------------------------------------------- pages

ANNEX_PAGES = ("annexe_odh", "annexe_enquete", "annexe_atelier")
