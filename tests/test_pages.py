"""Pages of the book: action pages, generated pages, key figures, glossary."""

import re

import nbformat
import pytest

from lda_analysis.blocks.statements import FIGURES_MIME
from lda_analysis.blocks.toc import toc_files
from lda_analysis.book_build.notebooks import NOTEBOOKS_DIR
from lda_analysis.book_build.plan import book_pages
from lda_analysis.contract.data import load_table, load_tables
from lda_analysis.contract.errors import BuildError, EditionError
from lda_analysis.contract.paths import PROJECT_ROOT
from lda_analysis.domains.actions import computations as actions
from lda_analysis.domains.indicateurs.pages import key_figure_cards, key_figures
from lda_analysis.domains.perspectives.computations import glossary_terms
from lda_analysis.domains.perspectives.pages import glossary_markdown

TABLES = load_tables()


def test_every_action_page_of_the_rapport_is_in_the_table_of_contents():
    pages = book_pages(PROJECT_ROOT / "_toc.yml", NOTEBOOKS_DIR, TABLES)
    generated = [page for page in pages if page.template == "fiche_action"]
    assert [page.parameters["action"] for page in generated] == actions.page_actions(TABLES)
    assert len(generated) == 17
    assert generated[11].title == (
        "1.12 Action 11/12 : Favoriser le maintien dans le logement public et "
        "privé (ménages en situation d’expulsion) en situation non irrémédiable."
    )
    assert all(page.title is None for page in pages if page.template != "fiche_action")


def test_toc_root_and_markdown_pages():
    files = toc_files(PROJECT_ROOT / "_toc.yml")
    assert files[0] == "notebooks/accueil"
    assert {"book/sigles", "book/bilan_global", "book/sources_et_methode"} <= set(files)


def test_unknown_toc_entry_is_a_clear_error(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: notebooks/accueil\nchapters:\n  - file: notebooks/absente\n", encoding="utf-8"
    )
    with pytest.raises(BuildError, match="cite « notebooks/absente », qui n'est ni un notebook"):
        book_pages(toc, NOTEBOOKS_DIR, TABLES)


def test_action_page_blocks():
    assert actions.codes("11_12") == ("11_12", "11", "12")
    six = actions.fiche(TABLES, "6")
    assert six["statut_final"] == "terminee"
    assert len(actions.deliverables(TABLES, "6")) > 0
    assert set(actions.synthesis(TABLES, "7")["ligne"]) == {"a7_etude", "a7_ptfa"}
    assert set(actions.roadmap(TABLES, "11_12")["action"]) == {"11"}
    with pytest.raises(EditionError, match="Action inconnue « 99 »"):
        actions.fiche(TABLES, "99")


def test_key_figures_are_computed_from_the_data():
    cards = key_figures(TABLES, 2024)
    assert 6 <= len(cards) <= 8
    figures = [(card.page, card.figure) for card in cards]
    assert figures[:5] == [
        ("bilan_realisation", "810\u202f000\xa0€"),
        ("acces_logement_social", "+1,3\xa0point"),
        ("pression_demande", "9"),
        ("fsl", "+30\xa0%"),
        ("acces_logement_social", "10 → 20"),
    ]
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
    terms = glossary_terms(sigles)
    assert terms[-1] == "SI" and "CLLAJ" in terms and len(terms) > len(sigles) == len(set(sigles["sigle"]))


def test_glossary_escapes_data_text():
    sigles = load_table("perspectives_sigles").head(1).copy()
    sigles.loc[0, "texte"] = "<script>x</script> {term}`y`"
    page = glossary_markdown(sigles)
    assert "<script>" not in page and "\\<script\\>" in page and "\\{term\\}" in page


@pytest.mark.parametrize("notebook", sorted(path.stem for path in NOTEBOOKS_DIR.glob("*.ipynb")))
def test_every_figure_the_prose_cites_is_given_by_the_notebook(notebook):
    """A page's prose cites figures as ``{{ name }}``; a cell of the committed notebook gives each of
    them (glue_figures), as a non-empty text (nbval then checks that a new run gives the same)."""
    cells = nbformat.read(NOTEBOOKS_DIR / f"{notebook}.ipynb", as_version=4).cells
    given = {
        name: text
        for cell in cells
        for output in cell.get("outputs", [])
        for name, text in output.get("data", {}).get(FIGURES_MIME, {}).items()
    }
    cited = {
        name
        for cell in cells
        if cell.cell_type == "markdown"
        for name in re.findall(r"\{\{ *(\w+) *\}\}", cell.source)
    } - {"annee", "rapport", "periode", "convention"}  # written by the build (what the edition reports on)
    assert cited <= set(given), f"chiffres cités mais non donnés : {sorted(cited - set(given))}"
    assert all(isinstance(text, str) and text.strip() for text in given.values())
    if notebook == "orientations":  # a decimal figure is given as written (no « (0, 9) »)
        assert given["etp"] == "0,9\xa0ETP"
