"""The year's text of the yearly rapports: what each rapport expects, what is missing, what a page
shows (« Texte à rédiger »), what the workbook offers (données fictives built in the tests)."""

from __future__ import annotations

import pandas as pd

from lda_analysis.contract.data import load_tables
from lda_analysis.domains.redaction.computations import (
    expected_texts,
    missing_gaps,
    missing_texts,
    template_texts,
)
from lda_analysis.domains.redaction.pages import TO_WRITE, year_text


def _written(tables: dict, rows: list[dict]) -> dict:
    frame = tables["redaction_textes"]
    added = pd.DataFrame(
        [{column: "" for column in frame.columns} | row for row in rows], columns=frame.columns
    )
    return {**tables, "redaction_textes": pd.concat([frame, added], ignore_index=True)}


def test_a_yearly_rapport_expects_the_texts_of_its_chapters_and_of_each_fiche_action():
    expected = expected_texts(load_tables())
    assert len(expected) == 4 + 25 * 3
    assert set(expected[expected["page"] == "action"]["rubrique"]) == {
        "faits_marquants",
        "observations",
        "perspectives",
    }


def test_a_text_belongs_to_its_period_and_a_missing_one_is_to_write():
    tables = _written(
        load_tables(),
        [
            {
                "periode": "2026",
                "page": "action",
                "action": "20",
                "rubrique": "faits_marquants",
                "rang": 2,
                "texte": "Second (données fictives).",
            },
            {
                "periode": "2026",
                "page": "action",
                "action": "20",
                "rubrique": "faits_marquants",
                "rang": 1,
                "texte": "Premier (données fictives).",
            },
        ],
    )
    assert year_text(tables, "2026", "action", "faits_marquants", "20").paragraphs == (
        "Premier (données fictives).",
        "Second (données fictives).",
    )
    # Another period does not see it: « Texte à rédiger ».
    assert (
        year_text(tables, "2024-2025", "action", "faits_marquants", "20")._repr_markdown_() == f"*{TO_WRITE}*"
    )
    assert len(missing_texts(tables, "2026")) == 78 and len(missing_texts(tables, "2024-2025")) == 79
    gaps = missing_gaps(tables, "2026")
    assert "texte à rédiger pour 2026 : fiche action 20 (observations, perspectives)" in gaps


def test_the_workbook_offers_one_row_per_text_still_to_write():
    rows = template_texts(load_tables(), "2026")
    assert len(rows) == 79 and set(rows["periode"]) == {"2026"} and set(rows["rang"]) == {1}
