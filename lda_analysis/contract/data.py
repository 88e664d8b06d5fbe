"""Loading and validating the tables of a data folder against the schema.

Every cell is checked (type, allowed values, bounds of its unit, duplicate keys) and every problem
is reported at once, each naming the file, the row and the column, so that an analyst can fix a
file in one pass.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .digests import files_digest
from .errors import DataError, Problem
from .paths import DEFAULT_DATA_DIR
from .schema import Column, Schema, TableSchema, get_schema

logger = logging.getLogger(__name__)

# The validated tables of a data folder, by name.
Tables = dict[str, pd.DataFrame]
# A CSV's first data row is line 2 of the file (line 1 holds the header).
FIRST_CSV_ROW = 2
# Limits that bound the work of reading a table, whatever the file holds (a table has ~100 rows today,
# a text at most ~1 000 characters).
MAX_ROWS = 5_000
# A longer value makes a CSV line unreadable (the csv module's default limit; texts are limited much
# lower by the validation).
MAX_CSV_VALUE = 131_072
MAX_TEXT_LENGTH = 4_000
# Numbers as French users type them: ``4500``, ``4 500`` (space, no-break or narrow no-break space
# between thousands), ``4,5`` or ``4.5``, with an optional sign; nothing else (no ``4_5``, ``1e3``, ``inf``,
# no digits of other scripts: ``re.ASCII``).
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?", re.ASCII)
# What makes a spreadsheet read a text as a formula (CSV injection): it may not start a text.
# A text starting with « - » is refused too unless it is a number alone (« -2+3+cmd|… » is a formula).
FORMULA_START = re.compile(r"[=+@]|-(?!\d)")
# Control characters (C0, DEL, C1) and the other characters that break a line (str.splitlines).
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What is stripped around a cell: the spaces a user types or pastes. A tab, a line break or another
# invisible character is refused, never dropped silently: the CSV files are published as they are.
SPACES = " \u00a0\u202f"
# The largest whole number stored exactly (15 digits; a float holds integers exactly up to 2**53).
MAX_INTEGER = 10**15 - 1
YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


class RowNumbers(tuple):
    """The line of the file (or row of the sheet) of each row of a loaded table, kept in the table's
    ``attrs`` for later messages. pandas deep-copies a table's ``attrs`` at every operation; this
    tuple is immutable and gives itself as its copy: copying a list of numbers cost more than many
    of the operations themselves (a third of the checks' time).

    >>> import copy
    >>> lines = RowNumbers([2, 3, 5])
    >>> copy.deepcopy({"lines": lines})["lines"] is lines
    True
    """

    def __deepcopy__(self, memo: dict) -> RowNumbers:
        return self


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The data folder to use: ``data_dir`` if given, else the project's embedded ``data/``."""
    path = Path(data_dir) if data_dir not in (None, "") else DEFAULT_DATA_DIR
    if not path.is_dir():
        raise DataError(
            Problem(
                "dossier de données introuvable",
                file=str(path),
                expected="un dossier contenant les fichiers CSV du schéma (par défaut : data/ du projet)",
            )
        )
    return path.resolve()


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the table ``name`` from ``data_dir`` and validate it against the schema.

    >>> rates = load_table("acces_logement_social")
    >>> float(rates.query("public == 'sans_abri' and territoire == 'MTPM' and annee == 2024").valeur.iloc[0])
    3.4
    """
    schema = get_schema()
    table = schema.table(name)
    path = resolve_data_dir(data_dir) / table.file
    if not path.is_file():
        raise DataError(
            Problem(
                "fichier absent du dossier de données", file=str(path), expected=f"la table « {table.title} »"
            )
        )
    raw = read_csv_cells(path)
    renamed = renamed_header(list(raw.columns), table.name)
    for old, new in renamed.items():
        logger.info("%s : colonne renommée : %s → %s (lue sous son nouveau nom)", path.name, old, new)
    raw.columns = [renamed.get(column, column) for column in raw.columns]
    frame = validate_table(raw, table, schema, file=path.name, row_numbers=raw.attrs["lines"])
    frame.attrs["lines"] = raw.attrs["lines"]  # each row's line in the file, for later messages
    return frame


def renamed_header(header: list[str], table: str) -> dict[str, str]:
    """The columns of ``header`` (a CSV file's or a sheet's) that bear the old name of a renamed
    column of ``table`` (:meth:`~lda_analysis.contract.schema.Schema.renamed_columns`), each with its current
    name. A header that already has the new name keeps both (validation names the unexpected one).

    >>> renamed_header(["mesure", "axis", "annee"], "fsl")
    {'axis': 'axe'}
    """
    renamed = get_schema().renamed_columns(table)
    return {old: new for old, new in renamed.items() if old in header and new not in header}


@contextmanager
def _csv_value_limit() -> Iterator[None]:
    """The csv module's limit on the length of a value set to :data:`MAX_CSV_VALUE` while the block
    runs: the limit is process-wide, and libraries change it when imported (frictionless raises it)."""
    previous = csv.field_size_limit(MAX_CSV_VALUE)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv_cells(path: Path) -> pd.DataFrame:
    """Every cell of a CSV file as text; a malformed row is reported with its line number. Blank
    lines (an editor's last newline) are skipped; each row keeps its line (``attrs["lines"]``)."""
    rows, lines = [], []
    # "utf-8-sig": a CSV saved by Excel as « CSV UTF-8 » starts with a byte order mark.
    with _csv_value_limit(), path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            previous = 0  # the line where the previous row ended: a quoted value may span lines
            for row in reader:
                start, previous = previous + 1, reader.line_num
                if not row:
                    continue
                rows.append(row)
                lines.append(start)
                if len(rows) > MAX_ROWS + 1:
                    raise DataError(
                        Problem(
                            "fichier trop long",
                            file=path.name,
                            row=reader.line_num,
                            expected=f"au plus {MAX_ROWS} lignes de données",
                        )
                    )
        except UnicodeDecodeError:
            raise DataError(
                Problem("fichier illisible", file=path.name, expected="un fichier CSV encodé en UTF-8")
            ) from None
        except csv.Error as error:
            raise DataError(
                Problem(
                    f"ligne illisible ({'valeur trop longue' if 'field larger' in str(error) else error})",
                    file=path.name,
                    row=reader.line_num,
                    expected=f"des valeurs d'au plus {MAX_TEXT_LENGTH} caractères, "
                    "un fichier CSV séparé par des virgules",
                )
            ) from None
    if not rows:
        raise DataError(Problem("fichier vide", file=path.name, expected="une ligne d'en-tête"))
    header, body = rows[0], rows[1:]
    problems = [
        Problem(
            f"{len(row)} valeurs au lieu de {len(header)}",
            file=path.name,
            row=line,
            expected="une valeur par colonne ; une valeur qui contient une virgule doit être "
            "entre guillemets",
        )
        for line, row in zip(lines[1:], body, strict=True)
        if len(row) != len(header)
    ]
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.attrs["lines"] = RowNumbers(lines[1:])
    return frame


@dataclass
class Loaded:
    """The tables of a data folder, validated, with what they were read from (the digest of the
    folder's CSV files, and the schema; ``files``: each file's digest) and what callers made of them
    (``made``: the editions, :func:`lda_analysis.domains.edition.load_edition`), forgotten with them."""

    read_from: tuple[str, int]
    tables: Tables
    files: dict[str, str] = field(default_factory=dict)
    made: dict = field(default_factory=dict)


# The one cache of loaded tables: the last data folders read (a build reads its folder for its edition,
# the dry run of its pages, its workbook and its default year, and validates it once; a kernel reads it
# for each page). An entry serves only while the folder's CSV files are what it was read from.
_loaded: dict[Path, Loaded] = {}
KEPT_FOLDERS = 2


def loaded(data_dir: str | Path | None = None) -> Loaded:
    """The tables of ``data_dir`` loaded and validated (every problem of every file reported
    together), read again only if its CSV files changed since they were last read, and then only
    the tables whose file changed (a table is made from its file and the schema only). Not to be
    changed: :func:`load_tables` gives copies."""
    data_dir = resolve_data_dir(data_dir)
    schema = get_schema()
    files = {path.name: files_digest([path], data_dir) for path in sorted(data_dir.glob("*.csv"))}
    read_from = (files_digest([], extra=[f"{name} {digest}" for name, digest in files.items()]), id(schema))
    entry = _loaded.pop(data_dir, None)
    if entry is None or entry.read_from != read_from:
        same_schema = entry is not None and entry.read_from[1] == id(schema)
        tables, problems = {}, []
        for name, table in schema.tables.items():
            if same_schema and name in entry.tables and entry.files.get(table.file) == files.get(table.file):
                tables[name] = entry.tables[name]  # its file did not change
                continue
            try:
                tables[name] = load_table(name, data_dir)
            except DataError as error:
                problems += error.problems
        if problems:
            raise DataError(problems)
        entry = Loaded(read_from, tables, files)
    _loaded[data_dir] = entry  # the folder read last is the last one forgotten
    for folder in list(_loaded)[:-KEPT_FOLDERS]:
        del _loaded[folder]
    return entry


def load_tables(data_dir: str | Path | None = None) -> Tables:
    """Every table of the schema, loaded and validated; all problems of all files reported together.
    Copies: what one caller changes, the next does not see."""
    return {name: frame.copy() for name, frame in loaded(data_dir).tables.items()}


def validate_table(
    raw: pd.DataFrame,
    table: TableSchema,
    schema: Schema,
    *,
    file: str,
    sheet: str | None = None,
    first_row: int = FIRST_CSV_ROW,
    row_numbers: list[int] | None = None,
) -> pd.DataFrame:
    """Check ``raw`` (cells as text) against ``table`` and return it with typed columns.

    ``first_row`` is the number the user sees for the first data row (line 2 of a CSV, row 2 of a
    worksheet), so that messages point at the right place; ``row_numbers`` gives each row's number
    instead, when rows were skipped (blank rows of a worksheet).
    """
    numbers = row_numbers if row_numbers is not None else range(first_row, first_row + len(raw))

    def problem(
        message: str, row: int | None = None, column: str | None = None, expected: str | None = None
    ) -> Problem:
        return Problem(message, file=file, sheet=sheet, row=row, column=column, expected=expected)

    _check_header(raw, problem)
    raw = _with_optional_columns(raw, table)
    _check_columns(raw, table, problem)
    typed, problems = _typed_cells(raw, table, numbers, problem)
    if not problems:
        problems += _check_year_labels(typed, numbers, problem)
        problems += _check_unit_bounds(typed, schema, numbers, problem)
        problems += _check_duplicate_keys(typed, table, numbers, problem)
    if problems:
        raise DataError(problems)
    return _typed_frame(typed, table)


def _check_header(raw: pd.DataFrame, problem) -> None:
    """Each column named, once; no more rows than a table may hold."""
    repeated = sorted({str(name) for name in raw.columns[raw.columns.duplicated()]})
    if repeated:
        raise DataError(
            [
                problem("colonne en double", column=name, expected="chaque colonne une seule fois")
                for name in repeated
            ]
        )
    unnamed = [position for position, name in enumerate(raw.columns, start=1) if str(name).strip() == ""]
    if unnamed:
        raise DataError(
            [
                problem(f"la colonne n° {position} n'a pas de nom", expected="un nom de colonne du schéma")
                for position in unnamed
            ]
        )
    if len(raw) > MAX_ROWS:
        raise DataError(
            problem(f"{len(raw)} lignes : table trop longue", expected=f"au plus {MAX_ROWS} lignes")
        )


def _with_optional_columns(raw: pd.DataFrame, table: TableSchema) -> pd.DataFrame:
    """A copy of ``raw`` with the optional columns the file leaves out, empty."""
    raw = raw.copy()
    for column in table.columns.values():
        if not column.required and column.name not in raw.columns:
            raw[column.name] = ""  # an optional column may be left out of the file
    return raw


def _check_columns(raw: pd.DataFrame, table: TableSchema, problem) -> None:
    """The columns of the schema, no other: every missing or unexpected one reported together."""
    expected_columns = list(table.columns)
    missing = [col for col in expected_columns if col not in raw.columns]
    unexpected = [col for col in raw.columns if col not in table.columns]
    problems = [
        problem("colonne manquante", column=col, expected=", ".join(expected_columns)) for col in missing
    ]
    problems += [
        problem(
            "colonne inattendue (nom mal orthographié ?)",
            column=str(col),
            expected=", ".join(expected_columns),
        )
        for col in unexpected
    ]
    if problems:
        raise DataError(problems)


def _typed_cells(
    raw: pd.DataFrame, table: TableSchema, numbers, problem
) -> tuple[dict[str, list[object]], list[Problem]]:
    """Each column's cells typed, and the problem of every cell that cannot be."""
    typed, problems = {}, []
    for column in table.columns.values():
        values = []
        for offset, cell in enumerate(raw[column.name]):
            value, issue = _parse_cell(str(cell).strip(SPACES), column)
            if issue:
                problems.append(problem(issue[0], row=numbers[offset], column=column.name, expected=issue[1]))
            values.append(value)
        typed[column.name] = values
    return typed, problems


def _typed_frame(typed: dict[str, list[object]], table: TableSchema) -> pd.DataFrame:
    """The typed cells as a table: whole numbers as integers (nullable when optional), numbers as
    floats."""
    frame = pd.DataFrame(typed, columns=list(table.columns))
    for column in table.columns.values():
        if column.type == "integer":
            frame[column.name] = frame[column.name].astype("int64" if column.required else "Int64")
        elif column.type == "number":
            frame[column.name] = frame[column.name].astype("float64")
    frame.attrs["table"] = table.name
    return frame


def _parse_cell(text: str, column: Column) -> tuple[object, tuple[str, str] | None]:
    """Typed value of one cell, or the problem (message, expected) it has."""
    if text == "":
        if column.required:
            return None, ("cellule vide", _describe(column))
        return ("" if column.type in ("text", "category", "date") else None), None
    if column.type == "text":
        return text, _text_problem(text)
    if column.type == "date":
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, (f"date invalide « {_shortened(text)} »", _describe(column))
    if column.type == "category":
        text = column.former_codes.get(text, text)
        if text not in column.values:
            return None, (f"valeur inconnue « {_shortened(text)} »", "une de : " + ", ".join(column.values))
        return text, None
    number = parse_number(text)
    if number is None:
        return None, (f"valeur non numérique « {_shortened(text)} »", _describe(column))
    if not math.isfinite(number):
        return None, (f"valeur non finie « {_shortened(text)} »", _describe(column))
    if column.type == "integer" and abs(number) > MAX_INTEGER:
        return None, (
            f"nombre entier trop grand « {_shortened(text)} »",
            f"{_describe(column)} d'au plus 15 chiffres",
        )
    if not column.bounds.admits(number):
        return None, (f"valeur hors bornes « {_shortened(text)} »", _describe(column))
    return (int(number) if column.type == "integer" else number), None


def parse_number(text: str) -> float | None:
    """A number typed the French way (or with a decimal point), or None.

    >>> parse_number("4 500"), parse_number("4,5"), parse_number("-3.25")
    (4500.0, 4.5, -3.25)
    >>> parse_number("4_5") is None and parse_number("1e3") is None and parse_number("4.500,2") is None
    True
    """
    if NUMBER.fullmatch(text) is None:
        return None
    return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def _shortened(text: str, length: int = 60) -> str:
    """A cell quoted in a message: at most ``length`` characters, invisible characters shown."""
    shown = INVISIBLE.sub(lambda match: ascii(match.group())[1:-1], text)
    return shown if len(shown) <= length else shown[: length - 1] + "…"


def _text_problem(text: str) -> tuple[str, str] | None:
    """Why a text cell cannot be stored and shown as is, or None: the book renders text literally,
    on one line, and publishes it in CSV files that a spreadsheet must not read as a formula."""
    if len(text) > MAX_TEXT_LENGTH:
        return (f"texte trop long ({len(text)} caractères)", f"au plus {MAX_TEXT_LENGTH} caractères")
    if LINE_BREAK.search(text):
        return ("retour à la ligne dans le texte", "un texte sur une seule ligne")
    if CONTROL_CHARACTER.search(text):
        return (
            f"caractère de contrôle dans le texte « {_shortened(text)} »",
            "un texte sans tabulation ni caractère invisible",
        )
    if FORMULA_START.match(text) or (text.startswith("-") and NUMBER.fullmatch(text) is None):
        return (
            f"texte commençant par « {text[0]} », qu'un tableur lirait comme une formule",
            "un texte qui ne commence ni par =, +, @ ni par - (sauf un nombre négatif seul)",
        )
    return None


def _describe(column: Column) -> str:
    if column.type == "category":
        return "une de : " + ", ".join(column.values)
    if column.type == "text":
        return "un texte non vide"
    if column.type == "date":
        return "une date au format AAAA-MM-JJ, par exemple 2024-10-01"
    if column.type == "integer":
        return column.bounds.describe()
    return column.bounds.describe() + " (ex. 3,1 ou 3.1 ; 4 500 pour quatre mille cinq cents)"


def _check_year_labels(typed, numbers, problem) -> list[Problem]:
    """A row's year must agree with the years its printed period names (« 2024 (juin) », « par an
    entre 2021 et 2023 »): within the first and last of them."""
    if "annee" not in typed or "periode_imprimee" not in typed:
        return []
    problems = []
    for offset, (year, label) in enumerate(zip(typed["annee"], typed["periode_imprimee"], strict=True)):
        named = [int(found) for found in YEAR_IN_TEXT.findall(label or "")]
        if year is not None and named and not min(named) <= year <= max(named):
            span = str(named[0]) if min(named) == max(named) else f"entre {min(named)} et {max(named)}"
            problems.append(
                problem(
                    f"année {year} en désaccord avec la période « {_shortened(label)} »",
                    row=numbers[offset],
                    column="annee",
                    expected=f"une année {span}, comme la période l'indique",
                )
            )
    return problems


def _check_unit_bounds(typed, schema: Schema, numbers, problem) -> list[Problem]:
    """Values must lie within the bounds of their row's unit (a share between 0 and 100...)."""
    if "unite" not in typed or "valeur" not in typed:
        return []
    problems = []
    for offset, (unit, value) in enumerate(zip(typed["unite"], typed["valeur"], strict=True)):
        bounds = schema.unit_bounds.get(unit)
        if bounds is not None and not bounds.admits(value):
            label = schema.vocabularies["unite"].get(unit, unit)
            problems.append(
                problem(
                    f"valeur {value:g} impossible pour l'unité « {unit} » ({label})",
                    row=numbers[offset],
                    column="valeur",
                    expected=bounds.describe(),
                )
            )
    return problems


def _check_duplicate_keys(typed, table: TableSchema, numbers, problem) -> list[Problem]:
    """Two rows may not share the same key (e.g. the same public, territory and year)."""
    seen: dict[tuple, int] = {}
    problems = []
    keys = zip(*(typed[col] for col in table.key), strict=True)
    for offset, key in enumerate(keys):
        row = numbers[offset]
        if key in seen:
            described = ", ".join(f"{col}={val}" for col, val in zip(table.key, key, strict=True))
            problems.append(
                problem(
                    f"doublon de la clé ({described}), déjà présente ligne {seen[key]}",
                    row=row,
                    column=", ".join(table.key),
                    expected="une seule ligne par clé",
                )
            )
        else:
            seen[key] = row
    return problems


def _cell_text(value: object) -> str:
    """How a typed cell is written back to CSV: whole numbers without ``.0``, missing as empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def csv_rows(frame: pd.DataFrame, name: str) -> list[tuple[str, ...]]:
    """The cells of a validated table as they are written to CSV, columns in the schema's order."""
    columns = list(get_schema().table(name).columns)
    return [tuple(_cell_text(value) for value in row) for row in frame[columns].itertuples(index=False)]


def table_csv(frame: pd.DataFrame, name: str) -> str:
    """The CSV text of a validated table, columns in the schema's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(get_schema().table(name).columns))
    writer.writerows(csv_rows(frame, name))
    return buffer.getvalue()
