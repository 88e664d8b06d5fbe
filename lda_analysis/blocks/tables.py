"""Tables as the book shows them: French headers and labels, French number formats, a caption and
the source line underneath; and the links to download the data a page uses.

A :class:`Table` displays itself in a notebook (HTML for the book, plain text for nbval and the
terminal). Every text cell is HTML-escaped: labels and sources come from data files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from html import escape

import pandas as pd

from lda_analysis.contract.schema import get_schema

from .excel_export import excel_file
from .formatting import format_number, format_sources, format_value


@dataclass(frozen=True)
class Table:
    """A display-ready table: every cell already a French string. With no row, ``empty`` says why.

    In a notebook it displays as HTML (caption, header cells, the source underneath), written here
    cell by cell so that the output does not depend on the version of pandas; its plain-text form
    only names it, so that nbval compares each table once, in its HTML.

    Every table has a caption and header cells (``<th scope="col">``, and ``<th scope="row">`` for a
    first column that names its row), so that assistive technologies announce each cell with its
    column and row. On a narrow screen, the table scrolls sideways inside its frame, the caption and
    the source stay in place and the first column stays in view (book/_static/lda.css).

    >>> table = Table(pd.DataFrame({"Année": ["2022"], "Montant": ["<b>5\xa0€</b>"]}), "Aides", ("FSL",))
    >>> print(table._repr_html_())  # doctest: +NORMALIZE_WHITESPACE
    <div class="lda-table-block"><p class="lda-caption" id="lda-tableau-7095afa91e13">Aides</p><div
    class="lda-table-scroll" role="region" tabindex="0" aria-labelledby="lda-tableau-7095afa91e13"><table
    class="dataframe lda-table" aria-labelledby="lda-tableau-7095afa91e13"><thead><tr><th
    scope="col">Année</th><th scope="col">Montant</th></tr></thead><tbody><tr><th
    scope="row">2022</th><td>&lt;b&gt;5\xa0€&lt;/b&gt;</td></tr></tbody></table></div><p
    class="lda-source">Source : FSL</p></div>
    >>> table
    Tableau « Aides » : 1 ligne, 2 colonnes (Année, Montant)
    """

    frame: pd.DataFrame
    caption: str
    sources: tuple[str, ...]
    empty: str = "Aucune donnée."

    @property
    def source_line(self) -> str:
        return format_sources(self.sources) if any(self.sources) else ""

    def _repr_html_(self) -> str:
        return self.html()

    def html(self, with_source: bool = True) -> str:
        """The table in HTML, with its source line underneath unless ``with_source`` is false (a
        chart's data, whose source the chart gives).

        The caption and the source stay outside the frame that scrolls a wide table sideways on a
        phone (``lda-table-scroll``, a focusable region named by the caption, as is the table); the
        first column heads its row (``<th scope="row">``) when every row has a label there.
        """
        if self.frame.empty:
            return (
                f'<div class="lda-table-block"><p class="lda-caption"><strong>{escape(self.caption)}'
                f'</strong></p><p class="lda-empty">{escape(self.empty)}</p></div>'
            )
        header = "".join(f'<th scope="col">{escape(str(name))}</th>' for name in self.frame.columns)
        row_headers = self.has_row_headers
        rows = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{escape(str(cell))}</th>'
                if row_headers and position == 0
                else f"<td>{escape(str(cell))}</td>"
                for position, cell in enumerate(row)
            )
            + "</tr>"
            for row in self.frame.itertuples(index=False)
        )
        source = f'<p class="lda-source">{escape(self.source_line)}</p>' if with_source else ""
        identifier = self.caption_id(with_source)
        return (
            f'<div class="lda-table-block"><p class="lda-caption" id="{identifier}">{escape(self.caption)}</p>'
            f'<div class="lda-table-scroll" role="region" tabindex="0" aria-labelledby="{identifier}">'
            f'<table class="dataframe lda-table" aria-labelledby="{identifier}"><thead><tr>{header}'
            f"</tr></thead><tbody>{rows}</tbody></table></div>{source}</div>"
        )

    @property
    def has_row_headers(self) -> bool:
        """Whether the first column names each row: a table of two columns or more whose first
        column has a label on every row (a grouped table, :func:`grouped`, leaves repeats blank)."""
        if len(self.frame.columns) < 2:
            return False
        return all(str(cell).strip() for cell in self.frame.iloc[:, 0])

    def caption_id(self, with_source: bool = True) -> str:
        """The HTML id of the caption: a digest of what the table shows, the same from one run to the
        next, and different for two different tables of a page."""
        digest = hashlib.sha256(
            json.dumps(
                [
                    self.caption,
                    list(map(str, self.frame.columns)),
                    self.frame.astype(str).values.tolist(),
                    with_source,
                ],
                ensure_ascii=False,
            ).encode("utf-8")
        )
        return f"lda-tableau-{digest.hexdigest()[:12]}"

    def __repr__(self) -> str:
        if self.frame.empty:
            return f"Tableau « {self.caption} » : {self.empty}"
        count = len(self.frame)
        return (
            f"Tableau « {self.caption} » : {count} ligne{'s' if count > 1 else ''}, "
            f"{len(self.frame.columns)} colonnes ({', '.join(map(str, self.frame.columns))})"
        )


# Category columns shown as their code: a period code (« 2021-2022 ») says more than its long label.
CODE_COLUMNS = ("periode", "tableau")


def figures_table(
    table: pd.DataFrame, columns: dict[str, str], caption: str, empty: str = "Aucune donnée."
) -> Table:
    """A long table of figures or texts, one row each: ``columns`` maps the data's columns to headers.

    Category codes are replaced by their French labels, ``valeur`` is formatted with its unit and
    ``nature_chiffre`` says whether the figure is observed or reported by the source. With no row, the table
    shows ``empty``.
    """
    schema_columns = get_schema().table(table.attrs["table"]).columns
    frame = pd.DataFrame(index=table.index)
    for column, header in columns.items():
        if column == "valeur":
            frame[header] = [
                format_value(value, unit) for value, unit in zip(table["valeur"], table["unite"], strict=True)
            ]
        elif schema_columns[column].type == "category" and column not in CODE_COLUMNS:
            labels = get_schema().labels(table.attrs["table"], column)
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


def blank_repeats(values) -> list[str]:
    """A column of labels where a label repeated on consecutive rows is shown only on the first.

    >>> blank_repeats(["Pilote", "Partenaire", "Partenaire", "Public"])
    ['Pilote', 'Partenaire', '', 'Public']
    """
    shown, previous = [], None
    for value in values:
        shown.append("" if value == previous else value)
        previous = value
    return shown


def grouped(table: Table, columns: tuple[str, ...]) -> Table:
    """The same table where the given columns (headers) show a repeated label only once, so that a
    long list reads as groups. The first column given leads: a later column's label is shown again
    whenever the group of the first one changes."""
    frame = table.frame.copy()
    if frame.empty:
        return table
    lead = frame[columns[0]].tolist()
    frame[columns[0]] = blank_repeats(lead)
    for column in columns[1:]:
        keys = list(zip(lead, frame[column].tolist(), strict=True))
        frame[column] = [
            label if shown else "" for label, shown in zip(frame[column], blank_repeats(keys), strict=True)
        ]
    return Table(frame, table.caption, table.sources, table.empty)


def without_empty_columns(table: Table, columns: tuple[str, ...]) -> Table:
    """The same table without those of ``columns`` that are empty on every row."""
    empty = [column for column in columns if column in table.frame and not any(table.frame[column])]
    if not empty or table.frame.empty:
        return table
    return Table(table.frame.drop(columns=empty), table.caption, table.sources, table.empty)


# Where the build puts a copy of the data files in the book's sources, for download links.
DOWNLOADS_FOLDER = "donnees"


def workbook_file(year: int) -> str:
    """The file name of the edition's data workbook (all tables, dictionary, instructions)."""
    return f"donnees_logement_d_abord_{year}.xlsx"


# The edition's open data package (written by :mod:`lda_analysis.publication.datapackage`): its description,
# the zip of its CSV files, and the licence they are published under.
PACKAGE_FILE = "datapackage.json"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def package_zip(year: int) -> str:
    """The file name of the zip that holds the package and its CSV files."""
    return f"donnees_ouvertes_logement_d_abord_{year}.zip"


@dataclass(frozen=True)
class Downloads:
    """Links (Sphinx ``{download}`` roles) to files of the downloads folder: (label, file) pairs;
    with ``groups`` (one title per group of links), one line per group, each holding as many links as
    there are links per group.

    Labels, titles and file names come from the library and the schema, never from data cells.
    """

    intro: str
    links: tuple[tuple[str, str], ...]
    groups: tuple[str, ...] = ()

    def _role(self, label: str, file: str) -> str:
        return f"{{download}}`{label} </{DOWNLOADS_FOLDER}/{file}>`"

    def _repr_markdown_(self) -> str:
        roles = [self._role(label, file) for label, file in self.links]
        if not self.groups:
            return f"{self.intro}{' · '.join(roles)}"
        # One paragraph, a line per group (hard line breaks): the PDF drops a paragraph of downloads
        # whole (:func:`lda_analysis.publication.pdf_assembly._drop_downloads`), its introduction included.
        size = len(roles) // len(self.groups)
        items = [
            f"{title} : {' · '.join(roles[index * size : (index + 1) * size])}"
            for index, title in enumerate(self.groups)
        ]
        return self.intro.rstrip() + "\\\n" + "\\\n".join(items)

    def __repr__(self) -> str:
        return self.intro + ", ".join(file for _, file in self.links)


def downloads(*names: str) -> Downloads:
    """The download links of the tables a page shows, for the end of the page: each table for Excel
    (:mod:`lda_analysis.blocks.excel_export`) and as open data (the CSV of the data package).

    >>> print(downloads("fsl")._repr_markdown_())
    Télécharger les données de cette page (« pour Excel » s'ouvre d'un double clic, en-têtes et codes en français ; « données ouvertes » est le CSV pour les logiciels) :\\
    Fonds de solidarité pour le logement (FSL) métropolitain : {download}`pour Excel </donnees/fsl_pour_excel.csv>` · {download}`données ouvertes (CSV) </donnees/fsl.csv>`
    """
    tables = [get_schema().table(name) for name in names]  # an unknown table is an error
    return Downloads(
        "Télécharger les données de cette page (« pour Excel » s'ouvre d'un double clic, en-têtes et "
        "codes en français ; « données ouvertes » est le CSV pour les logiciels) : ",
        tuple(
            link
            for table in tables
            for link in (("pour Excel", excel_file(table.file)), ("données ouvertes (CSV)", table.file))
        ),
        tuple(table.title for table in tables),
    )


def workbook_download(year: int) -> Downloads:
    """The links to the edition's data, for the front page: the workbook, and the open data package
    (:mod:`lda_analysis.publication.datapackage`) as a zip with the CSV files and alone; under the licence they
    are published with."""
    return Downloads(
        f"Données publiées sous {LICENCE['title']} (Etalab) : ",
        (
            ("Télécharger toutes les données (classeur Excel)", workbook_file(year)),
            ("paquet de données ouvertes (fichiers CSV et leur description, zip)", package_zip(year)),
            ("description des données (datapackage.json)", PACKAGE_FILE),
        ),
    )
