"""What each page of the book is made from: a change reruns only the pages it touches."""

import shutil

import pytest

from lda_analysis.book_build.builder import build_edition
from lda_analysis.book_build.last_build import BuildRequest, reusable_build
from lda_analysis.book_build.page_inputs import (
    LIBRARY,
    PARAMETERS,
    changed_inputs,
    page_identity,
    stored_inputs,
)
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


def _inputs(executed, name):
    return stored_inputs(next(target for page, target, _ in executed if page.name == name))


def test_each_executed_page_records_what_it_was_made_from(executed):
    fsl = _inputs(executed, "fsl")
    data = {name for name in fsl if name.endswith(".csv")}
    # The FSL page reads its table, and the calendar that decides which years an edition sees.
    assert data == {"fsl.csv", "finances_calendrier.csv"}
    assert set(fsl) == {"notebooks/fsl.ipynb", PARAMETERS, LIBRARY, "fsl.csv", "finances_calendrier.csv"}
    action = _inputs(executed, "actions/action_7")
    assert "notebooks/fiche_action.ipynb" in action and "actions_fiches.csv" in action
    assert all(len(digest) == 64 for digest in action.values())
    # Markdown pages of book/ are no input of any notebook.
    assert not any(name.startswith("book/") for _, target, _ in executed for name in stored_inputs(target))


def test_changing_one_table_touches_only_the_pages_that_read_it(executed, data_copy):
    edit_cell(data_copy / "fsl.csv", 2, "note", "Note corrigée par l'analyste.")
    changed = {
        page.name: changed_inputs(target, page.template, parameters, data_copy)
        for page, target, parameters in executed
    }
    assert {name: reasons for name, reasons in changed.items() if reasons} == {
        "accueil": ["fsl.csv"],
        "ce_que_nous_retenons": ["fsl.csv"],
        "fsl": ["fsl.csv"],
    }
    assert all(reasons == [] for reasons in changed.values() if reasons != ["fsl.csv"])


def test_other_parameters_or_another_title_are_a_change(executed, tmp_path):
    page, target, parameters = next(item for item in executed if item[0].name == "actions/action_7")
    assert changed_inputs(target, page.template, parameters, DEFAULT_DATA_DIR) == []
    retitled = {**parameters, "titre de la page": "1.8 Action 7 : un autre titre"}
    assert changed_inputs(target, page.template, retitled, DEFAULT_DATA_DIR) == [PARAMETERS]
    assert changed_inputs(target, page.template, {**parameters, "action": "8"}, DEFAULT_DATA_DIR) == [
        PARAMETERS
    ]
    assert changed_inputs(tmp_path / "absent.ipynb", page.template, parameters, DEFAULT_DATA_DIR) is None


def test_any_change_of_the_library_reruns_every_page(executed, monkeypatch):
    from lda_analysis.book_build import page_inputs

    assert all(stored_inputs(target)[LIBRARY] for _, target, _ in executed)
    monkeypatch.setattr(page_inputs, "library_digest", lambda: "une autre bibliothèque")
    changed = {
        page.name: changed_inputs(target, page.template, parameters, DEFAULT_DATA_DIR)
        for page, target, parameters in executed
    }
    assert set(map(tuple, changed.values())) == {(LIBRARY,)}


def test_a_build_with_nothing_changed_is_reused_and_any_change_is_not(built_book, data_copy, tmp_path):
    output = built_book.parent.parent
    build_edition(
        2024, output_dir=output, pdf=False
    )  # other tests of the session's book may have left it half-built
    assert reusable_build(BuildRequest.of(2024, None, output, False, pdf=False)) is not None
    assert (
        reusable_build(BuildRequest.of("2024", None, output, False, pdf=False)).index
        == built_book / "index.html"
    )
    # The default edition of the embedded data is 2024: the same book.
    assert (
        reusable_build(BuildRequest.of(None, None, output, False, pdf=False)).index
        == built_book / "index.html"
    )
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
