"""The perspectives domain's pages: the roadmap 2024-2027 and the 2024-2025 request (§4 of the
rapport) against the document."""

import math

import pandas as pd
import pytest

from lda_analysis.blocks.tables import Table
from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.domains.actions.computations import action_list, action_number
from lda_analysis.domains.perspectives import computations as perspectives
from lda_analysis.domains.perspectives import pages


@pytest.fixture(scope="module")
def data():
    return load_tables()


@pytest.fixture(scope="module")
def roadmap(data):
    return perspectives.roadmap(data)


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


# --------------------------------------------------------------------------- roadmap (p. 63)


def test_roadmap_keeps_the_documents_order_and_adds_the_cross_references(roadmap):
    # p. 63: FA 3 and FA 4 open the roadmap (axe transversal), FA 7 closes it (sous-axe 3.4).
    actions = roadmap[roadmap["action"] != ""]
    assert list(actions["action"])[:2] == ["3", "4"]
    assert actions["action"].iloc[-1] == "7"
    assert len(actions) == 25
    # 1.3 « Cf. DDETS et PDALHPD » and 3.2 « Cf. DDETS et le SIAO »: no fiche of the Métropole.
    crossed = roadmap[roadmap["group"] == "renvoi"]
    assert list(crossed["sous_axe"]) == ["1_3", "3_2"]
    assert "Cf. DDETS et PDALHPD" in crossed["situation"].iloc[0]
    # The cross-reference sits between sub-axes 1.2 (FA 9) and 2.1 (FA 11).
    position = roadmap.index[roadmap["sous_axe"] == "1_3"][0]
    assert roadmap.loc[position - 1, "action"] == "9"
    assert roadmap.loc[position + 1, "action"] == "11"


def test_situations_follow_the_tables_then_the_printed_status(roadmap):
    situation = dict(zip(roadmap["action"], roadmap["group"], strict=False))
    # Tables of §4.1 to 4.4: FA 17 to 24 are « Nouvelle », FA 1 bis and 7 « Poursuivre ».
    assert all(situation[str(code)] == "nouvelle" for code in range(17, 25))
    assert situation["1bis"] == situation["7"] == "poursuivie"
    # « FA 5 […] / devient : FA 5. Formation pour le secteur de l'AHI » (§4.1, « Renouveler »).
    assert situation["5"] == situation["5_adaptee"] == "poursuivie"
    # Printed status: « (terminée) », « (en cours / sera terminée en déc.2024) », « à reprendre… 2026 ».
    assert situation["8"] == situation["2"] == situation["10"] == "terminee"
    assert situation["11"] == "reprise"
    # No status, no table row: FA 3, 4 and 9, whose pages request a subsidy for the follow-up.
    assert situation["3"] == situation["4"] == situation["9"] == "poursuivie"


def test_ars_actions_keep_their_printed_status(roadmap):
    # « FA 18. Formation "SANTE" des Bailleurs Sociaux / Fiche ARS en cours d'écriture / financement
    # 100 % ARS » and « Nouvelle » in the table of §4.1.
    row = roadmap[roadmap["action"] == "18"].iloc[0]
    assert row["situation"].startswith("Nouvelle action")
    assert "100 % ARS" in row["situation"]
    assert row["basis"].startswith("Rapport d'exécution 2021-2024, §4.1")


def test_group_counts(roadmap):
    assert perspectives.group_counts(roadmap) == {
        "nouvelle": 8,
        "poursuivie": 7,
        "terminee": 9,
        "reprise": 1,
        "sans_statut": 0,
    }


def test_roadmap_table_of_an_axis(roadmap):
    table = pages.roadmap_table(roadmap, "axe_1")
    assert isinstance(table, Table)
    assert table.caption.startswith("Axe 1 : Produire et mobiliser")
    assert list(table.frame.columns) == [
        "Sous-axe du plan national",
        "Fiche action (intitulé de la feuille de route)",
        "Dans le plan 2",
    ]
    # FA 8, FA 10, FA 9 and the cross-reference of sub-axis 1.3.
    assert len(table.frame) == 4
    assert table.frame["Dans le plan 2"].iloc[0] == "Terminée"
    # FA 8 and FA 10 share sub-axis 1.1, named on the first row only.
    assert list(table.frame["Sous-axe du plan national"])[:2] == [
        "1.1. Production de logements très sociaux",
        "",
    ]
    # The axe transversal has no sub-axis: no sub-axis column.
    transversal = pages.roadmap_table(roadmap, "transversal")
    assert transversal.frame.columns[0] == "Fiche action (intitulé de la feuille de route)"
    # Sources: the roadmap, and the action pages that say FA 3 and FA 4 go on.
    assert any("§1.4 Action 3" in source for source in transversal.sources)


def test_roadmap_chart_frame(roadmap):
    frame = pages.roadmap_chart_frame(roadmap)
    new = frame[frame["groupe"] == "Nouvelle action"].set_index("axe")["actions"].to_dict()
    assert new == {"Axe transversal": 0, "Axe 1": 0, "Axe 2": 4, "Axe 3": 4}
    assert frame["actions"].sum() == 25
    assert "Aucun statut imprimé" not in set(frame["groupe"])


def test_action_numbers_and_lists():
    assert action_number("1bis") == "1 bis"
    assert action_list(["18", "19", "24"]) == "FA 18, FA 19 et FA 24"
    assert action_list(["11"]) == "FA 11"


# --------------------------------------------------------------------------- orientations (§4.1-4.4)


def test_orientation_titles(data):
    assert perspectives.orientation_title(data, 1) == "L’interconnaissance et la connaissance"
    # The list of §4 ends with a full stop; the title of §4.4 says « de solutions d'accompagnement ».
    assert perspectives.orientation_title(data, 4, "liste").endswith("publics spécifiques")
    assert "de solutions d’accompagnement" in perspectives.orientation_title(data, 4)


def test_orientation_counts(data):
    counts = perspectives.orientation_counts(data).set_index(["orientation", "group"])["actions"]
    # §4.1: Renouveler FA 5, Nouvelle FA 17, 18, 19.
    assert counts[(1, "poursuivie")] == 1 and counts[(1, "nouvelle")] == 3
    # §4.2: Poursuivre FA 1 bis and 7, Nouvelle FA 23 and 24, « Nouvelle 2026-2027 » plateforme santé.
    assert (counts[(2, "poursuivie")], counts[(2, "nouvelle")], counts[(2, "plus_tard")]) == (2, 2, 1)
    # §4.3: three « Nouvelle 2026 » rows.
    assert counts[(3, "plus_tard")] == 3 and counts[(3, "nouvelle")] == 0
    # §4.4: FA 20, 21, 22 and two « Nouvelle 2026 » rows.
    assert (counts[(4, "nouvelle")], counts[(4, "plus_tard")]) == (3, 2)
    assert counts.sum() == 17


def test_orientation_table(data):
    table = pages.orientation_table(data, 3)
    assert list(table.frame.columns) == ["Décision", "Période", "Intitulé de l'action", "Commentaire"]
    assert set(table.frame["Décision"]) == {"Nouvelle"}
    assert set(table.frame["Période"]) == {"2026"}
    assert "pluridisciplinarité" in table.caption


def test_orientation_sub_axis(data):
    assert perspectives.orientation_sub_axis(data, 1).startswith("3.3. Faciliter l'appropriation")
    assert perspectives.orientation_sub_axis(data, 4) == ""


def test_statements_about_keeps_the_documents_order(data):
    workshops = perspectives.statements_about(data, "4_4_1_1", "atelier_aaj")
    assert len(workshops) == 5  # « Le cycle se compose de 5 ateliers »
    assert workshops["texte"].iloc[1] == "Atelier 2 : le logement"
    assert workshops.attrs["table"] == "perspectives_constats"


def test_figures_of_section_4(data):
    assert perspectives.figure(data, "territoires_synchro", "1bis") == 7
    assert perspectives.figure(data, "jeunes_accompagnes", "20") == 15
    # « 0.9 ETP spécialisé » is printed twice (lines 5955 and 5959), with the same value.
    assert perspectives.figure(data, "etp_accompagnement", "22") == pytest.approx(0.9)
    with pytest.raises(ValueError):
        perspectives.figure(data, "mesure_inconnue")


def test_dates_of_section_4(data):
    assert perspectives.calendar_date(data, "synchro_constats") == "octobre 2024"
    assert perspectives.calendar_date(data, "referentiel_plateau_technique") == "septembre 2024"
    assert perspectives.calendar_date(data, "feuille_de_route") == "septembre 2024"
    assert (perspectives.calendar_date(data, "plh"), perspectives.calendar_date(data, "plh", end=True)) == (
        "2025",
        "2030",
    )
    with pytest.raises(ValueError):
        perspectives.calendar_date(data, "synchro_constats", end=True)


# --------------------------------------------------------------------------- funding request (§4.5)


def test_funding_request_totals_are_computed():
    funding = load_table("perspectives_financement")
    request = perspectives.funding_request(funding)
    assert request["ami"].sum() == 405500 and request["cofinancing"].sum() == 402000
    assert request["total_cost"].sum() == 807500
    assert perspectives.carried_over(funding) == 35000


def test_funding_figures(data):
    # « TOTAL 405 500 € 402 000 € 807 500 € » and « dont report de N1 35 000 € ».
    figures = perspectives.funding_figures(data["perspectives_financement"])
    assert figures["ami"] == 405500 and figures["cofinancing"] == 402000
    assert figures["total_cost"] == 807500 and figures["carried_over"] == 35000
    # The convention 2024-2027 pays 370 500 € for 2024-2025 (article 2.3.1).
    assert figures["fresh"] == 370500
    assert figures["continued_cofinancing_share"] == pytest.approx(350000 / 577500 * 100)
    assert figures["new_ami_share"] == pytest.approx(178000 / 230000 * 100)


def test_funding_table(data):
    table = pages.funding_table(data["perspectives_financement"])
    rows = table.frame.set_index("Typologie")
    assert _plain(rows.loc["Actions à poursuivre ou renouveler", "Coût total des actions"]) == "577 500 €"
    assert _plain(rows.loc["Total (calculé)", "Demande de financement AMI"]) == "405 500 €"
    assert _plain(rows.iloc[-1]["Demande de financement AMI"]) == "35 000 €"
    assert len(set(table.sources)) == 1


def test_funding_chart_frame(data):
    frame = pages.funding_chart_frame(data["perspectives_financement"])
    assert frame["montant"].tolist() == [227500, 350000, 178000, 52000]
    assert frame["montant"].sum() == 807500
    assert list(dict.fromkeys(frame["poste"])) == ["Demande AMI", "Co-financements (MTPM et partenaires)"]


def test_totals_statement_reports_a_broken_total(data):
    funding = data["perspectives_financement"].copy()
    funding.loc[
        (funding["typologie"] == "total")
        & (funding["poste"] == "cofinancement")
        & (funding["emplacement"] == "tableau"),
        "valeur",
    ] = 400000
    text = _plain(pages.totals_statement(funding).text)
    assert "diffèrent" in text
    assert "402 000 € calculés, 400 000 € imprimés" in text


def test_request_by_action(data):
    frame = perspectives.request_by_action(data)
    by_category = frame.groupby("rubrique", sort=False)
    assert list(by_category.groups) == list(perspectives.CATEGORIES)
    continued = frame[frame["rubrique"] == "poursuivies_avec_demande_ami"]
    # Requests printed on the pages of §1: 1 bis 20 000, 3 30 000, 4 10 000, 5 22 500, 7 70 000, 9 75 000.
    assert dict(zip(continued["action"], continued["ami"], strict=True)) == {
        "1bis": 20000,
        "3": 30000,
        "4": 10000,
        "5": 22500,
        "7": 70000,
        "9": 75000,
    }
    new = frame[frame["rubrique"] == "nouvelles_avec_demande_ami"].set_index("action")
    assert new["ami"].to_dict() == {"17": 12000, "23": 20000, "20": 40000, "21": 36000, "22": 70000}
    assert new.loc["22", "cofinancing"] == 12000  # « PILOTE MTPM : 12 000 € » (FAJ)
    unfunded = frame[frame["rubrique"] == "sans_demande_financement"].set_index("action")
    assert list(unfunded.index) == ["18", "19", "24"]
    assert math.isnan(unfunded.loc["18", "ami"]) and unfunded.loc["24", "ami"] == 0
    assert unfunded.loc["24", "cofinancing"] == 40000  # « FINANCEMENT MTPM ET DDETS : 40 000 € »
    assert unfunded.loc["18", "detail"] == "Financement 100 % ARS"
    assert len(frame[frame["rubrique"] == "en_cours_de_reflexion"]) == 6


def test_request_by_action_adds_up_to_the_table(data):
    frame = perspectives.request_by_action(data)
    text = _plain(pages.reconciliation_statement(frame, data["perspectives_financement"]).text)
    assert text.startswith("Additionnés, les montants des actions reproduisent")
    assert "Ils s'en écartent" not in text
    broken = frame.copy()
    broken.loc[broken["action"] == "9", "ami"] = 70000.0
    text = _plain(pages.reconciliation_statement(broken, data["perspectives_financement"]).text)
    assert "222 500 € pour les actions, 227 500 € dans le tableau" in text


def test_request_tables_and_chart(data):
    frame = perspectives.request_by_action(data)
    continued = pages.request_by_action_table(frame, "poursuivies_avec_demande_ami")
    assert continued.caption == "Actions poursuivies avec demande de financement AMI"
    # The pages of §1 give no co-financing action by action: no co-financing column.
    assert list(continued.frame.columns) == ["Action", "Demande AMI", "Précision"]
    assert continued.frame["Action"].iloc[0].startswith("FA 1 bis")
    new = pages.request_by_action_table(frame, "nouvelles_avec_demande_ami")
    assert list(new.frame.columns) == ["Action", "Demande AMI", "Co-financement"]
    assert [title.split(" :")[0] for title in new.frame["Action"]] == [
        "FA 17",
        "FA 20",
        "FA 21",
        "FA 22",
        "FA 23",
    ]
    later = pages.request_by_action_table(frame, "en_cours_de_reflexion")
    assert list(later.frame.columns) == ["Action", "Précision"] and len(later.frame) == 6
    chart = pages.request_chart_frame(frame)
    assert len(chart) == 11 and chart["montant"].sum() == 405500
    assert list(dict.fromkeys(chart["categorie"])) == ["Action poursuivie", "Nouvelle action"]


def test_category_counts(data):
    counts = data["perspectives_nombre_actions"]
    found = perspectives.category_counts(perspectives.request_by_action(data), counts).set_index("rubrique")
    # « 6 actions poursuivies », « 5 nouvelles actions », « 3 actions sans demande (18 ; 19 ; 24) »,
    # « 7 actions en cours de réflexion ».
    assert found["printed"].to_dict() == {
        "poursuivies_avec_demande_ami": 6,
        "nouvelles_avec_demande_ami": 5,
        "sans_demande_financement": 3,
        "en_cours_de_reflexion": 7,
    }
    assert found.loc["sans_demande_financement", "actions"] == perspectives.cited_actions(
        counts, "sans_demande_financement"
    )
    table = pages.category_counts_table(found.reset_index(), counts)
    assert table.frame["Lesquelles"].iloc[-1] == "6 actions sans numéro de fiche"


def test_category_counts_statement_when_everything_matches():
    found = pd.DataFrame(
        {
            "rubrique": ["sans_demande_financement"],
            "periode": ["2024-2025"],
            "printed": [3],
            "named": [3],
            "actions": [["18", "19", "24"]],
        }
    )
    text = pages.category_counts_statement(found).text
    assert text == (
        "Actions sans demande de financement (2024-2025) : les données en nomment autant que le résumé (3)."
    )
