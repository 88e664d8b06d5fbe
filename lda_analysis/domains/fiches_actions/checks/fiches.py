"""Checks of the sheets of the new actions: the budget of sheet 22, unit costs and quantities,
figures printed more than once."""

from __future__ import annotations

from collections.abc import Iterator

from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import select_rows

from ...actions.computations import action_number
from ...checks import (
    CheckResult,
    check,
    cited,
    cited_rows,
    concordance,
    decimal_comma,
    equality_result,
    rows_sum,
    rule_result,
)
from ..computations import budget_line, budget_result, funding_row, param_row, unit_cost


def fiche_name(action: str) -> str:
    """« Fiche 5 adaptée », « Fiche 17 »…"""
    return f"Fiche {action_number(action)}"


# ---------------------------------------------------------------------- budget of sheet 22 (L'Îlot)


@check("Budget de la fiche 22 : les lignes de détail reproduisent les sous-totaux et totaux imprimés")
def fa22_budget_sums(tables: Tables) -> Iterator[CheckResult]:
    budget = tables["fiches_fa22_budget"]
    labels = get_schema().labels("fiches_fa22_budget", "ligne")
    for parent in dict.fromkeys(budget["parent"]):
        if parent == "":
            continue
        children = budget[budget["parent"] == parent]
        total = budget_line(tables, parent)
        yield rows_sum(labels[parent], children, total, "euros")


@check("Budget de la fiche 22 : résultat net = total des produits − total des charges")
def fa22_budget_result(tables: Tables) -> list[CheckResult]:
    charges, products = budget_line(tables, "total_charges"), budget_line(tables, "total_produits")
    net, to_find = budget_line(tables, "resultat_net"), budget_line(tables, "financement_a_trouver")
    printed = budget_result(tables["fiches_fa22_budget"])
    return [
        equality_result(
            "Résultat net (12 mois)",
            net["valeur"],
            printed["printed_products"] - printed["printed_charges"],
            cited_rows([net, products, charges]),
            "euros",
        ),
        equality_result(
            "Financement à trouver (coût logement + accompagnement)",
            to_find["valeur"],
            net["valeur"],
            cited_rows([to_find, net]),
            "euros",
            detail="Le financement à trouver est le résultat net imprimé une seconde fois.",
        ),
    ]


# ------------------------------------------------------------------- unit costs and quantities


@check("Coût unitaire × quantité = montant annoncé par la fiche")
def unit_costs(tables: Tables) -> Iterator[CheckResult]:
    for key, subject in (
        ("fa21_mentorat", "Fiche 21 : 30 binômes × 1 200 € = budget du mentorat"),
        ("fa22_locations", "Fiche 22 : 6 appartements × 400 € × 12 mois = ligne « Locations » du budget"),
        ("fa22_pecule", "Fiche 22 : 4 versements × 400 € × 7 jeunes = pécule FAJ"),
    ):
        calculation = unit_cost(tables, key)
        yield equality_result(
            subject,
            calculation.printed["valeur"],
            calculation.computed,
            cited_rows([calculation.printed, *calculation.used]),
            "euros",
        )


@concordance("Coût unitaire × quantité et montant annoncé : écarts du document")
def unit_cost_gaps(tables: Tables) -> list[CheckResult]:
    calculation = unit_cost(tables, "fa24_mesures")
    return [
        equality_result(
            "Fiche 24 : 14 mesures en file active × 2 800 € et « Soit 40 000 € »",
            calculation.printed["valeur"],
            calculation.computed,
            cited_rows([calculation.printed, *calculation.used]),
            "euros",
            detail=(
                "La fiche annonce « Soit 40 000 € » pour 14 mesures à 2 800 € (39 200 €) ; elle démarre "
                "par ailleurs « avec 20 mesures »."
            ),
        )
    ]


@concordance("Fiche 22 : financements demandés et besoins du budget prévisionnel")
def fa22_funding_and_budget(tables: Tables) -> Iterator[CheckResult]:
    to_find = budget_line(tables, "financement_a_trouver")
    nest_egg = budget_line(tables, "pecule_faj")
    for mention in ("encart", "moyens"):
        ami = funding_row(tables, "22", "financement_ami", mention)
        yield equality_result(
            f"Financement AMI ({_mention_label(mention)}) et financement à trouver",
            ami["valeur"],
            -to_find["valeur"],
            cited_rows([ami, to_find]),
            "euros",
            detail="L'AMI finance « la partie logement + accompagnement », dont le budget chiffre le besoin à 69 042 €.",
        )
    for mention in ("encart", "moyens"):
        mtpm = funding_row(tables, "22", "financement_mtpm", mention)
        yield equality_result(
            f"Cofinancement MTPM - FAJ ({_mention_label(mention)}) et pécule du budget",
            mtpm["valeur"],
            nest_egg["valeur"],
            cited_rows([mtpm, nest_egg]),
            "euros",
            detail="Le FAJ de la Métropole finance le pécule : 4 fois 400 € pour 7 jeunes, soit 11 200 € au budget.",
        )


# ------------------------------------------------------------------------- sheets 5 adaptée, 17, 20


@check("Fiche 5 adaptée : effectifs des volets 1 et 2")
def fa5_headcounts(tables: Tables) -> Iterator[CheckResult]:
    calculation = unit_cost(tables, "fa5_volet_2")  # social workers left + heads of service
    for mention in (1, 2):
        total = param_row(tables, "5_adaptee", "professionnels_formation_ahi", mention=mention)
        yield equality_result(
            f"Volet 2 : 49 TS restants + 11 CDS = 60 professionnels (mention {mention})",
            total["valeur"],
            calculation.computed,
            cited_rows([total, *calculation.used]),
            "personnes",
        )
    links, staff = (
        param_row(tables, "5_adaptee", "connexions_elearning_ts_hors_ahi"),
        param_row(tables, "5_adaptee", "travailleurs_sociaux_mtpm"),
    )
    yield equality_result(
        "Volet 1 : connexions pour « la moitié des TS de MTPM » (408 / 2)",
        links["valeur"],
        staff["valeur"] / 2,
        cited_rows([links, staff]),
        "nombre",
    )


@concordance("Fiche 5 adaptée : capacité des sessions de formation et professionnels à former")
def fa5_training_capacity(tables: Tables) -> list[CheckResult]:
    sessions = param_row(tables, "5_adaptee", "sessions_formation")
    seats = param_row(tables, "5_adaptee", "participants_max_session", bound="maximum")
    trainees = param_row(tables, "5_adaptee", "professionnels_formation_ahi")
    capacity = sessions["valeur"] * seats["valeur"]
    return [
        rule_result(
            "Volet 2 : « 2*2 jours pour 60 personnes » et formation « jusqu'à 15 participants »",
            trainees["valeur"],
            capacity,
            capacity >= trainees["valeur"],
            cited_rows([trainees, sessions, seats]),
            "personnes",
            detail=(
                "Lu comme 2 sessions de 2 jours, le volet 2 forme au plus 2 × 15 = 30 personnes si chaque "
                "session garde la jauge de la formation de la FAS de 2024 (« jusqu'à 15 participants ») ; "
                "la fiche en annonce 60."
            ),
        )
    ]


@check("Fiche 17 : participants au total et participants par journée de séminaire")
def fa17_participants(tables: Tables) -> list[CheckResult]:
    days = param_row(tables, "17", "journees_seminaire")
    total = param_row(tables, "17", "participants_total")
    low = param_row(tables, "17", "participants_par_seminaire", bound="minimum")
    high = param_row(tables, "17", "participants_par_seminaire", bound="maximum")
    lowest, highest = days["valeur"] * low["valeur"], days["valeur"] * high["valeur"]
    return [
        rule_result(
            "300 personnes pour 3 journées de 70 à 100 personnes",
            total["valeur"],
            f"entre {decimal_comma(lowest)} et {decimal_comma(highest)}",
            lowest <= total["valeur"] <= highest,
            cited_rows([total, days, low, high]),
            "personnes",
        )
    ]


@concordance("Fiche 20 : les jours des étapes font les 35 jours du budget")
def fa20_days(tables: Tables) -> list[CheckResult]:
    calculation = unit_cost(tables, "fa20_jours")  # the days of the budget's steps
    return [
        equality_result(
            "Budget « sur 35 jours à 2 intervenants » et ses 8 étapes",
            calculation.printed["valeur"],
            calculation.computed,
            [cited(calculation.printed), *cited_rows(calculation.used)],
            "jours",
            detail="Les 8 étapes du budget comptent 2 + 4 + 10 + 12 + 4 + 3 + 3 + 1 = 39 jours, pas 35.",
        )
    ]


@check("Une quantité retenue pour le budget reste dans la fourchette ou le total annoncés")
def ranges(tables: Tables) -> Iterator[CheckResult]:
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
        yield rule_result(
            subject,
            value["valeur"],
            f"entre {decimal_comma(low['valeur'])} et {decimal_comma(high['valeur'])}",
            low["valeur"] <= value["valeur"] <= high["valeur"],
            cited_rows([value, low, high]),
            value["unite"],
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
        yield rule_result(
            subject,
            small["valeur"],
            f"au plus {decimal_comma(large['valeur'])}",
            small["valeur"] <= large["valeur"],
            cited_rows([small, large]),
            small["unite"],
        )


# ------------------------------------------------------------------ figures printed more than once

# Amounts printed under two names: the AMI request in the header and the budget of the action.
SAME_AMOUNT = (
    ("5_adaptee", ("financement_ami", "encart"), ("budget_action", "tableau_actions")),
    ("17", ("financement_ami", "encart"), ("budget_action", "tableau_actions")),
    ("21", ("financement_ami", "encart"), ("budget_action", "moyens")),
    ("23", ("financement_ami", "encart"), ("budget_action", "moyens")),
    ("24", ("financement_mtpm_ddets", "encart"), ("budget_action", "moyens")),
)


@concordance("Un chiffre imprimé plusieurs fois dans une fiche a partout la même valeur")
def repeated_mentions(tables: Tables) -> Iterator[CheckResult]:
    labels = get_schema().labels("fiches_parametres", "mesure")
    items = get_schema().labels("fiches_financements", "nature_montant")
    parameters = tables["fiches_parametres"]
    for (action, measure, bound), group in parameters.groupby(["action", "mesure", "borne"], sort=False):
        if len(group) < 2:
            continue
        first = group[group["mention"] == 1].iloc[0]
        for _, other in group[group["mention"] != 1].iterrows():
            yield equality_result(
                f"{fiche_name(action)} : {labels[measure]} ({bound}), mention {other['mention']} et mention 1",
                first["valeur"],
                other["valeur"],
                cited_rows([first, other]),
                first["unite"],
            )
    funding = tables["fiches_financements"]
    for (action, item), group in funding.groupby(["action", "nature_montant"], sort=False):
        if len(group) < 2:
            continue
        first, *others = [row for _, row in group.iterrows()]
        for other in others:
            yield equality_result(
                f"{fiche_name(action)} : {items[item]}, {_mention_label(other['mention'])} et {_mention_label(first['mention'])}",
                first["valeur"],
                other["valeur"],
                cited_rows([first, other]),
                "euros",
            )
    for action, (item_a, place_a), (item_b, place_b) in SAME_AMOUNT:
        one, two = funding_row(tables, action, item_a, place_a), funding_row(tables, action, item_b, place_b)
        yield equality_result(
            f"{fiche_name(action)} : {items[item_a]} ({_mention_label(place_a)}) et {items[item_b]} ({_mention_label(place_b)})",
            one["valeur"],
            two["valeur"],
            cited_rows([one, two]),
            "euros",
        )


@concordance("La fiche 20 nomme son opérateur de la même façon partout")
def fa20_operator(tables: Tables) -> list[CheckResult]:
    rows = select_rows(tables["fiches_identite"], action="20", element="operateur")
    names = [text[text.index("Agence") :] for text in rows["texte"]]
    first, second = rows.iloc[0], rows.iloc[1]
    return [
        rule_result(
            "Nom de l'Ansa (porteur et rubrique « Opérateur »)",
            names[0],
            names[1],
            names[0].lower() == names[1].lower(),
            cited_rows([first, second]),
            detail="L'Ansa est l'Agence nouvelle des solidarités actives ; la rubrique « Opérateur » écrit « Agence Nationale de Solidarité Active ».",
        )
    ]


def _mention_label(mention: str) -> str:
    return {
        "encart": "encart de tête",
        "moyens": "moyens nécessaires",
        "tableau_actions": "tableau des actions",
    }[mention]
