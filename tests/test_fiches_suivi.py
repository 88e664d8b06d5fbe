"""The yearly follow-up of the fiches actions of the 2024-2027 roadmap (tables fiches_suivi,
fiches_realisations, fiches_indicateurs_suivi, seen by the yearly rapports only): what the seed
gives (the roadmap, its statuses, the targets of the new sheets), the computations and checks on
small fictional frames, the pages when the analyst's rows are still missing, and the 2024 edition
that does not see these tables."""

import math

import pandas as pd
import pytest

from lda_analysis.contract.data import load_tables, validate_table
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.checks import DISCREPANCY, FAILED, OK, run_checks
from lda_analysis.domains.edition import load_edition
from lda_analysis.domains.fiches_actions import pages, suivi
from lda_analysis.domains.fiches_actions.checks import suivi as checks

SUIVI_CHECKS = {
    f"fiches_actions.{name}"
    for name in (
        "follow_up_in_roadmap",
        "status_not_reopened",
        "status_after_starting_point",
        "status_dates_in_period",
        "deliverable_delays",
        "indicators_designated",
        "indicator_target_once",
        "indicator_target_unit",
    )
}


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def fictional(name: str, rows: list[dict]) -> pd.DataFrame:
    """A follow-up table made of ``rows`` (cells as an analyst types them), validated by the schema."""
    table = get_schema().table(name)
    raw = pd.DataFrame([{column: str(row.get(column, "")) for column in table.columns} for row in rows])
    raw = raw if rows else pd.DataFrame(columns=list(table.columns))
    return validate_table(raw, table, get_schema(), file=table.file)


def with_rows(tables, **rows: list[dict]) -> dict:
    """The embedded tables with follow-up tables replaced by fictional ones."""
    return {**tables, **{name: fictional(name, found) for name, found in rows.items()}}


# ---------------------------------------------------------------------------------- the seed


def test_the_roadmap_has_25_fiches_with_their_axis_and_pilot(tables):
    order = suivi.roadmap_order(tables)
    assert len(order) == 25
    assert order[:4] == ["3", "4", "8", "10"] and order[-1] == "7"
    fiches = suivi.roadmap_actions(tables).set_index("action")
    assert fiches.loc["22", ["axe", "sous_axe", "pilote", "operateur"]].tolist() == [
        "axe_2",
        "2_2",
        "MTPM",
        "L’ILOT",
    ]
    assert (fiches.loc["22", "ami"], fiches.loc["22", "cofinancing"]) == (70000.0, 12000.0)
    assert fiches.loc["23", "pilote"] == "MTPM / DDETS / CD83"
    assert fiches.loc["18", "other_funding"] == "financement_100_ars"
    assert math.isnan(fiches.loc["3", "ami"]) and fiches.loc["3", "plan1_section"] == "1.4"
    assert fiches.loc["3", "axe"] == "transversal" and fiches.loc["3", "sous_axe"] == ""


def test_every_code_of_the_roadmap_is_an_action_of_the_vocabulary(tables):
    assert set(suivi.roadmap_order(tables)) <= set(get_schema().vocabularies["action"])


def test_page_titles_of_a_yearly_rapport(tables):
    titles = dict(pages.follow_up_titles(tables))
    assert len(titles) == 25
    assert titles["20"] == "FA 20 — Accélérateur de l'autonomie des jeunes (AAJ)"
    assert titles["5_adaptee"] == "FA 5 adaptée — Formation pour le secteur de l'AHI (fiche 5 adaptée)"
    with pytest.raises(ValueError, match="absente de la feuille de route"):
        pages.follow_up_page_title(tables, "12")


def test_starting_statuses_are_read_from_the_roadmap_and_the_section_4_tables(tables):
    start = suivi.starting_statuses(tables).set_index("action")
    assert start.loc["10", ["statut", "printed"]].tolist() == [
        "en_cours",
        "en cours / sera terminée en déc. 2024",
    ]
    assert start.loc["11", ["statut", "printed"]].tolist() == [
        "reportee",
        "à reprendre et à déployer en 2026",
    ]
    assert start.loc["18", "statut"] == "en_preparation"
    assert start.loc["20", ["statut", "printed"]].tolist() == [
        "a_engager",
        "« Nouvelle » (tableau des actions du §4.4)",
    ]
    assert start.loc["7", "statut"] == "en_cours"  # « Poursuivre » (§4.2)
    assert start.loc["3", ["statut", "printed"]].tolist() == ["", "aucun statut imprimé"]
    assert sorted(start.index[start["statut"] == "terminee"]) == ["14", "16", "2", "6", "8"]


def test_the_2025_target_of_sheet_5_adaptee_is_read_in_the_sheet(tables):
    target = suivi.fiche_target(tables, "5_adaptee", "connexions_elearning_ahi", "2024-2025")
    assert (target["low"], target["high"], target["unite"], target["applies"]) == (56.0, 56.0, "nombre", True)
    assert not suivi.fiche_target(tables, "5_adaptee", "connexions_elearning_ahi", "2026")["applies"]
    planned = suivi.indicator_results(tables, "5_adaptee", "2024-2025")
    assert planned["target"].tolist() == [2.0, 60.0, 56.0, 204.0]
    assert planned["planned"].all() and planned["realise"].isna().all()
    later = suivi.indicator_results(tables, "5_adaptee", "2026")
    assert later["target"].isna().all() and set(later["target_note"]) == {
        "la fiche fixe sa cible pour « 2025 »"
    }
    binomes = suivi.indicator_results(tables, "21", "2024-2025").set_index("indicateur").loc[3]
    assert (binomes["target"], binomes["target_high"], binomes["label"]) == (
        20.0,
        30.0,
        "Nombre de binômes constitués",
    )


def test_the_template_offers_every_roadmap_fiche_and_every_indicator_of_the_sheets(tables):
    statuses = get_schema().table("fiches_suivi").template_rows
    assert [row["action"] for row in statuses] == suivi.roadmap_order(tables)
    declared = get_schema().table("fiches_indicateurs_suivi").template_rows
    keys = [(row["action"], row["indicateur"]) for row in declared]
    assert len(keys) == len(set(keys)) == 44
    offered = {(row["action"], row.get("fiche_type"), row.get("fiche_rang")) for row in declared}
    sheets = tables["fiches_indicateurs"]
    defined = sheets[sheets["type_indicateur"] != "livrable"]
    assert {
        (a, t, r) for a, t, r in defined[["action", "type_indicateur", "rang"]].itertuples(index=False)
    } <= offered
    for action in dict.fromkeys(row["action"] for row in declared):
        resolved = suivi.indicator_results(tables, action, "2024-2025")
        assert resolved["fiche_found"].all() and resolved["target_found"].all(), action
        assert (resolved["label"] != "").all(), action


# ---------------------------------------------------------------------------------- the empty case


def test_without_the_analysts_rows_pages_say_the_data_is_not_available(tables):
    assert all(tables[name].empty for name in suivi.FOLLOW_UP_TABLES)  # the seed gives no row
    changes = suivi.status_changes(tables, "2024-2025")
    assert len(changes) == 25 and set(changes["change"]) == {"non_renseigne"}
    assert suivi.started_and_finished(tables, "2024-2025") == {"started": [], "finished": []}
    statement = str(pages.follow_up_status_statement(tables, "8", "2024-2025"))
    assert statement == (
        "Statut pour 2024-2025 : donnée non disponible pour 2024-2025. "
        "Au rapport d'exécution 2021-2024 : terminée."
    )
    deliverables = pages.follow_up_deliverables_table(tables, "20", "2024-2025")
    assert deliverables.frame.empty and deliverables.empty.startswith("Donnée non disponible pour 2024-2025")
    indicators = pages.follow_up_indicators_table(tables, "5_adaptee", "2024-2025")
    assert set(indicators.frame["Réalisé"]) == {"donnée non disponible pour 2024-2025"}
    assert indicators.frame["Cible"].tolist()[2] == "56"
    assert "0" not in indicators.frame["Réalisé"].tolist()  # never a zero for a missing value
    assert pages.follow_up_indicators_chart(tables, "5_adaptee", "2024-2025") is None
    assert pages.follow_up_indicators_table(tables, "3", "2024-2025").frame.empty
    overview = pages.follow_up_overview_table(tables, "2024-2025").frame
    assert overview.iloc[2].tolist()[1:] == [
        "terminée",
        "donnée non disponible pour 2024-2025",
        "donnée non disponible",
    ]
    shown = pages.follow_up_page(tables, "5_adaptee", "2024-2025")
    assert [type(item).__name__ for item in shown] == ["Table", "Statement", "Table", "Table"]


def test_the_2024_edition_does_not_see_the_follow_up_tables():
    earlier, yearly = load_edition(2024), load_edition(2025)
    for name in suivi.FOLLOW_UP_TABLES:
        assert name not in earlier.tables
        assert name in yearly.tables
    assert not SUIVI_CHECKS & {result.check for result in run_checks(earlier.tables, domain="fiches_actions")}
    yearly_results = [
        r for r in run_checks(yearly.tables, domain="fiches_actions") if r.check in SUIVI_CHECKS
    ]
    assert {result.check for result in yearly_results} == SUIVI_CHECKS
    # No row yet: every rule holds, and each result says there is no row to check.
    assert {result.status for result in yearly_results} == {OK}
    assert all(result.subject.startswith("aucune ligne à contrôler") for result in yearly_results)


# ---------------------------------------------------------------------------------- fictional rows

# Données fictives : statuses an analyst could type for 2024-2025 and 2026.
STATUSES = [
    {
        "action": "10",
        "periode": "2024-2025",
        "statut": "terminee",
        "date_statut": "2024-12-15",
        "source": "fictif",
    },
    {
        "action": "20",
        "periode": "2024-2025",
        "statut": "en_cours",
        "date_statut": "2025-01-06",
        "source": "fictif",
    },
    {"action": "8", "periode": "2024-2025", "statut": "en_cours", "source": "fictif"},
    {"action": "20", "periode": "2026", "statut": "terminee", "source": "fictif"},
    {
        "action": "10",
        "periode": "2026",
        "statut": "en_cours",
        "date_statut": "2027-02-01",
        "source": "fictif",
    },
]


def test_status_changes_and_fiches_started_or_finished(tables):
    data = with_rows(tables, fiches_suivi=STATUSES)
    changes = suivi.status_changes(data, "2024-2025").set_index("action")
    assert changes.loc["10", ["previous", "statut", "change"]].tolist() == ["en_cours", "terminee", "change"]
    assert changes.loc["3", "change"] == "non_renseigne"
    assert suivi.started_and_finished(data, "2024-2025") == {"started": ["20"], "finished": ["10"]}
    assert suivi.started_and_finished(data, "2026") == {"started": [], "finished": ["20"]}
    assert str(pages.follow_up_starts_statement(data, "2024-2025")) == (
        "En 2024-2025, 1 fiche a démarré (FA 20) et 1 fiche s'est terminée (FA 10)."
    )
    assert str(pages.follow_up_status_statement(data, "10", "2024-2025")) == (
        "Statut pour 2024-2025 : terminée (acquis le 15 décembre 2024). Au rapport d'exécution "
        "2021-2024 : en cours / sera terminée en déc. 2024 ; le statut a changé."
    )
    assert str(pages.follow_up_status_statement(data, "20", "2026")).endswith(
        "En 2024-2025 : en cours ; le statut a changé."
    )


def test_status_checks_on_fictional_rows(tables):
    data = with_rows(tables, fiches_suivi=STATUSES)
    reopened = checks.status_not_reopened(data)
    assert [(r.subject, r.status) for r in reopened] == [("FA 10, 2026", FAILED)]
    dates = checks.status_dates_in_period(data)
    assert [(r.subject, r.computed, r.status) for r in dates] == [("FA 10, 2026", "2027-02-01", FAILED)]
    # The roadmap says FA 8 « terminée »: « en cours » in 2024-2025 is a discrepancy, not a failure.
    assert [(r.subject, r.status) for r in checks.status_after_starting_point(data)] == [
        ("FA 8, 2024-2025", "écart")
    ]
    assert {r.status for r in checks.follow_up_in_roadmap(data)} == {OK}
    outside = with_rows(tables, fiches_suivi=[{**STATUSES[0], "action": "12"}])
    assert [r.status for r in checks.follow_up_in_roadmap(outside)] == [FAILED, OK, OK]  # two tables empty


# Données fictives : achieved values for sheets 5 adaptée and 21.
INDICATORS = [
    {"action": "5_adaptee", "periode": "2024-2025", "indicateur": 3, "fiche_type": "evaluation", "fiche_rang": 2,
     "niveau": "realisation", "cible_fiche": "connexions_elearning_ahi", "realise": 42, "source": "fictif"},
    {"action": "5_adaptee", "periode": "2024-2025", "indicateur": 5, "niveau": "resultat",
     "libelle": "Satisfaction des stagiaires", "cible": 80, "realise": 90, "unite": "pourcentage", "source": "fictif"},
    {"action": "21", "periode": "2024-2025", "indicateur": 3, "fiche_type": "quantitatif", "fiche_rang": 1,
     "cible_fiche": "binomes_par_an", "realise": 25, "source": "fictif"},
    {"action": "21", "periode": "2024-2025", "indicateur": 6, "libelle": "Jeunes logés", "realise": 4,
     "source": "fictif"},
]  # fmt: skip


def test_achievement_rates_are_computed_against_the_target(tables):
    assert suivi.achievement_rate(42, 56) == 75.0
    assert math.isnan(suivi.achievement_rate(4, math.nan)) and math.isnan(suivi.achievement_rate(4, 0))
    data = with_rows(tables, fiches_indicateurs_suivi=INDICATORS)
    fa5 = suivi.indicator_results(data, "5_adaptee", "2024-2025").set_index("indicateur")
    assert not fa5["planned"].any() and fa5["rate"].tolist() == [75.0, 112.5]
    fa21 = suivi.indicator_results(data, "21", "2024-2025").set_index("indicateur")
    assert fa21.loc[3, "rate"] == 125.0 and math.isnan(fa21.loc[6, "rate"])
    table = pages.follow_up_indicators_table(data, "21", "2024-2025").frame
    assert table["Cible"].tolist() == ["de 20 à 30", "non fixée"]
    assert table["Taux d'atteinte (calculé)"].tolist() == ["125\xa0% du minimum", ""]
    chart = pages.follow_up_indicators_chart(data, "5_adaptee", "2024-2025")
    assert chart is not None and "75,0\xa0%" in chart.alt and "112,5\xa0%" in chart.alt
    assert pages.follow_up_indicators_chart(data, "21", "2024-2025") is not None
    assert {r.status for r in checks.indicators_designated(data)} == {OK}
    assert {r.status for r in checks.indicator_target_unit(data)} == {OK}


def test_indicator_checks_on_fictional_rows(tables):
    wrong = [
        {**INDICATORS[2], "cible": 30},  # the sheet's target typed a second time
        {**INDICATORS[0], "unite": "personnes"},  # another unit than the sheet's
        {"action": "21", "periode": "2024-2025", "indicateur": 7, "cible": 5, "source": "fictif"},  # no label, no unit
        {"action": "24", "periode": "2024-2025", "indicateur": 1, "fiche_type": "quantitatif", "fiche_rang": 40,
         "libelle": "Orientations", "source": "fictif"},  # no such indicator in sheet 24
        {"action": "24", "periode": "2024-2025", "indicateur": 2, "cible_fiche": "binomes_par_an",
         "source": "fictif"},  # a target of sheet 21, not 24
    ]  # fmt: skip
    data = with_rows(tables, fiches_indicateurs_suivi=wrong)
    once = checks.indicator_target_once(data)
    assert [(r.subject, r.status) for r in once] == [("FA 21, 2024-2025, indicateur 3", FAILED)]
    units = {(r.subject, r.status) for r in checks.indicator_target_unit(data)}
    assert units == {
        ("FA 5 adaptée, 2024-2025, indicateur 3", FAILED),
        ("FA 21, 2024-2025, indicateur 7", FAILED),
    }
    designated = [(r.subject, r.status) for r in checks.indicators_designated(data)]
    assert designated == [
        ("FA 21, 2024-2025, indicateur 7", FAILED),
        ("FA 24, 2024-2025, indicateur 1", FAILED),
        ("FA 24, 2024-2025, indicateur 2", FAILED),
        ("FA 24, 2024-2025, indicateur 2", FAILED),
    ]


def test_deliverables_of_a_period_and_their_delays(tables):
    rows = [  # données fictives
        {"action": "20", "periode": "2024-2025", "nature": "jalon", "rang": 1, "texte": "Cycle AAJ pilote",
         "echeance": "2025-01-31", "etat": "realise", "source": "fictif"},
        {"action": "20", "periode": "2024-2025", "nature": "livrable", "rang": 1, "texte": "Film de restitution",
         "echeance": "2025-06-30", "etat": "realise", "source": "fictif"},
        {"action": "20", "periode": "2024-2025", "nature": "livrable", "rang": 2, "texte": "Évaluation à froid",
         "echeance": "2026-03-31", "etat": "en_retard", "source": "fictif"},
        {"action": "7", "periode": "2024-2025", "nature": "livrable", "rang": 1, "texte": "Bilan de la PTFA",
         "etat": "prevu", "source": "fictif"},
    ]  # fmt: skip
    data = with_rows(tables, fiches_realisations=rows)
    assert suivi.period_deliverables(data, "2024-2025")["texte"].tolist() == [
        "Film de restitution",
        "Évaluation à froid",
        "Cycle AAJ pilote",
        "Bilan de la PTFA",
    ]
    table = pages.follow_up_deliverables_table(data, "20", "2024-2025").frame
    assert table.iloc[0].tolist() == ["Livrable", "Film de restitution", "30 juin 2025", "réalisé"]
    delays = checks.deliverable_delays(data)
    assert [(r.subject, r.status) for r in delays] == [("FA 20, 2024-2025 : Évaluation à froid", FAILED)]


def test_reopened_statuses_on_a_fictional_frame():
    frame = pd.DataFrame(  # données fictives
        {
            "action": ["20", "20", "20", "10"],
            "periode": ["2027", "2024-2025", "2026", "2026"],
            "statut": ["a_engager", "terminee", "terminee", "en_cours"],
            "source": ["c", "a", "b", "d"],
        }
    )
    found = suivi.reopened_statuses(frame)
    assert found[["action", "periode", "statut", "finished_in"]].values.tolist() == [
        ["20", "2027", "a_engager", "2024-2025"]
    ]
    assert suivi.reopened_statuses(frame.iloc[0:0]).empty


def test_every_offered_row_once_filled_passes_the_checks(tables):
    """The rows the 2025 template offers (``template_rows``), given a status or an achieved value
    (données fictives), pass every check of the follow-up."""
    schema = get_schema()
    statuses = [
        {**row, "periode": "2024-2025", "statut": "en_cours", "source": "fictif"}
        for row in schema.table("fiches_suivi").template_rows
    ]
    indicators = [
        {**row, "periode": "2024-2025", "realise": 1, "source": "fictif"}
        for row in schema.table("fiches_indicateurs_suivi").template_rows
    ]
    data = with_rows(tables, fiches_suivi=statuses, fiches_indicateurs_suivi=indicators)
    results = [r for r in run_checks(data, domain="fiches_actions") if r.check in SUIVI_CHECKS]
    failed = [(r.check, r.subject) for r in results if r.status == FAILED]
    assert failed == []
    # Fiches the roadmap says finished (FA 2, 6, 8, 14, 16) « en cours » in 2024-2025: discrepancies.
    found = sorted(r.subject for r in results if r.status == DISCREPANCY)
    assert {r.check for r in results if r.status == DISCREPANCY} == {
        "fiches_actions.status_after_starting_point"
    }
    assert found == sorted(f"FA {action}, 2024-2025" for action in (2, 6, 8, 14, 16))
