"""Checks of the statistics on persons under judicial supervision (PPSMJ) attached to sheet 22."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from lda_analysis.blocks.formatting import format_number
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema

from ...checks import CheckResult, check, cited_rows, concordance, decimal_comma, equality_result, rule_result
from ..computations import ppsmj_row, ppsmj_total, ppsmj_under_one_year

# A share printed to one decimal is off by at most 0.05 point: a sum of n shares by n × 0.05.
ROUNDING_PER_SHARE = 0.05


def _ppsmj(tables: Tables, population: str, measure: str, bound: str = "valeur") -> pd.Series:
    return ppsmj_row(tables["fiches_ppsmj"], population, measure, bound)


# -------------------------------------------------------------------------------- PPSMJ statistics


@check("PPSMJ : milieu ouvert + milieu fermé = total, et les détenus sont une partie du milieu fermé")
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
            "PPSMJ au 1er janvier 2023",
            computed["printed"],
            computed["computed"],
            cited_rows([total, open_, closed]),
            "personnes",
        ),
        rule_result(
            "Détenus parmi les personnes en milieu fermé",
            detained["valeur"],
            f"au plus {format_number(closed['valeur'])}",
            detained["valeur"] <= closed["valeur"],
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


def _share_sums(tables: Tables, distributions: tuple) -> Iterator[tuple[str, list[pd.Series], float, float]]:
    """Each distribution's subject, share rows, sum of shares and tolerance of that sum."""
    for population, measures, subject in distributions:
        shares = [_ppsmj(tables, population, measure) for measure in measures]
        total = round(sum(row["valeur"] for row in shares), 2)
        yield subject, shares, total, ROUNDING_PER_SHARE * len(shares)


@check("PPSMJ : les parts d'une répartition ne dépassent pas 100 % (aux arrondis près)")
def ppsmj_bounded_shares(tables: Tables) -> Iterator[CheckResult]:
    for subject, shares, total, tolerance in _share_sums(tables, COMPLETE + PARTIAL):
        yield rule_result(
            subject,
            f"100 % au plus (tolérance {decimal_comma(tolerance)} point)",
            total,
            total <= 100 + tolerance,
            cited_rows(shares),
            "pourcentage",
            detail=f"{len(shares)} parts arrondies au dixième : chacune peut s'écarter de 0,05 point de sa valeur exacte.",
        )


@concordance("PPSMJ : une répartition complète fait 100 % aux arrondis près")
def ppsmj_complete_shares(tables: Tables) -> Iterator[CheckResult]:
    for subject, shares, total, tolerance in _share_sums(tables, COMPLETE):
        yield rule_result(
            subject,
            100.0,
            total,
            abs(total - 100) <= tolerance,
            cited_rows(shares),
            "pourcentage",
            detail=(
                f"{len(shares)} parts arrondies au dixième : écart toléré {decimal_comma(tolerance)} "
                f"point ; {decimal_comma(round(100 - total, 2))} point non réparti par le document."
            ),
        )


@check(
    "PPSMJ : la part d'une classe d'âge dans l'ensemble est entre ses parts en milieu fermé et en milieu ouvert"
)
def ppsmj_whole_between_settings(tables: Tables) -> Iterator[CheckResult]:
    labels = get_schema().labels("fiches_ppsmj", "mesure")
    for measure in AGE_CLASSES:
        whole = _ppsmj(tables, "ppsmj", measure)
        closed, open_ = _ppsmj(tables, "ecroues", measure), _ppsmj(tables, "milieu_ouvert", measure)
        low, high = sorted([closed["valeur"], open_["valeur"]])
        yield rule_result(
            labels[measure],
            whole["valeur"],
            f"entre {decimal_comma(low)} et {decimal_comma(high)}",
            low - ROUNDING_PER_SHARE <= whole["valeur"] <= high + ROUNDING_PER_SHARE,
            cited_rows([whole, closed, open_]),
            "pourcentage",
            detail="L'ensemble des PPSMJ réunit le milieu fermé et le milieu ouvert : chacune de ses parts est une moyenne des deux.",
        )


@check("PPSMJ : les conclusions chiffrées du texte découlent de ses chiffres")
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
    values = [row["valeur"] for row in ages]
    return [
        rule_result(
            "« Plus de 80 % » des libérés de 2022 sous écrou moins d'un an",
            f"plus de {decimal_comma(claim['valeur'])}",
            under_year,
            under_year > claim["valeur"],
            cited_rows([claim, below_six, six_to_twelve]),
            "pourcentage",
            detail="Moins de 6 mois (55 %) et de 6 mois à 1 an (26 %).",
        ),
        rule_result(
            "Départ du domicile familial avant 15, 19 et 21 ans : parts cumulées croissantes",
            "croissantes",
            " ≤ ".join(decimal_comma(v) for v in values),
            values == sorted(values),
            cited_rows(ages),
            "pourcentage",
        ),
    ]


@concordance(
    "PPSMJ : la durée moyenne sous écrou (qui inclut la détention) n'est pas inférieure à la durée moyenne en détention"
)
def ppsmj_durations(tables: Tables) -> list[CheckResult]:
    under_order = _ppsmj(tables, "ecroues", "duree_moyenne_sous_ecrou")
    detention = _ppsmj(tables, "detenus", "duree_moyenne_detention")
    return [
        rule_result(
            "Durées moyennes de 2022",
            under_order["valeur"],
            f"au moins {decimal_comma(detention['valeur'])}",
            under_order["valeur"] >= detention["valeur"],
            cited_rows([under_order, detention]),
            "mois",
            detail=(
                "« La durée moyenne sous écrou (en détention et à l'extérieur) est de 9.8 mois » mais « la durée "
                "moyenne en détention est de 11.1 mois » : le document ne dit pas sur quelles populations "
                "chacune est calculée."
            ),
        )
    ]
