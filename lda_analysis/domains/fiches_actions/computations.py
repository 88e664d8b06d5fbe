"""Computations of the fiches_actions domain: the sheets of the new actions of plan 2 (annexes
p. 405 to 431), their amounts and unit costs, the budget of sheet 22 and the statistics on persons
under judicial supervision (PPSMJ) attached to it (tables ``fiches_*``).

Pure functions: every sum, product and share is computed here from the sheets' figures; the amounts
the sheets print are only compared with them (by :mod:`.checks` and on the page).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lda_analysis.blocks.formatting import format_value
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import kept, one_row, same

from ..actions.computations import action_number

SHEETS = ("5_adaptee", "17", "20", "21", "22", "23", "24")


# The new actions of 2024-2025 (sheet 5 adaptée continues action 5 of plan 1).
NEW_ACTIONS = SHEETS[1:]


COFUNDING_ITEMS = ("financement_mtpm", "financement_mtpm_ddets")


def sheet_label(action: str) -> str:
    """« FA 5 adaptée », « FA 17 »…

    >>> sheet_label("5_adaptee"), sheet_label("22")
    ('FA 5 adaptée', 'FA 22')
    """
    return f"FA {action_number(action)}"


def sheet_title(action: str) -> str:
    """The sheet's label and the action's name, for a heading: « FA 17 — Le LDA pour tous »."""
    return f"{sheet_label(action)} — {get_schema().vocabularies['action'][action]}"


def _header_amount(funding: pd.DataFrame, action: str, items: tuple[str, ...]) -> float:
    rows = funding[
        (funding["action"] == action)
        & (funding["mention"] == "encart")
        & funding["nature_montant"].isin(items)
    ]
    return float(rows["valeur"].sum())


def sheets_summary(tables: Tables) -> pd.DataFrame:
    """One row per sheet: its operator (first one named), the AMI request and the co-financing printed
    in its header, and the total cost computed as their sum.

    >>> from lda_analysis.contract.data import load_tables
    >>> summary = sheets_summary(load_tables())
    >>> summary[["action", "ami", "cofinancing", "total"]].values.tolist()[-3:]
    [['22', 70000.0, 12000.0, 82000.0], ['23', 20000.0, 0.0, 20000.0], ['24', 0.0, 40000.0, 40000.0]]
    """
    funding, identity = tables["fiches_financements"], tables["fiches_identite"]
    rows = []
    for action in SHEETS:
        operators = identity[(identity["action"] == action) & (identity["element"] == "operateur")]
        ami = _header_amount(funding, action, ("financement_ami",))
        cofinancing = _header_amount(funding, action, COFUNDING_ITEMS)
        rows.append(
            {
                "action": action,
                "operateur": operators["texte"].iloc[0] if len(operators) else "",
                "ami": ami,
                "cofinancing": cofinancing,
                "total": ami + cofinancing,
            }
        )
    return pd.DataFrame(rows, columns=["action", "operateur", "ami", "cofinancing", "total"])


def operator_name(text: str) -> str:
    """The operator's name in a sheet's sentence, without the heading the sheet prints before it
    (« PORTEUR – ACCOMPAGNEMENT : ITINOVA » -> « ITINOVA »).

    >>> operator_name("Coordination des binômes de mentorat : par FACE VAR"), operator_name("FAS PACA")
    ('FACE VAR', 'FAS PACA')
    """
    name = text.rsplit(" : ", 1)[-1].strip()
    return name[4:] if name.startswith("par ") else name


def header_funding(tables: Tables) -> pd.DataFrame:
    """The amounts printed in the header of the sheets (AMI request and co-financing)."""
    funding = tables["fiches_financements"]
    return kept(funding[funding["mention"] == "encart"], funding)


def new_actions_funding(tables: Tables) -> dict[str, float]:
    """The AMI request, co-financing and total cost of the new actions (sheets 17 to 24), summed from
    the sheets' headers.

    >>> from lda_analysis.contract.data import load_tables
    >>> new_actions_funding(load_tables())
    {'ami': 178000.0, 'cofinancing': 52000.0, 'total': 230000.0}
    """
    summary = sheets_summary(tables)
    new = summary[summary["action"].isin(NEW_ACTIONS)]
    return {
        "ami": float(new["ami"].sum()),
        "cofinancing": float(new["cofinancing"].sum()),
        "total": float(new["total"].sum()),
    }


# ------------------------------------------------------------------------------------------------
# Figures of the sheets (fiches_parametres, fiches_financements)


def param_row(
    tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1
) -> pd.Series:
    """The row of a figure of a sheet (``fiches_parametres``): its ``mention``-th printing."""
    return one_row(tables["fiches_parametres"], action=action, mesure=measure, borne=bound, mention=mention)


def param_value(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> float:
    """A figure of a sheet (``fiches_parametres``).

    >>> from lda_analysis.contract.data import load_tables
    >>> param_value(load_tables(), "21", "binomes_par_an", "maximum")
    30.0
    """
    return float(param_row(tables, action, measure, bound, mention)["valeur"])


def funding_row(tables: Tables, action: str, item: str, mention: str = "encart") -> pd.Series:
    """The row of an amount printed by a sheet (``fiches_financements``) at one place (``mention``)."""
    return one_row(tables["fiches_financements"], action=action, nature_montant=item, mention=mention)


def funding_value(tables: Tables, action: str, item: str, mention: str = "encart") -> float:
    """An amount printed by a sheet (``fiches_financements``).

    >>> from lda_analysis.contract.data import load_tables
    >>> funding_value(load_tables(), "22", "financement_ami")
    70000.0
    """
    return float(funding_row(tables, action, item, mention)["valeur"])


def budget_line(tables: Tables, line: str) -> pd.Series:
    """A line of the budget of sheet 22 (``fiches_fa22_budget``)."""
    return one_row(tables["fiches_fa22_budget"], ligne=line)


def _n(row: pd.Series) -> str:
    return format_value(float(row["valeur"]), row["unite"])


@dataclass(frozen=True)
class UnitCost:
    """A quantity times a unit cost (or a sum of steps) computed from a sheet's figures, and the row
    of the amount or total the sheet prints for it."""

    key: str  # names the calculation for the checks
    action: str
    calculation: str  # in French, for the page
    computed: float
    printed: pd.Series
    used: tuple[pd.Series, ...]  # the rows of the figures multiplied or added

    @property
    def agrees(self) -> bool:
        """Whether the calculation gives the printed figure."""
        return same(self.computed, float(self.printed["valeur"]))


def _unit_cost(
    key: str, action: str, calculation: str, computed: float, printed: pd.Series, used: list[pd.Series]
) -> UnitCost:
    return UnitCost(key, action, calculation, float(computed), printed, tuple(used))


def _fa5_ahi_training(tables: Tables) -> list[UnitCost]:
    """Sheet 5 adaptée: the professionals of the AHI training (volet 2), social workers plus heads of
    service."""
    social, heads = (
        param_row(tables, "5_adaptee", "travailleurs_sociaux_restants"),
        param_row(tables, "5_adaptee", "chefs_de_service"),
    )
    return [
        _unit_cost(
            "fa5_volet_2",
            "5_adaptee",
            f"Volet 2 : {_n(social)} travailleurs sociaux restants + {_n(heads)} chefs de service",
            social["valeur"] + heads["valeur"],
            param_row(tables, "5_adaptee", "professionnels_formation_ahi"),
            [social, heads],
        )
    ]


def _fa17_seminar_participants(tables: Tables) -> list[UnitCost]:
    """Sheet 17: seminar days times the most participants per seminar."""
    days, most = (
        param_row(tables, "17", "journees_seminaire"),
        param_row(tables, "17", "participants_par_seminaire", bound="maximum"),
    )
    return [
        _unit_cost(
            "fa17_participants",
            "17",
            f"{_n(days)} journées de séminaire × {_n(most)} participants au plus",
            days["valeur"] * most["valeur"],
            param_row(tables, "17", "participants_total"),
            [days, most],
        )
    ]


def _fa20_budget_days(tables: Tables) -> list[UnitCost]:
    """Sheet 20: the days of the budget's steps, summed."""
    parameters = tables["fiches_parametres"]
    steps = parameters[
        (parameters["action"] == "20")
        & parameters["mesure"].str.startswith("jours_")
        & (parameters["mesure"] != "jours_budget_total")
    ]
    return [
        _unit_cost(
            "fa20_jours",
            "20",
            f"Somme des jours des {len(steps)} étapes du budget",
            steps["valeur"].sum(),
            param_row(tables, "20", "jours_budget_total"),
            [row for _, row in steps.iterrows()],
        )
    ]


def _fa21_mentoring(tables: Tables) -> list[UnitCost]:
    """Sheet 21: mentoring pairs times the cost of a pair."""
    pairs, cost = param_row(tables, "21", "binomes_budget"), param_row(tables, "21", "cout_par_binome")
    return [
        _unit_cost(
            "fa21_mentorat",
            "21",
            f"{_n(pairs)} binômes × {_n(cost)} par binôme",
            pairs["valeur"] * cost["valeur"],
            funding_row(tables, "21", "budget_action", "moyens"),
            [pairs, cost],
        )
    ]


def _fa22_rents(tables: Tables) -> list[UnitCost]:
    """Sheet 22: flats times monthly rent times months, against the budget's line « Locations »."""
    flats, rent, months = (
        param_row(tables, "22", "appartements_budget"),
        param_row(tables, "22", "loyer_mensuel"),
        param_row(tables, "22", "duree_budget"),
    )
    return [
        _unit_cost(
            "fa22_locations",
            "22",
            f"{_n(flats)} appartements × {_n(rent)} de loyer × {_n(months)} mois (ligne « Locations » du budget)",
            flats["valeur"] * rent["valeur"] * months["valeur"],
            budget_line(tables, "locations"),
            [flats, rent, months],
        )
    ]


def _fa22_nest_egg(tables: Tables) -> list[UnitCost]:
    """Sheet 22: the young people's nest egg (pécule), against the budget's line and against the
    Métropole's co-financing (FAJ) printed in the sheet's header."""
    payments, amount, youths = (
        param_row(tables, "22", "versements_pecule"),
        param_row(tables, "22", "montant_versement_pecule"),
        param_row(tables, "22", "jeunes_pecule", mention=3),
    )
    nest_egg = payments["valeur"] * amount["valeur"] * youths["valeur"]
    used = [payments, amount, youths]
    return [
        _unit_cost(
            "fa22_pecule",
            "22",
            f"Pécule : {_n(payments)} versements × {_n(amount)} × {_n(youths)} jeunes (ligne du budget)",
            nest_egg,
            budget_line(tables, "pecule_faj"),
            used,
        ),
        _unit_cost(
            "fa22_pecule_mtpm",
            "22",
            "Même pécule et cofinancement de la Métropole (FAJ) annoncé en tête de fiche",
            nest_egg,
            funding_row(tables, "22", "financement_mtpm", "encart"),
            used,
        ),
    ]


def _fa24_measures(tables: Tables) -> list[UnitCost]:
    """Sheet 24: measures in the active file times the cost of a measure."""
    measures, cost = param_row(tables, "24", "mesures_file_active"), param_row(tables, "24", "cout_mesure")
    return [
        _unit_cost(
            "fa24_mesures",
            "24",
            f"{_n(measures)} mesures en file active × {_n(cost)} par mesure",
            measures["valeur"] * cost["valeur"],
            funding_row(tables, "24", "budget_action", "moyens"),
            [cost, measures],
        )
    ]


# The calculations of each sheet, in the order of the sheets.
_SHEET_CALCULATIONS = (
    _fa5_ahi_training,
    _fa17_seminar_participants,
    _fa20_budget_days,
    _fa21_mentoring,
    _fa22_rents,
    _fa22_nest_egg,
    _fa24_measures,
)


def unit_costs(tables: Tables) -> list[UnitCost]:
    """Quantities times unit costs (or sums of steps) computed from each sheet's figures, next to the
    amount or total the sheet prints, in the order of the sheets.

    >>> from lda_analysis.contract.data import load_tables
    >>> last = unit_costs(load_tables())[-1]
    >>> last.key, last.computed, float(last.printed["valeur"])
    ('fa24_mesures', 39200.0, 40000.0)
    """
    return [cost for calculations in _SHEET_CALCULATIONS for cost in calculations(tables)]


def unit_cost(tables: Tables, key: str) -> UnitCost:
    """One calculation of :func:`unit_costs`, by its key."""
    (found,) = [calculation for calculation in unit_costs(tables) if calculation.key == key]
    return found


def unit_cost_agreements(tables: Tables) -> dict[str, int]:
    """How many of the calculations of :func:`unit_costs` give the printed figure.

    >>> from lda_analysis.contract.data import load_tables
    >>> unit_cost_agreements(load_tables())
    {'calculations': 8, 'agreeing': 5, 'differing': 3}
    """
    calculations = unit_costs(tables)
    agreeing = sum(calculation.agrees for calculation in calculations)
    return {
        "calculations": len(calculations),
        "agreeing": agreeing,
        "differing": len(calculations) - agreeing,
    }


# ------------------------------------------------------------------------------------------------
# Budget of sheet 22 (fiches_fa22_budget)


def budget_amounts(budget: pd.DataFrame) -> pd.DataFrame:
    """Every line of the budget with its printed amount and the amount computed from its detail lines
    (a line without detail keeps its printed amount): columns ``ligne``, ``side``, ``level``,
    ``parent``, ``printed``, ``computed``.

    >>> from lda_analysis.contract.data import load_table
    >>> amounts = budget_amounts(load_table("fiches_fa22_budget")).set_index("ligne")
    >>> amounts.loc[["total_charges", "c60_achats", "total_produits"], "computed"].tolist()
    [93176.0, 12384.0, 24134.0]
    """
    printed = dict(zip(budget["ligne"], budget["valeur"].astype(float), strict=True))
    children: dict[str, list[str]] = {}
    for line, parent in zip(budget["ligne"], budget["parent"], strict=True):
        if parent:
            children.setdefault(parent, []).append(line)

    def computed(line: str) -> float:
        if line not in children:
            return printed[line]
        return float(sum(computed(child) for child in children[line]))

    frame = budget[["ligne", "partie", "niveau", "parent"]].copy()
    frame["printed"] = [printed[line] for line in budget["ligne"]]
    frame["computed"] = [computed(line) for line in budget["ligne"]]
    return frame.reset_index(drop=True)


def budget_result(budget: pd.DataFrame) -> dict[str, float]:
    """The totals of charges and products computed from the lines, the net result (products minus
    charges) and what the table prints.

    >>> from lda_analysis.contract.data import load_table
    >>> result = budget_result(load_table("fiches_fa22_budget"))
    >>> result["charges"], result["products"], result["net"], result["printed_net"]
    (93176.0, 24134.0, -69042.0, -69042.0)
    """
    amounts = budget_amounts(budget).set_index("ligne")
    charges, products = amounts.loc["total_charges", "computed"], amounts.loc["total_produits", "computed"]
    return {
        "charges": float(charges),
        "products": float(products),
        "net": float(products - charges),
        "printed_charges": float(amounts.loc["total_charges", "printed"]),
        "printed_products": float(amounts.loc["total_produits", "printed"]),
        "printed_net": float(amounts.loc["resultat_net", "printed"]),
        "to_find": float(amounts.loc["financement_a_trouver", "printed"]),
        "nest_egg": float(amounts.loc["pecule_faj", "printed"]),
    }


def budget_details(budget: pd.DataFrame) -> pd.DataFrame:
    """The detail lines of the budget that carry an amount (the others print 0 €)."""
    return kept(budget[(budget["niveau"] == "detail") & (budget["valeur"] != 0)], budget)


# ------------------------------------------------------------------------------------------------
# Statistics on persons under judicial supervision (fiches_ppsmj)


PPSMJ_THEMES = {
    "Effectifs et âges": (
        "effectif",
        "part_hommes",
        "age_moyen",
        "part_18_30_ans",
        "part_30_50_ans",
        "part_50_60_ans",
        "part_60_ans_et_plus",
    ),
    "Ressources en détention": ("part_eligibles_psrs", "age_median_eligibles_psrs", "seuil_mensuel_psrs"),
    "Santé": (
        "part_sante_bonne",
        "part_sans_protection_sociale",
        "part_besoin_soins_dentaires",
        "rapport_prevalence_vih",
        "rapport_prevalence_vhc",
        "part_fumeurs",
        "part_plus_de_20_cigarettes",
        "part_alcool_excessif",
        "part_deux_substances",
        "part_trouble_psychiatrique",
        "part_deja_suivi_psychiatrie",
        "part_maladie_psychiatrique_grave",
        "rapport_risque_suicide",
        "rapport_surmortalite_5_ans",
    ),
    "Enfance et situation familiale": (
        "part_traumatisme_enfance_hommes",
        "part_traumatisme_enfance_femmes",
        "part_assistance_educative_placement",
        "part_mesure_penale_avant_18_ans",
        "part_depart_domicile_avant_15_ans",
        "part_depart_domicile_avant_19_ans",
        "part_depart_domicile_avant_21_ans",
        "part_celibataires",
        "part_divorces_separes",
    ),
    "Diplôme, activité et milieu social": (
        "part_diplome_inferieur_bac",
        "part_sans_activite",
        "part_en_activite",
        "effectif_enquete",
        "part_ouvriers",
        "part_peres_ouvriers",
        "part_meres_ouvrieres",
        "part_meres_inactives",
    ),
    "Logement à l'entrée en détention": (
        "part_sans_abri",
        "part_heberge_institution",
        "part_heberge_proche",
        "part_logement_personnel",
    ),
    "Parcours judiciaire et durées": (
        "part_antecedents_incarceration",
        "duree_moyenne_sous_ecrou",
        "duree_moyenne_detention",
        "part_ecrou_moins_6_mois",
        "part_ecrou_6_mois_1_an",
        "part_ecrou_1_3_ans",
        "part_ecrou_moins_1_an",
        "duree_moyenne_suivi",
    ),
}


OTHER_THEME = "Autres chiffres"


def ppsmj_theme(measure: str) -> str:
    """The theme under which the page groups a PPSMJ figure.

    >>> ppsmj_theme("part_sans_abri")
    "Logement à l'entrée en détention"
    """
    for theme, measures in PPSMJ_THEMES.items():
        if measure in measures:
            return theme
    return OTHER_THEME


def ppsmj_themes(ppsmj: pd.DataFrame) -> list[str]:
    """The themes that have figures in ``ppsmj``, in the page's order.

    >>> from lda_analysis.contract.data import load_table
    >>> ppsmj_themes(load_table("fiches_ppsmj"))[:2]
    ['Effectifs et âges', 'Ressources en détention']
    """
    present = {ppsmj_theme(code) for code in ppsmj["mesure"]}
    return [theme for theme in [*PPSMJ_THEMES, OTHER_THEME] if theme in present]


def ppsmj_row(ppsmj: pd.DataFrame, population: str, measure: str, bound: str = "valeur") -> pd.Series:
    """The row of one figure of the PPSMJ sheet."""
    return one_row(ppsmj, population=population, mesure=measure, borne=bound)


def ppsmj_value(ppsmj: pd.DataFrame, population: str, measure: str, bound: str = "valeur") -> float:
    """One figure of the PPSMJ sheet."""
    return float(ppsmj_row(ppsmj, population, measure, bound)["valeur"])


def ppsmj_total(ppsmj: pd.DataFrame) -> dict[str, float]:
    """The PPSMJ in France on 1 January 2023: open (milieu ouvert) + closed (écroués) settings,
    computed, and the printed total.

    >>> from lda_analysis.contract.data import load_table
    >>> ppsmj_total(load_table("fiches_ppsmj"))
    {'computed': 268567.0, 'printed': 268567.0}
    """
    return {
        "computed": ppsmj_value(ppsmj, "milieu_ouvert", "effectif")
        + ppsmj_value(ppsmj, "ecroues", "effectif"),
        "printed": ppsmj_value(ppsmj, "ppsmj", "effectif"),
    }


def ppsmj_under_one_year(ppsmj: pd.DataFrame) -> float:
    """The share of people released in 2022 who spent less than a year under committal order: less
    than 6 months + 6 months to 1 year.

    >>> from lda_analysis.contract.data import load_table
    >>> ppsmj_under_one_year(load_table("fiches_ppsmj"))
    81.0
    """
    return ppsmj_value(ppsmj, "liberes_2022", "part_ecrou_moins_6_mois") + ppsmj_value(
        ppsmj, "liberes_2022", "part_ecrou_6_mois_1_an"
    )
