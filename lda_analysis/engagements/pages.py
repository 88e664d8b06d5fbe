"""What the page « Tableau de bord des engagements » of a yearly rapport shows: one row per
engagement of the convention (what the period shows, its état, the rule), and the count of états."""

from __future__ import annotations

import pandas as pd

from ..statements import Statement
from ..tables import Table
from .computations import STATES, dashboard, state_counts


def dashboard_table(tables: dict, period: str) -> Table:
    """The engagements of the convention and their état for ``period`` (:func:`.computations.dashboard`)."""
    board = dashboard(tables, period)
    frame = pd.DataFrame(
        {
            "Article": board["article"],
            "Engagement": [get_label(code) for code in board["engagement"]],
            f"Ce que montre {period}": board["shown"],
            "État": board["state"],
            "Règle": board["rule"],
        }
    )
    return Table(
        frame, f"Engagements de la convention 2024-2027 : état pour {period}", tuple(board["source"])
    )


def get_label(code: str) -> str:
    from ..schema import get_schema

    return get_schema().vocabularies["engagement"][code]


def dashboard_statement(tables: dict, period: str) -> Statement:
    """How many engagements are in each état for ``period``, in one sentence.

    >>> from lda_analysis.data import load_tables
    >>> print(dashboard_statement(load_tables(), "2024-2025").text)
    Pour 2024-2025, sur 9 engagements : 0 atteint, 0 en partie, 0 non atteint, 9 donnée manquante.
    """
    counts = state_counts(dashboard(tables, period))
    parts = ", ".join(f"{counts[state]} {state}" for state in STATES)
    return Statement(f"Pour {period}, sur {sum(counts.values())} engagements : {parts}.")


def state_changes_table(tables: dict, period: str, previous: str | None) -> Table:
    """Each engagement's état in ``previous`` (the period before; None for the first yearly rapport,
    which has nothing before) and in ``period``."""
    board = dashboard(tables, period)
    frame = pd.DataFrame({"Engagement": [get_label(code) for code in board["engagement"]]})
    if previous is not None:
        frame[f"État ({previous})"] = list(dashboard(tables, previous)["state"])
    frame[f"État ({period})"] = list(board["state"])
    return Table(
        frame, f"Engagements de la convention 2024-2027 : état pour {period}", tuple(board["source"])
    )
