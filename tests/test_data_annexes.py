"""Tables of the annexes domain: §6 (list of annexes) and the « Atelier LDA 2 » annex (ODH, SIAO and SNE
data, survey « Le logement et moi », workshop of 15 May 2024). Real values of the document, the checks
of the domain, and a broken copy of the data that the checks catch."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.provenance import source_lines, text_near_line, value_on_line
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.annexes.computations import whole_counts
from lda_analysis.domains.checks import DISCREPANCY, FAILED, NOT_APPLICABLE, OK, load_checks, run_checks

from .conftest import edit_cell

ROWS = {
    "annexes_liste": 22,
    "annexes_pagination": 7,
    "annexes_menages_115": 22,  # (1 total + 10 compositions) x (Var, MTPM)
    "annexes_offre_siao": 22,  # (4 hébergement + 7 logement) x (Var, MTPM)
    "annexes_public_lda_sne": 4,
    "annexes_enquete_repartitions": 24,  # 5 + 10 + 9 modalités
    "annexes_enquete_chiffres": 21,
    "annexes_enquete_textes": 22,
    "annexes_atelier_programme": 5,
    "annexes_atelier_methode": 4,
    "annexes_atelier_categories": 3,
    "annexes_atelier_contexte": 12,
    "annexes_atelier_historique": 11,
    "annexes_atelier_elements": 45,
    "annexes_atelier_themes": 12,
    "annexes_atelier_restitution": 121,
    "annexes_atelier_pistes": 15,
}


def _values(name: str, *key: str) -> dict:
    frame = load_table(name)
    return {
        tuple(getattr(row, column) for column in key) if len(key) > 1 else getattr(row, key[0]): row.valeur
        for row in frame.itertuples()
    }


def _annexes_results(tables):
    return run_checks(tables, "annexes")


def test_every_annexes_table_loads_with_its_row_count():
    names = {name for name in get_schema().tables if name.startswith("annexes_")}
    assert names == set(ROWS)
    assert {name: len(load_table(name)) for name in sorted(names)} == ROWS


def test_households_who_called_the_115_in_2022():
    households = _values("annexes_menages_115", "composition", "territoire")
    assert households[("ensemble", "VAR")] == 3129 and households[("ensemble", "MTPM")] == 2176
    assert households[("homme_seul", "VAR")] == 1701 and households[("homme_seul", "MTPM")] == 1204
    assert households[("femme_seule_avec_enfants", "MTPM")] == 170
    assert households[("groupe_adultes_sans_enfant", "VAR")] == 221
    frame = load_table("annexes_menages_115")
    assert set(frame.loc[frame["composition"] == "ensemble", "nature_chiffre"]) == {"total"}
    assert set(frame["annee"]) == {2022}


def test_accommodation_and_housing_offer_of_the_siao():
    offer = _values("annexes_offre_siao", "type_offre", "territoire")
    assert offer[("chrs", "VAR")] == 456 and offer[("chrs", "MTPM")] == 238
    assert offer[("hors_chrs", "VAR")] == 730 and offer[("alt", "MTPM")] == 81
    assert offer[("iml_bail_glissant", "VAR")] == offer[("iml_bail_glissant", "MTPM")] == 417
    assert offer[("iml_sous_location", "VAR")] == 627 and offer[("residences_sociales", "MTPM")] == 374
    assert offer[("autres_logements", "MTPM")] == 33


def test_sne_public_characteristics_without_the_figures_stored_elsewhere():
    sne = _values("annexes_public_lda_sne", "caracteristique")
    assert sne == {
        "personne_seule": 1028,
        "moins_de_25_ans": 100,
        "ressources_nulles_incoherentes": 93,
        "revenus_inferieurs_plai": 1469,
    }
    # The 248 attributions and the ratio 5,9 are in pression_demande, not here.
    stored = {
        value
        for frame in load_tables().values()
        if "valeur" in frame.columns
        for value in frame.loc[frame["ligne_source"].isin([6408, 6411]), "valeur"]
    }
    assert 248 in stored and 5.9 in stored
    for name in ROWS:
        frame = load_table(name)
        if "valeur" in frame.columns:
            assert not frame["ligne_source"].isin([6408, 6411]).any(), name


def test_survey_distributions_and_wording():
    shares = _values("annexes_enquete_repartitions", "question", "categorie")
    assert shares[("type_population", "hommes_seuls")] == 65
    assert shares[("type_population", "couples_avec_enfants")] == 2
    assert shares[("evenements_perte_logement", "rupture_conjugale")] == 21
    assert shares[("evenements_perte_logement", "problemes_sante")] == 18
    assert shares[("freins_acces_logement", "ressources_insuffisantes")] == 23
    assert shares[("freins_acces_logement", "secteur")] == 1
    labels = get_schema().labels("annexes_enquete_repartitions", "categorie")
    assert labels["fin_hebergement_tiers"] == "fin hébergement tiers"
    assert labels["exigences_bailleurs_prives"] == "Exigences bailleurs privés"
    questions = get_schema().labels("annexes_enquete_repartitions", "question")
    assert questions["freins_acces_logement"] == "Freins spécifiques à l'accès au logement :"


def test_survey_figures_and_their_sentences():
    figures = load_table("annexes_enquete_chiffres").set_index("indicateur")
    assert figures.loc["reponses", "valeur"] == 114 and figures.loc["reponses", "unite"] == "nombre"
    assert figures.loc["anciens_locataires", "valeur"] == 75.4
    assert figures.loc["emploi_pas_du_tout_priorite", "valeur"] == 27.5
    assert figures.loc["besoin_accompagnement_entree_logement", "valeur"] == 68.8
    assert figures.loc["beneficie_mesure_accompagnement", "valeur"] == 4.3
    assert figures.loc["ne_connait_pas_avdl", "valeur"] == 92.1
    assert figures.loc["ne_connait_pas_hors_les_murs", "valeur"] == 89.4
    assert figures.loc["freins_aspect_financier", "nature_chiffre"] == "rapporte"
    assert figures.loc["freins_besoin_accompagnement", "nature_chiffre"] == "rapporte"
    assert figures.loc["perte_logement_raisons_sante", "nature_chiffre"] == "observe"
    assert figures.loc["prioritaires_dalo", "libelle"].endswith("20% sont reconnus prioritaires DALO.")
    # The sentence of each figure starts on the line of its figure, or just before it.
    for row in figures.reset_index().itertuples():
        assert any(text_near_line(row.libelle, line) for line in (row.ligne_source - 1, row.ligne_source)), (
            row.indicateur
        )


def test_whole_counts_of_answers():
    assert list(whole_counts(75.4, 114)) == [86]
    assert list(whole_counts(92.1, 114)) == [105]
    assert list(whole_counts(89.4, 114)) == [] and list(whole_counts(4.3, 114)) == []
    assert list(whole_counts(65, 114)) == [74]


def test_workshop_method_context_and_programme():
    method = _values("annexes_atelier_methode", "etape")
    assert method == {"contributions_individuelles": 10, "partage": 30, "debats_synthese": 20, "total": 1}
    context = _values("annexes_atelier_contexte", "indicateur")
    assert (
        context["territoires_ami_1"],
        context["territoires_ami_2"],
        context["territoires_mise_en_oeuvre_acceleree"],
    ) == (23, 22, 45)
    assert (context["competences_transferees"], context["competences_logement_jeunes"]) == (3, 2)
    assert (context["age_min_jeunes"], context["age_max_jeunes"], context["age_max_jeunes_elargi"]) == (
        16,
        25,
        30,
    )
    programme = load_table("annexes_atelier_programme").set_index("sequence")
    assert programme.loc["ateliers", "horaire"] == "9h45-11h"
    assert set(programme["jour"]) == {"2024-05-15"}
    assert "15 mai 2024" in source_lines()[6270 - 1]


def test_history_years_are_in_their_text():
    for row in load_table("annexes_atelier_historique").itertuples():
        assert str(row.annee_debut) in row.texte, row.rang
        if pd.notna(row.annee_fin):
            assert str(row.annee_fin) in row.texte, row.rang


def test_workshop_restitution_by_group_and_column():
    restitution = load_table("annexes_atelier_restitution")
    counts = restitution.groupby(["groupe", "categorie"]).size().to_dict()
    assert counts == {
        ("groupe_1", "cesser"): 6,
        ("groupe_1", "conserver"): 6,
        ("groupe_1", "creer"): 18,
        ("groupe_2", "cesser"): 5,
        ("groupe_2", "conserver"): 10,
        ("groupe_2", "creer"): 10,
        ("groupe_3", "cesser"): 4,
        ("groupe_3", "conserver"): 9,
        ("groupe_3", "creer"): 22,
        ("groupe_4", "cesser"): 7,
        ("groupe_4", "conserver"): 12,
        ("groupe_4", "creer"): 12,
    }
    rows = restitution.set_index(["groupe", "categorie", "rang"])
    assert (
        rows.loc[("groupe_1", "cesser", 4), "texte"]
        == "Cesser les expulsions pour raisons médicales (idem ci-dessus)"
    )
    assert rows.loc[("groupe_1", "conserver", 1), "texte"] == "Continuer de mobiliser le FSL, l’ADIL"
    assert rows.loc[("groupe_3", "conserver", 7), "texte"] == '"Un chez-soi d\'abord".'
    assert rows.loc[("groupe_4", "creer", 10), "texte"] == "Mettre en place un référent unique"
    # Only the group 2 blocks outside « Cesser » are placed with doubt.
    doubtful = restitution[restitution["placement"] == "incertain"]
    assert set(doubtful["groupe"]) == {"groupe_2"} and "cesser" not in set(doubtful["categorie"])
    assert len(doubtful) == 20
    # The page number printed under the last contribution of group 2 is not part of its text.
    assert rows.loc[("groupe_2", "conserver", 10), "texte"].endswith("un logement avec un extérieur, etc.)")


def test_block_headings_are_printed_above_their_contributions():
    restitution = load_table("annexes_atelier_restitution")
    for row in restitution.itertuples():
        if row.rubrique:
            assert any(
                text_near_line(row.rubrique, line) for line in range(row.ligne_source - 40, row.ligne_source)
            ), row


def test_list_of_annexes_pages_and_pieces_are_printed():
    listing = load_table("annexes_liste")
    for row in listing.itertuples():
        if pd.notna(row.page):
            assert value_on_line(int(row.page), int(row.ligne_page)), row.rang
            assert f"(page {int(row.page)})" in source_lines()[int(row.ligne_page) - 1]
        if row.piece:
            assert text_near_line(row.piece, int(row.ligne_piece)), row.rang
    assert listing.set_index("rang").loc[13, "page"] == 356
    assert listing.set_index("rang").loc[22, "action"] == "24"


def test_checks_of_the_domain_have_no_failure_and_report_the_document_discrepancies():
    results = _annexes_results(load_tables())
    # Every check of the domain finds rows to compare (none is « non applicable »).
    registered = {c.id for c in load_checks().values() if c.domain == "annexes"}
    assert {r.check for r in results if r.status != NOT_APPLICABLE} == registered
    assert [r for r in results if r.status == FAILED] == []
    discrepancies = {
        (r.check, r.subject): (r.printed, r.computed) for r in results if r.status == DISCREPANCY
    }
    assert discrepancies == {
        ("annexes.survey_population_types_114", "type de population : total des effectifs compatibles"): (
            114.0,
            113.0,
        ),
        ("annexes.survey_shares_114", "Personnes bénéficiant d'une mesure d'accompagnement"): (4.3, 4.4),
        ("annexes.survey_shares_114", "Personnes ne connaissant pas l'accompagnement hors les murs"): (
            89.4,
            89.5,
        ),
        (
            "annexes.survey_health_housing_loss",
            "perte du logement pour raisons de santé, en % des personnes interrogées",
        ): (18.0, 13.6),
        (
            "annexes.workshop_theme_titles",
            "Groupe 1 : prévenir les ruptures et les expulsions locatives des personnes logées — Diapositive « Présentation des thématiques » (p. 393)",
        ): (
            "Pour les personnes logées, comment mieux prévenir les situations de ruptures, et, les expulsions "
            "locatives (troubles du voisinage, impayés, problématiques de santé, …) ?",
            "Pour les personnes logées, comment mieux prévenir les situations de ruptures, et, les expulsions "
            "locatives (troubles du voisinage, impayés, …)?",
        ),
        (
            "annexes.workshop_theme_titles",
            "Groupe 1 : prévenir les ruptures et les expulsions locatives des personnes logées — Titre de la diapositive de restitution du groupe (p. 399-402)",
        ): (
            "Pour les personnes logées, comment mieux prévenir les situations de ruptures, et, les expulsions "
            "locatives (troubles du voisinage, impayés, problématiques de santé, …) ?",
            "Pour les personnes logées, comment mieux prévenir les situations de ruptures, et, les expulsions "
            "locatives (troubles du voisinage, impayés, …)?",
        ),
    }
    # Every discrepancy cites both places of the document.
    for result in results:
        if result.status == DISCREPANCY:
            assert len(result.sources) >= 2, result
    # The printed totals are reproduced by their details.
    by_subject = {r.subject: r for r in results}
    assert by_subject["ménages concernés par les demandes au 115 en 2022, VAR"].status == OK
    assert by_subject["ménages concernés par les demandes au 115 en 2022, MTPM"].computed == 2176
    assert by_subject["territoires de mise en œuvre accélérée"].computed == 45
    assert by_subject["durée du travail en sous-groupe (minutes)"].printed == 60


def test_the_check_against_another_domain_fails_without_the_figure_it_compares_with():
    # The SNE subgroups are compared with the 248 attributions of pression_demande (indicateurs domain).
    tables = load_tables()
    pressure = tables["pression_demande"]
    kept = pressure[pressure["mesure"] != "attributions"].reset_index(drop=True)
    kept.attrs = dict(pressure.attrs)
    tables["pression_demande"] = kept
    results = _annexes_results(tables)
    found = [r for r in results if r.check == "annexes.sne_subgroups"]
    assert [(r.status, r.subject) for r in found] == [
        (
            FAILED,
            "table « pression_demande » : 0 ligne(s) au lieu d'une pour champ = public_lda_sne, "
            "territoire = MTPM, annee = 2022, mesure = attributions",
        )
    ]
    assert [r.check for r in results if r.status == FAILED] == ["annexes.sne_subgroups"]
    # With the figure, each subgroup of the SNE public is compared with it.
    compared = [r for r in _annexes_results(load_tables()) if r.check == "annexes.sne_subgroups"]
    assert [(r.subject, r.status) for r in compared] == [
        ("Dont personne seule, MTPM 2022", OK),
        ("Dont moins de 25 ans, MTPM 2022", OK),
        ("Dont ressources nulles ou incohérentes, MTPM 2022", OK),
        ("Dont revenus <= au PLAI, MTPM 2022", OK),
    ]


def _line_of(path: Path, **where) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if all(row[column] == value for column, value in where.items()):
                return number
    raise AssertionError(f"aucune ligne {where} dans {path.name}")


@pytest.mark.parametrize(
    "file, where, column, value, check_id",
    [
        (
            "annexes_menages_115.csv",
            {"composition": "homme_seul", "territoire": "MTPM"},
            "valeur",
            "1240",
            "annexes.households_115_composition",
        ),
        (
            "annexes_offre_siao.csv",
            {"type_offre": "chrs", "territoire": "MTPM"},
            "valeur",
            "500",
            "annexes.mtpm_within_var",
        ),
        (
            "annexes_enquete_repartitions.csv",
            {"question": "freins_acces_logement", "categorie": "delai_long"},
            "valeur",
            "29",
            "annexes.survey_distributions_100",
        ),
        (
            "annexes_atelier_methode.csv",
            {"etape": "debats_synthese"},
            "valeur",
            "25",
            "annexes.workshop_duration",
        ),
        (
            "annexes_atelier_contexte.csv",
            {"indicateur": "territoires_ami_2"},
            "valeur",
            "21",
            "annexes.workshop_territories",
        ),
    ],
)
def test_a_broken_figure_makes_a_coherence_check_fail(data_copy, file, where, column, value, check_id):
    before = _annexes_results(load_tables(data_copy))
    assert not [r for r in before if r.check == check_id and r.status == FAILED]
    path = data_copy / file
    edit_cell(path, _line_of(path, **where), column, value)
    failed = [r for r in _annexes_results(load_tables(data_copy)) if r.status == FAILED]
    assert failed and {r.check for r in failed} == {check_id}


def test_a_broken_survey_share_becomes_a_reported_discrepancy(data_copy):
    path = data_copy / "annexes_enquete_chiffres.csv"
    edit_cell(path, _line_of(path, indicateur="ne_connait_pas_avdl"), "valeur", "92.2")
    results = _annexes_results(load_tables(data_copy))
    result = next(
        r
        for r in results
        if r.check == "annexes.survey_shares_114"
        and r.subject == "Personnes ne connaissant pas la mesure AVDL"
    )
    assert result.status == DISCREPANCY and result.printed == 92.2
