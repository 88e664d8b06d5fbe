"""What the page « Tableau de bord des engagements » of a yearly rapport shows: one row per
engagement of the convention (what the period shows, its état, the rule), and the count of états."""

from __future__ import annotations

import pandas as pd

from lda_analysis.blocks.statements import Statement
from lda_analysis.blocks.tables import Table

from .computations import STATES, dashboard, state_counts


def dashboard_table(tables: dict, period: str) -> Table:
    """The engagements of the convention and their état for ``period`` (:func:`.computations.dashboard`)."""
    board = dashboard(tables, period)
    frame = pd.DataFrame(
        {
            "Article": board["article"],
            "Engagement": [get_label(code) for code in board["engagement"]],
            f"Ce que montre {period}": board["shown"],
            "État": board["etat"],
            "Règle": board["rule"],
        }
    )
    return Table(
        frame, f"Engagements de la convention 2024-2027 : état pour {period}", tuple(board["source"])
    )


def get_label(code: str) -> str:
    from lda_analysis.contract.schema import get_schema

    return get_schema().vocabularies["engagement"][code]


def dashboard_statement(tables: dict, period: str) -> Statement:
    """How many engagements are in each état for ``period``, in one sentence.

    >>> from lda_analysis.contract.data import load_tables
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
        frame[f"État ({previous})"] = list(dashboard(tables, previous)["etat"])
    frame[f"État ({period})"] = list(board["etat"])
    return Table(
        frame, f"Engagements de la convention 2024-2027 : état pour {period}", tuple(board["source"])
    )


def year_key_figures(tables: dict, period: str) -> Table:
    """The yearly rapport's key figures for ``period``, each computed and linked to the page that
    details it: the State's support and what was consumed, the fiches actions under way, the
    engagements reached.

    >>> from lda_analysis.contract.data import load_tables
    >>> year_key_figures(load_tables(), "2024-2025").frame["Chiffre"].tolist()[:2]
    ['405\\u202f500\\xa0€', 'n.d.']
    """
    from lda_analysis.blocks.formatting import format_euros

    from ..fiches_actions.suivi import status_changes
    from ..finances.plan2 import CREDITS, plan2_envelope
    from .computations import ENGAGED, REACHED

    envelope = plan2_envelope(tables["finances_convention"], tables[CREDITS], period)
    statuses = status_changes(tables, period)
    entered = statuses[statuses["statut"] != ""]
    board = dashboard(tables, period)
    engaged = int(entered["statut"].isin(ENGAGED).sum())
    rows = [
        ("Soutien de l'État prévu, reliquat compris", format_euros(envelope["planned"])),
        ("Crédits de l'État consommés", format_euros(envelope["consumed"])),
        (
            "Fiches actions en cours ou terminées",
            f"{engaged} sur {len(statuses)}" if len(entered) else "n.d.",
        ),
        (
            "Engagements de la convention atteints",
            f"{int((board['etat'] == REACHED).sum())} sur {len(board)}",
        ),
    ]
    frame = pd.DataFrame(rows, columns=["Chiffre clé", "Chiffre"])
    return Table(frame, f"L'année {period} en chiffres (n.d. : donnée non disponible)", ())
