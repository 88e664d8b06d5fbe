"""Checks of the engagements domain: every engagement of the convention has its rule, and every
proof is dated within the calendar of its period."""

from __future__ import annotations

from ..checks import COHERENCE, CheckResult, check, cited, rule_result
from .computations import ENGAGEMENTS, PROOFS, rules

TITLE = "Engagements : chaque engagement de la convention a une règle qui calcule son état"


@check(TITLE, COHERENCE, needs=(ENGAGEMENTS,))
def every_engagement_has_a_rule(tables) -> list[CheckResult]:
    known = rules()
    return [
        rule_result(
            TITLE,
            f"engagement « {row.engagement} » (article {row.article})",
            "une règle",
            "une règle" if row.engagement in known else "aucune règle",
            row.engagement in known,
            [cited(row)],
        )
        for row in tables[ENGAGEMENTS].itertuples()
    ]


PROOF_TITLE = "Engagements : une preuve est datée au plus tard à la fin de sa période"


@check(PROOF_TITLE, COHERENCE, needs=(PROOFS,))
def proofs_within_their_period(tables) -> list[CheckResult]:
    from ..fiches_actions.suivi import period_end

    results = []
    for row in tables[PROOFS].itertuples():
        if not str(row.date):
            continue
        end = period_end(row.period)
        results.append(
            rule_result(
                PROOF_TITLE,
                f"{row.period}, {row.engagement}, preuve {row.rang}",
                f"au plus tard le {end}",
                str(row.date),
                str(row.date) <= str(end),
                [cited(row)],
            )
        )
    return results
