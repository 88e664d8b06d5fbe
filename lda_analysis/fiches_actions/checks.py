"""Consistency checks of the fiches_actions domain (see lda_analysis.checks).

The new action sheets of plan 2 (annexes p. 405 to 431): their amounts printed twice, unit costs
times quantities against the announced budgets, the detailed budget of sheet 22 and the statistics
on persons under judicial supervision (PPSMJ) attached to it; then, when the other domains' tables
are loaded, the §4.5 funding table and the §4 figures on actions 20 to 22.

>>> from lda_analysis.data import load_tables
>>> [result.status for result in fa22_budget_result(load_tables())]
['conforme', 'conforme']
"""

from __future__ import annotations

import pandas as pd

from ..actions.computations import action_number
from ..checks import (
    CONCORDANCE,
    CheckResult,
    check,
    cited,
    cited_rows,
    decimal_comma,
    equality_result,
    rule_result,
    sum_result,
)
from ..data import Tables
from ..formatting import format_number
from ..schema import get_schema
from ..selection import one_row, select_rows
from .computations import (
    COFUNDING_ITEMS,
    NEW_ACTIONS,
    budget_line,
    budget_result,
    funding_row,
    new_actions_funding,
    param_row,
    ppsmj_row,
    ppsmj_total,
    ppsmj_under_one_year,
    unit_cost,
)

# A share printed to one decimal is off by at most 0.05 point: a sum of n shares by n × 0.05.
ROUNDING_PER_SHARE = 0.05


def _ppsmj(tables: Tables, population: str, measure: str, bound: str = "valeur") -> pd.Series:
    return ppsmj_row(tables["fiches_ppsmj"], population, measure, bound)


def _fiche(action: str) -> str:
    """« Fiche 5 adaptée », « Fiche 17 »…"""
    return f"Fiche {action_number(action)}"


# ---------------------------------------------------------------------- budget of sheet 22 (L'Îlot)

TITLE_BUDGET_SUMS = (
    "Budget de la fiche 22 : les lignes de détail reproduisent les sous-totaux et totaux imprimés"
)


@check(TITLE_BUDGET_SUMS)
def fa22_budget_sums(tables: Tables) -> list[CheckResult]:
    budget = tables["fiches_fa22_budget"]
    labels = get_schema().labels("fiches_fa22_budget", "line")
    results = []
    for parent in dict.fromkeys(budget["parent"]):
        if parent == "":
            continue
        children = budget[budget["parent"] == parent]
        total = budget_line(tables, parent)
        results.append(
            sum_result(
                TITLE_BUDGET_SUMS,
                labels[parent],
                children["value"],
                total["value"],
                [cited(total), *cited_rows(children)],
                "euros",
            )
        )
    return results


TITLE_BUDGET_RESULT = "Budget de la fiche 22 : résultat net = total des produits − total des charges"


@check(TITLE_BUDGET_RESULT)
def fa22_budget_result(tables: Tables) -> list[CheckResult]:
    charges, products = budget_line(tables, "total_charges"), budget_line(tables, "total_produits")
    net, to_find = budget_line(tables, "resultat_net"), budget_line(tables, "financement_a_trouver")
    printed = budget_result(tables["fiches_fa22_budget"])
    return [
        equality_result(
            TITLE_BUDGET_RESULT,
            "Résultat net (12 mois)",
            net["value"],
            printed["printed_products"] - printed["printed_charges"],
            cited_rows([net, products, charges]),
            "euros",
        ),
        equality_result(
            TITLE_BUDGET_RESULT,
            "Financement à trouver (coût logement + accompagnement)",
            to_find["value"],
            net["value"],
            cited_rows([to_find, net]),
            "euros",
            detail="Le financement à trouver est le résultat net imprimé une seconde fois.",
        ),
    ]


# ------------------------------------------------------------------- unit costs and quantities

TITLE_UNIT_COSTS = "Coût unitaire × quantité = montant annoncé par la fiche"


@check(TITLE_UNIT_COSTS)
def unit_costs(tables: Tables) -> list[CheckResult]:
    results = []
    for key, subject in (
        ("fa21_mentorat", "Fiche 21 : 30 binômes × 1 200 € = budget du mentorat"),
        ("fa22_locations", "Fiche 22 : 6 appartements × 400 € × 12 mois = ligne « Locations » du budget"),
        ("fa22_pecule", "Fiche 22 : 4 versements × 400 € × 7 jeunes = pécule FAJ"),
    ):
        calculation = unit_cost(tables, key)
        results.append(
            equality_result(
                TITLE_UNIT_COSTS,
                subject,
                calculation.printed["value"],
                calculation.computed,
                cited_rows([calculation.printed, *calculation.used]),
                "euros",
            )
        )
    return results


TITLE_UNIT_COST_GAPS = "Coût unitaire × quantité et montant annoncé : écarts du document"


@check(TITLE_UNIT_COST_GAPS, kind=CONCORDANCE)
def unit_cost_gaps(tables: Tables) -> list[CheckResult]:
    calculation = unit_cost(tables, "fa24_mesures")
    return [
        equality_result(
            TITLE_UNIT_COST_GAPS,
            "Fiche 24 : 14 mesures en file active × 2 800 € et « Soit 40 000 € »",
            calculation.printed["value"],
            calculation.computed,
            cited_rows([calculation.printed, *calculation.used]),
            "euros",
            kind=CONCORDANCE,
            detail=(
                "La fiche annonce « Soit 40 000 € » pour 14 mesures à 2 800 € (39 200 €) ; elle démarre "
                "par ailleurs « avec 20 mesures »."
            ),
        )
    ]


TITLE_FA22_FUNDING = "Fiche 22 : financements demandés et besoins du budget prévisionnel"


@check(TITLE_FA22_FUNDING, kind=CONCORDANCE)
def fa22_funding_and_budget(tables: Tables) -> list[CheckResult]:
    to_find = budget_line(tables, "financement_a_trouver")
    nest_egg = budget_line(tables, "pecule_faj")
    results = []
    for mention in ("encart", "moyens"):
        ami = funding_row(tables, "22", "financement_ami", mention)
        results.append(
            equality_result(
                TITLE_FA22_FUNDING,
                f"Financement AMI ({_mention_label(mention)}) et financement à trouver",
                ami["value"],
                -to_find["value"],
                cited_rows([ami, to_find]),
                "euros",
                kind=CONCORDANCE,
                detail="L'AMI finance « la partie logement + accompagnement », dont le budget chiffre le besoin à 69 042 €.",
            )
        )
    for mention in ("encart", "moyens"):
        mtpm = funding_row(tables, "22", "financement_mtpm", mention)
        results.append(
            equality_result(
                TITLE_FA22_FUNDING,
                f"Cofinancement MTPM - FAJ ({_mention_label(mention)}) et pécule du budget",
                mtpm["value"],
                nest_egg["value"],
                cited_rows([mtpm, nest_egg]),
                "euros",
                kind=CONCORDANCE,
                detail="Le FAJ de la Métropole finance le pécule : 4 fois 400 € pour 7 jeunes, soit 11 200 € au budget.",
            )
        )
    return results


# ------------------------------------------------------------------------- sheets 5 adaptée, 17, 20

TITLE_FA5 = "Fiche 5 adaptée : effectifs des volets 1 et 2"


@check(TITLE_FA5)
def fa5_headcounts(tables: Tables) -> list[CheckResult]:
    calculation = unit_cost(tables, "fa5_volet_2")  # social workers left + heads of service
    results = []
    for mention in (1, 2):
        total = param_row(tables, "5_adaptee", "professionnels_formation_ahi", mention=mention)
        results.append(
            equality_result(
                TITLE_FA5,
                f"Volet 2 : 49 TS restants + 11 CDS = 60 professionnels (mention {mention})",
                total["value"],
                calculation.computed,
                cited_rows([total, *calculation.used]),
                "personnes",
            )
        )
    links, staff = (
        param_row(tables, "5_adaptee", "connexions_elearning_ts_hors_ahi"),
        param_row(tables, "5_adaptee", "travailleurs_sociaux_mtpm"),
    )
    results.append(
        equality_result(
            TITLE_FA5,
            "Volet 1 : connexions pour « la moitié des TS de MTPM » (408 / 2)",
            links["value"],
            staff["value"] / 2,
            cited_rows([links, staff]),
            "nombre",
        )
    )
    return results


TITLE_FA5_CAPACITY = "Fiche 5 adaptée : capacité des sessions de formation et professionnels à former"


@check(TITLE_FA5_CAPACITY, kind=CONCORDANCE)
def fa5_training_capacity(tables: Tables) -> list[CheckResult]:
    sessions = param_row(tables, "5_adaptee", "sessions_formation")
    seats = param_row(tables, "5_adaptee", "participants_max_session", bound="maximum")
    trainees = param_row(tables, "5_adaptee", "professionnels_formation_ahi")
    capacity = sessions["value"] * seats["value"]
    return [
        rule_result(
            TITLE_FA5_CAPACITY,
            "Volet 2 : « 2*2 jours pour 60 personnes » et formation « jusqu'à 15 participants »",
            trainees["value"],
            capacity,
            capacity >= trainees["value"],
            cited_rows([trainees, sessions, seats]),
            "personnes",
            kind=CONCORDANCE,
            detail=(
                "Lu comme 2 sessions de 2 jours, le volet 2 forme au plus 2 × 15 = 30 personnes si chaque "
                "session garde la jauge de la formation de la FAS de 2024 (« jusqu'à 15 participants ») ; "
                "la fiche en annonce 60."
            ),
        )
    ]


TITLE_FA17 = "Fiche 17 : participants au total et participants par journée de séminaire"


@check(TITLE_FA17)
def fa17_participants(tables: Tables) -> list[CheckResult]:
    days = param_row(tables, "17", "journees_seminaire")
    total = param_row(tables, "17", "participants_total")
    low = param_row(tables, "17", "participants_par_seminaire", bound="minimum")
    high = param_row(tables, "17", "participants_par_seminaire", bound="maximum")
    lowest, highest = days["value"] * low["value"], days["value"] * high["value"]
    return [
        rule_result(
            TITLE_FA17,
            "300 personnes pour 3 journées de 70 à 100 personnes",
            total["value"],
            f"entre {decimal_comma(lowest)} et {decimal_comma(highest)}",
            lowest <= total["value"] <= highest,
            cited_rows([total, days, low, high]),
            "personnes",
        )
    ]


TITLE_FA20_DAYS = "Fiche 20 : les jours des étapes font les 35 jours du budget"


@check(TITLE_FA20_DAYS, kind=CONCORDANCE)
def fa20_days(tables: Tables) -> list[CheckResult]:
    calculation = unit_cost(tables, "fa20_jours")  # the days of the budget's steps
    return [
        equality_result(
            TITLE_FA20_DAYS,
            "Budget « sur 35 jours à 2 intervenants » et ses 8 étapes",
            calculation.printed["value"],
            calculation.computed,
            [cited(calculation.printed), *cited_rows(calculation.used)],
            "jours",
            kind=CONCORDANCE,
            detail="Les 8 étapes du budget comptent 2 + 4 + 10 + 12 + 4 + 3 + 3 + 1 = 39 jours, pas 35.",
        )
    ]


TITLE_RANGES = "Une quantité retenue pour le budget reste dans la fourchette ou le total annoncés"


@check(TITLE_RANGES)
def ranges(tables: Tables) -> list[CheckResult]:
    results = []
    for action, chosen, measure, subject in (
        (
            "21",
            "binomes_budget",
            "binomes_par_an",
            "Fiche 21 : 30 binômes budgétés, objectif de 20 à 30 binômes par an",
        ),
        (
            "22",
            "appartements_budget",
            "logements_erilia",
            "Fiche 22 : 6 appartements budgétés, 5 à 6 appartements Erilia",
        ),
    ):
        value = param_row(tables, action, chosen)
        low, high = (
            param_row(tables, action, measure, "minimum"),
            param_row(tables, action, measure, "maximum"),
        )
        results.append(
            rule_result(
                TITLE_RANGES,
                subject,
                value["value"],
                f"entre {decimal_comma(low['value'])} et {decimal_comma(high['value'])}",
                low["value"] <= value["value"] <= high["value"],
                cited_rows([value, low, high]),
                value["unit"],
            )
        )
    for action, part, whole, subject in (
        (
            "22",
            "etp_accompagnement",
            "etp_finance",
            "Fiche 22 : 0,8 ETP d'accompagnement dans 0,9 ETP financé",
        ),
        (
            "22",
            "jeunes_pecule",
            "jeunes_budget",
            "Fiche 22 : 7 jeunes au pécule parmi les 7 jeunes du budget",
        ),
    ):
        small, large = param_row(tables, action, part), param_row(tables, action, whole)
        results.append(
            rule_result(
                TITLE_RANGES,
                subject,
                small["value"],
                f"au plus {decimal_comma(large['value'])}",
                small["value"] <= large["value"],
                cited_rows([small, large]),
                small["unit"],
            )
        )
    return results


# ------------------------------------------------------------------ figures printed more than once

TITLE_MENTIONS = "Un chiffre imprimé plusieurs fois dans une fiche a partout la même valeur"

# Amounts printed under two names: the AMI request in the header and the budget of the action.
SAME_AMOUNT = (
    ("5_adaptee", ("financement_ami", "encart"), ("budget_action", "tableau_actions")),
    ("17", ("financement_ami", "encart"), ("budget_action", "tableau_actions")),
    ("21", ("financement_ami", "encart"), ("budget_action", "moyens")),
    ("23", ("financement_ami", "encart"), ("budget_action", "moyens")),
    ("24", ("financement_mtpm_ddets", "encart"), ("budget_action", "moyens")),
)


@check(TITLE_MENTIONS, kind=CONCORDANCE)
def repeated_mentions(tables: Tables) -> list[CheckResult]:
    labels = get_schema().labels("fiches_parametres", "measure")
    items = get_schema().labels("fiches_financements", "item")
    results = []
    parameters = tables["fiches_parametres"]
    for (action, measure, bound), group in parameters.groupby(["action", "measure", "bound"], sort=False):
        if len(group) < 2:
            continue
        first = group[group["mention"] == 1].iloc[0]
        for _, other in group[group["mention"] != 1].iterrows():
            results.append(
                equality_result(
                    TITLE_MENTIONS,
                    f"{_fiche(action)} : {labels[measure]} ({bound}), mention {other['mention']} et mention 1",
                    first["value"],
                    other["value"],
                    cited_rows([first, other]),
                    first["unit"],
                    kind=CONCORDANCE,
                )
            )
    funding = tables["fiches_financements"]
    for (action, item), group in funding.groupby(["action", "item"], sort=False):
        if len(group) < 2:
            continue
        first, *others = [row for _, row in group.iterrows()]
        for other in others:
            results.append(
                equality_result(
                    TITLE_MENTIONS,
                    f"{_fiche(action)} : {items[item]}, {_mention_label(other['mention'])} et {_mention_label(first['mention'])}",
                    first["value"],
                    other["value"],
                    cited_rows([first, other]),
                    "euros",
                    kind=CONCORDANCE,
                )
            )
    for action, (item_a, place_a), (item_b, place_b) in SAME_AMOUNT:
        one, two = funding_row(tables, action, item_a, place_a), funding_row(tables, action, item_b, place_b)
        results.append(
            equality_result(
                TITLE_MENTIONS,
                f"{_fiche(action)} : {items[item_a]} ({_mention_label(place_a)}) et {items[item_b]} ({_mention_label(place_b)})",
                one["value"],
                two["value"],
                cited_rows([one, two]),
                "euros",
                kind=CONCORDANCE,
            )
        )
    return results


TITLE_OPERATOR = "La fiche 20 nomme son opérateur de la même façon partout"


@check(TITLE_OPERATOR, kind=CONCORDANCE)
def fa20_operator(tables: Tables) -> list[CheckResult]:
    rows = select_rows(tables["fiches_identite"], action="20", field="operateur")
    names = [text[text.index("Agence") :] for text in rows["text"]]
    first, second = rows.iloc[0], rows.iloc[1]
    return [
        rule_result(
            TITLE_OPERATOR,
            "Nom de l'Ansa (porteur et rubrique « Opérateur »)",
            names[0],
            names[1],
            names[0].lower() == names[1].lower(),
            cited_rows([first, second]),
            kind=CONCORDANCE,
            detail="L'Ansa est l'Agence nouvelle des solidarités actives ; la rubrique « Opérateur » écrit « Agence Nationale de Solidarité Active ».",
        )
    ]


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


# ------------------------------------------------- other domains: §4.5 funding table, §4, §1.6

TITLE_PERSPECTIVES_FUNDING = "Les fiches des nouvelles actions reproduisent le tableau de financement du §4.5"


@check(TITLE_PERSPECTIVES_FUNDING, kind=CONCORDANCE)
def perspectives_funding(tables: Tables) -> list[CheckResult]:
    table = tables["perspectives_financement"]
    funding = tables["fiches_financements"]
    header = funding[(funding["mention"] == "encart") & funding["action"].isin(NEW_ACTIONS)]
    ami = header[header["item"] == "financement_ami"]
    cofunding = header[header["item"].isin(COFUNDING_ITEMS)]
    computed = new_actions_funding(tables)
    results = []
    for poste, total, rows, subject in (
        ("demande_ami", "ami", ami, "Demande AMI des nouvelles actions (fiches 17, 20, 21, 22, 23 et 24)"),
        (
            "cofinancement",
            "cofinancing",
            cofunding,
            "Co-financements des nouvelles actions (MTPM pour la fiche 22, MTPM et DDETS pour la 24)",
        ),
        ("cout_total", "total", pd.concat([ami, cofunding]), "Coût total des nouvelles actions"),
    ):
        row = one_row(table, emplacement="tableau", typologie="nouvelles", poste=poste)
        results.append(
            equality_result(
                TITLE_PERSPECTIVES_FUNDING,
                subject,
                row["value"],
                computed[total],
                [cited(row), *cited_rows(rows)],
                "euros",
                kind=CONCORDANCE,
            )
        )
    return results


TITLE_PERSPECTIVES_COUNT = (
    "Les fiches et le §4.5 s'accordent sur les nouvelles actions qui demandent un financement AMI"
)


@check(TITLE_PERSPECTIVES_COUNT, kind=CONCORDANCE)
def perspectives_action_count(tables: Tables) -> list[CheckResult]:
    table = tables["perspectives_nombre_actions"]
    funding = tables["fiches_financements"]
    ami = funding[
        (funding["item"] == "financement_ami")
        & (funding["mention"] == "encart")
        & funding["action"].isin(NEW_ACTIONS)
    ]
    asking, not_asking = ami[ami["value"] > 0], ami[ami["value"] == 0]
    results = []
    for _, row in select_rows(table, categorie="nouvelles_avec_demande_ami", period="2024-2025").iterrows():
        results.append(
            equality_result(
                TITLE_PERSPECTIVES_COUNT,
                "Nouvelles actions avec demande de financement AMI (fiches "
                + ", ".join(asking["action"])
                + ")",
                row["value"],
                len(asking),
                [cited(row), *cited_rows(asking)],
                kind=CONCORDANCE,
            )
        )
    for _, row in select_rows(table, categorie="sans_demande_financement", period="2024-2025").iterrows():
        named = [code.strip() for code in str(row["actions_citees"]).split(";")]
        for _, sheet in not_asking.iterrows():
            results.append(
                rule_result(
                    TITLE_PERSPECTIVES_COUNT,
                    f"{_fiche(sheet['action'])} (« FINANCEMENT AMI : 0 € ») parmi les actions sans demande de financement",
                    f"actions {row['actions_citees']}",
                    f"action {sheet['action']}",
                    sheet["action"] in named,
                    [cited(row), cited(sheet)],
                    kind=CONCORDANCE,
                )
            )
    return results


TITLE_PERSPECTIVES_FIGURES = "Les chiffres du §4 sur les actions 20, 21 et 22 concordent avec leurs fiches"
# (perspectives measure, action in perspectives_chiffres, source line or None, my action, measure, bound, mention)
PERSPECTIVES_PAIRS = (
    ("structures_formees_min", "20", None, "20", "structures_formees", "minimum", 1),
    ("structures_formees_max", "20", None, "20", "structures_formees", "maximum", 1),
    ("jeunes_accompagnes", "20", None, "20", "jeunes_cycle", "valeur", 1),
    ("ateliers_cycle", "20", None, "20", "ateliers_par_cycle", "valeur", 1),
    ("jeunes_participants", "16", None, "20", "jeunes_participation_lda1", "valeur", 1),
    ("age_min", "21", None, "21", "age_public", "minimum", 1),
    ("age_max", "21", None, "21", "age_public", "maximum", 1),
    ("age_min", "22", None, "22", "age_public", "minimum", 1),
    ("age_max", "22", None, "22", "age_public", "maximum", 1),
    ("logements_sociaux", "22", None, "22", "appartements_budget", "valeur", 1),
    ("etp_accompagnement", "22", 5955, "22", "etp_finance", "valeur", 1),
    ("etp_accompagnement", "22", 5959, "22", "etp_accompagnement", "valeur", 1),
)


@check(TITLE_PERSPECTIVES_FIGURES, kind=CONCORDANCE)
def perspectives_figures(tables: Tables) -> list[CheckResult]:
    table = tables["perspectives_chiffres"]
    labels = get_schema().labels("fiches_parametres", "measure")
    results = []
    for their_measure, their_action, line, action, measure, bound, mention in PERSPECTIVES_PAIRS:
        theirs = select_rows(table, measure=their_measure, action=their_action)
        if line is not None:
            theirs = theirs[theirs["source_line"] == line]
        mine = param_row(tables, action, measure, bound, mention)
        for _, row in theirs.iterrows():
            detail = ""
            if measure == "etp_accompagnement":
                detail = (
                    "Le §4.4.2 veut « dédier les 0.9ETP à la présence et la relation d'aide » ; la fiche 22 "
                    "finance 0.9 ETP « dont 0.8 ETP d'accompagnement »."
                )
            results.append(
                equality_result(
                    TITLE_PERSPECTIVES_FIGURES,
                    f"{_fiche(action)} : {labels[measure]} ({bound}) et §4, ligne {int(row['source_line'])}",
                    row["value"],
                    mine["value"],
                    [cited(row), cited(mine)],
                    mine["unit"],
                    kind=CONCORDANCE,
                    detail=detail,
                )
            )
    return results


TITLE_ACTION5 = "La demande de subvention de la page de l'action 5 (§1.6) concorde avec la fiche 5 adaptée"


@check(TITLE_ACTION5, kind=CONCORDANCE)
def action5_request(tables: Tables) -> list[CheckResult]:
    table = tables["actions_montants"]
    request = select_rows(table, action="5", measure="demande")
    mine = funding_row(tables, "5_adaptee", "financement_ami", "encart")
    return [
        equality_result(
            TITLE_ACTION5,
            "Subvention demandée pour 2025 et financement AMI de la fiche",
            row["value"],
            mine["value"],
            [cited(row), cited(mine)],
            "euros",
            kind=CONCORDANCE,
        )
        for _, row in request.iterrows()
    ]


def _mention_label(mention: str) -> str:
    return {
        "encart": "encart de tête",
        "moyens": "moyens nécessaires",
        "tableau_actions": "tableau des actions",
    }[mention]
