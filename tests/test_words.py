"""What a partner reads: no identifier, code or line of the extracted text on a page (pages of the
original instead), no notebook download in the header, no placeholder published (the build warns for
each empty setting, the page says what is missing, ``--strict`` refuses to publish it)."""

from __future__ import annotations

import shutil

import pytest

from lda_analysis.book_build.builder import refuse_placeholders
from lda_analysis.cli.lda_book import main
from lda_analysis.contract.errors import BuildError
from lda_analysis.contract.paths import CONFIG_FILE
from lda_analysis.contract.schema import get_schema
from lda_analysis.publication.accessibility import accessibility_page, missing_settings, placeholders

from .incremental import FICTIVE_CONFIG, fill_fictive_settings
from .visible_text import book_text, words_partners_lack

DICTIONARY = "notebooks/dictionnaire_donnees.html"
# Texts a partner reads as they are, by page, each with its reason. Keep it short: a text is here only
# if changing it would betray what it shows.
ALLOWED = {
    # The participants' own arrows, quoted as the atelier's restitution prints them (annexes p. 399).
    "notebooks/annexe_atelier.html": {"la situation -> temps long d’accompagnement -> non coordonné"},
}


def schema_identifiers() -> set[str]:
    """The names of the tables and columns and the codes of the data: the data dictionary shows them on
    purpose, beside their meaning, for whoever reuses the open-data files (whose columns they name)."""
    schema = get_schema()
    names = set(schema.tables)
    for table in schema.tables.values():
        names |= set(table.columns)
        for column in table.columns.values():
            names |= set(column.values or {})
    return names


def test_no_page_shows_an_identifier_an_arrow_or_a_line_of_the_extracted_text(built_book):
    pages = book_text(built_book)
    allowed = {**ALLOWED, DICTIONARY: schema_identifiers()}
    found = words_partners_lack(pages, allowed)
    assert not found, (
        f"{len(found)} mots qu'un partenaire n'a pas (identifiant, « -> », ligne du texte extrait au lieu "
        "de la page du rapport) :\n" + "\n".join(found[:40])
    )
    assert len(pages) > 40 and DICTIONARY in pages  # every page of the book was read


def test_the_search_finds_what_a_partner_should_not_read():
    pages = {
        "a.html": "Subvention N1 (p. 39-40)\nFichier fsl_pour_excel.csv\nLa situation -> la suite",
        "b.html": "action 15 : page (ligne 3521)\nannexes_menages_115, groupe_1 : MTPM <= Var",
        DICTIONARY: "action (fiche) ; 11_12 = Favoriser le maintien ; colonne ligne_source",
    }
    found = words_partners_lack(
        pages, {"a.html": {"La situation -> la suite"}, DICTIONARY: {"11_12", "ligne_source"}}
    )
    assert [item.split(" dans ")[0] for item in found] == [
        "b.html : « ligne 3521 »",
        "b.html : « annexes_menages_115 »",
        "b.html : « groupe_1 »",
    ]


def test_the_header_offers_no_notebook_or_source_download(built_book):
    for page in ("notebooks/fsl.html", "book/sigles.html", "notebooks/actions/action_14.html"):
        html = (built_book / page).read_text(encoding="utf-8")
        assert "btn-download-source-button" not in html and ".ipynb" not in html, page
        assert "_sources/" not in html, page


def test_the_statement_says_what_is_not_yet_available(built_book, tmp_path):
    html = (built_book / "book" / "accessibilite.html").read_text(encoding="utf-8")
    assert "compléter" not in html
    assert "aucune adresse n’est encore publiée" in html and "pas encore publié" in html


def test_each_empty_setting_gives_a_warning_and_a_filled_one_none(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: T\naccessibilite:\n  contact: ''\n  schema_pluriannuel: ''\n", encoding="utf-8")
    warnings = missing_settings(config)
    assert len(warnings) == 2 and "accessibilite.contact" in warnings[0]
    assert "accessibilite.schema_pluriannuel" in warnings[1]
    assert "Contact : aucune adresse" in accessibility_page(config_file=config)
    config.write_text(
        "title: T\naccessibilite:\n  contact: accessibilite@exemple.fr\n  schema_pluriannuel: https://exemple.fr/s\n",
        encoding="utf-8",
    )
    assert missing_settings(config) == []
    page = accessibility_page(config_file=config)
    assert "(mailto:accessibilite@exemple.fr)" in page and "aucune adresse" not in page


def test_strict_mode_refuses_to_publish_a_placeholder_and_says_where_to_fill_it(tmp_path, capsys):
    config = tmp_path / "_config.yml"
    config.write_text("accessibilite:\n  contact: ''\n  schema_pluriannuel: '  '\n", encoding="utf-8")
    found = placeholders(config)
    assert [item.split(" : ")[1].split(" (")[0] for item in found] == [
        "à renseigner dans _config.yml, clé accessibilite → contact",
        "à renseigner dans _config.yml, clé accessibilite → schema_pluriannuel",
    ]
    with pytest.raises(BuildError) as refused:
        refuse_placeholders(found)
    message = str(refused.value)
    assert message.startswith("Publication refusée en mode strict (--strict)")
    assert all(f"  - {item}" in message for item in found)
    refuse_placeholders([])  # nothing to fill: nothing refused


def test_a_strict_build_of_the_embedded_configuration_stops_before_building(tmp_path, capsys):
    """The Métropole has not yet designated the statement's contact: a strict build (and so
    make release) refuses, before running any page, and names each setting to fill."""
    if not placeholders():
        pytest.skip("_config.yml renseigné : plus de mention provisoire à refuser")
    assert main(["build", "--strict", "--sans-pdf", "--output", str(tmp_path / "editions")]) == 1
    error = capsys.readouterr().err
    assert "Publication refusée en mode strict (--strict)" in error
    assert all(item in error for item in placeholders())
    assert not (tmp_path / "editions" / "2024" / "html").exists()


def test_the_fictive_configuration_of_the_tests_fills_every_placeholder_and_says_it_is_fictive(tmp_path):
    config = tmp_path / "_config.yml"
    shutil.copyfile(CONFIG_FILE, config)
    fill_fictive_settings(config)
    assert placeholders(config) == []
    assert FICTIVE_CONFIG.read_text(encoding="utf-8").startswith(
        "# Données fictives, pour les tests seulement"
    )
    filled = [line for line in config.read_text(encoding="utf-8").splitlines() if "exemple.invalid" in line]
    assert len(filled) == 2 and all(
        "donnees-fictives" in line and "# données fictives" in line for line in filled
    )
