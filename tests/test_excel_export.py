"""The downloads for people: each table as a file a French Excel opens by double-click, next to its
open-data CSV; the French labels of the schema they use."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from lda_analysis.blocks.excel_export import excel_csv, excel_file, read_excel_csv
from lda_analysis.blocks.tables import downloads
from lda_analysis.book_build.builder import stage_downloads
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.edition import load_edition
from lda_analysis.publication.datapackage import data_package

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# Characters Excel refuses in a sheet name.
FORBIDDEN_IN_SHEETS = re.compile(r"[:\\/?*\[\]]")


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    """The downloads folder of the edition 2024, as the build stages it."""
    folder = tmp_path_factory.mktemp("donnees")
    stage_downloads(load_edition(2024), folder)
    return folder


def _excel_number(text: str) -> float:
    """A cell read as Excel in French reads a number: decimal comma, no thousands separator."""
    assert re.fullmatch(r"-?\d+(,\d+)?", text), text
    return float(text.replace(",", "."))


def test_the_fsl_file_for_excel_reads_as_a_french_excel_reads_it(staged):
    """Separator « ; », UTF-8 with BOM, decimal comma: the FSL 2022 amount is 244 878,18 €."""
    content = (staged / "fsl_pour_excel.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # without it, Excel shows « rÃ¨glement »
    text = content.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert header[:6] == ["Mesure", "Axe", "Année", "Période imprimée", "Valeur", "Valeur affichée"]
    cells = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    (amount,) = [
        row for row in cells if row["Mesure"] == "Montant des aides accordées" and row["Année"] == "2022"
    ]
    assert _excel_number(amount["Valeur"]) == 244878.18
    assert amount["Valeur"] == "244878,18"
    assert amount["Valeur affichée"].replace("\u202f", " ").replace("\xa0", " ") == "244 878,18 €"
    assert amount["Axe"] == "Maintien dans le logement"  # the code maintien, as its label
    assert amount["Nature du chiffre"] == "observé" and amount["Unité"] == "montant en euros"
    households = [row for row in cells if row["Année"] == "2022" and row["Valeur affichée"] == "160"]
    assert households and _excel_number(households[0]["Valeur"]) == 160


def test_the_helper_reads_like_excel_too(staged):
    frame = read_excel_csv((staged / "fsl_pour_excel.csv").read_bytes())
    row = frame[(frame["Année"] == "2022") & (frame["Unité"] == "montant en euros")].iloc[0]
    assert float(row["Valeur"].replace(",", ".")) == 244878.18


def test_every_table_has_its_file_for_excel_with_the_same_rows(staged):
    schema = get_schema()
    edition = load_edition(2024)
    assert len(edition.csv_files) == 70
    for file, open_data in edition.csv_files.items():
        table = next(table for table in schema.tables.values() if table.file == file)
        for_excel = (staged / excel_file(file)).read_bytes()
        assert for_excel.startswith(b"\xef\xbb\xbf"), file
        assert (staged / file).read_text(encoding="utf-8") == open_data  # the open data, unchanged
        open_rows = list(csv.reader(io.StringIO(open_data)))
        excel_rows = list(csv.reader(io.StringIO(for_excel.decode("utf-8-sig")), delimiter=";"))
        assert len(excel_rows) == len(open_rows), file
        assert [label for label in excel_rows[0] if label != "Valeur affichée"] == [
            column.label for column in table.columns.values()
        ], file
        # No identifier of a column nor a code where a label exists.
        assert not set(excel_rows[0]) & set(table.columns), file


def test_numbers_have_a_decimal_comma_and_codes_their_labels(staged):
    rows = list(
        csv.reader(
            io.StringIO((staged / "acces_logement_social_pour_excel.csv").read_text(encoding="utf-8-sig")),
            delimiter=";",
        )
    )
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert (first["Territoire"], first["Année"], first["Valeur"]) == ("MTPM", "2017", "3,1")
    assert first["Valeur affichée"] == "3,1\xa0%"
    assert (
        first["Public"] == get_schema().labels("acces_logement_social", "public")["hebergement_generaliste"]
    )
    assert all("." not in row[header.index("Valeur")] for row in rows[1:])


def test_a_text_excel_would_run_as_a_formula_starts_with_an_apostrophe():
    table = get_schema().table("fsl")
    columns = list(table.columns)
    row = ["demandes", "trois_axes", "2025", "=1+1", "1300", "demandes", "observe", "@SOMME", "", "-5"]
    assert len(row) == len(columns)
    text = excel_csv(table, [tuple(row)])
    cells = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))[1]
    assert cells[3] == "'=1+1" and cells[8] == "'@SOMME" and cells[-1] == "'-5"
    assert cells[4] == "1300"  # a number stays a number, even negative ones elsewhere


def test_the_downloads_are_the_same_bytes_when_written_again(staged, tmp_path):
    stage_downloads(load_edition(2024), tmp_path)
    for path in sorted(staged.glob("*_pour_excel.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_each_page_offers_each_table_for_excel_and_as_open_data():
    markdown = downloads("fsl", "pression_demande")._repr_markdown_()
    for file in ("fsl_pour_excel.csv", "fsl.csv", "pression_demande_pour_excel.csv", "pression_demande.csv"):
        assert f"</donnees/{file}>`" in markdown
    assert markdown.count("`pour Excel <") == 2 and markdown.count("`données ouvertes (CSV) <") == 2
    # One paragraph (the PDF drops it whole), a line per table.
    assert "\n\n" not in markdown and markdown.count("\\\n") == 2
    assert "\\\nPression de la demande de logement social : {download}" in markdown


@pytest.mark.parametrize("notebook", ["fsl", "pression_demande"])
def test_the_fsl_and_demand_pressure_pages_have_their_download_line(notebook):
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    assert "".join(cells[-1]["source"]) == f'downloads("{notebook}")'
    shown = "".join(cells[-1]["outputs"][0]["data"]["text/markdown"])
    assert f"{{download}}`pour Excel </donnees/{notebook}_pour_excel.csv>`" in shown


def test_the_quality_page_has_its_download_line():
    from lda_analysis.domains.quality import quality_page

    page = quality_page(load_edition(2024))
    assert "{download}`pour Excel </donnees/fsl_pour_excel.csv>`" in page
    assert "{download}`données ouvertes (CSV) </donnees/actions_indicateurs.csv>`" in page


def test_every_column_has_a_french_label_and_every_table_a_sheet_name():
    """The labels of libelles.yaml cover the schema: a column added or renamed without its label
    fails here."""
    sheets = []
    for table in get_schema().tables.values():
        assert table.sheet, f"table {table.name} sans nom de feuille"
        assert len(table.sheet) <= 31 and not FORBIDDEN_IN_SHEETS.search(table.sheet), table.sheet
        assert table.sheet[0] != "'" and table.sheet[-1] != "'", table.sheet
        sheets.append(table.sheet.casefold())  # Excel compares sheet names without case
        labels = [column.label for column in table.columns.values()]
        assert all(labels), f"colonne sans libellé dans {table.name}"
        assert len(set(labels)) == len(labels), f"libellé en double dans {table.name}: {labels}"
    assert len(set(sheets)) == len(sheets)


def test_the_data_package_gives_each_field_its_french_title():
    package = data_package(2024, "0" * 64)
    fsl = next(resource for resource in package["resources"] if resource["name"] == "fsl")
    fields = {field["name"]: field for field in fsl["schema"]["fields"]}
    assert fields["valeur"]["title"] == "Valeur" and fields["mesure"]["title"] == "Mesure"
