"""An automated accessibility audit of a built book: axe-core in Chromium, on every page, in the light
and the dark mode of the theme.

axe-core is the file ``axe.min.js`` shipped by the PyPI package ``axe-playwright-python``; it is
injected into each page (an init script of the browser context) and run with the rules of WCAG 2.0
and 2.1, levels A and AA (the automatable part of the RGAA). Used by ``tests/test_browser.py`` (which fails on any serious or critical
violation) and from the command line by ``make audit``, which writes the record the page
« Accessibilité » of the book is written from (:mod:`lda_analysis.publication.accessibility`)::

    python tests/axe_audit.py                # builds the default edition, audits it, writes the
                                             # record and rebuilds the book (make audit)
    python tests/axe_audit.py _build/editions/2024/html --no-write   # prints the violations only
"""

from __future__ import annotations

import argparse
import datetime
import logging
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lda_analysis.publication import accessibility

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
# The rules of WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Impacts that fail the tests.
BLOCKING = ("critical", "serious")
IMPACTS = tuple(accessibility.IMPACTS)
# The theme's colour modes (pydata-sphinx-theme reads them from the browser's local storage).
MODES = ("light", "dark")
MODE_NAMES = accessibility.MODES
VIEWPORT = {"width": 1300, "height": 900}


def axe_script() -> Path:
    """The file of axe-core shipped by ``axe-playwright-python``."""
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def audited_pages(html_dir: Path) -> list[str]:
    """The pages of a built book, as paths relative to ``html_dir``: every HTML file but the theme's
    fragments (``_static/``) and the redirections (the root ``index.html`` leads to the front page)."""
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        relative = path.relative_to(html_dir).as_posix()
        if relative.startswith("_static/"):
            continue
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8")[:300]:
            continue
        pages.append(relative)
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the standard library
        pass


@contextmanager
def served(html_dir: Path) -> Iterator[str]:
    """``html_dir`` served over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(html_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Violation:
    """One rule broken on one page in one mode, with the elements that break it."""

    page: str
    mode: str
    rule: str
    impact: str
    help: str
    nodes: list[str]

    def describe(self, limit: int = 5) -> str:
        shown = "\n".join(f"      {node}" for node in self.nodes[:limit])
        more = f"\n      … et {len(self.nodes) - limit} autres" if len(self.nodes) > limit else ""
        return (
            f"  {self.page} [{self.mode}] {self.rule} ({self.impact}, {len(self.nodes)} élément(s)) : "
            f"{self.help}\n{shown}{more}"
        )


@dataclass
class Audit:
    """What axe found on a book: violations, and checks it could not decide (to verify by hand)."""

    pages: list[str]
    modes: tuple[str, ...]
    axe_version: str = ""
    violations: list[Violation] = field(default_factory=list)
    # Elements axe could not decide on, by rule and by reason (axe's message key: « elmPartiallyObscured »…).
    incomplete: dict[str, dict[str, int]] = field(default_factory=dict)

    def blocking(self) -> list[Violation]:
        return [violation for violation in self.violations if violation.impact in BLOCKING]

    def by_impact(self) -> dict[str, int]:
        """Violations (element × rule × page × mode) by impact."""
        counts = dict.fromkeys(IMPACTS, 0)
        for violation in self.violations:
            counts[violation.impact] = counts.get(violation.impact, 0) + len(violation.nodes)
        return counts

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for violation in self.violations:
            counts[violation.rule] = counts.get(violation.rule, 0) + len(violation.nodes)
        return dict(sorted(counts.items()))


# Every rule of axe tagged with one of WCAG_TAGS, the experimental ones included (axe runs them only
# when they are named: « label-content-name-mismatch », « td-has-header »…); in the other modes, only
# those about colours (``cat.color``), since the markup is the same in every mode. The run is started
# and its promise kept in the page, so that the pages of all modes are audited at the same time.
_AXE_START = """([tags, colours]) => {
    const rules = axe.getRules(tags)
        .filter(rule => !colours || rule.tags.includes('cat.color'))
        .map(rule => rule.ruleId);
    // axe.run works synchronously for a long time: started from a timer, it lets this call return.
    window.__ldaAxe = new Promise(resolve => setTimeout(resolve, 0))
        .then(() => axe.run(document, {runOnly: {type: 'rule', values: rules},
                                       resultTypes: ['violations', 'incomplete']}))
        .then(r => ({version: r.testEngine.version,
                     violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.html.slice(0, 160))})),
                     incomplete: r.incomplete.map(v => ({id: v.id, reasons: v.nodes.map(n => {
                         const check = [...n.any, ...n.all, ...n.none][0] || {};
                         return (check.data && check.data.messageKey) || check.id || '';
                     })}))}));
    return document.documentElement.dataset.theme;
}"""
_AXE_RESULT = "() => window.__ldaAxe"


def audit(
    browser,
    base_url: str,
    pages: list[str],
    modes: tuple[str, ...] = MODES,
    every_rule: bool = False,
    lanes: int = 1,
) -> Audit:
    """Run axe on each page of ``pages`` (relative to ``base_url``) in each colour mode: every WCAG
    rule in the first mode, the rules about colours in the others (all of them with ``every_rule``).

    One browser context per mode, with ``lanes`` tabs reused from page to page (each tab its own
    renderer process): ``lanes`` pages are audited at a time, in all modes at once, so that the
    browser's processes share the processors."""
    script = axe_script()
    found = Audit(list(pages), tuple(modes))
    contexts, tabs = [], []
    try:
        for mode in modes:
            context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", color_scheme=mode)
            contexts.append(context)
            # The theme takes its mode from the local storage before the page is drawn.
            context.add_init_script(
                f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
            )
            # axe-core in every page the context opens (as page.add_script_tag would add it after the
            # load, without a round trip per page).
            context.add_init_script(path=str(script))
            tabs += [(mode, context.new_page()) for _ in range(lanes)]
        for start in range(0, len(pages), lanes):
            running = []
            for rank, page in enumerate(pages[start : start + lanes]):
                for mode, tab in tabs[rank::lanes]:
                    tab.goto(f"{base_url}/{page}", wait_until="load")
                    theme = tab.evaluate(_AXE_START, [WCAG_TAGS, mode != modes[0] and not every_rule])
                    if theme != mode:
                        raise RuntimeError(f"{page} : mode « {theme} » affiché au lieu de « {mode} »")
                    running.append((page, mode, tab))
            for page, mode, tab in running:
                result = tab.evaluate(_AXE_RESULT)
                found.axe_version = result["version"]
                for item in result["violations"]:
                    found.violations.append(
                        Violation(
                            page, mode, item["id"], item["impact"] or "minor", item["help"], item["nodes"]
                        )
                    )
                for item in result["incomplete"]:
                    reasons = found.incomplete.setdefault(item["id"], {})
                    for reason in item["reasons"]:
                        reasons[reason] = reasons.get(reason, 0) + 1
    finally:
        for context in contexts:
            context.close()
    return found


def audit_book(html_dir: Path) -> Audit:
    """Serve a built book, start Chromium and audit every page in both modes."""
    from playwright.sync_api import sync_playwright

    with served(html_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            return audit(browser, base_url, audited_pages(html_dir))
        finally:
            browser.close()


def record(found: Audit, day: datetime.date | None = None) -> dict:
    """The audit as the book's record keeps it (:mod:`lda_analysis.publication.accessibility`)."""
    return {
        "date": (day or datetime.date.today()).isoformat(),
        "outil": f"axe-core {found.axe_version}",
        "navigateur": "Chromium de Debian, piloté par Playwright",
        "regles": "WCAG 2.0 et 2.1, niveaux A et AA (" + ", ".join(WCAG_TAGS) + ")",
        "methode": (
            f"toutes les règles en mode {MODE_NAMES[found.modes[0]]} ; "
            + " ; ".join(f"en mode {MODE_NAMES[mode]}, celles des couleurs" for mode in found.modes[1:])
            + ", le balisage étant le même"
        ),
        "pages": len(found.pages),
        "modes": list(found.modes),
        "violations": found.by_impact(),
        "violations_par_regle": found.by_rule(),
        "a_verifier": {
            rule: dict(sorted(reasons.items())) for rule, reasons in sorted(found.incomplete.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Audit d'accessibilité automatique (axe-core) du livre.")
    parser.add_argument(
        "html",
        type=Path,
        nargs="?",
        help="dossier html/ d'une édition construite (sinon : construit l'édition)",
    )
    parser.add_argument("--year", help="édition à construire et auditer (sinon : l'édition par défaut)")
    parser.add_argument("--no-write", action="store_true", help="affiche le résultat sans l'enregistrer")
    arguments = parser.parse_args(argv)
    # The build's progress, as the command line shows it.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    library = logging.getLogger("lda_analysis")
    library.addHandler(handler)
    library.setLevel(logging.INFO)
    html = arguments.html
    if html is None:
        from lda_analysis.book_build.builder import build_edition

        html = build_edition(arguments.year).parent
    found = audit_book(html)
    for violation in found.violations:
        print(violation.describe())
    print(
        f"axe-core {found.axe_version} : {len(found.pages)} pages × {len(found.modes)} modes "
        f"({', '.join(found.modes)}), violations par impact : {found.by_impact()}"
    )
    if not arguments.no_write:
        from lda_analysis.publication.accessibility import write_record

        print(f"Résultat enregistré dans {write_record(record(found))}")
        if arguments.html is None:  # the page « Accessibilité » says the new result
            print(f"Livre reconstruit : {build_edition(arguments.year)}")
    return 1 if found.blocking() else 0


if __name__ == "__main__":
    sys.exit(main())
