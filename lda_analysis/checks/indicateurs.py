"""Consistency checks of the headline indicators (access to social housing, demand, FSL)."""

from __future__ import annotations

import math

from ..indicators import demand_ratios, evolution
from . import CONCORDANCE, OK, DISCREPANCY, CheckResult, Tables, check, equality_result

# §3.1 of the report: « la progression des entrées en logement social de personnes hébergées et des
# personnes déclarées sans-abri est plus importante sur MTPM que sur le reste du Var » (2017 -> 2024).
REPORT_CONCLUSION_LINE = 4402


@check("indicateurs", "La conclusion du §3.1 (progression plus forte sur MTPM) découle des taux",
       kind=CONCORDANCE)
def access_progression_conclusion(tables: Tables) -> list[CheckResult]:
    rates = tables["acces_logement_social"]
    evolutions = evolution(rates, 2017, 2024, ["public", "territory"])
    differences = evolutions.set_index(["public", "territory"])["difference"]
    results = []
    for public in dict.fromkeys(evolutions["public"]):
        mtpm, rest = differences[(public, "MTPM")], differences[(public, "VAR_HORS_TPM")]
        holds = mtpm > rest
        results.append(CheckResult(
            "indicateurs.access_progression_conclusion",
            "La conclusion du §3.1 (progression plus forte sur MTPM) découle des taux",
            f"{public}, 2017 → 2024",
            "progression plus importante sur MTPM",
            "progression plus importante sur MTPM" if holds else "progression non plus importante sur MTPM",
            OK if holds else DISCREPANCY,
            (f"Rapport d'exécution 2021-2024, §3.1 (p. 51), ligne {REPORT_CONCLUSION_LINE}",
             *dict.fromkeys(rates["source"])),
        ))
    return results


@check("indicateurs", "Un ratio demandes / attribution publié concorde avec les comptages",
       kind=CONCORDANCE)
def reported_demand_ratios(tables: Tables) -> list[CheckResult]:
    pressure = tables["pression_demande"]
    results = []
    for row in demand_ratios(pressure).itertuples():
        if math.isnan(row.computed_ratio) or math.isnan(row.reported_ratio):
            continue
        results.append(equality_result(
            "indicateurs.reported_demand_ratios",
            "Un ratio demandes / attribution publié concorde avec les comptages",
            f"{row.scope}, {row.territory}, {row.year}",
            row.reported_ratio, round(row.computed_ratio, 1),
            pressure.loc[(pressure["scope"] == row.scope) & (pressure["year"] == row.year), "source"],
            "demandes_par_attribution", kind=CONCORDANCE,
        ))
    return results
