"""Checks of the redaction domain: every text of a fiche action's page is on the page of a fiche of
the 2024-2027 roadmap."""

from __future__ import annotations

from ..checks import CheckResult, check, cited, rule_result
from .computations import TABLE, roadmap_actions


@check(
    "Textes de l'année : chaque texte de fiche action est sur la page d'une fiche de la feuille de route",
    needs=(TABLE,),
)
def texts_on_roadmap_pages(tables) -> list[CheckResult]:
    texts = tables[TABLE]
    known = set(roadmap_actions(tables))
    return [
        rule_result(
            f"{row.periode}, fiche {row.action or '(vide)'}, {row.rubrique}",
            "une fiche de la feuille de route 2024-2027",
            row.action if row.action in known else "fiche absente de la feuille de route",
            row.action in known,
            [cited(row)],
        )
        for row in texts[texts["page"] == "action"].itertuples()
    ]
