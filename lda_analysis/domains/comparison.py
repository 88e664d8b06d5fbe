"""What changed between two editions' data: the rows of each table added, removed or revised.

Generic: two sets of validated tables (an edition's, and the previous edition's), compared table by
table on the schema's key; a row is revised when a column other than its source, line and note
differs. Used by the page « Ce qui a changé depuis l'édition précédente » of a yearly rapport.

>>> import pandas as pd
>>> before = {"t": pd.DataFrame({"k": ["a", "b"], "valeur": [1.0, 2.0], "source": ["s", "s"]})}
>>> after = {"t": pd.DataFrame({"k": ["a", "c"], "valeur": [1.5, 3.0], "source": ["s", "s2"]})}
>>> table_changes(before, after, keys={"t": ("k",)})[["table", "key", "change", "old", "new"]].values.tolist()
[['t', 'k=c', 'ajouté', '', 'valeur : 3.0'], ['t', 'k=b', 'retiré', 'valeur : 2.0', ''], ['t', 'k=a', 'révisé', 'valeur : 1.0', 'valeur : 1.5']]
"""

from __future__ import annotations

import pandas as pd

from lda_analysis.contract.data import Tables

ADDED, REMOVED, REVISED = "ajouté", "retiré", "révisé"
# Columns that say where a row comes from, not what it says: a change there is no revision.
PROVENANCE = ("source", "ligne_source", "note")
COLUMNS = ["table", "key", "change", "old", "new", "source"]


def _text(value: object) -> str:
    return (
        "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)
    )


def _by_key(frame: pd.DataFrame, key: tuple[str, ...]) -> dict[tuple, pd.Series]:
    return {tuple(_text(row[column]) for column in key): row for _, row in frame.iterrows()}


def _shown(row: pd.Series, key: tuple[str, ...]) -> str:
    values = [f"{column} : {_text(row[column])}" for column in row.index if column not in (*key, *PROVENANCE)]
    return " ; ".join(value for value in values if not value.endswith(": "))


def table_changes(
    previous: Tables, current: Tables, keys: dict[str, tuple[str, ...]] | None = None
) -> pd.DataFrame:
    """The rows added, removed and revised from ``previous`` to ``current``, table by table (the tables
    both hold; ``keys``: each table's key, default the schema's): ``table``, ``key`` (its columns
    and values), ``change``, ``old``, ``new`` (the revised columns, or the whole row), ``source``."""
    if keys is None:
        from lda_analysis.contract.schema import get_schema

        keys = {name: get_schema().table(name).key for name in current if name in previous}
    rows = [
        row
        for name in (name for name in current if name in previous)
        for row in _changes_in_table(name, previous[name], current[name], keys[name])
    ]
    order = {ADDED: 0, REMOVED: 1, REVISED: 2}
    found = pd.DataFrame(rows, columns=COLUMNS)
    return found.sort_values(
        ["table", "change", "key"],
        key=lambda column: column.map(order) if column.name == "change" else column,
    ).reset_index(drop=True)


def _key_label(key: tuple[str, ...], values: tuple) -> str:
    return ", ".join(f"{column}={value}" for column, value in zip(key, values, strict=True)) or "—"


def _changes_in_table(
    name: str, previous: pd.DataFrame, current: pd.DataFrame, key: tuple[str, ...]
) -> list[list[str]]:
    """The rows of :func:`table_changes` for one table: added, removed, then revised."""
    before, after = _by_key(previous, key), _by_key(current, key)
    rows = [
        [
            name,
            _key_label(key, values),
            ADDED,
            "",
            _shown(after[values], key),
            _text(after[values].get("source")),
        ]
        for values in after.keys() - before.keys()
    ]
    rows += [
        [
            name,
            _key_label(key, values),
            REMOVED,
            _shown(before[values], key),
            "",
            _text(before[values].get("source")),
        ]
        for values in before.keys() - after.keys()
    ]
    for values in before.keys() & after.keys():
        old, new = before[values], after[values]
        differing = _revised_columns(old, new)
        if differing:
            rows.append(
                [
                    name,
                    _key_label(key, values),
                    REVISED,
                    " ; ".join(f"{column} : {_text(old[column])}" for column in differing),
                    " ; ".join(f"{column} : {_text(new[column])}" for column in differing),
                    _text(new.get("source")),
                ]
            )
    return rows


def _revised_columns(old: pd.Series, new: pd.Series) -> list[str]:
    """The columns whose value changed between two versions of a row, apart from its provenance."""
    return [
        column
        for column in new.index
        if column not in PROVENANCE and column in old.index and _text(old[column]) != _text(new[column])
    ]


def changes_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """How many rows each table gained, lost or had revised (:func:`table_changes`)."""
    counts = changes.groupby(["table", "change"]).size().unstack(fill_value=0)
    for change in (ADDED, REMOVED, REVISED):
        if change not in counts.columns:
            counts[change] = 0
    return counts[[ADDED, REMOVED, REVISED]].reset_index()


def changes_summary_table(changes: pd.DataFrame, previous: int, current: int):
    """The rows each table gained, lost or had revised from the edition ``previous`` to ``current``."""
    from lda_analysis.blocks.tables import Table
    from lda_analysis.contract.schema import get_schema

    summary = changes_summary(changes)
    frame = pd.DataFrame(
        {
            "Table": [get_schema().table(name).title for name in summary["table"]],
            "Lignes ajoutées": list(summary[ADDED]),
            "Lignes retirées": list(summary[REMOVED]),
            "Lignes révisées": list(summary[REVISED]),
        }
    )
    return Table(
        frame,
        f"Chiffres et textes ajoutés, retirés ou révisés de l'édition {previous} à l'édition {current}",
        (),
        empty=f"Aucun chiffre ni texte n'a changé de l'édition {previous} à l'édition {current}.",
    )


def revisions_table(changes: pd.DataFrame, previous: int, current: int):
    """Each revised row: its table and key, the old and the new values, its source."""
    from lda_analysis.blocks.tables import Table
    from lda_analysis.contract.schema import get_schema

    revised = changes[changes["change"] == REVISED]
    frame = pd.DataFrame(
        {
            "Table": [get_schema().table(name).title for name in revised["table"]],
            "Ligne": list(revised["key"]),
            f"Édition {previous}": list(revised["old"]),
            f"Édition {current}": list(revised["new"]),
        }
    )
    return Table(
        frame,
        f"Chiffres révisés de l'édition {previous} à l'édition {current} (ancien → nouveau)",
        tuple(revised["source"]),
        empty=f"Aucun chiffre déjà publié par l'édition {previous} n'a été révisé.",
    )


# The journal of the values replaced by an import (lda_analysis/contract/schema/commun.yaml).
REVISIONS = "revisions"


def with_logged_revisions(changes: pd.DataFrame, tables: Tables, period: str | None) -> pd.DataFrame:
    """``changes`` and the revisions the journal keeps for ``period`` (values an import replaced,
    which the data no longer show), as revised rows: ``old`` → ``new`` for the column."""
    if REVISIONS not in tables:
        return changes
    journal = tables[REVISIONS]
    journal = journal[journal["periode"] == period]
    logged = pd.DataFrame(
        {
            "table": journal["table"],
            "key": journal["cle"],
            "change": REVISED,
            "old": [
                f"{column} : {value}"
                for column, value in zip(journal["colonne"], journal["ancienne_valeur"], strict=True)
            ],
            "new": [
                f"{column} : {value}"
                for column, value in zip(journal["colonne"], journal["nouvelle_valeur"], strict=True)
            ],
            "source": journal["source"],
        },
        columns=COLUMNS,
    )
    return pd.concat([changes, logged], ignore_index=True) if len(logged) else changes


def changes_since(previous: Tables, current: Tables, period: str | None) -> pd.DataFrame:
    """What changed from the previous edition's tables to ``current`` (:func:`table_changes`), with
    the corrections the journal keeps for ``period`` (:func:`with_logged_revisions`)."""
    return with_logged_revisions(table_changes(previous, current), current, period)
