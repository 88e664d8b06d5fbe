"""Building an edition of the book: papermill executes the notebooks, Jupyter Book renders HTML.

Layout of the (git-ignored) output folder, one sub-folder per edition year::

    _build/editions/2024/
        source/   the book's sources for this edition: _config.yml (with the year), _toc.yml, book/,
                  and notebooks/ holding the papermill-executed copies
        work/     Jupyter Book's output (kept between builds, so that Sphinx rebuilds only what changed)
        html/     the published book; replaced only when the whole build succeeded

A build runs in phases, one function each (:func:`build_edition` calls them): :func:`plan_build`
(the edition, what is missing for it, which pages must run), :func:`run_pages` (the data's checks,
the staged sources, the pages), :func:`render_and_publish` (HTML, PDF, publication) and
:func:`record_edition`. A failure at any step raises :class:`~lda_analysis.contract.errors.BuildError` and
leaves ``html/`` as it was: the last good book is never destroyed. Proved by ``tests/test_build.py``
(a failed rendering or a failed page keeps the last book; Ctrl-C within seconds, no half-written
copy) and ``tests/test_incremental.py`` (an incremental build publishes what a clean build would).
"""

from __future__ import annotations

import filecmp
import html
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from lda_analysis import __version__
from lda_analysis.blocks.charts import CHARTS_FOLDER, print_file_name
from lda_analysis.blocks.excel_export import excel_files
from lda_analysis.blocks.tables import DOWNLOADS_FOLDER, PACKAGE_FILE, package_zip, workbook_file
from lda_analysis.contract.digests import files_digest
from lda_analysis.contract.errors import BuildError
from lda_analysis.contract.paths import (
    BOOK_DIR,
    CONFIG_FILE,
    EDITIONS_PAGE,
    NOTEBOOKS_DIR,
    TOC_FILE,
    default_output_dir,
    output_folder,
    toc_file,
)
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.checks import FAILED
from lda_analysis.domains.edition import (
    Edition,
    calendar,
    check_edition,
    default_year,
    load_data,
    load_edition,
    recording_reads,
    reusing_editions,
)
from lda_analysis.publication.accessibility import missing_settings, placeholders
from lda_analysis.publication.datapackage import package_json, package_zip_bytes
from lda_analysis.publication.pdf_edition import PdfEdition
from lda_analysis.publication.workbook import export_tables

from .build_record import (
    BOOK,
    DOWNLOADS,
    HTML,
    BuildRecord,
    BuildRequest,
    CheckMemory,
    page_identity,
    page_inputs,
    record_book,
    rerun_summary,
    reusable_build,
)
from .jupyter_book_process import JupyterBookProcess
from .library import library_digest
from .notebooks import dry_run, write_if_changed
from .page_workers import KeptWorkers, PageRun, PageWorkers, kernel_count, kernels_answered_promptly
from .plan import book_pages, edition_toc, generated_pages

FINGERPRINT_MARK = '<span class="lda-empreinte">'
_FINGERPRINT = re.compile(re.escape(FINGERPRINT_MARK) + "[^<]*</span>")
logger = logging.getLogger("lda_analysis.book_build")


@dataclass(frozen=True)
class EditionPaths:
    """Where an edition's files go."""

    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def html(self) -> Path:
        return self.root / "html"

    @property
    def index(self) -> Path:
        return self.html / "index.html"


def staged_digest(source: Path) -> str:
    """A digest of every file of an edition's staged sources (relative paths and content)."""
    return files_digest(sorted(path for path in source.rglob("*") if path.is_file()), source)


def _sync_tree(source: Path, target: Path, keep: set[str] = frozenset()) -> None:
    """Make ``target`` a copy of ``source``, copying only the files that differ; files of ``target``
    named in ``keep`` (written by the build itself) stay.

    A copied file gets the time of the copy, not the source's (Sphinx rereads a file newer than its
    last reading: a file put back to an older version must look new to it)."""
    target.mkdir(parents=True, exist_ok=True)
    for item in source.rglob("*"):
        destination = target / item.relative_to(source)
        if item.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif not destination.is_file() or not filecmp.cmp(item, destination, shallow=False):
            shutil.copyfile(item, destination)
    for item in sorted(target.rglob("*"), reverse=True):
        relative = item.relative_to(target)
        if relative.as_posix() not in keep and not (source / relative).exists():
            shutil.rmtree(item) if item.is_dir() else item.unlink()


def stage_sources(edition: Edition, source: Path) -> None:
    """Copy the book's sources into ``source``: the configuration (with the edition's year and what
    the generated pages need), the table of contents, ``book/``, the pages written from the data
    (the glossary, the annexes about the data). The data files offered for download are staged apart
    (:func:`stage_downloads`)."""
    generated = generated_pages()
    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    config["copyright"] = str(edition.year)
    # On every page: the version of the code and the data's fingerprint. The fingerprint, which
    # changes with any figure, is written into the built pages (:func:`stamp_fingerprint`): in the
    # configuration it would make Sphinx write every page again at each change of the data.
    config.setdefault("html", {})["extra_footer"] = (
        f"<p>Livre produit par la version {__version__} de lda-book, à partir des données d'empreinte "
        f"{FINGERPRINT_MARK}</span> (SHA-256) ; données publiées sous Licence Ouverte / Open Licence 2.0 "
        "(Etalab).</p>"
    )
    parse = config.setdefault("parse", {})
    substitutions = parse.setdefault("myst_substitutions", {})
    substitutions["annee"] = edition.year
    substitutions["version"] = __version__
    # What the rapport of the edition reports on, for the pages of the yearly rapports.
    substitutions["rapport"] = edition.scope.title
    substitutions["periode"] = edition.scope.period
    substitutions["convention"] = edition.scope.convention
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    # The library and the programs: Sphinx reads and writes every page again when they change (the
    # book's extension and the theme render every page; lda_analysis.book_build.sphinx_book).
    sphinx_config["lda_library"] = library_digest()
    for page in generated:
        sphinx_config.update(page.sphinx_config(edition))
    write_if_changed(source / CONFIG_FILE.name, yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    write_if_changed(source / TOC_FILE.name, edition_toc(toc_file(edition.scope.kind), edition.scope))
    in_book = {
        Path(page.file).relative_to(BOOK_DIR.name).as_posix()
        for page in generated
        if Path(page.file).parts[0] == BOOK_DIR.name
    }
    _sync_tree(BOOK_DIR, source / BOOK_DIR.name, keep=in_book | {EDITIONS_PAGE})
    for page in generated:
        write_if_changed(source / page.file, page.markdown(edition))
    write_if_changed(source / BOOK_DIR.name / EDITIONS_PAGE, editions_markdown(edition.year))


def stage_downloads(edition: Edition, folder: Path, record: BuildRecord | None = None) -> None:
    """Write the CSV file of each table the edition sees (its rows only: :attr:`Edition.csv_files`)
    and its file for Excel (:func:`~lda_analysis.blocks.excel_export.excel_files`), export them as one
    workbook, and describe them as an open data package (``datapackage.json``,
    and a zip of it with the CSV files), unless ``record`` says that neither the edition's data nor
    the library that writes them changed (Sphinx then rereads only the pages that offer a changed
    file). Files are written only when they changed."""
    made_from = f"{edition.fingerprint} {library_digest()}"
    made = [workbook_file(edition.year), PACKAGE_FILE, package_zip(edition.year)]
    if record is not None:
        if record.get(DOWNLOADS) == made_from and all((folder / name).is_file() for name in made):
            return
        record.set(DOWNLOADS, None)  # until they are written
        record.save()
    with tempfile.TemporaryDirectory() as scratch:
        for file, text in {**edition.csv_files, **excel_files(edition.tables)}.items():
            (Path(scratch) / file).write_text(text, encoding="utf-8", newline="")
        export_tables(Path(scratch) / made[0], edition.tables)
        names = list(dict.keys(edition.tables))
        (Path(scratch) / PACKAGE_FILE).write_text(
            package_json(edition.year, edition.fingerprint, names), encoding="utf-8"
        )
        (Path(scratch) / package_zip(edition.year)).write_bytes(
            package_zip_bytes(edition.year, edition.fingerprint, edition.csv_files)
        )
        _sync_tree(Path(scratch), folder)
    if record is not None:
        record.set(DOWNLOADS, made_from)


def stamp_fingerprint(html_dir: Path, fingerprint: str) -> int:
    """Write the data's ``fingerprint`` into every page of the built book ``html_dir``, its footer and
    the page « Les éditions du rapport » (:func:`editions_markdown`): into the elements
    :data:`FINGERPRINT_MARK` opens, which Sphinx leaves empty on the pages it writes and which hold an
    older fingerprint on the pages it kept; return the number of pages rewritten."""
    stamped = f"{FINGERPRINT_MARK}{html.escape(fingerprint)}</span>"
    rewritten = 0
    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = _FINGERPRINT.sub(lambda _: stamped, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            rewritten += 1
    return rewritten


def publish(built: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``built``, swapping folders so that a book is always there.

    A file that did not change since the last publication (same size and time of change, which the
    copy keeps) is linked to the published one instead of copied again: the published files are
    never written to, only replaced with their folder. Most of a rebuild's book is so."""
    incoming = target.with_name(target.name + ".nouveau")
    outgoing = target.with_name(target.name + ".ancien")
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)

    def link_or_copy(source: str, destination: str) -> None:
        published = target / Path(destination).relative_to(incoming)
        try:
            before, now = published.stat(), os.stat(source)
            if (before.st_size, before.st_mtime_ns) == (now.st_size, now.st_mtime_ns):
                os.link(published, destination)
                return
        except OSError:  # not published yet, or no link possible here: copied
            pass
        shutil.copy2(source, destination)

    shutil.copytree(built, incoming, copy_function=link_or_copy)
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)


def _remove_stale_notebooks(folder: Path, current: set[str]) -> None:
    """Delete executed copies of notebooks that are no longer pages of the book (a page that became
    a generated Markdown page would otherwise be found twice by Sphinx)."""
    for path in folder.rglob("*.ipynb"):
        if path.relative_to(folder).as_posix() not in current:
            path.unlink()


@dataclass(frozen=True)
class PagePlan:
    """The notebook pages of an edition: all of them, why each must run again (its
    :meth:`~lda_analysis.book_build.build_record.BuildRecord.page_changes`: [] when it need not run) and those
    that must."""

    runs: list[PageRun]
    reasons: dict[str, list[str] | None]

    @property
    def stale(self) -> list[PageRun]:
        return [run for run in self.runs if self.reasons[run.page.name] != []]


def plan_pages(edition: Edition, source: Path, record: BuildRecord) -> PagePlan:
    """Which notebook pages of the table of contents must run for an edition: those whose inputs
    changed since they were last executed into ``source``, as ``record`` says."""
    pages = book_pages(toc_file(edition.scope.kind), NOTEBOOKS_DIR, edition.tables)
    _remove_stale_notebooks(source / NOTEBOOKS_DIR.name, {f"{page.name}.ipynb" for page in pages})
    runs = [
        PageRun(
            rank,
            page,
            source / NOTEBOOKS_DIR.name / f"{page.name}.ipynb",
            {"year": edition.year, "data_dir": str(edition.data_dir), **page.parameters},
        )
        for rank, page in enumerate(pages, start=1)
    ]
    record.keep_pages({page.name for page in pages})
    library = library_digest()
    reasons = {
        run.page.name: record.page_changes(
            run.page.name,
            run.target,
            run.page.template,
            page_identity(run.parameters, run.page.title),
            edition.data_dir,
            library,
        )
        for run in runs
    }
    return PagePlan(runs, reasons)


def run_notebooks(
    edition: Edition,
    plan: PagePlan,
    workers: PageWorkers | None,
    record: BuildRecord,
    meanwhile: Callable[[], None] | None = None,
) -> str:
    """Execute the pages of ``plan`` that must run (:func:`plan_pages`) with ``workers`` (made, and
    their kernels started, when some must); the charts they show write their images into the
    sources' ``graphiques/`` folder, ``record`` gets the inputs of each page executed. ``meanwhile``
    (other work of the build) runs in this process while they execute. Return what ran and why, in
    French.

    The pages to run are first tried in this process (:func:`dry_run`), which records the tables each
    reads: if one fails with the edition's data, the build stops before any notebook runs."""
    total = len(plan.runs)
    for run in plan.runs:
        if plan.reasons[run.page.name] == []:
            logger.info(
                "[%s/%s] notebooks/%s.ipynb inchangé depuis la dernière construction",
                run.rank,
                total,
                run.page.name,
            )
    try:
        if plan.stale:
            _run_stale(edition, plan, workers, record, meanwhile)
        elif meanwhile is not None:
            meanwhile()
    finally:
        record.save()  # the pages executed (those of a build that fails too), the downloads staged
    return rerun_summary(plan.reasons)


def _run_stale(
    edition: Edition,
    plan: PagePlan,
    workers: PageWorkers,
    record: BuildRecord,
    meanwhile: Callable[[], None] | None,
) -> None:
    """Try the pages that must run, forget their inputs in ``record`` (until their executed copy is
    written), run them; a page that fails, or Ctrl-C, stops the others."""
    stale = plan.stale
    try:
        logger.info("Vérification des données de %s page(s) avant l'exécution…", len(stale))
        runs = _tried(edition, stale)
        total = len(plan.runs)
        logger.info("Exécution de %s notebook(s) sur %s pour l'édition %s…", len(runs), total, edition.year)
        record.keep_pages({run.page.name for run in plan.runs if plan.reasons[run.page.name] == []})
        record.save()
        with kernels_answered_promptly():
            workers.run(runs, total, done=record.note_page)
            if meanwhile is not None:
                meanwhile()
            errors = workers.wait()
    except BuildError:  # a page the data cannot build: no notebook runs
        workers.stop()
        raise
    except BaseException:  # Ctrl-C
        workers.interrupted.set()
        stopped = workers.stop()
        logger.warning("Interruption : %s notebook(s) arrêté(s), les suivants annulés.", stopped)
        raise
    if errors:
        raise BuildError("\n".join(errors))


def _tried(edition: Edition, stale: list[PageRun]) -> list[tuple[PageRun, dict[str, str]]]:
    """Try the pages in this process (:func:`dry_run`); each with its inputs (the tables it read), or
    an error naming every page the edition's data cannot build."""
    failures, runs = [], []
    library, schema = library_digest(), get_schema()
    with reusing_editions():  # every page loads the same edition: once
        calendar_table = calendar().table
        for run in stale:
            with recording_reads() as reads:
                failure = dry_run(run.page.template, run.parameters)
            if failure:
                failures.append(failure)
            inputs = page_inputs(
                run.page.template,
                page_identity(run.parameters, run.page.title),
                {schema.table(name).file for name in reads | {calendar_table}},
                edition.data_dir,
                library,
            )
            runs.append((run, inputs))
    if failures:
        raise BuildError(
            f"Des pages ne peuvent pas être construites avec les données de l'édition {edition.year} "
            "(aucun notebook n'a été exécuté) :\n" + "\n".join(f"  - {failure}" for failure in failures)
        )
    return runs


def refuse_placeholders(found: list[str]) -> None:
    """In strict mode, the placeholders the book would publish are an error that lists each of them
    and where to fill it (nothing is built); without strict mode the build warns and the page says
    plainly what is not yet available."""
    if found:
        raise BuildError(
            "Publication refusée en mode strict (--strict) : le livre publierait des mentions "
            "provisoires au lieu de ces informations :\n"
            + "\n".join(f"  - {item}" for item in found)
            + "\nRenseignez-les, puis relancez la construction ; sans --strict, le livre se construit "
            "comme une version de travail qui dit ce qui manque."
        )


def build_edition(
    year: object,
    data_dir: str | Path | None = None,
    output_dir: str | Path | None = None,
    jobs: int | None = None,
    strict: bool = False,
    force: bool = False,
    renderer: JupyterBookProcess | None = None,
    pdf: bool = True,
    kept: KeptWorkers | None = None,
) -> Path:
    """Build the book of ``year`` (None: the default edition) from ``data_dir``; return the path of
    its ``index.html``. Progress is logged (logger ``lda_analysis.book_build``).

    Nothing is done if nothing the book is made from changed since the last build of the same request
    (:mod:`lda_analysis.book_build.build_record`). Otherwise notebooks run ``jobs`` at a time (default: one per
    processor), only those whose inputs changed (the edition folder's record), and Jupyter Book
    runs only if the sources it reads changed; ``force`` makes the build run and Jupyter Book render
    whatever changed (the notebooks still run only if their inputs changed). Data missing for the
    edition's year are listed (and shown in the book as « donnée non disponible »); with ``strict``,
    they are an error. The HTML is rendered by ``renderer`` (closed here; default: a Jupyter Book
    process started here, :mod:`lda_analysis.book_build.jupyter_book_process`). The PDF edition is written next
    to the HTML (:mod:`lda_analysis.publication.pdf_edition`) unless ``pdf`` is false; without WeasyPrint, the build says so and
    publishes the HTML, or fails in strict mode. With ``kept``, the pages run in kernels kept from
    one build to the next (:class:`~lda_analysis.book_build.page_workers.KeptWorkers`, ``lda-book surveiller``),
    which this build does not stop.
    """
    request = BuildRequest.of(year, data_dir, Path(output_dir or default_output_dir()), strict, pdf)
    reused = None if force else reusable_build(request)
    if reused is not None:
        if renderer is not None:
            renderer.close()
        return reused
    with renderer or JupyterBookProcess.start() as html_renderer:
        planned = plan_build(request, year, data_dir, output_dir)
        summary = run_pages(planned, jobs, kept)
        staged = render_and_publish(planned, html_renderer, force)
        record_edition(planned, request, staged)
        logger.info(summary)
        return planned.paths.index


@dataclass(frozen=True)
class BuildPlan:
    """What a build of an edition will do, known before any work (:func:`plan_build`): the edition,
    where its files go, what its folder was built from (its record), its PDF edition, the warnings
    to give, and which pages must run."""

    edition: Edition
    paths: EditionPaths
    record: BuildRecord
    pdf: PdfEdition
    warnings: list[str]
    pages: PagePlan


def plan_build(
    request: BuildRequest, year: object, data_dir: str | Path | None, output_dir: str | Path | None
) -> BuildPlan:
    """The first phase of a build: load the edition and say what is missing for it (an error in
    strict mode, before anything runs), then which pages must run (:func:`plan_pages`)."""
    strict = request.strict
    edition = load_edition(year, data_dir)
    output = output_folder(output_dir or default_output_dir()).resolve()
    warnings = check_edition(edition, strict=strict)
    warnings += missing_settings()  # settings of the accessibility statement still empty
    paths = EditionPaths(output / str(edition.year))
    # The PDF follows the edition's table of contents, as staged (its captions name the rapport).
    edition_pdf = PdfEdition.of(
        edition, paths.root, CONFIG_FILE, paths.source / TOC_FILE.name, wanted=request.pdf
    )
    warnings += edition_pdf.warnings(strict)  # WeasyPrint missing: an error in strict mode
    if strict:
        refuse_placeholders(placeholders())  # a text still to fill would be published
    record = BuildRecord(paths.root)
    return BuildPlan(edition, paths, record, edition_pdf, warnings, plan_pages(edition, paths.source, record))


def run_pages(planned: BuildPlan, jobs: int | None, kept: KeptWorkers | None) -> str:
    """The second phase: check the data (:func:`check_data`) and run the pages that must run
    (:func:`run_notebooks`), their kernels started first, so that they start while the data are
    checked and the pages tried; the downloads and the book's other sources are staged while the
    pages run. Return what ran and why, in French. Workers ``kept`` from one build to the next
    (``lda-book surveiller``) are not closed here."""
    workers = start_page_workers(planned, jobs, kept)
    edition, record, source = planned.edition, planned.record, planned.paths.source

    def meanwhile() -> None:
        stage_downloads(edition, source / DOWNLOADS_FOLDER, record)
        stage_sources(edition, source)

    try:
        check_data(planned)
        return run_notebooks(edition, planned.pages, workers, record, meanwhile=meanwhile)
    finally:
        if workers is not None and kept is None:
            workers.close()


def start_page_workers(planned: BuildPlan, jobs: int | None, kept: KeptWorkers | None) -> PageWorkers | None:
    """The workers that run the pages of ``planned`` which must run (None if none must): ``kept``
    ones, or new ones (:func:`~lda_analysis.book_build.page_workers.kernel_count`)."""
    stale = planned.pages.stale
    charts = planned.paths.source / CHARTS_FOLDER
    if not stale:
        return None
    if kept is not None:
        return kept.get(charts)
    return PageWorkers(kernel_count(len(stale), jobs), charts)


def check_data(planned: BuildPlan) -> None:
    """Give the warnings of ``planned``, then run the checks whose inputs changed since the last build
    of the edition (:class:`~lda_analysis.book_build.build_record.CheckMemory`); a failed check stops the build."""
    for item in planned.warnings:
        logger.warning("Attention : %s", item)
    memory = CheckMemory(planned.record, planned.edition)
    failed = [result for result in planned.edition.remembered_checks(memory) if result.status == FAILED]
    memory.save()
    logger.info("Contrôles de cohérence : %s relancé(s) sur %s.", memory.ran, len(memory.kept))
    if failed:
        raise BuildError(
            "Des contrôles de cohérence échouent (lda-book verifier pour le détail) :\n"
            + "\n".join(f"  - {result.title} — {result.subject}" for result in failed)
        )


def drop_unused_charts(source: Path) -> list[Path]:
    """Remove from the staged sources' charts folder the images no staged page shows any more, and
    their print images (a chart's file name is a digest of what it shows: a changed chart leaves the
    former image behind, which would change the sources' digest and the HTML rebuilt for nothing);
    return what was removed."""
    charts = source / CHARTS_FOLDER
    if not charts.is_dir():
        return []
    shown = set()
    for page in (*source.rglob("*.ipynb"), *source.rglob("*.md")):
        shown.update(re.findall(rf"/{CHARTS_FOLDER}/([\w.-]+\.svg)", page.read_text(encoding="utf-8")))
    kept = shown | {print_file_name(name) for name in shown}
    removed = sorted(path for path in charts.iterdir() if path.is_file() and path.name not in kept)
    for path in removed:
        path.unlink()
    return removed


def render_and_publish(planned: BuildPlan, renderer: JupyterBookProcess, force: bool) -> str:
    """The third phase: render the staged sources to HTML with ``renderer`` (unless the published
    ``html/`` was built from the same sources and ``force`` is false), write the PDF edition, and
    publish both; return the digest of the staged sources (:func:`staged_digest`)."""
    paths, edition_pdf, record = planned.paths, planned.pdf, planned.record
    edition_pdf.link_front_page(paths.source)
    drop_unused_charts(paths.source)
    staged = staged_digest(paths.source)
    current = not force and paths.index.is_file() and record.get(HTML) == staged
    record.set(BOOK, None)  # what the folder publishes changes: until it is published
    if not current:
        record.set(HTML, None)
    record.save()
    if current:
        logger.info("Sources du livre inchangées : le HTML publié est à jour.")
        edition_pdf.write(paths.html, staged, record)  # unless the PDF of this HTML is there
    else:
        logger.info("Construction du livre HTML (Jupyter Book)…")
        built = renderer.render(paths.source, paths.work)
        stamp_fingerprint(built, planned.edition.fingerprint)
        edition_pdf.write(built, staged, record, force)  # before publishing: a failed PDF publishes nothing
        publish(built, paths.html)
        record.set(HTML, staged)
    edition_pdf.discard_stale(staged, record)
    return staged


def record_edition(planned: BuildPlan, request: BuildRequest, staged: str) -> None:
    """The last phase: list the edition among those built side by side, and record what the
    published edition was made from (:func:`~lda_analysis.book_build.build_record.record_book`)."""
    edition, edition_pdf, record = planned.edition, planned.pdf, planned.record
    write_editions_index(planned.paths.root.parent)
    pdf_current = edition_pdf.current(staged, record)
    record_book(
        record,
        request,
        edition.year,
        default=edition.year == default_year(load_data(edition.data_dir)),
        pdf_current=request.pdf or pdf_current,
        pdf_file=edition_pdf.path if pdf_current else None,
        warnings=planned.warnings,
    )


def editions_markdown(year: int) -> str:
    """The page « Les éditions du rapport » of an edition: which one the reader is in, and the link to
    the list of every edition built side by side (``index.html`` of the output folder, rewritten at
    every build: a book built earlier still finds the editions built after it); the version of the
    code and the fingerprint of the data it was made from, so that a printed figure can be traced to
    them. The fingerprint is written into the built page, as into every page's footer
    (:func:`stamp_fingerprint`): the page's source does not change with the data, and Sphinx does not
    read and write it again at each change of a figure.

    >>> print(editions_markdown(2025).splitlines()[-3])
    La liste de toutes les éditions construites, tenue à jour à chaque construction : <a href="../../../index.html">éditions du rapport</a>.
    """
    return "\n".join(
        [
            "# Les éditions du rapport",
            "",
            f"Vous lisez l'édition {year}. Chaque année a son édition, construite à partir des données "
            "de l'année ; les éditions sont rangées côte à côte, un dossier par année.",
            "",
            "La liste de toutes les éditions construites, tenue à jour à chaque construction : "
            '<a href="../../../index.html">éditions du rapport</a>.',
            "",
            f"Cette édition a été produite par la version {__version__} de lda-book, à "
            # Marked up as Sphinx marks up a literal (`…`), around the element the fingerprint is
            # stamped into (:func:`stamp_fingerprint`).
            f'partir des données d\'empreinte <code class="docutils literal notranslate"><span class="pre">'
            f"{FINGERPRINT_MARK}</span></span></code> (SHA-256 des noms et du contenu des "
            "fichiers CSV) ; le paquet de données ouvertes porte la même version et la même empreinte.",
            "",
        ]
    )


def built_editions(output_dir: Path) -> list[int]:
    """The years whose book has been built in ``output_dir`` (one folder per year)."""
    return sorted(
        int(folder.name)
        for folder in output_dir.glob("[0-9][0-9][0-9][0-9]")
        if (folder / "html" / "index.html").is_file()
    )


def write_editions_index(output_dir: Path) -> Path:
    """The page listing every edition built side by side, at the root of the output folder."""
    links = "\n".join(
        f'    <li><a href="{year}/html/index.html">Édition {year}</a></li>'
        for year in reversed(built_editions(output_dir))
    )
    page = output_dir / "index.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
        "<title>Plan Logement d'Abord MTPM — éditions</title></head>\n<body>\n"
        "  <h1>Plan Logement d'Abord de la Métropole Toulon Provence Méditerranée</h1>\n"
        f"  <p>Les éditions du rapport d'exécution :</p>\n  <ul>\n{links}\n  </ul>\n"
        "</body>\n</html>\n",
        encoding="utf-8",
    )
    return page
