"""What the finances pages show (préambule, financial synthesis, an action's credits): tables of
planned and consumed amounts and their charts."""

from __future__ import annotations

import pandas as pd

from ..charts import Chart, bar_chart
from ..formatting import format_euros, format_number, format_percent_value, number_in_words
from ..schema import get_schema
from ..statements import Statement
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


def synthesis_not_available(year: int, period: str | None, periods: list[str]) -> Statement | None:
    """« Donnée non disponible » when the synthesis has no amounts for the edition's reporting period.

    >>> print(synthesis_not_available(2025, "2024-2025", ["2022-2023", "2023-2024"]).text)
    Donnée non disponible pour 2025 : la synthèse financière n'a pas encore de montants pour la période 2024-2025 ; la plus récente est celle de 2023-2024.
    >>> synthesis_not_available(2024, "2023-2024", ["2022-2023", "2023-2024"]) is None
    True
    """
    if period is None or period in periods or not periods:
        return None
    return Statement(
        f"Donnée non disponible pour {year} : la synthèse financière n'a pas encore de montants pour "
        f"la période {period} ; la plus récente est celle de {periods[-1]}."
    )


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
    amounts: pd.DataFrame,
    category: str,
    category_label,
    title: str,
    sources,
    horizontal: bool = False,
    category_header: str = "Catégorie",
) -> Chart:
    """Planned vs consumed amounts (columns ``planned`` and ``consumed``) by ``category``.

    ``category_label`` turns a category code into its display label (e.g. ``"Action 1bis"``);
    ``category_header`` heads the categories' column of the chart's data table.
    """
    long = pd.DataFrame(
        [
            {"label": category_label(row[category]), "series": series, "amount": row[column]}
            for _, row in amounts.iterrows()
            for column, series in (("planned", "Prévu"), ("consumed", "Consommé"))
        ]
    )
    return bar_chart(
        long,
        "label",
        "amount",
        title,
        "euros",
        "Montant",
        sources,
        series="series",
        horizontal=horizontal,
        category_header=category_header,
    )


def cost_per_beneficiary_table(costs: pd.DataFrame) -> Table:
    """The credits consumed per person (or household, measure) that an action's page counts (from
    :func:`.computations.cost_per_beneficiary`)."""
    frame = pd.DataFrame(
        {
            "Action": [f"Action {code}" for code in costs["action"]],
            "Crédits de l'AMI consommés": [format_euros(value) for value in costs["consumed"]],
            "Effectif de la page": [
                f"{format_number(count)} ({label.lower()})"
                for count, label in zip(costs["count"], costs["label"], strict=True)
            ],
            "Crédits par unité (calculé)": [
                f"{format_euros(round(cost))} par {unit}"
                for cost, unit in zip(costs["cost"], costs["unit"], strict=True)
            ],
        },
        columns=[
            "Action",
            "Crédits de l'AMI consommés",
            "Effectif de la page",
            "Crédits par unité (calculé)",
        ],
    )
    sources = tuple(source for row in costs["sources"] for source in row)
    return Table(frame, "Crédits de l'AMI consommés par personne, ménage ou mesure (calculé)", sources)
