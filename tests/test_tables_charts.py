"""What the book shows, generically: French tables of figures with their source, grouped labels, the
chart palette. (The tables and chart of each domain are tested with their domain.)"""

import pandas as pd

from lda_analysis.blocks.charts import PALETTE
from lda_analysis.blocks.tables import Table, figures_table, grouped
from lda_analysis.contract.data import load_table


def test_figures_table_uses_labels_and_units():
    fsl = load_table("fsl")
    table = figures_table(fsl, {"mesure": "Mesure", "valeur": "Valeur", "nature_chiffre": "Nature"}, "FSL")
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


def test_charts_drawn_without_images_have_no_image():
    import pandas as pd

    from lda_analysis.blocks.charts import bar_chart, without_images

    frame = pd.DataFrame({"label": ["a", "b"], "valeur": [1.0, 2.0]})
    with without_images():
        silent = bar_chart(frame, "label", "valeur", "Titre", "nombre", "Effectif", ["Source"])
    drawn = bar_chart(frame, "label", "valeur", "Titre", "nombre", "Effectif", ["Source"])
    assert silent.image == b"" and drawn.image.startswith(b"<?xml") and b"<svg" in drawn.image
    assert silent.alt == drawn.alt  # the data it describes is the same


def test_a_chart_is_written_for_the_web_and_for_print_in_the_projects_font(tmp_path):
    import re

    from lda_analysis.blocks.charts import bar_chart, print_file_name
    from lda_analysis.blocks.fonts import FAMILY

    frame = pd.DataFrame({"label": ["l'année 3 du plan", "Autres"], "valeur": [1200.0, 5.0]})
    chart = bar_chart(frame, "label", "valeur", "Titre", "nombre", "Nombre d'aides", ["Source"])
    web, printed = chart.image.decode(), chart.print_image.decode()
    # The web's image draws its texts as shapes of the font; the print image keeps them as text.
    assert "<text" not in web and 'id="SourceSansPro-Regular-' in web
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", printed)
    assert f"font-family: '{FAMILY}'" in printed
    # French typography, in the labels of the axes (written while the figure is drawn) as elsewhere.
    assert {"l’année 3 du", "Nombre d’aides", "1\u202f200"} <= set(texts)
    assert not [text for text in texts if "'" in text]
    saved = chart.save(tmp_path)
    assert saved.read_bytes() == chart.image
    assert (tmp_path / print_file_name(saved.name)).read_bytes() == chart.print_image


def test_tables_have_a_caption_and_column_headers():
    html = Table(pd.DataFrame({"Année": ["2024"], "Valeur": ["3"]}), "Légende", ("Source",))._repr_html_()
    table = Table(pd.DataFrame({"Année": ["2024"], "Valeur": ["3"]}), "Légende", ("Source",))
    identifier = table.caption_id()
    # The caption is outside the frame that scrolls the table, and names both the frame and the table.
    assert f'<p class="lda-caption" id="{identifier}">Légende</p>' in html
    assert f'<div class="lda-table-scroll" role="region" tabindex="0" aria-labelledby="{identifier}">' in html
    assert f'<table class="dataframe lda-table" aria-labelledby="{identifier}">' in html
    assert '<th scope="col">Année</th><th scope="col">Valeur</th>' in html
    # The first column names its row: a row header.
    assert '<tr><th scope="row">2024</th><td>3</td></tr>' in html


def test_a_grouped_first_column_is_not_a_row_header():
    """A column that leaves repeated labels blank does not name every row: cells, not row headers."""
    frame = pd.DataFrame({"Axe": ["Axe 1", "", "Axe 2"], "Action": ["A", "B", "C"]})
    html = Table(frame, "Actions", ("Source",)).html()
    assert 'scope="row"' not in html and "<tr><td>Axe 1</td><td>A</td></tr>" in html
    assert Table(pd.DataFrame({"Seule": ["x"]}), "Une colonne", ()).has_row_headers is False


def test_two_tables_have_two_caption_ids():
    first = Table(pd.DataFrame({"Année": ["2024"], "Valeur": ["3"]}), "Légende", ("Source",))
    second = Table(pd.DataFrame({"Année": ["2024"], "Valeur": ["4"]}), "Légende", ("Source",))
    assert first.caption_id() == first.caption_id() != second.caption_id()
    assert first.caption_id() != first.caption_id(with_source=False)  # a chart's data beside its table


def test_a_chart_is_followed_by_its_data_from_the_same_frame():
    from lda_analysis.blocks.charts import bar_chart

    frame = pd.DataFrame(
        {
            "label": ["2022", "2023", "2022", "2023"],
            "series": ["Prévu", "Prévu", "Consommé", "Consommé"],
            "valeur": [1000.0, 2000.0, 900.0, 2100.0],
        }
    )
    chart = bar_chart(
        frame,
        "label",
        "valeur",
        "Crédits",
        "euros",
        "Montant",
        ["Source"],
        series="series",
        category_header="Année",
    )
    assert chart.data.caption == "Crédits"
    assert chart.data.frame.to_dict("list") == {
        "Année": ["2022", "2023"],
        "Prévu": ["1\u202f000\xa0€", "2\u202f000\xa0€"],
        "Consommé": ["900\xa0€", "2\u202f100\xa0€"],
    }
    # A short alt text: the chart, its highest and lowest bar; every figure it states is in the table.
    assert chart.alt == (
        "Diagramme en barres : Crédits. La plus haute : 2023 (Consommé), 2\u202f100\xa0€ ; la plus basse : "
        "2022 (Consommé), 900\xa0€. Chiffres dans le tableau des données du graphique."
    )
    for figure in ("2\u202f100\xa0€", "900\xa0€"):
        assert figure in chart.data_html()
    single = bar_chart(frame.head(2), "label", "valeur", "Prévu", "euros", "Montant", ["Source"])
    assert single.data.frame.columns.tolist() == ["Catégorie", "Montant"]


def test_a_chart_data_escapes_what_comes_from_the_data():
    from lda_analysis.blocks.charts import bar_chart

    frame = pd.DataFrame({"label": ['<script>alert("x")</script>', "a\n\nb"], "valeur": [1.0, 2.0]})
    chart = bar_chart(frame, "label", "valeur", "Titre <b>", "nombre", "Effectif", ["Source"])
    html = chart.data_html()
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "\n" not in html  # one raw HTML block: a blank line would end it
    assert "« Titre &lt;b&gt; »" in html
