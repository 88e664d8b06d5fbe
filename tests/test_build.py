"""Build the book of the default edition into a temporary folder and check its HTML.

The build runs the notebooks with papermill and Jupyter Book for real (a few seconds); the folder
is shared by the tests of this module.
"""

import json
import os
import re
import shutil
import sys
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from lda_analysis.book_build import builder, page_workers
from lda_analysis.book_build.jupyter_book_process import JupyterBookProcess
from lda_analysis.book_build.notebooks import execute_notebook, run_notebook
from lda_analysis.book_build.plan import book_pages
from lda_analysis.contract.data import load_tables
from lda_analysis.contract.errors import BuildError
from lda_analysis.contract.paths import NOTEBOOKS_DIR, TOC_FILE
from lda_analysis.publication.accessibility import missing_settings

from .conftest import kernel_processes, logged_messages


def page_names() -> list[str]:
    """The notebook pages of the table of contents (templates and generated pages)."""
    return [page.name for page in book_pages(TOC_FILE, NOTEBOOKS_DIR, load_tables())]


NBSP, NNBSP = "\xa0", "\u202f"
STARTING_DIRECTORY = os.getcwd()


@pytest.fixture(scope="module")
def book(built_book) -> Path:
    return built_book


def test_parallel_notebook_runs_leave_the_working_directory_alone(built_book):
    # papermill's « cwd » option chdirs the whole process: with notebooks run in threads, the
    # process could end in notebooks/ (and nbval's relative paths break).
    assert os.getcwd() == STARTING_DIRECTORY


def test_build_returns_the_index_of_the_edition(built_book):
    assert built_book == built_book.parent.parent / "2024" / "html"
    assert (
        (built_book / "index.html")
        .read_text(encoding="utf-8")
        .startswith('<meta http-equiv="Refresh" content="0; url=notebooks/accueil.html" />')
    )


def _text(page: Path) -> str:
    """Visible text of a page's article (tags removed, entities decoded)."""
    html = page.read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", article))


def test_every_page_of_the_toc_is_built(book):
    assert (book / "index.html").is_file()
    for name in page_names():
        assert (book / "notebooks" / f"{name}.html").is_file(), name
    for page in ("bilan_global", "sigles", "sources_et_methode"):
        assert (book / "book" / f"{page}.html").is_file(), page


def test_book_is_in_french(book):
    page = (book / "notebooks" / "accueil.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    assert 'placeholder="Rechercher dans ce livre…"' in page
    for english in (
        "Search this book",
        "Toggle primary sidebar",
        "Toggle secondary sidebar",
        'aria-label="Main"',
        "Last updated",
        "Download",
    ):
        assert english not in page, english
    assert "édition 2024" in _text(book / "notebooks" / "accueil.html")


def _content_pages(book: Path) -> list[Path]:
    """Every page of the book a reader opens (not the theme's fragments nor the root's redirection)."""
    return [
        path
        for path in sorted(book.rglob("*.html"))
        if not path.relative_to(book).as_posix().startswith("_static/") and path.name != "index.html"
    ]


def test_pages_are_structured_for_assistive_technologies(book):
    from bs4 import BeautifulSoup

    pages = _content_pages(book)
    assert len(pages) >= 43
    for path in pages:
        name = path.relative_to(book).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        skip = soup.select_one("#pst-skip-link a")
        assert skip is not None and skip.get_text() == "Aller au contenu" and skip["href"] == "#main-content"
        assert soup.select_one("main#main-content") is not None, name
        # Headings of the content in order: one title, no level skipped.
        content = soup.find("article") or soup.find("main")  # the search page has no article
        levels = [int(heading.name[1]) for heading in content.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[:1] == [1] and levels.count(1) == 1, (name, levels)
        assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), (
            name,
            levels,
        )
        # Data tables have a caption (or are named by the caption above their frame) and header
        # cells; layout tables say they are layout.
        for table in soup.find_all("table"):
            if table.get("role") != "presentation":
                assert _table_name(soup, table) and table.find("th"), (
                    name,
                    str(table)[:200],
                )
        # Every disclosure button has a name (the navigation's sub-sections, the charts' data).
        for summary in soup.find_all("summary"):
            assert summary.get_text(strip=True), (name, str(summary))


def _table_name(soup, table) -> str:
    """A table's name: its caption, or the text of the element its ``aria-labelledby`` names (the
    caption of lda_analysis.blocks.tables.Table, above the frame that scrolls the table)."""
    if table.caption is not None:
        return table.caption.get_text(strip=True)
    label = soup.find(id=table.get("aria-labelledby")) if table.get("aria-labelledby") else None
    return label.get_text(strip=True) if label is not None else ""


# A figure as the book writes it: digits with French separators, a sign, a unit or a percent.
FIGURE = re.compile(r"[−+]?\d[\d\u202f]*(?:,\d+)?(?:\xa0(?:%|€))?")


def test_every_chart_is_followed_by_its_data(book):
    from bs4 import BeautifulSoup

    charts = 0
    for path in _content_pages(book):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select("div.lda-chart"):
            charts += 1
            image, data = block.find("img"), block.select_one("details.lda-chart-data")
            assert image is not None and image["alt"], path.name
            assert data is not None and data.table is not None and _table_name(soup, data.table), path.name
            assert data.summary.get_text(" ", strip=True).startswith("Voir les données du graphique")
            shown = {cell.get_text() for cell in data.find_all(["td", "th"])}
            # A short alt text (what the chart shows, its main finding), every figure it states a cell
            # of the table (the same data).
            assert len(image["alt"]) <= 250, (path.name, image["alt"])
            for figure in FIGURE.findall(image["alt"]):
                if "\xa0" in figure:
                    assert figure in shown or any(figure in cell for cell in shown), (path.name, figure)
    assert charts >= 15


def test_the_accessibility_statement_is_in_the_annexes(book):
    from lda_analysis.publication.accessibility import read_record

    page = book / "book" / "accessibilite.html"
    text = " ".join(_text(page).replace("’", "'").split())
    assert "Ce livre est non conforme avec le référentiel général d'amélioration de l'accessibilité" in text
    assert "Défenseur des droits" in text and "Contact : aucune adresse n'est encore publiée" in text
    assert "à compléter" not in text
    record = read_record()
    assert f"a vérifié les {record['pages']} pages du livre en mode clair et en mode sombre" in text
    front = (book / "notebooks" / "accueil.html").read_text(encoding="utf-8")
    assert 'href="../book/accessibilite.html"' in front  # in the table of contents of every page


def test_access_page_shows_figures_statement_chart_and_sources(book):
    page = book / "notebooks" / "acces_logement_social.html"
    text = _text(page)
    assert f"+1,3{NBSP}point" in text and f"+61,9{NBSP}%" in text and f"−0,6{NBSP}point" in text
    assert (
        "la progression de l’accès au logement social est plus importante sur MTPM que sur le "
        "reste du Var pour les deux publics"
    ) in text.replace("'", "’")
    assert text.count("Source : DDETS, cité au §3.1") >= 4  # under each table and the chart
    html = page.read_text(encoding="utf-8")
    # The chart is an image file of the book (written at build time), with its alt text.
    image = re.search(r'<img alt="Diagramme en barres[^"]*" src="\.\./(_images/[^"]+\.svg)"', html)
    assert image and b"<svg" in (book / image.group(1)).read_bytes()[:400]
    assert "data:image/png;base64" not in html


def test_other_pages_show_their_key_figures(book):
    demand = _text(book / "notebooks" / "pression_demande.html")
    assert "9 demandes pour une attribution (ratio publié par la source)" in demand
    assert "5,9 demandes pour une attribution" in demand and "248 attributions" in demand
    fsl = _text(book / "notebooks" / "fsl.html")
    assert f"244{NNBSP}878,18{NBSP}€" in fsl and f"+30{NBSP}%" in fsl
    assert "l’évolution ne peut pas être recalculée" in fsl.replace("'", "’")


def test_front_page_key_figures_link_to_their_chapters(book):
    page = book / "notebooks" / "accueil.html"
    text = _text(page)
    for figure in (
        f"810{NNBSP}000{NBSP}€",
        f"+1,3{NBSP}point",
        f"+30{NBSP}%",
        f"405{NNBSP}500{NBSP}€",
        f"238{NNBSP}330{NBSP}€",
        "10 → 20",
    ):
        assert figure in text, figure
    html = page.read_text(encoding="utf-8")
    for target in (
        "bilan_realisation.html",
        "acces_logement_social.html",
        "pression_demande.html",
        "fsl.html",
        "demande_financement.html",
        "preambule.html",
    ):
        assert f'href="{target}"' in html, target
    assert "donnees_logement_d_abord_2024.xlsx" in html


def test_financial_pages_show_computed_totals(book):
    preamble = _text(book / "notebooks" / "preambule.html")
    assert f"845{NNBSP}000{NBSP}€" in preamble and f"95,9{NBSP}%" in preamble
    synthesis = _text(book / "notebooks" / "bilan_realisation.html")
    for figure in (f"330{NNBSP}000{NBSP}€", f"295{NNBSP}000{NBSP}€", f"265{NNBSP}000{NBSP}€"):
        assert figure in synthesis, figure
    action = _text(book / "notebooks" / "actions" / "action_3.html")
    assert "1.4 Action 3" in action and f"35{NNBSP}000{NBSP}€" in action


def test_glossary_and_links_to_it(book):
    glossary = (book / "book" / "sigles.html").read_text(encoding="utf-8")
    assert '<dl class="glossary' in glossary and 'id="term-FSL"' in glossary
    front = (book / "notebooks" / "accueil.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="reference internal" href="../book/sigles.html#term-MTPM"', front)


def test_every_data_table_can_be_downloaded(book):
    from lda_analysis.contract.schema import get_schema

    downloads = {path.name for path in (book / "_downloads").rglob("*") if path.is_file()}
    bilan = {table.file for table in get_schema().tables.values() if "bilan" in table.reports}
    assert bilan <= downloads
    # The tables of the yearly rapports of the convention 2024-2027 are not the 2024 edition's.
    assert not {table.file for table in get_schema().tables.values()} - bilan & downloads
    assert "donnees_logement_d_abord_2024.xlsx" in downloads


def test_parameters_and_code_are_hidden_from_readers(book):
    for name in page_names():
        html = (book / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert "data_dir" not in html and "injected-parameters" not in html, name
        assert "load_edition" not in html, name


def test_executed_copies_have_hidden_injected_parameters(book):
    import nbformat

    executed = nbformat.read(book.parent / "source" / "notebooks" / "fsl.ipynb", as_version=4)
    injected = [cell for cell in executed.cells if cell.id == "injected-parameters"]
    assert len(injected) == 1 and "remove-cell" in injected[0].metadata.tags
    assert "year = 2024" in injected[0].source
    assert "papermill" not in executed.cells[0].metadata  # no execution times


def test_a_rebuild_with_nothing_changed_does_nothing(book):
    before = (book / "index.html").stat().st_mtime_ns
    with logged_messages("lda_analysis.book_build") as messages:
        index = builder.build_edition(2024, output_dir=book.parent.parent, pdf=False)
    assert index == book / "index.html" and index.stat().st_mtime_ns == before
    # The warnings of the last build are said again: the statement's settings still empty.
    assert messages == [
        *(f"Attention : {warning}" for warning in missing_settings()),
        "Rien n'a changé depuis la dernière construction de l'édition 2024 (données, code, sources du "
        "livre) : le livre est à jour, aucune page relancée.",
    ]


def test_a_forced_rebuild_runs_no_notebook_whose_inputs_did_not_change(book):
    with logged_messages("lda_analysis.book_build") as messages:
        builder.build_edition(2024, output_dir=book.parent.parent, force=True, pdf=False)
    names = page_names()
    assert sum("inchangé depuis la dernière construction" in message for message in messages) == len(names)
    assert "Construction du livre HTML (Jupyter Book)…" in messages  # forced: the HTML is rendered again
    assert messages[-1] == f"Aucune page relancée : rien de ce que lisent les {len(names)} pages n'a changé."


def test_builds_with_kept_kernels_run_their_pages_in_the_same_kernels_as_fresh_ones(book):
    """lda-book watch's builds: a page to run again (its executed copy removed) runs in the kernel
    kept from the build before, and gives the page a fresh kernel gave."""
    executed = book.parent / "source" / "notebooks" / "fsl.ipynb"
    fresh = executed.read_bytes()
    kept = page_workers.KeptWorkers(jobs=1)
    processes, workers = [], []
    try:
        for _ in range(2):
            executed.unlink()
            with logged_messages("lda_analysis.book_build") as messages:
                builder.build_edition(2024, output_dir=book.parent.parent, force=True, kept=kept, pdf=False)
            assert messages[-1] == "1 page relancée : première exécution."
            assert executed.read_bytes() == fresh
            workers.append(kept.workers)
            processes.append(kernel_processes(kept.workers))
    finally:
        kept.close()
    assert len(processes[0]) == 1 and processes[1] == processes[0] and workers[1] is workers[0]
    assert kernel_processes(workers[0]) == set()


def test_changing_a_markdown_page_reruns_no_notebook(book, tmp_path, monkeypatch):
    """A sentence corrected in book/: the page shows it, no notebook runs (then the book is restored)."""
    from lda_analysis.book_build import build_record
    from lda_analysis.contract.paths import BOOK_DIR

    sources = tmp_path / "book"
    shutil.copytree(BOOK_DIR, sources)
    page = sources / "bilan_global.md"
    text = page.read_text(encoding="utf-8")
    assert "Ce chapitre fait le bilan" in text
    page.write_text(
        text.replace("Ce chapitre fait le bilan", "Ce chapitre, relu, fait le bilan"), encoding="utf-8"
    )
    monkeypatch.setattr(builder, "BOOK_DIR", sources)
    monkeypatch.setattr(build_record, "BOOK_DIR", sources)
    html = book / "book" / "bilan_global.html"
    try:
        with logged_messages("lda_analysis.book_build") as messages:
            builder.build_edition(2024, output_dir=book.parent.parent, pdf=False)
        assert not [message for message in messages if "exécuté" in message]
        assert (
            messages[-1]
            == f"Aucune page relancée : rien de ce que lisent les {len(page_names())} pages n'a changé."
        )
        assert "Ce chapitre, relu, fait le bilan" in _text(html)
    finally:
        monkeypatch.undo()
        with logged_messages("lda_analysis.book_build") as messages:
            builder.build_edition(2024, output_dir=book.parent.parent, pdf=False)
    assert "Ce chapitre fait le bilan" in _text(html), messages


def test_failed_html_build_keeps_the_last_good_book(book, monkeypatch):
    before = (book / "index.html").read_bytes(), sorted(p.name for p in book.iterdir())

    def broken(self, source, work):
        raise BuildError("Échec simulé de Jupyter Book")

    monkeypatch.setattr(JupyterBookProcess, "render", broken)
    with pytest.raises(BuildError, match="Échec simulé"):
        builder.build_edition(2024, output_dir=book.parent.parent, force=True, pdf=False)
    assert ((book / "index.html").read_bytes(), sorted(p.name for p in book.iterdir())) == before


def test_interrupted_build_keeps_the_last_good_book(book, monkeypatch, capsys):
    from lda_analysis.cli.lda_book import main

    before = (book / "index.html").read_bytes()

    def interrupted(self, source, work):
        raise KeyboardInterrupt

    monkeypatch.setattr(JupyterBookProcess, "render", interrupted)
    assert main(["build", "--output", str(book.parent.parent), "--force", "--sans-pdf"]) == 130
    assert "Interrompu : le dernier livre construit est conservé." in capsys.readouterr().err
    assert (book / "index.html").read_bytes() == before


def test_failed_notebook_names_the_cell_and_keeps_the_book(book, monkeypatch, tmp_path):
    failing = tmp_path / "en_panne.ipynb"
    failing.write_text(
        '{"cells": [{"cell_type": "code", "execution_count": null, "id": "a", "metadata": {}, '
        '"outputs": [], "source": "raise ValueError(\\"table vide\\")"}], "metadata": '
        '{"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}, '
        '"nbformat": 4, "nbformat_minor": 5}',
        encoding="utf-8",
    )

    def failing_run(name, target, parameters, inputs=None, title=None, kernel=None):
        run_notebook(failing, target, parameters, work_dir=tmp_path, kernel=kernel)

    monkeypatch.setattr(page_workers, "execute_notebook", failing_run)
    output = tmp_path / "editions"
    shutil.copytree(book.parent, output / "2024", symlinks=True)
    (output / "2024" / "source" / "notebooks" / "accueil.ipynb").unlink()  # the page must run again
    before = (output / "2024" / "html" / "index.html").read_bytes()
    with pytest.raises(BuildError) as caught:
        builder.build_edition(2024, output_dir=output, pdf=False)
    message = str(caught.value)
    # Cell [1] is the parameters cell papermill injects; the failing cell runs second.
    assert "Échec du notebook notebooks/en_panne.ipynb, cellule [2] (ValueError)" in message
    # The copy that failed is kept, named after the page it was to become.
    assert "table vide" in message and (tmp_path / "accueil.erreur.ipynb").is_file()
    assert (output / "2024" / "html" / "index.html").read_bytes() == before


def test_notebook_run_for_a_year_without_data_says_which_years_exist(tmp_path):
    with pytest.raises(BuildError) as caught:
        execute_notebook("acces_logement_social", tmp_path / "acces.ipynb", {"year": 2019, "data_dir": None})
    message = str(caught.value)
    assert "EditionError" in message
    assert "Pas d'édition possible pour 2019" in message
    assert "2017, 2021, 2022, 2024" in message


def test_publish_swaps_folders(tmp_path):
    old, new = tmp_path / "html", tmp_path / "nouveau_livre"
    old.mkdir(), new.mkdir()
    (old / "index.html").write_text("ancien"), (new / "index.html").write_text("nouveau")
    builder.publish(new, old)
    assert (old / "index.html").read_text() == "nouveau"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "nouveau_livre"]


def test_publish_links_the_files_that_did_not_change_and_copies_the_others(tmp_path):
    built, published = tmp_path / "work", tmp_path / "html"
    (built / "_static").mkdir(parents=True)
    second = iter(range(1_000, 2_000))

    def write(path: Path, text: str) -> None:  # as a build writes, a second apart
        path.write_text(text)
        stamp = next(second) * 10**9
        os.utime(path, ns=(stamp, stamp))

    write(built / "_static" / "theme.css", "body {}")
    write(built / "page.html", "version 1")
    builder.publish(built, published)
    kept = (published / "_static" / "theme.css").stat().st_ino
    write(built / "page.html", "version 2")  # the page a rebuild wrote again (same size)
    write(built / "nouvelle.html", "nouvelle page")
    builder.publish(built, published)
    assert (published / "_static" / "theme.css").stat().st_ino == kept  # linked, not copied
    assert (published / "page.html").read_text() == "version 2"
    assert (published / "nouvelle.html").read_text() == "nouvelle page"
    # The published files are never written to: a rebuild's change leaves the book as published.
    write(built / "_static" / "theme.css", "body { color: red }")
    assert (published / "_static" / "theme.css").read_text() == "body {}"
    builder.publish(built, published)
    assert (published / "_static" / "theme.css").read_text() == "body { color: red }"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["html", "work"]


def _kernels_of(pid: int) -> list[int]:
    """The live kernels started by the process ``pid`` (jupyter_client sets JPY_PARENT_PID)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"JPY_PARENT_PID={pid}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # a process that ended meanwhile, or not ours
            continue
    return found


def test_the_data_s_fingerprint_is_written_into_every_built_page(tmp_path):
    mark = builder.FINGERPRINT_MARK
    written = tmp_path / "a.html"  # a page Sphinx has just written: the mark is empty
    written.write_text(f"<p>à partir des données d'empreinte {mark}</span> (SHA-256)</p>", encoding="utf-8")
    kept = tmp_path / "sous" / "b.html"  # a page Sphinx kept: an older fingerprint
    kept.parent.mkdir()
    kept.write_text(f"<footer>{mark}{'0' * 64}</span></footer>", encoding="utf-8")
    other = tmp_path / "redirection.html"
    other.write_text("<meta http-equiv='refresh'>", encoding="utf-8")
    fingerprint = "ab" * 32
    assert builder.stamp_fingerprint(tmp_path, fingerprint) == 2
    assert written.read_text(encoding="utf-8") == (
        f"<p>à partir des données d'empreinte {mark}{fingerprint}</span> (SHA-256)</p>"
    )
    assert kept.read_text(encoding="utf-8") == f"<footer>{mark}{fingerprint}</span></footer>"
    assert other.read_text(encoding="utf-8") == "<meta http-equiv='refresh'>"
    assert builder.stamp_fingerprint(tmp_path, fingerprint) == 0  # nothing to write again
    builder.stamp_fingerprint(tmp_path, "<b>")
    assert f"{mark}&lt;b&gt;</span>" in kept.read_text(encoding="utf-8")


def test_the_downloads_are_made_again_when_the_library_that_writes_them_changed(tmp_path, monkeypatch):
    from lda_analysis.blocks.tables import PACKAGE_FILE
    from lda_analysis.book_build.build_record import BuildRecord
    from lda_analysis.domains.edition import load_edition

    edition = load_edition(2024)
    folder, record = tmp_path / "donnees", BuildRecord(tmp_path)
    builder.stage_downloads(edition, folder, record)
    package = folder / PACKAGE_FILE
    assert package.is_file() and (folder / "fsl.csv").is_file()
    package.write_text("{}", encoding="utf-8")  # a file of an older library: kept while it is the same
    builder.stage_downloads(edition, folder, record)
    assert package.read_text(encoding="utf-8") == "{}"
    monkeypatch.setattr(builder, "library_digest", lambda: "une autre version de la bibliothèque")
    builder.stage_downloads(edition, folder, record)
    assert json.loads(package.read_text(encoding="utf-8"))["name"]
    package.unlink()  # a file missing from the folder
    builder.stage_downloads(edition, folder, record)
    assert package.is_file()


def test_ctrl_c_stops_the_build_within_seconds(book, tmp_path):
    """SIGINT while notebooks run: the running kernels are stopped, the queued notebooks never
    start, the command exits 130 within seconds, and the last good book and no half-written copy stay."""
    import signal
    import subprocess
    import sys
    import time

    output = tmp_path / "editions"
    shutil.copytree(book.parent, output / "2024", symlinks=True)
    for executed in (output / "2024" / "source" / "notebooks").rglob("*.ipynb"):
        executed.unlink()  # every notebook must run again
    before = (output / "2024" / "html" / "index.html").read_bytes()
    command = [sys.executable, "-m", "lda_analysis.cli", "build", "--year", "2024", "--output", str(output)]
    # As in a terminal: a test run in the background (« cmd & ») inherits SIGINT ignored, and the
    # build rightly keeps ignoring it.
    process = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines = []
    for line in process.stderr:
        lines.append(line)
        if "exécuté" in line:  # the first notebook is done: the others are running or queued
            break
    deadline = time.monotonic() + 10  # both workers may be between two notebooks: wait for a kernel
    while not _kernels_of(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _kernels_of(process.pid), "aucun noyau en cours au moment de l'interruption"
    process.send_signal(signal.SIGINT)
    interrupted = time.monotonic()
    _, rest = process.communicate(timeout=60)
    elapsed = time.monotonic() - interrupted
    assert process.returncode == 130, "".join(lines) + rest
    # Alone, the command ends 0,6 to 1 s after the signal; within make test, beside a worker that
    # builds another book and drives Chromium, it took 5,1 s twice. A build that waited for its
    # notebooks instead of stopping them takes the 60 s of communicate().
    assert elapsed < 10, f"arrêt en {elapsed:.1f} s"
    assert "Interrompu : le dernier livre construit est conservé." in rest
    assert "Traceback" not in rest
    assert sum("exécuté" in line for line in [*lines, *rest.splitlines()]) < 10  # queued ones cancelled
    assert (output / "2024" / "html" / "index.html").read_bytes() == before
    assert not list(output.rglob("*.en-cours.ipynb"))
    assert not _kernels_of(process.pid)


def test_a_page_the_data_cannot_build_stops_the_build_before_any_notebook_runs(
    tmp_path, data_copy, monkeypatch
):
    """The 13 bis annual budget of the Pacte des solidarités is read by the page 1.18 but by no
    check: without it the checks pass, and the dry run of the pages stops the build at once."""
    import csv

    path = data_copy / "territoire_autres_actions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if (row["dispositif"], row["mesure"]) != ("pacte_13bis", "budget_annuel")
        ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    started = []
    monkeypatch.setattr(
        page_workers, "execute_notebook", lambda *arguments, **options: started.append(arguments)
    )
    with pytest.raises(BuildError) as caught:
        builder.build_edition(2024, data_dir=data_copy, output_dir=tmp_path / "editions", pdf=False)
    message = str(caught.value)
    assert "aucun notebook n'a été exécuté" in message
    assert (
        "notebooks/autres_actions.ipynb, cellule de code n° 3 (RowError) : table « territoire_autres_actions » : "
        "0 ligne(s) au lieu d'une pour"
    ) in message
    assert started == [] and not (tmp_path / "editions" / "2024" / "html").exists()


def test_the_pages_run_with_a_short_switch_interval(monkeypatch):
    """While the pages run and the build writes the downloads meanwhile, a thread that talks to a
    kernel gets Python's lock within half a millisecond (the pages of a table's change took 0,5 s
    each instead of 0,1 s beside that work); Python's setting is put back after, failure or not."""
    seen = []

    class Workers:
        def run(self, runs, total, done=None):
            seen.append(("pages", sys.getswitchinterval()))

        def wait(self):
            seen.append(("fin", sys.getswitchinterval()))
            return ["une page en échec"]

        def stop(self):
            return 0

    monkeypatch.setattr(builder, "_tried", lambda edition, stale: [])
    plan = SimpleNamespace(stale=["page"], runs=[], reasons={})
    record = SimpleNamespace(keep_pages=lambda pages: None, save=lambda: None, note_page=None)
    edition = SimpleNamespace(year=2024)
    before = sys.getswitchinterval()
    with pytest.raises(BuildError, match="une page en échec"):
        builder._run_stale(
            edition,
            plan,
            Workers(),
            record,
            lambda: seen.append(("téléchargements", sys.getswitchinterval())),
        )
    assert seen == [(step, page_workers.SWITCH_SECONDS) for step in ("pages", "téléchargements", "fin")]
    assert page_workers.SWITCH_SECONDS <= 0.001 < before == sys.getswitchinterval()
