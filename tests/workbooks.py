"""Workbooks as analysts have them: the layout written before the French names (sheets named after
the tables, identifier headers), which the import still reads."""

from pathlib import Path

import openpyxl

from lda_analysis.contract.schema import get_schema


def before_labels(path: Path) -> Path:
    """Rewrite the workbook ``path`` (written by the export) as the export wrote it before the French
    names: each table's sheet named after the table, its headers the columns' names."""
    book = openpyxl.load_workbook(path)
    for table in get_schema().tables.values():
        if table.sheet_name not in book.sheetnames:
            continue
        sheet = book[table.sheet_name]
        names = {column.title: column.name for column in table.columns.values()}
        for cell in sheet[1]:
            cell.value = names.get(cell.value, cell.value)
        sheet.title = f"{table.name} (avant)"  # openpyxl would suffix « fsl » as a duplicate of « FSL »
        sheet.title = table.name
    book.save(path)
    return path


def before_rename(path: Path) -> Path:
    """Rewrite the workbook ``path`` (with identifier headers, :func:`before_labels`) as the export
    wrote it before the columns took their French name: « rank », « axis », « label »…"""
    book = openpyxl.load_workbook(path)
    schema = get_schema()
    for name in schema.renamed:
        old_names = {new: old for old, new in schema.renamed_columns(name).items()}
        for cell in book[name][1]:
            cell.value = old_names.get(cell.value, cell.value)
    book.save(path)
    return path
