"""Pages of the book: action pages, generated pages, key figures, glossary, fingerprints."""

import shutil

import pytest

from lda_analysis import actions
from lda_analysis.data import PROJECT_ROOT, load_table, load_tables
from lda_analysis.errors import BuildError, EditionError
from lda_analysis.glossary import glossary_markdown, glossary_terms
from lda_analysis.headline import key_figure_cards, key_figures
from lda_analysis.notebooks import NOTEBOOKS_DIR, inputs_fingerprint
from lda_analysis.pages import book_pages, toc_files

TABLES = load_tables()


def test_every_action_page_of_the_rapport_is_in_the_table_of_contents():
    pages = book_pages(PROJECT_ROOT / "_toc.yml", NOTEBOOKS_DIR, TABLES)
    generated = [page for page in pages if page.template == "fiche_action"]
    assert [page.parameters["action"] for page in generated] == actions.page_actions(TABLES)
    assert len(generated) == 17
    assert generated[11].title == ("1.12 Action 11/12 : Favoriser le maintien dans le logement public et "
                                   "privé (ménages en situation d’expulsion) en situation non irrémédiable.")
    assert all(page.title is None for page in pages if page.template != "fiche_action")


def test_toc_root_and_markdown_pages():
    files = toc_files(PROJECT_ROOT / "_toc.yml")
    assert files[0] == "notebooks/accueil"
    assert {"book/sigles", "book/bilan_global", "book/sources_et_methode"} <= set(files)


def test_unknown_toc_entry_is_a_clear_error(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: notebooks/accueil\nchapters:\n  - file: notebooks/absente\n",
                   encoding="utf-8")
    with pytest.raises(BuildError, match="cite « notebooks/absente », qui n'est ni un notebook"):
        book_pages(toc, NOTEBOOKS_DIR, TABLES)


def test_action_page_blocks():
    assert actions.codes("11_12") == ("11_12", "11", "12")
    six = actions.fiche(TABLES, "6")
    assert six["final_status"] == "terminee"
    assert len(actions.deliverables(TABLES, "6")) > 0
    assert set(actions.synthesis(TABLES, "7")["ligne"]) == {"a7_etude", "a7_ptfa"}
    assert set(actions.roadmap(TABLES, "11_12")["action"]) == {"11"}
    with pytest.raises(EditionError, match="Action inconnue « 99 »"):
        actions.fiche(TABLES, "99")


def test_key_figures_are_computed_from_the_data():
    cards = key_figures(TABLES, 2024)
    assert 6 <= len(cards) <= 8
    figures = [(card.page, card.figure) for card in cards]
    assert figures[:5] == [("bilan_realisation", "810\u202f000\xa0€"),
                           ("acces_logement_social", "+1,3\xa0point"), ("pression_demande", "9"),
                           ("fsl", "+30\xa0%"), ("acces_logement_social", "10 → 20")]
    assert "95,9\xa0%" in cards[0].detail and "−0,6\xa0point" in cards[1].detail
    request = next(card for card in cards if card.page == "demande_financement")
    assert request.figure == "405\u202f500\xa0€" and "807\u202f500\xa0€" in request.detail


def test_key_figure_cards_are_escaped_links():
    markdown = key_figure_cards(TABLES, 2024)._repr_markdown_()
    assert markdown.startswith("::::{grid}")
    assert ":link: demande_financement" in markdown and ":link-type: doc" in markdown
    assert "**\\+1\\,3\xa0point**" in markdown


def test_glossary_page_is_a_sphinx_glossary():
    sigles = load_table("perspectives_sigles")
    page = glossary_markdown(sigles)
    assert ":::{glossary}" in page
    assert "FSL\n  Fonds Solidarité Logement" in page
    assert glossary_terms(sigles)[-1] == "TS" and len(glossary_terms(sigles)) == len(sigles)


def test_glossary_escapes_data_text():
    sigles = load_table("perspectives_sigles").head(1).copy()
    sigles.loc[0, "text"] = "<script>x</script> {term}`y`"
    page = glossary_markdown(sigles)
    assert "<script>" not in page and "\\<script\\>" in page and "\\{term\\}" in page


def test_fingerprint_changes_with_data_and_parameters(tmp_path):
    data = tmp_path / "donnees"
    shutil.copytree(PROJECT_ROOT / "data", data)
    first = inputs_fingerprint("fsl", {"year": 2024}, data)
    assert inputs_fingerprint("fsl", {"year": 2024}, data) == first
    assert inputs_fingerprint("fsl", {"year": 2025}, data) != first
    (data / "fsl.csv").write_text((data / "fsl.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs_fingerprint("fsl", {"year": 2024}, data) != first
