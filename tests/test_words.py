"""What a partner reads in the header and the accessibility statement: no notebook download, no
placeholder published (the build warns for each empty setting, the page says what is missing)."""

from __future__ import annotations

from lda_analysis.accessibility import accessibility_page, missing_settings


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
