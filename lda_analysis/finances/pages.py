"""What the finances pages show (préambule, financial synthesis, an action's credits): tables of
planned and consumed amounts and their charts."""

from __future__ import annotations

import pandas as pd

from ..charts import Chart, bar_chart
from ..formatting import format_euros, format_percent_value
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


def synthesis_by_action_table(by_action: pd.DataFrame, synthesis: pd.DataFrame) -> Table:
    """The AMI credits of each action over the three years (from :func:`.computations.synthesis_by_action`)."""
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
        "Crédits de l'AMI prévus et consommés sur les trois années, par action",
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
