"""Hostile inputs: damaged workbooks and CSV files, odd numbers, years and paths. Each is refused with
a French message that locates the fault (file or sheet, row, column), exit status 1, no traceback,
and the data folder left byte for byte as it was (or, where stated, accepted).

Where each class of hostile input is tested (in this file unless another file is named):

1. duplicated column name (sheet, CSV): ``test_duplicated_column_*``.
2. row added by hand with an empty first cell: ``test_row_with_an_empty_first_cell_is_located``.
3. work bounds: cells in column XFD on 20 000 rows, a cell in Excel's last row, more filled rows
   than ``MAX_ROWS`` (sheet, CSV): ``test_cells_far_away_cost_little``, ``test_too_many_rows_*``.
4. formula injection (``=``, ``+``, ``@``, ``-`` unless the text is a number alone, tab, carriage
   return): ``test_formula_trigger_*``, ``test_a_negative_number_alone_is_the_only_text_starting_with_minus``;
   a sign written as text on export: ``tests/test_workbook.py::test_text_starting_with_a_sign_is_written_as_text``.
   Blank lines of a CSV skipped, rows keeping their line: ``test_blank_lines_*``, ``test_a_year_after_*``.
5. text the book cannot render (line breaks, control characters), mathtext accepted and drawn
   literally: ``test_unrenderable_text_*``, ``test_mathtext_*``.
6. cell over 131 072 characters (workbook, CSV field over the csv module's limit): ``test_huge_text_*``.
7. numbers as French users type them: ``test_parse_number_*``, ``test_french_numbers_are_imported``,
   ``test_non_numbers_are_refused_on_import``, property test ``test_parse_number_property``.
8. years disagreeing with their period or after the convention's calendar (import, CSV):
   ``test_year_*``.
9. unknown sheets listed in the summary: ``test_unknown_sheets_are_named_in_the_summary``.
10. CSV with a UTF-8 byte order mark: ``test_csv_with_a_byte_order_mark_is_accepted``.
11. encrypted workbook (OLE file): ``test_encrypted_workbook_asks_for_a_workbook_without_password``,
    and through the real command: ``test_console_script_errors_have_no_traceback``.
12. output paths and missing data folder: ``test_unwritable_output_*``, ``test_missing_data_folder_*``.
13. many invalid rows: at most 30 listed, the others grouped: ``test_many_invalid_rows_*``.
14. already covered elsewhere, not repeated here: XML bomb (entity declarations)
    ``tests/test_workbook.py::test_xml_bomb_is_refused``; unpacked size and a CSV renamed .xlsx
    ``test_workbook.py::test_oversized_and_fake_workbooks_are_refused``; renamed column
    ``test_workbook.py::test_renamed_column``; missing sheet ``test_workbook.py::test_missing_sheet``;
    formula in a figure ``test_workbook.py::test_formula_is_refused``; text in a number column,
    duplicate key, negative amount (``test_workbook.py``, ``test_data.py``); unknown code in a CSV
    ``test_data.py::test_unknown_territory_lists_the_known_ones``. Here: a zip that is no workbook,
    corrupt sheet XML, a sheet whose declared size hides rows, wrong cell types, unknown code and
    formula in a text cell of a workbook, Excel error values, integers too large to store.

Property tests (Hypothesis): random values of every type in random cells of a few sheets are
imported or refused with a :class:`DataError` (never another exception; data unchanged when refused,
valid when accepted); :func:`parse_number` never raises and accepts only the French number pattern.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lda_analysis.blocks.charts import Chart, bar_chart
from lda_analysis.cli.lda_book import main
from lda_analysis.contract.data import MAX_ROWS, load_table, parse_number
from lda_analysis.contract.errors import MAX_LISTED, DataError
from lda_analysis.contract.paths import DEFAULT_DATA_DIR
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.edition import load_data
from lda_analysis.publication.workbook import DICTIONARY_SHEET, INSTRUCTIONS_SHEET, export_workbook
from lda_analysis.publication.workbook_import import import_workbook

from .conftest import edit_cell
from .workbooks import before_labels

# A table of texts (the glossary of acronyms if the schema still has one).
TEXT_TABLE = sorted(
    (
        name
        for name, table in get_schema().tables.items()
        if getattr(table.columns.get("texte"), "type", "") == "text"
    ),
    key=lambda name: "sigles" not in name,
)[0]
# The sheets the tests damage; the others keep only their header in the test workbook, so that
# every import stays quick (a table without rows is valid and adds nothing).
SHEETS = ("fsl", "acces_logement_social", "pression_demande", TEXT_TABLE)
# A row the fsl sheet does not hold yet, valid as it is (see test_workbook.py).
NEW_FSL_ROW = {
    "mesure": "demandes",
    "axe": "trois_axes",
    "annee": 2025,
    "periode_imprimee": "2025",
    "valeur": 1300,
    "unite": "demandes",
    "nature_chiffre": "observe",
    "source": "Fichier FSL de la Métropole (exemple de test)",
}
# The same for an amount in euros (a number with decimals).
NEW_AMOUNT_ROW = {**NEW_FSL_ROW, "mesure": "montant_aides", "axe": "maintien", "unite": "euros"}


# --- Helpers ---------------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (recursively) and its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _cli(capsys, *arguments) -> tuple[int, str, str]:
    """Run ``lda-book`` in this process: status, standard output and error; never a traceback."""
    code = main([str(argument) for argument in arguments])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _refused(capsys, data_dir: Path, *arguments) -> str:
    """Run a command that must be refused: status 1, one French error, the data folder untouched."""
    before = _snapshot(data_dir)
    code, out, err = _cli(capsys, *arguments, "--data-dir", data_dir)
    assert code == 1, out + err
    assert err.startswith("Erreur : "), err
    assert _snapshot(data_dir) == before, "les données ont changé malgré un refus"
    return err


def _refused_import(capsys, path: Path, data_dir: Path) -> str:
    return _refused(capsys, data_dir, "data", "import", path)


def _refused_check(capsys, data_dir: Path) -> str:
    return _refused(capsys, data_dir, "check")


def _imported(capsys, path: Path, data_dir: Path) -> str:
    code, out, err = _cli(capsys, "data", "import", path, "--data-dir", data_dir)
    assert code == 0, err
    return out


@contextmanager
def _editing(path: Path):
    """The workbook ``path`` opened for editing, saved at the end of the block."""
    book = openpyxl.load_workbook(path)
    yield book
    book.save(path)


def _column(sheet, name: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == name)


def _set(sheet, row: int, name: str, value, as_text: bool = False) -> None:
    """Set the cell of column ``name``; ``as_text`` stores a string as text even if it starts with
    « = » (as Excel does for a cell formatted as text or typed after an apostrophe)."""
    cell = sheet.cell(row=row, column=_column(sheet, name))
    cell.value = value
    if as_text:
        cell.data_type = "s"


def _append(sheet, *rows: dict, as_text: tuple[str, ...] = ()) -> int:
    """Add rows (values by column name); returns the Excel row number of the last one."""
    columns = {cell.value: cell.column for cell in sheet[1]}
    last = sheet.max_row  # computed once: openpyxl counts every cell to find it
    for values in rows:
        last += 1
        for name, value in values.items():
            cell = sheet.cell(row=last, column=columns[name])
            cell.value = value
            if name in as_text:
                cell.data_type = "s"
    return last


def _append_csv(path: Path, *lines: dict) -> int:
    """Add lines (values by column name) to a CSV file; returns the line number of the last one."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([values.get(name, "") for name in rows[0]] for values in lines)
    return len(rows) + len(lines)


def _csv_row(path: Path, line: int) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))[line - 2]


def _replace_in_sheet_xml(path: Path, marker: str, change) -> None:
    """Rewrite the XML of the one worksheet of ``path`` that contains ``marker``."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        found = 0
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and marker.encode() in content:
                content, found = change(content.decode("utf-8")).encode("utf-8"), found + 1
            target.writestr(item, content)
    assert found == 1, f"{found} feuilles contiennent {marker!r}"
    copy.replace(path)


def _small_workbook(source: Path, target: Path) -> Path:
    """The exported workbook with rows only in SHEETS (the others keep their header)."""
    book = openpyxl.load_workbook(source)
    for name in (INSTRUCTIONS_SHEET, DICTIONARY_SHEET):
        del book[name]
    for sheet in book.worksheets:
        if sheet.title not in SHEETS and sheet.max_row > 1:
            sheet.delete_rows(2, sheet.max_row)
    book.save(target)
    return target


@pytest.fixture(scope="module")
def base_workbook(tmp_path_factory) -> Path:
    """``lda-book data export`` of the embedded data, cut down to SHEETS; written once. Its sheets
    and headers have the names the export gave them before the French labels (the import reads
    both; ``tests/test_workbook.py`` damages workbooks with the French labels)."""
    folder = tmp_path_factory.mktemp("classeur")
    exported = before_labels(export_workbook(folder / "export.xlsx", DEFAULT_DATA_DIR))
    return _small_workbook(exported, folder / "base.xlsx")


@pytest.fixture
def workbook(tmp_path, base_workbook) -> Path:
    """A private copy of the base workbook, to damage."""
    path = tmp_path / "classeur.xlsx"
    shutil.copyfile(base_workbook, path)
    return path


def test_the_base_workbook_imports_without_change(capsys, workbook, data_copy):
    before = _snapshot(data_copy)
    assert "Aucun changement" in _imported(capsys, workbook, data_copy)
    assert _snapshot(data_copy) == before


# --- 1. Duplicated column names -------------------------------------------------------------------


def test_duplicated_column_in_a_sheet(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        sheet = book["fsl"]
        sheet.cell(row=1, column=sheet.max_column + 1, value="source")
    err = _refused_import(capsys, workbook, data_copy)
    assert "classeur.xlsx, feuille « fsl », colonne « source » : colonne en double" in err


def test_duplicated_column_in_a_csv(capsys, data_copy):
    path = data_copy / "fsl.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    assert header.endswith(",note")
    path.write_text(header.removesuffix(",note") + ",source\n" + rest, encoding="utf-8")
    err = _refused_check(capsys, data_copy)
    assert "fsl.csv, colonne « source » : colonne en double" in err


# --- 2. A row added by hand whose first cell is empty ----------------------------------------------


@pytest.mark.parametrize("first", [None, "   "])
def test_row_with_an_empty_first_cell_is_located(capsys, workbook, data_copy, first):
    with _editing(workbook) as book:
        row = _append(book["fsl"], {**NEW_FSL_ROW, "mesure": first})
    err = _refused_import(capsys, workbook, data_copy)
    assert "AttributeError" not in err
    assert f"feuille « fsl », ligne {row}, colonne « mesure » : cellule vide" in err


# --- 3. Work bounds --------------------------------------------------------------------------------


def test_cells_far_away_cost_little(capsys, workbook, data_copy):
    """20 000 rows each with one cell in the last column (XFD), and a cell in Excel's last row: the
    columns beyond the header and the empty rows are not worth a problem, and cost little."""
    with _editing(workbook) as book:
        sheet = book["fsl"]
        for row in range(2, 20_002):
            sheet.cell(row=row, column=16_384, value="x")
        sheet.cell(row=1_048_576, column=_column(sheet, "mesure"), value="demandes")
    before = _snapshot(data_copy)
    start = time.perf_counter()
    out = _imported(capsys, workbook, data_copy)
    assert time.perf_counter() - start < 20
    assert "Aucun changement" in out
    assert "1 ligne(s) laissée(s) sans valeur" in out  # the last row: a key without figure
    assert _snapshot(data_copy) == before


def test_too_many_rows_in_a_sheet(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        sheet = book["fsl"]
        _append(sheet, *[NEW_FSL_ROW] * (MAX_ROWS + 1))
    start = time.perf_counter()
    err = _refused_import(capsys, workbook, data_copy)
    assert time.perf_counter() - start < 20
    # Rows 2 to MAX_ROWS + 1 are read; the next filled row is one too many.
    assert (
        f"feuille « fsl », ligne {MAX_ROWS + 2} : feuille trop longue (attendu : au plus {MAX_ROWS} lignes remplies)"
        in err
    )
    assert len(err.splitlines()) < 60
    assert "MemoryError" not in err


def test_too_many_rows_in_a_csv(capsys, data_copy):
    path = data_copy / "fsl.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, *[lines[1]] * MAX_ROWS]) + "\n", encoding="utf-8")
    err = _refused_check(capsys, data_copy)
    assert f"fsl.csv, ligne {MAX_ROWS + 2} : fichier trop long (attendu : au plus {MAX_ROWS} lignes" in err


# --- 4. Formula injection --------------------------------------------------------------------------

FORMULA_TRIGGERS = [
    ("=1+2", "texte commençant par « = », qu'un tableur lirait comme une formule"),
    ('=HYPERLINK("http://exemple.invalid";"clic")', "texte commençant par « = »"),
    ("+33 4 94 00 00 00", "texte commençant par « + »"),
    ("@SUM(A1:A9)", "texte commençant par « @ »"),
    ("-cmd|' /C calc'!A0", "texte commençant par « - »"),
    ("\t=1+2", "caractère de contrôle dans le texte « \\t=1+2 »"),
    ("\tnote", "caractère de contrôle"),
    ("\r=1+2", "retour à la ligne dans le texte"),
]


@pytest.mark.parametrize(("text", "expected"), FORMULA_TRIGGERS)
def test_formula_trigger_in_a_workbook(capsys, workbook, data_copy, text, expected):
    with _editing(workbook) as book:
        _set(book["fsl"], 3, "note", text, as_text=True)
    err = _refused_import(capsys, workbook, data_copy)
    assert f"classeur.xlsx, feuille « fsl », ligne 3, colonne « note » : {expected}" in err


@pytest.mark.parametrize(("text", "expected"), FORMULA_TRIGGERS)
def test_formula_trigger_in_a_csv(capsys, data_copy, text, expected):
    edit_cell(data_copy / "fsl.csv", 3, "note", text)
    err = _refused_check(capsys, data_copy)
    assert f"fsl.csv, ligne 3, colonne « note » : {expected}" in err


def test_a_negative_number_alone_is_the_only_text_starting_with_minus(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        _append(book["fsl"], {**NEW_FSL_ROW, "note": "-5"}, as_text=("note",))
    assert "fsl : 1 ligne(s) ajoutée(s)" in _imported(capsys, workbook, data_copy)
    assert load_table("fsl", data_copy)["note"].iloc[-1] == "-5"
    # « - » then a digit can still start a formula: « -2+3+cmd|' /C calc'!A0 ».
    for text in ("-2+3+cmd|' /C calc'!A0", "-5 % selon la DDETS"):
        edit_cell(data_copy / "fsl.csv", 3, "note", text)
        assert "fsl.csv, ligne 3, colonne « note » : texte commençant par « - »" in _refused_check(
            capsys, data_copy
        )


def test_blank_lines_of_a_csv_are_skipped_and_lines_keep_their_number(capsys, data_copy):
    path = data_copy / "fsl.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "\n" + "".join(lines[1:]) + "\n\n", encoding="utf-8")
    assert main(["check", "--data-dir", str(data_copy)]) == 0
    capsys.readouterr()
    # The third figure (160 households) is now on line 5: header, blank line, two figures, it.
    path.write_text(path.read_text(encoding="utf-8").replace(",160,", ",beaucoup,"), encoding="utf-8")
    assert "fsl.csv, ligne 5, colonne « valeur » : valeur non numérique « beaucoup »" in _refused_check(
        capsys, data_copy
    )


# --- 5. Text the book cannot render ----------------------------------------------------------------

UNRENDERABLE = [
    ("ligne 1\nligne 2", "retour à la ligne dans le texte"),
    ("ligne 1\r\nligne 2", "retour à la ligne dans le texte"),
    ("ligne 1\u2028ligne 2", "retour à la ligne dans le texte"),  # Unicode line separator
    ("ligne 1\x85ligne 2", "retour à la ligne dans le texte"),  # next line (NEL)
    ("colonne 1\tcolonne 2", "caractère de contrôle dans le texte « colonne 1\\tcolonne 2 »"),
    ("texte \x9b31m rouge", "caractère de contrôle dans le texte « texte \\x9b31m rouge »"),
]


@pytest.mark.parametrize(("text", "expected"), UNRENDERABLE)
def test_unrenderable_text_in_a_workbook(capsys, workbook, data_copy, text, expected):
    with _editing(workbook) as book:
        _set(book[TEXT_TABLE], 2, "texte", text)
    err = _refused_import(capsys, workbook, data_copy)
    assert f"feuille « {TEXT_TABLE} », ligne 2, colonne « texte » : {expected}" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *UNRENDERABLE,
        ("sonnerie \x07", "caractère de contrôle dans le texte « sonnerie \\x07 »"),
        ("nul \x00 octet", "caractère de contrôle dans le texte « nul \\x00 octet »"),
        ("\x1b[31mrouge", "caractère de contrôle dans le texte « \\x1b[31mrouge »"),
        ("suppression \x7f", "caractère de contrôle"),
    ],
)
def test_unrenderable_text_in_a_csv(capsys, data_copy, text, expected):
    edit_cell(data_copy / f"{TEXT_TABLE}.csv", 2, "texte", text)
    err = _refused_check(capsys, data_copy)
    assert f"{TEXT_TABLE}.csv, ligne 2, colonne « texte » : {expected}" in err


def test_mathtext_is_accepted_by_the_validation(data_copy):
    edit_cell(data_copy / f"{TEXT_TABLE}.csv", 2, "note", r"$\frac$ et $x^2$ restent du texte")
    assert load_table(TEXT_TABLE, data_copy)["note"].iloc[0] == r"$\frac$ et $x^2$ restent du texte"


def test_mathtext_label_is_drawn_literally():
    frame = pd.DataFrame({"label": [r"$\frac$", r"$x^{2$"], "valeur": [12.0, 30.0]})
    chart = bar_chart(frame, "label", "valeur", r"Titre $\frac$", "menages", "Ménages", ["Source $\\$"])
    assert isinstance(chart, Chart)
    assert chart.image.startswith(b"<?xml")
    assert r"$\frac$" in chart.alt


# --- 6. Texts too long -----------------------------------------------------------------------------


def test_huge_text_in_a_workbook(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        _set(book["fsl"], 3, "note", "TEXTE-GEANT")
    # Written in the XML: openpyxl (like Excel) cuts a cell at 32 767 characters, another tool may not.
    _replace_in_sheet_xml(workbook, ">TEXTE-GEANT<", lambda xml: xml.replace("TEXTE-GEANT", "x" * 131_073))
    err = _refused_import(capsys, workbook, data_copy)
    assert "feuille « fsl », ligne 3, colonne « note » : texte trop long (131073 caractères)" in err
    assert len(err) < 1_000  # the text itself is not repeated


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (131_073, "fsl.csv, ligne 3 : ligne illisible (valeur trop longue)"),
        (10_000, "fsl.csv, ligne 3, colonne « note » : texte trop long (10000 caractères)"),
    ],
)
def test_huge_text_in_a_csv(capsys, data_copy, length, expected):
    edit_cell(data_copy / "fsl.csv", 3, "note", "x" * length)
    err = _refused_check(capsys, data_copy)
    assert expected in err
    assert "_csv.Error" not in err and "field larger" not in err


# --- 7. Numbers ------------------------------------------------------------------------------------

NOT_NUMBERS = [
    "4_5",
    "1e3",
    "inf",
    "nan",
    "4.500,2",
    "-inf",
    "NaN",
    "0x1F",
    "4 500.000,1",
    "٣",
    "4,5 %",
    "",
    " 4",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_parse_number_refuses(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("4500", 4500.0),
        ("4 500", 4500.0),
        ("4\u00a0500", 4500.0),
        ("4\u202f500", 4500.0),
        ("4,5", 4.5),
        ("4.5", 4.5),
        ("4 500,5", 4500.5),
        ("4\u00a0500,5", 4500.5),
        ("4\u202f500,5", 4500.5),
        ("1 234 567,25", 1234567.25),
        ("-3,25", -3.25),
        ("+12", 12.0),
    ],
)
def test_parse_number_accepts(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["4 500,5", "4\u00a0500,5", "4\u202f500,5"])
def test_french_numbers_are_imported(capsys, workbook, data_copy, text):
    with _editing(workbook) as book:
        _append(book["fsl"], {**NEW_AMOUNT_ROW, "valeur": text}, as_text=("valeur",))
    assert "fsl : 1 ligne(s) ajoutée(s)" in _imported(capsys, workbook, data_copy)
    fsl = load_table("fsl", data_copy)
    assert fsl[fsl["annee"] == 2025]["valeur"].tolist() == [4500.5]


@pytest.mark.parametrize("text", ["4_5", "1e3", "inf", "nan", "4.500,2"])
def test_non_numbers_are_refused_on_import(capsys, workbook, data_copy, text):
    with _editing(workbook) as book:
        row = _append(book["fsl"], {**NEW_FSL_ROW, "valeur": text}, as_text=("valeur",))
    err = _refused_import(capsys, workbook, data_copy)
    assert f"feuille « fsl », ligne {row}, colonne « valeur » : valeur non numérique « {text} »" in err


@pytest.mark.parametrize("text", ["4_5", "1e3", "inf", "nan", "4.500,2"])
def test_non_numbers_are_refused_in_a_csv(capsys, data_copy, text):
    edit_cell(data_copy / "fsl.csv", 3, "valeur", text)
    err = _refused_check(capsys, data_copy)
    assert f"fsl.csv, ligne 3, colonne « valeur » : valeur non numérique « {text} »" in err


# --- 8. Years --------------------------------------------------------------------------------------


def test_year_disagreeing_with_its_period_on_import(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        row = _append(book["fsl"], {**NEW_FSL_ROW, "annee": 2099, "periode_imprimee": "2025"})
    err = _refused_import(capsys, workbook, data_copy)
    assert (
        f"feuille « fsl », ligne {row}, colonne « annee » : année 2099 en désaccord avec la période « 2025 »"
        in err
    )


def test_year_disagreeing_with_its_period_in_a_csv(capsys, data_copy):
    line = _append_csv(data_copy / "fsl.csv", {**NEW_FSL_ROW, "annee": 2099, "periode_imprimee": "2025"})
    err = _refused_check(capsys, data_copy)
    assert (
        f"fsl.csv, ligne {line}, colonne « annee » : année 2099 en désaccord avec la période « 2025 »" in err
    )


def _after_calendar_rows(book) -> dict[str, int]:
    """A row dated 2028 (after the convention 2024-2027) in a table without period label, and in
    a table whose label names the same year; returns each one's Excel row."""
    rows = {}
    for name, label in (("pression_demande", None), ("acces_logement_social", "2028")):
        sheet = book[name]
        values = {cell.value: sheet.cell(row=2, column=cell.column).value for cell in sheet[1]}
        values["annee"] = 2028
        if label:
            values["periode_imprimee"] = label
        rows[name] = _append(sheet, values)
    return rows


def test_year_after_the_calendar_on_import(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        rows = _after_calendar_rows(book)
    err = _refused_import(capsys, workbook, data_copy)
    for name, row in rows.items():
        assert (
            f"feuille « {name} », ligne {row}, colonne « annee » : année 2028 après la fin du calendrier"
            in err
        )


def test_year_after_the_calendar_in_a_csv(capsys, data_copy):
    lines = {}
    for name, label in (("pression_demande", None), ("acces_logement_social", "2028")):
        path = data_copy / f"{name}.csv"
        values = {**_csv_row(path, 2), "annee": "2028"}
        if label:
            values["periode_imprimee"] = label
        lines[name] = _append_csv(path, values)
    # A milestone dated by the year its period starts (its end may run past the convention).
    path = data_copy / "actions_jalons.csv"
    milestone = _append_csv(
        path, {**_csv_row(path, 2), "rang": "99", "annee_debut": "2028", "annee_fin": "2028"}
    )
    err = _refused_check(capsys, data_copy)
    for name, line in lines.items():
        assert f"{name}.csv, ligne {line}, colonne « annee » : année 2028 après la fin du calendrier" in err
    assert f"actions_jalons.csv, ligne {milestone}, colonne « annee_debut » : année 2028 après" in err
    assert "colonne « annee_fin »" not in err


# --- 9. Unknown sheets -----------------------------------------------------------------------------


def test_unknown_sheets_are_named_in_the_summary(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        book.copy_worksheet(book["fsl"]).title = "fsl (2)"
        book.create_sheet("Feuil1")["A1"] = "brouillon"
    before = _snapshot(data_copy)
    out = _imported(capsys, workbook, data_copy)
    assert "feuille(s) non lue(s)" in out and "« fsl (2) »" in out and "« Feuil1 »" in out
    assert _snapshot(data_copy) == before


# --- 10. Byte order mark ---------------------------------------------------------------------------


def test_csv_with_a_byte_order_mark_is_accepted(capsys, data_copy):
    path = data_copy / "fsl.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out, err = _cli(capsys, "check", "--data-dir", data_copy)
    assert code == 0, err
    assert load_table("fsl", data_copy).columns[0] == "mesure"


# --- 11. Encrypted workbook ------------------------------------------------------------------------


def test_encrypted_workbook_asks_for_a_workbook_without_password(capsys, tmp_path, data_copy):
    path = tmp_path / "protege.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00\x3e\x00\x03\xfe\xff" * 200)
    err = _refused_import(capsys, path, data_copy)
    assert "protege.xlsx : classeur protégé par un mot de passe" in err
    assert "sans mot de passe" in err


# --- 12. Output paths and data folder --------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["data", "export", "{dossier}"], "est un dossier : donnez le chemin d'un fichier .xlsx"),
        (["data", "export", "/proc/t.xlsx"], "« /proc/t.xlsx » non écrit"),
        (["data", "template", "--year", "2025", "/proc/x/t.xlsx"], "Dossier « /proc/x » impossible à créer"),
        (["build", "--output", "/proc/x"], "Dossier « /proc/x » impossible à créer"),
        (["build", "--output", "{fichier}"], "est un fichier : un dossier est attendu"),
    ],
)
def test_unwritable_output_is_refused_before_any_work(capsys, tmp_path, data_copy, arguments, expected):
    folder, existing = tmp_path / "dossier", tmp_path / "fichier.txt"
    folder.mkdir()
    existing.write_text("déjà là", encoding="utf-8")
    arguments = [argument.format(dossier=folder, fichier=existing) for argument in arguments]
    start = time.perf_counter()
    err = _refused(capsys, data_copy, *arguments)
    assert time.perf_counter() - start < 15  # the build stopped before running notebooks
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert existing.read_text(encoding="utf-8") == "déjà là" and not any(folder.iterdir())


@pytest.mark.parametrize(
    "arguments",
    [
        ["check"],
        ["build"],
        ["data", "export", "{tmp}/c.xlsx"],
        ["data", "template", "--year", "2025", "{tmp}/c.xlsx"],
        ["data", "import", "{classeur}"],
    ],
)
def test_missing_data_folder_is_one_line(capsys, tmp_path, workbook, arguments):
    absent = tmp_path / "nonexistent"
    arguments = [argument.format(tmp=tmp_path, classeur=workbook) for argument in arguments]
    code, out, err = _cli(capsys, *arguments, "--data-dir", absent)
    assert code == 1
    assert err.strip().splitlines() == [
        f"Erreur : Donnée invalide — {absent} : dossier de données introuvable (attendu : un dossier "
        "contenant les fichiers CSV du schéma (par défaut : data/ du projet))"
    ]
    assert not (tmp_path / "c.xlsx").exists()


def test_console_script_errors_have_no_traceback(tmp_path, data_copy):
    """The real command, in its own process: French messages on stderr, status 1, no traceback."""
    script = Path(sys.executable).with_name("lda-book")
    command = [str(script)] if script.exists() else [shutil.which("lda-book")]
    encrypted = tmp_path / "protege.xlsx"
    encrypted.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"junk" * 100)
    before = _snapshot(data_copy)
    for arguments, expected in [
        (["data", "import", str(encrypted), "--data-dir", str(data_copy)], "mot de passe"),
        (["check", "--data-dir", "/nonexistent"], "dossier de données introuvable"),
    ]:
        completed = subprocess.run([*command, *arguments], capture_output=True, text=True, check=False)
        assert completed.returncode == 1
        assert "Traceback" not in completed.stderr and expected in completed.stderr
        assert len(completed.stderr.strip().splitlines()) == 1
    assert _snapshot(data_copy) == before


# --- 13. Many invalid rows -------------------------------------------------------------------------


def _assert_capped(err: str, count: int, where: str) -> None:
    assert f"Données invalides — {count} problèmes :" in err
    assert f"… et {count - MAX_LISTED} autres problèmes, regroupés par nature :" in err
    assert f"{count - MAX_LISTED} fois — {where}, colonne « valeur » : valeur non numérique « … »" in err
    assert len(err.splitlines()) < 60


def test_many_invalid_rows_in_a_workbook(capsys, workbook, data_copy):
    with _editing(workbook) as book:
        _append(book["fsl"], *[{**NEW_FSL_ROW, "valeur": "beaucoup"}] * 3_000)
    err = _refused_import(capsys, workbook, data_copy)
    _assert_capped(err, 3_000, "classeur.xlsx, feuille « fsl »")


def test_many_invalid_rows_in_a_csv(capsys, data_copy):
    path = data_copy / "fsl.csv"
    _append_csv(path, *[{**NEW_FSL_ROW, "valeur": "beaucoup"}] * 3_000)
    err = _refused_check(capsys, data_copy)
    _assert_capped(err, 3_000, "fsl.csv")


# --- 14. Other damaged workbooks -------------------------------------------------------------------


def test_zip_that_is_not_a_workbook(capsys, tmp_path, data_copy):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bonjour.txt", "pas un classeur")
    err = _refused_import(capsys, path, data_copy)
    assert "archive.xlsx : classeur illisible" in err


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml.replace(
            "</sheetData>", '<row r="9"><c r="A9" t="n"><v>abc</v></c></row></sheetData>'
        ),
        lambda xml: xml.replace(
            "</sheetData>", '<row r="9"><c r="A9" t="b"><v>peut-être</v></c></row></sheetData>'
        ),
        lambda xml: xml.replace(
            "</sheetData>", '<row r="9"><c r="A9" t="d"><v>hier</v></c></row></sheetData>'
        ),
        lambda xml: xml.replace(
            "</sheetData>", '<row r="9"><c r="A9" t="s"><v>99999</v></c></row></sheetData>'
        ),
        lambda xml: xml.replace("</sheetData>", '<row r="9"><c r="ZZZZ9"><v>1</v></c></row></sheetData>'),
        lambda xml: xml.replace("</sheetData>", '<row r="9"><c r="A9"><v>1</v></row></sheetData>'),
        lambda xml: xml[: xml.index('<row r="3"')],
    ],
    ids=["nombre", "booleen", "date", "chaine-partagee", "colonne", "balise", "tronque"],
)
def test_corrupt_sheet_xml_is_named(capsys, workbook, data_copy, change):
    _replace_in_sheet_xml(workbook, ">montant_aides<", change)
    err = _refused_import(capsys, workbook, data_copy)
    assert "classeur.xlsx, feuille « fsl » : feuille illisible (" in err


def test_rows_beyond_the_declared_size_of_a_sheet_are_read(capsys, workbook, data_copy):
    """A sheet's <dimension> written by another tool may understate it: no row is silently left out."""
    with _editing(workbook) as book:
        row = _append(book["fsl"], {**NEW_FSL_ROW, "valeur": "beaucoup"})
    _replace_in_sheet_xml(
        workbook,
        ">montant_aides<",
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:J2"', xml),
    )
    err = _refused_import(capsys, workbook, data_copy)
    assert f"feuille « fsl », ligne {row}, colonne « valeur » : valeur non numérique « beaucoup »" in err


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("valeur", True, "valeur non numérique « VRAI »"),
        ("annee", date(2024, 1, 1), "valeur non numérique « 2024-01-01 »"),
        ("annee", datetime(2024, 1, 1, 12, 30), "valeur non numérique « 2024-01-01 »"),
        ("mesure", 5, "valeur inconnue « 5 »"),
        ("unite", "€", "valeur inconnue « € »"),
        ("note", "=A1&B1", "formule interdite"),
        ("note", "#N/A", "valeur d'erreur d'Excel « #N/A »"),
        ("valeur", "#DIV/0!", "valeur d'erreur d'Excel « #DIV/0! »"),
        ("ligne_source", 10**25, "nombre entier trop grand « 10000000000000000000000000 »"),
        ("valeur", 2.5, "cette ligne change une donnée existante"),
    ],
)
def test_wrong_cell_types_are_located(capsys, workbook, data_copy, column, value, expected):
    with _editing(workbook) as book:
        _set(book["fsl"], 3, column, value)
    err = _refused_import(capsys, workbook, data_copy)
    assert "feuille « fsl », ligne 3" in err and expected in err


def test_integer_too_large_in_a_csv(capsys, data_copy):
    edit_cell(data_copy / "fsl.csv", 3, "ligne_source", "1" * 400)
    err = _refused_check(capsys, data_copy)
    assert "fsl.csv, ligne 3, colonne « ligne_source » : valeur non finie « 1111" in err
    assert len(err) < 1_000
    edit_cell(data_copy / "fsl.csv", 3, "ligne_source", "1" + "0" * 20)
    err = _refused_check(capsys, data_copy)
    assert "colonne « ligne_source » : nombre entier trop grand « 100000000000000000000 »" in err


def test_spaces_around_a_cell_are_ignored(capsys, data_copy):
    """Ordinary and no-break spaces around a cell are dropped (as a user types them); tabs are not."""
    edit_cell(data_copy / "fsl.csv", 3, "valeur", "\u00a0244 878,18 ")
    assert load_table("fsl", data_copy)["valeur"].iloc[1] == 244878.18
    edit_cell(data_copy / "fsl.csv", 3, "valeur", "244878.18\t")
    assert "valeur non numérique « 244878.18\\t »" in _refused_check(capsys, data_copy)


# --- Property tests --------------------------------------------------------------------------------

TRICKY_TEXTS = [
    "=1+2",
    "+1",
    "-x",
    "-5",
    "@A1",
    "\t=1",
    " =1",
    '=HYPERLINK("http://exemple.invalid")',
    "4 500,5",
    "4\u202f500",
    "1e3",
    "inf",
    "-inf",
    "nan",
    "4_5",
    "2099",
    "2025",
    "2028",
    "",
    "   ",
    "VRAI",
    "#N/A",
    "$\\frac$",
    "demandes",
    "MTPM",
    "observe",
    "a\u2028b",
    "\ufeff2025",
]
cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.text(max_size=30).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
    st.sampled_from(TRICKY_TEXTS),
    st.sampled_from([0, -1, 2**53 + 1, 2**63, -(2**63) - 1, 10**20, 1e308, -1e-300, 5e-324, 0.1 + 0.2]),
    st.builds(
        lambda character, length: character * length, st.sampled_from("xé€\t "), st.integers(3_990, 33_000)
    ),
)
# A cell of one of SHEETS: the sheet, a row (mostly existing ones, so that a single odd value is the
# only fault of its row) and one of the table's columns.
cells = st.sampled_from(SHEETS).flatmap(
    lambda name: st.tuples(
        st.just(name), st.integers(2, 6), st.sampled_from(list(get_schema().table(name).columns))
    )
)
edits = st.lists(st.tuples(cells, cell_values, st.booleans()), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def base_bytes(base_workbook) -> bytes:
    return base_workbook.read_bytes()


# openpyxl warns when a random date-formatted number falls outside Excel's dates: expected here.
@pytest.mark.filterwarnings("ignore:.*outside the limits.*:UserWarning")
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(changes=edits, replace=st.booleans())
# Values that once broke the import (an integer too large for int64), kept as regressions.
@example(changes=[(("fsl", 3, "ligne_source"), 2**63, False)], replace=False)
@example(changes=[(("pression_demande", 2, "annee"), 10**20, False)], replace=True)
@example(changes=[(("fsl", 3, "valeur"), 1e308, False), (("fsl", 4, "note"), "\t=1", True)], replace=True)
def test_any_cell_values_are_imported_or_refused(base_bytes, changes, replace):
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "donnees"
        shutil.copytree(DEFAULT_DATA_DIR, data_dir)
        path = Path(folder) / "classeur.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(base_bytes))
        for (sheet_name, row, column), value, as_text in changes:
            _set(book[sheet_name], row, column, value, as_text=as_text and isinstance(value, str))
        book.save(path)
        before = _snapshot(data_dir)
        try:
            import_workbook(path, data_dir, replace=replace)
        except DataError as error:
            event("refusé")
            assert str(error).startswith(("Donnée invalide — ", "Données invalides — "))
            assert _snapshot(data_dir) == before
        else:
            event("importé" + (" (données changées)" if _snapshot(data_dir) != before else ""))
            load_data(data_dir)  # what was written is valid data


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _french_number(text: str) -> bool:
    """An oracle written apart from the module's pattern: an optional sign, digits (or groups of
    three separated by one space, no-break or narrow no-break space), an optional decimal part."""
    body = text[1:] if text[:1] in ("+", "-") else text
    marks = [position for position, character in enumerate(body) if character in ",."]
    if len(marks) > 1:
        return False
    whole = body[: marks[0]] if marks else body
    if marks and not _digits(body[marks[0] + 1 :]):
        return False
    groups = re.split("[ \u00a0\u202f]", whole)
    if not all(_digits(group) for group in groups):
        return False
    return len(groups) == 1 or (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]))


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.one_of(
        st.text(max_size=20),
        st.text(alphabet="0123456789 ,.+-_e\u00a0\u202f\tinfa", max_size=16),
    )
)
def test_parse_number_property(text):
    number = parse_number(text)
    assert (number is not None) == _french_number(text), text
    if number is not None:
        assert math.isfinite(number)


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([" ", "\u00a0", "\u202f", ""]),
    st.sampled_from([",", "."]),
    st.booleans(),
)
def test_parse_number_reads_what_french_users_type(whole, cents, separator, decimal_mark, negative):
    grouped = f"{whole:,}".replace(",", separator)
    text = f"{'-' if negative else ''}{grouped}{decimal_mark}{cents:02d}"
    expected = (whole + cents / 100) * (-1 if negative else 1)
    assert parse_number(text) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_a_year_after_the_calendar_is_located_on_its_line_despite_blank_lines(capsys, data_copy):
    path = data_copy / "pression_demande.csv"
    header, first, *others = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = first.replace(",MTPM,2022,", ",MTPM,2030,", 1)
    path.write_text(header + "\n" + first + "".join(others), encoding="utf-8")
    assert (
        "pression_demande.csv, ligne 3, colonne « annee » : année 2030 après la fin du calendrier de la "
        "convention (2027)"
    ) in _refused_check(capsys, data_copy)
