"""A complete demonstration of the yearly rapports of the convention 2024-2027, in FICTIONAL DATA
(« données fictives »): the rapports 2024-2025 and 2026 made as the Métropole's analyst makes them.

For each year: the workbook template of the edition (``lda-book donnees modele``), every row it
offers filled in, a few rows added where the template cannot know them (deliverables, proofs of the
engagements, the avenant of 2026), then the import (``lda-book donnees importer``) into a copy of
``data/``. Every figure and text is invented here, deterministic, and marked: its source is
:data:`FICTIONAL`, every paragraph of text says « (données fictives) ». Nothing of it is in
``data/``: it lives only in the temporary folder a test gives.

Used by ``tests/test_plan2_demonstration.py``; to look at the books::

    .venv/bin/python -m tests.demonstration DOSSIER    # then lda-book construire --donnees DOSSIER/donnees
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl

from lda_analysis.contract.paths import DEFAULT_DATA_DIR
from lda_analysis.contract.schema import get_schema
from lda_analysis.publication.workbook import (
    DICTIONARY_SHEET,
    INSTRUCTIONS_SHEET,
    column_names,
    sheet_table,
    template_workbook,
)
from lda_analysis.publication.workbook_import import import_workbook

FICTIONAL = "Données fictives de démonstration (tests/demonstration.py), non publiées"
MARK = "(données fictives)"
YEARS = (2025, 2026)
PERIOD = {2025: "2024-2025", 2026: "2026"}
# A plausible made-up value for each unit, before the row's variation.
VALUE_BY_UNIT = {
    "pourcentage": 40.0,
    "evolution_pourcentage": 12.0,
    "euros": 20000,
    "menages": 25,
    "personnes": 25,
    "demandes": 300,
    "attributions": 50,
    "demandes_par_attribution": 6.0,
    "nombre": 12,
}
# The statuses of the roadmap's fiches actions, by year: a fiche the 2021-2024 rapport calls
# finished stays so; the others start, then some finish.
STATUS_2025 = ("en_cours", "en_cours", "en_preparation")
STATUS_2026 = {"en_cours": "terminee", "en_preparation": "en_cours"}


def _rows(sheet) -> tuple[list[str], list[dict]]:
    """The columns' names of a sheet (its headers are their French labels) and its rows by name."""
    header = column_names([cell.value for cell in sheet[1]], sheet_table(sheet.title))
    return header, [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2)]


def _figure(row: dict, year: int) -> float:
    """A made-up value for a figure row: its unit's, 10 % more in 2026 (the same for every row of a
    unit: a part never exceeds its whole)."""
    base = VALUE_BY_UNIT.get(row["unite"].value, 10)
    value = base * (1.1 if year == 2026 else 1)
    return round(value, 1) if isinstance(base, float) else int(value)


def _fill_sheet(name: str, rows: list[dict], year: int, previous: dict) -> None:
    """Fill every row a template's sheet offers (see the module docstring)."""
    table = get_schema().table(name)
    filled = table.filled_by
    if name == "fiches_suivi":
        for rank, row in enumerate(rows):
            action = str(row["action"].value)
            before = previous.get(action)
            if year == 2025:
                status = "terminee" if before == "terminee" else STATUS_2025[rank % len(STATUS_2025)]
            else:
                status = STATUS_2026.get(before, before or "en_cours")
            row["statut"].value = status
            previous[action] = status
    elif name == "fiches_indicateurs_suivi":
        for rank, row in enumerate(rows):
            row["realise"].value = 5 + rank % 7 + (3 if year == 2026 else 0)
    elif name == "fiches_realisations":
        for row in rows:
            row["etat"].value = "realise"
    elif name == "finances_plan2_credits":
        for rank, row in enumerate(rows):
            share = {"verse": 1.0, "engage": 0.9, "consomme": 0.8}.get(row["poste"].value, 1.0)
            row["valeur"].value = int((10000 + 1000 * (rank % 4)) * share)
    elif name == "redaction_textes":
        for row in rows:
            where = f"fiche action {row['action'].value}" if row["action"].value else row["page"].value
            rubrique = row["rubrique"].value
            row[
                "texte"
            ].value = f"Texte de démonstration pour {PERIOD[year]}, {where}, rubrique {rubrique} {MARK}."
    elif name == "engagements_preuves":
        for rank, row in enumerate(rows):
            row["texte"].value = f"Preuve de démonstration pour {PERIOD[year]} {MARK}"
            row["date"].value = f"{year}-06-{10 + rank:02d}"
    elif filled == "texte":
        for row in rows:
            row["texte"].value = f"Texte de démonstration pour {PERIOD[year]} {MARK}."
    elif filled == "valeur":
        details = [row for row in rows if row["nature_chiffre"].value != "total"]
        for row in details:
            row["valeur"].value = _figure(row, year)
        key = table.key
        for row in rows:
            if row["nature_chiffre"].value == "total":
                row["valeur"].value = sum(
                    detail["valeur"].value
                    for detail in details
                    if sum(detail[column].value != row[column].value for column in key) == 1
                    and detail["unite"].value == row["unite"].value
                )
    for row in rows:
        row["source"].value = FICTIONAL


def _append(sheet, rows: list[dict]) -> int:
    """Add the rows the template does not offer (columns by name); how many."""
    header, offered = _rows(sheet)
    key = sheet_table(sheet.title).key
    present = {tuple(str(row[column].value) for column in key) for row in offered}
    added = [row for row in rows if tuple(str(row.get(column, "")) for column in key) not in present]
    for row in added:
        sheet.append([row.get(column) for column in header])
    return len(added)


def _added_rows(year: int) -> dict[str, list[dict]]:
    """The rows the analyst adds to the template of ``year``: deliverables, proofs, the avenant."""
    period = PERIOD[year]
    rows: dict[str, list[dict]] = {
        "fiches_realisations": [
            {
                "action": action,
                "periode": period,
                "nature": nature,
                "rang": 1,
                "texte": f"{label} de démonstration de la fiche {action} {MARK}",
                "etat": "realise" if year == 2026 or action == "20" else "prevu",
                "source": FICTIONAL,
            }
            for action, nature, label in (("20", "livrable", "Livrable"), ("22", "jalon", "Jalon"))
        ],
        "engagements_preuves": [
            {
                "periode": period,
                "engagement": engagement,
                "rang": 1,
                "texte": f"{text} {MARK}",
                "date": f"{year}-06-{10 + rank:02d}",
                "source": FICTIONAL,
            }
            for rank, (engagement, text) in enumerate(
                (
                    ("instance_suivi", "Comité de suivi de la convention"),
                    ("communication", "Plan de communication adopté"),
                    ("observation_sociale", "Tableau de bord SI-SIAO"),
                )
            )
        ],
    }
    if year == 2026:
        rows["finances_plan2_credits"] = [
            {
                "periode": period,
                "action": "",
                "poste": "prevu_avenant",
                "valeur": 380000,
                "unite": "euros",
                "nature_chiffre": "observe",
                "source": FICTIONAL,
            }
        ]
    return rows


def fill_template(path: Path, year: int, previous: dict) -> dict[str, int]:
    """Fill the template of ``year`` in place (every row offered, rows added); the rows per sheet."""
    book = openpyxl.load_workbook(path)
    filled = {}
    added = _added_rows(year)
    for sheet in book.worksheets:
        if sheet.title in (INSTRUCTIONS_SHEET, DICTIONARY_SHEET):
            continue
        name = sheet_table(sheet.title).name
        _, rows = _rows(sheet)
        if rows:
            _fill_sheet(name, rows, year, previous)
        filled[name] = len(rows) + _append(sheet, added.get(name, []))
    book.save(path)
    return {name: count for name, count in filled.items() if count}


def _starting_statuses(data: Path) -> dict[str, str]:
    from lda_analysis.contract.data import load_tables
    from lda_analysis.domains.fiches_actions.suivi import starting_statuses

    starts = starting_statuses(load_tables(data))
    return {str(row.action): str(row.statut) for row in starts.itertuples()}


# The correction the demonstration makes in 2026 to a figure published in 2024-2025: the credits
# of the fiche action 3 consumed in 2024-2025 (credits sheet: period, action, poste).
CORRECTED = ("2024-2025", "3", "consomme")
CORRECTED_VALUE = 9500


def correct_published_figure(folder: Path, data: Path) -> None:
    """In 2026, correct a figure the 2024-2025 rapport published, as the analyst does: export the
    data, change the cell, import with ``--replace`` for the edition 2026 (the revision is kept)."""
    from lda_analysis.publication.workbook import export_workbook

    path = export_workbook(folder / "correction_2026.xlsx", data)
    book = openpyxl.load_workbook(path)
    header, rows = _rows(book[get_schema().table("finances_plan2_credits").sheet_name])
    (row,) = [
        row
        for row in rows
        if (row["periode"].value, str(row["action"].value), row["poste"].value) == CORRECTED
    ]
    row["valeur"].value = CORRECTED_VALUE
    row["source"].value = f"{FICTIONAL} (corrigé en 2026)"
    book.save(path)
    import_workbook(path, data, replace=True, year=2026)


def make_demonstration(folder: Path) -> Path:
    """The data folder of the demonstration (a copy of ``data/`` in ``folder`` with the fictional
    2024-2025 and 2026, and a correction made in 2026 to a 2024-2025 figure), made year by year as
    the analyst does; its path."""
    data = folder / "donnees"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    previous = _starting_statuses(data)
    for year in YEARS:
        workbook = template_workbook(folder / f"modele_{year}.xlsx", year, data)
        fill_template(workbook, year, previous)
        import_workbook(workbook, data)
    correct_published_figure(folder, data)
    return data


if __name__ == "__main__":
    print(make_demonstration(Path(sys.argv[1])))
