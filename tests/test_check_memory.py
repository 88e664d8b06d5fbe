"""The checks' results kept between builds: a build runs again only the checks a change touches, and
what it keeps is what the checks would find."""

import json

import pytest

from lda_analysis.book_build import build_record
from lda_analysis.book_build.build_record import BuildRecord, CheckMemory
from lda_analysis.domains.checks import run_checks
from lda_analysis.domains.edition import load_edition, recording_reads

from .conftest import edit_cell


@pytest.fixture()
def remembered(data_copy, tmp_path):
    """The results of every check on a copy of the data, kept in an edition folder's record."""
    edition = load_edition(2024, data_copy)
    memory = CheckMemory(BuildRecord(tmp_path), edition)
    results = run_checks(edition.tables, memory=memory)
    memory.save()
    return memory.record.path, results


def _again(path, data_dir):
    edition = load_edition(2024, data_dir)
    memory = CheckMemory(BuildRecord(path.parent), edition)
    return memory, run_checks(edition.tables, memory=memory), edition


def test_nothing_changed_runs_no_check_and_gives_the_same_results(remembered, data_copy):
    path, first = remembered
    memory, again, _ = _again(path, data_copy)
    assert memory.ran == 0
    assert again == first
    assert len(first) == len(run_checks(load_edition(2024, data_copy).tables))


def test_a_changed_table_reruns_the_checks_that_read_it_and_they_find_what_a_full_run_finds(
    remembered, data_copy
):
    path, first = remembered
    stored = json.loads(path.read_text(encoding="utf-8"))["controles"]["resultats"]
    readers = {check for check, kept in stored.items() if "fsl" in kept["tables"]}
    # The checks of the FSL figures, and those that go through every table.
    assert "actions.fsl_households" in readers and "territoire.repeated_figures" in readers
    assert len(readers) < len(stored) / 10

    # The 160 households helped by the FSL in 2022, also those of action 11/12: now a discrepancy.
    edit_cell(data_copy / "fsl.csv", 4, "valeur", "161")
    memory, again, edition = _again(path, data_copy)
    assert memory.ran == len(readers)
    full = run_checks(edition.tables)
    assert again == full and again != first


def test_the_tables_a_check_reads_are_recorded():
    edition = load_edition(2024)
    with recording_reads() as reads:
        run_checks(edition.tables, "indicateurs")
    assert "fsl" not in reads and reads


def test_a_change_of_the_library_reruns_every_check(remembered, data_copy, monkeypatch):
    path, _ = remembered
    monkeypatch.setattr(build_record, "library_digest", lambda: "autre code")
    memory, _, _ = _again(path, data_copy)
    assert memory.ran == len(memory.kept) > 100


@pytest.mark.parametrize("content", ["", "{pas du json", '["liste"]', '{"format": 0}', "KEPT_WRONG"])
def test_an_unreadable_record_is_ignored(remembered, data_copy, content):
    path, first = remembered
    if content == "KEPT_WRONG":  # the right header, kept results of another shape
        kept = json.loads(path.read_text(encoding="utf-8"))
        checks = kept["controles"]["resultats"]
        kept["controles"]["resultats"] = {check: {"tables": ["fsl"], "results": 3} for check in checks}
        content = json.dumps(kept)
    path.write_text(content, encoding="utf-8")
    memory, again, _ = _again(path, data_copy)
    assert memory.ran == len(memory.kept) and again == first
