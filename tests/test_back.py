"""Back test: every figure and text of data/ is found, as printed, on its line of the source document.

The source document is the plain-text extraction of the convention and rapport d'exécution
(sources/rapport_execution_2021_2024.txt). A number must be printed on its ``source_line`` (in any of
the document's typographies); a text table (column ``text``) must start within a few lines of it.
"""

import pytest

from lda_analysis.contract.data import load_tables
from lda_analysis.contract.provenance import source_lines, untraced_rows, value_on_line

# The tables that hold rows taken from the document (the yearly rapports' own tables are empty in
# the embedded data: the analyst fills them).
TABLES = {name: frame for name, frame in load_tables().items() if len(frame)}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_row_is_printed_on_its_source_line(name):
    frame = TABLES[name]
    text_column = None if "valeur" in frame.columns else "texte"
    if text_column is not None and text_column not in frame.columns:
        pytest.fail(f"{name} : ni colonne value ni colonne text à retrouver dans le document")
    assert [str(row) for row in untraced_rows(name, frame, text_column)] == []


def test_back_test_covers_enough_figures():
    traced = sum(
        int(frame["ligne_source"].notna().sum()) for frame in TABLES.values() if "valeur" in frame.columns
    )
    assert traced >= 80, f"seulement {traced} chiffres rattachés à une ligne du document"


def test_back_test_detects_a_wrong_figure():
    # The DDETS table (line 4457): sans-abri, 2.1% 1.9% 2.5% 3% 3.4% 1.3%.
    assert value_on_line(3.4, 4457) and value_on_line(3, 4457)
    assert not value_on_line(3.5, 4457) and not value_on_line(2.2, 4457)
    assert len(source_lines()) == 9674  # 9 673 line breaks, the last line has none
