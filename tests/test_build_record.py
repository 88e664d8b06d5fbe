"""The record of an edition folder: its entries hold, whatever stopped the build that wrote it."""

import json
import threading

import pytest

from lda_analysis.book_build import builder
from lda_analysis.book_build.build_record import FORMER_FILES, PAGES, RECORD_FILE, BuildRecord
from lda_analysis.domains.edition import load_edition


class InterruptedWorkers:
    """Workers interrupted (Ctrl-C) once they are given the pages."""

    interrupted = threading.Event()

    def run(self, runs, total, done=None):
        raise KeyboardInterrupt

    def stop(self) -> int:
        return 0


def test_a_page_about_to_run_has_no_recorded_inputs_until_its_copy_is_written(tmp_path):
    """A build interrupted while a page runs leaves no inputs for it, so the next build runs it even
    if its inputs are back to those it had (data folder A, then B interrupted, then A again)."""
    edition = load_edition(2024)
    record = BuildRecord(tmp_path)
    plan = builder.plan_pages(edition, tmp_path / "source", record)
    fsl = next(run for run in plan.runs if run.page.name == "fsl")
    record.note_page("fsl", {"fsl.csv": "A"})
    record.save()
    stale = builder.PagePlan([fsl], {"fsl": ["fsl.csv"]})
    with pytest.raises(KeyboardInterrupt):
        builder.run_notebooks(edition, stale, InterruptedWorkers(), record)
    assert "fsl" not in BuildRecord(tmp_path).get(PAGES)


def test_a_record_of_another_format_is_empty_and_the_former_stores_go_when_it_is_written(tmp_path):
    (tmp_path / RECORD_FILE).write_text(
        json.dumps({"empreinte": "ancienne", "annee": 2024}), encoding="utf-8"
    )
    for name in FORMER_FILES:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("ancien", encoding="utf-8")
    record = BuildRecord(tmp_path)
    assert record.content == {"format": 2}
    record.set("html", "empreinte")
    record.save()
    assert json.loads((tmp_path / RECORD_FILE).read_text(encoding="utf-8")) == {
        "format": 2,
        "html": "empreinte",
    }
    assert not any((tmp_path / name).exists() for name in FORMER_FILES)
    assert sorted(path.name for path in tmp_path.iterdir()) == [RECORD_FILE, "pdf"]  # no scratch file left


def test_the_pdf_edition_writes_the_record_s_pdf_entry():
    """The PDF edition (publication layer) names its entry of the record itself, not importing the
    build: the entry it writes is the one the record keeps in its order."""
    from lda_analysis.book_build.build_record import ORDER, PDF
    from lda_analysis.publication.pdf_edition import RECORD_ENTRY

    assert RECORD_ENTRY == PDF and PDF in ORDER
