"""The territoire domain's pages, the review chapters (§1.18, §2, §3.1 to §3.3): selections of a part
of the rapport, computed figures and display tables, checked against the figures the rapport prints."""

import math

import pandas as pd
import pytest

from lda_analysis.blocks.formatting import format_fte, format_times
from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.selection import value
from lda_analysis.domains.territoire.computations import (
    aivs_prorata,
    engagement_ratio,
    enumeration,
    in_section,
    relocation_counts,
)
from lda_analysis.domains.territoire.pages import (
    amounts_chart_frame,
    faj_table,
    other_actions_table,
    pdalhpd_table,
    relocation_statement,
    review_overview_table,
    scst_chart_frame,
)

NBSP = "\xa0"
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _with_values(frame: pd.DataFrame, column: str, changes: dict) -> pd.DataFrame:
    """A copy of ``frame`` where the rows whose ``column`` is a key get that key's new values."""
    changed = frame.copy()
    changed.attrs = dict(frame.attrs)
    for code, values in changes.items():
        for target, new in values.items():
            changed.loc[changed[column] == code, target] = new
    return changed


# --------------------------------------------------------------------------------------------------
# Selections


def test_in_section_selects_the_rows_printed_in_a_part_of_the_rapport(tables):
    events = in_section(tables["territoire_evenements"], "2")
    assert list(events["rang"]) == list(range(6, 24))
    assert events.attrs["table"] == "territoire_evenements"
    enumerations = tables["territoire_enumerations"]
    lists_33 = set(in_section(enumerations, "3.3")["liste"])
    assert lists_33 == {"programmations_reecrites", "rencontres_acteurs", "atelier_thematiques", "methode_3c"}
    assert set(in_section(enumerations, "1.18")["liste"]) == {"pacte_actions_lda", "iml_constats"}


def test_enumeration_is_in_rank_order(tables):
    shuffled = tables["territoire_enumerations"].iloc[::-1]
    shuffled.attrs = dict(tables["territoire_enumerations"].attrs)
    items = enumeration(shuffled, "phases_plan")
    assert list(items["texte"]) == [
        "phase d’amorçage",
        "phase de déploiement",
        "phase de consolidation des actions",
    ]
    assert len(enumeration(shuffled, "pdalhpd_entites_pilotage")) == 11


# --------------------------------------------------------------------------------------------------
# Computed figures


def test_aivs_prorata_gives_the_printed_amount_rounded(tables):
    # 115 000 € for 8 months of 12; the rapport prints 76 670 €.
    other = tables["territoire_autres_actions"]
    computed = aivs_prorata(other)
    assert computed == pytest.approx(76666.67, abs=0.01)
    assert round(computed, -1) == value(other, dispositif="aivs", mesure="financement_bascule")


def test_scst_commitment_against_its_highest_annual_contribution(tables):
    # §2.2.2: 9 000 € to 22 000 € a year (2021-2023), 136 500 € committed for 2024.
    assert engagement_ratio(tables["territoire_financement_scst"]) == pytest.approx(136500 / 22000)


def test_relocation_counts_follow_the_plan_years(tables):
    cmc = tables["territoire_relogement_cmc"]
    counts = relocation_counts(cmc.iloc[::-1])
    assert list(counts["periode"]) == ["2021-2022", "2022-2023"]
    assert list(counts["valeur"]) == [10, 20]  # §3.1, lines 4464 and 4466
    assert counts.attrs["table"] == "territoire_relogement_cmc"


def test_relocation_statement_says_the_count_doubled(tables):
    text = relocation_statement(tables["territoire_relogement_cmc"]).text
    assert text == (
        "La commission métropolitaine de coordination a relogé 10 ménages en année 1 "
        "(2021-2022) et 20 en année 2 (2022-2023), soit 10 ménages de plus : le nombre de "
        "ménages relogés a doublé."
    )


def test_relocation_statement_follows_the_data(tables):
    cmc = tables["territoire_relogement_cmc"]
    up = cmc.copy()
    up.loc[up["periode"] == "2022-2023", "valeur"] = 15
    assert relocation_statement(up).text.endswith(
        f"soit 5 ménages de plus : le nombre de ménages relogés a augmenté de 50{NBSP}%."
    )
    down = cmc.copy()
    down.loc[down["periode"] == "2022-2023", "valeur"] = 8
    assert relocation_statement(down).text.endswith(
        f"soit 2 ménages de moins : le nombre de ménages relogés a baissé de 20{NBSP}%."
    )
    same = cmc.copy()
    same.loc[same["periode"] == "2022-2023", "valeur"] = 10
    assert relocation_statement(same).text.endswith(
        "soit autant : le nombre de ménages relogés est resté stable."
    )
    one_year = cmc[cmc["periode"] != "2022-2023"]
    assert "pas d'autre année" in relocation_statement(one_year).text
    assert "ne donnent pas" in relocation_statement(cmc[cmc["mesure"] != "menages_reloges"]).text


def test_relocation_statement_escapes_data_text(tables):
    cmc = tables["territoire_relogement_cmc"].copy()
    cmc.loc[cmc["periode"] == "2021-2022", "periode_imprimee"] = "<b>année 1</b>"
    markdown = relocation_statement(cmc)._repr_markdown_()
    assert "<b>" not in markdown
    assert "\\<b\\>" in markdown


# --------------------------------------------------------------------------------------------------
# Display tables and chart data


def test_faj_table_reproduces_the_rapport_table(tables):
    # §2.2.3, lines 4104 to 4127.
    table = faj_table(tables["territoire_faj_aides"], tables["territoire_faj_textes"])
    frame = table.frame
    assert list(frame.columns) == ["Aide", "Montant", "Nombre d'aides par an", "Condition préalable"]
    assert len(frame) == 5
    assert frame.iloc[0].tolist() == [
        (
            "Accès au logement : aide au paiement de la caution et frais annexes (frais d’entrée, frais d’agence)"
        ),
        f"Plafond de 350{NBSP}€",
        "1 fois par an",
        "Solliciter en amont le FSL, Locapass, garantie Visale",
    ]
    assert frame.iloc[1]["Montant"] == f"50{NBSP}% du loyer, dans la limite de 300{NBSP}€"
    assert frame.iloc[2][["Montant", "Nombre d'aides par an", "Condition préalable"]].tolist() == [
        f"150{NBSP}€",
        "2 fois par an",
        "après avoir sollicité le FSE Energie",
    ]
    assert list(frame["Montant"])[3:] == [f"Plafond de 80{NBSP}€", f"Plafond de 400{NBSP}€"]
    assert table.source_line.startswith("Source : Rapport d'exécution 2021-2024, §2.2.3")


def test_faj_table_escapes_printed_texts(tables):
    texts = _with_values(
        tables["territoire_faj_textes"], "aide", {"installation": {"texte": "<script>alert(1)</script>"}}
    )
    html = faj_table(tables["territoire_faj_aides"], texts)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_pdalhpd_table_one_row_per_modality(tables):
    table = pdalhpd_table(tables["territoire_pdalhpd_actions"])
    frame = table.frame
    assert list(frame["Axe"]) == [
        "Axe 1. Les parcours d’accès au logement autonome",
        "Axe 3. Maintien dans le logement",
        "Axe 4 L’habitat indigne et la précarité énergétique",
        "Axe 4 L’habitat indigne et la précarité énergétique",
    ]
    assert frame.iloc[0]["Modalité"] == "Répondre aux besoins des jeunes"
    assert frame.iloc[2]["Modalité"].startswith("Modalité 1 : Clarifier le rôle")
    assert table.caption == "Actions du PDALHPD 2024-2030 dont la Métropole est pilote opérationnel"


def test_review_overview_lists_the_seven_actions(tables):
    table = review_overview_table(tables["territoire_bilan_actions"])
    frame = table.frame
    assert list(frame["Action"]) == [
        "Action 1",
        "Action 5",
        "Action 15",
        "Action 2",
        "Action 6",
        "Action 7",
        "Action 16",
    ]
    difficulties = frame[frame["Bilan"] == "Action qui a connu des difficultés (§3.2.1)"]
    assert list(difficulties["Action"]) == ["Action 1", "Action 5", "Action 15"]
    titles = dict(zip(frame["Action"], frame["Intitulé"], strict=True))
    assert titles["Action 1"] == "Diagnostic Logement d’Abord"  # as printed (§3.2.1.1)
    assert titles["Action 2"] == "Révision du règlement intérieur du FSL"  # no printed title: schema


def test_amounts_chart_frame_has_the_amounts_of_the_section(tables):
    frame = amounts_chart_frame(tables["territoire_autres_actions"])
    assert list(frame["valeur"]) == [115000, 76670, 230000, 80865]
    assert frame["label"].is_unique
    assert all(len(label) < 70 for label in frame["label"])


def test_amounts_chart_frame_labels_a_new_amount_from_the_schema(tables):
    other = _with_values(
        tables["territoire_autres_actions"], "mesure", {"duree_accompagnement": {"unite": "euros"}}
    )
    frame = amounts_chart_frame(other)
    assert frame["label"].iloc[-1] == (
        "Pacte des solidarités : accompagnement renforcé des jeunes "
        "sans ressources vers l'emploi grâce au logement (CLLAJ "
        "Alinéa) — Durée de l'accompagnement"
    )


def test_scst_chart_frame_labels(tables):
    frame = scst_chart_frame(tables["territoire_financement_scst"])
    assert list(frame["valeur"]) == [9000, 22000, 136500]
    assert frame["label"].iloc[-1] == "Engagement de financement (2024)"
    assert not math.isnan(frame["valeur"].sum())


def test_every_table_the_pages_download_exists():
    for name in (
        "territoire_autres_actions",
        "territoire_logement_abordable",
        "territoire_enumerations",
        "territoire_evenements",
        "territoire_gouvernance",
        "territoire_financement_scst",
        "territoire_faj_aides",
        "territoire_faj_textes",
        "territoire_offre_nouvelle",
        "territoire_bilan_actions",
        "territoire_bilan_chiffres",
        "territoire_calendriers_actions",
        "territoire_relogement_cmc",
        "territoire_inscription_lda",
        "territoire_pdalhpd_actions",
    ):
        assert load_table(name).attrs["table"] == name


def test_other_actions_table_is_short_and_keeps_every_figure(tables):
    other = tables["territoire_autres_actions"]
    table = other_actions_table(other)
    frame = table.frame
    assert list(frame.columns) == ["Action ou financement", "Mesure", "Année", "Valeur"]
    assert len(frame) == len(other) == 10
    assert list(frame["Valeur"])[:4] == [f"115{NNBSP}000{NBSP}€", "8", f"76{NNBSP}670{NBSP}€", "30"]
    assert list(frame["Année"])[:2] == ["2022", "2023"]
    assert set(frame["Action ou financement"]) == {
        "AIVS (action 9)",
        "Pacte des solidarités : action 13bis élargie",
        "Pacte des solidarités : CLLAJ Alinéa",
    }
    assert table.source_line.startswith("Source : Rapport d'exécution 2021-2024, §1.18.1")


def test_other_actions_table_names_a_new_funding_from_the_schema(tables):
    other = tables["territoire_autres_actions"].copy()
    other.attrs = dict(tables["territoire_autres_actions"].attrs)
    other.loc[other["dispositif"] == "pacte_cllaj", "dispositif"] = "nouveau"
    other.loc[other["dispositif"] == "nouveau", "annee"] = pd.NA
    frame = other_actions_table(other).frame
    assert frame["Action ou financement"].iloc[-1] == "nouveau"
    assert frame["Année"].iloc[-1] == ""


def test_ratio_and_full_time_equivalents_in_words(tables):
    ratio = engagement_ratio(tables["territoire_financement_scst"])
    assert format_times(ratio) == f"6,2{NBSP}fois"
    assert format_fte(1.5) == f"1,5{NBSP}équivalent temps plein"  # §3.2.2.1: « 1.5 ETP »
    assert format_fte(3) == f"3{NBSP}équivalents temps plein"


def test_review_overview_cites_the_paragraphs_of_its_titles(tables):
    table = review_overview_table(tables["territoire_bilan_actions"])
    assert len(table.sources) == 7
    assert table.sources[0].startswith("Rapport d'exécution 2021-2024, §3.2.1.1 « Action 1.")
    assert table.sources[3].startswith("Rapport d'exécution 2021-2024, §3.2.2 « Les actions qui ont")
    assert "(p. 59)" not in table.source_line
