"""Consistency checks of the headline indicators (access to social housing, demand, FSL)."""

from __future__ import annotations

import math

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import RowError

from ..checks import CONCORDANCE, DISCREPANCY, OK, CheckResult, check, equality_result, not_applicable
from .computations import demand_ratios, evolution

# §3.1 of the report: « la progression des entrées en logement social de personnes hébergées et des
# personnes déclarées sans-abri est plus importante sur MTPM que sur le reste du Var » (2017 -> 2024).
REPORT_CONCLUSION_LINE = 4402
PROGRESSION_TITLE = "La conclusion du §3.1 (progression plus forte sur MTPM) découle des taux"
RATIOS_TITLE = "Un ratio demandes / attribution publié concorde avec les comptages"


@check(PROGRESSION_TITLE, kind=CONCORDANCE)
def access_progression_conclusion(tables: Tables) -> list[CheckResult]:
    rates = tables["acces_logement_social"]
    evolutions = evolution(rates, 2017, 2024, ["public", "territory"])
    differences = evolutions.set_index(["public", "territory"])["difference"]
    results = []
    for public in dict.fromkeys(rates["public"]):
        missing = [code for code in ("MTPM", "VAR_HORS_TPM") if (public, code) not in differences.index]
        if missing:
            raise RowError(
                f"table « acces_logement_social » : pas de taux en 2017 et en 2024 pour {public}, "
                f"{', '.join(missing)}"
            )
        mtpm, rest = differences[(public, "MTPM")], differences[(public, "VAR_HORS_TPM")]
        holds = mtpm > rest
        results.append(
            CheckResult(
                "",
                PROGRESSION_TITLE,
                f"{get_schema().label('acces_logement_social', 'public', public)}, 2017 → 2024",
                "progression plus importante sur MTPM",
                "progression plus importante sur MTPM"
                if holds
                else "progression non plus importante sur MTPM",
                OK if holds else DISCREPANCY,
                (
                    f"Rapport d'exécution 2021-2024, §3.1 (p. 51), ligne {REPORT_CONCLUSION_LINE}",
                    *dict.fromkeys(rates["source"]),
                ),
            )
        )
    return results


@check(RATIOS_TITLE, kind=CONCORDANCE)
def reported_demand_ratios(tables: Tables) -> list[CheckResult]:
    pressure = tables["pression_demande"]
    results = []
    for row in demand_ratios(pressure).itertuples():
        if math.isnan(row.computed_ratio) or math.isnan(row.reported_ratio):
            continue
        results.append(
            equality_result(
                RATIOS_TITLE,
                f"{row.scope}, {row.territory}, {row.year}",
                row.reported_ratio,
                round(row.computed_ratio, 1),
                pressure.loc[(pressure["scope"] == row.scope) & (pressure["year"] == row.year), "source"],
                "demandes_par_attribution",
                kind=CONCORDANCE,
            )
        )
    if not results:
        return [
            not_applicable(
                RATIOS_TITLE,
                "aucun ratio publié n'a, pour son champ et son année, à la fois le nombre de "
                "demandes et le nombre d'attributions : rien à recalculer",
            )
        ]
    return results
