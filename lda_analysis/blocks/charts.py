"""Charts in one house style: a colour-blind-safe palette, French labels and numbers, a title, the
source underneath and an alt text that states the figures for readers who cannot see the chart.

Bars are drawn by seaborn (on matplotlib); stacked bars, which seaborn does not draw for categories,
by matplotlib itself. A :class:`Chart` displays itself as MyST (a block of class ``lda-chart``: the
image, with its alt text, then the title, the source and the chart's data as a table that unfolds,
« Voir les données du graphique »: the accessible equivalent of the image, made from the same
frame as the bars): the image is a file, named from the chart's content, that the build's kernels
write into the book's sources (``graphiques/``, see :func:`save_images_in`); the notebook's output
holds only the figure's reference, alt text, title, source and data table, which nbval compares. The SVG
bytes are deterministic for a given version of matplotlib.

Charts are drawn in the project's font (:func:`lda_analysis.blocks.fonts.chart_font`) and written twice:
for the web, their texts drawn as shapes (a browser shows them without the font); for print, their
texts as text (:attr:`Chart.print_image`), which the PDF sets in its own font: selectable,
searchable and four times faster to render than the same texts as shapes.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed: charts are rendered to SVG bytes

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FixedFormatter, FuncFormatter, MaxNLocator  # noqa: E402

from lda_analysis.contract.provenance import folded_words  # noqa: E402
from lda_analysis.contract.schema import get_schema  # noqa: E402

from .fonts import chart_font  # noqa: E402
from .formatting import format_percent_value, format_sources, format_value  # noqa: E402
from .statements import escape_markdown  # noqa: E402
from .tables import Table  # noqa: E402
from .typography import french  # noqa: E402

# The folder of the book's sources that holds the charts' images, as the figures cite it.
CHARTS_FOLDER = "graphiques"
# The class of a chart's block in the book (style, and see lda_analysis.book_build.sphinx_book).
CHART_CLASS = "lda-chart"
# The class of the unfolding block that holds a chart's data, and what its button says.
CHART_DATA_CLASS = "lda-chart-data"
CHART_DATA_SUMMARY = "Voir les données du graphique"


# A chart's width, in inches: drawn as a vector image (SVG) whose sizes are in points, shown at the
# width of the page. On a phone (a column about 350 px wide), 6,4 inches (614 px) are shown at 57 %:
# the values on the bars (VALUE_SIZE, 11 points: 14,7 px) are 8,4 px high, the other texts 8 px; on
# paper (lda_analysis/publication/pdf_assembly prints a vector image at its size), 11 points.
FIGURE_WIDTH = 6.4
# The size of the values written on the bars.
VALUE_SIZE = 11
# Okabe & Ito's palette, readable by colour-blind readers; one colour per territory.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


STYLE = {
    "font.size": 10.5,
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
    # The same SVG bytes for the same chart: ids drawn from a fixed salt, no date (render_image).
    "svg.hashsalt": "lda-graphique",
    "svg.fonttype": "path",  # the web's image; the print image keeps its texts (render_image)
    # Labels come from the data: drawn literally, never read as mathtext (« $\frac$ »).
    "text.parse_math": False,
}


@dataclass(frozen=True)
class Chart:
    """A rendered chart with what a reader needs around it: its alt text, title, source and, when
    given, its data as a table (``data``), shown under the chart in a block that unfolds.

    >>> data = Table(pd.DataFrame({"Année": ["2023", "2024"], "Ménages": ["10", "20"]}), "Ménages relogés", ())
    >>> chart = Chart(b"<svg/>", "Ménages relogés", "Diagramme en barres : 10 puis 20.", ("Rapport",), data)
    >>> print(chart._repr_markdown_())  # doctest: +ELLIPSIS
    ::::{container} lda-chart
    **Ménages relogés**
    <BLANKLINE>
    :::{image} /graphiques/menages-reloges-....svg
    ---
    alt: "Diagramme en barres : 10 puis 20."
    width: 100%
    ---
    :::
    Source \\: Rapport
    <BLANKLINE>
    <details class="lda-chart-data"><summary>Voir les données du graphique<span class="visually-hidden"> « Ménages relogés »</span></summary><div class="lda-table-block"><p class="lda-caption" id="lda-tableau-...">Ménages relogés</p>...<th scope="row">2024</th><td>20</td></tr></tbody></table></div></div></details>
    <BLANKLINE>
    ::::
    """

    image: bytes
    title: str
    alt: str
    sources: tuple[str, ...]
    # The figures the chart shows, as a table (not compared: a data frame has no single truth value).
    data: Table | None = field(default=None, compare=False)
    # The same image for print: its texts as text, set by the PDF in the project's font.
    print_image: bytes = b""

    @property
    def source_line(self) -> str:
        return format_sources(self.sources)

    @property
    def file_name(self) -> str:
        """The image's file name: the title's words and a digest of what the chart shows (not of its
        pixels, which depend on the version of matplotlib), so that outputs stay the same."""
        digest = hashlib.sha256("\n".join((self.title, self.alt, *self.sources)).encode("utf-8"))
        return f"{'-'.join(folded_words(self.title))[:48].strip('-')}-{digest.hexdigest()[:12]}.svg"

    def save(self, folder: Path) -> Path:
        """Write the image into ``folder``, and its print version beside it (:func:`print_file_name`),
        unless they are already there; return the image's path."""
        path = folder / self.file_name
        for target, image in ((path, self.image), (folder / print_file_name(path.name), self.print_image)):
            if image and (not target.is_file() or target.read_bytes() != image):
                folder.mkdir(parents=True, exist_ok=True)
                target.write_bytes(image)
        return path

    def data_html(self) -> str:
        """The chart's data as an HTML block on one line (a raw HTML block of Markdown ends at a blank
        line): a ``<details>`` element whose button names the chart to assistive technologies."""
        if self.data is None:
            return ""
        return (
            f'<details class="{CHART_DATA_CLASS}"><summary>{CHART_DATA_SUMMARY}<span class="visually-hidden">'
            f" « {escape(self.title)} »</span></summary>{self.data.html(with_source=False)}</details>"
        ).replace("\n", " ")

    def _repr_markdown_(self) -> str:
        data = ["", self.data_html(), ""] if self.data is not None else []
        return "\n".join(
            [
                f"::::{{container}} {CHART_CLASS}",
                f"**{escape_markdown(self.title)}**",
                "",
                f":::{{image}} /{CHARTS_FOLDER}/{self.file_name}",
                "---",
                f"alt: {json.dumps(self.alt, ensure_ascii=False)}",  # a JSON string is a YAML scalar
                "width: 100%",
                "---",
                ":::",
                escape_markdown(self.source_line),
                *data,
                "::::",
            ]
        )

    def __repr__(self) -> str:
        return f"Graphique « {self.title} »"


def save_images_in(shell, folder: Path) -> None:
    """Have the IPython ``shell`` (a kernel of a build) write into ``folder`` the image of each chart
    it displays (:meth:`Chart.save`), then display the chart as ever (:meth:`Chart._repr_markdown_`).

    The folder is kept by the shell's Markdown formatter, which a reset of the session leaves as it
    is; a chart displayed anywhere else (nbval, ``lda-book notebooks``, a test) writes nothing.
    Proved by ``tests/test_indicateurs.py::test_chart_writes_its_image_only_where_the_build_asks``."""

    def markdown(chart: Chart) -> str:
        chart.save(folder)
        return chart._repr_markdown_()

    shell.display_formatter.formatters["text/markdown"].for_type(Chart, markdown)


# Off while the build runs the pages dry: the charts are drawn (their data checked), not saved.
_images = ContextVar("lda_chart_images", default=True)


@contextmanager
def without_images() -> Iterator[None]:
    """Draw charts without encoding their images (:func:`render_image` returns no bytes)."""
    token = _images.set(False)
    try:
        yield
    finally:
        _images.reset(token)


def print_file_name(file_name: str) -> str:
    """The file of a chart's print image, beside its image ``file_name``.

    >>> print_file_name("menages-reloges-0123456789ab.svg")
    'menages-reloges-0123456789ab.impression.svg'
    """
    return file_name.removesuffix(".svg") + ".impression.svg"


@contextmanager
def house_style() -> Iterator[None]:
    """Draw in the house style (:data:`STYLE`) and the project's font."""
    with plt.rc_context({**STYLE, "font.family": chart_font()}):
        yield


def _french_texts(figure) -> None:
    """Give the figure's texts the book's typography (« l’AMI », « 39 200 € »): those drawn as they
    are, and the axes' labels, which their formatters write while the figure is drawn."""
    for text in figure.findobj(Text):
        text.set_text(french(text.get_text()))
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [french(str(label)) for label in formatter.seq]
            elif isinstance(formatter, FuncFormatter):
                axis.set_major_formatter(
                    FuncFormatter(lambda value, position, f=formatter: french(f(value, position)))
                )


def render_image(figure) -> tuple[bytes, bytes]:
    """The figure as two vector images (SVG): for the web, its texts drawn as shapes (the same look
    without the font); for print, its texts as text in the project's font. The same bytes for the
    same figure and version of matplotlib; then the figure is closed. Its texts follow French
    typography (:func:`lda_analysis.blocks.typography.french`), as the pages' do."""
    images = []
    if _images.get():
        _french_texts(figure)
        for fonttype in ("path", "none"):
            buffer = io.BytesIO()
            with plt.rc_context({"svg.fonttype": fonttype}):
                figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
            images.append(buffer.getvalue())
    plt.close(figure)
    return (images[0], images[1]) if images else (b"", b"")


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
    category_header: str = "Catégorie",
) -> Chart:
    """Bars of ``value`` by ``category`` (and one colour per ``series``), in the house style.

    ``frame`` holds display labels (French) in ``category`` and ``series``, in the order to show;
    ``unit`` (a code of the schema's ``unit``) formats the values on the bars, in the alt text and in
    the chart's data table (:func:`chart_table`, whose first column is headed ``category_header``).
    Long category labels read better with ``horizontal=True``; ``stacked`` piles up the series.
    """
    categories = list(dict.fromkeys(frame[category]))
    groups = list(dict.fromkeys(frame[series])) if series else [None]
    if len(groups) > len(PALETTE):
        raise ValueError(f"trop de séries pour la palette ({len(groups)} > {len(PALETTE)})")
    with house_style():
        # Long labels on the left and a legend on the right do not fit in FIGURE_WIDTH: such a chart
        # keeps the width it had (8 inches) rather than lose its plot.
        width = 8.0 if horizontal and series else FIGURE_WIDTH
        height = _bar_chart_height(len(categories), len(groups), horizontal, stacked)
        figure, axis = plt.subplots(figsize=(width, height))
        if stacked:
            _stacked_bars(axis, frame, category, value, series, categories, groups, horizontal, unit)
        else:
            _bars(axis, frame, category, value, series, categories, groups, horizontal)
            label_bars(axis, unit)
            # Room for the labels at the end of the longest bars.
            axis.margins(**({"x": 0.12} if horizontal else {"y": 0.1}))
        _bar_axes(axis, categories, unit, axis_label, horizontal)
        if series:
            place_legend(axis)
        figure.tight_layout()
        image, print_image = render_image(figure)
    return Chart(
        image,
        title,
        _bar_alt(frame, category, value, series, title, unit),
        tuple(sources),
        chart_table(frame, category, value, title, unit, series, category_header, axis_label),
        print_image,
    )


def _bar_chart_height(categories: int, groups: int, horizontal: bool, stacked: bool) -> float:
    """A bar chart's height in inches: horizontal bars take room by category (and by series side by
    side)."""
    if not horizontal:
        return 4.2
    return max(3.0, 0.42 * categories * (1 if stacked else max(1, groups * 0.7)) + 1.2)


def _bar_axes(axis, categories: list, unit: str, axis_label: str, horizontal: bool) -> None:
    """The category labels (wrapped) on one axis, the values formatted in ``unit`` on the other."""
    labels = [
        textwrap.fill(str(label), 34 if horizontal else 16, break_long_words=False) for label in categories
    ]
    formatter = FuncFormatter(lambda number, _position: format_value(number, unit))
    bounds = get_schema().unit_bounds.get(unit)
    value_axis = axis.xaxis if horizontal else axis.yaxis
    # Whole-number units get whole ticks (no « 2,5 ménages »); horizontal axes fewer ticks, so
    # that wide labels (« 100 000 € ») do not overlap.
    value_axis.set_major_locator(
        MaxNLocator(nbins=5 if horizontal else "auto", integer=bool(bounds is not None and bounds.integer))
    )
    if horizontal:
        axis.set_yticks(range(len(categories)), labels)
        axis.xaxis.set_major_formatter(formatter)
        axis.set_xlabel(axis_label)
        axis.set_ylabel("")
        axis.grid(axis="x", color="#DDDDDD")
        axis.grid(axis="y", visible=False)
    else:
        axis.set_xticks(range(len(categories)), labels)
        axis.yaxis.set_major_formatter(formatter)
        axis.set_ylabel(axis_label)
        axis.set_xlabel("")


def chart_table(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    series: str | None = None,
    category_header: str = "Catégorie",
    value_header: str = "Valeur",
) -> Table:
    """The figures of a bar chart as a table, from the frame the bars are drawn from: one row per
    category, and one column of values (headed ``value_header``) or one per series; a category and
    series the frame does not have is an empty cell. A frame with two rows for one category and series
    gives one row each, with the series in a column.

    >>> frame = pd.DataFrame({"année": ["2023", "2024", "2023"], "série": ["Prévu", "Prévu", "Consommé"],
    ...                       "montant": [10.0, 20.0, 8.0]})
    >>> chart_table(frame, "année", "montant", "Crédits", "euros", "série", "Année").frame.to_dict("list")
    {'Année': ['2023', '2024'], 'Prévu': ['10\xa0€', '20\xa0€'], 'Consommé': ['8\xa0€', '']}
    """
    labels = [str(label) for label in frame[category]]
    values = [format_value(number, unit) for number in frame[value]]
    if not series:
        table = pd.DataFrame({category_header: labels, value_header: values})
    elif frame.duplicated([category, series]).any():
        table = pd.DataFrame(
            {category_header: labels, "Série": [str(group) for group in frame[series]], value_header: values}
        )
    else:
        cells = dict(zip(zip(labels, map(str, frame[series]), strict=True), values, strict=True))
        categories = list(dict.fromkeys(labels))
        table = pd.DataFrame({category_header: categories})
        for group in dict.fromkeys(map(str, frame[series])):
            table[group] = [cells.get((label, group), "") for label in categories]
    return Table(table, title, ())


def _bars(
    axis,
    frame: pd.DataFrame,
    category: str,
    value: str,
    series: str | None,
    categories: list,
    groups: list,
    horizontal: bool,
) -> None:
    """Single or grouped bars (one colour per series), drawn by seaborn in the house palette."""
    options = {
        "data": frame.assign(**{value: frame[value].astype(float)}),
        "order": categories,
        "errorbar": None,
        "saturation": 1,
        "ax": axis,
        "orient": "h" if horizontal else "v",
    }
    options.update({"x": value, "y": category} if horizontal else {"x": category, "y": value})
    if series:
        options.update(hue=series, hue_order=groups, palette=PALETTE[: len(groups)])
    else:
        options.update(color=PALETTE[0])
    sns.barplot(**options)


def _stacked_bars(
    axis,
    frame: pd.DataFrame,
    category: str,
    value: str,
    series: str | None,
    categories: list,
    groups: list,
    horizontal: bool,
    unit: str,
) -> None:
    """Series piled up on each category (seaborn has no stacked bars for categories), labelled inside."""
    base = [0.0] * len(categories)
    for rank, group in enumerate(groups):
        subset = frame if group is None else frame[frame[series] == group]
        values = subset.set_index(category)[value].reindex(categories).fillna(0).tolist()
        positions = list(range(len(categories)))
        if horizontal:
            bars = axis.barh(positions, values, height=0.8, left=base, color=PALETTE[rank], label=group)
        else:
            bars = axis.bar(positions, values, width=0.8, bottom=base, color=PALETTE[rank], label=group)
        axis.bar_label(
            bars,
            labels=[format_value(v, unit) if v else "" for v in values],
            label_type="center",
            fontsize=VALUE_SIZE,
        )
        base = [previous + current for previous, current in zip(base, values, strict=True)]
    if horizontal:
        axis.invert_yaxis()  # the first category on top, as seaborn draws them


def label_bars(axis, unit: str) -> None:
    """Write each bar's value (in French, with its unit) at its end; an empty bar gets no label."""
    for bars in axis.containers:
        axis.bar_label(
            bars,
            labels=[
                "" if not number or math.isnan(number) else format_value(number, unit)
                for number in bars.datavalues
            ],
            padding=2,
            fontsize=VALUE_SIZE,
        )


def place_legend(axis) -> None:
    """The legend of the series, outside the plot on the right, without a title."""
    handles, labels = axis.get_legend_handles_labels()
    axis.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), title=None)


# The longest alt text: what the chart shows and its main finding; the figures are in the chart's
# data table, under it (a screen reader reads an alt text in one go, without a way back).
ALT_LIMIT = 250
# The alt text's last words, when they fit: where the figures are.
ALT_DATA = "Chiffres dans le tableau des données du graphique."


def short_alt(*parts: str) -> str:
    """An alt text of :data:`ALT_LIMIT` characters at most: the first part (cut with « … » if it
    must be), then each following part that still fits, in order.

    >>> short_alt("Diagramme en barres : aides.", "La plus haute : 2022, 5 €.", "x" * 240)
    'Diagramme en barres : aides. La plus haute : 2022, 5 €.'
    """
    first = parts[0]
    text = first if len(first) <= ALT_LIMIT else first[: ALT_LIMIT - 1].rstrip() + "…"
    for part in parts[1:]:
        if len(text) + 1 + len(part) <= ALT_LIMIT:
            text = f"{text} {part}"
    return text


def _bar_alt(
    frame: pd.DataFrame, category: str, value: str, series: str | None, title: str, unit: str
) -> str:
    """A short alt text: the title, the highest and the lowest bar (with their series), and where the
    figures are (:data:`ALT_LIMIT`)."""
    numbers = pd.to_numeric(frame[value], errors="coerce")
    shown = frame[numbers.notna()].assign(**{value: numbers[numbers.notna()]})
    head = f"Diagramme en barres : {title}."
    if shown.empty:
        return short_alt(head, ALT_DATA)

    def bar(row) -> str:
        # Long labels shortened, so that the finding fits: the table under the chart has them whole.
        group = f" ({_shortened(row[series], 40)})" if series else ""
        return f"{_shortened(row[category], 60)}{group}, {format_value(row[value], unit)}"

    highest, lowest = shown.loc[shown[value].idxmax()], shown.loc[shown[value].idxmin()]
    if len(shown) == 1:
        finding = f"Une barre : {bar(highest)}."
    else:
        finding = f"La plus haute : {bar(highest)} ; la plus basse : {bar(lowest)}."
    return short_alt(head, finding, ALT_DATA)


def _shortened(label, width: int) -> str:
    """A label of ``width`` characters at most, cut between words with « … ».

    >>> _shortened("Nombre de ménages accompagnés vers et dans le logement", 30)
    'Nombre de ménages …'
    """
    return textwrap.shorten(str(label), width, placeholder=" …")
