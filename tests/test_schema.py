"""The schema file: what it accepts, and a clear error when it is wrong."""

import pytest

from lda_analysis.contract.errors import DataError
from lda_analysis.contract.schema import Bounds, dictionary_rows, get_schema, parse_schema, schema_documents


def _document(columns, **table):
    return {
        "t.yaml": {
            "vocabularies": {"territoire": {"MTPM": "MTPM"}},
            "tables": {
                "t": {
                    "file": "t.csv",
                    "title": "T",
                    "description": "",
                    "key": ["a"],
                    "columns": columns,
                    **table,
                }
            },
        }
    }


def test_project_schema_describes_every_column():
    schema = get_schema()
    for table in schema.tables.values():
        assert table.key and set(table.key) <= set(table.columns)
        for column in table.columns.values():
            assert column.description, f"{table.name}.{column.name}"
    assert schema.labels("acces_logement_social", "territoire") == {
        "MTPM": "MTPM",
        "VAR_HORS_TPM": "Var hors TPM",
    }
    assert schema.unit_bounds["pourcentage"] == Bounds(min=0, max=100)


def test_allowed_restricts_a_shared_vocabulary():
    units = get_schema().table("acces_logement_social").columns["unite"].values
    assert list(units) == ["pourcentage"]


def test_unknown_column_type_is_refused():
    with pytest.raises(DataError, match="type de colonne inconnu « heure »"):
        parse_schema(_document({"a": {"type": "heure"}}))


def test_category_needs_values_and_key_needs_columns():
    with pytest.raises(DataError, match="category sans valeurs permises"):
        parse_schema(_document({"a": {"type": "category"}}))
    with pytest.raises(DataError, match="cite des colonnes absentes"):
        parse_schema(_document({"b": {"type": "text"}}))


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        (Bounds(min=0, max=100), "un nombre entre 0 et 100"),
        (Bounds(min=0, integer=True), "un nombre entier supérieur ou égal à 0"),
        (Bounds(max=5), "un nombre inférieur ou égal à 5"),
        (Bounds(), "un nombre"),
    ],
)
def test_bounds_are_described_in_french(bounds, expected):
    assert bounds.describe() == expected


def test_bounds_admit():
    assert Bounds(min=0, max=100).admits(100) and not Bounds(min=0, max=100).admits(100.1)
    assert not Bounds(integer=True).admits(2.5)


def test_vocabularies_merge_across_files_but_may_not_conflict():
    documents = _document({"a": {"type": "category", "vocabulary": "territoire"}})
    documents["u.yaml"] = {"vocabularies": {"territoire": {"VAR": "Var"}}}
    schema = parse_schema(documents)
    assert schema.tables["t"].columns["a"].values == {"MTPM": "MTPM", "VAR": "Var"}
    documents["v.yaml"] = {"vocabularies": {"territoire": {"VAR": "Département du Var"}}}
    with pytest.raises(DataError, match="code du vocabulaire territoire « VAR » défini deux fois"):
        parse_schema(documents)


def test_template_adds_columns_after_the_table_own():
    columns = list(get_schema().table("fsl").columns)
    assert columns[:4] == ["mesure", "axe", "annee", "periode_imprimee"]
    assert columns[4:] == ["valeur", "unite", "nature_chiffre", "source", "ligne_source", "note"]
    assert not get_schema().table("fsl").columns["note"].required


def test_unknown_template_or_vocabulary_is_refused():
    with pytest.raises(DataError, match="modèle inconnu « tableau »"):
        parse_schema(_document({"a": {"type": "text"}}, template="tableau"))
    with pytest.raises(DataError, match="vocabulaire inconnu « commune »"):
        parse_schema(_document({"a": {"type": "category", "vocabulary": "commune"}}))


def test_a_rename_must_name_a_current_column():
    """``renommages.yaml`` lists old names of current columns: a new name that is no column of the
    table, or an old name still in use, is refused."""
    for pairs in ({"axis": "axes"}, {"mesure": "axe"}):
        documents = schema_documents()
        documents["renommages.yaml"] = {"renamed_columns": {"fsl": pairs}}
        with pytest.raises(DataError, match="renommage invalide pour la table « fsl »"):
            parse_schema(documents)


def test_the_data_dictionary_names_each_type_in_french():
    """The dictionary a partner reads (the book's annex, the workbook's sheet) says « code » or
    « nombre entier », not the schema's identifiers (category, integer)."""
    assert {row["type"] for row in dictionary_rows()} == {"code", "nombre entier", "nombre", "texte", "date"}
