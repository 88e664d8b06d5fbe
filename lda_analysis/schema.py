"""The data contract: tables, columns, vocabularies and unit bounds, read from ``schema.yaml``.

The schema is written once and used both to validate data on load (:mod:`lda_analysis.data`) and
to document the data in the book. It lives in the package, not in a data folder, because the
code relies on its codes (``MTPM``, ``attributions``...): any data folder is checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .errors import DataError, Problem

SCHEMA_FILE = "schema.yaml"
COLUMN_TYPES = ("category", "integer", "number", "text")


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


@dataclass(frozen=True)
class Table:
    """One table of ``data/``: its file, key and columns."""

    name: str
    file: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: dict[str, Column]


@dataclass(frozen=True)
class Schema:
    """Every table of the data, the shared vocabularies and the bounds of each unit."""

    tables: dict[str, Table]
    vocabularies: dict[str, dict[str, str]]
    unit_bounds: dict[str, Bounds]

    def table(self, name: str) -> Table:
        """The table called ``name``; a clear error names the tables that exist."""
        try:
            return self.tables[name]
        except KeyError:
            known = ", ".join(sorted(self.tables))
            raise DataError(
                Problem(f"table inconnue « {name} »", file=SCHEMA_FILE, expected=known)
            ) from None

    def labels(self, table: str, column: str) -> dict[str, str]:
        """French labels of a category column's codes.

        >>> get_schema().labels("acces_logement_social", "territory")["VAR_HORS_TPM"]
        'Var hors TPM'
        """
        values = self.table(table).columns[column].values
        if values is None:
            raise DataError(
                Problem("la colonne n'a pas de vocabulaire", file=SCHEMA_FILE, column=column)
            )
        return values


def _bounds(spec: dict[str, Any]) -> Bounds:
    return Bounds(min=spec.get("min"), max=spec.get("max"), integer=bool(spec.get("integer", False)))


def _column(name: str, spec: dict[str, Any], vocabularies: dict[str, dict[str, str]]) -> Column:
    kind = spec.get("type")
    if kind not in COLUMN_TYPES:
        raise DataError(
            Problem(f"type de colonne inconnu « {kind} »", file=SCHEMA_FILE, column=name,
                    expected=", ".join(COLUMN_TYPES))
        )
    values = spec.get("values")
    if "vocabulary" in spec:
        values = vocabularies[spec["vocabulary"]]
    if values is not None and "allowed" in spec:
        values = {code: values[code] for code in spec["allowed"]}
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
    )


def parse_schema(document: dict[str, Any]) -> Schema:
    """Build a :class:`Schema` from the parsed YAML document."""
    vocabularies = {name: dict(values) for name, values in document["vocabularies"].items()}
    tables = {}
    for name, spec in document["tables"].items():
        columns = {col: _column(col, col_spec, vocabularies) for col, col_spec in spec["columns"].items()}
        missing_key = [col for col in spec["key"] if col not in columns]
        if missing_key:
            raise DataError(
                Problem(f"la clé de la table « {name} » cite des colonnes absentes : {missing_key}",
                        file=SCHEMA_FILE)
            )
        tables[name] = Table(
            name=name,
            file=spec["file"],
            title=spec["title"],
            description=spec["description"],
            key=tuple(spec["key"]),
            columns=columns,
        )
    unit_bounds = {unit: _bounds(spec) for unit, spec in document.get("unit_bounds", {}).items()}
    return Schema(tables=tables, vocabularies=vocabularies, unit_bounds=unit_bounds)


@cache
def get_schema() -> Schema:
    """The project's schema, read once from the package's ``schema.yaml``."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return parse_schema(yaml.safe_load(text))
