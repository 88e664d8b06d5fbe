"""The built book in a real browser: Debian's Chromium driven by Playwright, the book served over
HTTP on 127.0.0.1. Checks the front page, navigation through the table of contents to an action page
and a chart page, the search box, and that no JavaScript error occurs; saves three screenshots in a
folder `captures/` next to the built book.

Where Chromium is absent (a machine without `apt-get install chromium`), the tests are skipped with
the reason printed in the test summary.
"""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium absent (/usr/bin/chromium) : tests du navigateur non exécutés ; "
        "l'installer avec « apt-get install chromium » (ce que fait .ci/run)",
        allow_module_level=True,
    )

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright absent : pip install -e '.[test]'"
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the standard library
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served on 127.0.0.1 (a free port); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(built_book)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records JavaScript errors (console errors and uncaught exceptions)."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


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
    assert "édition 2024" in page.title()
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
