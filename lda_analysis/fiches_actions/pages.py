"""What the page « Fiches des nouvelles actions » shows: a summary of the sheets, each sheet's
identity, figures, objectives and calendar, the budget of sheet 22 and the PPSMJ statistics, as
tables and chart data computed from ``fiches_*``."""

from __future__ import annotations

import pandas as pd

from ..data import Tables
from ..formatting import format_euros, format_value, value_with_unit
from ..schema import get_schema
from ..selection import kept, same, sources
from ..tables import Table, figures_table, grouped, without_empty_columns
from .computations import (
    budget_amounts,
    budget_details,
    budget_result,
    header_funding,
    operator_name,
    param_row,
    ppsmj_row,
    ppsmj_theme,
    sheet_label,
    sheets_summary,
    unit_costs,
)


def sheets_summary_table(tables: Tables) -> Table:
    """The summary of every sheet (operator, AMI request, co-financing, total cost computed), with
    the total of all sheets computed."""
    summary = sheets_summary(tables)
    names = get_schema().vocabularies["action"]
    frame = pd.DataFrame(
        {
            "Fiche": [
                *(f"{sheet_label(code)} — {names[code]}" for code in summary["action"]),
                "Ensemble des fiches (calculé)",
            ],
            "Opérateur": [*(operator_name(text) for text in summary["operator"]), ""],
            "Financement AMI": [format_euros(value) for value in [*summary["ami"], summary["ami"].sum()]],
            "Co-financement": [
                format_euros(value) for value in [*summary["cofinancing"], summary["cofinancing"].sum()]
            ],
            "Coût total (calculé)": [
                format_euros(value) for value in [*summary["total"], summary["total"].sum()]
            ],
        }
    )
    identity = tables["fiches_identite"]
    operators = identity[(identity["field"] == "operateur") & (identity["rank"] == 1)]
    return Table(
        frame,
        "Les fiches des nouvelles actions : opérateur et financements annoncés en tête de fiche",
        sources(header_funding(tables), operators),
    )


def param_text(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> str:
    """A figure of a sheet formatted for a sentence (the unit is said by the sentence).

    >>> from lda_analysis.data import load_tables
    >>> param_text(load_tables(), "22", "etp_accompagnement")
    '0,8'
    """
    row = param_row(tables, action, measure, bound, mention)
    return format_value(float(row["value"]), row["unit"])


def sheets_funding_long(tables: Tables) -> pd.DataFrame:
    """The AMI request and the co-financing of each sheet, for a stacked bar chart: ``label``
    (« FA 17 »), ``series`` and ``value``."""
    summary = sheets_summary(tables)
    rows = [
        {"label": sheet_label(action), "series": series, "value": value}
        for action, ami, cofinancing in summary[["action", "ami", "cofinancing"]].itertuples(index=False)
        for series, value in (("Financement AMI", ami), ("Co-financement", cofinancing))
    ]
    return pd.DataFrame(rows, columns=["label", "series", "value"])


def unit_cost_table(tables: Tables) -> Table:
    """The calculations of :func:`~.computations.unit_costs`, with the gap between the calculation and
    the print."""
    calculations = unit_costs(tables)
    printed = [float(calculation.printed["value"]) for calculation in calculations]
    units = [calculation.printed["unit"] for calculation in calculations]
    frame = pd.DataFrame(
        {
            "Fiche": [sheet_label(calculation.action) for calculation in calculations],
            "Calcul": [calculation.calculation for calculation in calculations],
            "Résultat du calcul": [
                value_with_unit(calculation.computed, unit)
                for calculation, unit in zip(calculations, units, strict=True)
            ],
            "Chiffre imprimé": [
                value_with_unit(value, unit) for value, unit in zip(printed, units, strict=True)
            ],
            "Écart": [
                "" if calculation.agrees else value_with_unit(calculation.computed - value, unit)
                for calculation, value, unit in zip(calculations, printed, units, strict=True)
            ],
        }
    )
    return Table(
        frame,
        "Quantités, coûts unitaires et montants annoncés par les fiches",
        tuple(
            row["source"] for calculation in calculations for row in (calculation.printed, *calculation.used)
        ),
    )


def sheet_identity_table(identity: pd.DataFrame, action: str) -> Table:
    """Who runs a sheet's action, with whom, for whom (every element of ``fiches_identite`` but the
    title, which heads the section)."""
    rows = kept(identity[(identity["action"] == action) & (identity["field"] != "titre")], identity)
    return grouped(
        figures_table(
            rows,
            {"field": "Élément", "text": "Texte"},
            f"{sheet_label(action)} : pilote, opérateur, partenaires et publics",
        ),
        ("Élément",),
    )


BOUNDS = {"valeur": "", "minimum": "minimum", "maximum": "maximum"}


MENTIONS = {
    "encart": "en tête de fiche",
    "tableau_actions": "tableau des actions",
    "moyens": "moyens nécessaires",
}


def sheet_figures_table(
    tables: Tables, action: str, empty: str = "La fiche n'imprime pas de chiffre."
) -> Table:
    """A sheet's amounts (where it prints them) and its targets, durations and unit costs (first
    mention of each; a range gives its minimum and maximum)."""
    funding, parameters = tables["fiches_financements"], tables["fiches_parametres"]
    items = get_schema().labels("fiches_financements", "item")
    measures = get_schema().labels("fiches_parametres", "measure")
    amounts = funding[funding["action"] == action]
    figures = parameters[(parameters["action"] == action) & (parameters["mention"] == 1)]
    elements, details, values = [], [], []
    for row in amounts.itertuples():
        elements.append(items[row.item])
        details.append("; ".join(part for part in (MENTIONS[row.mention], row.period_label) if part))
        values.append(value_with_unit(row.value, row.unit))
    for row in figures.itertuples():
        elements.append(measures[row.measure])
        details.append("; ".join(part for part in (BOUNDS[row.bound], row.period_label) if part))
        values.append(value_with_unit(row.value, row.unit))
    frame = pd.DataFrame({"Élément": elements, "Précision": details, "Valeur": values})
    return without_empty_columns(
        Table(
            frame, f"{sheet_label(action)} : montants, cibles et paramètres", sources(amounts, figures), empty
        ),
        ("Précision",),
    )


# Short headings of the indicators (the schema's labels say under which heading the sheet prints them).
INDICATOR_KINDS = {
    "evaluation": "Indicateur d'évaluation",
    "qualitatif": "Indicateur qualitatif",
    "quantitatif": "Indicateur quantitatif",
    "livrable": "Livrable",
}


def sheet_texts_table(tables: Tables, action: str) -> Table:
    """A sheet's objectives (with expected results and points of vigilance) and evaluation
    indicators, under the heading the sheet gives them."""
    objectives, indicators = tables["fiches_objectifs"], tables["fiches_indicateurs"]
    categories = get_schema().labels("fiches_objectifs", "category")
    goals = objectives[objectives["action"] == action]
    measures = indicators[indicators["action"] == action]
    frame = pd.DataFrame(
        {
            "Rubrique": [
                *(categories[code] for code in goals["category"]),
                *(INDICATOR_KINDS.get(code, code) for code in measures["indicator_type"]),
            ],
            "Texte": [*goals["text"], *measures["text"]],
        }
    )
    return grouped(
        Table(
            frame,
            f"{sheet_label(action)} : objectifs et indicateurs d'évaluation",
            sources(goals, measures),
            "La fiche n'énonce ni objectif ni indicateur.",
        ),
        ("Rubrique",),
    )


def sheet_calendar_table(calendar: pd.DataFrame, action: str) -> Table:
    """A sheet's steps and dates, in the sheet's order."""
    rows = kept(calendar[calendar["action"] == action], calendar)
    table = figures_table(
        rows,
        {"phase": "Phase", "period_label": "Date ou période", "text": "Étape"},
        f"{sheet_label(action)} : calendrier et étapes de mise en œuvre",
        empty="La fiche ne donne pas de calendrier.",
    )
    return without_empty_columns(grouped(table, ("Phase",)), ("Phase", "Date ou période"))


def sheet_tables(tables: Tables, action: str) -> list[Table]:
    """The tables of a sheet's section, in the page's order: who runs it, its figures, its objectives
    and indicators, its calendar."""
    return [
        sheet_identity_table(tables["fiches_identite"], action),
        sheet_figures_table(tables, action),
        sheet_texts_table(tables, action),
        sheet_calendar_table(tables["fiches_calendrier"], action),
    ]


# ------------------------------------------------------------------------------------------------
# Budget of sheet 22


def budget_table(budget: pd.DataFrame) -> Table:
    """Charges and products by chapter of the accounting plan, then the totals and the net result:
    the amount printed and the amount computed from the detail lines, side by side."""
    labels = get_schema().labels("fiches_fa22_budget", "line")
    amounts = budget_amounts(budget)
    result = budget_result(budget)
    shown = amounts[amounts["level"].isin(["chapitre", "total"])]
    order = [
        *shown[(shown["side"] == "charges") & (shown["level"] == "chapitre")].itertuples(),
        *shown[(shown["side"] == "charges") & (shown["level"] == "total")].itertuples(),
        *shown[(shown["side"] == "produits") & (shown["level"] == "chapitre")].itertuples(),
        *shown[(shown["side"] == "produits") & (shown["level"] == "total")].itertuples(),
    ]
    sides = {"charges": "Charges", "produits": "Produits"}
    rows = [(sides[row.side], labels[row.line], row.printed, row.computed) for row in order]
    rows.append(("Résultat", "Résultat net (produits − charges)", result["printed_net"], result["net"]))
    frame = pd.DataFrame(
        {
            "Partie": [row[0] for row in rows],
            "Ligne": [row[1] for row in rows],
            "Montant imprimé": [format_euros(row[2]) for row in rows],
            "Recalculé à partir des lignes": [format_euros(row[3]) for row in rows],
            "Écart": ["" if same(row[3], row[2]) else format_euros(row[3] - row[2]) for row in rows],
        }
    )
    used = budget[budget["side"].isin(["charges", "produits", "resultat"])]
    return grouped(
        Table(frame, "FA 22 : budget prévisionnel sur 12 mois, par chapitre", sources(used)), ("Partie",)
    )


def budget_details_table(budget: pd.DataFrame) -> Table:
    """The detail lines of the budget that carry an amount, under their side and chapter."""
    table = figures_table(
        budget_details(budget),
        {"side": "Partie", "parent": "Chapitre ou rubrique", "line": "Ligne", "value": "Montant"},
        "FA 22 : lignes du budget qui portent un montant",
    )
    return grouped(table, ("Partie", "Chapitre ou rubrique"))


def budget_charges_long(budget: pd.DataFrame) -> pd.DataFrame:
    """The charges' chapters with an amount, computed from their lines, largest first, for a chart."""
    labels = get_schema().labels("fiches_fa22_budget", "line")
    amounts = budget_amounts(budget)
    chapters = amounts[
        (amounts["side"] == "charges") & (amounts["level"] == "chapitre") & (amounts["computed"] != 0)
    ].sort_values("computed", ascending=False, kind="stable")
    return pd.DataFrame(
        {"label": [labels[line] for line in chapters["line"]], "value": chapters["computed"].tolist()}
    )


# ------------------------------------------------------------------------------------------------
# PPSMJ statistics


QUALIFIERS = {"exact": "", "plus_de": "plus de", "pres_de": "près de"}


def ppsmj_table(ppsmj: pd.DataFrame, theme: str) -> Table:
    """The figures of one theme of the technical sheet on PPSMJ, in the sheet's order: the
    population, the measure, the figure with the qualifier printed with it (« plus de »), its date
    and the source the sheet cites for it."""
    populations = get_schema().labels("fiches_ppsmj", "population")
    measures = get_schema().labels("fiches_ppsmj", "measure")
    bounds = {"valeur": "", "minimum": " (minimum)", "maximum": " (maximum)"}
    references = get_schema().labels("fiches_ppsmj", "reference")
    rows = ppsmj[[ppsmj_theme(code) == theme for code in ppsmj["measure"]]]
    frame = pd.DataFrame(
        {
            "Population": [populations[code] for code in rows["population"]],
            "Mesure": [
                measures[code] + bounds[bound]
                for code, bound in zip(rows["measure"], rows["bound"], strict=True)
            ],
            "Valeur": [
                " ".join(part for part in (QUALIFIERS[qualifier], value_with_unit(value, unit)) if part)
                for qualifier, value, unit in zip(rows["qualifier"], rows["value"], rows["unit"], strict=True)
            ],
            "Date et source citée": [
                "; ".join(part for part in (label, references[code]) if part)
                for label, code in zip(rows["period_label"], rows["reference"], strict=True)
            ],
        }
    )
    return grouped(
        Table(frame, f"PPSMJ : {theme[:1].lower()}{theme[1:]}", sources(rows)),
        ("Population", "Date et source citée"),
    )


HOUSING_AT_ENTRY = (
    "part_logement_personnel",
    "part_heberge_proche",
    "part_sans_abri",
    "part_heberge_institution",
)


HOUSING_LABELS = {
    "part_logement_personnel": "Dans son logement personnel",
    "part_heberge_proche": "Hébergé chez un proche",
    "part_sans_abri": "Sans-abri",
    "part_heberge_institution": "Hébergé en institution",
}


def ppsmj_housing(ppsmj: pd.DataFrame) -> pd.DataFrame:
    """Where people lived when they entered detention, for a chart: ``label``, ``value``, ``source``.

    >>> from lda_analysis.data import load_table
    >>> ppsmj_housing(load_table("fiches_ppsmj"))["value"].tolist()
    [46.1, 40.3, 9.0, 4.3]
    """
    rows = [ppsmj_row(ppsmj, "entrants_detention", code) for code in HOUSING_AT_ENTRY]
    return pd.DataFrame(
        {
            "label": [HOUSING_LABELS[code] for code in HOUSING_AT_ENTRY],
            "value": [float(row["value"]) for row in rows],
            "source": [row["source"] for row in rows],
        }
    )


AGE_CLASSES = {
    "part_18_30_ans": "18-30 ans",
    "part_30_50_ans": "30-50 ans",
    "part_50_60_ans": "50-60 ans",
    "part_60_ans_et_plus": "60 ans et plus",
}


AGE_POPULATIONS = {
    "ecroues": "Milieu fermé (personnes écrouées)",
    "milieu_ouvert": "Milieu ouvert",
    "ppsmj": "Ensemble des PPSMJ",
}


def ppsmj_ages(ppsmj: pd.DataFrame) -> pd.DataFrame:
    """The age classes of the PPSMJ by setting, for a grouped bar chart: ``label`` (age class),
    ``population`` (the series), ``value``, ``source``."""
    rows = []
    for measure, label in AGE_CLASSES.items():
        for population, name in AGE_POPULATIONS.items():
            row = ppsmj_row(ppsmj, population, measure)
            rows.append(
                {"label": label, "population": name, "value": float(row["value"]), "source": row["source"]}
            )
    return pd.DataFrame(rows, columns=["label", "population", "value", "source"])
