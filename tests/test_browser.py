"""The built book in a real browser: Debian's Chromium driven by Playwright, the book served over
HTTP on 127.0.0.1. Checks the front page, navigation through the table of contents to an action page
and a chart page, the search box, and that no JavaScript error occurs; saves three screenshots in a
folder `captures/` next to the built book. Accessibility: the book is used with the keyboard only (the
axe-core audit of every page is in tests/test_browser_audit.py).

Where Chromium is absent (a machine without `apt-get install chromium`), the tests are skipped with
the reason printed in the test summary (fixture ``browser``, tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .axe_audit import served


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served on 127.0.0.1 (a free port); yields its base URL."""
    with served(built_book) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def captures(built_book) -> Path:
    folder = built_book.parent / "captures"
    folder.mkdir(exist_ok=True)
    return folder


def _images_loaded(tab) -> list[dict]:
    return tab.eval_on_selector_all(
        "article img", "images => images.map(i => ({alt: i.alt, loaded: i.complete && i.naturalWidth > 0}))"
    )


def test_front_page(page, site, captures):
    page.goto(f"{site}/index.html")
    page.wait_for_url("**/notebooks/accueil.html")
    assert "Rapport d’exécution 2021-2024" in page.title()  # the edition is named by its rapport
    assert page.locator("html").get_attribute("lang") == "fr"
    cards = page.locator(".sd-card")
    assert cards.count() >= 6
    assert "810 000 €" in page.locator("article").inner_text().replace("\u202f", " ").replace("\xa0", " ")
    page.screenshot(path=str(captures / "accueil.png"), full_page=True)
    assert page.errors == []


def test_navigation_to_an_action_page(page, site, captures):
    page.goto(f"{site}/notebooks/accueil.html")
    page.locator("nav.bd-docs-nav a[href$='bilan_realisation.html']").first.click()
    page.wait_for_url("**/notebooks/bilan_realisation.html")
    page.locator("nav.bd-docs-nav a[href$='actions/action_6.html']").first.click()
    page.wait_for_url("**/notebooks/actions/action_6.html")
    assert "Action 6 : Accompagner la finalisation de la CIA" in page.locator("article h1").inner_text()
    assert page.locator("article table.lda-table").count() >= 3
    page.screenshot(path=str(captures / "action_6.png"), full_page=True)
    assert page.errors == []


def test_navigation_to_a_chart_page(page, site, captures):
    page.goto(f"{site}/notebooks/accueil.html")
    page.locator("nav.bd-docs-nav a[href$='bilan_global.html']").first.click()
    page.wait_for_url("**/book/bilan_global.html")
    page.locator("nav.bd-docs-nav a[href$='acces_logement_social.html']").first.click()
    page.wait_for_url("**/notebooks/acces_logement_social.html")
    images = _images_loaded(page)
    assert images, "aucun graphique sur la page"
    assert all(image["loaded"] for image in images)
    assert all(image["alt"].startswith("Diagramme en barres") for image in images)
    page.screenshot(path=str(captures / "acces_logement_social.png"), full_page=True)
    assert page.errors == []


def test_search_finds_the_pages_about_evictions(page, site):
    page.goto(f"{site}/search.html?q=expulsions")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    links = [results.nth(rank).get_attribute("href") for rank in range(results.count())]
    assert any("actions/action_11_12.html" in link for link in links), links
    assert page.errors == []


# --- Accessibility (the audit of every page: tests/test_browser_audit.py) -----------------------


FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        text: (element.innerText || element.value || '').trim(),
        href: element.getAttribute('href') || '',
        classes: typeof element.className === 'string' ? element.className : '',
        inMain: !!element.closest('#main-content'),
        inToc: !!element.closest('nav.bd-docs-nav'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
}"""


def _tab_until(tab, wanted, limit: int = 40) -> list[dict]:
    """Press Tab until the focused element is ``wanted`` (a test on FOCUSED's description); return
    every element focused on the way."""
    seen = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        seen.append(tab.evaluate(FOCUSED))
        if wanted(seen[-1]):
            return seen
    raise AssertionError(f"jamais atteint au clavier en {limit} tabulations : {seen}")


def test_the_skip_link_comes_first_and_leads_to_the_content(page, site):
    page.goto(f"{site}/notebooks/accueil.html")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["text"] == "Aller au contenu" and first["href"] == "#main-content" and first["outline"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/notebooks/accueil.html#main-content")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"]
    assert page.errors == []


def test_keyboard_only_reaches_search_and_table_of_contents(page, site):
    page.goto(f"{site}/notebooks/accueil.html")
    seen = _tab_until(page, lambda element: element["inToc"] and element["href"] == "preambule.html")
    assert any("search-button__button" in element["classes"] for element in seen), seen
    # The keyboard focus is always visible: a thick outline on every element reached.
    assert all(element["outline"] for element in seen), [
        element for element in seen if not element["outline"]
    ]
    page.keyboard.press("Enter")
    page.wait_for_url("**/notebooks/preambule.html")
    assert page.locator("article h1").inner_text().startswith("Préambule")
    # The search, from the keyboard: its button opens the search field, Enter runs it.
    _tab_until(page, lambda element: "search-button__button" in element["classes"])
    page.keyboard.press("Enter")
    page.locator("#pst-search-dialog input[name='q']").wait_for(state="visible")
    page.keyboard.type("expulsions")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=expulsions")
    page.locator("#search-results ul.search li a").first.wait_for(timeout=20_000)
    assert page.errors == []
