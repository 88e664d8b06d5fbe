"""What the page of an action of plan 1 shows beyond its tables: who runs it and its status."""

from __future__ import annotations

import pandas as pd

from lda_analysis.blocks.formatting import lower_first
from lda_analysis.blocks.statements import Statement
from lda_analysis.contract.schema import get_schema


def action_identity(fiche: pd.Series) -> Statement:
    """Who runs an action, with whom, and its status at the end of plan 1.

    >>> from lda_analysis.contract.data import load_tables
    >>> from lda_analysis.domains.actions.computations import fiche
    >>> print(action_identity(fiche(load_tables(), "2")).text)  # doctest: +ELLIPSIS
    Opérateur : ... Statut à la fin du plan 1 : action terminée.
    """
    status = get_schema().vocabularies["actions_statut"].get(fiche["statut_final"], fiche["statut_final"])
    parts = []
    if fiche["operateur"]:
        parts.append(f"Opérateur : {fiche['operateur']}.")
    if fiche["partenaires"]:
        parts.append(f"Partenaires : {fiche['partenaires']}.")
    parts.append(f"Statut à la fin du plan 1 : {lower_first(status)}.")
    return Statement(" ".join(parts))
