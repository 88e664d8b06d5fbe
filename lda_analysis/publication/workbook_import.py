"""The Excel round trip, back: a filled workbook validated and merged into ``data/`` (the workbook
written: :mod:`lda_analysis.publication.workbook`).

:func:`import_workbook` validates every sheet against the schema (errors name the sheet, the Excel
row and the column) and writes the CSV files only when the whole workbook is valid: nothing in
``data/`` changes otherwise.

Safety: a formula in a filled workbook is refused (figures are typed, derived ones computed by the
library); workbooks are read through ``defusedxml`` (openpyxl uses it when installed) and within
size limits.

Proved by ``tests/test_workbook.py`` (each refused cell named by its sheet, Excel row and column,
old workbooks still read) and ``tests/test_hostile_inputs.py`` (formulas, hostile files, nothing
written on a refusal).
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import openpyxl.xml
import pandas as pd
from defusedxml import DefusedXmlException

from lda_analysis.contract.data import (
    MAX_ROWS,
    RowNumbers,
    Tables,
    csv_rows,
    load_tables,
    renamed_header,
    resolve_data_dir,
    table_csv,
    validate_table,
)
from lda_analysis.contract.errors import DataError, Problem
from lda_analysis.contract.schema import TableSchema, get_schema
from lda_analysis.domains.edition import calendar, calendar_problems

from .workbook import DICTIONARY_SHEET, INSTRUCTIONS_SHEET, column_names, table_sheet

# Limits against oversized or "zip bomb" workbooks: the file itself, and its unpacked content.
# The whole data unpacks to ~2 MB; only the schema's columns of a sheet are read, and at most
# MAX_ROWS filled rows of it.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_HEADER_COLUMNS = 100
EXCEL_MAX_ROWS = 1_048_576
# An encrypted (password-protected) workbook, like an old .xls, is an OLE compound file, not a zip.
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


def _check_size(path: Path) -> None:
    """Refuse a workbook that is not a genuine, reasonably sized .xlsx file before parsing it."""
    name = path.name
    if path.is_dir():
        raise DataError(
            Problem(
                "c'est un dossier, pas un classeur", file=str(path), expected="le chemin d'un fichier .xlsx"
            )
        )
    if not path.is_file():
        raise DataError(Problem("classeur introuvable", file=str(path)))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError(
            Problem(
                "classeur trop volumineux",
                file=name,
                expected=f"au plus {MAX_FILE_BYTES // (1024 * 1024)} Mo",
            )
        )
    with path.open("rb") as handle:
        if handle.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE:
            raise DataError(
                Problem(
                    "classeur protégé par un mot de passe, ou au format .xls d'avant 2007 : illisible",
                    file=name,
                    expected="un classeur .xlsx sans mot de passe (Fichier > Enregistrer sous, "
                    "type « Classeur Excel (.xlsx) », sans chiffrement)",
                )
            )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise DataError(
            Problem(
                "ce fichier n'est pas un classeur Excel (.xlsx)",
                file=name,
                expected="un classeur .xlsx enregistré par Excel ou LibreOffice",
            )
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DataError(
            Problem(
                "classeur suspect : son contenu décompressé est trop volumineux",
                file=name,
                expected=f"au plus {MAX_UNPACKED_BYTES // (1024 * 1024)} Mo décompressés",
            )
        )


def _cell_text(cell) -> str | Problem:
    """The text validate_table expects for one cell, or the problem it has."""
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s" and value.startswith("=")):
        return Problem(
            "formule interdite",
            column=None,
            expected="la valeur elle-même (les calculs sont faits par le livre)",
        )
    if cell.data_type == "e":  # « #N/A », « #DIV/0! »: an error, not a text to publish
        return Problem(
            f"valeur d'erreur d'Excel « {value} »",
            expected="la valeur elle-même, ou une cellule vide si elle est inconnue",
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Positional, never "1e-05": the validation reads numbers as they are typed.
        return np.format_float_positional(value, trim="-")
    return str(value)


def _filled_column(table: TableSchema) -> str | None:
    """The column that makes a row worth importing: ``value`` (a figure), ``text``, or the one the
    schema names (:attr:`~lda_analysis.contract.schema.TableSchema.filled_by`)."""
    return table.filled_by


def _sheet_header(sheet) -> list[str]:
    """The names of a sheet's columns (its first row, trailing empty cells dropped)."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), ())
    header = ["" if value is None else str(value).strip() for value in first]
    while header and header[-1] == "":
        header.pop()
    return header


def _read_sheet(sheet, table: TableSchema, workbook_name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The sheet's rows as text, under the columns' names (a header may be the column's French
    label, or its name in a workbook written before the labels); rows left without figure (or
    text) are skipped and counted, so that a template's rows the analyst could not fill are simply
    not imported. Problems name the sheet and the columns as the workbook writes them.

    Only the header's columns are read (a cell typed far to the right costs nothing), and at most
    :data:`~lda_analysis.contract.data.MAX_ROWS` filled rows: the work is bounded whatever the file holds.
    """

    def problem(message: str, **where) -> Problem:
        return Problem(message, file=workbook_name, sheet=sheet.title, **where)

    # The size a sheet declares (its <dimension>) may be wrong: every row it holds is read.
    sheet.reset_dimensions()
    shown = _sheet_header(sheet)
    header = column_names(shown, table)
    if not header:
        return None, [problem("feuille vide", expected="une ligne d'en-tête avec les noms des colonnes")]
    filled = _filled_column(table)
    problems, body, skipped = [], [], 0
    rows = sheet.iter_rows(min_row=2, max_col=len(header))
    for number, cells in enumerate(rows, start=2):
        if number > EXCEL_MAX_ROWS or len(body) >= MAX_ROWS:
            problems.append(
                problem("feuille trop longue", row=number, expected=f"au plus {MAX_ROWS} lignes remplies")
            )
            break
        texts = []
        for index, cell in enumerate(cells):
            text = _cell_text(cell)
            if isinstance(text, Problem):
                problems.append(
                    problem(text.message, row=number, column=shown[index], expected=text.expected)
                )
                text = ""
            texts.append(text)
        texts += [""] * (len(header) - len(texts))
        if not any(text != "" for text in texts):
            continue
        if filled in header and texts[header.index(filled)] == "":
            skipped += 1
            continue
        body.append((number, texts))
    frame = pd.DataFrame([texts for _, texts in body], columns=header, dtype=object)
    frame.attrs["excel_rows"] = RowNumbers(number for number, _ in body)
    frame.attrs["skipped"] = skipped
    return frame, problems


@dataclass(frozen=True)
class Replacement:
    """An existing row that a workbook changes: where (the table, and its sheet as the workbook
    names it), which key, the row before and after."""

    table: str
    row: int
    key: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    sheet: str = ""

    def changes(self) -> str:
        """The columns that change, with their old and new values."""
        columns = list(get_schema().table(self.table).columns)
        return " ; ".join(
            f"{column} : « {old} » → « {new} »"
            for column, old, new in zip(columns, self.before, self.after, strict=True)
            if old != new
        )

    def __str__(self) -> str:
        return f"feuille « {self.sheet or self.table} », ligne {self.row} ({self.key}) : {self.changes()}"


# The table that keeps every replaced value (its schema is in lda_analysis/contract/schema/commun.yaml).
REVISIONS = "revisions"
# Where a workbook made by ``lda-book donnees modele`` names its year (cell A1 of « Instructions »).
TEMPLATE_YEAR = re.compile(r"pour l'édition (\d{4})")
# Columns that say where a row comes from: a change there is no revision of what it says.
PROVENANCE = ("source", "ligne_source", "note")


def workbook_year(path: str | Path) -> int | None:
    """The edition a workbook was made for, as its « Instructions » sheet names it; None for another
    workbook (an export)."""
    try:
        book = openpyxl.load_workbook(path, read_only=True)
        first = book[INSTRUCTIONS_SHEET]["A1"].value if INSTRUCTIONS_SHEET in book.sheetnames else None
        book.close()
    except Exception:  # the import itself says what is wrong with the file
        return None
    found = TEMPLATE_YEAR.search(str(first or ""))
    return int(found.group(1)) if found else None


def revision_rows(replaced: list[Replacement], period: str) -> list[dict[str, str]]:
    """One row of the revisions' table per value a replacement changes (provenance columns aside):
    the table, the row's key, the column, the old and the new value, the new row's source."""
    rows = []
    for change in replaced:
        columns = list(get_schema().table(change.table).columns)
        source = dict(zip(columns, change.after, strict=True)).get("source", "")
        for column, old, new in zip(columns, change.before, change.after, strict=True):
            if old != new and column not in PROVENANCE:
                rows.append(
                    {
                        "periode": period,
                        "table": change.table,
                        "cle": change.key,
                        "colonne": column,
                        "ancienne_valeur": old,
                        "nouvelle_valeur": new,
                        "source": source or "Import d'un classeur",
                    }
                )
    return rows


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, table by table: rows added, existing rows replaced, rows left empty."""

    added: dict[str, int]
    replaced: list[Replacement]
    skipped: dict[str, int]
    # Sheets whose name is no table's (a copy « fsl (2) », a « Feuil1 »): not read.
    unread: tuple[str, ...] = ()
    # The sheet each table was read from (default: the table's name), to name it as the workbook does.
    sheets: dict[str, str] | None = None
    # Columns read under their new name (a workbook written before a rename): sheet, old, new name.
    renamed: tuple[tuple[str, str, str], ...] = ()

    def lines(self) -> list[str]:
        sheets = self.sheets or {}
        result = [
            f"{sheets.get(name, name)} : {count} ligne(s) ajoutée(s)"
            for name, count in self.added.items()
            if count
        ]
        result += [f"Remplacé — {replacement}" for replacement in self.replaced]
        empty = sum(self.skipped.values())
        if not result:
            result = ["Aucun changement : les données contenaient déjà les lignes du classeur."]
        if empty:
            result.append(f"{empty} ligne(s) laissée(s) sans valeur, non importée(s).")
        result += [
            f"{sheet} : colonne renommée : {old} → {new} (lue sous son nouveau nom)"
            for sheet, old, new in self.renamed
        ]
        if self.unread:
            names = ", ".join(f"« {name} »" for name in self.unread)
            result.append(
                f"Attention : feuille(s) non lue(s), car leur nom n'est celui d'aucune table : {names}. "
                "Seules les feuilles qui portent le nom exact d'une feuille du classeur exporté sont "
                "importées : copiez leurs lignes dans la feuille de la table."
            )
        return result


def _is_xml_attack(error: BaseException | None) -> bool:
    """Whether defusedxml refused the XML somewhere in the chain of exceptions."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _unreadable(error: BaseException, workbook_name: str, sheet: str | None = None) -> Problem:
    """Why openpyxl could not read the workbook (or one of its sheets), in French."""
    if _is_xml_attack(error):
        return Problem(
            "classeur refusé : il déclare des entités XML, procédé des attaques « bombe XML »",
            file=workbook_name,
            sheet=sheet,
            expected="un classeur enregistré par Excel ou LibreOffice",
        )
    return Problem(
        f"{'feuille' if sheet else 'classeur'} illisible ({type(error).__name__} : {error})",
        file=workbook_name,
        sheet=sheet,
        expected="un classeur .xlsx enregistré par Excel ou LibreOffice",
    )


@dataclass(frozen=True)
class WorkbookRows:
    """The validated tables of a filled workbook, the Excel row of each of their rows, the number of
    rows left without figure in each sheet, and the sheets that are no table's."""

    tables: Tables
    rows: dict[str, list[int]]
    skipped: dict[str, int]
    unread: tuple[str, ...]
    # The sheet each table was read from, by table: its French name, or its name before the labels.
    sheets: dict[str, str] | None = None
    # Columns read under their new name (a workbook written before a rename): sheet, old, new name.
    renamed: tuple[tuple[str, str, str], ...] = ()


def _labelled(problem: Problem, sheets: dict[str, str]) -> Problem:
    """A problem of a table read from a sheet with French labels (``sheets``: sheet by table), its
    column named by its label."""
    table = next((name for name, sheet in sheets.items() if sheet == problem.sheet and sheet != name), None)
    if table is None or problem.column not in get_schema().table(table).columns:
        return problem
    return replace(problem, column=get_schema().table(table).columns[problem.column].title)


def _as_shown(problem: Problem, sheet: str, shown: dict[str, str]) -> Problem:
    """``problem`` (of a table's validation) located as the workbook shows it: its sheet, and the
    column under its header (``shown``: header by column name)."""
    return replace(problem, sheet=sheet, column=shown.get(problem.column, problem.column))


def _shown_columns(written: list[str], table: TableSchema, labelled: bool) -> dict[str, str]:
    """Each column's header as the sheet writes it (``written``), by column name; in a workbook with
    labels (``labelled``), a column missing from the sheet is named by its label."""
    shown = dict(zip(column_names(written, table), written, strict=True))
    if labelled:
        shown = {column.name: column.title for column in table.columns.values()} | shown
    return shown


def read_workbook_rows(path: str | Path) -> WorkbookRows:
    """Read and validate every table sheet of a filled workbook (one error listing all problems)."""
    path = Path(path)
    _check_size(path)
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise DataError(
            Problem(
                "defusedxml n'est pas installé : lecture des classeurs refusée",
                file=path.name,
                expected="pip install defusedxml",
            )
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl and defusedxml raise many types on a corrupt file
        raise DataError(_unreadable(error, path.name)) from None
    schema = get_schema()
    tables, rows, skipped, problems, sheets, renamed = {}, {}, {}, [], {}, []
    try:
        for name, table in schema.tables.items():
            found = table_sheet(workbook.sheetnames, table)
            if found is None:
                before_labels = any(other in workbook.sheetnames for other in schema.tables)
                missing = name if before_labels else table.sheet_name
                problems.append(
                    Problem(
                        "feuille manquante",
                        file=path.name,
                        sheet=missing,
                        expected=f"une feuille « {missing} » (table {table.title})",
                    )
                )
                continue
            sheets[name] = found
            try:
                raw, sheet_problems = _read_sheet(workbook[found], table, path.name)
            except Exception as error:  # a sheet is parsed as it is read: a corrupt one fails here
                problems.append(_unreadable(error, path.name, found))
                continue
            problems += sheet_problems
            if raw is None:
                continue
            rows[name], skipped[name] = raw.attrs["excel_rows"], raw.attrs["skipped"]
            written = _sheet_header(workbook[found])
            renamed += [(found, old, new) for old, new in renamed_header(written, name).items()]
            shown = _shown_columns(written, table, labelled=found != name)
            try:
                tables[name] = validate_table(
                    raw, table, schema, file=path.name, sheet=found, row_numbers=rows[name]
                )
            except DataError as error:
                problems += [_as_shown(problem, found, shown) for problem in error.problems]
        known = {*sheets.values(), INSTRUCTIONS_SHEET, DICTIONARY_SHEET}
        unread = tuple(name for name in workbook.sheetnames if name not in known)
    finally:
        workbook.close()
    if problems:
        raise DataError(problems)
    return WorkbookRows(tables, rows, skipped, unread, sheets, tuple(renamed))


def _key_text(table: TableSchema, key: tuple) -> str:
    return ", ".join(f"{column}={value}" for column, value in zip(table.key, key, strict=True))


def merge_tables(
    existing: Tables,
    incoming: Tables,
    rows: dict[str, list[int]],
    workbook_name: str,
    replace: bool = False,
    sheets: dict[str, str] | None = None,
) -> tuple[Tables, dict[str, int], list[Replacement]]:
    """Merge the workbook's rows into the data, table by table, by key.

    A new key is added; an identical row changes nothing; a row whose key exists with other values
    replaces it only with ``replace`` (and is listed), otherwise it is refused: an existing figure
    is never overwritten silently. Returns the merged tables that changed, the rows added per table
    and the replacements. ``sheets`` names the sheet each table was read from (default: the table's
    name), for the messages.
    """
    schema = get_schema()
    merged, added, replaced, refused = {}, {}, [], []
    for name, frame in incoming.items():
        table = schema.table(name)
        lines = _lines_by_key(existing.get(name), table)
        sheet = (sheets or {}).get(name, name)
        count, table_replaced, conflicts = _merge_rows(lines, frame, table, rows[name], sheet, replace)
        replaced += table_replaced
        refused += [_refusal(change, workbook_name) for change in conflicts]
        added[name] = count
        if count or any(change.table == name for change in replaced):
            raw = pd.DataFrame(list(lines.values()), columns=list(table.columns), dtype=object)
            merged[name] = validate_table(raw, table, schema, file=table.file)
    if refused:
        raise DataError(refused)
    return merged, added, replaced


def _lines_by_key(current: pd.DataFrame | None, table: TableSchema) -> dict[tuple, tuple[str, ...]]:
    """The rows of a table of the data as CSV lines, by key (none when the data lack the table)."""
    if current is None:
        return {}
    keys = current[list(table.key)].itertuples(index=False, name=None)
    return dict(zip(keys, csv_rows(current, table.name), strict=True))


def _merge_rows(
    lines: dict[tuple, tuple[str, ...]],
    frame: pd.DataFrame,
    table: TableSchema,
    row_numbers: list[int],
    sheet: str,
    replace: bool,
) -> tuple[int, list[Replacement], list[Replacement]]:
    """Merge a sheet's rows into ``lines`` (the table's, by key): a new key is added, a changed row
    replaces the existing one only with ``replace``. Returns how many rows were added, the
    replacements made and those refused."""
    count, replaced, refused = 0, [], []
    keys = frame[list(table.key)].itertuples(index=False, name=None)
    for key, line, row in zip(keys, csv_rows(frame, table.name), row_numbers, strict=True):
        if key not in lines:
            lines[key] = line
            count += 1
        elif lines[key] != line:
            change = Replacement(table.name, row, _key_text(table, key), lines[key], line, sheet)
            if replace:
                lines[key] = line
                replaced.append(change)
            else:
                refused.append(change)
    return count, replaced, refused


def _refusal(change: Replacement, workbook_name: str) -> Problem:
    """The problem of a row that would change an existing figure without ``--remplacer``."""
    return Problem(
        f"cette ligne change une donnée existante ({change.key} ; {change.changes()})",
        file=workbook_name,
        sheet=change.sheet,
        row=change.row,
        expected="une ligne nouvelle, ou l'option --remplacer pour remplacer la donnée",
    )


def _logged(existing: Tables, merged: Tables, replaced: list[Replacement], year: int | None) -> Tables:
    """``merged`` with the replacements logged in the revisions' table, under the reporting period of
    the edition ``year`` (a yearly rapport's; else nothing is logged)."""
    if not replaced or year is None or REVISIONS not in existing:
        return merged
    found = calendar()
    period = found.edition_period(existing[found.table], year)
    table = get_schema().table(REVISIONS)
    if period not in (table.columns["periode"].values or {}):
        return merged
    log = {
        key: line
        for key, line in zip(
            existing[REVISIONS][list(table.key)].itertuples(index=False, name=None),
            csv_rows(existing[REVISIONS], REVISIONS),
            strict=True,
        )
    }
    columns = list(table.columns)
    for row in revision_rows(replaced, period):
        key = tuple(row[column] for column in table.key)
        if key in log:  # revised again: the first old value stays
            row["ancienne_valeur"] = log[key][columns.index("ancienne_valeur")]
        log[key] = tuple(str(row.get(column, "")) for column in columns)
    raw = pd.DataFrame(list(log.values()), columns=columns, dtype=object)
    return {**merged, REVISIONS: validate_table(raw, table, get_schema(), file=table.file)}


def import_workbook(
    path: str | Path, data_dir: str | Path | None = None, replace: bool = False, year: int | None = None
) -> ImportSummary:
    """Validate the workbook ``path`` and merge its rows into ``data_dir``: nothing is written unless
    the whole workbook is valid and changes no existing figure (or ``replace`` is given). Each value
    replaced is kept in the revisions' table, for the edition ``year`` (default: the year the
    workbook was made for, :func:`workbook_year`)."""
    read = read_workbook_rows(path)
    directory = resolve_data_dir(data_dir)
    existing = load_tables(directory)
    merged, added, replaced = merge_tables(
        existing, read.tables, read.rows, Path(path).name, replace=replace, sheets=read.sheets
    )
    merged = _logged(existing, merged, replaced, year if year is not None else workbook_year(path))
    workbook_name = Path(path).name
    late = calendar_problems(
        {**existing, **merged},
        read.tables,
        lambda table, position: {
            "file": workbook_name,
            "sheet": (read.sheets or {}).get(table, table),
            "row": read.rows[table][position],
        },
    )
    if late:
        raise DataError([_labelled(problem, read.sheets or {}) for problem in late])
    schema = get_schema()
    staged = []
    try:
        for name, frame in merged.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".csv", dir=directory)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as output:
                output.write(table_csv(frame, name))
            staged.append((Path(temporary), directory / schema.table(name).file))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return ImportSummary(added, replaced, read.skipped, read.unread, read.sheets, read.renamed)
