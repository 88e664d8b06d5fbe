"""The book's search finds figures: the words of the notebooks' tables are indexed cell by cell, every
word is also indexed without its accents, and the search page (Sphinx's searchtools.js with the book's
book/_static/recherche.js) finds action 14 by what it counts and shows the table row that matched.

Unit tests of the index feed a page to Sphinx's own :class:`sphinx.search.IndexBuilder` (as patched by
the book's extension, :mod:`lda_analysis.book_build.sphinx_book`); the others read the book built for the session
(its ``searchindex.js``) and use it in Chromium (skipped, with the reason, where Chromium is absent).
"""

from __future__ import annotations

import json
import re
import types
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document
from sphinx.search import IndexBuilder
from sphinx.search.fr import SearchFrench

from lda_analysis.book_build import sphinx_book

from .axe_audit import served
from .incremental import build, copy_project

# Action 14's table of indicators as the notebook writes it (one line, no space between the cells).
ACTION_14_TABLE = (
    '<table class="dataframe lda-table"><caption>Indicateurs de l\'action</caption><thead><tr>'
    '<th scope="col">Indicateur</th><th scope="col">Période</th><th scope="col">Valeur</th>'
    '<th scope="col">Nature</th></tr></thead><tbody><tr><td>Ménages accompagnés</td><td>2022</td>'
    "<td>37</td><td>Chiffre constaté</td></tr></tbody></table><style>td { color: red }</style>"
)


def _index_builder() -> IndexBuilder:
    """Sphinx's index builder for a French book, with an environment that holds only what it reads."""
    sphinx_book.complete_search_index()
    sphinx_book.index_words_apart_and_unaccented()
    environment = types.SimpleNamespace(
        version={},
        _search_index_titles={},
        _search_index_filenames={},
        _search_index_mapping={},
        _search_index_title_mapping={},
        _search_index_all_titles={},
        _search_index_index_entries={},
        _search_index_objtypes={},
        _search_index_objnames={},
    )
    return IndexBuilder(environment, "fr", {}, "")


def _page(title: str, sentence: str, html: str) -> nodes.document:
    document = new_document("action_14")
    section = nodes.section(ids=["action-14"])
    section += nodes.title(title, title)
    section += nodes.paragraph(sentence, sentence)
    section += nodes.raw(html, html, format="html")
    document += section
    return document


def _pages_of(mapping: dict[str, set[str]], word: str) -> set[str]:
    return mapping.get(word, set())


@pytest.fixture
def fed() -> IndexBuilder:
    builder = _index_builder()
    page = _page("Action 14 : Intermédiation locative", "Le dispositif de l'État.", ACTION_14_TABLE)
    builder.feed("actions/action_14", "actions/action_14.ipynb", "Action 14", page)
    return builder


def test_table_cells_are_indexed_as_separate_words(fed):
    words = fed._mapping
    # Each cell's words, stemmed as Sphinx's French stemmer does; the header and the first cell apart.
    for word in ("ménag", "accompagn", "37", "2022", "valeur", "natur", "chiffr", "indiqu", "périod"):
        assert "actions/action_14" in _pages_of(words, word), word
    glued = [word for word in words if re.search(r"natureménag|202237|37chiffr|valeurnatur", word)]
    assert glued == []
    # Nothing of the table's style is a word of the page.
    assert "color" not in words and "red" not in words


def test_each_accented_word_is_also_indexed_without_its_accents(fed):
    assert _pages_of(fed._mapping, "menag") == {"actions/action_14"}  # « menages » as typed
    assert _pages_of(fed._mapping, "accompagne") | _pages_of(fed._mapping, "accompagn") == {
        "actions/action_14"
    }
    assert _pages_of(fed._mapping, "period") == {"actions/action_14"}  # « Période », a header
    assert _pages_of(fed._mapping, "etat") == {"actions/action_14"}  # « l'État », in a sentence
    assert _pages_of(fed._title_mapping, "intermedi") == {"actions/action_14"}  # in the title
    # The accented forms are still there (a query typed with accents in another tool).
    assert _pages_of(fed._mapping, "ménag") == {"actions/action_14"}
    # Stop words stay out, with or without accents (« même »).
    builder = _index_builder()
    builder.feed("p", "p.md", "P", _page("Titre", "Le même jour.", "<p>jour</p>"))
    assert "meme" not in builder._mapping and "même" not in builder._mapping


def test_the_page_is_written_from_the_doctree_it_was(fed):
    """The extension swaps the raw HTML for its text while Sphinx collects the words, then puts it back:
    the page written after indexing keeps its table."""
    builder = _index_builder()
    page = _page("Action 14", "Phrase.", ACTION_14_TABLE)
    before = page.pformat()
    builder.feed("actions/action_14", "actions/action_14.ipynb", "Action 14", page)
    assert page.pformat() == before
    assert [raw.astext() for raw in page.findall(nodes.raw)] == [ACTION_14_TABLE]


def test_fold_accents_matches_what_a_reader_types():
    assert sphinx_book.fold_accents("Ménages accompagnés") == "Menages accompagnes"
    assert sphinx_book.fold_accents("ACTION TERMINÉE, cœur, Æ") == "ACTION TERMINEE, coeur, AE"
    assert sphinx_book.fold_accents("37 ménages") == "37 menages"


# --- The book built for the session -------------------------------------------------------------


def _search_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _documents(index: dict, word: str) -> set[str]:
    found = set()
    for mapping in (index["terms"], index["titleterms"]):
        places = mapping.get(word)
        if places is not None:
            found |= {places} if isinstance(places, int) else set(places)
    return {index["docnames"][place] for place in found}


def test_the_book_index_has_no_cells_glued_together(built_book):
    index = _search_index(built_book)
    terms = set(index["terms"]) | set(index["titleterms"])
    # Words the issue found glued: the header of action 14's table, a period, a value and a kind.
    glued = [term for term in terms if re.search(r"valeurnatur|périodevaleur|202237|37chiffr", term)]
    assert glued == []
    # Each header of an indicators' table is a word of its own.
    for word in ("indiqu", "valeur", "natur", "périod"):
        assert "notebooks/actions/action_14" in _documents(index, word), word


def test_the_book_index_finds_action_14_with_or_without_accents(built_book):
    index = _search_index(built_book)
    with_accents, without = _documents(index, "ménag"), _documents(index, "menag")
    assert "notebooks/actions/action_14" in with_accents
    assert with_accents <= without  # every page with « ménages » is found by « menages »
    assert "notebooks/actions/action_14" in _documents(index, "accompagn")
    # Every accented word a page shows finds that page when typed without accents, as Sphinx's
    # French stemmer (the one of the search page) stems it.
    stemmer = SearchFrench({})
    missed = []
    for docname in ("notebooks/actions/action_14", "notebooks/accueil", "notebooks/annexe_enquete"):
        article = BeautifulSoup((built_book / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        for word in set(re.findall(r"\w+", article.find("article").get_text(" "))):
            typed = sphinx_book.fold_accents(word).lower()  # « où » is typed « ou », a stop word
            if word.isascii() or {word.lower(), typed} & stemmer.stopwords:
                continue
            if docname not in _documents(index, stemmer.stem(typed)):
                missed.append((docname, word))
    assert missed == []


# --- In the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_book):
    with served(built_book) as base_url:
        yield base_url


RESULTS = "#search-results ul.search li"


def _search_from_the_box(tab, site: str, query: str) -> dict[str, str]:
    """Type ``query`` in the search box of a page, as a reader does, and wait for every result and
    its summary; return the results' summaries by link."""
    tab.goto(f"{site}/notebooks/accueil.html")
    tab.locator("button.search-button__button").first.click()
    box = tab.locator("#pst-search-dialog input[name='q']")
    box.wait_for(state="visible")
    box.type(query)
    box.press("Enter")
    tab.wait_for_url(f"**/search.html?q={quote(query).replace('%20', '+')}")
    # Sphinx writes its count of results when the last one is listed.
    tab.wait_for_function(
        "() => /\\d/.test(document.querySelector('#search-results p.search-summary')?.innerText || '')",
        timeout=20_000,
    )
    # Each summary comes with its page (fetched): wait until each result has one.
    tab.wait_for_function(
        f"() => [...document.querySelectorAll('{RESULTS}')].every(li => li.querySelector('p.context'))",
        timeout=20_000,
    )
    return tab.eval_on_selector_all(
        RESULTS,
        "items => Object.fromEntries(items.map(li => [li.querySelector('a').getAttribute('href'),"
        " li.querySelector('p.context').textContent]))",
    )


def _action_14(results: dict[str, str]) -> str:
    found = [link for link in results if link.startswith("notebooks/actions/action_14.html")]
    assert found, sorted(results)
    return results[found[0]]


def test_search_for_menages_accompagnes_finds_action_14_and_shows_its_row(page, site):
    results = _search_from_the_box(page, site, "ménages accompagnés")
    summary = _action_14(results)
    # The row that matched, cells apart, each value named by its column; not the page's first words.
    assert "Ménages accompagnés" in summary
    assert "Valeur : 37" in summary
    assert not re.search(r"\d{4}37|accompagnés20", summary), summary
    # The words searched are highlighted in the summary.
    marked = page.locator(
        f"{RESULTS}:has(a[href^='notebooks/actions/action_14.html']) p.context .highlighted"
    )
    assert [text.lower() for text in marked.all_inner_texts()][:2] == ["ménages", "accompagnés"]
    assert page.errors == []


def test_search_without_accents_finds_what_the_accents_find(page, site):
    unaccented = _search_from_the_box(page, site, "menages")
    _action_14(unaccented)
    accented = _search_from_the_box(page, site, "ménages")
    assert len(unaccented) >= 20  # 1 page before the index held the words without accents
    assert set(unaccented) == set(accented)
    unaccented_pair = _search_from_the_box(page, site, "menages accompagnes")
    assert set(unaccented_pair) == set(_search_from_the_box(page, site, "ménages accompagnés"))
    assert "Valeur : 37" in _action_14(unaccented_pair)
    assert page.errors == []


# --- The search page's script reaches the book -----------------------------------------------------


def test_a_changed_search_script_is_published_by_the_next_build(tmp_path):
    """Sphinx 7.4 copies the static files only when it writes a page: a change of recherche.js (or of
    a style sheet) alone was not published by the next build (lda_analysis.book_build.sphinx_book
    .static_files_changed)."""
    project = copy_project(tmp_path / "projet")
    output = tmp_path / "editions"
    assert build(project, output, "--sans-pdf").returncode == 0
    script = project / "book" / "_static" / "recherche.js"
    script.write_text(script.read_text(encoding="utf-8") + "// changed\n", encoding="utf-8")
    result = build(project, output, "--sans-pdf")
    assert result.returncode == 0, result.stderr[-3000:]
    published_script = output / "2024" / "html" / "_static" / "recherche.js"
    assert published_script.read_text(encoding="utf-8").endswith("// changed\n")


def test_search_for_a_figure_finds_the_pages_that_show_it(page, site):
    """Sphinx leaves numbers out of a query; the book searches them, as whole numbers, and requires
    them: « ménages 37 » lists the pages that show both, action 14 first among the action pages."""
    with_figure = _search_from_the_box(page, site, "ménages 37")
    assert "Valeur : 37" in _action_14(with_figure)
    households = _search_from_the_box(page, site, "ménages")
    assert set(with_figure) < set(households)
    assert "Valeur : 37" in _action_14(_search_from_the_box(page, site, "37"))
    assert page.errors == []
