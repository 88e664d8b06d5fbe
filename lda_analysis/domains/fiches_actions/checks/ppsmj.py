"""Checks of the statistics on persons under judicial supervision (PPSMJ) attached to sheet 22."""

from __future__ import annotations

import pandas as pd

from lda_analysis.blocks.formatting import format_number
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema

from ...checks import (
    CONCORDANCE,
    CheckResult,
    check,
    cited_rows,
    decimal_comma,
    equality_result,
    rule_result,
)
from ..computations import (
    ppsmj_row,
    ppsmj_total,
    ppsmj_under_one_year,
)

# A share printed to one decimal is off by at most 0.05 point: a sum of n shares by n × 0.05.
ROUNDING_PER_SHARE = 0.05


def _ppsmj(tables: Tables, population: str, measure: str, bound: str = "valeur") -> pd.Series:
    return ppsmj_row(tables["fiches_ppsmj"], population, measure, bound)


# -------------------------------------------------------------------------------- PPSMJ statistics

TITLE_PPSMJ_COUNTS = (
    "PPSMJ : milieu ouvert + milieu fermé = total, et les détenus sont une partie du milieu fermé"
)


@check(TITLE_PPSMJ_COUNTS)
def ppsmj_headcounts(tables: Tables) -> list[CheckResult]:
    total, open_, closed = (
        _ppsmj(tables, "ppsmj", "effectif"),
        _ppsmj(tables, "milieu_ouvert", "effectif"),
        _ppsmj(tables, "ecroues", "effectif"),
    )
    detained = _ppsmj(tables, "detenus", "effectif")
    computed = ppsmj_total(tables["fiches_ppsmj"])  # open + closed settings
    return [
        equality_result(
            TITLE_PPSMJ_COUNTS,
            "PPSMJ au 1er janvier 2023",
            computed["printed"],
            computed["computed"],
            cited_rows([total, open_, closed]),
            "personnes",
        ),
        rule_result(
            TITLE_PPSMJ_COUNTS,
            "Détenus parmi les personnes en milieu fermé",
            detained["value"],
            f"au plus {format_number(closed['value'])}",
            detained["value"] <= closed["value"],
            cited_rows([detained, closed]),
            "personnes",
        ),
    ]


AGE_CLASSES = ("part_18_30_ans", "part_30_50_ans", "part_50_60_ans", "part_60_ans_et_plus")
# Distributions whose classes cover the whole population as the document presents them.
COMPLETE = (
    ("ecroues", AGE_CLASSES, "Âge des personnes écrouées (2023)"),
    ("milieu_ouvert", AGE_CLASSES, "Âge des personnes suivies en milieu ouvert (2023)"),
    ("ppsmj", AGE_CLASSES, "Âge de l'ensemble des PPSMJ (1er janvier 2023)"),
    (
        "entrants_detention",
        ("part_sans_abri", "part_heberge_institution", "part_heberge_proche", "part_logement_personnel"),
        "Logement à l'entrée en détention",
    ),
    ("entrants_detention", ("part_sans_activite", "part_en_activite"), "Activité à l'entrée en détention"),
)
# Distributions whose printed classes cover only a part of the population.
PARTIAL = (
    ("detenus", ("part_celibataires", "part_divorces_separes"), "Situation conjugale des détenus"),
    (
        "liberes_2022",
        ("part_ecrou_moins_6_mois", "part_ecrou_6_mois_1_an", "part_ecrou_1_3_ans"),
        "Durée sous écrou des personnes libérées en 2022",
    ),
    (
        "hommes_detenus_insee",
        ("part_meres_ouvrieres", "part_meres_inactives"),
        "Activité des mères (INSEE 1999)",
    ),
)


def _shares(tables: Tables, population: str, measures: tuple[str, ...]) -> list[pd.Series]:
    return [_ppsmj(tables, population, measure) for measure in measures]


TITLE_SHARES_BOUNDED = "PPSMJ : les parts d'une répartition ne dépassent pas 100 % (aux arrondis près)"


@check(TITLE_SHARES_BOUNDED)
def ppsmj_bounded_shares(tables: Tables) -> list[CheckResult]:
    results = []
    for population, measures, subject in COMPLETE + PARTIAL:
        shares = _shares(tables, population, measures)
        total = round(sum(row["value"] for row in shares), 2)
        tolerance = ROUNDING_PER_SHARE * len(shares)
        results.append(
            rule_result(
                TITLE_SHARES_BOUNDED,
                subject,
                f"100 % au plus (tolérance {decimal_comma(tolerance)} point)",
                total,
                total <= 100 + tolerance,
                cited_rows(shares),
                "pourcentage",
                detail=f"{len(shares)} parts arrondies au dixième : chacune peut s'écarter de 0,05 point de sa valeur exacte.",
            )
        )
    return results


TITLE_SHARES_COMPLETE = "PPSMJ : une répartition complète fait 100 % aux arrondis près"


@check(TITLE_SHARES_COMPLETE, kind=CONCORDANCE)
def ppsmj_complete_shares(tables: Tables) -> list[CheckResult]:
    results = []
    for population, measures, subject in COMPLETE:
        shares = _shares(tables, population, measures)
        total = round(sum(row["value"] for row in shares), 2)
        tolerance = ROUNDING_PER_SHARE * len(shares)
        results.append(
            rule_result(
                TITLE_SHARES_COMPLETE,
                subject,
                100.0,
                total,
                abs(total - 100) <= tolerance,
                cited_rows(shares),
                "pourcentage",
                kind=CONCORDANCE,
                detail=(
                    f"{len(shares)} parts arrondies au dixième : écart toléré {decimal_comma(tolerance)} "
                    f"point ; {decimal_comma(round(100 - total, 2))} point non réparti par le document."
                ),
            )
        )
    return results


TITLE_MIXTURE = "PPSMJ : la part d'une classe d'âge dans l'ensemble est entre ses parts en milieu fermé et en milieu ouvert"


@check(TITLE_MIXTURE)
def ppsmj_whole_between_settings(tables: Tables) -> list[CheckResult]:
    labels = get_schema().labels("fiches_ppsmj", "measure")
    results = []
    for measure in AGE_CLASSES:
        whole = _ppsmj(tables, "ppsmj", measure)
        closed, open_ = _ppsmj(tables, "ecroues", measure), _ppsmj(tables, "milieu_ouvert", measure)
        low, high = sorted([closed["value"], open_["value"]])
        results.append(
            rule_result(
                TITLE_MIXTURE,
                labels[measure],
                whole["value"],
                f"entre {decimal_comma(low)} et {decimal_comma(high)}",
                low - ROUNDING_PER_SHARE <= whole["value"] <= high + ROUNDING_PER_SHARE,
                cited_rows([whole, closed, open_]),
                "pourcentage",
                detail="L'ensemble des PPSMJ réunit le milieu fermé et le milieu ouvert : chacune de ses parts est une moyenne des deux.",
            )
        )
    return results


TITLE_CONCLUSIONS = "PPSMJ : les conclusions chiffrées du texte découlent de ses chiffres"


@check(TITLE_CONCLUSIONS)
def ppsmj_conclusions(tables: Tables) -> list[CheckResult]:
    below_six, six_to_twelve = (
        _ppsmj(tables, "liberes_2022", "part_ecrou_moins_6_mois"),
        _ppsmj(tables, "liberes_2022", "part_ecrou_6_mois_1_an"),
    )
    claim = _ppsmj(tables, "liberes_2022", "part_ecrou_moins_1_an")
    under_year = ppsmj_under_one_year(tables["fiches_ppsmj"])
    ages = [
        _ppsmj(tables, "repondants_f2rsm", f"part_depart_domicile_avant_{age}_ans") for age in (15, 19, 21)
    ]
    values = [row["value"] for row in ages]
    return [
        rule_result(
            TITLE_CONCLUSIONS,
            "« Plus de 80 % » des libérés de 2022 sous écrou moins d'un an",
            f"plus de {decimal_comma(claim['value'])}",
            under_year,
            under_year > claim["value"],
            cited_rows([claim, below_six, six_to_twelve]),
            "pourcentage",
            detail="Moins de 6 mois (55 %) et de 6 mois à 1 an (26 %).",
        ),
        rule_result(
            TITLE_CONCLUSIONS,
            "Départ du domicile familial avant 15, 19 et 21 ans : parts cumulées croissantes",
            "croissantes",
            " ≤ ".join(decimal_comma(v) for v in values),
            values == sorted(values),
            cited_rows(ages),
            "pourcentage",
        ),
    ]


TITLE_DURATIONS = "PPSMJ : la durée moyenne sous écrou (qui inclut la détention) n'est pas inférieure à la durée moyenne en détention"


@check(TITLE_DURATIONS, kind=CONCORDANCE)
def ppsmj_durations(tables: Tables) -> list[CheckResult]:
    under_order = _ppsmj(tables, "ecroues", "duree_moyenne_sous_ecrou")
    detention = _ppsmj(tables, "detenus", "duree_moyenne_detention")
    return [
        rule_result(
            TITLE_DURATIONS,
            "Durées moyennes de 2022",
            under_order["value"],
            f"au moins {decimal_comma(detention['value'])}",
            under_order["value"] >= detention["value"],
            cited_rows([under_order, detention]),
            "mois",
            kind=CONCORDANCE,
            detail=(
                "« La durée moyenne sous écrou (en détention et à l'extérieur) est de 9.8 mois » mais « la durée "
                "moyenne en détention est de 11.1 mois » : le document ne dit pas sur quelles populations "
                "chacune est calculée."
            ),
        )
    ]
