"""The next year's template filled in full: every row it offers, once given a valid value, imports,
passes the checks and builds the edition.

The 2025 figures are a TEST FIXTURE invented by this test (a plausible value for each row's unit,
printed totals equal to the sum of their lines), written only to a temporary copy of data/.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from lda_analysis.build import FINGERPRINT_MARK
from lda_analysis.cli import main
from lda_analysis.edition import data_digest, load_edition
from lda_analysis.paths import DEFAULT_DATA_DIR
from lda_analysis.schema import get_schema
from lda_analysis.workbook import DICTIONARY_SHEET, INSTRUCTIONS_SHEET, template_workbook

YEAR = 2025
FIXTURE_SOURCE = "Jeu d'essai des tests (valeurs inventées, non publiées)"
# A plausible made-up value for each unit.
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


def _rows(sheet) -> tuple[list[str], list[dict]]:
    header = [cell.value for cell in sheet[1]]
    return header, [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2)]


def fill_every_row(path: Path) -> dict[str, int]:
    """Give every row of the template a value (and a source); a printed total (kind « total ») is
    the sum of the rows that share its key but for one column. Returns the rows filled per sheet."""
    book = openpyxl.load_workbook(path)
    filled = {}
    for sheet in book.worksheets:
        if sheet.title in (INSTRUCTIONS_SHEET, DICTIONARY_SHEET):
            continue
        header, rows = _rows(sheet)
        if not rows:
            continue
        key = get_schema().table(sheet.title).key
        details = [row for row in rows if row["kind"].value != "total"]
        for row in details:
            row["value"].value = VALUE_BY_UNIT[row["unit"].value]
        for row in rows:
            if row["kind"].value == "total":
                row["value"].value = sum(
                    detail["value"].value
                    for detail in details
                    if sum(detail[column].value != row[column].value for column in key) == 1
                    and detail["unit"].value == row["unit"].value
                )
            row["source"].value = FIXTURE_SOURCE
        filled[sheet.title] = len(rows)
    book.save(path)
    return filled


def _text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    main_part = html[html.find("<main") : html.find("</main>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main_part)))


@pytest.fixture(scope="module")
def complete_2025(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edition_complete")
    data = folder / "donnees"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    workbook = template_workbook(folder / "modele_2025.xlsx", YEAR, data)
    filled = fill_every_row(workbook)
    codes = {
        "import": main(["data", "import", str(workbook), "--data-dir", str(data)]),
        "check": main(["check", "--data-dir", str(data)]),
        "build": main(
            ["build", "--year", str(YEAR), "--data-dir", str(data), "--output", str(folder / "livres")]
        ),
    }
    return data, folder / "livres" / str(YEAR) / "html", filled, codes


def test_every_template_row_imports_checks_and_builds(complete_2025):
    _, html, filled, codes = complete_2025
    # The template offers rows in the annual tables, the financial synthesis of 2024-2025 included.
    assert {"finances_synthese", "annexes_menages_115", "fsl", "acces_logement_social"} <= set(filled)
    assert sum(filled.values()) >= 50
    assert codes == {"import": 0, "check": 0, "build": 0}
    assert (html / "index.html").is_file()


def test_the_new_edition_is_the_default_and_shows_the_new_year(complete_2025):
    data, html, _, _ = complete_2025
    assert load_edition(None, data).year == YEAR
    synthesis = _text(html / "notebooks" / "bilan_realisation.html")
    assert "Sur les quatre années" in synthesis and "2024-2025" in synthesis
    assert "Les appels au 115 en 2025" in _text(html / "notebooks" / "annexe_odh.html")


def test_the_previous_edition_ignores_the_new_year(complete_2025):
    data, _, _, _ = complete_2025
    edition = load_edition(YEAR - 1, data)
    assert set(edition.table("fsl")["year"]) <= set(range(2000, YEAR))
    assert "2024-2025" not in set(edition.table("finances_synthese")["period"])


def test_correcting_one_figure_reruns_only_the_pages_that_read_it(complete_2025, capsys):
    """The analyst's loop: build, correct a figure, build again. The second build runs only the
    pages that read the corrected table, says why, and shows the new figure."""
    data, html, _, _ = complete_2025
    command = ["build", "--year", str(YEAR), "--data-dir", str(data), "--output", str(html.parent.parent)]
    capsys.readouterr()
    assert main(command) == 0
    assert "Rien n'a changé depuis la dernière construction de l'édition 2025" in capsys.readouterr().err
    path = data / "fsl.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (line,) = [
        number for number, text in enumerate(lines) if text.startswith("evolution_demandes,trois_axes,2025,")
    ]
    assert ",12," in lines[line]  # the made-up value of the fixture, corrected to 37 %
    lines[line] = lines[line].replace(",12,", ",37,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    assert main(command) == 0
    messages = capsys.readouterr().err
    assert sorted(re.findall(r"notebooks/(\S+)\.ipynb exécuté", messages)) == [
        "accueil",
        "ce_que_nous_retenons",
        "fsl",
    ]
    assert "3 pages relancées : fsl.csv a changé." in messages
    assert "37 %" in _text(html / "notebooks" / "fsl.html")
    # Every page's footer says the new data's fingerprint, the pages Sphinx did not write again too.
    for page in ("notebooks/fsl.html", "book/sigles.html", "notebooks/actions/action_7.html"):
        assert f"{FINGERPRINT_MARK}{data_digest(data)}</span>" in (html / page).read_text(encoding="utf-8")
