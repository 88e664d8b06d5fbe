"""What the pages of the HTML book load (:mod:`lda_analysis.publication.web_assets`): no file of an extension the
book does not use, and stylesheets without the rules that cannot apply — and no rule that applies.

The unit tests feed small stylesheets to :func:`purged`; the others read the book built for the
session: its pages link none of :data:`UNUSED_ASSETS`, its theme stylesheet lost most of its weight,
and every rule of the theme's original stylesheet that the purge dropped matches no element of the
pages (soupsieve, BeautifulSoup's CSS engine, tries each dropped selector on each page).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import soupsieve
import tinycss2
from bs4 import BeautifulSoup

from lda_analysis.publication.web_assets import (
    UNUSED_ASSETS,
    drop_unused_assets,
    linked_stylesheets,
    purge_stylesheet,
    purged,
    used_tokens,
)

TOKENS = frozenset({"bd-content", "lda-table", "only-light", "navbar"})


def _purged(css: str) -> str:
    return purged(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), TOKENS)


def test_a_rule_stays_when_each_class_it_requires_is_in_the_book():
    assert _purged(".bd-content .lda-table { color: red }") == ".bd-content .lda-table { color: red }"
    assert _purged(".bd-content .carousel { color: red }") == ""
    assert _purged("#navbar > p, .carousel { margin: 0 }") == "#navbar > p, .carousel { margin: 0 }"
    assert _purged("p, td { margin: 0 }") == "p, td { margin: 0 }"  # no class: always


def test_negations_and_attribute_values_require_nothing():
    for css in (
        "html[data-theme=dark] .bd-content img:not(.only-dark,.dark-light) { filter: none }",
        ".bd-content:not(.hidden) { display: block }",
        'a[href$=".pdf"] { color: red }',
        ":is(.carousel, .bd-content) p { color: red }",
    ):
        assert _purged(css) == css


def test_at_rules_keep_what_can_apply():
    assert _purged("@media (min-width: 960px) { .carousel { x: 1 } .navbar { x: 2 } }") == (
        "@media (min-width: 960px) {.navbar { x: 2 }}"
    )
    assert _purged("@media print { .carousel { x: 1 } }") == ""
    for kept in ('@font-face { font-family: "X"; src: url(x.woff2) }', "@keyframes spin { to { x: 1 } }"):
        assert _purged(kept) == kept


def test_a_purged_stylesheet_loses_its_source_map(tmp_path):
    sheet = tmp_path / "theme.css"
    sheet.write_text(".navbar{x:1}.carousel{x:2}\n/*# sourceMappingURL=theme.css.map*/\n", encoding="utf-8")
    purge_stylesheet(sheet, TOKENS)
    assert sheet.read_text(encoding="utf-8") == ".navbar{x:1}\n"


def test_a_kept_purge_gives_the_same_bytes_and_is_read_back(tmp_path, monkeypatch):
    """The purged stylesheet kept under the digest of its text and tokens is the purge's result byte
    for byte; the same stylesheet and tokens read it back (no parse), other tokens purge afresh."""
    from lda_analysis.publication import web_assets

    text = ".navbar{x:1}.carousel{x:2}\n/*# sourceMappingURL=theme.css.map*/\n"
    sheet, kept = tmp_path / "theme.css", tmp_path / "gardees"
    sheet.write_text(text, encoding="utf-8")
    first = purge_stylesheet(sheet, TOKENS, kept)
    assert sheet.read_text(encoding="utf-8") == ".navbar{x:1}\n" == first.read_text(encoding="utf-8")
    monkeypatch.setattr(web_assets, "purged_stylesheet", lambda *_: pytest.fail("parsed again"))
    sheet.write_text(text, encoding="utf-8")  # Sphinx copies the theme's stylesheet at every build
    assert purge_stylesheet(sheet, TOKENS, kept) == first
    assert sheet.read_text(encoding="utf-8") == ".navbar{x:1}\n"
    monkeypatch.undo()
    sheet.write_text(text, encoding="utf-8")
    other = purge_stylesheet(sheet, TOKENS | {"carousel"}, kept)
    assert other != first and sheet.read_text(encoding="utf-8") == ".navbar{x:1}\n.carousel{x:2}\n"


def test_a_kept_purge_serves_pages_whose_other_ids_changed(tmp_path, monkeypatch):
    """An id no selector names (a table's, named from its content, changes with the data) leaves the
    kept purge as it is: a rebuild after a change of data does not parse the stylesheet again."""
    from lda_analysis.publication import web_assets

    text = ".navbar{x:1}.carousel{x:2}#lda-tableau-0a1b{x:3}\n"
    sheet, kept = tmp_path / "theme.css", tmp_path / "gardees"
    sheet.write_text(text, encoding="utf-8")
    first = purge_stylesheet(sheet, TOKENS | {"lda-tableau-5d6e"}, kept)
    monkeypatch.setattr(web_assets, "purged_stylesheet", lambda *_: pytest.fail("parsed again"))
    sheet.write_text(text, encoding="utf-8")
    assert purge_stylesheet(sheet, TOKENS | {"lda-tableau-9f8e"}, kept) == first
    assert sheet.read_text(encoding="utf-8") == ".navbar{x:1}\n"
    monkeypatch.undo()
    sheet.write_text(text, encoding="utf-8")
    assert purge_stylesheet(sheet, TOKENS | {"lda-tableau-0a1b"}, kept) != first  # one it names
    assert sheet.read_text(encoding="utf-8") == ".navbar{x:1}\n#lda-tableau-0a1b{x:3}\n"


def test_the_theme_s_purge_is_the_same_with_only_the_tokens_it_names():
    # The whole tokens of the book against those the theme's stylesheet names: the same rules kept.
    from lda_analysis.publication.web_assets import SELECTOR_NAME, purged_stylesheet

    text = _theme_stylesheet().read_text(encoding="utf-8")
    tokens = frozenset(re.findall(r"[\w-]+", text)) | {"lda-tableau-5d6e", "autre"}
    named = tokens & frozenset(SELECTOR_NAME.findall(text))
    assert len(named) < len(tokens)
    assert purged_stylesheet(text, named) == purged_stylesheet(text, tokens)
    half = frozenset(sorted(tokens)[::2])
    assert purged_stylesheet(text, half & named) == purged_stylesheet(text, half)


def test_tokens_are_the_pages_classes_and_ids_and_the_words_of_scripts(tmp_path):
    page, script = tmp_path / "page.html", tmp_path / "outil.js"
    page.write_text(
        '<div class="bd-content lda-table" id="navbar">carousel 37</div>'
        '<script>element.classList.add("show")</script>',
        encoding="utf-8",
    )
    script.write_text('menu.classList.toggle("collapsing")', encoding="utf-8")
    tokens = used_tokens([page], [script])
    assert {"bd-content", "lda-table", "navbar", "show", "collapsing"} <= tokens
    assert "carousel" not in tokens and "37" not in tokens  # the pages' text names no class


def test_pages_lose_the_assets_of_unused_extensions():
    context = {
        "css_files": ["_static/lda.css", "_static/copybutton.css", "_static/pygments.css?v=1"],
        "script_files": [SimpleNamespace(filename="_static/sphinx-thebe.js"), "_static/doctools.js"],
    }
    drop_unused_assets(None, "page", "page.html", context, None)
    assert context["css_files"] == ["_static/lda.css"]
    assert context["script_files"] == ["_static/doctools.js"]


def test_linked_stylesheets_follow_imports(tmp_path):
    static = tmp_path / "_static" / "styles"
    static.mkdir(parents=True)
    (static / "theme.css").write_text('@import "../basic.css";', encoding="utf-8")
    (tmp_path / "_static" / "basic.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "_static" / "unused.css").write_text("p{}", encoding="utf-8")
    page = tmp_path / "index.html"
    page.write_text('<link rel="stylesheet" href="_static/styles/theme.css?digest=1" />', encoding="utf-8")
    assert linked_stylesheets(tmp_path, [page]) == [
        (tmp_path / "_static" / "basic.css").resolve(),
        (static / "theme.css").resolve(),
    ]


def _theme_stylesheet() -> Path:
    import pydata_sphinx_theme

    return next(Path(pydata_sphinx_theme.__file__).parent.rglob("styles/pydata-sphinx-theme.css"))


def _dropped_selectors(original: str, kept: str) -> list[str]:
    """The selectors of ``original``'s style rules (at any depth) that ``kept`` does not have."""

    def selectors(css: str) -> set[str]:
        found, rules = set(), tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        while rules:
            rule = rules.pop()
            if rule.type == "qualified-rule":
                found.add(tinycss2.serialize(rule.prelude).strip())
            elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in ("media", "supports"):
                rules.extend(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
        return found

    return sorted(selectors(original) - selectors(kept))


# Pseudo-classes and pseudo-elements: states (hover, focus…) that a page at rest does not show.
PSEUDO = re.compile(r"::?[a-zA-Z-]+(\((?:[^()]|\([^()]*\))*\))?")


def _at_rest(selector: str) -> str:
    """``selector`` without its pseudo-classes and pseudo-elements; one that stood alone in its
    compound (``.group>:not(.x)+.btn``) becomes ``*``."""
    return PSEUDO.sub(
        lambda match: "*" if match.start() == 0 or selector[match.start() - 1] in " >+~," else "", selector
    )


def test_the_book_loads_no_unused_asset_and_a_lighter_theme(built_book):
    for page in (built_book / "index.html", built_book / "notebooks" / "accueil.html"):
        html = page.read_text(encoding="utf-8")
        assert not [name for name in UNUSED_ASSETS if f"/{name}" in html]
    theme = built_book / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert theme.stat().st_size < _theme_stylesheet().stat().st_size / 3  # 397 kB before, 103 kB after


@pytest.mark.parametrize(
    "page", ["notebooks/accueil.html", "notebooks/acces_logement_social.html", "search.html"]
)
def test_no_dropped_rule_matches_an_element_of_a_page(built_book, page):
    dropped = _dropped_selectors(
        _theme_stylesheet().read_text(encoding="utf-8"),
        (built_book / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8"),
    )
    assert len(dropped) > 1000
    soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
    matching = set()
    for mode in ("light", "dark"):  # as the theme's script marks the page before it is shown
        soup.html["data-theme"] = soup.html["data-mode"] = mode
        for selector in dropped:
            # At rest, without its states and negations (a negation may hold a list: removed first).
            for single in _at_rest(selector).split(","):
                at_rest = single.strip()
                if at_rest and not at_rest.endswith((">", "+", "~")) and soupsieve.select_one(at_rest, soup):
                    matching.add(selector)
    assert sorted(matching) == []
