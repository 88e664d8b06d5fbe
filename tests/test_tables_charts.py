"""What the book shows, generically: French tables of figures with their source, grouped labels, the
chart palette. (The tables and chart of each domain are tested with their domain.)"""

import pandas as pd

from lda_analysis.charts import PALETTE
from lda_analysis.data import load_table
from lda_analysis.tables import Table, figures_table, grouped


def test_figures_table_uses_labels_and_units():
    fsl = load_table("fsl")
    table = figures_table(fsl, {"measure": "Mesure", "value": "Valeur", "kind": "Nature"}, "FSL")
    assert table.frame.iloc[0].tolist() == [
        "Évolution du nombre de demandes",
        "+30\xa0%",
        "rapporté par la source",
    ]
    assert table.frame.iloc[1].tolist() == ["Montant des aides accordées", "244\u202f878,18\xa0€", "observé"]
    assert "Sources : " in table.source_line and "§1.12" in table.source_line


def test_grouped_shows_a_second_label_again_when_the_first_group_changes():
    table = Table(
        pd.DataFrame({"A": ["x", "x", "y", "y"], "B": ["b", "b", "b", "c"], "C": ["1", "2", "3", "4"]}),
        "Légende",
        ("Source",),
    )
    frame = grouped(table, ("A", "B")).frame
    assert frame.values.tolist() == [["x", "b", "1"], ["", "", "2"], ["y", "b", "3"], ["", "c", "4"]]
    assert grouped(table, ("A",)).source_line == "Source : Source"


def test_palette_is_okabe_ito():
    assert PALETTE[:2] == ["#0072B2", "#E69F00"]


def test_charts_drawn_without_images_have_no_png():
    import pandas as pd

    from lda_analysis.charts import bar_chart, without_images

    frame = pd.DataFrame({"label": ["a", "b"], "value": [1.0, 2.0]})
    with without_images():
        silent = bar_chart(frame, "label", "value", "Titre", "nombre", "Effectif", ["Source"])
    drawn = bar_chart(frame, "label", "value", "Titre", "nombre", "Effectif", ["Source"])
    assert silent.png == b"" and drawn.png.startswith(b"\x89PNG")
    assert silent.alt == drawn.alt  # the data it describes is the same
