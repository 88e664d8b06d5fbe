"""The Excel round trip: every table of ``data/`` as one workbook, and a filled workbook back to CSV.

Analysts work in Excel. :func:`export_workbook` writes a sheet of instructions (in French), a sheet
with the data dictionary and one sheet per table. :func:`import_workbook` validates every sheet
against the schema (errors name the sheet, the Excel row and the column) and writes the CSV files
only when the whole workbook is valid: nothing in ``data/`` changes otherwise.

Safety: text that starts with ``=``, ``+``, ``-`` or ``@`` is written as text, never as a formula;
a formula in a filled workbook is refused (figures are typed, derived ones computed by the library);
workbooks are read through ``defusedxml`` (openpyxl uses it when installed) and within size limits.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import openpyxl.xml
import pandas as pd
from defusedxml import DefusedXmlException
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .data import csv_rows, load_tables, resolve_data_dir, table_csv, validate_table
from .errors import DataError, Problem
from .schema import Column, Table, dictionary_rows, get_schema

INSTRUCTIONS_SHEET = "Instructions"
DICTIONARY_SHEET = "Dictionnaire"
# Limits against oversized or "zip bomb" workbooks: the file itself, and its unpacked content.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

INSTRUCTIONS = [
    "Classeur des données du livre Logement d'Abord (Métropole Toulon Provence Méditerranée)",
    "",
    "Une feuille par table de données ; la feuille « Dictionnaire » décrit chaque colonne : son type, "
    "son unité, les codes permis et leur sens.",
    "",
    "Pour remplir ou corriger :",
    "1. Ne renommez ni les feuilles ni les colonnes (ligne 1) ; n'en supprimez pas.",
    "2. Une ligne par chiffre. Saisissez les nombres comme des nombres (pas de texte « 3,1 % » : "
    "l'unité est dans la colonne unit).",
    "3. Les colonnes de codes (territoire, unité, nature du chiffre…) n'acceptent que les codes listés "
    "dans le Dictionnaire.",
    "4. Chaque ligne cite sa source (colonne source) : document, section, page.",
    "5. Pas de formule : saisissez la valeur publiée. Les totaux, écarts et ratios sont calculés par "
    "le livre ; un total imprimé par le document se saisit avec kind = total.",
    "6. Un chiffre inconnu n'est pas saisi (ne pas estimer).",
    "",
    "Puis, dans un terminal : lda-book data import classeur.xlsx",
    "Le classeur est vérifié en entier ; chaque erreur indique la feuille, la ligne Excel et la colonne. "
    "Les fichiers de données ne sont modifiés que si tout le classeur est valide.",
]


def _text_cell(cell, value: str) -> None:
    """Store ``value`` as text even when it looks like a formula (``=``, ``+``, ``-``, ``@``)."""
    cell.value = value
    cell.data_type = "s"


def _write_value(cell, value: object, column: Column) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value == "":
        return
    if column.type == "integer":
        cell.value = int(value)
    elif column.type == "number":
        number = float(value)
        cell.value = int(number) if number.is_integer() else number
    else:
        _text_cell(cell, str(value))


def _header(sheet, names: list[str]) -> None:
    for index, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=index)
        _text_cell(cell, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"


def export_workbook(path: str | Path, data_dir: str | Path | None = None) -> Path:
    """Write every table of ``data_dir`` (validated first) to the workbook ``path``."""
    tables = load_tables(data_dir)
    schema = get_schema()
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    for row, line in enumerate(INSTRUCTIONS, start=1):
        _text_cell(instructions.cell(row=row, column=1), line)
    instructions["A1"].font = Font(bold=True, size=13)
    instructions.column_dimensions["A"].width = 120

    dictionary = workbook.create_sheet(DICTIONARY_SHEET)
    rows = dictionary_rows(schema)
    names = list(rows[0])
    _header(dictionary, names)
    for row_index, row in enumerate(rows, start=2):
        for column_index, name in enumerate(names, start=1):
            _text_cell(dictionary.cell(row=row_index, column=column_index), row[name])
    for index, width in enumerate((28, 34, 16, 10, 11, 6, 70, 80), start=1):
        dictionary.column_dimensions[get_column_letter(index)].width = width

    for name, table in schema.tables.items():
        sheet = workbook.create_sheet(name)
        columns = list(table.columns.values())
        _header(sheet, [column.name for column in columns])
        frame = tables[name]
        for row_index, values in enumerate(frame[[c.name for c in columns]].itertuples(index=False),
                                           start=2):
            for column_index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                _write_value(sheet.cell(row=row_index, column=column_index), value, column)
        for index, column in enumerate(columns, start=1):
            wide = column.type == "text"
            sheet.column_dimensions[get_column_letter(index)].width = 60 if wide else 18
            for cell in sheet[get_column_letter(index)][1:]:
                cell.alignment = Alignment(wrap_text=wide, vertical="top")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def _check_size(path: Path) -> None:
    """Refuse a workbook that is not a genuine, reasonably sized .xlsx file before parsing it."""
    name = path.name
    if not path.is_file():
        raise DataError(Problem("classeur introuvable", file=str(path)))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError(Problem("classeur trop volumineux", file=name,
                                expected=f"au plus {MAX_FILE_BYTES // (1024 * 1024)} Mo"))
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise DataError(Problem("ce fichier n'est pas un classeur Excel (.xlsx)", file=name)) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DataError(Problem("classeur suspect : son contenu décompressé est trop volumineux",
                                file=name,
                                expected=f"au plus {MAX_UNPACKED_BYTES // (1024 * 1024)} Mo décompressés"))


def _cell_text(cell) -> str | Problem:
    """The text validate_table expects for one cell, or the problem it has."""
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s"
                                 and value.startswith("=")):
        return Problem("formule interdite", column=None,
                       expected="la valeur elle-même (les calculs sont faits par le livre)")
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_sheet(sheet, table: Table, workbook_name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    rows = list(sheet.iter_rows())
    if not rows:
        return None, [Problem("feuille vide", file=workbook_name, sheet=table.name,
                              expected="une ligne d'en-tête avec les noms des colonnes")]
    header = ["" if cell.value is None else str(cell.value).strip() for cell in rows[0]]
    while header and header[-1] == "":
        header.pop()
    problems, body = [], []
    for row in rows[1:]:
        cells = list(row)[:len(header)]
        texts = []
        for index, cell in enumerate(cells):
            text = _cell_text(cell)
            if isinstance(text, Problem):
                problems.append(Problem(text.message, file=workbook_name, sheet=table.name,
                                        row=cell.row, column=header[index], expected=text.expected))
                text = ""
            texts.append(text)
        texts += [""] * (len(header) - len(texts))
        if any(text != "" for text in texts):
            body.append((cells[0].row if cells else None, texts))
    frame = pd.DataFrame([texts for _, texts in body], columns=header, dtype=object)
    frame.attrs["excel_rows"] = [row for row, _ in body]
    return frame, problems


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed, table by table: rows added, removed and modified (by key)."""

    added: dict[str, int]
    removed: dict[str, int]
    changed: dict[str, int]

    def lines(self) -> list[str]:
        result = []
        for name in sorted(set(self.added) | set(self.removed) | set(self.changed)):
            parts = [f"{count} {label}" for count, label in (
                (self.added.get(name, 0), "ligne(s) ajoutée(s)"),
                (self.removed.get(name, 0), "ligne(s) supprimée(s)"),
                (self.changed.get(name, 0), "ligne(s) modifiée(s)")) if count]
            if parts:
                result.append(f"{name} : {', '.join(parts)}")
        return result or ["Aucun changement : les données étaient déjà celles du classeur."]


def _is_xml_attack(error: BaseException | None) -> bool:
    """Whether defusedxml refused the XML somewhere in the chain of exceptions."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def read_workbook(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read and validate every table sheet of a filled workbook; raise one error listing all problems."""
    path = Path(path)
    _check_size(path)
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise DataError(Problem("defusedxml n'est pas installé : lecture des classeurs refusée",
                                file=path.name, expected="pip install defusedxml"))
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl and defusedxml raise many types on a corrupt file
        if _is_xml_attack(error):
            raise DataError(Problem("classeur refusé : il déclare des entités XML, procédé des "
                                    "attaques « bombe XML »", file=path.name,
                                    expected="un classeur enregistré par Excel ou LibreOffice")) from None
        raise DataError(Problem(f"classeur illisible ({type(error).__name__} : {error})",
                                file=path.name, expected="un classeur .xlsx enregistré par Excel "
                                "ou LibreOffice")) from None
    schema = get_schema()
    tables, problems = {}, []
    try:
        for name, table in schema.tables.items():
            if name not in workbook.sheetnames:
                problems.append(Problem("feuille manquante", file=path.name, sheet=name,
                                        expected=f"une feuille « {name} » (table {table.title})"))
                continue
            raw, sheet_problems = _read_sheet(workbook[name], table, path.name)
            problems += sheet_problems
            if raw is None:
                continue
            try:
                tables[name] = validate_table(raw, table, schema, file=path.name, sheet=name,
                                              row_numbers=raw.attrs["excel_rows"])
            except DataError as error:
                problems += error.problems
    finally:
        workbook.close()
    if problems:
        raise DataError(problems)
    return tables


def _rows_by_key(frame: pd.DataFrame, name: str) -> dict[tuple, tuple[str, ...]]:
    """Each row's CSV line, by the row's key: what an import compares."""
    key = list(get_schema().table(name).key)
    return dict(zip(frame[key].itertuples(index=False, name=None), csv_rows(frame, name), strict=True))


def _summary(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> ImportSummary:
    added, removed, changed = {}, {}, {}
    for name, frame in new.items():
        before = _rows_by_key(old[name], name) if name in old else {}
        after = _rows_by_key(frame, name)
        added[name] = len(after.keys() - before.keys())
        removed[name] = len(before.keys() - after.keys())
        changed[name] = sum(before[k] != after[k] for k in after.keys() & before.keys())
    return ImportSummary(added, removed, changed)


def import_workbook(path: str | Path, data_dir: str | Path | None = None) -> ImportSummary:
    """Validate the workbook ``path`` and, if all of it is valid, write its tables to ``data_dir``."""
    tables = read_workbook(path)
    directory = resolve_data_dir(data_dir)
    try:
        previous = load_tables(directory)
    except DataError:
        previous = {}
    schema = get_schema()
    staged = []
    try:
        for name, frame in tables.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".csv", dir=directory)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as output:
                output.write(table_csv(frame, name))
            staged.append((Path(temporary), directory / schema.table(name).file))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return _summary(previous, tables)
