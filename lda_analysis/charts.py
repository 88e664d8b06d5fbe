"""Charts in one house style: a colour-blind-safe palette, French labels and numbers, a title, the
source underneath and an alt text that states the figures for readers who cannot see the chart.

A :class:`Chart` displays itself as an HTML ``<figure>`` (PNG image with its ``alt`` attribute,
caption and source); its PNG bytes are deterministic for a given version of matplotlib.
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from html import escape

import matplotlib

matplotlib.use("Agg")  # no screen needed: charts are rendered to PNG bytes

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .formatting import format_percent_value, format_sources  # noqa: E402
from .schema import get_schema  # noqa: E402

# Okabe & Ito's palette, readable by colour-blind readers; one colour per territory.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#DDDDDD",
    "axes.axisbelow": True,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
}


@dataclass(frozen=True)
class Chart:
    """A rendered chart with what a reader needs around it."""

    png: bytes
    title: str
    alt: str
    sources: tuple[str, ...]

    @property
    def source_line(self) -> str:
        return format_sources(self.sources)

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="lda-chart">\n'
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}" '
            'style="width:100%;max-width:900px;height:auto"/>\n'
            f'<figcaption><strong>{escape(self.title)}</strong><br/>'
            f'<span class="lda-source">{escape(self.source_line)}</span></figcaption>\n'
            "</figure>"
        )

    def __repr__(self) -> str:
        return f"Graphique : {self.title}\nTexte alternatif : {self.alt}\n{self.source_line}"


def _render(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _percent_axis(value, _position) -> str:
    return format_percent_value(value, 0 if float(value).is_integer() else 1)


def access_rates_chart(rates: pd.DataFrame) -> Chart:
    """Grouped bars of the access rates, one panel per public, one colour per territory."""
    labels = get_schema().labels("acces_logement_social", "public")
    territories = get_schema().labels("acces_logement_social", "territory")
    publics = list(dict.fromkeys(rates["public"]))
    codes = list(dict.fromkeys(rates["territory"]))
    years = sorted(set(rates["year"]))
    periods = dict(zip(rates["year"], rates["period_label"], strict=True))
    width = 0.8 / len(codes)
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(1, len(publics), figsize=(8, 4.2), sharey=True, squeeze=False)
        for axis, public in zip(axes[0], publics, strict=True):
            for rank, code in enumerate(codes):
                subset = rates[(rates["public"] == public) & (rates["territory"] == code)]
                values = subset.set_index("year")["value"].reindex(years)
                positions = [index + (rank - (len(codes) - 1) / 2) * width for index in range(len(years))]
                bars = axis.bar(positions, values, width=width, color=PALETTE[rank],
                                label=territories[code])
                axis.bar_label(bars, labels=[format_percent_value(value) for value in values],
                               padding=2, fontsize=8)
            axis.set_title(textwrap.fill(labels[public], 32, break_long_words=False), loc="left")
            axis.set_xticks(range(len(years)), [textwrap.fill(periods[year], 16, break_long_words=False) for year in years])
            axis.yaxis.set_major_formatter(FuncFormatter(_percent_axis))
        axes[0][0].set_ylabel("Taux publié par la DDETS")
        axes[0][-1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        figure.tight_layout()
        png = _render(figure)
    return Chart(png, "Accès au logement social : MTPM et reste du Var", _access_alt(rates),
                 tuple(rates["source"]))


def _access_alt(rates: pd.DataFrame) -> str:
    """Alt text that states every value of the chart, by public and territory."""
    labels = get_schema().labels("acces_logement_social", "public")
    territories = get_schema().labels("acces_logement_social", "territory")
    years = sorted(set(rates["year"]))
    parts = [f"Diagramme en barres des taux d'accès au logement social en {', '.join(map(str, years))}."]
    for public in dict.fromkeys(rates["public"]):
        by_territory = []
        for code in dict.fromkeys(rates["territory"]):
            subset = rates[(rates["public"] == public) & (rates["territory"] == code)].sort_values("year")
            values = ", ".join(f"{period} : {format_percent_value(value)}" for period, value
                               in zip(subset["period_label"], subset["value"], strict=True))
            by_territory.append(f"{territories[code]} {values}")
        parts.append(f"{labels[public]} : {' ; '.join(by_territory)}.")
    return " ".join(parts)
