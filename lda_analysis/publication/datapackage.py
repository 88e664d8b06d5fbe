"""The open data of an edition, described on the national conventions: a Frictionless Data Package.

French public bodies publish their data on data.gouv.fr, whose schemas (schema.data.gouv.fr) are
Table Schemas. The package of an edition (``datapackage.json``) describes every CSV file of ``data/``
from the library's schema, the one definition of the tables: the type of each column, whether it may
be empty, its allowed codes with their French labels, its bounds, the table's key and its meaning in
French. The data are published under the Licence Ouverte / Open Licence 2.0 (Etalab), and the package
carries the project's version and the fingerprint of the data it describes, so that a figure can be
traced to the code and the data that made it.

Proved by ``tests/test_datapackage.py``: the built edition's package is valid table by table
(frictionless), a wrong cell makes it invalid naming table, row and column, the same data give the
same zip, a renamed field gives its old name.

>>> package = data_package(2024, "0" * 64)
>>> package["licenses"][0]["name"], len(package["resources"]) == len(get_schema().tables)
('etalab-2.0', True)
>>> fsl = next(resource for resource in package["resources"] if resource["name"] == "fsl")
>>> fsl["path"], fsl["schema"]["primaryKey"]
('fsl.csv', ['mesure', 'axe', 'annee'])
>>> axe = fsl["schema"]["fields"][1]
>>> axe["name"], axe["anciens_noms"], axe["description"].endswith("Colonne nommée « axis » jusqu'à la version 0.5.0.")
('axe', ['axis'], True)
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable

from lda_analysis import __version__
from lda_analysis.blocks.tables import LICENCE, PACKAGE_FILE
from lda_analysis.contract.schema import Column, Schema, TableSchema, get_schema

PUBLISHER = "Métropole Toulon Provence Méditerranée"
# Table Schema types of the schema's column types.
FIELD_TYPES = {
    "category": "string",
    "integer": "integer",
    "number": "number",
    "text": "string",
    "date": "date",
}
# The date of every entry of the package's zip: the same data give the same file.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def package_name(year: int) -> str:
    """The package's name (lower case, digits and hyphens, as data portals ask)."""
    return f"logement-d-abord-mtpm-{year}"


def field(column: Column, table: TableSchema, schema: Schema) -> dict:
    """The Table Schema field of ``column``."""
    described = {
        "name": column.name,
        "title": column.title,  # the French label the files for Excel and the workbook show
        "type": FIELD_TYPES[column.type],
        "description": column.description,
    }
    if column.type == "date":
        described["format"] = "%Y-%m-%d"
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.values:
        constraints["enum"] = list(column.values)
        described["categories"] = [{"value": code, "label": label} for code, label in column.values.items()]
    if column.type in ("integer", "number") and not (column.name == "valeur" and "unite" in table.columns):
        if column.bounds.min is not None:
            constraints["minimum"] = column.bounds.min
        if column.bounds.max is not None:
            constraints["maximum"] = column.bounds.max
    if column.name == "valeur" and "unite" in table.columns:
        bounds = " ; ".join(f"{unit} : {bounds.describe()}" for unit, bounds in schema.unit_bounds.items())
        described["description"] += f" Bornes selon l'unité de la ligne (colonne « unite ») : {bounds}."
    if constraints:
        described["constraints"] = constraints
    former = [old for old, new in schema.renamed_columns(table.name).items() if new == column.name]
    if former:
        # Not a Table Schema property: the field's names before it took its French name, so that a
        # reuser of an earlier package finds the column (descriptors may carry more properties).
        described["anciens_noms"] = former
        names = ", ".join(f"« {old} »" for old in former)
        described["description"] += f" Colonne nommée {names} jusqu'à la version 0.5.0."
    return described


def resource(table: TableSchema, schema: Schema) -> dict:
    """The data resource of one table: its CSV file and its Table Schema."""
    return {
        "name": table.name,
        "path": table.file,
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": [LICENCE],
        "schema": {
            "fields": [field(column, table, schema) for column in table.columns.values()],
            "primaryKey": list(table.key),
            "missingValues": [""],
        },
    }


def data_package(year: int, data_fingerprint: str, names: Iterable[str] | None = None) -> dict:
    """The Data Package of the edition ``year`` whose data files have the digest ``data_fingerprint``:
    its tables ``names`` (default: every table of the schema)."""
    schema = get_schema()
    names = list(schema.tables) if names is None else list(names)
    return {
        "profile": "tabular-data-package",
        "name": package_name(year),
        "title": f"Plan Logement d'Abord de la Métropole Toulon Provence Méditerranée : données de "
        f"l'édition {year} du rapport d'exécution",
        "description": (
            "Chaque chiffre du rapport d'exécution du Plan Logement d'Abord, en tables validées ; "
            "chaque ligne cite sa source (document, section, page, ligne du texte extrait). Les chiffres "
            "dérivés (évolutions, ratios, totaux) sont calculés par le livre, sauf ceux que la source "
            "donne seule (nature « rapporté par la source »)."
        ),
        "language": "fr",
        "licenses": [LICENCE],
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "version": __version__,
        "keywords": ["logement d'abord", "sans-abrisme", "hébergement", "logement social", "Var"],
        # Not a Data Package property: the digest of the CSV files described (names and content).
        "empreinte_donnees": data_fingerprint,
        "resources": [resource(table, schema) for table in schema.tables.values() if table.name in names],
    }


def package_json(year: int, data_fingerprint: str, names: Iterable[str] | None = None) -> str:
    """``datapackage.json`` of the edition (its tables ``names``; default: all), as text (keys in a
    stable order)."""
    return json.dumps(data_package(year, data_fingerprint, names), ensure_ascii=False, indent=2) + "\n"


def package_zip_bytes(year: int, data_fingerprint: str, csv_files: dict[str, str]) -> bytes:
    """The zip of the edition's open data: ``datapackage.json`` and the CSV files it describes
    (``csv_files``: text by file name, the edition's :attr:`~lda_analysis.domains.edition.Edition.csv_files`),
    the same bytes for the same data."""
    schema = get_schema()
    names = [table.name for table in schema.tables.values() if table.file in csv_files]
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w") as archive:
        entries = [(PACKAGE_FILE, package_json(year, data_fingerprint, names).encode("utf-8"))]
        entries += [
            (table.file, csv_files[table.file].encode("utf-8"))
            for table in schema.tables.values()
            if table.file in csv_files
        ]
        for name, content in entries:
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), content, compress_type=zipfile.ZIP_DEFLATED)
    return written.getvalue()
