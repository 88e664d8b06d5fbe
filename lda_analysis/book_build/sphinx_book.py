"""The book's Sphinx extension.

- Sigles link to the glossary: on each page, the first occurrence of each sigle in ordinary text
  (not in titles, links, code or the glossary itself) becomes a reference to its glossary entry. The
  sigles come from the configuration value ``lda_glossary_terms``, which the build fills from data.
- Charts keep their text as the data give it: the title and source of a chart (a block of class
  ``lda-chart``, see :mod:`lda_analysis.blocks.charts`) get no typographic quotes and link no sigle.
- No script twice: sphinx-thebe, loaded by both Jupyter Book and the theme, adds its inline
  configuration script twice, which throws a JavaScript error (« THEBE_JS_URL has already been
  declared ») on every page; duplicates are dropped from each page's scripts.
- Named disclosure buttons in the navigation: the theme opens and closes the sub-sections of the
  book's table of contents with ``<summary>`` elements that hold only an icon, which assistive
  technologies announce without a name; each gets a text hidden on screen that names the section
  (« Afficher ou masquer les sous-sections de « … » »).
- The search index of a rebuild is the search index of a clean build: Sphinx 7.4 reloads the index
  of the last build and feeds it the pages it writes again, but forgets the index entries (the
  glossary's sigles) of the pages it does not write again and keeps, with no page, the words that
  no page holds any more. The index entries are reloaded with the rest, dropped with the pages
  that are gone, and the index is written in one order whatever the order its pages were fed in
  (:func:`complete_search_index`; ``tests/test_incremental.py`` compares the two builds).
- Search that finds figures: Sphinx indexes the notebooks' HTML outputs (tables) by deleting their tags,
  which glues neighbouring cells into one word (« Valeur », « Nature », « Ménages » became
  ``valeurnatureménag``); each cell's words are indexed apart (:func:`html_text`). Each word is also
  indexed without its accents (:func:`fold_accents`): « menages » finds what « ménages » finds; the
  search page's script ``book/_static/recherche.js`` folds the query the same way and shows, under
  each result, the table row or the paragraph that matched (:func:`index_words_apart_and_unaccented`).
- A changed title is shown on every page: Sphinx writes again only the pages it reads again, while
  every page shows the titles of the others (navigation, previous and next page, links named after
  their target). When a page read again has a new title, or a page came or went, every page is
  written again (:func:`note_titles`, :func:`pages_showing_titles`).
- A changed static file is published: when no page is to be read again, Sphinx 7.4 stops before
  copying the static files (``book/_static``: the book's style sheets and scripts), so a rebuild kept
  the old ones. A change of any of them reads every page again (:func:`static_files_changed`): they
  are copied, and every page links them with their new checksum.
- A change of this extension is published: Sphinx does not know that an extension changed, and
  wrote again only the pages whose file changed. The build gives it the digest of the library and
  the programs (the theme included) as the configuration value ``lda_library``: when it changes,
  every page is read and written again (``tests/test_incremental.py``,
  ``test_a_change_of_the_book_extension_is_published``).
- A changed download is published without reading its pages again: Sphinx counts the files a page
  offers for download among the page's sources, so a change of a table's CSV file read and wrote
  again every page offering it (the data dictionary offers them all), although a download link does
  not show the file's content. The files offered are not counted (:func:`downloads_are_not_sources`);
  after every build, each download of the output is the staged file (:func:`publish_downloads`:
  Sphinx copies them only when it writes some page) (``tests/test_incremental.py``,
  ``test_a_changed_download_is_published_without_reading_its_pages_again``).
- The theme's templates are compiled once: Jinja compiles them in each new process, a tenth of a
  second of each rebuild. The compiled templates are kept beside the doctrees, in a folder named
  after the library's digest (the programs that compile them); Jinja compiles again a template whose
  text changed (:func:`keep_compiled_templates`).
- What no page produces any more is not published: Sphinx adds images, downloads, pages and copied
  sources to its output folder and never removes one, so a rebuild published, beside the current
  files, the images of charts renamed since (the ``_images/*.png`` of the book before the charts
  became vector images). After each build, the output keeps only what the pages Sphinx knows now
  produce (:func:`remove_stale_outputs`; ``tests/test_incremental.py``,
  ``test_a_renamed_chart_leaves_no_stale_image``).
"""

from __future__ import annotations

import filecmp
import hashlib
import io
import re
import shutil
import unicodedata
from pathlib import Path
from typing import IO, Any

import soupsieve
from docutils import nodes
from jinja2 import FileSystemBytecodeCache
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder
from sphinx.transforms import SphinxTransform

from lda_analysis.blocks.typography import french_numbers
from lda_analysis.publication.web_assets import drop_unused_assets, purge_stylesheets

SKIPPED = (
    nodes.title,
    nodes.reference,
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.term,
    addnodes.pending_xref,
    addnodes.glossary,
    nodes.FixedTextElement,
)
CHART_CLASS = "lda-chart"


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


# Cards of the front page are links already: no link inside them; nor in the charts' captions.
SKIPPED_CLASSES = {"sd-card", CHART_CLASS}


def _skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIPPED):
            return True
        if isinstance(parent, nodes.Element) and SKIPPED_CLASSES & set(parent.get("classes", [])):
            return True
        parent = parent.parent
    return False


def link_terms(app: Sphinx, doctree: nodes.document) -> None:
    """Replace the first occurrence of each sigle on the page by a reference to the glossary."""
    pattern = _pattern(list(app.config.lda_glossary_terms))
    if pattern is None or any(True for _ in doctree.findall(addnodes.glossary)):
        return
    seen: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        if _skipped(text) or not pattern.search(text.astext()):
            continue
        pieces: list[nodes.Node] = []
        position = 0
        content = text.astext()
        for match in pattern.finditer(content):
            term = match.group(1)
            if term in seen:
                continue
            seen.add(term)
            pieces.append(nodes.Text(content[position : match.start()]))
            reference = addnodes.pending_xref(
                "", refdomain="std", reftype="term", reftarget=term, refexplicit=True, refwarn=True
            )
            reference += nodes.inline(term, term, classes=["lda-sigle"])
            pieces.append(reference)
            position = match.end()
        if pieces:
            pieces.append(nodes.Text(content[position:]))
            text.parent.replace(text, pieces)


_TAG = re.compile(r"(<[^>]*>)")


def french_numbers_everywhere(app: Sphinx, doctree: nodes.document) -> None:
    """Every number the book writes with French spaces (:func:`lda_analysis.blocks.typography.french_numbers`),
    in its sentences, notes and tables: the text of the page and of the notebooks' HTML outputs."""
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, nodes.FixedTextElement | nodes.literal | nodes.raw):
            continue
        content = text.astext()
        spaced = french_numbers(content)
        if spaced != content:
            text.parent.replace(text, nodes.Text(spaced))
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        content = raw.astext()
        pieces = _TAG.split(content)
        spaced = "".join(piece if piece.startswith("<") else french_numbers(piece) for piece in pieces)
        if spaced != content:
            raw.replace(raw.children[0], nodes.Text(spaced))
            raw.rawsource = spaced


class PlainCharts(SphinxTransform):
    """No typographic quotes in the book's charts' blocks (runs before Sphinx's smart quotes)."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for block in self.document.findall(nodes.container):
            if CHART_CLASS in block.get("classes", []):
                block["support_smartquotes"] = False


def drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep one copy of each script of a page (same file, or same inline body: an inline script is
    registered once with the file name None and once with '')."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = (
            getattr(script, "filename", script) or "",
            repr(sorted(getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


TOGGLE_LABEL = "Afficher ou masquer les sous-sections de « {} »"
# Bootstrap's class (loaded by the theme) for a text that screen readers say and screens do not show.
VISUALLY_HIDDEN = "visually-hidden"


def name_disclosures(toctree) -> None:
    """Give each ``<summary>`` of a navigation tree (a BeautifulSoup tree, as the theme makes it) that
    has no text a hidden text naming the section it opens; its icon is hidden from assistive
    technologies.

    >>> from bs4 import BeautifulSoup
    >>> tree = BeautifulSoup(
    ...     '<li class="has-children"><a class="reference" href="a.html">Bilan &amp; suites</a><details>'
    ...     '<summary><span class="toctree-toggle"><i></i></span></summary><ul></ul></details></li>',
    ...     "html.parser",
    ... )
    >>> name_disclosures(tree)
    >>> print(tree.summary)
    <summary><span class="visually-hidden">Afficher ou masquer les sous-sections de « Bilan &amp; suites »</span><span aria-hidden="true" class="toctree-toggle"><i></i></span></summary>
    """
    for summary in toctree.find_all("summary"):
        if summary.get_text(strip=True):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        title = " ".join(link.get_text(" ", strip=True).split()) if link is not None else ""
        label = toctree.new_tag("span", attrs={"class": VISUALLY_HIDDEN})
        label.string = TOGGLE_LABEL.format(title) if title else "Afficher ou masquer les sous-sections"
        for icon in summary.find_all(class_="toctree-toggle"):
            icon["aria-hidden"] = "true"
        summary.insert(0, label)


def label_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Make the theme's navigation tree (``generate_toctree_html``, given to the templates by the
    theme's own handler of this event, which runs first) name its disclosure buttons."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def labelled(*args, **kwargs):
        toctree = generate(*args, **kwargs)
        if hasattr(toctree, "find_all"):  # the sidebar's tree; a string is left as it is
            name_disclosures(toctree)
        return toctree

    context["generate_toctree_html"] = labelled


def complete_search_index() -> None:
    """Make Sphinx's search index of an incremental build the one of a clean build (see the module
    docstring): :class:`sphinx.search.IndexBuilder` reloads its index entries, prunes them with the
    pages, and freezes the index in a canonical order, without words that no page holds."""
    if getattr(IndexBuilder, "_lda_complete", False):
        return
    load, prune, freeze = IndexBuilder.load, IndexBuilder.prune, IndexBuilder.freeze

    def load_entries(self: IndexBuilder, stream: IO, format: Any) -> None:
        if isinstance(format, str):
            format = self.formats[format]
        text = stream.read()
        load(self, io.StringIO(text), format)
        frozen = format.loads(text)
        names = frozen["docnames"]
        entries: dict[str, list[tuple[str, str, str]]] = {}
        for entry, places in frozen.get("indexentries", {}).items():
            for document, anchor, main in places:
                entries.setdefault(names[document], []).append((entry, anchor, "main" if main else ""))
        self._index_entries = entries

    def prune_entries(self: IndexBuilder, docnames) -> None:
        kept = set(docnames)
        prune(self, kept)
        self._index_entries = {name: found for name, found in self._index_entries.items() if name in kept}

    def canonical(self: IndexBuilder) -> dict[str, Any]:
        frozen = freeze(self)
        for key in ("terms", "titleterms"):
            frozen[key] = {word: places for word, places in frozen[key].items() if places != []}
        frozen["indexentries"] = {
            entry: sorted(places) for entry, places in sorted(frozen["indexentries"].items())
        }
        return frozen

    IndexBuilder.load, IndexBuilder.prune, IndexBuilder.freeze = load_entries, prune_entries, canonical
    IndexBuilder._lda_complete = True


# Letters folded as French readers type them without accents (the same table in recherche.js).
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def fold_accents(text: str) -> str:
    """The text without its accents and ligatures, as a reader types it on a keyboard without them
    (the search page folds the query with the same rule: ``book/_static/recherche.js``).

    >>> fold_accents("Ménages accompagnés : 37 ; Cœur de métropole")
    'Menages accompagnes : 37 ; Coeur de metropole'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LIGATURES))
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


def html_text(markup: str) -> str:
    """The text a reader sees in a block of raw HTML (a notebook's table), each element's text apart
    from its neighbours' (Sphinx deletes the tags, which glues the cells of a row), entities decoded,
    without scripts and styles.

    >>> html_text("<table><tr><th>Indicateur</th><th>Valeur</th></tr>"
    ...           "<tr><td>Ménages accompagnés</td><td>37</td></tr></table><style>td {}</style>").split()
    ['Indicateur', 'Valeur', 'Ménages', 'accompagnés', '37']
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return soup.get_text(" ")


def _unaccented(words: list[str], stopwords) -> list[str]:
    """The words of ``words`` that have accents or ligatures, without them, once each (stop words
    left out: « même » stays out of the index)."""
    unaccented = {}
    for word in dict.fromkeys(words):
        folded = fold_accents(word)
        if folded != word and word.lower() not in stopwords:
            unaccented[folded] = None
    return list(unaccented)


def index_words_apart_and_unaccented() -> None:
    """Make Sphinx's search index find figures and unaccented words (see the module docstring):
    :meth:`sphinx.search.IndexBuilder._word_collector` reads each raw HTML block of a page as the text
    a reader sees (:func:`html_text`) instead of deleting its tags, and the words of the page (and of
    its titles) are collected once more without their accents (:func:`fold_accents`), so the index
    holds the stem of « menages » beside the stem of « ménages »."""
    if getattr(IndexBuilder, "_lda_words_apart", False):
        return
    collect = IndexBuilder._word_collector

    def words_apart(self: IndexBuilder, doctree: nodes.document):
        swapped = []
        for raw in list(doctree.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and raw.parent is not None:
                placeholder = nodes.inline("", html_text(raw.astext()))
                raw.replace_self(placeholder)
                swapped.append((placeholder, raw))
        try:
            store = collect(self, doctree)
        finally:  # the page is written from the same doctree: leave it as it was
            for placeholder, raw in swapped:
                placeholder.replace_self(raw)
        stopwords = self.lang.stopwords
        store.words.extend(_unaccented(store.words, stopwords))
        store.title_words.extend(_unaccented(store.title_words, stopwords))
        return store

    IndexBuilder._word_collector = words_apart
    IndexBuilder._lda_words_apart = True


def _titles(env, docnames) -> dict[str, str]:
    return {name: env.titles[name].astext() for name in docnames if name in env.titles}


def note_titles(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Before Sphinx reads pages again: the titles of the pages as they were (of all of them: other
    extensions may add pages to read), and whether a page comes or goes; read nothing more."""
    app.lda_titles_before = (_titles(env, env.titles), bool(added or removed))
    return []


def pages_showing_titles(app: Sphinx, env) -> list[str]:
    """After reading: every page, to be written again, if a page read again changed its title or a
    page came or went (:func:`note_titles`); else none."""
    before, pages_changed = getattr(app, "lda_titles_before", ({}, False))
    if not pages_changed and _titles(env, before) == before:
        return []
    return sorted(env.found_docs)


def _static_digest(app: Sphinx) -> str:
    """The digest of the files Sphinx copies into the book at the end of a build (``html_static_path``
    and ``html_extra_path``): their paths and contents."""
    digest = hashlib.sha256()
    for entry in [*app.config.html_static_path, *app.config.html_extra_path]:
        root = Path(app.confdir, entry)
        files = sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                digest.update(f"{entry}/{path.relative_to(root).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def static_files_changed(
    app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Every page, to be read again, when the static files changed since the last build or are not
    known to it (see the module docstring; on a first build, every page is read anyway); else none.
    The digest is kept in the environment, which Sphinx saves when it has read a page."""
    before, env.lda_static_digest = getattr(env, "lda_static_digest", None), _static_digest(app)
    return [] if before == env.lda_static_digest else sorted(env.found_docs)


def _current_outputs(app: Sphinx) -> set[str]:
    """The files of the HTML output that the pages Sphinx knows now produce (paths relative to the
    output folder): each page's HTML and copied source, the images and the downloads they show."""
    env, builder = app.env, app.builder
    sourcelink = app.config.html_sourcelink_suffix
    outputs = {f"{builder.imagedir}/{unique}" for _, unique in env.images.values()}
    outputs |= {f"_downloads/{unique}" for _, unique in env.dlfiles.values()}
    for docname in env.all_docs:
        outputs.add(f"{docname}{builder.out_suffix}")
        # As Sphinx names the copied source (StandaloneHTMLBuilder.get_doc_context).
        source = docname + str(env.doc2path(docname, False))[len(docname) :]
        if not source.endswith(sourcelink):
            source += sourcelink
        outputs.add(f"_sources/{source}")
    return outputs


def _redirect_is_current(app: Sphinx) -> bool:
    """Whether the output's ``index.html`` is the redirect to the root page that sphinx-external-toc
    writes when it is missing (kept: it has the time of its first writing; any other is removed and
    written again)."""
    root = app.config.root_doc
    for suffix in app.config.source_suffix:
        root = root.removesuffix(suffix)
    expected = f'<meta http-equiv="Refresh" content="0; url={root}.html" />\n'
    index = Path(app.outdir, "index.html")
    return index.is_file() and index.read_text(encoding="utf-8") == expected


def _stale_outputs(app: Sphinx) -> list[Path]:
    """The files of the HTML output that no page known now produces: images, downloads, pages and
    copied sources left by an earlier build (Sphinx adds to its output folder, never removes)."""
    outdir = Path(app.outdir)
    current = _current_outputs(app)
    candidates = [
        *(outdir / app.builder.imagedir).rglob("*"),
        *(outdir / "_downloads").rglob("*"),
        *(outdir / "_sources").rglob("*"),
        *(path for path in outdir.rglob("*.html") if not path.relative_to(outdir).parts[0].startswith("_")),
    ]
    special = {f"{name}.html" for name in ("genindex", "search", *app.config.html_additional_pages)}
    if _redirect_is_current(app):
        special.add("index.html")
    special |= {f"{index[0]}.html" for index in getattr(app.builder, "domain_indices", [])}
    for entry in app.config.html_extra_path:  # copied as they are into the output's root
        root = Path(app.confdir, entry)
        special |= {path.relative_to(root).as_posix() for path in root.rglob("*.html")}
    stale = []
    for path in candidates:
        name = path.relative_to(outdir).as_posix()
        if path.is_file() and name not in current and name not in special:
            stale.append(path)
    return stale


def remove_stale_outputs(app: Sphinx, exception: Exception | None) -> None:
    """After a build that succeeded: remove from the HTML output what no page produces any more
    (see the module docstring), and the folders left empty in ``_downloads``."""
    if exception is not None or app.builder.format != "html":
        return
    for path in _stale_outputs(app):
        path.unlink()
    downloads = Path(app.outdir) / "_downloads"
    for folder in sorted(downloads.glob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def downloads_are_not_sources(app: Sphinx, doctree: nodes.document) -> None:
    """After Sphinx's collector of downloads (``doctree-read``): the files the page offers for download
    are not sources of the page (see the module docstring), unless the page also shows them."""
    env = app.env
    for node in doctree.findall(addnodes.download_reference):
        target = node["reftarget"]
        if "://" not in target:
            offered, _ = env.relfn2path(target, env.docname)
            if offered not in env.images:
                env.dependencies[env.docname].discard(offered)


def publish_downloads(app: Sphinx, exception: Exception | None) -> None:
    """After a build that succeeded: every download of the HTML output is the file the pages offer
    (Sphinx copies them only when it writes some page: :func:`downloads_are_not_sources`)."""
    if exception is not None or app.builder.format != "html":
        return
    for offered, (_, unique) in app.env.dlfiles.items():
        source, published = Path(app.srcdir, offered), Path(app.outdir, "_downloads", unique)
        if not published.is_file() or not filecmp.cmp(source, published, shallow=False):
            published.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, published)


def keep_compiled_templates(app: Sphinx) -> None:
    """When the builder is made: Jinja keeps the templates it compiles in the build's folder, under
    the library's digest (``lda_library``), and takes them back in the next build (see the module
    docstring)."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        kept = Path(app.doctreedir, "gabarits_compiles")
        folder = kept / (app.config.lda_library or "sans-empreinte")[:16]
        for other in kept.glob("*"):  # compiled by another library
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def warm_up() -> None:
    """Done by the process that renders the book while it waits for its command
    (:mod:`lda_analysis.book_build.jupyter_book_process`): what the theme compiles at the first page
    of every build whatever the book, the CSS selectors with which it shapes the navigation."""
    for selector in ("li", "li.toctree-l1 > details", ".toc-h1", ".toc-h2"):
        soupsieve.compile(selector)


def setup(app: Sphinx) -> dict:
    complete_search_index()
    index_words_apart_and_unaccented()
    app.connect("env-get-outdated", note_titles)
    app.connect("env-get-outdated", static_files_changed)
    app.connect("env-get-updated", pages_showing_titles)
    app.add_config_value("lda_glossary_terms", [], "env")
    # The digest of the library and the programs (lda_analysis.book_build.library.library_digest): a change of
    # this extension, of the library or of the theme reads and writes every page again.
    app.add_config_value("lda_library", "", "env")
    app.connect("builder-inited", keep_compiled_templates)
    # After Sphinx's collector of downloads (priority 500).
    app.connect("doctree-read", downloads_are_not_sources, priority=900)
    app.connect("doctree-read", link_terms)
    app.connect("doctree-read", french_numbers_everywhere)
    app.add_transform(PlainCharts)
    app.connect("html-page-context", drop_duplicate_scripts)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("build-finished", purge_stylesheets)
    # After the theme's handlers (priority 500), which give the templates the navigation tree.
    app.connect("html-page-context", label_navigation, priority=900)
    # Before sphinx-external-toc's handler (priority 500), which writes index.html when it is missing:
    # the redirect to the root page is written again, never left pointing to a former root page.
    app.connect("build-finished", remove_stale_outputs, priority=100)
    app.connect("build-finished", publish_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
