"""The open data of an edition as a Frictionless Data Package, validated as data portals validate it."""

import io
import json
import re
import zipfile

import pytest
from frictionless import validate

from lda_analysis import __version__
from lda_analysis.blocks.tables import PACKAGE_FILE, package_zip
from lda_analysis.book_build import builder
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.edition import data_digest, load_edition
from lda_analysis.publication.datapackage import package_json, package_zip_bytes

from .conftest import replace_in_file


def edition_2024():
    """The 2024 edition (what its downloads hold: its tables and rows)."""
    return load_edition(2024)


@pytest.fixture(scope="module")
def staged(built_book):
    """The data files of the session's edition as the build stages them, package included."""
    return built_book.parent / "source" / "donnees"


def test_the_built_edition_s_package_is_valid_table_by_table(staged):
    report = validate(staged / PACKAGE_FILE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(edition_2024().tables) > 60
    assert len(edition_2024().tables) < len(get_schema().tables)  # not the yearly rapports' tables


def test_the_package_says_the_licence_the_version_and_the_data_it_describes(staged):
    package = json.loads((staged / PACKAGE_FILE).read_text(encoding="utf-8"))
    assert package["licenses"][0]["title"] == "Licence Ouverte / Open Licence version 2.0"
    assert package["version"] == __version__ and package["language"] == "fr"
    assert package["empreinte_donnees"] == edition_2024().fingerprint
    fsl = next(resource for resource in package["resources"] if resource["name"] == "fsl")
    fields = {field["name"]: field for field in fsl["schema"]["fields"]}
    # Allowed codes with their French labels, from the library's schema.
    assert {"value": "observe", "label": "observé"} in fields["nature_chiffre"]["categories"]
    assert fields["nature_chiffre"]["constraints"] == {
        "required": True,
        "enum": ["observe", "rapporte", "total"],
    }
    assert fields["annee"]["type"] == "integer" and fields["note"].get("constraints") is None


def test_the_zip_holds_a_valid_package_and_is_the_same_for_the_same_data(staged, tmp_path):
    with zipfile.ZipFile(staged / package_zip(2024)) as archive:
        archive.extractall(tmp_path)
        assert len(archive.namelist()) == len(edition_2024().tables) + 1
    assert validate(tmp_path / PACKAGE_FILE).valid
    edition = edition_2024()
    rebuilt = package_zip_bytes(2024, edition.fingerprint, edition.csv_files)
    assert rebuilt == (staged / package_zip(2024)).read_bytes()


def test_a_wrong_cell_makes_the_package_invalid_naming_table_row_and_column(data_copy):
    """The validation is real: a figure typed as text is found (the library's own loading refuses it
    too; here the file is changed after the package was written)."""
    (data_copy / PACKAGE_FILE).write_text(package_json(2024, data_digest(data_copy)), encoding="utf-8")
    replace_in_file(data_copy / "fsl.csv", ",160,menages,", ",cent soixante,menages,")
    report = validate(data_copy / PACKAGE_FILE)
    assert not report.valid
    errors = [
        (task.name, error.row_number, error.field_name, error.type)
        for task in report.tasks
        for error in task.errors
    ]
    assert errors == [("fsl", 4, "valeur", "type-error")]


def test_the_front_page_offers_the_package_beside_the_workbook_under_its_licence(built_book):
    front = (built_book / "notebooks" / "accueil.html").read_text(encoding="utf-8")
    assert "Données publiées sous Licence Ouverte / Open Licence version 2.0 (Etalab)" in front
    for name in ("donnees_logement_d_abord_2024.xlsx", package_zip(2024), PACKAGE_FILE):
        (link,) = [
            href for href in re.findall(r'href="\.\./(_downloads/[^"]+)"', front) if href.endswith(name)
        ]
        assert (built_book / link).is_file()


def test_every_page_says_the_code_s_version_and_the_data_s_fingerprint(built_book):
    footer = (
        f"Livre produit par la version {__version__} de lda-book, à partir des données d'empreinte "
        f"{builder.FINGERPRINT_MARK}{edition_2024().fingerprint}</span> (SHA-256)"
    )
    pages = [page for page in sorted(built_book.rglob("*.html")) if "_static" not in page.parts]
    assert len(pages) > 40
    for page in pages:
        if page != built_book / "index.html":  # a redirect to the front page
            assert footer in page.read_text(encoding="utf-8"), page
    editions = (built_book / "book" / "editions.html").read_text(encoding="utf-8")
    assert f"version {__version__} de lda-book" in editions
    assert edition_2024().fingerprint in editions
    # The « À propos de cette édition » annex says it too (its mark is filled like the footers').
    about = (built_book / "book" / "sources_et_methode.html").read_text(encoding="utf-8")
    assert f"version {__version__} de <code" in about and edition_2024().fingerprint in about


def test_a_renamed_field_gives_its_old_name_and_the_package_stays_valid(tmp_path):
    """Each field renamed to its French name keeps its old name (« anciens_noms », and a sentence of
    its description), so that a reuser of an earlier package finds the column; the package is
    still a valid Data Package."""
    edition = edition_2024()
    with zipfile.ZipFile(
        io.BytesIO(package_zip_bytes(2024, edition.fingerprint, edition.csv_files))
    ) as archive:
        archive.extractall(tmp_path)
    report = validate(tmp_path / PACKAGE_FILE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / PACKAGE_FILE).read_text(encoding="utf-8"))
    former = {
        (resource["name"], old): field["name"]
        for resource in package["resources"]
        for field in resource["schema"]["fields"]
        for old in field.get("anciens_noms", [])
    }
    renamed = get_schema().renamed
    assert former == {
        (table, old): new for table in edition.tables for old, new in renamed.get(table, {}).items()
    }
    assert former[("actions_indicateurs", "rank")] == "rang" and former[("fsl", "value")] == "valeur"
