"""What each page of the HTML book loads: only the stylesheets and scripts the book uses, and of the
theme's stylesheets only the rules that can apply.

A page of the theme links twelve stylesheets and a dozen scripts before it shows anything; on a
phone over a slow network (Lighthouse's mobile settings), the render-blocking stylesheets made the
first text appear after 3 s. Two steps, both generic (they name no page and no domain):

- :func:`drop_unused_assets` (Sphinx's ``html-page-context``) removes from every page the files of
  extensions whose features the book does not show (:data:`UNUSED_ASSETS`: code is never shown, so
  no copy button, no syntax colours, no live code, no tabs, no toggled blocks);
- :func:`purge_stylesheets` (``build-finished``) rewrites each stylesheet the pages link (copied
  afresh by Sphinx at every build) without the rules whose selectors require a class or an id that
  no page carries (in its ``class`` and ``id`` attributes) and no script, inline or loaded by the
  pages, names (:func:`used_tokens`): what PurgeCSS does, with tinycss2 (already installed with
  WeasyPrint). A class a script adds at run time appears in that script's text, so its rules stay
  (Bootstrap's ``show``, the theme's dark mode on ``html``).

Guarantees, proven by ``tests/test_web_assets.py``: a rule whose classes and ids all appear in the
book stays byte for byte, at-rules (``@font-face``, ``@keyframes``, ``@media`` with what they keep)
stay; no rule the purge drops from the theme's stylesheet matches an element of the front page, a
chart page or the search page, in light or dark mode (tried with soupsieve); the same pages give the
same stylesheets (the purge reads every page of the output folder, not only those the build
rewrote). The browser tests (phone, search, dark mode, axe) check that the book still works.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2

# Beside the HTML output folder (in the build's work folder, never published): the purged
# stylesheets of the last build, by digest of what made them (:func:`purge_stylesheet`).
KEPT_STYLESHEETS = "feuilles_de_style_purgees"
# Files of Sphinx extensions whose features the book does not use (compared by file name).
UNUSED_ASSETS = (
    "pygments.css",  # syntax colours: no code is shown (nb_remove_code_source)
    "copybutton.css",
    "copybutton.js",
    "clipboard.min.js",
    "sphinx-thebe.css",  # live code: none
    "sphinx-thebe.js",
    "togglebutton.css",  # toggled blocks: none
    "togglebutton.js",
    "design-tabs.js",  # sphinx-design's tabs: none (its cards and grids keep their stylesheet)
)
# A class or an id in a selector, and a token of a page or a script that could name one.
SELECTOR_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
# What of a selector names no element that must be there: attribute values (``[href$=".pdf"]``)
# and negations (``:not(.hidden)`` matches where the class is absent).
NOT_REQUIRED = re.compile(r"\[[^\]]*\]|:not\([^)]*\)")
# Pseudo-classes holding selector lists: a selector with one is kept as it is.
SELECTOR_LISTS = (":is(", ":where(", ":has(")
TOKEN = re.compile(r"[\w-]+")
# A map that points at a stylesheet's original text, which the purge changed.
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
# The values of a page's class and id attributes, and its inline scripts.
MARKED = re.compile(r'\s(?:class|id)="([^"]*)"')
INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)


def _file_name(asset) -> str:
    """The file name of a page's asset (a Sphinx ``_CascadingStyleSheet``/``_JavaScript`` or a
    string), without its folder and query."""
    name = str(getattr(asset, "filename", asset) or "")
    return name.split("?", 1)[0].rsplit("/", 1)[-1]


def drop_unused_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove from the page the stylesheets and scripts of :data:`UNUSED_ASSETS`."""
    for key in ("css_files", "script_files"):
        if context.get(key):
            context[key] = [asset for asset in context[key] if _file_name(asset) not in UNUSED_ASSETS]


def used_tokens(pages: Iterable[Path], scripts: Iterable[Path] = ()) -> frozenset[str]:
    """The classes and ids ``pages`` carry (their ``class`` and ``id`` attributes) and every word
    (letters, digits, ``_`` and ``-``) of their inline scripts and of ``scripts``: what a script can
    add. The pages' text is not read: a changed figure leaves the tokens, and the purge, the same."""
    tokens: set[str] = set()
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        for value in MARKED.findall(html):
            tokens.update(value.split())
        for script in INLINE_SCRIPT.findall(html):
            tokens.update(TOKEN.findall(script))
    for path in scripts:
        tokens.update(TOKEN.findall(path.read_text(encoding="utf-8", errors="replace")))
    return frozenset(tokens)


def _selectors_apply(prelude, tokens: frozenset[str]) -> bool:
    """Whether one of the comma-separated selectors of ``prelude`` can match: each class and id it
    requires is in ``tokens`` (a selector with a selector list inside is assumed to match)."""
    text = tinycss2.serialize(prelude)
    if any(pseudo in text for pseudo in SELECTOR_LISTS):
        return True
    # What is not required goes first: a negation may hold a list (``:not(.only-dark,.dark-light)``).
    return any(
        all(name in tokens for name in SELECTOR_NAME.findall(selector))
        for selector in NOT_REQUIRED.sub("", text).split(",")
    )


def purged(rules, tokens: frozenset[str]) -> str:
    """The CSS of ``rules`` (tinycss2 nodes) without the style rules that cannot match; an at-rule
    holding rules (``@media``, ``@supports``) keeps those that can, and is dropped when none can."""
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if _selectors_apply(rule.prelude, tokens):
                kept.append(rule.serialize())
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = purged(tinycss2.parse_rule_list(rule.content), tokens)
            if inner.strip():
                prelude = tinycss2.serialize(rule.prelude)
                kept.append(f"@{rule.at_keyword}{prelude}{{{inner}}}")
        elif rule.type in ("at-rule", "qualified-rule"):
            kept.append(rule.serialize())
    return "\n".join(kept)


@functools.lru_cache(maxsize=32)
def purged_stylesheet(text: str, tokens: frozenset[str]) -> str:
    """The stylesheet ``text`` without its source map and its rules that cannot match
    (:func:`purged`); remembered, so that a rebuild in the same process (``lda-book surveiller``) whose
    pages carry the same classes does not parse the theme's stylesheet again."""
    rules = tinycss2.parse_stylesheet(SOURCE_MAP.sub("", text), skip_comments=True, skip_whitespace=True)
    return purged(rules, tokens) + "\n"


def purge_stylesheet(path: Path, tokens: frozenset[str], kept: Path | None = None) -> Path | None:
    """Rewrite the stylesheet ``path`` without its rules that cannot match (:func:`purged`).

    With ``kept`` (a folder), the result is also kept there under the digest of what makes it (the
    stylesheet's text and the tokens) and read back when the same stylesheet and tokens come again:
    Jupyter Book renders each build in a process of its own, where :func:`purged_stylesheet`
    remembers nothing, and parsing the theme's stylesheet takes a third of a second. Returns the
    kept file (None without ``kept``). The tokens are those of the pages that the stylesheet names
    (a class or an id of one of its selectors): the others change nothing of the purge."""
    text = path.read_text(encoding="utf-8")
    # Only the tokens the stylesheet can name count: the pages' other ids (a table's, named from its
    # content) change with the data, and would make a purge kept for the same rules look new.
    tokens = tokens & frozenset(SELECTOR_NAME.findall(text))
    if kept is None:
        path.write_text(purged_stylesheet(text, tokens), encoding="utf-8")
        return None
    made_from = hashlib.sha256("\n".join([text, *sorted(tokens)]).encode("utf-8")).hexdigest()
    result = kept / f"{made_from}.css"
    if not result.is_file():
        kept.mkdir(parents=True, exist_ok=True)
        scratch = result.with_suffix(".tmp")
        scratch.write_text(purged_stylesheet(text, tokens), encoding="utf-8")
        scratch.replace(result)
    path.write_bytes(result.read_bytes())
    return result


def linked_files(outdir: Path, pages: list[Path], pattern: str) -> set[Path]:
    """The files of the book's ``_static`` folder that ``pages`` name in an attribute matched by
    ``pattern`` (a regular expression whose group is the address)."""
    found: set[Path] = set()
    static = outdir.resolve() / "_static"
    for page in pages:
        for address in re.findall(pattern, page.read_text(encoding="utf-8")):
            path = (page.parent / address.split("?", 1)[0]).resolve()
            if path.is_file() and path.is_relative_to(static):
                found.add(path)
    return found


def linked_stylesheets(outdir: Path, pages: list[Path]) -> list[Path]:
    """The stylesheets of the book's ``_static`` folder that ``pages`` link, and those they import."""
    found = linked_files(outdir, pages, r'<link[^>]+href="([^"]+\.css[^"]*)"')
    for path in list(found):
        for imported in re.findall(r'@import\s+(?:url\()?"?([^")]+\.css)', path.read_text(encoding="utf-8")):
            target = (path.parent / imported).resolve()
            if target.is_file():
                found.add(target)
    return sorted(found)


def purge_stylesheets(app, exception) -> None:
    """After an HTML build: the stylesheets the pages link, purged of the rules no page and no
    script of the book can match."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = sorted(outdir.rglob("*.html"))
    scripts = linked_files(outdir, pages, r'<script[^>]+src="([^"]+\.js[^"]*)"')
    tokens = used_tokens(pages, sorted(scripts))
    kept = outdir.parent / KEPT_STYLESHEETS
    used = {purge_stylesheet(stylesheet, tokens, kept) for stylesheet in linked_stylesheets(outdir, pages)}
    for stale in set(kept.glob("*.css")) - used:  # only this build's: the folder does not grow
        stale.unlink()
