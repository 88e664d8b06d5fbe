"""Checks of the engagements domain: every engagement of the convention has its rule, and every
proof is dated within the calendar of its period."""

from __future__ import annotations

from collections.abc import Iterator

from ..checks import CheckResult, check, cited, rule_result
from .computations import ENGAGEMENTS, PROOFS, rules


@check(
    "Engagements : chaque engagement de la convention a une règle qui calcule son état",
    needs=(ENGAGEMENTS,),
)
def every_engagement_has_a_rule(tables) -> list[CheckResult]:
    known = rules()
    return [
        rule_result(
            f"engagement « {row.engagement} » (article {row.article})",
            "une règle",
            "une règle" if row.engagement in known else "aucune règle",
            row.engagement in known,
            [cited(row)],
        )
        for row in tables[ENGAGEMENTS].itertuples()
    ]


@check("Engagements : une preuve est datée au plus tard à la fin de sa période", needs=(PROOFS,))
def proofs_within_their_period(tables) -> Iterator[CheckResult]:
    from ..fiches_actions.suivi import period_end

    for row in tables[PROOFS].itertuples():
        if not str(row.date):
            continue
        end = period_end(row.periode)
        yield rule_result(
            f"{row.periode}, {row.engagement}, preuve {row.rang}",
            f"au plus tard le {end}",
            str(row.date),
            str(row.date) <= str(end),
            [cited(row)],
        )
