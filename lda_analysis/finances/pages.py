"""What the finances pages show (préambule, financial synthesis, an action's credits): tables of
planned and consumed amounts and their charts."""

from __future__ import annotations

import pandas as pd

from ..charts import Chart, bar_chart
from ..formatting import format_euros, format_percent_value, number_in_words
from ..schema import get_schema
from ..tables import Table
from .computations import execution_rate


def amounts_by_year_table(amounts: pd.DataFrame, lines: pd.DataFrame, caption: str) -> Table:
    """Planned, consumed and not-consumed amounts by year (from :mod:`.computations`), with the
    execution rate; ``lines`` are the data rows summed, for the source line."""
    frame = pd.DataFrame(
        {
            "Année": amounts["period"],
            "Prévu": [format_euros(value) for value in amounts["planned"]],
            "Consommé": [format_euros(value) for value in amounts["consumed"]],
            "Non consommé": [format_euros(value) if value else "" for value in amounts["not_consumed"]],
            "Taux de consommation": [
                format_percent_value(execution_rate(consumed, planned), 0)
                for consumed, planned in zip(amounts["consumed"], amounts["planned"], strict=True)
            ],
        },
        columns=["Année", "Prévu", "Consommé", "Non consommé", "Taux de consommation"],
    )
    return Table(
        frame,
        caption,
        tuple(lines["source"]),
        empty="La synthèse financière ne prévoit pas de crédits AMI pour cette action.",
    )


def periods_span(periods, short: bool = False) -> str:
    """The synthesis' periods in a sentence: « les trois années » of plan 1 (``short``: « trois
    ans »), then one more each year.

    >>> periods_span(["2021-2022", "2022-2023", "2023-2024"]), periods_span(["2024-2025"], short=True)
    ('les trois années', 'un an')
    """
    count = len(list(periods))
    if short:
        return "un an" if count == 1 else f"{number_in_words(count)} ans"
    return "l'année" if count == 1 else f"les {number_in_words(count)} années"


def synthesis_by_action_table(by_action: pd.DataFrame, synthesis: pd.DataFrame, span: str) -> Table:
    """The AMI credits of each action over the synthesis' periods (from
    :func:`.computations.synthesis_by_action`); ``span`` names them (:func:`periods_span`)."""
    actions = get_schema().vocabularies["action"]
    frame = pd.DataFrame(
        {
            "Action": [f"{code} — {actions.get(code, code)}" for code in by_action["action"]],
            "Prévu": [format_euros(value) for value in by_action["planned"]],
            "Consommé": [format_euros(value) for value in by_action["consumed"]],
            "Taux de consommation": [format_percent_value(value, 0) for value in by_action["rate"]],
        }
    )
    return Table(
        frame,
        f"Crédits de l'AMI prévus et consommés sur {span}, par action",
        tuple(synthesis["source"]),
    )


def planned_consumed_chart(
    amounts: pd.DataFrame, category: str, category_label, title: str, sources, horizontal: bool = False
) -> Chart:
    """Planned vs consumed amounts (columns ``planned`` and ``consumed``) by ``category``.

    ``category_label`` turns a category code into its display label (e.g. ``"Action 1bis"``).
    """
    long = pd.DataFrame(
        [
            {"label": category_label(row[category]), "series": series, "amount": row[column]}
            for _, row in amounts.iterrows()
            for column, series in (("planned", "Prévu"), ("consumed", "Consommé"))
        ]
    )
    return bar_chart(
        long, "label", "amount", title, "euros", "Montant", sources, series="series", horizontal=horizontal
    )
