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
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .formatting import format_percent_value, format_sources, format_value  # noqa: E402
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


def render_png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def percent_axis(value, _position) -> str:
    return format_percent_value(value, 0 if float(value).is_integer() else 1)


def bar_chart(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    axis_label: str,
    sources,
    series: str | None = None,
    horizontal: bool = False,
    stacked: bool = False,
) -> Chart:
    """Bars of ``value`` by ``category`` (and one colour per ``series``), in the house style.

    ``frame`` holds display labels (French) in ``category`` and ``series``, in the order to show;
    ``unit`` (a code of the schema's ``unit``) formats the values on the bars and in the alt text.
    Long category labels read better with ``horizontal=True``; ``stacked`` piles up the series.
    """
    categories = list(dict.fromkeys(frame[category]))
    groups = list(dict.fromkeys(frame[series])) if series else [None]
    if len(groups) > len(PALETTE):
        raise ValueError(f"trop de séries pour la palette ({len(groups)} > {len(PALETTE)})")
    width = 0.8 if stacked or series is None else 0.8 / len(groups)
    height = max(3.0, 0.42 * len(categories) * (1 if stacked else max(1, len(groups) * 0.7)) + 1.2) \
        if horizontal else 4.2
    with plt.rc_context(STYLE):
        figure, axis = plt.subplots(figsize=(8, height))
        base = [0.0] * len(categories)
        for rank, group in enumerate(groups):
            subset = frame if group is None else frame[frame[series] == group]
            values = subset.set_index(category)[value].reindex(categories).fillna(0).tolist()
            offset = 0 if stacked or series is None else (rank - (len(groups) - 1) / 2) * width
            positions = [index + offset for index in range(len(categories))]
            options = {"color": PALETTE[rank], "label": group}
            if horizontal:
                bars = axis.barh(positions, values, height=width, left=base if stacked else None,
                                 **options)
            else:
                bars = axis.bar(positions, values, width=width, bottom=base if stacked else None,
                                **options)
            axis.bar_label(bars, labels=[format_value(v, unit) if v else "" for v in values],
                           label_type="center" if stacked else "edge", padding=0 if stacked else 2,
                           fontsize=8)
            if stacked:
                base = [previous + current for previous, current in zip(base, values, strict=True)]
        labels = [textwrap.fill(str(label), 34 if horizontal else 16, break_long_words=False)
                  for label in categories]
        formatter = FuncFormatter(lambda number, _position: format_value(number, unit))
        bounds = get_schema().unit_bounds.get(unit)
        value_axis = axis.xaxis if horizontal else axis.yaxis
        # Whole-number units get whole ticks (no « 2,5 ménages »); horizontal axes fewer ticks, so
        # that wide labels (« 100 000 € ») do not overlap.
        value_axis.set_major_locator(MaxNLocator(nbins=5 if horizontal else "auto",
                                                 integer=bool(bounds is not None and bounds.integer)))
        if horizontal:
            axis.set_yticks(range(len(categories)), labels)
            axis.invert_yaxis()
            axis.xaxis.set_major_formatter(formatter)
            axis.set_xlabel(axis_label)
            axis.grid(axis="x", color="#DDDDDD")
            axis.grid(axis="y", visible=False)
        else:
            axis.set_xticks(range(len(categories)), labels)
            axis.yaxis.set_major_formatter(formatter)
            axis.set_ylabel(axis_label)
        if series:
            axis.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axis.set_title(textwrap.fill(title, 70), loc="left")
        figure.tight_layout()
        png = render_png(figure)
    return Chart(png, title, _bar_alt(frame, category, value, series, title, unit), tuple(sources))


def _bar_alt(frame: pd.DataFrame, category: str, value: str, series: str | None, title: str,
             unit: str) -> str:
    """Alt text stating every bar: the title, then each series' values by category."""
    parts = [f"Diagramme en barres : {title}."]
    groups = list(dict.fromkeys(frame[series])) if series else [None]
    for group in groups:
        subset = frame if group is None else frame[frame[series] == group]
        values = " ; ".join(f"{label} : {format_value(number, unit)}"
                            for label, number in zip(subset[category], subset[value], strict=True))
        parts.append(f"{group} — {values}." if group is not None else f"{values}.")
    return " ".join(parts)
