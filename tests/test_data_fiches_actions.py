"""The new action sheets of plan 2 (annexes p. 405-431): tables, real values, checks and discrepancies."""

import csv
from pathlib import Path

import pytest

from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.provenance import untraced_rows
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.checks import DISCREPANCY, FAILED, NOT_APPLICABLE, OK, load_checks, run_checks
from lda_analysis.domains.fiches_actions.checks import fiches, ppsmj, rapport

from .conftest import edit_cell

ROWS = {
    "fiches_financements": 17,
    "fiches_parametres": 97,
    "fiches_fa22_budget": 53,
    "fiches_ppsmj": 66,
    "fiches_identite": 110,
    "fiches_objectifs": 48,
    "fiches_indicateurs": 42,
    "fiches_calendrier": 46,
    "fiches_ppsmj_constats": 13,
}


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _domain_results(tables):
    return run_checks(tables, "fiches_actions")


def _line_of(path: Path, column: str, value: str) -> int:
    """The line (header = 1) of the first row of a CSV whose ``column`` is ``value``."""
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row[column] == value:
                return line
    raise AssertionError(f"{value} absent de {path.name}")


def test_every_table_loads_with_its_rows():
    assert {name: len(load_table(name)) for name in ROWS} == ROWS


def test_every_figure_and_text_is_on_its_source_line(tables):
    for name in ROWS:
        frame = tables[name]
        text_column = None if "valeur" in frame.columns else "texte"
        assert [str(row) for row in untraced_rows(name, frame, text_column)] == [], name


def test_every_column_is_described():
    schema = get_schema()
    for name in ROWS:
        table = schema.table(name)
        assert table.description and table.title
        assert all(column.description for column in table.columns.values()), name


def test_ami_requests_and_cofundings_of_the_sheets():
    funding = load_table("fiches_financements").set_index(["action", "nature_montant", "mention"])
    value = funding["valeur"]
    assert value[("5_adaptee", "financement_ami", "encart")] == 22500
    assert value[("17", "budget_action", "tableau_actions")] == 12000
    assert value[("20", "financement_ami", "moyens")] == 40000
    assert value[("21", "financement_ami", "encart")] == 36000
    assert value[("22", "financement_ami", "encart")] == 70000
    assert value[("22", "financement_mtpm", "moyens")] == 12000
    assert value[("23", "budget_action", "moyens")] == 20000
    assert value[("24", "financement_ami", "encart")] == 0
    assert value[("24", "financement_mtpm_ddets", "encart")] == 40000
    assert funding.loc[("22", "financement_ami", "encart"), "ligne_source"] == 8631
    assert set(funding["periode"]) == {"2024-2025"}


def test_targets_and_unit_costs():
    parameters = load_table("fiches_parametres").set_index(["action", "mesure", "borne", "mention"])
    value = parameters["valeur"]
    assert value[("5_adaptee", "connexions_elearning_ahi", "valeur", 1)] == 56
    assert value[("5_adaptee", "travailleurs_sociaux_mtpm", "valeur", 1)] == 408
    assert value[("17", "participants_total", "valeur", 1)] == 300
    assert value[("17", "participants_par_seminaire", "minimum", 1)] == 70
    assert value[("20", "jours_budget_total", "valeur", 1)] == 35
    assert value[("20", "jours_formation_pilote", "valeur", 1)] == 12
    assert value[("21", "cout_par_binome", "valeur", 1)] == 1200
    assert value[("21", "binomes_par_an", "maximum", 2)] == 30
    assert value[("22", "etp_finance", "valeur", 1)] == 0.9
    assert value[("22", "loyer_mensuel", "valeur", 1)] == 400
    assert value[("23", "journees_prestataire", "maximum", 1)] == 15
    assert value[("24", "cout_mesure", "valeur", 1)] == 2800
    assert value[("24", "mesures_file_active", "valeur", 1)] == 14
    assert value[("24", "dette_max_apil", "maximum", 1)] == 4000
    assert parameters.loc[("22", "etp_accompagnement", "valeur", 1), "unite"] == "etp"


def test_budget_of_sheet_22():
    budget = load_table("fiches_fa22_budget").set_index("ligne")
    assert budget.loc["total_charges", "valeur"] == 93176
    assert budget.loc["total_produits", "valeur"] == 24134
    assert budget.loc["locations", "valeur"] == 28800
    assert budget.loc["remuneration_personnels", "valeur"] == 31700
    assert budget.loc["apl_residents", "valeur"] == 20016
    assert budget.loc["resultat_net", "valeur"] == -69042
    assert budget.loc["resultat_net", "unite"] == "euros_solde"
    assert budget.loc["pecule_faj", "valeur"] == 11200
    assert budget.loc["energie", "parent"] == "achats_matieres_fournitures"
    assert set(budget.loc[budget["niveau"] == "total", "nature_chiffre"]) == {"total"}
    # "Services bancaires, autres" has no printed amount: it is not stored.
    assert "services_bancaires" not in budget.index


def test_ppsmj_statistics():
    ppsmj = load_table("fiches_ppsmj").set_index(["population", "mesure", "borne"])
    value = ppsmj["valeur"]
    assert value[("ppsmj", "effectif", "valeur")] == 268567
    assert value[("detenus", "effectif", "valeur")] == 72173
    assert value[("ecroues", "age_moyen", "valeur")] == 34.8
    assert value[("ppsmj", "part_18_30_ans", "valeur")] == 35.6
    assert value[("milieu_ouvert", "part_50_60_ans", "valeur")] == 11
    assert value[("detenus", "rapport_prevalence_vhc", "maximum")] == 5
    assert value[("entrants_detention", "part_logement_personnel", "valeur")] == 46.1
    assert value[("milieu_ouvert", "duree_moyenne_suivi", "valeur")] == 23.6
    claim = ppsmj.loc[("liberes_2022", "part_ecrou_moins_1_an", "valeur")]
    assert (claim["valeur"], claim["precision"], claim["nature_chiffre"]) == (80, "plus_de", "rapporte")
    assert (
        ppsmj.loc[("repondants_f2rsm", "part_mesure_penale_avant_18_ans", "valeur"), "precision"] == "pres_de"
    )


def test_text_facts():
    identity = load_table("fiches_identite").set_index(["action", "element", "rang"])["texte"]
    assert identity[("5_adaptee", "operateur", 1)] == "FAS PACA"
    assert identity[("22", "operateur", 1)] == "PORTEUR – ACCOMPAGNEMENT RENFORCE : L’ILOT"
    assert identity[("23", "operateur", 1)] == "COLLEGE COOPERATIF"
    assert identity[("24", "pilote", 1)] == "MTPM ET DDETS"
    assert identity[("21", "partenaire", 1)] == "PARTENAIRE PRINCIPAL : FACE VAR"
    indicators = load_table("fiches_indicateurs")
    assert len(indicators.query("action == '24' and type_indicateur == 'quantitatif'")) == 11
    calendar = load_table("fiches_calendrier").set_index(["action", "rang"])
    assert (
        calendar.loc[("24", 9), "texte"]
        == "Démarrage de l’action avec 20 mesures au plus tard le : 1er janvier 2025"
    )
    assert calendar.loc[("20", 4), "periode_imprimee"] == "février – mai 2025"
    notes = load_table("fiches_ppsmj_constats")
    assert notes["texte"].str.startswith("1/3 des détenus").any()


def test_checks_have_no_failure(tables):
    results = _domain_results(tables)
    # Every check of the domain finds rows to compare (none is « non applicable »).
    registered = {c.id for c in load_checks().values() if c.domain == "fiches_actions"}
    assert {r.check for r in results if r.status != NOT_APPLICABLE} == registered
    assert [r for r in results if r.status == FAILED] == []
    coherence = {
        c.id for c in load_checks().values() if c.domain == "fiches_actions" and c.kind == "coherence"
    }
    assert all(r.status == OK for r in results if r.check in coherence)


def test_document_discrepancies_are_reported_with_both_figures(tables):
    gaps = {
        (r.check.split(".")[1], r.subject): (r.printed, r.computed)
        for r in _domain_results(tables)
        if r.status == DISCREPANCY
    }
    fa22, complete = "fa22_funding_and_budget", "ppsmj_complete_shares"
    # Every discrepancy of the domain, with both figures: the document's contradictions, none else.
    assert gaps == {
        ("unit_cost_gaps", "Fiche 24 : 14 mesures en file active × 2 800 € et « Soit 40 000 € »"): (
            40000,
            39200,
        ),
        (fa22, "Financement AMI (encart de tête) et financement à trouver"): (70000, 69042),
        (fa22, "Financement AMI (moyens nécessaires) et financement à trouver"): (70000, 69042),
        (fa22, "Cofinancement MTPM - FAJ (encart de tête) et pécule du budget"): (12000, 11200),
        (fa22, "Cofinancement MTPM - FAJ (moyens nécessaires) et pécule du budget"): (12000, 11200),
        ("fa20_days", "Budget « sur 35 jours à 2 intervenants » et ses 8 étapes"): (35, 39),
        (
            "fa5_training_capacity",
            "Volet 2 : « 2*2 jours pour 60 personnes » et formation « jusqu'à 15 participants »",
        ): (60, 30),
        ("fa20_operator", "Nom de l'Ansa (porteur et rubrique « Opérateur »)"): (
            "Agence Nouvelle des Solidarités Actives (Ansa)",
            "Agence Nationale de Solidarité Active (Ansa)",
        ),
        ("ppsmj_durations", "Durées moyennes de 2022"): (9.8, "au moins 11,1"),
        (complete, "Âge des personnes écrouées (2023)"): (100, 99.1),
        (complete, "Âge des personnes suivies en milieu ouvert (2023)"): (100, 99.7),
        (complete, "Logement à l'entrée en détention"): (100, 99.7),
        (complete, "Activité à l'entrée en détention"): (100, 99.1),
        (
            "perspectives_figures",
            "Fiche 22 : ETP d'accompagnement (conseiller en insertion professionnelle) (valeur) et §4 (p. 71)",
        ): (0.9, 0.8),
    }


def test_the_age_distribution_of_all_ppsmj_is_complete(tables):
    # 35.6 + 49.1 + 10.3 + 4.9 = 99.9: within the rounding of 4 shares printed to one decimal.
    result = next(
        r
        for r in ppsmj.ppsmj_complete_shares(tables)
        if r.subject == "Âge de l'ensemble des PPSMJ (1er janvier 2023)"
    )
    assert (result.computed, result.status) == (99.9, OK)


def test_funding_table_of_section_4_5_is_reproduced_by_the_sheets(tables):
    results = rapport.perspectives_funding(tables)
    assert [(r.printed, r.computed, r.status) for r in results] == [
        (178000, 178000, OK),
        (52000, 52000, OK),
        (230000, 230000, OK),
    ]
    counts = rapport.perspectives_action_count(tables)
    assert [(r.printed, r.computed, r.status) for r in counts] == [
        (5, 5, OK),
        ("actions 18 ; 19 ; 24", "action 24", OK),
    ]


def _without(tables, name, drop):
    """The tables with the rows of ``name`` for which ``drop`` (a function of the frame) is true removed."""
    frame = tables[name]
    kept = frame[~drop(frame)].reset_index(drop=True)
    kept.attrs = dict(frame.attrs)
    return {**tables, name: kept}


def test_the_checks_against_section_4_fail_or_say_there_is_nothing_to_compare(tables):
    # The co-financing line of the new actions in the §4.5 table is designated: without it, a failure.
    broken = _without(
        tables,
        "perspectives_financement",
        lambda f: (f["typologie"] == "nouvelles") & (f["poste"] == "cofinancement"),
    )
    # The counts of §4.5 and the figures of §4 are looked for: without them, nothing to compare.
    broken = _without(
        broken,
        "perspectives_nombre_actions",
        lambda f: f["categorie"].isin(["nouvelles_avec_demande_ami", "sans_demande_financement"]),
    )
    broken = _without(broken, "perspectives_chiffres", lambda f: f["action"].isin(["16", "20", "21", "22"]))
    every = _domain_results(broken)
    results = {}
    for result in every:
        results.setdefault(result.check, []).append(result)
    funding = results["fiches_actions.perspectives_funding"]
    assert [(r.status, r.subject) for r in funding] == [
        (
            FAILED,
            "table « perspectives_financement » : 0 ligne(s) au lieu d'une pour emplacement = tableau, "
            "typologie = nouvelles, poste = cofinancement",
        )
    ]
    for check in ("fiches_actions.perspectives_action_count", "fiches_actions.perspectives_figures"):
        assert [(r.status, r.printed, r.computed) for r in results[check]] == [
            (NOT_APPLICABLE, None, None)
        ], check
    # The other checks of the domain are not affected.
    assert [r.check for r in every if r.status == FAILED] == ["fiches_actions.perspectives_funding"]


def test_a_wrong_budget_line_fails_the_coherence_checks(data_copy):
    path = data_copy / "fiches_fa22_budget.csv"
    edit_cell(path, _line_of(path, "ligne", "locations"), "valeur", "28000")
    broken = load_tables(data_copy)
    failed = [r for r in fiches.fa22_budget_sums(broken) if r.status == FAILED]
    assert [(r.subject, r.printed, r.computed) for r in failed] == [
        ("61 – Services extérieurs", 29800, 29000)
    ]
    unit_costs = {r.subject: r.status for r in fiches.unit_costs(broken)}
    assert unit_costs["Fiche 22 : 6 appartements × 400 € × 12 mois = ligne « Locations » du budget"] == FAILED


def test_a_wrong_ppsmj_count_fails_and_a_wrong_repeated_amount_is_a_discrepancy(data_copy):
    statistics = data_copy / "fiches_ppsmj.csv"
    edit_cell(statistics, _line_of(statistics, "population", "milieu_ouvert"), "valeur", "181383")
    funding = data_copy / "fiches_financements.csv"
    with funding.open(encoding="utf-8", newline="") as handle:
        line = next(
            number
            for number, row in enumerate(csv.DictReader(handle), start=2)
            if (row["action"], row["nature_montant"], row["mention"]) == ("20", "financement_ami", "moyens")
        )
    edit_cell(funding, line, "valeur", "45000")
    broken = load_tables(data_copy)
    assert ppsmj.ppsmj_headcounts(broken)[0].status == FAILED
    mentions = {r.subject: r.status for r in fiches.repeated_mentions(broken)}
    assert (
        mentions[
            "Fiche 20 : Financement demandé au titre de l'AMI (Dihal), moyens nécessaires et encart de tête"
        ]
        == DISCREPANCY
    )
