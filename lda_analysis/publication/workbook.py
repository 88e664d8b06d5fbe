"""The Excel round trip, outward: every table of ``data/`` as one workbook, and the workbook an
analyst fills for a new edition (the way back: :mod:`lda_analysis.publication.workbook_import`).

Analysts work in Excel. :func:`export_workbook` writes a sheet of instructions (in French), a sheet
with the data dictionary and one sheet per table; :func:`template_workbook` the same with the rows to
fill for a new year.

Safety: text that starts with ``=``, ``+``, ``-`` or ``@`` is written as text, never as a formula.

Proved by ``tests/test_workbook.py``: the sheets and headers are French labels, amounts and
percentages have number formats, the same data give the same workbook, export then import loses
nothing, a text starting with a sign is written as text.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from lda_analysis.contract.data import Tables, load_tables, renamed_header
from lda_analysis.contract.errors import OutputError, os_error_reason
from lda_analysis.contract.paths import output_file
from lda_analysis.contract.schema import Column, TableSchema, dictionary_rows, get_schema
from lda_analysis.domains.edition import calendar, load_edition
from lda_analysis.domains.registry import contributions

INSTRUCTIONS_SHEET = "Instructions"
DICTIONARY_SHEET = "Dictionnaire"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# The date of every workbook written (the earliest a zip entry can carry): the same data give the
# same file, whenever it is written.
WORKBOOK_DATE = datetime(1980, 1, 1)
# Cells of a table's sheet: aligned to the top, wrapped in text columns (one object each, shared).
WRAPPED, TOP = Alignment(wrap_text=True, vertical="top"), Alignment(wrap_text=False, vertical="top")


def template_instructions(year: int) -> list[str]:
    """The first lines of the instructions of a new edition's template."""
    return [
        f"Classeur à remplir pour l'édition {year} du livre Logement d'Abord (Métropole Toulon "
        "Provence Méditerranée)",
        "",
        f"Chaque feuille de données annuelles contient les lignes à remplir pour {year} (ou pour la "
        "période de la convention qui s'achève en " + str(year) + ") : les colonnes qui identifient "
        "la ligne sont remplies, la valeur (colonne « Valeur », ou « Statut », « Réalisé », « Texte ») "
        "et la source sont vides. Remplissez ce qui est connu ; laissez vide une ligne inconnue : elle "
        "ne sera pas importée. Vous pouvez ajouter des lignes.",
        "",
    ]


INSTRUCTIONS = [
    "Classeur des données du livre Logement d'Abord (Métropole Toulon Provence Méditerranée)",
    "",
    "Une feuille par table de données ; la feuille « Dictionnaire » décrit chaque colonne : son type, "
    "son unité, les codes permis et leur sens, et le nom de la colonne dans les fichiers CSV de "
    "données ouvertes.",
    "",
    "Pour remplir ou corriger :",
    "1. Ne renommez ni les feuilles ni les colonnes (ligne 1) ; n'en supprimez pas.",
    "2. Une ligne par chiffre. Saisissez les nombres comme des nombres (pas de texte « 3,1 % » : "
    "l'unité est dans la colonne « Unité ») ; l'affichage des montants (€, milliers) et des "
    "pourcentages est fait par le classeur.",
    "3. Les colonnes de codes (« Territoire », « Unité », « Nature du chiffre »…) n'acceptent que les "
    "codes listés dans le Dictionnaire (par exemple « euros », « observe »), pas leurs libellés.",
    "4. Chaque ligne cite sa source (colonne « Source ») : document, section, page.",
    "5. Pas de formule : saisissez la valeur publiée. Les totaux, écarts et ratios sont calculés par "
    "le livre ; un total imprimé par le document se saisit avec « Nature du chiffre » = total.",
    "6. Un chiffre inconnu n'est pas saisi (ne pas estimer).",
    "",
    "Quand le classeur est rempli :",
    "7. Enregistrez-le au format « Classeur Excel (.xlsx) », sans mot de passe.",
    "8. Envoyez-le à la personne qui construit le livre (l'équipe qui tient le livre à jour). Elle "
    "l'importe : le classeur est vérifié en entier, et les données ne sont modifiées que s'il est "
    "valide ; un chiffre déjà publié n'est jamais remplacé sans qu'elle le demande.",
    "9. Si des cellules sont refusées, elle vous renvoie la liste des erreurs : chacune indique la "
    "feuille, la ligne Excel et la colonne, et ce qui est attendu. Corrigez ces cellules dans ce même "
    "classeur et renvoyez-le.",
    "",
    "Pour la personne qui construit le livre : l'import se fait avec la commande "
    "« lda-book donnees importer classeur.xlsx » (voir le README du projet), qui lit aussi les classeurs "
    "d'avant les noms de feuilles et de colonnes en français.",
]
# Number formats (Excel's codes, shown with the reader's own separators: « 244 878,18 € » in French)
# by unit of the row's figure; a unit without its own is shown with thousands separators.
EUROS, EUROS_CENTS = '#,##0 "€"', '#,##0.00 "€"'
NUMBER_FORMATS = {
    "pourcentage": '0.0" %"',
    "evolution_pourcentage": '+0.0" %";-0.0" %";0" %"',
}
COUNT, DECIMAL = "#,##0", "#,##0.0#"
# Columns whose figure has the unit of the row (the table's column ``unite``).
UNIT_COLUMNS = ("valeur", "cible", "realise")


def number_format(value: float, unit: str | None) -> str:
    """The Excel number format of a figure in ``unit`` (a code of the schema's ``unit``).

    >>> number_format(244878.18, "euros"), number_format(405500, "euros"), number_format(3.1, "pourcentage")
    ('#,##0.00 "€"', '#,##0 "€"', '0.0" %"')
    """
    whole = float(value).is_integer()
    if unit is not None and unit.startswith("euros"):
        return EUROS if whole else EUROS_CENTS
    if unit in NUMBER_FORMATS:
        return NUMBER_FORMATS[unit]
    return COUNT if whole else DECIMAL


def table_sheet(sheetnames: list[str], table: TableSchema) -> str | None:
    """The sheet of ``table`` among a workbook's ``sheetnames``: its French name
    (:attr:`~lda_analysis.contract.schema.TableSchema.sheet_name`), or the table's name in a workbook written
    before the French names; None if it has neither.

    >>> table_sheet(["Instructions", "FSL"], get_schema().table("fsl")), table_sheet(["fsl"], get_schema().table("fsl"))
    ('FSL', 'fsl')
    """
    for name in (table.sheet_name, table.name):
        if name in sheetnames:
            return name
    return None


def sheet_table(title: str) -> TableSchema | None:
    """The table of the sheet ``title`` (its French name, or the table's name); None for another.

    >>> sheet_table("FSL").name, sheet_table("fsl").name, sheet_table("Feuil1")
    ('fsl', 'fsl', None)
    """
    for table in get_schema().tables.values():
        if title in (table.sheet_name, table.name):
            return table
    return None


def column_names(header: list[str], table: TableSchema) -> list[str]:
    """The names of the columns of a sheet's ``header``: a French label
    (:attr:`~lda_analysis.contract.schema.Column.label`) or a column's name (a workbook written before the
    labels) gives the column's name, and so does the old name of a renamed column (a workbook
    written before the rename, :meth:`~lda_analysis.contract.schema.Schema.renamed_columns`); another text
    is kept (the import says it is unexpected).

    >>> column_names(["Mesure", "axis", "year", "Valeur exacte"], get_schema().table("fsl"))
    ['mesure', 'axe', 'annee', 'Valeur exacte']
    """
    names = {column.title: column.name for column in table.columns.values()}
    named = [names.get(text, text) for text in header]
    renamed = renamed_header(named, table.name)
    return [renamed.get(name, name) for name in named]


def _text_cell(cell, value: str) -> None:
    """Store ``value`` as text even when it looks like a formula (``=``, ``+``, ``-``, ``@``)."""
    cell.value = value
    cell.data_type = "s"


def _write_value(cell, value: object, column: Column, unit: str | None = None) -> None:
    """Write one cell of a table: a number as a number, formatted by its unit (``unite``: the row's,
    for a figure), years and ranks without thousands separator; any other value as text."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value == "":
        return
    if column.type == "integer":
        cell.value = int(value)
    elif column.type == "number":
        number = float(value)
        cell.value = int(number) if number.is_integer() else number
        cell.number_format = number_format(number, unit)
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
    return export_tables(path, load_tables(data_dir))


def export_tables(path: str | Path, tables: Tables) -> Path:
    """Write ``tables`` (validated; an edition's: its tables and rows only) to the workbook ``path``."""
    output_file(path, ".xlsx")
    return _write_workbook(path, tables, INSTRUCTIONS)


def template_tables(tables: Tables, year: int) -> Tables:
    """The rows to fill for the edition ``year``: for each annual table (``annual`` in the schema: a
    table of figures whose key has a ``year`` or a ``period``), the keys of its latest year or period
    before ``year``, carried to ``year`` (or to its reporting period, from the calendar), with the
    figure, its source and its note left empty. Other tables get no row. Keys already present for
    ``year`` are not repeated.
    """
    schema = get_schema()
    periods = calendar()
    new_period = periods.edition_period(tables[periods.table], year)
    result = {}
    for name, table in ((name, table) for name, table in schema.tables.items() if name in tables):
        frame = tables[name]
        column = next((c for c in ("annee", "periode") if c in table.key), None)
        if not table.annual or column is None or table.filled_by is None:
            result[name] = frame.iloc[0:0]
            continue
        if column == "annee":
            earlier = [value for value in set(frame["annee"]) if value < year]
            latest, new = (max(earlier) if earlier else None), year
        else:
            latest, new = periods.edition_period(tables[periods.table], year - 1), new_period
        allowed = table.columns[column].values
        if latest is None or new is None or (allowed is not None and str(new) not in allowed):
            result[name] = frame.iloc[0:0]  # a table of other periods (plan 1's synthesis)
            continue
        rows = frame[frame[column] == latest].copy()
        declared = pd.DataFrame(
            [{**row, column: new} for row in table.template_rows], columns=list(frame.columns)
        )
        offered = [found.rows(tables, new) for found in contributions("TEMPLATE_ROWS") if found.table == name]
        declared = pd.concat(
            [declared, *(rows_of.reindex(columns=frame.columns) for rows_of in offered)], ignore_index=True
        )
        rows[column] = new
        if len(declared) and rows.empty:  # a new table: its rows are the declared ones, as typed
            rows = declared
        elif len(declared):
            rows = pd.concat(
                [rows, declared.astype(rows.dtypes.to_dict(), errors="ignore")], ignore_index=True
            )
        rows[table.filled_by] = float("nan") if table.columns[table.filled_by].type == "number" else ""
        for blank in ("source", "note"):
            rows[blank] = ""
        rows["ligne_source"] = pd.NA
        if "periode_imprimee" in rows.columns:
            rows["periode_imprimee"] = str(new)
        present = set(frame[frame[column] == new][list(table.key)].itertuples(index=False, name=None))
        keys = list(rows[list(table.key)].itertuples(index=False, name=None))
        keep = pd.Series(
            [key not in present and key not in keys[:rank] for rank, key in enumerate(keys)],
            index=rows.index,
            dtype=bool,
        )
        result[name] = rows[keep].reset_index(drop=True)
    return result


def template_workbook(path: str | Path, year: object, data_dir: str | Path | None = None) -> Path:
    """Write the workbook an analyst fills for a new edition: the rows to fill for ``year`` (keys
    filled in, figures empty), the dictionary and the instructions."""
    output_file(path, ".xlsx")
    edition = load_edition(year, data_dir)
    instructions = template_instructions(edition.year) + INSTRUCTIONS[2:]
    return _write_workbook(path, template_tables(edition.tables, edition.year), instructions)


def workbook_dictionary_rows(names: list[str]) -> list[dict[str, str]]:
    """The rows of the workbook's « Dictionnaire » sheet: for each column of the tables ``names``,
    its sheet and its header (French labels), its name in the open-data CSV, and what the book's
    dictionary says of it (:func:`~lda_analysis.contract.schema.dictionary_rows`)."""
    schema = get_schema()
    rows = []
    for row in dictionary_rows(schema, names):
        table = schema.table(row["table"])
        rows.append(
            {
                "Feuille": table.sheet_name,
                "Colonne": table.columns[row["colonne"]].title,
                "Nom dans le CSV": f"{row['fichier']} : {row['colonne']}",
                "Type": row["type"],
                "Obligatoire": row["obligatoire"],
                "Clé": row["clé"],
                "Valeurs permises": row["valeurs permises"],
                "Description": row["description"],
            }
        )
    return rows


def _write_workbook(path: str | Path, tables: Tables, lines: list[str]) -> Path:
    """A workbook with the instructions ``lines``, the dictionary and one sheet per table."""
    schema = get_schema()
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    for row, line in enumerate(lines, start=1):
        _text_cell(instructions.cell(row=row, column=1), line)
    instructions["A1"].font = Font(bold=True, size=13)
    instructions.column_dimensions["A"].width = 120

    dictionary = workbook.create_sheet(DICTIONARY_SHEET)
    rows = workbook_dictionary_rows([name for name in schema.tables if name in tables])
    names = list(rows[0])
    _header(dictionary, names)
    for row_index, row in enumerate(rows, start=2):
        for column_index, name in enumerate(names, start=1):
            _text_cell(dictionary.cell(row=row_index, column=column_index), row[name])
    for index, width in enumerate((30, 30, 22, 10, 11, 6, 70, 80), start=1):
        dictionary.column_dimensions[get_column_letter(index)].width = width

    for name, table in ((name, table) for name, table in schema.tables.items() if name in tables):
        sheet = workbook.create_sheet(table.sheet_name)
        columns = list(table.columns.values())
        _header(sheet, [column.title for column in columns])
        frame = tables[name]
        unit_at = [c.name for c in columns].index("unite") if "unite" in table.columns else None
        for row_index, values in enumerate(frame[[c.name for c in columns]].itertuples(index=False), start=2):
            unit = values[unit_at] if unit_at is not None else None
            unit = unit if isinstance(unit, str) else None
            for column_index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                of_row = unit if column.name in UNIT_COLUMNS else None
                _write_value(sheet.cell(row=row_index, column=column_index), value, column, of_row)
        for index, column in enumerate(columns, start=1):
            wide = column.type == "text"
            sheet.column_dimensions[get_column_letter(index)].width = 60 if wide else 18
            alignment = WRAPPED if wide else TOP
            for cell in sheet[get_column_letter(index)][1:]:
                cell.alignment = alignment
    target = output_file(path, ".xlsx")
    try:
        target.write_bytes(_reproducible_bytes(workbook))
    except OSError as error:
        raise OutputError(f"Classeur « {target} » non écrit : {os_error_reason(error)}.") from None
    return target


def _reproducible_bytes(workbook: openpyxl.Workbook) -> bytes:
    """The ``.xlsx`` file of ``workbook``, the same bytes for the same content: no date of making in
    its document properties nor in its zip entries (all dated :data:`WORKBOOK_DATE`)."""
    workbook.properties.created = workbook.properties.modified = WORKBOOK_DATE
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_STORED) as archive:  # compressed once, below
        ExcelWriter(workbook, archive).write_data()
    dated = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(dated, "w") as archive:
        for entry in source.infolist():
            archive.writestr(
                zipfile.ZipInfo(entry.filename, WORKBOOK_DATE.timetuple()[:6]),
                source.read(entry),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return dated.getvalue()
