"""Tables as the book shows them: French headers and labels, French number formats, a caption and
the source line underneath.

A :class:`Table` displays itself in a notebook (HTML for the book, plain text for nbval and the
terminal). Every text cell is HTML-escaped: labels and sources come from data files.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from .formatting import (
    format_euros,
    format_number,
    format_percent_value,
    format_points,
    format_sources,
    format_value,
)
from .schema import dictionary_rows, get_schema


@dataclass(frozen=True)
class Table:
    """A display-ready table: every cell already a French string. With no row, ``empty`` says why."""

    frame: pd.DataFrame
    caption: str
    sources: tuple[str, ...]
    empty: str = "Aucune donnée."

    @property
    def source_line(self) -> str:
        return format_sources(self.sources) if any(self.sources) else ""

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return (f'<div class="lda-table-block">\n<p class="lda-caption"><strong>'
                    f'{escape(self.caption)}</strong></p>\n<p class="lda-empty">{escape(self.empty)}'
                    "</p>\n</div>")
        body = self.frame.to_html(index=False, escape=True, border=0, classes=["lda-table"],
                                  justify="left")
        body = body.replace("<thead>", f"<caption>{escape(self.caption)}</caption>\n  <thead>", 1)
        return (f'<div class="lda-table-block">\n{body}\n'
                f'<p class="lda-source">{escape(self.source_line)}</p>\n</div>')

    def __repr__(self) -> str:
        if self.frame.empty:
            return f"{self.caption}\n{self.empty}"
        return f"{self.caption}\n{self.frame.to_string(index=False)}\n{self.source_line}"


def _labels(table: pd.DataFrame, column: str) -> dict[str, str]:
    return get_schema().labels(table.attrs["table"], column)


def _label_column(table: pd.DataFrame, column: str) -> pd.Series:
    return table[column].map(_labels(table, column))


def access_rates_table(rates: pd.DataFrame) -> Table:
    """Rates by public and territory, one column per year (as the report's §3.1 table)."""
    periods = dict(zip(rates["year"], rates["period_label"], strict=True))
    frame = rates.assign(
        Public=_label_column(rates, "public"),
        Territoire=_label_column(rates, "territory"),
        formatted=[format_value(value, unit) for value, unit in zip(rates["value"], rates["unit"], strict=True)],
    )
    wide = frame.pivot(index=["Public", "Territoire"], columns="year", values="formatted")
    wide = wide.reindex(pd.MultiIndex.from_frame(frame[["Public", "Territoire"]].drop_duplicates()))
    wide.columns = [periods[year] for year in wide.columns]
    return Table(wide.reset_index(), "Accès au logement social (taux publiés par la DDETS)",
                 tuple(rates["source"]))


def evolution_table(evolutions: pd.DataFrame, rates: pd.DataFrame) -> Table:
    """Evolutions between two years: values, change in points and relative change."""
    start, end = int(evolutions["start_year"].iloc[0]), int(evolutions["end_year"].iloc[0])
    frame = pd.DataFrame({
        "Public": evolutions["public"].map(_labels(rates, "public")),
        "Territoire": evolutions["territory"].map(_labels(rates, "territory")),
        str(start): [format_percent_value(value) for value in evolutions["start_value"]],
        str(end): [format_percent_value(value) for value in evolutions["end_value"]],
        "Évolution (points)": [format_points(value) for value in evolutions["difference"]],
        "Évolution relative": [format_percent_value(value, signed=True)
                               for value in evolutions["relative_change"]],
    })
    used = rates[rates["year"].isin([start, end])]
    return Table(frame, f"Évolution de l'accès au logement social entre {start} et {end}",
                 tuple(used["source"]))


def gap_table(gaps: pd.DataFrame, rates: pd.DataFrame) -> Table:
    """Rates of two territories side by side and the gap between them, by public and year."""
    territories = _labels(rates, "territory")
    first, second = territories[gaps["first"].iloc[0]], territories[gaps["second"].iloc[0]]
    frame = pd.DataFrame({
        "Public": gaps["public"].map(_labels(rates, "public")),
        "Année": gaps["year"].astype(str),
        first: [format_percent_value(value) for value in gaps["first_value"]],
        second: [format_percent_value(value) for value in gaps["second_value"]],
        f"Écart {first} − {second}": [format_points(value) for value in gaps["gap"]],
    })
    return Table(frame, f"Écart d'accès au logement social entre {first} et {second}",
                 tuple(rates["source"]))


# Category columns shown as their code: a period code (« 2021-2022 ») says more than its long label.
CODE_COLUMNS = ("period", "table_period")


def figures_table(table: pd.DataFrame, columns: dict[str, str], caption: str,
                  empty: str = "Aucune donnée.") -> Table:
    """A long table of figures or texts, one row each: ``columns`` maps the data's columns to headers.

    Category codes are replaced by their French labels, ``value`` is formatted with its unit and
    ``kind`` says whether the figure is observed or reported by the source. With no row, the table
    shows ``empty``.
    """
    schema_columns = get_schema().table(table.attrs["table"]).columns
    frame = pd.DataFrame(index=table.index)
    for column, header in columns.items():
        if column == "value":
            frame[header] = [format_value(value, unit)
                             for value, unit in zip(table["value"], table["unit"], strict=True)]
        elif schema_columns[column].type == "category" and column not in CODE_COLUMNS:
            labels = _labels(table, column)
            frame[header] = [labels.get(code, code) for code in table[column]]
        else:
            frame[header] = [_cell(value) for value in table[column]]
    return Table(frame.reset_index(drop=True), caption, tuple(table["source"]), empty)


def _cell(value) -> str:
    """A cell of a text or number column, as shown: whole numbers without decimals, missing empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 2)
    return str(value)


SCHEMA_SOURCE = "Schéma des données du projet (lda_analysis/schema/)"
CHECKS_SOURCE = "Contrôles de la bibliothèque lda_analysis (lda-book check) sur les données de data/"


def dictionary_table(name: str) -> Table:
    """The columns of one table of ``data/``: type, whether required or key, allowed values, meaning."""
    table = get_schema().table(name)
    rows = [row for row in dictionary_rows() if row["table"] == name]
    frame = pd.DataFrame({
        "Colonne": [row["colonne"] for row in rows],
        "Type": [row["type"] for row in rows],
        "Obligatoire": [row["obligatoire"] for row in rows],
        "Clé": [row["clé"] for row in rows],
        "Valeurs permises": [row["valeurs permises"] for row in rows],
        "Description": [row["description"] for row in rows],
    })
    return Table(frame, f"{table.title} — fichier data/{table.file}", (SCHEMA_SOURCE,))


def _figure(value, unit) -> str:
    if isinstance(value, float) and unit:
        return format_value(value, unit)
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 2)
    return str(value)


def checks_table(results, caption: str) -> Table:
    """Check results: what is verified, the printed figure, the figure of the data, the status."""
    frame = pd.DataFrame({
        "Contrôle": [result.title for result in results],
        "Objet": [result.subject for result in results],
        "Chiffre imprimé": [_figure(result.printed, result.unit) for result in results],
        "Chiffre des données": [_figure(result.computed, result.unit) for result in results],
        "Statut": [result.status for result in results],
    }, columns=["Contrôle", "Objet", "Chiffre imprimé", "Chiffre des données", "Statut"])
    return Table(frame, caption, (CHECKS_SOURCE,))


def discrepancies_table(results, caption: str) -> Table:
    """Discrepancies of the document: both figures, each with its source."""
    def source(result, rank: int) -> str:
        return result.sources[rank] if len(result.sources) > rank else ""

    frame = pd.DataFrame({
        "Écart": [f"{result.title} — {result.subject}" for result in results],
        "Premier chiffre": [_figure(result.printed, result.unit) for result in results],
        "Source du premier": [source(result, 0) for result in results],
        "Second chiffre": [_figure(result.computed, result.unit) for result in results],
        "Source du second": [source(result, 1) for result in results],
        "Précision": [result.detail for result in results],
    }, columns=["Écart", "Premier chiffre", "Source du premier", "Second chiffre", "Source du second",
                "Précision"])
    return Table(frame, caption, (CHECKS_SOURCE,))


def reported_figures_table(tables: dict[str, pd.DataFrame]) -> Table:
    """Every figure the source gives only in derived form (kind ``reported``), with its source."""
    rows = []
    for name, frame in tables.items():
        if "kind" not in frame.columns:
            continue
        for row in frame[frame["kind"] == "reported"].itertuples(index=False):
            rows.append({"Table": get_schema().table(name).title,
                         "Valeur": format_value(row.value, row.unit),
                         "Précision": getattr(row, "note", "") or "",
                         "Source": row.source})
    frame = pd.DataFrame(rows, columns=["Table", "Valeur", "Précision", "Source"])
    return Table(frame, "Chiffres rapportés par la source (non recalculables)",
                 tuple(dict.fromkeys(frame["Source"])) or (CHECKS_SOURCE,))


# Where the build puts a copy of the data files in the book's sources, for download links.
DOWNLOADS_FOLDER = "donnees"


def workbook_file(year: int) -> str:
    """The file name of the edition's data workbook (all tables, dictionary, instructions)."""
    return f"donnees_logement_d_abord_{year}.xlsx"


@dataclass(frozen=True)
class Downloads:
    """Links (Sphinx ``{download}`` roles) to files of the downloads folder: (label, file) pairs.

    Labels and file names come from the library and the schema, never from data cells.
    """

    intro: str
    links: tuple[tuple[str, str], ...]

    def _repr_markdown_(self) -> str:
        roles = [f"{{download}}`{label} </{DOWNLOADS_FOLDER}/{file}>`" for label, file in self.links]
        return f"{self.intro}{' · '.join(roles)}"

    def __repr__(self) -> str:
        return self.intro + ", ".join(file for _, file in self.links)


def downloads(*names: str) -> Downloads:
    """The download links of the tables a page shows, for the end of the page.

    >>> downloads("fsl")._repr_markdown_()
    'Télécharger les données de cette page (CSV) : {download}`fsl.csv </donnees/fsl.csv>`'
    """
    files = [get_schema().table(name).file for name in names]  # an unknown table is an error
    return Downloads("Télécharger les données de cette page (CSV) : ",
                     tuple((file, file) for file in files))


def workbook_download(year: int) -> Downloads:
    """The link to the edition's data workbook, for the front page."""
    return Downloads("", (("Télécharger toutes les données (classeur Excel)", workbook_file(year)),))


def amounts_by_year_table(amounts: pd.DataFrame, lines: pd.DataFrame, caption: str) -> Table:
    """Planned, consumed and not-consumed amounts by year (from :mod:`lda_analysis.finance`), with the
    execution rate; ``lines`` are the data rows summed, for the source line."""
    from .finance import execution_rate

    frame = pd.DataFrame({
        "Année": amounts["period"],
        "Prévu": [format_euros(value) for value in amounts["planned"]],
        "Consommé": [format_euros(value) for value in amounts["consumed"]],
        "Non consommé": [format_euros(value) if value else "" for value in amounts["not_consumed"]],
        "Taux de consommation": [format_percent_value(execution_rate(consumed, planned), 0)
                                 for consumed, planned in zip(amounts["consumed"], amounts["planned"],
                                                              strict=True)],
    }, columns=["Année", "Prévu", "Consommé", "Non consommé", "Taux de consommation"])
    return Table(frame, caption, tuple(lines["source"]),
                 empty="La synthèse financière ne prévoit pas de crédits AMI pour cette action.")


def synthesis_by_action_table(by_action: pd.DataFrame, synthesis: pd.DataFrame) -> Table:
    """The AMI credits of each action over the three years (from :func:`finance.synthesis_by_action`)."""
    actions = get_schema().vocabularies["action"]
    frame = pd.DataFrame({
        "Action": [f"{code} — {actions.get(code, code)}" for code in by_action["action"]],
        "Prévu": [format_euros(value) for value in by_action["planned"]],
        "Consommé": [format_euros(value) for value in by_action["consumed"]],
        "Taux de consommation": [format_percent_value(value, 0) for value in by_action["rate"]],
    })
    return Table(frame, "Crédits de l'AMI prévus et consommés sur les trois années, par action",
                 tuple(synthesis["source"]))
