"""The Excel round trip: export, import, and broken workbooks that must leave data/ untouched."""

import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pandas as pd
import pytest

from lda_analysis.cli.lda_book import main
from lda_analysis.contract.data import load_table, load_tables, table_csv
from lda_analysis.contract.errors import DataError
from lda_analysis.contract.schema import get_schema
from lda_analysis.publication import workbook_import
from lda_analysis.publication.workbook import DICTIONARY_SHEET, INSTRUCTIONS_SHEET, export_workbook
from lda_analysis.publication.workbook_import import import_workbook

from .conftest import edit_cell
from .workbooks import before_labels, before_rename


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def exported_bytes(tmp_path_factory) -> bytes:
    """The workbook of the embedded data, exported once for the module (the data copies of the
    tests start equal to it)."""
    return export_workbook(tmp_path_factory.mktemp("export") / "classeur.xlsx").read_bytes()


@pytest.fixture
def exported(tmp_path, data_copy, exported_bytes) -> Path:
    """The workbook of ``data_copy``, in a file the test may edit."""
    path = tmp_path / "classeur.xlsx"
    path.write_bytes(exported_bytes)
    return path


@pytest.fixture
def old_exported(exported) -> Path:
    """The same workbook as the export wrote it before the French names (sheets named after the
    tables, identifier headers): analysts still have such workbooks, and the import reads them."""
    return before_labels(exported)


def _import_error(path: Path, data_dir: Path) -> str:
    before = _snapshot(data_dir)
    with pytest.raises(DataError) as caught:
        import_workbook(path, data_dir)
    assert _snapshot(data_dir) == before, "data/ a changé malgré un classeur invalide"
    return str(caught.value)


def test_workbook_has_instructions_dictionary_and_one_sheet_per_table(exported):
    book = openpyxl.load_workbook(exported)
    schema = get_schema()
    assert book.sheetnames[:2] == [INSTRUCTIONS_SHEET, DICTIONARY_SHEET]
    assert book.sheetnames[2:] == [table.sheet_name for table in schema.tables.values()]
    assert "FSL" in book.sheetnames and "Accès au logement social" in book.sheetnames
    instructions = [str(cell.value) for cell in book[INSTRUCTIONS_SHEET]["A"] if cell.value]
    assert "Ne renommez ni les feuilles ni les colonnes" in " ".join(instructions)
    # The steps end with whom to send the workbook to, not with a command to type.
    last_step = next(line for line in reversed(instructions) if line[0].isdigit())
    assert last_step.startswith("9. Si des cellules sont refusées") and "lda-book" not in last_step
    assert any("Envoyez-le à la personne qui construit le livre" in line for line in instructions)
    dictionary = list(book[DICTIONARY_SHEET].values)
    assert dictionary[0][:3] == ("Feuille", "Colonne", "Nom dans le CSV")
    territory = [row for row in dictionary if row[0] == "Accès au logement social" and row[1] == "Territoire"]
    assert territory[0][2] == "acces_logement_social.csv : territoire"
    assert "VAR_HORS_TPM = Var hors TPM" in territory[0][6]
    sheet = book["Accès au logement social"]
    assert [cell.value for cell in sheet[1]][:5] == [
        "Public",
        "Territoire",
        "Année",
        "Période imprimée",
        "Valeur",
    ]
    assert sheet["E2"].value == 3.1 and sheet["C2"].value == 2017  # numbers stay numbers


def test_every_sheet_and_header_is_a_french_label(exported):
    """Sheet names and headers are the schema's labels, never the identifiers of the CSV files."""
    book = openpyxl.load_workbook(exported, read_only=True)
    for table in get_schema().tables.values():
        assert table.sheet and table.sheet_name != table.name, table.name
        header = next(book[table.sheet_name].iter_rows(max_row=1, values_only=True))
        labels = [column.label for column in table.columns.values()]
        assert list(header) == labels, table.name
        assert all(label and label not in table.columns for label in labels), table.name


def test_amounts_and_percentages_have_number_formats(exported):
    """The FSL 2022 amount is a number shown in euros with thousands (« 244 878,18 € » in a French
    Excel), a share in percent, a count with thousands; years keep no separator."""
    book = openpyxl.load_workbook(exported)
    fsl = book["FSL"]
    header = [cell.value for cell in fsl[1]]
    row = [cell for cell in fsl[3]]
    amount = row[header.index("Valeur")]
    assert (amount.value, amount.number_format) == (244878.18, '#,##0.00 "€"')
    assert row[header.index("Année")].number_format == "General"
    shares = book["Accès au logement social"]
    assert (shares["E2"].value, shares["E2"].number_format) == (3.1, '0.0" %"')
    credits = book["Perspectives - financement"]
    header = [cell.value for cell in credits[1]]
    formats = {row[header.index("Valeur")].number_format for row in credits.iter_rows(min_row=2)}
    assert formats <= {'#,##0 "€"', '#,##0.00 "€"', "#,##0", '0.0" %"'} and '#,##0 "€"' in formats


def test_the_same_data_give_the_same_workbook_whenever_it_is_written(tmp_path, exported):
    """No date of making in the file: the workbook offered with the book is reproducible."""
    again = export_workbook(tmp_path / "encore.xlsx")
    assert again.read_bytes() == exported.read_bytes()
    with zipfile.ZipFile(exported) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified
    assert openpyxl.load_workbook(exported, read_only=True).sheetnames[:2] == [
        INSTRUCTIONS_SHEET,
        DICTIONARY_SHEET,
    ]


def test_export_then_import_is_lossless(tmp_path, data_copy, exported):
    originals = load_tables(data_copy)
    summary = import_workbook(exported, data_copy)
    assert summary.lines() == ["Aucun changement : les données contenaient déjà les lignes du classeur."]
    for name, frame in load_tables(data_copy).items():
        pd.testing.assert_frame_equal(frame, originals[name])
        file = data_copy / get_schema().table(name).file
        assert file.read_text(encoding="utf-8") == table_csv(originals[name], name)


def test_text_starting_with_a_sign_is_written_as_text(tmp_path, data_copy):
    for line, text in ((2, "-5"), (3, "+33 4 94 00 00 00")):
        edit_cell(data_copy / "acces_logement_social.csv", line, "note", text)
    with pytest.raises(DataError) as caught:  # « + » then a digit: a spreadsheet reads a formula
        load_table("acces_logement_social", data_copy)
    assert "ligne 3, colonne « note » : texte commençant par « + »" in str(caught.value)
    edit_cell(data_copy / "acces_logement_social.csv", 3, "note", "")
    path = export_workbook(tmp_path / "classeur.xlsx", data_copy)
    note = openpyxl.load_workbook(path)["Accès au logement social"].cell(row=2, column=10)
    assert (note.value, note.data_type) == ("-5", "s")
    with zipfile.ZipFile(path) as archive:
        assert not any(
            "<f>" in archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )
    import_workbook(path, data_copy)  # and it comes back as the same text
    assert load_table("acces_logement_social", data_copy)["note"].iloc[0] == "-5"


def test_workbooks_are_read_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def _edit(path: Path, sheet: str, cell: str, value) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def test_missing_sheet(old_exported, data_copy):
    book = openpyxl.load_workbook(old_exported)
    del book["fsl"]
    book.save(old_exported)
    message = _import_error(old_exported, data_copy)
    assert "classeur.xlsx, feuille « fsl » : feuille manquante" in message


def test_renamed_column(old_exported, data_copy):
    _edit(old_exported, "pression_demande", "B1", "mesures")
    message = _import_error(old_exported, data_copy)
    assert "feuille « pression_demande », colonne « mesure » : colonne manquante" in message
    assert "colonne « mesures » : colonne inattendue" in message


def test_text_in_a_number_column_names_the_excel_row(old_exported, data_copy):
    _edit(old_exported, "acces_logement_social", "E7", "quatre virgule sept")
    message = _import_error(old_exported, data_copy)
    assert (
        "feuille « acces_logement_social », ligne 7, colonne « valeur » : valeur non numérique « quatre virgule sept »"
    ) in message


def test_negative_amount(exported, data_copy):
    """Errors name the sheet and the column as the workbook shows them (French labels)."""
    _edit(exported, "FSL", "E3", -244878.18)
    message = _import_error(exported, data_copy)
    assert "feuille « FSL », ligne 3, colonne « Valeur » : valeur -244878 impossible" in message


def test_renamed_column_of_a_french_workbook(exported, data_copy):
    _edit(exported, "Pression de la demande", "B1", "La mesure")
    message = _import_error(exported, data_copy)
    assert "feuille « Pression de la demande », colonne « Mesure » : colonne manquante" in message
    assert "colonne « La mesure » : colonne inattendue" in message


def test_old_workbook_with_identifier_names_still_imports(old_exported, data_copy):
    """A workbook written before the French names (sheets named after the tables, identifier
    headers) is read as before: no change, then a new figure added."""
    originals = load_tables(data_copy)
    summary = import_workbook(old_exported, data_copy)
    assert summary.lines() == ["Aucun changement : les données contenaient déjà les lignes du classeur."]
    for name, frame in load_tables(data_copy).items():
        pd.testing.assert_frame_equal(frame, originals[name])
    _edit(old_exported, "fsl", "E3", "beaucoup")
    assert "feuille « fsl », ligne 3, colonne « valeur » : valeur non numérique" in _import_error(
        old_exported, data_copy
    )


def test_old_workbook_with_english_column_names_imports_under_the_new_names(old_exported, data_copy):
    """A workbook written before the columns took their French name (« rank », « axis »…) is read
    with each column under its new name, and the import says which."""
    before_rename(old_exported)
    originals = load_tables(data_copy)
    summary = import_workbook(old_exported, data_copy)
    lines = summary.lines()
    assert "fsl : colonne renommée : axis → axe (lue sous son nouveau nom)" in lines
    assert "actions_indicateurs : colonne renommée : rank → rang (lue sous son nouveau nom)" in lines
    assert "fsl : colonne renommée : year → annee (lue sous son nouveau nom)" in lines
    assert len(summary.renamed) == sum(len(pairs) for pairs in get_schema().renamed.values())
    for name, frame in load_tables(data_copy).items():
        pd.testing.assert_frame_equal(frame, originals[name])
    _edit(old_exported, "fsl", "B3", "quatre_axes")  # an error names the column as the sheet does
    assert "feuille « fsl », ligne 3, colonne « axis » : " in _import_error(old_exported, data_copy)


def test_a_sheet_under_both_names_reads_the_french_one_and_lists_the_other(exported, data_copy):
    book = openpyxl.load_workbook(exported)
    book.copy_worksheet(book["Accès au logement social"]).title = "acces_logement_social"
    book.save(exported)
    summary = import_workbook(exported, data_copy)
    assert summary.unread == ("acces_logement_social",)


def test_duplicate_key(old_exported, data_copy):
    book = openpyxl.load_workbook(old_exported)
    sheet = book["pression_demande"]
    sheet.append([cell.value for cell in sheet[3]])
    book.save(old_exported)
    message = _import_error(old_exported, data_copy)
    assert "feuille « pression_demande », ligne 5" in message and "déjà présente ligne 3" in message


def test_formula_is_refused(old_exported, data_copy):
    _edit(old_exported, "fsl", "E3", "=200000+44878.18")
    message = _import_error(old_exported, data_copy)
    assert "feuille « fsl », ligne 3, colonne « valeur » : formule interdite" in message


def test_blank_rows_are_skipped_and_rows_keep_their_excel_number(old_exported, data_copy):
    book = openpyxl.load_workbook(old_exported)
    sheet = book["pression_demande"]
    sheet.insert_rows(3)  # a blank row 3; the former rows 3-4 become 4-5
    sheet["E5"] = "beaucoup"
    book.save(old_exported)
    message = _import_error(old_exported, data_copy)
    assert "feuille « pression_demande », ligne 5, colonne « valeur »" in message


BOMB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def test_xml_bomb_is_refused(exported, data_copy, tmp_path):
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                content = BOMB.encode("utf-8")
            target.writestr(item, content)
    message = _import_error(bomb, data_copy)
    assert "bombe.xlsx : classeur refusé : il déclare des entités XML" in message


def test_oversized_and_fake_workbooks_are_refused(exported, data_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_import, "MAX_UNPACKED_BYTES", 1000)
    assert "contenu décompressé est trop volumineux" in _import_error(exported, data_copy)
    fake = tmp_path / "faux.xlsx"
    fake.write_text("public,territoire\n", encoding="utf-8")
    assert "faux.xlsx : ce fichier n'est pas un classeur Excel (.xlsx)" in _import_error(fake, data_copy)


def test_changing_an_existing_figure_needs_replace(exported, data_copy):
    _edit(exported, "Accès au logement social", "E2", 3.2)
    message = _import_error(exported, data_copy)  # refused, data/ untouched
    assert (
        "feuille « Accès au logement social », ligne 2 : cette ligne change une donnée existante "
        "(public=hebergement_generaliste, territoire=MTPM, annee=2017 ; valeur : « 3.1 » → « 3.2 »)"
    ) in message
    assert "l'option --remplacer" in message
    summary = import_workbook(exported, data_copy, replace=True)
    assert summary.lines() == [
        "Remplacé — feuille « Accès au logement social », ligne 2 (public=hebergement_generaliste, "
        "territoire=MTPM, annee=2017) : valeur : « 3.1 » → « 3.2 »"
    ]
    assert load_table("acces_logement_social", data_copy)["valeur"].iloc[0] == 3.2


def test_new_rows_are_added_and_rows_without_value_are_skipped(old_exported, data_copy):
    book = openpyxl.load_workbook(old_exported)
    sheet = book["fsl"]
    sheet.append(
        [
            "demandes",
            "trois_axes",
            2025,
            "2025",
            1300,
            "demandes",
            "observe",
            "Fichier FSL de la Métropole (exemple de test)",
            None,
            None,
        ]
    )
    sheet.append(["demandes", "trois_axes", 2026, "2026", None, "demandes", "observe", None, None, None])
    book.save(old_exported)
    summary = import_workbook(old_exported, data_copy)
    assert summary.lines() == [
        "fsl : 1 ligne(s) ajoutée(s)",
        "1 ligne(s) laissée(s) sans valeur, non importée(s).",
    ]
    fsl = load_table("fsl", data_copy)
    assert fsl.iloc[-1][["mesure", "annee", "valeur"]].tolist() == ["demandes", 2025, 1300.0]


def test_new_rows_of_a_french_workbook_are_added(exported, data_copy):
    book = openpyxl.load_workbook(exported)
    sheet = book["FSL"]
    header = [cell.value for cell in sheet[1]]
    row = {"Mesure": "demandes", "Axe": "trois_axes", "Année": 2025, "Période imprimée": "2025"}
    row |= {
        "Valeur": 1300,
        "Unité": "demandes",
        "Nature du chiffre": "observe",
        "Source": "Fichier FSL (test)",
    }
    sheet.append([row.get(label) for label in header])
    book.save(exported)
    assert import_workbook(exported, data_copy).lines() == ["FSL : 1 ligne(s) ajoutée(s)"]
    assert load_table("fsl", data_copy).iloc[-1][["mesure", "annee", "valeur"]].tolist() == [
        "demandes",
        2025,
        1300.0,
    ]


def test_cli_round_trip_and_error_exit(tmp_path, data_copy, capsys):
    path = tmp_path / "export.xlsx"
    assert main(["data", "export", str(path), "--data-dir", str(data_copy)]) == 0
    assert main(["data", "import", str(path), "--data-dir", str(data_copy)]) == 0
    assert "Classeur importé" in capsys.readouterr().out
    _edit(path, "FSL", "E3", 250000)
    assert main(["data", "import", str(path), "--data-dir", str(data_copy)]) == 1
    assert "change une donnée existante" in capsys.readouterr().err
    assert main(["data", "import", str(path), "--data-dir", str(data_copy), "--replace"]) == 0
    assert "Remplacé — feuille « FSL », ligne 3" in capsys.readouterr().out
    _edit(path, "FSL", "E3", "beaucoup")
    assert main(["data", "import", str(path), "--data-dir", str(data_copy)]) == 1
    assert "feuille « FSL », ligne 3, colonne « Valeur »" in capsys.readouterr().err
