"""Computations of the engagements domain: the état of each engagement of the convention 2024-2027
for a reporting period, computed from the data by a rule each engagement states in French.

The états: « atteint », « en partie », « non atteint », « donnée manquante » (the data do not hold
what the rule reads: never counted as reached nor as missed). An engagement that figures cannot show
(the instance de suivi met, a communication plan exists...) is reached when the Métropole cites a
dated proof for the period (table ``engagements_preuves``). The engagements that figures show read
the other domains' computations: the fiches actions' statuses and indicators, plan 2's credits and
co-financing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

ENGAGEMENTS = "engagements_convention"
PROOFS = "engagements_preuves"
REACHED, PARTLY, MISSED, NO_DATA = "atteint", "en partie", "non atteint", "donnée manquante"
STATES = (REACHED, PARTLY, MISSED, NO_DATA)


@dataclass(frozen=True)
class Finding:
    """What a period shows of an engagement, in French, and the état the rule gives it."""

    shown: str
    state: str


@dataclass(frozen=True)
class Rule:
    """How the état of an engagement is computed: ``text`` (shown on the page) says it in French,
    ``find(tables, period)`` applies it."""

    text: str
    find: Callable[[dict[str, pd.DataFrame], str], Finding]


def share_state(done: int, total: int) -> str:
    """The état of a share: all done, some, none; no data when there is nothing to count.

    >>> share_state(3, 3), share_state(1, 3), share_state(0, 3), share_state(0, 0)
    ('atteint', 'en partie', 'non atteint', 'donnée manquante')
    """
    if total == 0:
        return NO_DATA
    return REACHED if done == total else PARTLY if done else MISSED


def proofs(tables: dict[str, pd.DataFrame], period: str, engagement: str) -> Finding:
    """An engagement shown by proofs: reached when a dated proof is cited for ``period``."""
    found = tables[PROOFS]
    found = found[(found["periode"] == period) & (found["engagement"] == engagement)].sort_values("rang")
    if found.empty:
        return Finding(f"Aucune preuve citée pour {period}.", NO_DATA)
    dated = found[found["date"].astype(str) != ""]
    shown = " ; ".join(
        f"{row.texte} ({row.date})" if str(row.date) else str(row.texte) for row in found.itertuples()
    )
    return Finding(shown + ".", REACHED if not dated.empty else PARTLY)


PROOF_RULE = (
    "Atteint si la Métropole cite pour la période au moins une preuve datée (document, réunion) ; "
    "en partie si les preuves citées ne sont pas datées ; donnée manquante sans preuve."
)


def proof_rule(engagement: str) -> Rule:
    """The rule of an engagement shown by proofs (:func:`proofs`)."""
    return Rule(PROOF_RULE, lambda tables, period: proofs(tables, period, engagement))


def _amount(frame: pd.DataFrame, period: str, **where: str) -> float | None:
    """The sum of the ``valeur`` of the rows of ``period`` matching ``where``; None without a row."""
    rows = frame[frame["periode"] == period]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return None if rows.empty else float(rows["valeur"].sum())


def territory_credits(tables: dict[str, pd.DataFrame], period: str) -> Finding:
    """Article 2.3.1: the Métropole's co-financing entered for ``period``."""
    from lda_analysis.blocks.formatting import format_euros

    from ..finances.plan2 import COFINANCING

    amount = _amount(tables[COFINANCING], period, financeur="metropole")
    if amount is None:
        return Finding(f"Aucun cofinancement de la Métropole saisi pour {period}.", NO_DATA)
    return Finding(
        f"Cofinancements de la Métropole saisis pour {period} : {format_euros(amount)}.",
        REACHED if amount > 0 else MISSED,
    )


COORDINATOR_ACTION = "3"
# The State's share of the coordinator's post at most, in percent: « cofinancé à 50% par l'Etat et à
# 50% par le territoire » (convention, article 2.2, line 360).
STATE_SHARE_MAX = 50


def coordinator_post(tables: dict[str, pd.DataFrame], period: str) -> Finding:
    """Article 2.2: the coordinator's post (fiche action 3, chef de projet Logement d'Abord)
    co-financed 50/50: the State's consumed credits against the Métropole's co-financing."""
    from lda_analysis.blocks.formatting import format_euros, format_percent_value

    from ..finances.plan2 import COFINANCING, CREDITS

    state = _amount(tables[CREDITS], period, action=COORDINATOR_ACTION, poste="consomme")
    territory = _amount(tables[COFINANCING], period, action=COORDINATOR_ACTION, financeur="metropole")
    if state is None or territory is None:
        return Finding(
            f"Fiche action 3 : crédits de l'État consommés ou cofinancement de la Métropole non saisis "
            f"pour {period}.",
            NO_DATA,
        )
    total = state + territory
    share = state / total * 100 if total else float("nan")
    shown = (
        f"Fiche action 3 : {format_euros(state)} de crédits de l'État consommés, {format_euros(territory)} "
        f"de la Métropole, soit {format_percent_value(share, 0)} pour l'État."
    )
    if not total:
        return Finding(shown, MISSED)
    return Finding(shown, REACHED if share <= STATE_SHARE_MAX else PARTLY)


TERRITORY_RULE = (
    "Atteint si les cofinancements de la Métropole saisis pour la période sont positifs ; non atteint "
    "s'ils sont nuls ; donnée manquante sans cofinancement de la Métropole saisi."
)
COORDINATOR_RULE = (
    "Pour la fiche action 3 (poste de chef de projet Logement d'Abord) : atteint si les crédits de "
    "l'État consommés font au plus 50 % du coût du poste (crédits de l'État consommés et "
    "cofinancement de la Métropole) ; en partie au-delà ; non atteint si rien n'est consommé ni "
    "cofinancé ; donnée manquante si l'un des deux montants n'est pas saisi."
)


# Statuses of a fiche action that show it under way or done in a period (fiches_statut).
ENGAGED = {"en_cours", "terminee"}


def roadmap_under_way(tables: dict[str, pd.DataFrame], period: str) -> Finding:
    """Article 2.1: the roadmap's fiches actions under way or done in ``period``."""
    from ..fiches_actions.suivi import status_changes

    statuses = status_changes(tables, period)
    entered = statuses[statuses["statut"] != ""]
    if entered.empty:
        return Finding(f"Aucun statut de fiche action saisi pour {period}.", NO_DATA)
    engaged = int(entered["statut"].isin(ENGAGED).sum())
    shown = (
        f"{engaged} fiche(s) en cours ou terminée(s) sur {len(statuses)} de la feuille de route "
        f"({len(entered)} statut(s) saisi(s) pour {period})."
    )
    return Finding(shown, share_state(engaged, len(statuses)))


def _indicators(tables: dict[str, pd.DataFrame], period: str) -> pd.DataFrame:
    from ..fiches_actions.suivi import INDICATORS_TABLE

    rows = tables[INDICATORS_TABLE]
    return rows[rows["periode"] == period]


def measures_evaluated(tables: dict[str, pd.DataFrame], period: str) -> Finding:
    """Article 2.2: the social intervention measures evaluated: indicators of ``period`` with an
    achieved value."""
    rows = _indicators(tables, period)
    if rows.empty:
        return Finding(f"Aucun indicateur saisi pour {period}.", NO_DATA)
    achieved = int(rows["realise"].notna().sum())
    return Finding(
        f"{achieved} indicateur(s) sur {len(rows)} ont une valeur réalisée pour {period}.",
        share_state(achieved, len(rows)),
    )


def follow_up_defined(tables: dict[str, pd.DataFrame], period: str) -> Finding:
    """Article 2.2: objectives and follow-up defined: the roadmap's fiches with an indicator of
    ``period`` that has a target (typed, or the sheet's)."""
    from ..redaction.computations import roadmap_actions

    rows = _indicators(tables, period)
    if rows.empty:
        return Finding(f"Aucun indicateur saisi pour {period}.", NO_DATA)
    with_target = rows[rows["cible"].notna() | (rows["cible_fiche"].astype(str) != "")]
    actions = roadmap_actions(tables)
    followed = len(set(with_target["action"]) & set(actions))
    return Finding(
        f"{followed} fiche(s) sur {len(actions)} ont au moins un indicateur avec une cible pour {period}.",
        share_state(followed, len(actions)),
    )


ROADMAP_RULE = (
    "Atteint si toutes les fiches actions de la feuille de route sont en cours ou terminées dans la "
    "période ; en partie si certaines le sont ; non atteint si aucune ; donnée manquante sans statut "
    "saisi pour la période."
)
MEASURES_RULE = (
    "Atteint si chaque indicateur saisi pour la période a une valeur réalisée ; en partie si certains "
    "en ont une ; non atteint si aucun ; donnée manquante sans indicateur saisi."
)
FOLLOW_UP_RULE = (
    "Atteint si chaque fiche action de la feuille de route a au moins un indicateur avec une cible pour "
    "la période ; en partie si certaines en ont ; non atteint si aucune ; donnée manquante sans "
    "indicateur saisi."
)


def rules() -> dict[str, Rule]:
    """The rule of each engagement of the convention, by its code (table ``engagements_convention``)."""
    return {
        "feuille_de_route": Rule(ROADMAP_RULE, roadmap_under_way),
        "poste_coordinateur": Rule(COORDINATOR_RULE, coordinator_post),
        "ingenierie": proof_rule("ingenierie"),
        "mesures_evaluees": Rule(MEASURES_RULE, measures_evaluated),
        "observation_sociale": proof_rule("observation_sociale"),
        "suivi_evaluation": Rule(FOLLOW_UP_RULE, follow_up_defined),
        "communication": proof_rule("communication"),
        "credits_collectivite": Rule(TERRITORY_RULE, territory_credits),
        "instance_suivi": proof_rule("instance_suivi"),
    }


def dashboard(tables: dict[str, pd.DataFrame], period: str) -> pd.DataFrame:
    """For each engagement of the convention, in its order: what ``period`` shows, its état and the
    rule that gives it (``engagement``, ``article``, ``shown``, ``etat``, ``rule``, ``source``).

    >>> from lda_analysis.contract.data import load_tables
    >>> board = dashboard(load_tables(), "2024-2025")
    >>> len(board), sorted(set(board["etat"]))
    (9, ['donnée manquante'])
    """
    engagements = tables[ENGAGEMENTS].sort_values("rang")
    found = rules()
    rows = []
    for row in engagements.itertuples():
        finding = found[row.engagement].find(tables, period)
        rows.append(
            {
                "engagement": row.engagement,
                "article": row.article,
                "shown": finding.shown,
                "etat": finding.state,
                "rule": found[row.engagement].text,
                "source": row.source,
            }
        )
    return pd.DataFrame(rows, columns=["engagement", "article", "shown", "etat", "rule", "source"])


def state_counts(board: pd.DataFrame) -> dict[str, int]:
    """How many engagements are in each état (:data:`STATES`, in that order)."""
    return {state: int((board["etat"] == state).sum()) for state in STATES}
