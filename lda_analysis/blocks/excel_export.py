"""A table as a file a French Excel opens by double-click: the download « pour Excel » of each table,
next to its open-data CSV (:mod:`lda_analysis.publication.datapackage`), which keeps the schema's identifiers.

The CSV for Excel is what Excel in French reads without an import wizard:

- ``;`` between cells (Excel in French splits on the list separator of the system, ``;``), cells with
  a ``;``, a quote or a line break between quotes;
- UTF-8 with a byte-order mark (without it Excel reads « rÃ¨glement »), lines ending in CRLF;
- the schema's French labels as headers (:attr:`~lda_analysis.contract.schema.Column.label`), codes shown as
  their French labels (a code people cite, ``14`` for action 14, stays in front of its label);
- numbers with a decimal comma and no thousands separator (``244878,18``): Excel in French reads
  them as numbers, which can be summed, sorted and charted. A CSV cannot carry a number format, and
  a figure written « 244 878,18 € » would be a text in Excel; so each figure with a unit also comes
  as the book prints it, in a column « Valeur affichée » (« 244 878,18 € », « 3,1 % »);
- a text that Excel would take for a formula (starting with ``=``, ``+``, ``-``, ``@``) begins with an
  apostrophe, as OWASP advises against « CSV injection ».

Nothing varies between two writings of the same table: no date, rows in the data's order.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from lda_analysis.contract.data import csv_rows
from lda_analysis.contract.schema import Column, TableSchema, get_schema

from .formatting import format_value

DELIMITER = ";"
BYTE_ORDER_MARK = "\ufeff"
# What Excel reads as the start of a formula (or of a command) in a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DISPLAYED_LABEL = "Valeur affichée"
# The suffix of the file for Excel: ``fsl.csv`` -> ``fsl_pour_excel.csv``.
EXCEL_SUFFIX = "_pour_excel"


def excel_file(file: str) -> str:
    """The name of the file for Excel of the open-data file ``file``.

    >>> excel_file("fsl.csv")
    'fsl_pour_excel.csv'
    """
    path = PurePosixPath(file)
    return f"{path.stem}{EXCEL_SUFFIX}{path.suffix}"


def excel_number(text: str) -> str:
    """A number of the open-data CSV (``244878.18``) as Excel in French reads it (``244878,18``).

    >>> excel_number("244878.18"), excel_number("-35000"), excel_number("1e-05")
    ('244878,18', '-35000', '0,00001')
    """
    if text == "":
        return ""
    return np.format_float_positional(float(text), trim="-").replace(".", ",")


def code_label(code: str, column: Column) -> str:
    """The French label of a code; a code people cite (it starts with a digit: action 14) kept
    in front of it.

    >>> code_label("VAR_HORS_TPM", Column("territoire", "category", "", {"VAR_HORS_TPM": "Var hors TPM"}))
    'Var hors TPM'
    >>> code_label("2", Column("action", "category", "", {"2": "Révision du règlement intérieur du FSL"}))
    '2 – Révision du règlement intérieur du FSL'
    """
    if code == "" or not column.values or code not in column.values:
        return code
    label = column.values[code]
    if code[0].isdigit() and label != code:
        return f"{code} – {label}"
    return label


def excel_text(text: str) -> str:
    """A text cell Excel shows as it is, never runs as a formula.

    >>> excel_text("=SOMME(A1:A3)"), excel_text("Rapport d'exécution")
    ("'=SOMME(A1:A3)", "Rapport d'exécution")
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_cell(text: str, column: Column) -> str:
    """One cell of the open-data CSV (``text``) as the file for Excel shows it."""
    if text == "":
        return ""
    if column.type in ("integer", "number"):
        return excel_number(text)
    if column.type == "category":
        return excel_text(code_label(text, column))
    return excel_text(text)


def _displayed(value: str, unit: str) -> str:
    if value == "" or unit == "":
        return ""
    return format_value(float(value), unit)


def excel_csv(table: TableSchema, rows: list[tuple[str, ...]]) -> str:
    """The text of the file for Excel of ``table`` whose open-data CSV has the cells ``rows`` (columns
    in the schema's order, :func:`lda_analysis.contract.data.csv_rows`), byte-order mark included: write it
    in UTF-8.

    A table with a figure and its unit (``valeur`` and ``unite``) gets, after the value, the column
    « Valeur affichée »: the figure as the book prints it.
    """
    columns = list(table.columns.values())
    names = [column.name for column in columns]
    displayed = "valeur" in names and "unite" in names
    header = [column.title for column in columns]
    if displayed:
        header.insert(names.index("valeur") + 1, DISPLAYED_LABEL)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([excel_text(label) for label in header])
    for row in rows:
        cells = [excel_cell(text, column) for text, column in zip(row, columns, strict=True)]
        if displayed:
            value, unit = row[names.index("valeur")], row[names.index("unite")]
            cells.insert(names.index("valeur") + 1, _displayed(value, unit))
        writer.writerow(cells)
    return BYTE_ORDER_MARK + buffer.getvalue()


def read_excel_csv(content: bytes) -> pd.DataFrame:
    """A file for Excel read as Excel in French reads it: UTF-8 with its byte-order mark, ``;``
    between cells, decimal comma; every cell as text (what a test or an analyst's script checks)."""
    return pd.read_csv(
        io.StringIO(content.decode("utf-8-sig")), sep=DELIMITER, dtype=str, keep_default_na=False
    )


def excel_files(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The file for Excel of each of ``tables`` (validated, by table name), by file name
    (``fsl_pour_excel.csv``), text with its byte-order mark."""
    schema = get_schema()
    return {
        excel_file(schema.table(name).file): excel_csv(schema.table(name), csv_rows(frame, name))
        for name, frame in sorted(dict.items(tables), key=lambda item: schema.table(item[0]).file)
    }
