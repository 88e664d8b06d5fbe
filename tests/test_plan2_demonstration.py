"""The yearly rapports of the convention 2024-2027, end to end, on the complete demonstration in
FICTIONAL DATA of ``tests/demonstration.py`` (2024-2025 and 2026, every row of each year's template
filled, as the Métropole's analyst does): import, check, build of the editions 2025 and 2026, their
pages, the « what changed » page and the engagements computed on two consecutive years; the 2024
edition unchanged by the new years; the year's text kept to its edition.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from lda_analysis.book_build.builder import FINGERPRINT_MARK
from lda_analysis.cli.lda_book import main
from lda_analysis.contract.paths import CONFIG_FILE, TOC_FILE
from lda_analysis.domains.edition import load_edition, missing_data
from lda_analysis.domains.engagements.computations import dashboard
from lda_analysis.domains.fiches_actions.pages import follow_up_titles
from lda_analysis.publication.pdf_edition import PdfEdition, renderer_problem

from .conftest import replace_in_file
from .demonstration import FICTIONAL, MARK, make_demonstration
from .pdf_lines import cuts, document_blocks, page_lines
from .visible_text import book_text, differences

SNAPSHOT_2024 = Path(__file__).with_name("texte_visible_2024.json")
# The pages of a yearly rapport that show the demonstration's figures or texts.
PLAN2_PAGES = (
    "notebooks/accueil_annuel.html",
    "notebooks/synthese_annuelle.html",
    "notebooks/etat_des_actions.html",
    "notebooks/engagements.html",
    "notebooks/changements.html",
    "notebooks/bilan_annuel.html",
)


def _build(data: Path, output: Path, year: int, *options: str, pdf: bool = False) -> int:
    """``lda-book build`` of ``year``; without the PDF edition unless ``pdf`` (it takes seconds)."""
    options = (*options, *([] if pdf else ["--sans-pdf"]))
    return main(["build", "--year", str(year), "--data-dir", str(data), "--output", str(output), *options])


@pytest.fixture(scope="module")
def demonstration(tmp_path_factory):
    """The demonstration's data folder, its check, and the editions 2025 and 2026 built from it."""
    folder = tmp_path_factory.mktemp("demonstration")
    data = make_demonstration(folder)
    output = folder / "livres"
    codes = {
        "check": main(["check", "--data-dir", str(data)]),
        2025: _build(data, output, 2025, "--sans-pdf"),
        2026: _build(data, output, 2026, "--sans-pdf"),
    }
    return {"data": data, "output": output, "codes": codes, "folder": folder}


def _texts(demonstration, year: int) -> dict[str, str]:
    return book_text(demonstration["output"] / str(year) / "html")


def test_both_years_import_check_and_build(demonstration):
    assert demonstration["codes"] == {"check": 0, 2025: 0, 2026: 0}
    # Complete: every figure and text of 2026 is there, so 2026 is the default edition.
    assert load_edition(None, demonstration["data"]).year == 2026
    assert missing_data(load_edition(2026, demonstration["data"])) == []


def test_each_yearly_edition_has_its_pages_and_names_its_rapport(demonstration):
    for year, rapport in ((2025, "Rapport d'exécution 2024-2025"), (2026, "Rapport d'exécution 2026")):
        texts = _texts(demonstration, year)
        fiches = {
            f"notebooks/suivi/fa_{code}.html" for code, _ in follow_up_titles(load_edition(year).tables)
        }
        assert len(fiches) == 25 and fiches <= set(texts)
        assert set(PLAN2_PAGES) <= set(texts)
        for page, text in texts.items():
            if page == "index.html":  # a redirect to the front page
                continue
            text = text.replace("’", "'")
            assert rapport in text, page  # the part caption of the table of contents, on every page
            assert "Rapport d'exécution 2021-2024\n" not in text, page
        front = texts["notebooks/accueil_annuel.html"].replace("’", "'")
        assert f"{rapport} — Plan Logement d'Abord" in front
        assert "convention pluriannuelle d'objectifs 2024-2027" in front


def test_the_fictional_figures_are_marked_on_every_page_that_shows_them(demonstration):
    for year in (2025, 2026):
        texts = _texts(demonstration, year)
        pages = [*PLAN2_PAGES, *(page for page in texts if page.startswith("notebooks/suivi/"))]
        for page in pages:
            assert "fictives" in texts[page], (year, page)
        assert FICTIONAL in texts["notebooks/synthese_annuelle.html"].replace("’", "'")


def test_what_changed_from_2025_to_2026(demonstration):
    text = _texts(demonstration, 2026)["notebooks/changements.html"]
    assert "Chiffres et textes ajoutés, retirés ou révisés de l'édition 2025 à l'édition 2026" in text
    # The fiche 20 is running in 2024-2025 and finished in 2026 (the demonstration's statuses).
    assert re.search(r"FA 20 — Accélérateur de l.autonomie des jeunes \(AAJ\)\nen cours\nterminée", text)
    assert "15 fiches se sont terminées" in text
    # Each indicator achieved: 3 more in 2026 than in 2024-2025, computed.
    assert "+3\n+3 (depuis 2024-2025)" in text
    # The engagements' état in both years.
    assert "État (2024-2025)\nÉtat (2026)" in text
    # The correction made in 2026 to a figure the 2024-2025 rapport published: old → new.
    assert "periode=2024-2025, action=3, poste=consomme\nvaleur : 8800\nvaleur : 9500" in text


def test_a_correction_is_kept_in_the_revisions_journal(demonstration):
    from lda_analysis.contract.data import load_table

    journal = load_table("revisions", demonstration["data"])
    assert journal[
        ["periode", "table", "cle", "colonne", "ancienne_valeur", "nouvelle_valeur"]
    ].values.tolist() == [
        [
            "2026",
            "finances_plan2_credits",
            "periode=2024-2025, action=3, poste=consomme",
            "valeur",
            "8800",
            "9500",
        ]
    ]
    # The 2025 edition shows the corrected figure; its journal is not the 2025 edition's to show.
    assert "revisions" in load_edition(2025, demonstration["data"]).tables
    assert load_edition(2025, demonstration["data"]).table("revisions").empty


def test_the_engagements_dashboard_computes_each_state(demonstration):
    board = dashboard(load_edition(2026, demonstration["data"]).tables, "2026").set_index("engagement")
    assert board.loc["feuille_de_route", "etat"] == "atteint"  # every fiche running or finished
    assert board.loc["instance_suivi", "etat"] == "atteint"  # a dated proof
    assert board.loc["ingenierie", "etat"] == "donnée manquante"  # no proof cited
    assert board.loc["mesures_evaluees", "etat"] == "atteint"  # every indicator achieved
    text = _texts(demonstration, 2026)["notebooks/engagements.html"]
    counts = {state: int((board["etat"] == state).sum()) for state in set(board["etat"])}
    assert f"Pour 2026, sur 9 engagements : {counts['atteint']} atteint" in text


def test_the_2024_edition_is_unchanged_by_the_new_years(demonstration, built_book_downloads):
    output = demonstration["folder"] / "livre-2024"
    assert _build(demonstration["data"], output, 2024, "--sans-pdf") == 0
    html = output / "2024" / "html"
    recorded = json.loads(SNAPSHOT_2024.read_text(encoding="utf-8"))
    assert not differences(recorded, book_text(html))
    downloads = {path.name: path.read_bytes() for path in (html / "_downloads").rglob("*") if path.is_file()}
    assert downloads == built_book_downloads


@pytest.fixture(scope="module")
def built_book_downloads():
    """The downloads of the 2024 edition built from the embedded data alone."""
    from lda_analysis.book_build.builder import stage_downloads

    edition = load_edition(2024)
    folder = Path(__import__("tempfile").mkdtemp()) / "donnees"
    stage_downloads(edition, folder)
    found = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    shutil.rmtree(folder.parent)
    return found


def test_the_year_s_text_belongs_to_its_edition_and_strict_mode_refuses_a_missing_one(demonstration, capsys):
    data, output = demonstration["data"], demonstration["output"]
    before = _texts(demonstration, 2025)
    replace_in_file(
        data / "redaction_textes.csv",
        f"Texte de démonstration pour 2026, fiche action 20, rubrique faits_marquants {MARK}.",
        f"Texte de démonstration corrigé pour 2026, fiche action 20 {MARK}.",
    )
    assert _build(data, output, 2025, "--sans-pdf") == 0
    assert not differences(before, _texts(demonstration, 2025))  # 2026's text changed, not 2025's
    assert _build(data, output, 2026, "--sans-pdf") == 0
    assert (
        "Texte de démonstration corrigé pour 2026"
        in _texts(demonstration, 2026)["notebooks/suivi/fa_20.html"]
    )
    # A text of 2026 removed: « Texte à rédiger » on its page, an error in strict mode.
    lines = (data / "redaction_textes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "Texte de démonstration corrigé pour 2026" not in line]
    (data / "redaction_textes.csv").write_text("".join(kept), encoding="utf-8")
    capsys.readouterr()
    assert _build(data, output, 2026, "--sans-pdf", "--strict") == 1
    assert "texte à rédiger pour 2026 : fiche action 20 (faits marquants)" in capsys.readouterr().err
    assert _build(data, output, 2026, "--sans-pdf") == 0
    page = _texts(demonstration, 2026)["notebooks/suivi/fa_20.html"]
    assert "Faits marquants#\nTexte à rédiger." in page


def test_every_page_says_the_fingerprint_of_the_data_its_edition_sees(demonstration):
    html = demonstration["output"] / "2025" / "html"
    fingerprint = load_edition(2025, demonstration["data"]).fingerprint
    for page in ("notebooks/engagements.html", "book/sigles.html", "notebooks/suivi/fa_7.html"):
        assert f"{FINGERPRINT_MARK}{fingerprint}</span>" in (html / page).read_text(encoding="utf-8")


@pytest.mark.skipif(
    renderer_problem() is not None, reason=f"édition PDF impossible ici : {renderer_problem()}"
)
def test_the_pdf_cover_names_the_rapport_and_the_convention(demonstration):
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 absent : pip install -e '.[test]'")
    from pypdf import PdfReader

    assert _build(demonstration["data"], demonstration["output"], 2026, pdf=True) == 0
    (pdf,) = (demonstration["output"] / "2026" / "pdf").glob("*.pdf")
    reader = PdfReader(pdf)
    cover = " ".join(unescape(reader.pages[0].extract_text()).replace("’", "'").split())
    for words in (
        "Rapport d'exécution 2026",
        "Rapport annuel de la convention pluriannuelle d'objectifs 2024-2027 entre l'État et la Métropole",
        "Destinataires Monsieur le Préfet du Var",
        # No date of validation in the configuration for 2026: the cover says it is a working version.
        "Version de travail : non encore validée par les instances de la Métropole.",
    ):
        assert words in cover, words
    assert reader.metadata.title.startswith("Rapport d’exécution 2026 — ")
    # Typeset as the rapport 2021-2024 is: nothing cut, the tool named in the « À propos » annex only.
    document = pdfium.PdfDocument(pdf)
    edition = PdfEdition.of(
        load_edition(2026, demonstration["data"]),
        pdf.parent.parent,
        CONFIG_FILE,
        pdf.parent.parent / "source" / TOC_FILE.name,
    )
    printed = edition.document(pdf.parent.parent / "html")
    assert cuts(page_lines(document), document_blocks(printed)) == []
    texts = [page.get_textpage().get_text_range() for page in document]
    about = next(number for number, text in enumerate(texts) if "À propos de cette édition" in text[:200])
    assert about > 10 and all("lda-book" not in text and "papermill" not in text for text in texts[:about])
