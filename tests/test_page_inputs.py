"""What each page of the book is made from: a change reruns only the pages it touches."""

import json
import shutil

import pytest

from lda_analysis.book_build import build_record
from lda_analysis.book_build.build_record import (
    LIBRARY,
    PAGES,
    PARAMETERS,
    BuildRecord,
    BuildRequest,
    page_identity,
    reusable_build,
)
from lda_analysis.book_build.builder import build_edition
from lda_analysis.book_build.plan import book_pages
from lda_analysis.contract.data import load_tables
from lda_analysis.contract.paths import DEFAULT_DATA_DIR, NOTEBOOKS_DIR, TOC_FILE

from .conftest import edit_cell


@pytest.fixture(scope="module")
def executed(built_book):
    """Each notebook page of the session's book: (page, its executed copy, what it is run with)."""
    source = built_book.parent / "source" / "notebooks"
    return [
        (
            page,
            source / f"{page.name}.ipynb",
            page_identity({"year": 2024, "data_dir": str(DEFAULT_DATA_DIR), **page.parameters}, page.title),
        )
        for page in book_pages(TOC_FILE, NOTEBOOKS_DIR, load_tables())
    ]


@pytest.fixture(scope="module")
def record(built_book):
    """The record of the session's book's edition folder, as its build wrote it."""
    return BuildRecord(built_book.parent)


def _changes(record, executed, data_dir=DEFAULT_DATA_DIR, library=None):
    """Why each page must run again, by name."""
    library = library or build_record.library_digest()
    return {
        page.name: record.page_changes(page.name, target, page.template, parameters, data_dir, library)
        for page, target, parameters in executed
    }


def test_each_executed_page_records_what_it_was_made_from(record, executed):
    pages = record.get(PAGES)
    assert set(pages) == {page.name for page, _, _ in executed}
    fsl = pages["fsl"]
    data = {name for name in fsl if name.endswith(".csv")}
    # The FSL page reads its table, and the calendar that decides which years an edition sees.
    assert data == {"fsl.csv", "finances_calendrier.csv"}
    assert set(fsl) == {"notebooks/fsl.ipynb", PARAMETERS, LIBRARY, "fsl.csv", "finances_calendrier.csv"}
    action = pages["actions/action_7"]
    assert "notebooks/fiche_action.ipynb" in action and "actions_fiches.csv" in action
    assert all(len(digest) == 64 for digest in action.values())
    # Markdown pages of book/ are no input of any notebook.
    assert not any(name.startswith("book/") for inputs in pages.values() for name in inputs)
    # The executed pages hold no record of their own.
    assert all(
        "lda" not in json.loads(target.read_text(encoding="utf-8"))["metadata"] for _, target, _ in executed
    )


def test_changing_one_table_touches_only_the_pages_that_read_it(record, executed, data_copy):
    edit_cell(data_copy / "fsl.csv", 2, "note", "Note corrigée par l'analyste.")
    changed = _changes(record, executed, data_copy)
    assert {name: reasons for name, reasons in changed.items() if reasons} == {
        "accueil": ["fsl.csv"],
        "ce_que_nous_retenons": ["fsl.csv"],
        "fsl": ["fsl.csv"],
    }
    assert all(reasons == [] for reasons in changed.values() if reasons != ["fsl.csv"])


def test_other_parameters_or_another_title_are_a_change(record, executed, tmp_path):
    page, target, parameters = next(item for item in executed if item[0].name == "actions/action_7")
    library = build_record.library_digest()

    def changes(parameters, target=target):
        return record.page_changes(page.name, target, page.template, parameters, DEFAULT_DATA_DIR, library)

    assert changes(parameters) == []
    assert changes({**parameters, "titre de la page": "1.8 Action 7 : un autre titre"}) == [PARAMETERS]
    assert changes({**parameters, "action": "8"}) == [PARAMETERS]
    assert changes(parameters, tmp_path / "absent.ipynb") is None  # no executed copy: it runs


def test_any_change_of_the_library_reruns_every_page(record, executed):
    changed = _changes(record, executed, library="une autre bibliothèque")
    assert set(map(tuple, changed.values())) == {(LIBRARY,)}


def test_a_build_with_nothing_changed_is_reused_and_any_change_is_not(built_book, data_copy, tmp_path):
    output = built_book.parent.parent
    # Other tests of the session's book may have left it half-built.
    build_edition(2024, output_dir=output, pdf=False)
    assert reusable_build(BuildRequest.of(2024, None, output, False, pdf=False)) is not None
    assert (
        reusable_build(BuildRequest.of("2024", None, output, False, pdf=False)) == built_book / "index.html"
    )
    # The default edition of the embedded data is 2024: the same book.
    assert reusable_build(BuildRequest.of(None, None, output, False, pdf=False)) == built_book / "index.html"
    # Strict: not the same book, since the build warned (the accessibility statement's settings are
    # empty in the embedded configuration).
    assert reusable_build(BuildRequest.of(2024, None, output, True, pdf=False)) is None
    assert (
        reusable_build(BuildRequest.of(2024, data_copy, output, False, pdf=False)) is None
    )  # another folder
    assert reusable_build(BuildRequest.of(2025, None, output, False, pdf=False)) is None  # not built
    copy = tmp_path / "editions"
    shutil.copytree(output, copy, symlinks=True)
    assert reusable_build(BuildRequest.of(2024, None, copy, False, pdf=False)) is not None
    shutil.rmtree(copy / "2024" / "html")
    assert reusable_build(BuildRequest.of(2024, None, copy, False, pdf=False)) is None  # the book is gone
