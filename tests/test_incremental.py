"""Incremental equals clean: whatever was built before in an output folder, a build publishes what a
clean build of the same inputs publishes (the text a reader sees on every page, every other file of
the book, the text of the PDF edition).

The builds run on a copy of the project (``tests/incremental.py``), whose table of contents keeps a
page of each kind, so that a clean build takes a few seconds. A property test (Hypothesis) plays
random sequences of changes: a cell of a CSV file (shown on a page, or only offered for download), a
notebook, a Markdown page (a sentence, its title), a library file, the configuration, the data
folder, the year, ``--sans-pdf`` or not, ``--strict`` or not. After each build it compares the edition folder with a clean build of the same
inputs; a build that fails must fail clean too and leave the published edition as it was.

Named tests for the cases it found: data folder A, then B, then A again (the third build said
nothing had changed and published B's figures); a build without the PDF between two full builds; a
chart renamed by a change of the library (Sphinx left the former image published beside the new); a
table that only the downloads hold (published, and no page read again).

Bounded in ``make test``; a longer run, on the whole book if wanted (see the README, « Une
construction incrémentale publie ce que publie une construction propre »)::

    LDA_INCREMENTAL_EXEMPLES=30 LDA_INCREMENTAL_LIVRE=complet .venv/bin/python -m pytest \\
        tests/test_incremental.py -n 0
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from lda_analysis.blocks.charts import print_file_name

from .incremental import (
    CELL,
    EDITS,
    OTHER_DATA,
    STEPS,
    ProjectState,
    build,
    copy_project,
    differences,
    published,
)

EXAMPLES = int(os.environ.get("LDA_INCREMENTAL_EXEMPLES", "1"))
WHOLE_BOOK = os.environ.get("LDA_INCREMENTAL_LIVRE") == "complet"
# The files a step may change, put back between two examples.
CHANGED_FILES = sorted(
    {f"data/{CELL.path}", f"{OTHER_DATA}/{CELL.path}", *(edit.path for edit in EDITS.values())}
)


class Workspace:
    """A test project, its incremental output folder (put back to the first build between two
    examples) and the clean builds of each state met, kept by state."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.origin = copy_project(root / "origine", short=not WHOLE_BOOK)
        self.project = root / "projet"
        shutil.copytree(self.origin, self.project)
        self.output = root / "incrementale"
        self.first = root / "premiere"
        self.clean_builds: dict[tuple, dict | None] = {}
        state = ProjectState()
        result = build(self.project, self.output, *state.options(self.project))
        assert result.returncode == 0, result.stderr[-3000:]
        shutil.copytree(self.output, self.first, symlinks=True)
        self.clean_builds[state.key()] = published(self.output / "2024")

    def reset(self) -> ProjectState:
        """The project and its output folder as after the first build; its state."""
        for name in CHANGED_FILES:
            shutil.copyfile(self.origin / name, self.project / name)
        shutil.rmtree(self.output)
        shutil.copytree(self.first, self.output, symlinks=True)
        return ProjectState()

    def clean(self, state: ProjectState) -> dict | None:
        """What a clean build of ``state`` (the project's files as they are now) publishes; None if
        it fails."""
        key = state.key()
        if key not in self.clean_builds:
            folder = self.root / "propre"
            shutil.rmtree(folder, ignore_errors=True)
            result = build(self.project, folder, *state.options(self.project))
            self.clean_builds[key] = published(folder / str(state.year)) if result.returncode == 0 else None
        return self.clean_builds[key]

    def build_and_compare(self, state: ProjectState, steps: list[str]) -> None:
        """Build ``state`` in the incremental folder and compare it with a clean build."""
        folder = self.output / str(state.year)
        before = published(folder) if folder.is_dir() else {}
        result = build(self.project, self.output, *state.options(self.project))
        clean = self.clean(state)
        after = published(folder) if folder.is_dir() else {}
        said = f"Étapes : {steps}\n{result.stderr[-2500:]}"
        if result.returncode != 0:
            assert clean is None, f"La construction incrémentale échoue, la construction propre non. {said}"
            assert not differences(after, before), f"Une construction échouée a changé l'édition. {said}"
            return
        assert clean is not None, f"La construction propre échoue, l'incrémentale non. {said}"
        assert "html/index.html" in after, f"Livre publié sans page d'entrée (index.html). {said}"
        expected = dict(clean)
        if not state.pdf and any(name.startswith("pdf/") for name in after):
            # A build without the PDF may keep a PDF, if it is the PDF of this book.
            full = self.clean(dataclasses.replace(state, pdf=True))
            expected.update({name: value for name, value in full.items() if name.startswith("pdf/")})
        found = differences(after, expected)
        assert not found, (
            "L'édition incrémentale diffère de l'édition propre :\n" + "\n".join(found) + f"\n{said}"
        )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("incrementale"))


def _households_shown(workspace: Workspace) -> str:
    """The households helped by the FSL in 2022 as the published FSL page shows them (its table)."""
    page = published(workspace.output / "2024")["html/notebooks/fsl.html"]
    row = "Ménages aidés\nMaintien dans le logement\nFSL 2022\n"
    assert page.count(row) == 1, page
    return page.split(row)[1].split("\n")[0]


def test_data_folder_a_then_b_then_a_again_publishes_a(workspace):
    """The stale book of issue 21: built with data folder A, then B (160 households become 161),
    then A again, the book showed 161, the third build saying nothing had changed."""
    state = workspace.reset()
    CELL.apply(workspace.project / OTHER_DATA, True)
    assert _households_shown(workspace) == "160"
    for folder, shown in ((OTHER_DATA, "161"), ("data", "160")):
        result = build(workspace.project, workspace.output, *state.options(workspace.project, folder))
        assert result.returncode == 0, result.stderr[-3000:]
        assert _households_shown(workspace) == shown, result.stderr[-3000:]
    assert not differences(published(workspace.output / "2024"), workspace.clean(state))


def test_a_build_without_the_pdf_then_a_full_build(workspace):
    """A full build; a change and a build without the PDF; the change undone and a full build: the
    last publishes the HTML and the PDF of the first, as a clean build does."""
    state = workspace.reset()
    full = dataclasses.replace(state, pdf=True)
    for change, request in ((None, full), (True, state), (False, full)):
        if change is not None:
            CELL.apply(workspace.project / "data", change)
        result = build(workspace.project, workspace.output, *request.options(workspace.project))
        assert result.returncode == 0, result.stderr[-3000:]
        assert _households_shown(workspace) == ("161" if change else "160")
        assert (list((workspace.output / "2024" / "pdf").glob("*.pdf")) != []) == (
            request.pdf or change is None
        )
    assert not differences(published(workspace.output / "2024"), workspace.clean(full))


def test_a_renamed_chart_leaves_no_stale_image(workspace):
    """A change of the library renames every chart's image (its name is a digest of what it shows):
    the published book holds the new images only, as a clean build does. Sphinx never removes an
    image from its output folder: the images of the build before stayed published beside the new
    ones (``_images/*.png`` beside the ``.svg`` on the day the charts became vector images)."""
    state = workspace.reset()
    state.step(workspace.project, "graphique")
    result = build(workspace.project, workspace.output, *state.options(workspace.project))
    assert result.returncode == 0, result.stderr[-3000:]
    images = sorted(name for name in published(workspace.output / "2024") if name.startswith("html/_images/"))
    expected = sorted(name for name in workspace.clean(state) if name.startswith("html/_images/"))
    assert images == expected
    # The entry page, a redirect that sphinx-external-toc writes after the stale outputs are removed.
    assert "html/index.html" in published(workspace.output / "2024")
    assert not differences(published(workspace.output / "2024"), workspace.clean(state))
    # The staged sources keep only the charts the pages show, each with its print image.
    source = workspace.output / "2024" / "source"
    shown = {
        name
        for page in source.rglob("*.ipynb")
        for name in re.findall(r"/graphiques/([\w.-]+\.svg)", page.read_text(encoding="utf-8"))
    }
    kept = sorted(path.name for path in (source / "graphiques").iterdir())
    assert shown and kept == sorted(shown | {print_file_name(name) for name in shown})


def test_a_changed_download_is_published_without_reading_its_pages_again(workspace):
    """A note of a table that no page of the short book shows: the files that hold it and that the
    front page offers (the workbook, the open data package) are published as a clean build publishes
    them, and Sphinx reads no page again. It counted the files a page offers among the page's
    sources: such a change read and wrote again every page offering one (the data dictionary offers
    them all); and with no page to read, it would not have copied them."""
    state = workspace.reset()
    doctrees = workspace.output / "2024" / "work" / "_build" / ".doctrees"
    read = {path.name: path.stat().st_mtime_ns for path in doctrees.rglob("*.doctree")}
    state.step(workspace.project, "telechargement")
    result = build(workspace.project, workspace.output, *state.options(workspace.project))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Construction du livre HTML" in result.stderr, result.stderr[-3000:]
    assert {path.name: path.stat().st_mtime_ns for path in doctrees.rglob("*.doctree")} == read
    before, after = workspace.clean(ProjectState()), published(workspace.output / "2024")
    # Besides the data's fingerprint, written on every page.
    changed = sorted(name for name in after if after[name] != before[name] and not name.endswith(".html"))
    offered = (
        ["annexes_enquete_chiffres.csv", "annexes_enquete_chiffres_pour_excel.csv"] if WHOLE_BOOK else []
    )
    assert sorted(name.rsplit("/", 1)[1] for name in changed) == [
        *offered,  # by the data dictionary, in the whole book
        "datapackage.json",
        "donnees_logement_d_abord_2024.xlsx",
        "donnees_ouvertes_logement_d_abord_2024.zip",
    ], changed
    assert not differences(after, workspace.clean(state))


def test_a_change_of_the_book_extension_is_published(workspace):
    """A change of the library that only the rendering of the HTML sees (the book's Sphinx extension
    names the navigation's buttons): every page shows it, as in a clean build. The notebooks ran
    again into the same files, so the book's sources looked unchanged and the HTML was kept."""
    state = workspace.reset()
    state.step(workspace.project, "extension")
    result = build(workspace.project, workspace.output, *state.options(workspace.project))
    assert result.returncode == 0, result.stderr[-3000:]
    front = published(workspace.output / "2024")["html/notebooks/accueil.html"]
    assert "Montrer ou masquer les sous-sections" in front, result.stderr[-3000:]
    assert not differences(published(workspace.output / "2024"), workspace.clean(state))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sampled_from(STEPS), min_size=1, max_size=3))
@example(steps=["titre", "graphique", "annee", "strict"])
def test_an_incremental_build_publishes_what_a_clean_build_publishes(workspace, steps):
    state = workspace.reset()
    for done, change in enumerate(steps, start=1):
        state.step(workspace.project, change)
        workspace.build_and_compare(state, steps[:done])
