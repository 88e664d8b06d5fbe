"""The PDF edition: written by a build next to the HTML book, read back with pypdf and PDFium.

The PDF of the session's book is made once (fixture ``edition_pdf``: a build asked for the PDF, on
the book built for the session, whose HTML is then up to date) and checked: the front page's key
figures in French, the number of pages, the bookmarks against the table of contents, the page
numbers of the table of contents and of the links inside the document, the running header and
footer, the fonts, the metadata and the sharpness of the charts; three pages are saved as PNG in
``captures-pdf/`` next to the built book. A book of two small pages checks the assembly and that
the same HTML gives the same bytes; a build without WeasyPrint publishes the HTML and says why.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from lda_analysis import __version__
from lda_analysis.blocks.typography import french
from lda_analysis.book_build import build_record, builder
from lda_analysis.book_build.jupyter_book_process import JupyterBookProcess
from lda_analysis.contract.errors import BuildError
from lda_analysis.contract.paths import CONFIG_FILE, TOC_FILE
from lda_analysis.domains.edition import load_edition
from lda_analysis.publication import pdf_assembly, pdf_edition

from . import pdf_lines
from .conftest import logged_messages
from .pdf_lines import captions_alone, cuts, document_blocks, page_lines, table_heads

pypdf = pytest.importorskip("pypdf", reason="pypdf absent : pip install -e '.[test]'")
pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 absent : pip install -e '.[test]'")

if pdf_edition.renderer_problem() is not None:
    pytest.skip(f"édition PDF non testée : {pdf_edition.renderer_problem()}", allow_module_level=True)

PDF_NAME = "plan_logement_d_abord_metropole_toulon_provence_mediterranee_2024.pdf"
TITLE = "Rapport d’exécution 2021-2024 — Plan Logement d’Abord – Métropole Toulon Provence Méditerranée"
AUTHOR = "Métropole Toulon Provence Méditerranée"
# The pages of the table of contents the PDF leaves out (the annexes about the data, the web's pages).
LEFT_OUT = (
    "notebooks/dictionnaire_donnees",
    "notebooks/controles_coherence",
    "notebooks/qualite_donnees",
    "book/editions",
    "book/accessibilite",
)


def _plain(text: str) -> str:
    """Text as extracted, with the French no-break spaces (printed as spaces) made plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ").replace("\r", "")


@pytest.fixture(scope="module")
def edition_pdf(built_book) -> dict:
    """The PDF of the session's book, made by a build that asks for it (the HTML is up to date)."""
    with logged_messages() as messages:
        builder.build_edition(2024, output_dir=built_book.parent.parent, pdf=True)
    (path,) = (built_book.parent / "pdf").glob("*.pdf")
    reader = pypdf.PdfReader(path)
    document = pdfium.PdfDocument(path)
    texts = [_plain(page.get_textpage().get_text_range()) for page in document]
    # The print document WeasyPrint rendered (the same assembly as the build's).
    edition = pdf_edition.PdfEdition.of(
        load_edition(2024), built_book.parent, CONFIG_FILE, built_book.parent / "source" / TOC_FILE.name
    )
    printed = edition.document(built_book)
    return {
        "path": path,
        "messages": messages,
        "reader": reader,
        "pdfium": document,
        "texts": texts,
        "document": printed,
        "edition": edition,
    }


def _outline(reader) -> list[tuple[int, str, int]]:
    """The bookmarks: (depth, title, page number from 1), in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, _plain(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def _article(html: Path, file: str):
    """The article of a built page (only it is parsed: the navigation is most of a page)."""
    text = (html / f"{file}.html").read_text(encoding="utf-8")
    return BeautifulSoup(text[text.index("<article") : text.rindex("</article>") + 10], "html.parser").article


def _printed_pages() -> list[tuple[int, str]]:
    """The pages of _toc.yml the PDF prints, in order: (depth, file), the parts' captions left aside."""
    toc = yaml.safe_load(TOC_FILE.read_text(encoding="utf-8"))
    found = [(0, toc["root"])]

    def walk(items, depth):
        for item in items:
            if item["file"] not in LEFT_OUT:
                found.append((depth, item["file"]))
            walk(item.get("sections", []), depth + 1)

    for part in toc["parts"]:
        walk(part["chapters"], 1)
    return found


def _toc_titles(html: Path) -> list[tuple[int, str]]:
    """What the bookmarks should be, read from _toc.yml and the built pages' first headings: the
    table of contents, the root page, each part's caption and its pages one level down."""

    def title(file: str) -> str:
        heading = _article(html, file).find("h1")
        for link in heading.select("a.headerlink"):
            link.decompose()
        return _plain(french(" ".join(heading.get_text(" ").split())))

    toc = yaml.safe_load(TOC_FILE.read_text(encoding="utf-8"))
    expected = [(0, "Sommaire"), (0, title(toc["root"]))]

    def walk(items, depth):
        for item in items:
            if item["file"] not in LEFT_OUT:
                expected.append((depth, title(item["file"])))
            walk(item.get("sections", []), depth + 1)

    for part in toc["parts"]:
        expected.append((0, _plain(french(part["caption"]))))
        walk(part["chapters"], 1)
    return expected


def test_the_build_writes_the_pdf_next_to_the_html_and_links_it_from_the_front_page(edition_pdf, built_book):
    assert edition_pdf["path"] == built_book.parent / "pdf" / PDF_NAME
    written = [message for message in edition_pdf["messages"] if message.startswith("Édition PDF écrite")]
    assert len(written) == 1 and re.search(r"\((\d+) pages, \d+,\d s\)$", written[0]), written
    assert "Sources du livre inchangées : le HTML publié est à jour." in edition_pdf["messages"]
    front = BeautifulSoup(
        (built_book / "notebooks" / "accueil.html").read_text(encoding="utf-8"), "html.parser"
    )
    link = front.select_one("p.lda-edition-pdf a[download]")
    assert link.get_text() == "télécharger le PDF de l’édition 2024" and link["download"] == PDF_NAME
    assert ((built_book / "notebooks" / link["href"]).resolve()) == edition_pdf["path"]


def test_a_rebuild_with_nothing_changed_does_not_render_the_pdf_again(edition_pdf, built_book):
    before = edition_pdf["path"].stat().st_mtime_ns
    with logged_messages() as messages:
        builder.build_edition(2024, output_dir=built_book.parent.parent, pdf=True)
    assert edition_pdf["path"].stat().st_mtime_ns == before
    assert not [message for message in messages if "PDF" in message], messages


def test_front_page_key_figures_are_printed_in_french(edition_pdf):
    outline = _outline(edition_pdf["reader"])
    front = edition_pdf["texts"][outline[1][2] - 1]
    for figure in (
        "810 000 €",
        "sur 845 000 € alloués, soit 95,9 %",
        "+1,3 point",
        "−0,6 point",
        "+30 %",
        "10 → 20",
        "405 500 €",
        "238 330 €",
    ):
        assert figure in front, figure
    # Each card names the chapter it leads to, with its page.
    bilan = next(page for _, title, page in outline if title.startswith("1 Bilan de réalisation"))
    assert f"→ 1 Bilan de réalisation : synthèse financière, page {bilan}" in front
    assert "Version imprimable" not in front  # the HTML's link to the PDF is not printed


def test_the_number_of_pages_is_sensible(edition_pdf):
    assert 100 <= len(edition_pdf["reader"].pages) <= 220


def test_bookmarks_follow_the_table_of_contents(edition_pdf, built_book):
    outline = _outline(edition_pdf["reader"])
    assert [(depth, title) for depth, title, _ in outline] == _toc_titles(built_book)
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages) and pages[0] == 2  # after the cover, in reading order
    # Each page of the book starts a page of the PDF, its title under the running header.
    texts = edition_pdf["texts"]
    for _, title, page in outline[1:]:
        assert title.lower() in " ".join(texts[page - 1][:400].split()).lower(), title  # some uppercased


def test_the_table_of_contents_gives_page_numbers_and_its_links_lead_there(edition_pdf):
    reader, texts = edition_pdf["reader"], edition_pdf["texts"]
    outline = {title: page for _, title, page in _outline(reader)}
    contents = " ".join(texts[1].split())
    for title in ("1.7 Action 6 : Accompagner la finalisation de la CIA", "5 Tableau des sigles"):
        assert re.search(re.escape(title) + r" ?\.+ ?" + str(outline[title]) + r"\b", contents), title
    destinations = reader.named_destinations
    targets = set()
    for annotation in reader.pages[1]["/Annots"]:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
            targets.add(reader.get_destination_page_number(destinations[annotation["/Dest"]]) + 1)
    assert {page for title, page in outline.items() if title != "Sommaire"} <= targets
    # A link of the text (a sigle of the front page) leads to its definition in the glossary.
    glossary = outline["5 Tableau des sigles"]
    front = reader.pages[_outline(reader)[1][2] - 1]
    sigles = [
        reader.get_destination_page_number(destinations[annotation.get_object()["/Dest"]]) + 1
        for annotation in front["/Annots"]
        if str(annotation.get_object().get("/Dest", "")).startswith("page-book-sigles--term-")
    ]
    assert sigles and set(sigles) <= set(range(glossary, glossary + 6))  # the glossary's pages


def test_running_header_and_footer(edition_pdf):
    texts, total = edition_pdf["texts"], len(edition_pdf["texts"])
    assert f"page 1 sur {total}" not in texts[0]  # the cover has none
    for number in (2, 10, total):
        assert f"page {number} sur {total}" in texts[number - 1]
        assert TITLE.replace("'", "’") in texts[number - 1].replace("'", "’")
    outline = {title: page for _, title, page in _outline(edition_pdf["reader"])}
    action = outline["1.7 Action 6 : Accompagner la finalisation de la CIA"]
    # The header names the chapter (PDFium reads the margins last, before the footer).
    assert texts[action - 1].splitlines()[-2] == "1 Bilan de réalisation : synthèse financière"


def test_the_cover_is_the_cover_of_the_metropoles_rapport(edition_pdf):
    cover = " ".join(_plain(edition_pdf["texts"][0]).replace("’", "'").split())
    for words in (
        "Métropole Toulon Provence Méditerranée Rapport d'exécution 2021-2024",
        "Plan Logement d'Abord – Métropole Toulon Provence Méditerranée",
        "Bilan annexé à la convention pluriannuelle d'objectifs 2024-2027 entre l'État et la Métropole",
        "Destinataires Monsieur le Préfet du Var La Délégation interministérielle à l'hébergement et à "
        "l'accès au logement (Dihal) Les membres du comité de suivi local du plan",
        "Validation : délibération du Conseil métropolitain du 29 novembre 2024, approuvant la convention "
        "2024-2027, à laquelle ce rapport est annexé.",
    ):
        assert words in cover, words
    # What made the document is said in the « À propos » annex, not on the cover.
    for tool in ("lda-book", "SHA-256", "version", load_edition(2024).fingerprint):
        assert tool not in cover, tool


def test_long_tables_repeat_their_header_and_keep_their_sources(edition_pdf, built_book):
    """A table cut between two pages shows its header again on the second: some header row is
    printed more often than the book has tables with it. Every source line is printed."""
    headers, sources = Counter(), 0
    for _, file in _printed_pages():
        article = _article(built_book, file)
        for table in article.select("table.lda-table"):
            if table.find_parent("details") is None:
                headers[" ".join(" ".join(th.get_text(" ").split()) for th in table.select("thead th"))] += 1
        sources += len([p for p in article.select("p.lda-source") if p.find_parent("details") is None])
    printed = " ".join(" ".join(edition_pdf["texts"]).split())
    repeated = [header for header, count in headers.items() if printed.count(header) > count]
    assert repeated, "aucun en-tête de tableau répété"
    assert len(re.findall(r"\bSources? :", printed)) >= sources


def test_fonts_are_embedded_and_metadata_set(edition_pdf):
    reader = edition_pdf["reader"]
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = set(descriptor.get_object()) & {
                "/FontFile",
                "/FontFile2",
                "/FontFile3",
            }
    assert fonts and all(fonts.values()), fonts
    metadata = reader.metadata
    assert metadata.title == TITLE and metadata.author == AUTHOR
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    # Dated by the data (the most recent date they cite for 2024), not by the build.
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20241215"
    assert "15 décembre 2024" in edition_pdf["texts"][0] and "Édition 2024" in edition_pdf["texts"][0]
    # Only the project's font (lda_analysis/blocks/fonts.py), in its four faces used by the book.
    assert {re.sub(r"^/[A-Z]{6}\+", "", str(name)) for name in fonts} == {
        "Source-Sans-Pro",
        "Source-Sans-Pro-Bold",
        "Source-Sans-Pro-Semi-Bold",
        "Source-Sans-Pro-Italic",
    }


def test_charts_are_printed_as_vectors_and_images_at_200_dpi_at_least(edition_pdf):
    """The charts are vector images (SVG, drawn as paths: sharp at any size); a raster image, if the
    book has one, is printed at 200 dpi at least."""
    resolutions, paths = [], 0
    for page in edition_pdf["pdfium"]:
        for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            metadata = image.get_metadata()
            resolutions.append(min(metadata.horizontal_dpi, metadata.vertical_dpi))
        paths += len(list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH])))
    assert all(resolution >= 199.5 for resolution in resolutions), resolutions
    # Each chart is hundreds of paths (bars, axes, and its texts drawn as glyph outlines).
    assert paths > 15 * 200, paths


def test_three_pages_saved_as_images(edition_pdf, built_book):
    folder = built_book.parent / "captures-pdf"
    folder.mkdir(exist_ok=True)
    outline = {title: page for _, title, page in _outline(edition_pdf["reader"])}
    chosen = {
        "couverture": 1,
        "sommaire": outline["Sommaire"],
        "bilan": outline["1 Bilan de réalisation : synthèse financière"],
    }
    for name, number in chosen.items():
        image = edition_pdf["pdfium"][number - 1].render(scale=1.5).to_pil()
        image.save(folder / f"{name}.png")
        assert image.width > 800 and image.convert("L").getextrema()[0] < 100  # not blank
    assert sorted(path.name for path in folder.glob("*.png")) == [
        "bilan.png",
        "couverture.png",
        "sommaire.png",
    ]


# Typeset like a rapport: nothing cut, captions with their tables, French typography, the tool named
# only in the « À propos » annex, nothing of the web, tagged, the project's font only.


def test_nothing_is_cut_at_the_end_of_a_line(edition_pdf):
    """No number, amount, percentage, period or date cut at a line end, no word cut without a
    hyphen (a column header « Valeu / r »), no capitalised word hyphenated (tests/pdf_lines.py)."""
    pages = page_lines(edition_pdf["pdfium"])
    found = cuts(pages, document_blocks(edition_pdf["document"]))
    assert found == []
    # The check finds a cut where there is one: two lines of a fictional page.
    lines = [
        pdf_lines.Line(1, "Montant 244\u202f878,", 10, 200, 700, 710),
        pdf_lines.Line(1, "18\xa0€", 10, 60, 688, 698),
    ]
    assert cuts([lines], "Montant 244 878,18 €") == [(1, "nombre coupé", "Montant 244\u202f878, / 18\xa0€")]


def test_captions_stay_with_their_tables(edition_pdf):
    heads = table_heads(edition_pdf["document"])
    assert len(heads) > 150  # every table of the printed pages has its caption
    assert captions_alone(edition_pdf["texts"], heads) == []


def _drawn_text(document) -> str:
    """The text of a PDF as drawn: the spaces PDFium adds between boxes made a separator."""
    pages = []
    for page in document:
        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        pages.append(
            "".join(
                "\x00" if char == " " and pdfium.raw.FPDFText_IsGenerated(textpage.raw, index) == 1 else char
                for index, char in enumerate(text[:count])
            )
        )
    return "\n".join(pages)


def test_french_typography_in_the_pdf(edition_pdf):
    text = _drawn_text(edition_pdf["pdfium"])
    assert text.count("’") > 2000 and re.findall(r"\S*\w'\w\S*", text) == []  # one apostrophe
    assert re.findall(r"« |«\w|\w»| »", text) == []  # a no-break space inside « »
    assert text.count("«\xa0") > 500
    assert re.findall(r".{10}\w ?[;!?](?=\s|$)", text) == []  # a narrow no-break space before ; ! ?
    assert re.findall(r".{10}\w ?:(?=\s)", text) == []  # a no-break space before :
    assert re.findall(r"\d \d{3}\b", text) == []  # thousands: a narrow no-break space
    assert re.findall(r"\d ?(?:€|%)", text) == []  # a number and its unit: a no-break space
    assert text.count("\u202f") > 500
    months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    assert re.findall(rf"\b0\d\s({months})\b", text) == []  # « 1er octobre », not « 01 octobre »
    assert "1er\xa0octobre\xa02024" in text


def _about_pages(edition_pdf) -> range:
    """The pages of the PDF that hold the « À propos de cette édition » annex."""
    outline = _outline(edition_pdf["reader"])
    (start,) = [page for _, title, page in outline if title == "À propos de cette édition"]
    after = [page for _, _, page in outline if page > start]
    return range(start, min(after) if after else len(edition_pdf["texts"]) + 1)


def test_the_tool_is_named_only_in_the_about_annex(edition_pdf):
    about = _about_pages(edition_pdf)
    fingerprint = load_edition(2024).fingerprint
    for number, text in enumerate(edition_pdf["texts"], start=1):
        squeezed = "".join(text.split())
        named = [
            word
            for word in ("lda-book", "papermill", "lda_analysis", "SHA-256", fingerprint, "Jupyter")
            if word in squeezed
        ]
        if number in about:
            continue
        assert named == [], (number, named)
    annex = "".join("".join(edition_pdf["texts"][number - 1].split()) for number in about)
    assert f"parlaversion{__version__}delda-book" in annex and f"d’empreinte{fingerprint}(SHA-256" in annex
    # Pages speak of the rapport, not of a book or of its readers' roles, outside the annex.
    for number, text in enumerate(edition_pdf["texts"], start=1):
        if number not in about:
            assert not re.search(r"\b(livre|analystes?|relecteurs?)\b", text, re.IGNORECASE), number


def test_what_belongs_to_the_web_is_not_printed(edition_pdf):
    printed = " ".join(" ".join(edition_pdf["texts"]).split())
    for web in ("Télécharger", "(CSV)", "Voir les données", "Version imprimable", "un clic"):
        assert web not in printed, web


def test_the_pdf_is_tagged_for_accessibility(edition_pdf, built_book):
    """PDF/UA-1: structure tree, marked content, language, title shown, and each chart's alternative
    text on its figure."""
    reader = edition_pdf["reader"]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "fr"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()  # PDF/UA-1 declared
    kinds, alternatives = Counter(), []

    def walk(element):
        element = element.get_object()
        if isinstance(element, dict):
            if "/S" in element:
                kinds[str(element["/S"])] += 1
            if element.get("/S") == "/Figure" and "/Alt" in element:
                alternatives.append(str(element["/Alt"]))
            children = element.get("/K", [])
            for child in children if isinstance(children, list) else [children]:
                if hasattr(child, "get_object") or isinstance(child, dict):
                    walk(child)

    walk(root["/StructTreeRoot"])
    for kind in ("/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TR", "/TH", "/TD", "/Figure"):
        assert kinds[kind] > 0, kind
    charts = [
        " ".join(image["alt"].split())
        for _, file in _printed_pages()
        for image in _article(built_book, file).select(".lda-chart img[alt]")
    ]
    assert len(charts) >= 15
    assert sorted(" ".join(alt.split()) for alt in alternatives) == sorted(charts)


def test_the_same_pdf_without_the_machines_fonts(edition_pdf, tmp_path):
    """The font comes with the project: rendered where fontconfig sees no font at all, the print
    document gives the same bytes (and so the same pages) as the build's."""
    (tmp_path / "document.html").write_text(edition_pdf["document"], encoding="utf-8")
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    html = edition_pdf["path"].parent.parent / "html"
    script = (
        "import sys; from pathlib import Path; from lda_analysis.publication.pdf_edition import render; "
        "from lda_analysis.blocks.typography import french; "
        f"print(render(Path({str(tmp_path / 'document.html')!r}).read_text(encoding='utf-8'), "
        f"Path({str(html)!r}), Path({str(tmp_path / 'sans-polices.pdf')!r}), "
        f"french({edition_pdf['edition'].cover.running_title!r}), "
        f"Path({str(edition_pdf['edition'].print_charts)!r})))"
    )
    environment = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) == len(edition_pdf["texts"])
    assert (tmp_path / "sans-polices.pdf").read_bytes() == edition_pdf["path"].read_bytes()


def test_a_character_the_font_lacks_is_refused_and_the_last_pdf_kept(tmp_path):
    toc = _small_book(tmp_path)
    page = tmp_path / "html" / "notebooks" / "b.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Définition.", "Définition ☃."), encoding="utf-8"
    )
    target = tmp_path / "pdf" / "livre_2024.pdf"
    target.parent.mkdir()
    target.write_bytes(b"ancien")
    edition = pdf_edition.PdfEdition(tmp_path / "pdf", "livre_2024.pdf", 2024, _cover(), toc, (), None)
    with pytest.raises(BuildError, match=r"police de la machine \(.+\) au lieu de la police du projet"):
        edition.write(tmp_path / "html", "empreinte", build_record.BuildRecord(tmp_path))
    assert target.read_bytes() == b"ancien"


# A small book: the assembly, links, ids, and the same bytes for the same HTML.


def _small_book(folder: Path) -> Path:
    from PIL import Image

    (folder / "html" / "notebooks").mkdir(parents=True)
    (folder / "html" / "_images").mkdir()
    Image.new("RGB", (400, 200), "#0072B2").save(folder / "html" / "_images" / "graphique.png")
    page = (
        '<html><body><nav class="bd-docs-nav">Menu</nav><article class="bd-article"><section id="s">'
        '<h1>{title}<a class="headerlink" href="#s">#</a></h1><p>{text}</p>'
        '<span class="visually-hidden">pour les lecteurs d’écran</span><details><summary>Voir</summary>'
        "<p>caché</p></details><button>Copier</button>{extra}</section></article></body></html>"
    )
    (folder / "html" / "notebooks" / "a.html").write_text(
        page.format(
            title="Accueil",
            text='Voir <a class="reference internal" href="b.html">la page B</a> et '
            '<a href="b.html#terme">le terme</a>, <a href="../_downloads/x/t.csv">t.csv</a>, '
            '<a href="https://example.org/">le site</a>, <a href="c.html">l\'annexe C</a>.',
            extra="<table><thead><tr><th>Année</th><th>Montant</th></tr></thead><tbody>"
            "<tr><td>2024</td><td>4\u202f500\xa0€</td></tr></tbody></table>"
            '<img alt="Graphique" src="../_images/graphique.png" width="100%"/>',
        ),
        encoding="utf-8",
    )
    (folder / "html" / "notebooks" / "b.html").write_text(
        page.format(title="Page B", text='<dl><dt id="terme">Terme</dt><dd>Définition.</dd></dl>', extra=""),
        encoding="utf-8",
    )
    (folder / "html" / "notebooks" / "c.html").write_text(page.format(title="Annexe C", text="", extra=""))
    toc = folder / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: notebooks/a\nparts:\n  - caption: Partie\n    chapters:\n"
        "      - file: notebooks/b\n      - file: notebooks/c.md\n",
        encoding="utf-8",
    )
    return toc


def _cover(day: datetime.date | None = None) -> pdf_assembly.Cover:
    return pdf_assembly.Cover(
        "Rapport", "Livre", "Auteur", "Convention", ("Préfet",), "Validé.", "Édition 2024.", day
    )


def test_the_assembly_of_a_small_book(tmp_path):
    toc = _small_book(tmp_path)
    entries = pdf_edition.toc_entries(toc)
    assert [(entry.file, entry.level, entry.part) for entry in entries] == [
        ("notebooks/a", 1, None),
        ("notebooks/b", 2, "Partie"),
        ("notebooks/c", 2, "Partie"),
    ]
    cover = _cover()
    document = pdf_assembly.assemble(tmp_path / "html", entries, cover, left_out=["notebooks/c"])
    soup = BeautifulSoup(document, "html.parser")
    assert soup.html["lang"] == "fr" and soup.title.get_text() == "Rapport — Livre"
    assert not soup.select("nav, button, details, .visually-hidden, a.headerlink")
    links = {link.get_text(): link.get("href") for link in soup.select("a")}
    assert links["la page B"] == "#page-notebooks-b" and links["le terme"] == "#page-notebooks-b--terme"
    assert links["le site"] == "https://example.org/" and "t.csv" not in links  # a download: text only
    assert "t.csv" in soup.get_text()
    # A link to a page the PDF leaves out says where it is.
    assert "l’annexe C (version en ligne)" in soup.get_text()
    assert soup.find(id="page-notebooks-b--terme").name == "dt"
    assert "pdf-page-ref" in soup.find("a", string="la page B")["class"]
    assert [h1.get_text() for h1 in soup.select("h1")] == [
        "Rapport",
        "Sommaire",
        "Accueil",
        "Partie",
        "Page B",
    ]
    assert "La version en ligne de ce rapport contient aussi" in soup.select_one(".pdf-toc-note").get_text()
    assert "«\xa0Annexe C\xa0»" in soup.select_one(".pdf-toc-note").get_text()
    assert [col["style"] for col in soup.select("colgroup col")] == ["width: 44.4%", "width: 55.6%"]
    # An image is named by its place in the book, not on the disk, and printed at 200 dpi.
    image = soup.find("img")
    assert image["src"] == "livre:/_images/graphique.png" and image["style"] == "width: 2.00in"


def test_the_same_html_gives_the_same_pdf_wherever_it_is_built(tmp_path):
    toc = _small_book(tmp_path)
    elsewhere = tmp_path / "ailleurs" / "livre"
    shutil.copytree(tmp_path / "html", elsewhere / "html")
    cover = _cover(datetime.date(2024, 5, 15))
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    for html, target in ((tmp_path / "html", first), (elsewhere / "html", second)):
        document = pdf_assembly.assemble(html, pdf_edition.toc_entries(toc), cover)
        assert pdf_edition.render(document, html, target, "Livre") == 5  # cover, contents, 3 pages
    assert first.read_bytes() == second.read_bytes()
    rendered = pdfium.PdfDocument(first)
    images = [
        image for page in rendered for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
    ]
    assert len(images) == 1 and round(images[0].get_metadata().horizontal_dpi) == 200
    reader = pypdf.PdfReader(first)
    assert reader.metadata["/CreationDate"] == "D:20240515"
    assert "4 500 €" in _plain(reader.pages[2].extract_text())
    assert not list(tmp_path.glob(".*.en-cours"))


def test_the_pdf_is_rendered_again_only_when_what_it_is_made_from_changed(tmp_path, monkeypatch):
    toc = _small_book(tmp_path)
    renders = []

    def counted(document, html_dir, target, footer="", print_charts=None):
        renders.append(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF-")
        return 1

    monkeypatch.setattr(pdf_edition, "render", counted)
    cover = _cover()
    edition = pdf_edition.PdfEdition(tmp_path / "pdf", "livre_2024.pdf", 2024, cover, toc, (), None)
    html, record = tmp_path / "html", build_record.BuildRecord(tmp_path)
    assert edition.write(html, "empreinte-1", record) == tmp_path / "pdf" / "livre_2024.pdf"
    edition.write(html, "empreinte-1", record)  # the same HTML: not again
    assert len(renders) == 1
    edition.write(html, "empreinte-1", record, force=True)
    edition.write(html, "empreinte-2", record)  # the HTML changed
    assert len(renders) == 3
    later = pdf_edition.PdfEdition(
        tmp_path / "pdf", "livre_2024.pdf", 2024, cover, toc, (), None, wanted=False
    )
    assert later.write(html, "empreinte-3", record) is None  # not asked: not rendered
    assert (tmp_path / "pdf" / "livre_2024.pdf").is_file()
    later.discard_stale("empreinte-2", record)  # the PDF of this HTML: kept
    assert (tmp_path / "pdf" / "livre_2024.pdf").is_file()
    with logged_messages() as messages:
        later.discard_stale("empreinte-3", record)  # a PDF older than the book: removed
    assert len(renders) == 3 and not (tmp_path / "pdf" / "livre_2024.pdf").exists()
    assert messages == [
        "Édition PDF retirée : elle datait d'une version antérieure du livre ; une construction "
        "complète (sans --sans-pdf) la refait."
    ]


def test_a_failed_render_keeps_the_last_pdf(tmp_path, monkeypatch):
    toc = _small_book(tmp_path)
    target = tmp_path / "pdf" / "livre_2024.pdf"
    target.parent.mkdir()
    target.write_bytes(b"ancien")

    def broken(self, target, *arguments, **options):
        Path(target).write_bytes(b"moiti")
        raise ValueError("panne simulée")

    import weasyprint

    monkeypatch.setattr(weasyprint.Document, "write_pdf", broken)
    cover = _cover()
    edition = pdf_edition.PdfEdition(tmp_path / "pdf", "livre_2024.pdf", 2024, cover, toc, (), None)
    with pytest.raises(BuildError, match="Échec de la construction de l'édition PDF .*panne simulée"):
        edition.write(tmp_path / "html", "empreinte", build_record.BuildRecord(tmp_path))
    assert target.read_bytes() == b"ancien" and sorted(p.name for p in target.parent.iterdir()) == [
        target.name
    ]


def test_the_front_page_link_is_added_once_and_removed(built_book, tmp_path):
    page = tmp_path / "notebooks" / "accueil.ipynb"
    page.parent.mkdir()
    shutil.copyfile(built_book.parent / "source" / "notebooks" / "accueil.ipynb", page)
    paragraph = pdf_edition.front_page_link("notebooks/accueil", PDF_NAME, 2024)
    pdf_edition.link_front_page(tmp_path, "notebooks/accueil", paragraph)
    once = page.read_text(encoding="utf-8")
    pdf_edition.link_front_page(tmp_path, "notebooks/accueil", paragraph)
    assert page.read_text(encoding="utf-8") == once and once.count('"id": "edition-pdf"') == 1
    pdf_edition.link_front_page(tmp_path, "notebooks/accueil", None)
    assert pdf_edition.LINK_CELL_ID not in page.read_text(encoding="utf-8")


# Without WeasyPrint.


def test_without_weasyprint_the_html_is_published_with_a_french_warning(
    built_book, tmp_path, monkeypatch, capsys
):
    from lda_analysis.cli.lda_book import main

    output = tmp_path / "editions"
    shutil.copytree(built_book.parent, output / "2024", symlinks=True)
    shutil.rmtree(output / "2024" / "pdf", ignore_errors=True)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # « import weasyprint » fails
    # The HTML as Jupyter Book would render it (checked by the other tests): here, the last one.
    monkeypatch.setattr(JupyterBookProcess, "render", lambda self, source, work: work / "_build" / "html")
    with logged_messages() as messages:
        index = builder.build_edition(2024, output_dir=output, pdf=True)
    assert index.is_file() and "Construction du livre HTML (Jupyter Book)…" in messages
    assert (
        "Attention : WeasyPrint n'est pas installé : l'édition PDF n'est pas produite (installer le projet "
        "avec « make book » ou « pip install -e . »)"
    ) in messages
    assert not (output / "2024" / "pdf").exists()
    staged = (output / "2024" / "source" / "notebooks" / "accueil.ipynb").read_text(encoding="utf-8")
    assert pdf_edition.LINK_CELL_ID not in staged  # no link to a PDF that is not there
    # Strict mode: an error, in French, before anything is built.
    assert main(["build", "--strict", "--output", str(output)]) == 1
    error = capsys.readouterr().err
    assert "Erreur : WeasyPrint n'est pas installé" in error
    assert "En mode strict (--strict), l'édition PDF est obligatoire." in error
    with pytest.raises(BuildError, match="En mode strict"):
        builder.build_edition(2024, output_dir=output, strict=True, pdf=True)


def test_html_pages_print_without_navigation(built_book):
    """Printing a page of the HTML book (Ctrl+P): the page's print stylesheet is linked, and it
    leaves out the navigation, keeps table rows whole and repeats their header."""
    page = (built_book / "notebooks" / "accueil.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="stylesheet" type="text/css" href="\.\./_static/impression\.css', page)
    css = (built_book / "_static" / "impression.css").read_text(encoding="utf-8")
    assert css.count("@media print") == 1
    for rule in (
        ".bd-sidebar-primary",
        ".bd-header",
        "display: none !important",
        "thead { display: table-header-group; }",
    ):
        assert rule in css, rule
    assert "tr { break-inside: avoid; }" in css
