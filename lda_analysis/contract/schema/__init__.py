"""The data contract: tables, columns, vocabularies and unit bounds, read from YAML files:
``commun.yaml`` of this package folder for what is shared, and the ``schema.yaml`` of each domain
package (``lda_analysis/domains/<domaine>/schema.yaml``) for its tables.

The schema is written once and used both to validate data on load (:mod:`lda_analysis.contract.data`) and
to document the data in the book. It lives in the package, not in a data folder, because the
code relies on its codes (``MTPM``, ``attributions``...): any data folder is checked against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

import lda_analysis

from ..errors import DataError, Problem

SCHEMA_FILE = (
    "schéma (lda_analysis/contract/schema/commun.yaml et lda_analysis/domains/<domaine>/schema.yaml)"
)
COMMON_FILE = "commun.yaml"
# French labels of the columns and sheet names of the tables (read with the schema).
LABELS_FILE = "libelles.yaml"
# Columns renamed since an earlier version, by table: old name -> current name (read with the schema).
RENAMES_FILE = "renommages.yaml"
DOMAIN_FILE = "schema.yaml"
COLUMN_TYPES = ("category", "integer", "number", "text", "date")
# What a reader of the data dictionary (the book's annex, the workbook's sheet) reads for each type.
TYPE_LABELS = {
    "category": "code",
    "integer": "nombre entier",
    "number": "nombre",
    "text": "texte",
    "date": "date",
}
# The kinds of rapport an edition can be (:class:`lda_analysis.domains.registry.ReportScope`): the bilan of
# plan 1 (the rapport d'exécution 2021-2024, edition 2024) and the yearly rapports of the convention
# 2024-2027 (editions 2025 to 2027).
REPORT_KINDS = ("bilan", "annuel")
# A table's name is also its sheet's name in the Excel workbook, which Excel limits to 31 characters.
MAX_TABLE_NAME = 31


@dataclass(frozen=True)
class Bounds:
    """Allowed range of a value; ``integer`` asks for a whole number."""

    min: float | None = None
    max: float | None = None
    integer: bool = False

    def describe(self) -> str:
        """French description of the range, e.g. ``un nombre entre 0 et 100``."""
        noun = "un nombre entier" if self.integer else "un nombre"
        if self.min is not None and self.max is not None:
            return f"{noun} entre {self.min:g} et {self.max:g}"
        if self.min is not None:
            return f"{noun} supérieur ou égal à {self.min:g}"
        if self.max is not None:
            return f"{noun} inférieur ou égal à {self.max:g}"
        return noun

    def admits(self, value: float) -> bool:
        """Whether ``value`` lies in the range."""
        if self.integer and value != int(value):
            return False
        if self.min is not None and value < self.min:
            return False
        return self.max is None or value <= self.max


@dataclass(frozen=True)
class Column:
    """One column of a table: its type, allowed values or bounds, and meaning."""

    name: str
    type: str
    description: str
    values: dict[str, str] | None = None
    bounds: Bounds = field(default_factory=Bounds)
    required: bool = True
    # What a person reads for the column (``libelles.yaml``): headers of the files for Excel and of
    # the workbook; the name when no label is written.
    label: str = ""
    # Codes renamed since an earlier version (``renommages.yaml``): old code -> current code; a cell
    # with an old code is read as the current one.
    former_codes: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The column's French label, or its name if it has none."""
        return self.label or self.name


@dataclass(frozen=True)
class TableSchema:
    """One table of ``data/``: its file, key and columns."""

    name: str
    file: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: dict[str, Column]
    # Figures observed year after year (key with ``annee`` or ``periode``): an edition shows its rows
    # up to its own year, and a new edition's template offers its rows to fill.
    annual: bool = False
    # Rows every new edition's template offers to fill, beyond those of the previous year: the
    # columns that identify them (the year or period is added), e.g. FSL requests by axis.
    template_rows: tuple[dict[str, Any], ...] = ()
    # The kinds of rapport whose editions hold the table (:data:`REPORT_KINDS`): a table of the
    # yearly rapports of the convention 2024-2027 (``rapport: annuel``) is not in the edition of the
    # bilan of plan 1, whose pages, checks and downloads stay as they were.
    reports: tuple[str, ...] = ("bilan", "annuel")
    # The column that makes a row worth importing from a workbook, and that a new edition's template
    # leaves empty: ``valeur`` (a figure), ``texte``, or the one the schema names (``filled_by``: the
    # status of a fiche action, an achieved value).
    filled_by: str | None = None
    # The table's sheet in the workbook (``libelles.yaml``, at most 31 characters); its name if none.
    sheet: str = ""

    @property
    def sheet_name(self) -> str:
        """The name of the table's sheet in the workbook."""
        return self.sheet or self.name


@dataclass(frozen=True)
class Schema:
    """Every table of the data, the shared vocabularies and the bounds of each unit."""

    tables: dict[str, TableSchema]
    vocabularies: dict[str, dict[str, str]]
    unit_bounds: dict[str, Bounds]
    # Columns renamed since an earlier version (``renommages.yaml``): table -> {old name: new name}.
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)

    def renamed_columns(self, name: str) -> dict[str, str]:
        """The old names of the table ``name``'s renamed columns, each with its current name.

        >>> get_schema().renamed_columns("fsl")["axis"], get_schema().renamed_columns("fsl")["year"]
        ('axe', 'annee')
        """
        return dict(self.renamed.get(name, {}))

    def table(self, name: str) -> TableSchema:
        """The table called ``name``; a clear error names the tables that exist."""
        try:
            return self.tables[name]
        except KeyError:
            known = ", ".join(sorted(self.tables))
            raise DataError(Problem(f"table inconnue « {name} »", file=SCHEMA_FILE, expected=known)) from None

    def labels(self, table: str, column: str) -> dict[str, str]:
        """French labels of a category column's codes.

        >>> get_schema().labels("acces_logement_social", "territoire")["VAR_HORS_TPM"]
        'Var hors TPM'
        """
        values = self.table(table).columns[column].values
        if values is None:
            raise DataError(Problem("la colonne n'a pas de vocabulaire", file=SCHEMA_FILE, column=column))
        return values

    def label(self, table: str, column: str, code: str) -> str:
        """What a reader sees for one code of a category column: its French label, or the code when
        the column has no vocabulary or the vocabulary no label for it.

        >>> get_schema().label("annexes_enquete_repartitions", "categorie", "hommes_seuls")
        'Hommes seuls'
        """
        return (self.table(table).columns[column].values or {}).get(code, code)


def _bounds(spec: dict[str, Any]) -> Bounds:
    return Bounds(min=spec.get("min"), max=spec.get("max"), integer=bool(spec.get("integer", False)))


def _column(
    name: str,
    spec: dict[str, Any],
    vocabularies: dict[str, dict[str, str]],
    label: str = "",
    renamed_codes: dict[str, dict[str, str]] | None = None,
) -> Column:
    kind = spec.get("type")
    if kind not in COLUMN_TYPES:
        raise DataError(
            Problem(
                f"type de colonne inconnu « {kind} »",
                file=SCHEMA_FILE,
                column=name,
                expected=", ".join(COLUMN_TYPES),
            )
        )
    values = spec.get("values")
    if values is not None:
        values = {str(code): label for code, label in values.items()}
    if "vocabulary" in spec:
        if spec["vocabulary"] not in vocabularies:
            raise DataError(
                Problem(
                    f"vocabulaire inconnu « {spec['vocabulary']} »",
                    file=SCHEMA_FILE,
                    column=name,
                    expected=", ".join(sorted(vocabularies)),
                )
            )
        values = vocabularies[spec["vocabulary"]]
    if values is not None and "allowed" in spec:
        values = {str(code): values[str(code)] for code in spec["allowed"]}
    if kind == "category" and not values:
        raise DataError(
            Problem("colonne de type category sans valeurs permises", file=SCHEMA_FILE, column=name)
        )
    return Column(
        name=name,
        type=kind,
        description=spec.get("description", ""),
        values=dict(values) if values is not None else None,
        bounds=_bounds({**spec, "integer": kind == "integer"}),
        required=bool(spec.get("required", True)),
        label=str(label),
        former_codes=dict((renamed_codes or {}).get(spec.get("vocabulary", ""), {})),
    )


def _merge(target: dict, source: dict, what: str, file: str) -> None:
    """Add ``source``'s entries to ``target``; one key may not get two different definitions."""
    for key, value in source.items():
        if key in target and target[key] != value:
            raise DataError(Problem(f"{what} « {key} » défini deux fois différemment", file=file))
        target[key] = value


@dataclass
class _MergedDocuments:
    """What the schema's documents define, merged: what a table may refer to (vocabularies, templates,
    unit bounds, labels) and each table's own specification."""

    vocabularies: dict[str, dict[str, str]] = field(default_factory=dict)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    bounds: dict[str, Any] = field(default_factory=dict)
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    table_labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Codes renamed since an earlier version, by vocabulary: old code -> current code.
    renamed_codes: dict[str, dict[str, str]] = field(default_factory=dict)


def parse_schema(documents: dict[str, dict[str, Any]]) -> Schema:
    """Build a :class:`Schema` from parsed YAML documents (file name -> content), merged."""
    merged = _merge_documents(documents)
    tables = {name: _table_schema(name, spec, merged) for name, spec in merged.specs.items()}
    unit_bounds = {unit: _bounds(spec) for unit, spec in merged.bounds.items()}
    renamed = _renamed_columns(documents, tables)
    return Schema(tables=tables, vocabularies=merged.vocabularies, unit_bounds=unit_bounds, renamed=renamed)


def _merge_documents(documents: dict[str, dict[str, Any]]) -> _MergedDocuments:
    """The documents merged in their order; the bounds may only be given for units of the vocabulary."""
    merged = _MergedDocuments()
    for file, document in documents.items():
        _merge_document(merged, file, document or {})
    unknown_units = sorted(set(merged.bounds) - set(merged.vocabularies.get("unite", {})))
    if unknown_units:
        raise DataError(
            Problem(f"bornes données pour des unités inconnues : {unknown_units}", file=SCHEMA_FILE)
        )
    return merged


def _merge_document(merged: _MergedDocuments, file: str, document: dict[str, Any]) -> None:
    """Add one document's definitions; a table is defined once, under a name Excel accepts."""
    _merge(merged.column_labels, document.get("column_labels", {}), "libellé de colonne", file)
    _merge(merged.table_labels, document.get("table_labels", {}), "libellés de table", file)
    for name, values in document.get("vocabularies", {}).items():
        _merge(
            merged.vocabularies.setdefault(name, {}),
            {str(k): v for k, v in values.items()},
            f"code du vocabulaire {name}",
            file,
        )
    _merge(merged.templates, document.get("templates", {}), "modèle", file)
    _merge(merged.renamed_codes, document.get("renamed_codes", {}), "codes renommés du vocabulaire", file)
    _merge(merged.bounds, document.get("unit_bounds", {}), "bornes de l'unité", file)
    for name, spec in document.get("tables", {}).items():
        if len(name) > MAX_TABLE_NAME:
            raise DataError(
                Problem(
                    f"nom de table trop long « {name} » ({len(name)} caractères)",
                    file=file,
                    expected=f"au plus {MAX_TABLE_NAME} caractères (c'est aussi le nom de sa feuille Excel)",
                )
            )
        if name in merged.specs:
            raise DataError(Problem(f"table « {name} » définie deux fois", file=file))
        merged.specs[name] = spec


def _table_schema(name: str, spec: dict[str, Any], merged: _MergedDocuments) -> TableSchema:
    """One table of the schema from its specification, checked against what the documents define."""
    columns = _table_columns(name, spec, merged)
    missing_key = [col for col in spec["key"] if col not in columns]
    if missing_key:
        raise DataError(
            Problem(
                f"la clé de la table « {name} » cite des colonnes absentes : {missing_key}",
                file=SCHEMA_FILE,
            )
        )
    annual = bool(spec.get("annual", False))
    if annual and not {"annee", "periode"} & set(spec["key"]):
        raise DataError(
            Problem(
                f"la table annuelle « {name} » n'a ni « annee » ni « periode » dans sa clé",
                file=SCHEMA_FILE,
            )
        )
    return TableSchema(
        name=name,
        file=spec["file"],
        title=spec["title"],
        description=spec["description"],
        key=tuple(spec["key"]),
        columns=columns,
        annual=annual,
        template_rows=tuple(dict(row) for row in spec.get("template_rows", ())),
        reports=_table_reports(name, spec),
        filled_by=_filled_by(name, spec, columns),
        sheet=str(merged.table_labels.get(name, {}).get("sheet") or ""),
    )


def _table_columns(name: str, spec: dict[str, Any], merged: _MergedDocuments) -> dict[str, Column]:
    """A table's columns: its own, then those of its template (which its own may redefine), each with
    its label (the table's own labels before the shared ones)."""
    template = spec.get("template")
    if template is not None and template not in merged.templates:
        raise DataError(
            Problem(
                f"modèle inconnu « {template} » pour la table « {name} »",
                file=SCHEMA_FILE,
                expected=", ".join(merged.templates),
            )
        )
    own = dict(spec["columns"])
    inherited = _template_columns(merged.templates, template)
    column_specs = {col: col_spec for col, col_spec in own.items() if col not in inherited}
    column_specs.update({col: own.get(col, col_spec) for col, col_spec in inherited.items()})
    own_labels = {**merged.column_labels, **(merged.table_labels.get(name, {}).get("columns") or {})}
    return {
        col: _column(col, col_spec, merged.vocabularies, own_labels.get(col, ""), merged.renamed_codes)
        for col, col_spec in column_specs.items()
    }


def _table_reports(name: str, spec: dict[str, Any]) -> tuple[str, ...]:
    """The kinds of rapport whose editions hold the table (all of them unless the spec says)."""
    reports = spec.get("rapport", REPORT_KINDS)
    reports = (reports,) if isinstance(reports, str) else tuple(reports)
    if not reports or set(reports) - set(REPORT_KINDS):
        raise DataError(
            Problem(
                f"rapport inconnu {list(reports)} pour la table « {name} »",
                file=SCHEMA_FILE,
                expected=", ".join(REPORT_KINDS),
            )
        )
    return reports


def _filled_by(name: str, spec: dict[str, Any], columns: dict[str, Column]) -> str | None:
    """The column that makes a row worth importing: the one the spec names, else ``valeur`` or
    ``texte``."""
    filled_by = spec.get("filled_by") or next((c for c in ("valeur", "texte") if c in columns), None)
    if filled_by is not None and filled_by not in columns:
        raise DataError(
            Problem(
                f"colonne « filled_by » inconnue pour la table « {name} » : {filled_by}", file=SCHEMA_FILE
            )
        )
    return filled_by


def _renamed_columns(documents: dict[str, dict[str, Any]], tables: dict[str, TableSchema]) -> dict:
    """The renamed columns the documents declare: those of every table that has the new name
    (``renamed_in_every_table``), then each table's own (``renamed_columns``), checked: a known table,
    a new name that is one of its columns, an old name that is none of them."""
    renamed: dict[str, dict[str, str]] = {}
    for document in documents.values():
        everywhere = (document or {}).get("renamed_in_every_table") or {}
        for name, table in tables.items():
            for old, new in everywhere.items():
                if new in table.columns and old not in table.columns:
                    renamed.setdefault(name, {})[str(old)] = str(new)
    for file, document in documents.items():
        for name, pairs in ((document or {}).get("renamed_columns") or {}).items():
            columns = tables[name].columns if name in tables else None
            for old, new in (pairs or {}).items():
                if columns is None or new not in columns or old in columns or old in renamed.get(name, {}):
                    raise DataError(
                        Problem(
                            f"renommage invalide pour la table « {name} » : {old} → {new}",
                            file=file,
                            expected="une table du schéma, un nouveau nom qui est une de ses colonnes, "
                            "un ancien nom qui n'en est plus une, déclaré une fois",
                        )
                    )
                renamed.setdefault(name, {})[str(old)] = str(new)
    return renamed


def _template_columns(templates: dict[str, dict[str, Any]], name: str | None) -> dict[str, Any]:
    """Columns of a template; ``figure`` builds on ``sourced``."""
    if name is None:
        return {}
    columns = dict(templates[name])
    if name == "figure":
        columns.update(templates["sourced"])
    return columns


def schema_documents() -> dict[str, Any]:
    """The YAML documents of the schema, by file: ``commun.yaml``, then each domain's ``schema.yaml``
    in the alphabetical order of the domains (the order of the tables everywhere they are listed)."""
    documents = {
        COMMON_FILE: resources.files(__package__).joinpath(COMMON_FILE),
        LABELS_FILE: resources.files(__package__).joinpath(LABELS_FILE),
        RENAMES_FILE: resources.files(__package__).joinpath(RENAMES_FILE),
    }
    for domain in sorted(lda_analysis.DOMAINS):
        documents[f"{domain}/{DOMAIN_FILE}"] = resources.files(
            f"{lda_analysis.__name__}.domains.{domain}"
        ).joinpath(DOMAIN_FILE)
    return {name: yaml.safe_load(item.read_text(encoding="utf-8")) for name, item in documents.items()}


@cache
def get_schema() -> Schema:
    """The project's schema, read once from its YAML files."""
    return parse_schema(schema_documents())


def _allowed(column: Column, schema: Schema) -> str:
    if column.values:
        return " ; ".join(f"{code} = {label}" for code, label in column.values.items())
    if column.name == "valeur" and column.type == "number":
        return "bornes selon l'unité de la ligne : " + " ; ".join(
            f"{unit} : {bounds.describe()}" for unit, bounds in schema.unit_bounds.items()
        )
    if column.type in ("integer", "number"):
        return column.bounds.describe()
    if column.type == "date":
        return "date AAAA-MM-JJ"
    return "texte"


def dictionary_rows(schema: Schema | None = None, names: Iterable[str] | None = None) -> list[dict[str, str]]:
    """One row per column of every table (or of the tables ``names``: an edition's): what the
    workbook's dictionary sheet and the book's annex show.

    >>> next(row for row in dictionary_rows() if row["colonne"] == "nature_chiffre")["valeurs permises"][:20]
    'observe = observé ; '
    """
    schema = schema or get_schema()
    kept = set(schema.tables if names is None else names)
    rows = []
    for table in (table for table in schema.tables.values() if table.name in kept):
        for column in table.columns.values():
            rows.append(
                {
                    "table": table.name,
                    "fichier": table.file,
                    "colonne": column.name,
                    "type": TYPE_LABELS[column.type],
                    "obligatoire": "oui" if column.required else "non",
                    "clé": "oui" if column.name in table.key else "non",
                    "valeurs permises": _allowed(column, schema),
                    "description": column.description,
                }
            )
    return rows
