"""The engagements of the convention 2024-2027 and the rule of each état (données fictives built in
the tests, never in data/)."""

from __future__ import annotations

import pandas as pd

from lda_analysis.contract.data import load_tables
from lda_analysis.domains.engagements.computations import (
    MISSED,
    NO_DATA,
    PARTLY,
    REACHED,
    coordinator_post,
    dashboard,
    proofs,
    rules,
    territory_credits,
)
from lda_analysis.domains.finances.plan2 import COFINANCING, CREDITS

FICTIONAL = "données fictives (test)"


def _with(tables: dict, name: str, rows: list[dict]) -> dict:
    frame = tables[name]
    added = pd.DataFrame(
        [{column: "" for column in frame.columns} | row for row in rows], columns=frame.columns
    )
    return {**tables, name: pd.concat([frame, added], ignore_index=True)}


def test_the_nine_engagements_of_article_2_are_cited_from_the_convention_each_with_a_rule():
    tables = load_tables()
    engagements = tables["engagements_convention"]
    assert list(engagements.sort_values("rang")["article"]) == ["2.1", *["2.2"] * 6, "2.3.1", "2.4"]
    assert set(engagements["engagement"]) == set(rules())
    assert engagements.set_index("engagement").loc["poste_coordinateur", "ligne_source"] == 358
    # With no figure of 2024-2025 yet, every engagement is « donnée manquante », never « non atteint ».
    assert set(dashboard(tables, "2024-2025")["etat"]) == {NO_DATA}


def test_an_engagement_shown_by_proofs():
    tables = load_tables()
    assert proofs(tables, "2026", "instance_suivi").state == NO_DATA
    dated = _with(
        tables,
        "engagements_preuves",
        [
            {
                "periode": "2026",
                "engagement": "instance_suivi",
                "rang": 1,
                "texte": "Comité de suivi",
                "date": "2026-06-12",
                "source": FICTIONAL,
            }
        ],
    )
    found = proofs(dated, "2026", "instance_suivi")
    assert found == type(found)("Comité de suivi (2026-06-12).", REACHED)
    undated = _with(
        tables,
        "engagements_preuves",
        [
            {
                "periode": "2026",
                "engagement": "communication",
                "rang": 1,
                "texte": "Plan de communication",
                "source": FICTIONAL,
            }
        ],
    )
    assert proofs(undated, "2026", "communication").state == PARTLY


def test_the_coordinator_post_is_co_financed_50_50():
    tables = load_tables()
    assert coordinator_post(tables, "2026").state == NO_DATA

    def post(state_amount: float, territory_amount: float) -> str:
        found = _with(
            _with(
                tables,
                CREDITS,
                [
                    {
                        "periode": "2026",
                        "action": "3",
                        "poste": "consomme",
                        "valeur": state_amount,
                        "unite": "euros",
                        "nature_chiffre": "observe",
                        "source": FICTIONAL,
                    }
                ],
            ),
            COFINANCING,
            [
                {
                    "periode": "2026",
                    "action": "3",
                    "financeur": "metropole",
                    "valeur": territory_amount,
                    "unite": "euros",
                    "nature_chiffre": "observe",
                    "source": FICTIONAL,
                }
            ],
        )
        return coordinator_post(found, "2026").state

    assert post(30000, 30000) == REACHED  # 50 % for the State: the convention's share
    assert post(30000, 10000) == PARTLY  # 75 % for the State
    assert post(0, 0) == MISSED


def test_the_territory_s_credits():
    tables = load_tables()
    assert territory_credits(tables, "2026").state == NO_DATA
    found = _with(
        tables,
        COFINANCING,
        [
            {
                "periode": "2026",
                "action": "22",
                "financeur": "metropole",
                "valeur": 12000,
                "unite": "euros",
                "nature_chiffre": "observe",
                "source": FICTIONAL,
            }
        ],
    )
    finding = territory_credits(found, "2026")
    assert finding.state == REACHED and "12\u202f000\xa0€" in finding.shown
