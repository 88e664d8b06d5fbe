"""Consistency checks of the headline indicators (access to social housing, demand, FSL)."""

from __future__ import annotations

import math
from collections.abc import Iterator

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import RowError

from ..checks import CheckResult, concordance, equality_result, not_applicable, rule_result
from .computations import demand_ratios, evolution

# §3.1 of the report: « la progression des entrées en logement social de personnes hébergées et des
# personnes déclarées sans-abri est plus importante sur MTPM que sur le reste du Var » (2017 -> 2024).
REPORT_CONCLUSION_LINE = 4402


@concordance("La conclusion du §3.1 (progression plus forte sur MTPM) découle des taux")
def access_progression_conclusion(tables: Tables) -> Iterator[CheckResult]:
    rates = tables["acces_logement_social"]
    evolutions = evolution(rates, 2017, 2024, ["public", "territoire"])
    differences = evolutions.set_index(["public", "territoire"])["difference"]
    for public in dict.fromkeys(rates["public"]):
        missing = [code for code in ("MTPM", "VAR_HORS_TPM") if (public, code) not in differences.index]
        if missing:
            raise RowError(
                f"table « acces_logement_social » : pas de taux en 2017 et en 2024 pour {public}, "
                f"{', '.join(missing)}"
            )
        mtpm, rest = differences[(public, "MTPM")], differences[(public, "VAR_HORS_TPM")]
        holds = mtpm > rest
        yield rule_result(
            f"{get_schema().label('acces_logement_social', 'public', public)}, 2017 → 2024",
            "progression plus importante sur MTPM",
            f"progression {'' if holds else 'non '}plus importante sur MTPM",
            holds,
            [
                f"Rapport d'exécution 2021-2024, §3.1 (p. 51), ligne {REPORT_CONCLUSION_LINE}",
                *rates["source"],
            ],
        )


@concordance("Un ratio demandes / attribution publié concorde avec les comptages")
def reported_demand_ratios(tables: Tables) -> list[CheckResult]:
    pressure = tables["pression_demande"]
    results = []
    for row in demand_ratios(pressure).itertuples():
        if math.isnan(row.computed_ratio) or math.isnan(row.reported_ratio):
            continue
        results.append(
            equality_result(
                f"{row.champ}, {row.territoire}, {row.annee}",
                row.reported_ratio,
                round(row.computed_ratio, 1),
                pressure.loc[(pressure["champ"] == row.champ) & (pressure["annee"] == row.annee), "source"],
                "demandes_par_attribution",
            )
        )
    if not results:
        return [
            not_applicable(
                "aucun ratio publié n'a, pour son champ et son année, à la fois le nombre de "
                "demandes et le nombre d'attributions : rien à recalculer"
            )
        ]
    return results
