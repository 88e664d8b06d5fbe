"""The accessibility audit of the built book: axe-core, in Debian's Chromium driven by Playwright,
audits every page in the light and the dark mode (no serious or critical violation of WCAG 2.0 and
2.1 A and AA, and the result matches the record the page « Accessibilité » is written from); and the
audit finds the faults it looks for on a page made faulty.

The audit reads a copy of the session's book (fixture ``book_copy``): it runs in a process of its own,
beside the tests that rebuild the book, which is the longest half of the test run. Where Chromium is
absent, the tests are skipped with the reason printed in the test summary (fixture ``browser``).
"""

from __future__ import annotations

import pytest

from lda_analysis.publication.accessibility import RECORD_FILE, read_record

from .axe_audit import audit, audited_pages, served


@pytest.fixture(scope="module")
def site(book_copy):
    """The copy of the session's book served on 127.0.0.1 (a free port); yields its base URL."""
    with served(book_copy) as base_url:
        yield base_url


def test_every_page_passes_the_accessibility_audit(browser, site, book_copy):
    pages = audited_pages(book_copy)
    assert "book/accessibilite.html" in pages and len(pages) >= 44
    found = audit(browser, site, pages)
    blocking = found.blocking()
    assert not blocking, (
        f"axe-core {found.axe_version} : {len(blocking)} violation(s) critique(s) ou grave(s) des règles "
        "WCAG 2.0 et 2.1 A et AA (page [mode] règle) :\n" + "\n".join(item.describe() for item in blocking)
    )
    record = read_record()
    measured = {"pages": len(pages), "violations": found.by_impact()}
    recorded = {key: (record or {}).get(key) for key in measured}
    assert recorded == measured, (
        f"La page « Accessibilité » ne dit plus le résultat de l'audit ({RECORD_FILE.name} : {recorded}, "
        f"mesuré : {measured}) : lancer « make audit » puis reconstruire le livre."
    )


BROKEN_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Page fautive</title>
<script>document.documentElement.dataset.theme = localStorage.getItem('theme');</script></head>
<body><main><h1>Page fautive</h1><details><summary><i class="icône"></i></summary><p>Suite</p></details>
<button aria-label="Thème">Recherche</button><p style="color: #bbb; background: #fff">Texte pâle</p>
</main></body></html>"""


def test_the_audit_finds_the_faults_it_looks_for(browser, tmp_path):
    (tmp_path / "fautive.html").write_text(BROKEN_PAGE, encoding="utf-8")
    with served(tmp_path) as base_url:
        found = audit(browser, base_url, ["fautive.html"])
    rules = {(violation.mode, violation.rule) for violation in found.blocking()}
    assert {("light", "summary-name"), ("light", "label-content-name-mismatch")} <= rules
    assert {("light", "color-contrast"), ("dark", "color-contrast")} <= rules
    assert "fautive.html [dark] color-contrast (serious, 1 élément(s))" in found.blocking()[-1].describe()
