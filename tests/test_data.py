"""Loading and validation of data/: real values, and a clear French error for each kind of fault."""

import logging
from pathlib import Path

import pandas as pd
import pytest

from lda_analysis.contract.data import load_table, load_tables, resolve_data_dir
from lda_analysis.contract.errors import DataError
from lda_analysis.contract.schema import get_schema

from .conftest import edit_cell, replace_in_file


def test_every_table_of_the_schema_loads():
    tables = load_tables()
    assert set(tables) == set(get_schema().tables)
    assert {name: len(tables[name]) for name in ("acces_logement_social", "pression_demande", "fsl")} == {
        "acces_logement_social": 12,  # 2 publics x 2 territoires x 3 années
        "pression_demande": 3,
        "fsl": 4,
    }


def _old_header(path: Path, renamed: dict[str, str]) -> None:
    """Give the CSV file ``path`` the old names of its renamed columns (``renamed``: old -> new), and
    the old codes of the nature of its figures (« observed », « reported »)."""
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    old_names = {new: old for old, new in renamed.items()}
    if "nature_chiffre" in header.split(","):
        rest = rest.replace(",observe,", ",observed,").replace(",rapporte,", ",reported,")
    path.write_text(",".join(old_names.get(name, name) for name in header.split(",")) + "\n" + rest, "utf-8")


def test_a_data_folder_written_before_the_rename_is_read_under_the_new_names(data_copy):
    """A data folder whose files still have the English names of renamed columns (« rank »,
    « axis »…) loads as the current one, and a French message names each rename."""
    originals, schema = load_tables(data_copy), get_schema()
    for name in schema.renamed:
        _old_header(data_copy / schema.table(name).file, schema.renamed_columns(name))
    assert "rank" in (data_copy / "actions_indicateurs.csv").read_text(encoding="utf-8").split("\n")[0]
    assert ",observed," in (data_copy / "fsl.csv").read_text(encoding="utf-8")
    messages: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("lda_analysis.contract.data")
    level, logger.level = logger.level, logging.INFO
    logger.addHandler(handler)
    try:
        renamed = load_tables(data_copy)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    for name, frame in renamed.items():
        pd.testing.assert_frame_equal(frame, originals[name])
    assert "fsl.csv : colonne renommée : axis → axe (lue sous son nouveau nom)" in messages
    assert (
        "actions_jalons.csv : colonne renommée : end_year → annee_fin (lue sous son nouveau nom)" in messages
    )
    assert "fsl.csv : colonne renommée : value → valeur (lue sous son nouveau nom)" in messages
    assert len(messages) == sum(len(pairs) for pairs in schema.renamed.values())


def test_access_rates_are_those_of_the_ddets_table():
    rates = load_table("acces_logement_social")
    values = {(row.public, row.territoire, row.annee): row.valeur for row in rates.itertuples()}
    assert values[("hebergement_generaliste", "MTPM", 2017)] == 3.1
    assert values[("hebergement_generaliste", "VAR_HORS_TPM", 2021)] == 2.0
    assert values[("sans_abri", "MTPM", 2024)] == 3.4
    assert values[("sans_abri", "VAR_HORS_TPM", 2024)] == 1.3
    assert rates["annee"].dtype == "int64" and rates["valeur"].dtype == "float64"


def test_every_row_carries_its_source():
    for name, frame in load_tables().items():
        if frame.empty:  # a table of the yearly rapports, filled by the analyst
            continue
        assert (frame["source"].str.len() > 10).all(), name
        assert (frame["ligne_source"] > 0).all(), name


def test_reported_figures_are_marked_as_such():
    fsl = load_table("fsl").set_index("mesure")
    assert fsl.loc["evolution_demandes", "nature_chiffre"] == "rapporte"
    assert fsl.loc["evolution_demandes", "valeur"] == 30
    # Lines 1536-1540: « 30% de demandes supplémentaires sur les 3 axes … depuis la mise en
    # application du nouveau Ri du FSL en décembre 2023 »; the source dates no « constat de juin 2024 »: the finding is the rapport's.
    assert fsl.loc["evolution_demandes", "periode_imprimee"] == (
        "depuis la mise en application du nouveau règlement intérieur (décembre 2023), constat du rapport "
        "d'exécution 2021-2024"
    )
    assert fsl.loc["montant_aides", "nature_chiffre"] == "observe"
    assert fsl.loc["montant_aides", "valeur"] == 244878.18
    pressure = load_table("pression_demande")
    ratios = pressure[pressure["mesure"] == "ratio_demandes_attribution"]
    assert set(ratios["nature_chiffre"]) == {"rapporte"}


def _error(data_dir: Path, table: str = "acces_logement_social") -> str:
    with pytest.raises(DataError) as caught:
        load_table(table, data_dir)
    return str(caught.value)


def test_missing_column_is_named(data_copy):
    replace_in_file(data_copy / "acces_logement_social.csv", "public,territoire", "publics,territoire")
    message = _error(data_copy)
    assert "acces_logement_social.csv" in message
    assert "colonne « public »" in message and "colonne manquante" in message
    assert "colonne « publics »" in message and "colonne inattendue" in message


def test_non_numeric_value_gives_file_row_and_column(data_copy):
    # Line 4 of the file: hébergement généraliste, MTPM, 2021.
    edit_cell(data_copy / "acces_logement_social.csv", 4, "valeur", "4,4 %")
    message = _error(data_copy)
    assert "acces_logement_social.csv, ligne 4, colonne « valeur »" in message
    assert "valeur non numérique « 4,4 % »" in message
    assert "ex. 3,1 ou 3.1" in message


def test_rate_outside_0_100_is_refused(data_copy):
    replace_in_file(data_copy / "acces_logement_social.csv", ",3.1,", ",131,")
    message = _error(data_copy)
    assert "ligne 2, colonne « valeur »" in message
    assert "impossible pour l'unité « pourcentage »" in message
    assert "entre 0 et 100" in message


def test_negative_amount_is_refused(data_copy):
    replace_in_file(data_copy / "fsl.csv", ",244878.18,", ",-244878.18,")
    message = _error(data_copy, "fsl")
    assert "fsl.csv, ligne 3, colonne « valeur »" in message and "supérieur ou égal à 0" in message


def test_duplicate_key_names_both_rows(data_copy):
    path = data_copy / "acces_logement_social.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    message = _error(data_copy)
    assert "ligne 14" in message and "déjà présente ligne 2" in message
    assert "public=hebergement_generaliste, territoire=MTPM, annee=2017" in message


def test_unknown_territory_lists_the_known_ones(data_copy):
    replace_in_file(
        data_copy / "acces_logement_social.csv", "sans_abri,VAR_HORS_TPM,2017", "sans_abri,VAR,2017"
    )
    message = _error(data_copy)
    assert "ligne 9, colonne « territoire »" in message
    assert "valeur inconnue « VAR »" in message and "MTPM, VAR_HORS_TPM" in message


def test_empty_required_cell_and_non_integer_year(data_copy):
    path = data_copy / "acces_logement_social.csv"
    edit_cell(path, 8, "source", "")
    edit_cell(path, 12, "annee", "2024.5")
    message = _error(data_copy)
    assert message.startswith("Données invalides — 2 problèmes")
    assert (
        "ligne 12, colonne « annee » : valeur hors bornes « 2024.5 » (attendu : un nombre entier" in message
    )
    assert "ligne 8, colonne « source » : cellule vide (attendu : un texte non vide)" in message


def test_every_problem_of_every_file_is_reported_at_once(data_copy):
    replace_in_file(data_copy / "acces_logement_social.csv", ",3.1,", ",abc,")
    replace_in_file(data_copy / "fsl.csv", ",160,", ",cent soixante,")
    with pytest.raises(DataError) as caught:
        load_tables(data_copy)
    files = {problem.file for problem in caught.value.problems}
    assert files == {"acces_logement_social.csv", "fsl.csv"}


def test_row_with_too_many_values_is_located(data_copy):
    replace_in_file(data_copy / "acces_logement_social.csv", ",4.4,", ",4,4,")
    message = _error(data_copy)
    assert "acces_logement_social.csv, ligne 4 : 11 valeurs au lieu de 10" in message
    assert "entre guillemets" in message


def test_missing_file_and_missing_folder(data_copy, tmp_path):
    (data_copy / "fsl.csv").unlink()
    assert "fichier absent du dossier de données" in _error(data_copy, "fsl")
    with pytest.raises(DataError, match="dossier de données introuvable"):
        resolve_data_dir(tmp_path / "nulle-part")


def test_unknown_table_lists_the_tables():
    with pytest.raises(DataError, match="table inconnue « budget »"):
        load_table("budget")


def test_a_changed_file_is_read_again_alone(data_copy):
    # The cache of loaded tables reads again only the table whose file changed; the others are the
    # same frames, and a problem in the changed file is still reported.
    from lda_analysis.contract.data import loaded

    first = loaded(data_copy).tables
    path = data_copy / "fsl.csv"
    replace_in_file(path, ",244878.18,", ",244878.19,")
    second = loaded(data_copy).tables
    assert (
        second["fsl"] is not first["fsl"]
        and second["acces_logement_social"] is first["acces_logement_social"]
    )
    assert 244878.19 in second["fsl"]["valeur"].tolist() and 244878.18 not in second["fsl"]["valeur"].tolist()
    assert all(second[name] is first[name] for name in first if name != "fsl")
    replace_in_file(path, ",244878.19,", ",-244878.19,")
    with pytest.raises(DataError, match="fsl.csv"):
        loaded(data_copy)
    replace_in_file(path, ",-244878.19,", ",244878.18,")
    assert loaded(data_copy).tables["fsl"].equals(first["fsl"])
