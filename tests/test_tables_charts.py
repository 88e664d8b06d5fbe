"""What the book shows: French tables and charts with their source, alt text, escaped data text."""

from lda_analysis.charts import PALETTE, access_rates_chart
from lda_analysis.data import load_table
from lda_analysis.indicators import evolution, gap
from lda_analysis.tables import access_rates_table, evolution_table, figures_table, gap_table

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _rates():
    return load_table("acces_logement_social")


def test_access_table_has_one_column_per_period():
    table = access_rates_table(_rates())
    assert list(table.frame.columns) == ["Public", "Territoire", "2017", "2021 (contractualisation AMI)",
                                         "2024 (juin)"]
    first = table.frame.iloc[0].tolist()
    assert first == ["Personnes sortant d'hébergement généraliste", "MTPM", "3,1\xa0%", "4,4\xa0%", "4,7\xa0%"]
    assert table.source_line.startswith("Source : DDETS, cité au §3.1")


def test_table_html_has_caption_and_source_and_escapes_data_text():
    rates = _rates()
    rates.loc[0, "source"] = "<script>alert('x')</script>"
    html = access_rates_table(rates)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<caption>Accès au logement social (taux publiés par la DDETS)</caption>" in html
    assert '<p class="lda-source">Sources : &lt;script&gt;' in html


def test_evolution_and_gap_tables_are_formatted_in_french():
    rates = _rates()
    table = evolution_table(evolution(rates, 2017, 2024, ["public", "territory"]), rates)
    row = table.frame.iloc[2].tolist()  # sans-abri, MTPM
    assert row[2:] == ["2,1\xa0%", "3,4\xa0%", "+1,3\xa0point", "+61,9\xa0%"]
    gaps = gap_table(gap(rates, "MTPM", "VAR_HORS_TPM", ["public", "year"]), rates)
    assert gaps.frame.columns[-1] == "Écart MTPM − Var hors TPM"
    assert gaps.frame.iloc[-1].tolist() == ["Personnes sans-abri", "2024", "3,4\xa0%", "1,3\xa0%", "+2,1\xa0points"]


def test_figures_table_uses_labels_and_units():
    fsl = load_table("fsl")
    table = figures_table(fsl, {"measure": "Mesure", "value": "Valeur", "kind": "Nature"}, "FSL")
    assert table.frame.iloc[0].tolist() == ["Évolution du nombre de demandes", "+30\xa0%", "rapporté par la source"]
    assert table.frame.iloc[1].tolist() == ["Montant des aides accordées", "244\u202f878,18\xa0€", "observé"]
    assert "Sources : " in table.source_line and "§1.12" in table.source_line


def test_chart_is_a_png_with_alt_text_stating_every_value():
    chart = access_rates_chart(_rates())
    assert chart.png.startswith(PNG_SIGNATURE)
    assert ("Personnes sans-abri : MTPM 2017 : 2,1\xa0%, 2021 (contractualisation AMI) : 2,5\xa0%, "
            "2024 (juin) : 3,4\xa0%") in chart.alt
    assert "Var hors TPM 2017 : 1,9\xa0%, 2021 (contractualisation AMI) : 3,0\xa0%" in chart.alt
    html = chart._repr_html_()
    assert 'alt="Diagramme en barres' in html and "<figcaption>" in html and "Source : DDETS" in html


def test_chart_is_deterministic_and_escapes_labels():
    rates = _rates()
    assert access_rates_chart(rates).png == access_rates_chart(rates).png
    rates["period_label"] = rates["period_label"].str.replace("2017", '2017 "<b>"')
    html = access_rates_chart(rates)._repr_html_()
    assert "<b>" not in html
    assert "MTPM 2017 &quot;&lt;b&gt;&quot; : 3,1" in html


def test_palette_is_okabe_ito():
    assert PALETTE[:2] == ["#0072B2", "#E69F00"]
