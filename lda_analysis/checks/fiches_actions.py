"""Consistency checks of the fiches_actions domain (see lda_analysis.checks).

The new action sheets of plan 2 (annexes p. 405 to 431): their amounts printed twice, unit costs
times quantities against the announced budgets, the detailed budget of sheet 22 and the statistics
on persons under judicial supervision (PPSMJ) attached to it; then, when the other domains' tables
are loaded, the §4.5 funding table and the §4 figures on actions 20 to 22.

>>> from lda_analysis.data import load_tables
>>> [result.status for result in budget_fa22_resultat(load_tables())]
['conforme', 'conforme']
"""

from __future__ import annotations

import pandas as pd

from . import (
    CONCORDANCE,
    CheckResult,
    Tables,
    check,
    cited,
    cited_rows,
    decimal_comma,
    equality_result,
    one_row,
    rule_result,
    select_rows,
    sum_result,
)

DOMAIN = "fiches_actions"
# A share printed to one decimal is off by at most 0.05 point: a sum of n shares by n × 0.05.
ROUNDING_PER_SHARE = 0.05


# ------------------------------------------------------------------------------------------ helpers

def _param(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> pd.Series:
    return one_row(tables["fiches_parametres"], action=action, measure=measure, bound=bound, mention=mention)


def _funding(tables: Tables, action: str, item: str, mention: str) -> pd.Series:
    return one_row(tables["fiches_financements"], action=action, item=item, mention=mention)


def _budget(tables: Tables, line: str) -> pd.Series:
    return one_row(tables["fiches_fa22_budget"], line=line)


def _ppsmj(tables: Tables, population: str, measure: str, bound: str = "valeur") -> pd.Series:
    return one_row(tables["fiches_ppsmj"], population=population, measure=measure, bound=bound)


def _fiche(action: str) -> str:
    """« Fiche 5 adaptée », « Fiche 17 »…"""
    return "Fiche " + action.replace("_adaptee", " adaptée")


# ---------------------------------------------------------------------- budget of sheet 22 (L'Îlot)

TITLE_BUDGET_SUMS = "Budget de la fiche 22 : les lignes de détail reproduisent les sous-totaux et totaux imprimés"


@check(DOMAIN, TITLE_BUDGET_SUMS)
def budget_fa22_sommes(tables: Tables) -> list[CheckResult]:
    budget = tables["fiches_fa22_budget"]
    labels = _labels("fiches_fa22_budget", "line")
    results = []
    for parent in dict.fromkeys(budget["parent"]):
        if parent == "":
            continue
        children = budget[budget["parent"] == parent]
        total = _budget(tables, parent)
        results.append(sum_result(
            f"{DOMAIN}.budget_fa22_sommes", TITLE_BUDGET_SUMS, labels[parent], children["value"], total["value"],
            [cited(total), *cited_rows(children)], "euros"))
    return results


TITLE_BUDGET_RESULT = "Budget de la fiche 22 : résultat net = total des produits − total des charges"


@check(DOMAIN, TITLE_BUDGET_RESULT)
def budget_fa22_resultat(tables: Tables) -> list[CheckResult]:
    charges, products = _budget(tables, "total_charges"), _budget(tables, "total_produits")
    net, to_find = _budget(tables, "resultat_net"), _budget(tables, "financement_a_trouver")
    identifier = f"{DOMAIN}.budget_fa22_resultat"
    return [
        equality_result(identifier, TITLE_BUDGET_RESULT, "Résultat net (12 mois)", net["value"],
                        products["value"] - charges["value"], cited_rows([net, products, charges]), "euros"),
        equality_result(identifier, TITLE_BUDGET_RESULT, "Financement à trouver (coût logement + accompagnement)",
                        to_find["value"], net["value"], cited_rows([to_find, net]), "euros",
                        detail="Le financement à trouver est le résultat net imprimé une seconde fois."),
    ]


# ------------------------------------------------------------------- unit costs and quantities

TITLE_UNIT_COSTS = "Coût unitaire × quantité = montant annoncé par la fiche"


@check(DOMAIN, TITLE_UNIT_COSTS)
def couts_unitaires(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.couts_unitaires"
    pairs = _param(tables, "21", "binomes_budget"), _param(tables, "21", "cout_par_binome")
    budget21 = _funding(tables, "21", "budget_action", "moyens")
    flats, rent, months = (_param(tables, "22", "appartements_budget"), _param(tables, "22", "loyer_mensuel"),
                           _param(tables, "22", "duree_budget"))
    rents = _budget(tables, "locations")
    payments, amount, youths = (_param(tables, "22", "versements_pecule"),
                                _param(tables, "22", "montant_versement_pecule"),
                                _param(tables, "22", "jeunes_pecule", mention=3))
    nest_egg = _budget(tables, "pecule_faj")
    return [
        equality_result(identifier, TITLE_UNIT_COSTS, "Fiche 21 : 30 binômes × 1 200 € = budget du mentorat",
                        budget21["value"], pairs[0]["value"] * pairs[1]["value"],
                        cited_rows([budget21, *pairs]), "euros"),
        equality_result(identifier, TITLE_UNIT_COSTS,
                        "Fiche 22 : 6 appartements × 400 € × 12 mois = ligne « Locations » du budget",
                        rents["value"], flats["value"] * rent["value"] * months["value"],
                        cited_rows([rents, flats, rent, months]), "euros"),
        equality_result(identifier, TITLE_UNIT_COSTS, "Fiche 22 : 4 versements × 400 € × 7 jeunes = pécule FAJ",
                        nest_egg["value"], payments["value"] * amount["value"] * youths["value"],
                        cited_rows([nest_egg, payments, amount, youths]), "euros"),
    ]


TITLE_UNIT_COST_GAPS = "Coût unitaire × quantité et montant annoncé : écarts du document"


@check(DOMAIN, TITLE_UNIT_COST_GAPS, kind=CONCORDANCE)
def couts_unitaires_ecarts(tables: Tables) -> list[CheckResult]:
    cost, count = _param(tables, "24", "cout_mesure"), _param(tables, "24", "mesures_file_active")
    announced = _funding(tables, "24", "budget_action", "moyens")
    return [equality_result(
        f"{DOMAIN}.couts_unitaires_ecarts", TITLE_UNIT_COST_GAPS,
        "Fiche 24 : 14 mesures en file active × 2 800 € et « Soit 40 000 € »",
        announced["value"], cost["value"] * count["value"], cited_rows([announced, cost, count]), "euros",
        kind=CONCORDANCE,
        detail=("La fiche annonce « Soit 40 000 € » pour 14 mesures à 2 800 € (39 200 €) ; elle démarre "
                "par ailleurs « avec 20 mesures »."))]


TITLE_FA22_FUNDING = "Fiche 22 : financements demandés et besoins du budget prévisionnel"


@check(DOMAIN, TITLE_FA22_FUNDING, kind=CONCORDANCE)
def fa22_financements_budget(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.fa22_financements_budget"
    to_find = _budget(tables, "financement_a_trouver")
    nest_egg = _budget(tables, "pecule_faj")
    results = []
    for mention in ("encart", "moyens"):
        ami = _funding(tables, "22", "financement_ami", mention)
        results.append(equality_result(
            identifier, TITLE_FA22_FUNDING, f"Financement AMI ({_mention_label(mention)}) et financement à trouver",
            ami["value"], -to_find["value"], cited_rows([ami, to_find]), "euros", kind=CONCORDANCE,
            detail="L'AMI finance « la partie logement + accompagnement », dont le budget chiffre le besoin à 69 042 €."))
    for mention in ("encart", "moyens"):
        mtpm = _funding(tables, "22", "financement_mtpm", mention)
        results.append(equality_result(
            identifier, TITLE_FA22_FUNDING, f"Cofinancement MTPM - FAJ ({_mention_label(mention)}) et pécule du budget",
            mtpm["value"], nest_egg["value"], cited_rows([mtpm, nest_egg]), "euros", kind=CONCORDANCE,
            detail="Le FAJ de la Métropole finance le pécule : 4 fois 400 € pour 7 jeunes, soit 11 200 € au budget."))
    return results


# ------------------------------------------------------------------------- sheets 5 adaptée, 17, 20

TITLE_FA5 = "Fiche 5 adaptée : effectifs des volets 1 et 2"


@check(DOMAIN, TITLE_FA5)
def fa5_effectifs(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.fa5_effectifs"
    social, heads = (_param(tables, "5_adaptee", "travailleurs_sociaux_restants"),
                     _param(tables, "5_adaptee", "chefs_de_service"))
    results = []
    for mention in (1, 2):
        total = _param(tables, "5_adaptee", "professionnels_formation_ahi", mention=mention)
        results.append(sum_result(
            identifier, TITLE_FA5, f"Volet 2 : 49 TS restants + 11 CDS = 60 professionnels (mention {mention})",
            [social["value"], heads["value"]], total["value"], cited_rows([total, social, heads]), "personnes"))
    links, staff = (_param(tables, "5_adaptee", "connexions_elearning_ts_hors_ahi"),
                    _param(tables, "5_adaptee", "travailleurs_sociaux_mtpm"))
    results.append(equality_result(
        identifier, TITLE_FA5, "Volet 1 : connexions pour « la moitié des TS de MTPM » (408 / 2)",
        links["value"], staff["value"] / 2, cited_rows([links, staff]), "nombre"))
    return results


TITLE_FA5_CAPACITY = "Fiche 5 adaptée : capacité des sessions de formation et professionnels à former"


@check(DOMAIN, TITLE_FA5_CAPACITY, kind=CONCORDANCE)
def fa5_capacite_formation(tables: Tables) -> list[CheckResult]:
    sessions = _param(tables, "5_adaptee", "sessions_formation")
    seats = _param(tables, "5_adaptee", "participants_max_session", bound="maximum")
    trainees = _param(tables, "5_adaptee", "professionnels_formation_ahi")
    capacity = sessions["value"] * seats["value"]
    return [rule_result(
        f"{DOMAIN}.fa5_capacite_formation", TITLE_FA5_CAPACITY,
        "Volet 2 : « 2*2 jours pour 60 personnes » et formation « jusqu'à 15 participants »",
        trainees["value"], capacity, capacity >= trainees["value"], cited_rows([trainees, sessions, seats]),
        "personnes", kind=CONCORDANCE,
        detail=("Lu comme 2 sessions de 2 jours, le volet 2 forme au plus 2 × 15 = 30 personnes si chaque "
                "session garde la jauge de la formation de la FAS de 2024 (« jusqu'à 15 participants ») ; "
                "la fiche en annonce 60."))]


TITLE_FA17 = "Fiche 17 : participants au total et participants par journée de séminaire"


@check(DOMAIN, TITLE_FA17)
def fa17_participants(tables: Tables) -> list[CheckResult]:
    days = _param(tables, "17", "journees_seminaire")
    total = _param(tables, "17", "participants_total")
    low = _param(tables, "17", "participants_par_seminaire", bound="minimum")
    high = _param(tables, "17", "participants_par_seminaire", bound="maximum")
    lowest, highest = days["value"] * low["value"], days["value"] * high["value"]
    return [rule_result(
        f"{DOMAIN}.fa17_participants", TITLE_FA17, "300 personnes pour 3 journées de 70 à 100 personnes",
        total["value"], f"entre {decimal_comma(lowest)} et {decimal_comma(highest)}",
        lowest <= total["value"] <= highest, cited_rows([total, days, low, high]), "personnes")]


TITLE_FA20_DAYS = "Fiche 20 : les jours des étapes font les 35 jours du budget"


@check(DOMAIN, TITLE_FA20_DAYS, kind=CONCORDANCE)
def fa20_jours(tables: Tables) -> list[CheckResult]:
    parameters = tables["fiches_parametres"]
    steps = parameters[(parameters["action"] == "20") & parameters["measure"].str.startswith("jours_")
                       & (parameters["measure"] != "jours_budget_total")]
    total = _param(tables, "20", "jours_budget_total")
    return [equality_result(
        f"{DOMAIN}.fa20_jours", TITLE_FA20_DAYS, "Budget « sur 35 jours à 2 intervenants » et ses 8 étapes",
        total["value"], steps["value"].sum(), [cited(total), *cited_rows(steps)],
        "jours", kind=CONCORDANCE,
        detail="Les 8 étapes du budget comptent 2 + 4 + 10 + 12 + 4 + 3 + 3 + 1 = 39 jours, pas 35.")]


TITLE_RANGES = "Une quantité retenue pour le budget reste dans la fourchette ou le total annoncés"


@check(DOMAIN, TITLE_RANGES)
def fourchettes(tables: Tables) -> list[CheckResult]:
    results = []
    for action, chosen, measure, subject in (
            ("21", "binomes_budget", "binomes_par_an", "Fiche 21 : 30 binômes budgétés, objectif de 20 à 30 binômes par an"),
            ("22", "appartements_budget", "logements_erilia", "Fiche 22 : 6 appartements budgétés, 5 à 6 appartements Erilia")):
        value = _param(tables, action, chosen)
        low, high = _param(tables, action, measure, "minimum"), _param(tables, action, measure, "maximum")
        results.append(rule_result(
            f"{DOMAIN}.fourchettes", TITLE_RANGES, subject, value["value"],
            f"entre {decimal_comma(low['value'])} et {decimal_comma(high['value'])}",
            low["value"] <= value["value"] <= high["value"], cited_rows([value, low, high]), value["unit"]))
    for action, part, whole, subject in (
            ("22", "etp_accompagnement", "etp_finance", "Fiche 22 : 0,8 ETP d'accompagnement dans 0,9 ETP financé"),
            ("22", "jeunes_pecule", "jeunes_budget", "Fiche 22 : 7 jeunes au pécule parmi les 7 jeunes du budget")):
        small, large = _param(tables, action, part), _param(tables, action, whole)
        results.append(rule_result(
            f"{DOMAIN}.fourchettes", TITLE_RANGES, subject, small["value"],
            f"au plus {decimal_comma(large['value'])}", small["value"] <= large["value"],
            cited_rows([small, large]), small["unit"]))
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


@check(DOMAIN, TITLE_MENTIONS, kind=CONCORDANCE)
def mentions_concordantes(tables: Tables) -> list[CheckResult]:
    identifier = f"{DOMAIN}.mentions_concordantes"
    labels = _labels("fiches_parametres", "measure")
    items = _labels("fiches_financements", "item")
    results = []
    parameters = tables["fiches_parametres"]
    for (action, measure, bound), group in parameters.groupby(["action", "measure", "bound"], sort=False):
        if len(group) < 2:
            continue
        first = group[group["mention"] == 1].iloc[0]
        for _, other in group[group["mention"] != 1].iterrows():
            results.append(equality_result(
                identifier, TITLE_MENTIONS,
                f"{_fiche(action)} : {labels[measure]} ({bound}), mention {other['mention']} et mention 1",
                first["value"], other["value"], cited_rows([first, other]), first["unit"], kind=CONCORDANCE))
    funding = tables["fiches_financements"]
    for (action, item), group in funding.groupby(["action", "item"], sort=False):
        if len(group) < 2:
            continue
        first, *others = [row for _, row in group.iterrows()]
        for other in others:
            results.append(equality_result(
                identifier, TITLE_MENTIONS,
                f"{_fiche(action)} : {items[item]}, {_mention_label(other['mention'])} et {_mention_label(first['mention'])}",
                first["value"], other["value"], cited_rows([first, other]), "euros", kind=CONCORDANCE))
    for action, (item_a, place_a), (item_b, place_b) in SAME_AMOUNT:
        one, two = _funding(tables, action, item_a, place_a), _funding(tables, action, item_b, place_b)
        results.append(equality_result(
            identifier, TITLE_MENTIONS,
            f"{_fiche(action)} : {items[item_a]} ({_mention_label(place_a)}) et {items[item_b]} ({_mention_label(place_b)})",
            one["value"], two["value"], cited_rows([one, two]), "euros", kind=CONCORDANCE))
    return results


TITLE_OPERATOR = "La fiche 20 nomme son opérateur de la même façon partout"


@check(DOMAIN, TITLE_OPERATOR, kind=CONCORDANCE)
def fa20_operateur(tables: Tables) -> list[CheckResult]:
    rows = select_rows(tables["fiches_identite"], action="20", field="operateur")
    names = [text[text.index("Agence"):] for text in rows["text"]]
    first, second = rows.iloc[0], rows.iloc[1]
    return [rule_result(
        f"{DOMAIN}.fa20_operateur", TITLE_OPERATOR, "Nom de l'Ansa (porteur et rubrique « Opérateur »)",
        names[0], names[1], names[0].lower() == names[1].lower(), cited_rows([first, second]), kind=CONCORDANCE,
        detail="L'Ansa est l'Agence nouvelle des solidarités actives ; la rubrique « Opérateur » écrit « Agence Nationale de Solidarité Active ».")]


# -------------------------------------------------------------------------------- PPSMJ statistics

TITLE_PPSMJ_COUNTS = "PPSMJ : milieu ouvert + milieu fermé = total, et les détenus sont une partie du milieu fermé"


@check(DOMAIN, TITLE_PPSMJ_COUNTS)
def ppsmj_effectifs(tables: Tables) -> list[CheckResult]:
    total, open_, closed = (_ppsmj(tables, "ppsmj", "effectif"), _ppsmj(tables, "milieu_ouvert", "effectif"),
                            _ppsmj(tables, "ecroues", "effectif"))
    detained = _ppsmj(tables, "detenus", "effectif")
    identifier = f"{DOMAIN}.ppsmj_effectifs"
    return [
        sum_result(identifier, TITLE_PPSMJ_COUNTS, "PPSMJ au 1er janvier 2023",
                   [open_["value"], closed["value"]], total["value"], cited_rows([total, open_, closed]), "personnes"),
        rule_result(identifier, TITLE_PPSMJ_COUNTS, "Détenus parmi les personnes en milieu fermé",
                    detained["value"], f"au plus {closed['value']:,.0f}".replace(",", " "),
                    detained["value"] <= closed["value"], cited_rows([detained, closed]), "personnes"),
    ]


AGE_CLASSES = ("part_18_30_ans", "part_30_50_ans", "part_50_60_ans", "part_60_ans_et_plus")
# Distributions whose classes cover the whole population as the document presents them.
COMPLETE = (
    ("ecroues", AGE_CLASSES, "Âge des personnes écrouées (2023)"),
    ("milieu_ouvert", AGE_CLASSES, "Âge des personnes suivies en milieu ouvert (2023)"),
    ("ppsmj", AGE_CLASSES, "Âge de l'ensemble des PPSMJ (1er janvier 2023)"),
    ("entrants_detention", ("part_sans_abri", "part_heberge_institution", "part_heberge_proche",
                            "part_logement_personnel"), "Logement à l'entrée en détention"),
    ("entrants_detention", ("part_sans_activite", "part_en_activite"), "Activité à l'entrée en détention"),
)
# Distributions whose printed classes cover only a part of the population.
PARTIAL = (
    ("detenus", ("part_celibataires", "part_divorces_separes"), "Situation conjugale des détenus"),
    ("liberes_2022", ("part_ecrou_moins_6_mois", "part_ecrou_6_mois_1_an", "part_ecrou_1_3_ans"),
     "Durée sous écrou des personnes libérées en 2022"),
    ("hommes_detenus_insee", ("part_meres_ouvrieres", "part_meres_inactives"), "Activité des mères (INSEE 1999)"),
)


def _shares(tables: Tables, population: str, measures: tuple[str, ...]) -> list[pd.Series]:
    return [_ppsmj(tables, population, measure) for measure in measures]


TITLE_SHARES_BOUNDED = "PPSMJ : les parts d'une répartition ne dépassent pas 100 % (aux arrondis près)"


@check(DOMAIN, TITLE_SHARES_BOUNDED)
def ppsmj_repartitions_bornees(tables: Tables) -> list[CheckResult]:
    results = []
    for population, measures, subject in COMPLETE + PARTIAL:
        shares = _shares(tables, population, measures)
        total = round(sum(row["value"] for row in shares), 2)
        tolerance = ROUNDING_PER_SHARE * len(shares)
        results.append(rule_result(
            f"{DOMAIN}.ppsmj_repartitions_bornees", TITLE_SHARES_BOUNDED, subject,
            f"100 % au plus (tolérance {decimal_comma(tolerance)} point)", total, total <= 100 + tolerance,
            cited_rows(shares), "pourcentage",
            detail=f"{len(shares)} parts arrondies au dixième : chacune peut s'écarter de 0,05 point de sa valeur exacte."))
    return results


TITLE_SHARES_COMPLETE = "PPSMJ : une répartition complète fait 100 % aux arrondis près"


@check(DOMAIN, TITLE_SHARES_COMPLETE, kind=CONCORDANCE)
def ppsmj_repartitions_completes(tables: Tables) -> list[CheckResult]:
    results = []
    for population, measures, subject in COMPLETE:
        shares = _shares(tables, population, measures)
        total = round(sum(row["value"] for row in shares), 2)
        tolerance = ROUNDING_PER_SHARE * len(shares)
        results.append(rule_result(
            f"{DOMAIN}.ppsmj_repartitions_completes", TITLE_SHARES_COMPLETE, subject, 100.0, total,
            abs(total - 100) <= tolerance, cited_rows(shares), "pourcentage", kind=CONCORDANCE,
            detail=(f"{len(shares)} parts arrondies au dixième : écart toléré {decimal_comma(tolerance)} "
                    f"point ; {decimal_comma(round(100 - total, 2))} point non réparti par le document.")))
    return results


TITLE_MIXTURE = "PPSMJ : la part d'une classe d'âge dans l'ensemble est entre ses parts en milieu fermé et en milieu ouvert"


@check(DOMAIN, TITLE_MIXTURE)
def ppsmj_ensemble_entre_milieux(tables: Tables) -> list[CheckResult]:
    labels = _labels("fiches_ppsmj", "measure")
    results = []
    for measure in AGE_CLASSES:
        whole = _ppsmj(tables, "ppsmj", measure)
        closed, open_ = _ppsmj(tables, "ecroues", measure), _ppsmj(tables, "milieu_ouvert", measure)
        low, high = sorted([closed["value"], open_["value"]])
        results.append(rule_result(
            f"{DOMAIN}.ppsmj_ensemble_entre_milieux", TITLE_MIXTURE, labels[measure], whole["value"],
            f"entre {decimal_comma(low)} et {decimal_comma(high)}",
            low - ROUNDING_PER_SHARE <= whole["value"] <= high + ROUNDING_PER_SHARE,
            cited_rows([whole, closed, open_]), "pourcentage",
            detail="L'ensemble des PPSMJ réunit le milieu fermé et le milieu ouvert : chacune de ses parts est une moyenne des deux."))
    return results


TITLE_CONCLUSIONS = "PPSMJ : les conclusions chiffrées du texte découlent de ses chiffres"


@check(DOMAIN, TITLE_CONCLUSIONS)
def ppsmj_conclusions(tables: Tables) -> list[CheckResult]:
    below_six, six_to_twelve = (_ppsmj(tables, "liberes_2022", "part_ecrou_moins_6_mois"),
                                _ppsmj(tables, "liberes_2022", "part_ecrou_6_mois_1_an"))
    claim = _ppsmj(tables, "liberes_2022", "part_ecrou_moins_1_an")
    under_year = below_six["value"] + six_to_twelve["value"]
    ages = [_ppsmj(tables, "repondants_f2rsm", f"part_depart_domicile_avant_{age}_ans") for age in (15, 19, 21)]
    values = [row["value"] for row in ages]
    identifier = f"{DOMAIN}.ppsmj_conclusions"
    return [
        rule_result(identifier, TITLE_CONCLUSIONS, "« Plus de 80 % » des libérés de 2022 sous écrou moins d'un an",
                    f"plus de {decimal_comma(claim['value'])}", under_year, under_year > claim["value"],
                    cited_rows([claim, below_six, six_to_twelve]), "pourcentage",
                    detail="Moins de 6 mois (55 %) et de 6 mois à 1 an (26 %)."),
        rule_result(identifier, TITLE_CONCLUSIONS,
                    "Départ du domicile familial avant 15, 19 et 21 ans : parts cumulées croissantes",
                    "croissantes", " ≤ ".join(decimal_comma(v) for v in values), values == sorted(values),
                    cited_rows(ages), "pourcentage"),
    ]


TITLE_DURATIONS = "PPSMJ : la durée moyenne sous écrou (qui inclut la détention) n'est pas inférieure à la durée moyenne en détention"


@check(DOMAIN, TITLE_DURATIONS, kind=CONCORDANCE)
def ppsmj_durees(tables: Tables) -> list[CheckResult]:
    under_order = _ppsmj(tables, "ecroues", "duree_moyenne_sous_ecrou")
    detention = _ppsmj(tables, "detenus", "duree_moyenne_detention")
    return [rule_result(
        f"{DOMAIN}.ppsmj_durees", TITLE_DURATIONS, "Durées moyennes de 2022", under_order["value"],
        f"au moins {decimal_comma(detention['value'])}", under_order["value"] >= detention["value"],
        cited_rows([under_order, detention]), "mois", kind=CONCORDANCE,
        detail=("« La durée moyenne sous écrou (en détention et à l'extérieur) est de 9.8 mois » mais « la durée "
                "moyenne en détention est de 11.1 mois » : le document ne dit pas sur quelles populations "
                "chacune est calculée."))]


# ------------------------------------------------- other domains: §4.5 funding table, §4, §1.6

TITLE_PERSPECTIVES_FUNDING = "Les fiches des nouvelles actions reproduisent le tableau de financement du §4.5"
# The 6 new actions of 2024-2025 with a sheet: 5 with an AMI request (17, 20, 21, 22, 23) and 24 without.
NEW_ACTIONS = ("17", "20", "21", "22", "23", "24")
COFUNDING_ITEMS = ("financement_mtpm", "financement_mtpm_ddets")


@check(DOMAIN, TITLE_PERSPECTIVES_FUNDING, kind=CONCORDANCE)
def perspectives_financement(tables: Tables) -> list[CheckResult]:
    if "perspectives_financement" not in tables:
        return []
    table = tables["perspectives_financement"]
    needed = {"emplacement", "typologie", "poste"}
    if not needed <= set(table.columns):
        return []
    funding = tables["fiches_financements"]
    header = funding[(funding["mention"] == "encart") & funding["action"].isin(NEW_ACTIONS)]
    ami = header[header["item"] == "financement_ami"]
    cofunding = header[header["item"].isin(COFUNDING_ITEMS)]
    identifier = f"{DOMAIN}.perspectives_financement"
    results = []
    for poste, rows, subject in (
            ("demande_ami", ami, "Demande AMI des nouvelles actions (fiches 17, 20, 21, 22, 23 et 24)"),
            ("cofinancement", cofunding, "Co-financements des nouvelles actions (MTPM pour la fiche 22, MTPM et DDETS pour la 24)"),
            ("cout_total", pd.concat([ami, cofunding]), "Coût total des nouvelles actions")):
        printed = select_rows(table, emplacement="tableau", typologie="nouvelles", poste=poste)
        if len(printed) != 1:
            continue
        row = printed.iloc[0]
        results.append(equality_result(
            identifier, TITLE_PERSPECTIVES_FUNDING, subject, row["value"], rows["value"].sum(),
            [cited(row), *cited_rows(rows)], "euros", kind=CONCORDANCE))
    return results


TITLE_PERSPECTIVES_COUNT = "Les fiches et le §4.5 s'accordent sur les nouvelles actions qui demandent un financement AMI"


@check(DOMAIN, TITLE_PERSPECTIVES_COUNT, kind=CONCORDANCE)
def perspectives_nombre_actions(tables: Tables) -> list[CheckResult]:
    if "perspectives_nombre_actions" not in tables:
        return []
    table = tables["perspectives_nombre_actions"]
    if not {"categorie", "period", "actions_citees"} <= set(table.columns):
        return []
    funding = tables["fiches_financements"]
    ami = funding[(funding["item"] == "financement_ami") & (funding["mention"] == "encart")
                  & funding["action"].isin(NEW_ACTIONS)]
    asking, not_asking = ami[ami["value"] > 0], ami[ami["value"] == 0]
    results = []
    for _, row in select_rows(table, categorie="nouvelles_avec_demande_ami", period="2024-2025").iterrows():
        results.append(equality_result(
            f"{DOMAIN}.perspectives_nombre_actions", TITLE_PERSPECTIVES_COUNT,
            "Nouvelles actions avec demande de financement AMI (fiches " + ", ".join(asking["action"]) + ")",
            row["value"], len(asking), [cited(row), *cited_rows(asking)],
            kind=CONCORDANCE))
    for _, row in select_rows(table, categorie="sans_demande_financement", period="2024-2025").iterrows():
        named = [code.strip() for code in str(row["actions_citees"]).split(";")]
        for _, sheet in not_asking.iterrows():
            results.append(rule_result(
                f"{DOMAIN}.perspectives_nombre_actions", TITLE_PERSPECTIVES_COUNT,
                f"{_fiche(sheet['action'])} (« FINANCEMENT AMI : 0 € ») parmi les actions sans demande de financement",
                f"actions {row['actions_citees']}", f"action {sheet['action']}", sheet["action"] in named,
                [cited(row), cited(sheet)], kind=CONCORDANCE))
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


@check(DOMAIN, TITLE_PERSPECTIVES_FIGURES, kind=CONCORDANCE)
def perspectives_chiffres(tables: Tables) -> list[CheckResult]:
    if "perspectives_chiffres" not in tables:
        return []
    table = tables["perspectives_chiffres"]
    if not {"measure", "action", "source_line"} <= set(table.columns):
        return []
    labels = _labels("fiches_parametres", "measure")
    results = []
    for their_measure, their_action, line, action, measure, bound, mention in PERSPECTIVES_PAIRS:
        theirs = select_rows(table, measure=their_measure, action=their_action)
        if line is not None:
            theirs = theirs[theirs["source_line"] == line]
        mine = _param(tables, action, measure, bound, mention)
        for _, row in theirs.iterrows():
            detail = ""
            if measure == "etp_accompagnement":
                detail = ("Le §4.4.2 veut « dédier les 0.9ETP à la présence et la relation d'aide » ; la fiche 22 "
                          "finance 0.9 ETP « dont 0.8 ETP d'accompagnement ».")
            results.append(equality_result(
                f"{DOMAIN}.perspectives_chiffres", TITLE_PERSPECTIVES_FIGURES,
                f"{_fiche(action)} : {labels[measure]} ({bound}) et §4, ligne {int(row['source_line'])}",
                row["value"], mine["value"], [cited(row), cited(mine)], mine["unit"], kind=CONCORDANCE,
                detail=detail))
    return results


TITLE_ACTION5 = "La demande de subvention de la page de l'action 5 (§1.6) concorde avec la fiche 5 adaptée"


@check(DOMAIN, TITLE_ACTION5, kind=CONCORDANCE)
def action5_demande(tables: Tables) -> list[CheckResult]:
    if "actions_montants" not in tables:
        return []
    table = tables["actions_montants"]
    if not {"action", "measure"} <= set(table.columns):
        return []
    request = select_rows(table, action="5", measure="demande")
    mine = _funding(tables, "5_adaptee", "financement_ami", "encart")
    return [equality_result(
        f"{DOMAIN}.action5_demande", TITLE_ACTION5, "Subvention demandée pour 2025 et financement AMI de la fiche",
        row["value"], mine["value"], [cited(row), cited(mine)], "euros", kind=CONCORDANCE)
        for _, row in request.iterrows()]


# ---------------------------------------------------------------------------------------- labels

def _labels(table: str, column: str) -> dict[str, str]:
    from ..schema import get_schema

    return get_schema().labels(table, column)


def _mention_label(mention: str) -> str:
    return {"encart": "encart de tête", "moyens": "moyens nécessaires",
            "tableau_actions": "tableau des actions"}[mention]
