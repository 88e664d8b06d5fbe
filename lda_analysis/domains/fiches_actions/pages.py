"""What the page « Fiches des nouvelles actions » shows: a summary of the sheets, each sheet's
identity, figures, objectives and calendar, the budget of sheet 22 and the PPSMJ statistics, as
tables and chart data computed from ``fiches_*``; and what the yearly rapports of the convention
2024-2027 show for each fiche action of the roadmap (identity, status and its change, deliverables,
indicators against their targets), computed by :mod:`.suivi`."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lda_analysis.blocks.charts import Chart, bar_chart
from lda_analysis.blocks.dates import french_date
from lda_analysis.blocks.formatting import (
    format_euros,
    format_number,
    format_percent_value,
    format_value,
    join_items,
    lower_first,
    upper_first,
    value_with_unit,
)
from lda_analysis.blocks.statements import Statement
from lda_analysis.blocks.tables import Table, figures_table, grouped, without_empty_columns
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import kept, same, sources

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
    sheet_title,
    sheets_summary,
    unit_costs,
)
from .suivi import (
    CHANGES,
    DELIVERABLES_TABLE,
    INDICATORS_TABLE,
    ROADMAP_TABLE,
    STATUS_TABLE,
    indicator_results,
    period_deliverables,
    period_label,
    previous_period,
    roadmap_actions,
    roadmap_order,
    started_and_finished,
    starting_statuses,
    status_changes,
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
            "Opérateur": [*(operator_name(text) for text in summary["operateur"]), ""],
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
    operators = identity[(identity["element"] == "operateur") & (identity["rang"] == 1)]
    return Table(
        frame,
        "Les fiches des nouvelles actions : opérateur et financements annoncés en tête de fiche",
        sources(header_funding(tables), operators),
    )


def param_text(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> str:
    """A figure of a sheet formatted for a sentence (the unit is said by the sentence).

    >>> from lda_analysis.contract.data import load_tables
    >>> param_text(load_tables(), "22", "etp_accompagnement")
    '0,8'
    """
    row = param_row(tables, action, measure, bound, mention)
    return format_value(float(row["valeur"]), row["unite"])


def sheets_funding_long(tables: Tables) -> pd.DataFrame:
    """The AMI request and the co-financing of each sheet, for a stacked bar chart: ``label``
    (« FA 17 »), ``series`` and ``value``."""
    summary = sheets_summary(tables)
    rows = [
        {"label": sheet_label(action), "series": series, "valeur": value}
        for action, ami, cofinancing in summary[["action", "ami", "cofinancing"]].itertuples(index=False)
        for series, value in (("Financement AMI", ami), ("Co-financement", cofinancing))
    ]
    return pd.DataFrame(rows, columns=["label", "series", "valeur"])


def unit_cost_table(tables: Tables) -> Table:
    """The calculations of :func:`~.computations.unit_costs`, with the gap between the calculation and
    the print."""
    calculations = unit_costs(tables)
    printed = [float(calculation.printed["valeur"]) for calculation in calculations]
    units = [calculation.printed["unite"] for calculation in calculations]
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
    rows = kept(identity[(identity["action"] == action) & (identity["element"] != "titre")], identity)
    return grouped(
        figures_table(
            rows,
            {"element": "Élément", "texte": "Texte"},
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
    items = get_schema().labels("fiches_financements", "nature_montant")
    measures = get_schema().labels("fiches_parametres", "mesure")
    amounts = funding[funding["action"] == action]
    figures = parameters[(parameters["action"] == action) & (parameters["mention"] == 1)]
    elements, details, values = [], [], []
    for row in amounts.itertuples():
        elements.append(items[row.nature_montant])
        details.append("; ".join(part for part in (MENTIONS[row.mention], row.periode_imprimee) if part))
        values.append(value_with_unit(row.valeur, row.unite))
    for row in figures.itertuples():
        elements.append(measures[row.mesure])
        details.append("; ".join(part for part in (BOUNDS[row.borne], row.periode_imprimee) if part))
        values.append(value_with_unit(row.valeur, row.unite))
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
    categories = get_schema().labels("fiches_objectifs", "rubrique")
    goals = objectives[objectives["action"] == action]
    measures = indicators[indicators["action"] == action]
    frame = pd.DataFrame(
        {
            "Rubrique": [
                *(categories[code] for code in goals["rubrique"]),
                *(INDICATOR_KINDS.get(code, code) for code in measures["type_indicateur"]),
            ],
            "Texte": [*goals["texte"], *measures["texte"]],
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
    """A sheet's steps and dates, in the sheet's order; a phase, and a date shared by the steps
    that follow it, are shown once."""
    rows = kept(calendar[calendar["action"] == action], calendar)
    table = figures_table(
        rows,
        {"phase": "Phase", "periode_imprimee": "Date ou période", "texte": "Étape"},
        f"{sheet_label(action)} : calendrier et étapes de mise en œuvre",
        empty="La fiche ne donne pas de calendrier.",
    )
    return without_empty_columns(grouped(table, ("Phase", "Date ou période")), ("Phase", "Date ou période"))


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
    labels = get_schema().labels("fiches_fa22_budget", "ligne")
    amounts = budget_amounts(budget)
    result = budget_result(budget)
    shown = amounts[amounts["niveau"].isin(["chapitre", "total"])]
    order = [
        *shown[(shown["partie"] == "charges") & (shown["niveau"] == "chapitre")].itertuples(),
        *shown[(shown["partie"] == "charges") & (shown["niveau"] == "total")].itertuples(),
        *shown[(shown["partie"] == "produits") & (shown["niveau"] == "chapitre")].itertuples(),
        *shown[(shown["partie"] == "produits") & (shown["niveau"] == "total")].itertuples(),
    ]
    sides = {"charges": "Charges", "produits": "Produits"}
    rows = [(sides[row.partie], labels[row.ligne], row.printed, row.computed) for row in order]
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
    used = budget[budget["partie"].isin(["charges", "produits", "resultat"])]
    return grouped(
        Table(frame, "FA 22 : budget prévisionnel sur 12 mois, par chapitre", sources(used)), ("Partie",)
    )


def budget_details_table(budget: pd.DataFrame) -> Table:
    """The detail lines of the budget that carry an amount, under their side and chapter."""
    table = figures_table(
        budget_details(budget),
        {"partie": "Partie", "parent": "Chapitre ou rubrique", "ligne": "Ligne", "valeur": "Montant"},
        "FA 22 : lignes du budget qui portent un montant",
    )
    return grouped(table, ("Partie", "Chapitre ou rubrique"))


def budget_charges_long(budget: pd.DataFrame) -> pd.DataFrame:
    """The charges' chapters with an amount, computed from their lines, largest first, for a chart."""
    labels = get_schema().labels("fiches_fa22_budget", "ligne")
    amounts = budget_amounts(budget)
    chapters = amounts[
        (amounts["partie"] == "charges") & (amounts["niveau"] == "chapitre") & (amounts["computed"] != 0)
    ].sort_values("computed", ascending=False, kind="stable")
    return pd.DataFrame(
        {"label": [labels[line] for line in chapters["ligne"]], "valeur": chapters["computed"].tolist()}
    )


# ------------------------------------------------------------------------------------------------
# PPSMJ statistics


QUALIFIERS = {"exact": "", "plus_de": "plus de", "pres_de": "près de"}


def ppsmj_table(ppsmj: pd.DataFrame, theme: str) -> Table:
    """The figures of one theme of the technical sheet on PPSMJ, in the sheet's order: the
    population, the measure, the figure with the qualifier printed with it (« plus de »), its date
    and the source the sheet cites for it."""
    populations = get_schema().labels("fiches_ppsmj", "population")
    measures = get_schema().labels("fiches_ppsmj", "mesure")
    bounds = {"valeur": "", "minimum": " (minimum)", "maximum": " (maximum)"}
    references = get_schema().labels("fiches_ppsmj", "reference")
    rows = ppsmj[[ppsmj_theme(code) == theme for code in ppsmj["mesure"]]]
    frame = pd.DataFrame(
        {
            "Population": [populations[code] for code in rows["population"]],
            "Mesure": [
                measures[code] + bounds[bound]
                for code, bound in zip(rows["mesure"], rows["borne"], strict=True)
            ],
            "Valeur": [
                " ".join(part for part in (QUALIFIERS[qualifier], value_with_unit(value, unit)) if part)
                for qualifier, value, unit in zip(
                    rows["precision"], rows["valeur"], rows["unite"], strict=True
                )
            ],
            "Date et source citée": [
                "; ".join(part for part in (label, references[code]) if part)
                for label, code in zip(rows["periode_imprimee"], rows["reference"], strict=True)
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

    >>> from lda_analysis.contract.data import load_table
    >>> ppsmj_housing(load_table("fiches_ppsmj"))["valeur"].tolist()
    [46.1, 40.3, 9.0, 4.3]
    """
    rows = [ppsmj_row(ppsmj, "entrants_detention", code) for code in HOUSING_AT_ENTRY]
    return pd.DataFrame(
        {
            "label": [HOUSING_LABELS[code] for code in HOUSING_AT_ENTRY],
            "valeur": [float(row["valeur"]) for row in rows],
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
                {"label": label, "population": name, "valeur": float(row["valeur"]), "source": row["source"]}
            )
    return pd.DataFrame(rows, columns=["label", "population", "valeur", "source"])


# ------------------------------------------------------------------------------------------------
# Yearly follow-up of the roadmap's fiches actions (editions of the yearly rapports, 2025 to 2027)


def not_available(period: str) -> str:
    """What a page says where the analyst's rows of a period are still missing.

    >>> not_available("2024-2025")
    'donnée non disponible pour 2024-2025'
    """
    return f"donnée non disponible pour {period}"


def follow_up_page_title(tables: Tables, action: str) -> str:
    """The title of a fiche action's page in a yearly rapport (a fiche of the 2024-2027 roadmap).

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_page_title(load_tables(), "20")
    "FA 20 — Accélérateur de l'autonomie des jeunes (AAJ)"
    """
    order = roadmap_order(tables)
    if action not in order:
        known = ", ".join(sheet_label(code) for code in order)
        raise ValueError(f"Fiche action « {action} » absente de la feuille de route 2024-2027 ({known}).")
    return sheet_title(action)


def follow_up_titles(tables: Tables) -> list[tuple[str, str]]:
    """The roadmap's fiches actions and their page titles, in the roadmap's order: the table of
    contents of the fiches of a yearly rapport.

    >>> from lda_analysis.contract.data import load_tables
    >>> titles = follow_up_titles(load_tables())
    >>> len(titles), titles[18]
    (25, ('20', "FA 20 — Accélérateur de l'autonomie des jeunes (AAJ)"))
    """
    return [(action, follow_up_page_title(tables, action)) for action in roadmap_order(tables)]


def _identity_rows(tables: Tables, fiche: pd.Series) -> list[tuple[str, str]]:
    """(element, text) pairs of a fiche's identity, where the seed gives them."""
    axes = get_schema().labels(ROADMAP_TABLE, "axe")
    sub_axes = get_schema().labels(ROADMAP_TABLE, "sous_axe")
    other = get_schema().labels("perspectives_tableaux_actions", "financement")
    rows = [("Axe", axes[fiche["axe"]]), ("Sous-axe", sub_axes.get(fiche["sous_axe"], ""))]
    rows += [("Pilote", fiche["pilote"]), ("Opérateur ou porteur", fiche["operateur"])]
    if not pd.isna(fiche["ami"]):
        rows.append(("Financement AMI 2024-2025 (en tête de fiche)", format_euros(fiche["ami"])))
    if not pd.isna(fiche["cofinancing"]):
        rows.append(("Co-financement 2024-2025 (en tête de fiche)", format_euros(fiche["cofinancing"])))
    requested = continued_request(tables, str(fiche.name))
    if pd.isna(fiche["ami"]) and requested is not None:
        rows.append(
            (
                "Demande de financement AMI 2024-2025 (page de l'action, bilan du plan 1)",
                format_euros(requested[0]),
            )
        )
    rows.append(("Financement hors AMI", other.get(fiche["other_funding"], "")))
    if pd.isna(fiche["ami"]) and requested is None and not fiche["other_funding"]:
        rows.append(
            (
                "Financement",
                "non précisé fiche par fiche par le rapport d'exécution 2021-2024 (demande de "
                "financement AMI 2024-2025 par type d'action, §4.5)",
            )
        )
    if fiche["plan1_section"]:
        rows.append(("Bilan du plan 1", f"§{fiche['plan1_section']} du rapport d'exécution 2021-2024"))
    return [(element, text) for element, text in rows if text]


def continued_request(tables: Tables, action: str) -> tuple[float, str] | None:
    """The AMI request of 2024-2025 a continued action's page prints (its bilan of plan 1), with its
    source; None for another action.

    >>> from lda_analysis.contract.data import load_tables
    >>> continued_request(load_tables(), "3")[0], continued_request(load_tables(), "20")
    (30000.0, None)
    """
    from ..perspectives.computations import request_by_action

    requests = request_by_action(tables)
    found = requests[
        (requests["action"] == action) & (requests["rubrique"] == "poursuivies_avec_demande_ami")
    ]
    if found.empty or pd.isna(found["ami"].iloc[0]):
        return None
    return float(found["ami"].iloc[0]), str(found["source"].iloc[0])


def follow_up_identity_table(tables: Tables, action: str) -> Table:
    """A roadmap fiche's identity: axis, sub-axis, pilot, operator, funding (where the rapport
    2021-2024 gives them) and its status at the start of the convention.

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_identity_table(load_tables(), "22").frame.iloc[2].tolist()
    ['Pilote', 'MTPM']
    """
    fiches = roadmap_actions(tables).set_index("action")
    fiche = fiches.loc[action]
    start = starting_statuses(tables).set_index("action").loc[action]
    rows = [*_identity_rows(tables, fiche), ("Statut au rapport d'exécution 2021-2024", start["printed"])]
    frame = pd.DataFrame(rows, columns=["Élément", "Texte"])
    requested = continued_request(tables, action)
    return Table(
        frame,
        f"{sheet_label(action)} : axe, pilote et financement",
        (*fiche["sources"], *([requested[1]] if requested else []), start["source"]),
    )


def _status_words(code: str) -> str:
    return get_schema().labels(STATUS_TABLE, "statut").get(code, code)


def follow_up_status_statement(tables: Tables, action: str, period: str) -> Statement:
    """A fiche's status for ``period``, the previous one (the rapport d'exécution 2021-2024's for
    2024-2025) and whether it changed; « donnée non disponible » where the analyst's row is missing.

    >>> from lda_analysis.contract.data import load_tables
    >>> print(follow_up_status_statement(load_tables(), "10", "2024-2025"))
    Statut pour 2024-2025 : donnée non disponible pour 2024-2025. Au rapport d'exécution 2021-2024 : en cours / sera terminée en déc. 2024.
    """
    row = status_changes(tables, period).set_index("action").loc[action]
    previous = previous_period(period)
    before = "Au rapport d'exécution 2021-2024" if previous is None else f"En {previous}"
    if not row["statut"]:
        now = f"Statut pour {period} : {not_available(period)}."
    else:
        acquired = f" (acquis le {french_date(date.fromisoformat(row['date']))})" if row["date"] else ""
        now = f"Statut pour {period} : {_status_words(row['statut'])}{acquired}."
    earlier = row["previous_printed"] or not_available(period_label(previous))
    change = "" if row["change"] == "non_renseigne" else f" ; {CHANGES[row['change']]}"
    if row["change"] == "change":
        change = " ; le statut a changé"
    return Statement(f"{now} {before} : {earlier}{change}.")


def follow_up_overview_table(tables: Tables, period: str) -> Table:
    """Every roadmap fiche's status for ``period`` next to the previous one, and the change.

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_overview_table(load_tables(), "2024-2025").frame.iloc[3].tolist()[1:]
    ['en cours / sera terminée en déc. 2024', 'donnée non disponible pour 2024-2025', 'donnée non disponible']
    """
    changes = status_changes(tables, period)
    previous = period_label(previous_period(period))
    frame = pd.DataFrame(
        {
            "Fiche action": [sheet_title(code) for code in changes["action"]],
            f"Statut ({previous})": [text or not_available(previous) for text in changes["previous_printed"]],
            f"Statut ({period})": [
                _status_words(code) if code else not_available(period) for code in changes["statut"]
            ],
            "Évolution": [
                f"{before} → {_status_words(code)}" if change == "change" else CHANGES[change]
                for before, code, change in changes[["previous_printed", "statut", "change"]].itertuples(
                    index=False
                )
            ],
        }
    )
    return Table(
        frame,
        f"Fiches actions de la feuille de route 2024-2027 : statut pour {period} et évolution",
        (*changes["previous_source"], *changes["source"]),
    )


STARTS_WORDING = {
    "started": ("a démarré", "ont démarré", "aucune fiche n'a démarré"),
    "finished": ("s'est terminée", "se sont terminées", "aucune ne s'est terminée"),
}


def _count_phrase(codes: list[str], wording: tuple[str, str, str]) -> str:
    """« aucune fiche n'a démarré », « 1 fiche a démarré (FA 20) », « 2 fiches ont démarré (…) »."""
    one, several, none = wording
    if not codes:
        return none
    named = join_items([sheet_label(code) for code in codes])
    return f"1 fiche {one} ({named})" if len(codes) == 1 else f"{len(codes)} fiches {several} ({named})"


def follow_up_starts_statement(tables: Tables, period: str) -> Statement:
    """How many fiches started and finished during ``period``, computed from the statuses.

    >>> from lda_analysis.contract.data import load_tables
    >>> print(follow_up_starts_statement(load_tables(), "2024-2025"))
    Donnée non disponible pour 2024-2025 : aucun statut de fiche action n'est encore saisi.
    """
    if (tables[STATUS_TABLE]["periode"] == period).sum() == 0:
        return Statement(
            f"{upper_first(not_available(period))} : aucun statut de fiche action n'est encore saisi."
        )
    moved = started_and_finished(tables, period)
    parts = [_count_phrase(moved[key], wording) for key, wording in STARTS_WORDING.items()]
    return Statement(f"En {period}, {parts[0]} et {parts[1]}.")


def follow_up_deliverables_table(tables: Tables, action: str, period: str) -> Table:
    """A fiche's deliverables and milestones for ``period``, with their due date and state.

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_deliverables_table(load_tables(), "23", "2024-2025").empty[:38]
    'Donnée non disponible pour 2024-2025 :'
    """
    rows = period_deliverables(tables, period, action)
    natures = get_schema().labels(DELIVERABLES_TABLE, "nature")
    states = get_schema().labels(DELIVERABLES_TABLE, "etat")
    frame = pd.DataFrame(
        {
            "Nature": [upper_first(natures[code]) for code in rows["nature"]],
            "Intitulé": rows["texte"].tolist(),
            "Échéance": [french_date(date.fromisoformat(day)) if day else "" for day in rows["echeance"]],
            "État": [states[code] for code in rows["etat"]],
        }
    )
    return without_empty_columns(
        Table(
            frame,
            f"{sheet_label(action)} : livrables et jalons pour {period}",
            tuple(rows["source"]),
            f"{upper_first(not_available(period))} : aucun livrable ni jalon n'est encore saisi pour cette fiche.",
        ),
        ("Échéance",),
    )


def _indicator_name(row) -> str:
    if row.target_name and row.target_name != row.label:
        return f"{row.label} — cible : {lower_first(row.target_name)}"
    return row.label


def _target_text(row, period: str) -> str:
    if pd.isna(row.target):
        return f"non fixée pour {period} ({row.target_note})" if row.target_note else "non fixée"
    if row.target_high != row.target:
        return f"de {value_with_unit(row.target, row.unite)} à {value_with_unit(row.target_high, row.unite)}"
    return value_with_unit(row.target, row.unite)


def _rate_text(row) -> str:
    if pd.isna(row.rate):
        return ""
    rate = format_percent_value(row.rate, 0)
    return f"{rate} du minimum" if row.target_high != row.target else rate


def follow_up_indicators_table(tables: Tables, action: str, period: str) -> Table:
    """A fiche's indicators for ``period``: level, target (the sheet's where it prints one), achieved
    value and achievement rate, computed (against the minimum of a range). Before the analyst's
    rows, the indicators the sheet defines, each achieved value « donnée non disponible ».

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_indicators_table(load_tables(), "5_adaptee", "2024-2025").frame["Cible"].tolist()
    ['2', '60\xa0personnes', '56', '204']
    """
    results = indicator_results(tables, action, period)
    levels = get_schema().labels("fiches_indicateurs_suivi", "niveau")
    rows = list(results.itertuples(index=False))
    frame = pd.DataFrame(
        {
            "Niveau": [levels.get(row.niveau, "non précisé") for row in rows],
            "Indicateur": [_indicator_name(row) for row in rows],
            "Cible": [_target_text(row, period) for row in rows],
            "Réalisé": [
                not_available(period) if pd.isna(row.realise) else value_with_unit(row.realise, row.unite)
                for row in rows
            ],
            "Taux d'atteinte (calculé)": [_rate_text(row) for row in rows],
        }
    )
    planned = bool(len(results)) and bool(results["planned"].iloc[0])
    caption = f"{sheet_label(action)} : indicateurs pour {period}, cible et réalisé"
    return without_empty_columns(
        Table(
            frame,
            caption + (" (indicateurs prévus par la fiche)" if planned else ""),
            tuple(source for row in rows for source in row.sources),
            f"{upper_first(not_available(period))} : la fiche ne définit pas d'indicateur et aucun n'est saisi.",
        ),
        ("Taux d'atteinte (calculé)",),
    )


def follow_up_indicators_chart(tables: Tables, action: str, period: str) -> Chart | None:
    """The achievement rates of a fiche's indicators for ``period`` (computed), or, without any
    target, its achieved values of one unit; None while nothing is achieved.

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_indicators_chart(load_tables(), "21", "2024-2025") is None  # nothing achieved yet
    True
    """
    results = indicator_results(tables, action, period)
    results = results.assign(
        name=[f"{row.indicateur}. {_indicator_name(row)}" for row in results.itertuples()]
    )
    rated = results[results["rate"].notna()]
    if len(rated):
        return bar_chart(
            rated,
            "name",
            "rate",
            f"{sheet_label(action)} : taux d'atteinte des cibles en {period} (calculé)",
            "pourcentage",
            "Part de la cible atteinte",
            [source for found in rated["sources"] for source in found],
            horizontal=True,
            category_header="Indicateur",
        )
    achieved = results[results["realise"].notna()]
    if achieved.empty:
        return None
    unit = achieved["unite"].iloc[0]
    achieved = achieved[achieved["unite"] == unit]
    return bar_chart(
        achieved,
        "name",
        "realise",
        f"{sheet_label(action)} : valeurs réalisées en {period}",
        unit,
        "Valeur réalisée",
        [source for found in achieved["sources"] for source in found],
        horizontal=True,
        category_header="Indicateur",
    )


def follow_up_page(tables: Tables, action: str, period: str) -> list[Table | Statement | Chart]:
    """What a roadmap fiche's page of a yearly rapport shows, in order: identity, status and its
    change, deliverables and milestones, indicators and, when values are achieved, their chart.

    >>> from lda_analysis.contract.data import load_tables
    >>> follow_up_page(load_tables(), "20", "2024-2025")[1]
    Phrase « Statut pour 2024-2025 : donnée… »
    """
    shown: list[Table | Statement | Chart] = [
        follow_up_identity_table(tables, action),
        follow_up_status_statement(tables, action, period),
        follow_up_deliverables_table(tables, action, period),
        follow_up_indicators_table(tables, action, period),
    ]
    chart = follow_up_indicators_chart(tables, action, period)
    return shown if chart is None else [*shown, chart]


def status_changes_table(tables: Tables, period: str) -> Table:
    """The roadmap's fiches whose status changed in ``period`` (from the previous period, or from
    the rapport d'exécution 2021-2024 for 2024-2025)."""
    changes = status_changes(tables, period)
    changed = changes[changes["change"] == "change"]
    previous = period_label(previous_period(period))
    frame = pd.DataFrame(
        {
            "Fiche action": [sheet_title(code) for code in changed["action"]],
            f"Statut ({previous})": list(changed["previous_printed"]),
            f"Statut ({period})": [_status_words(code) for code in changed["statut"]],
        }
    )
    return Table(
        frame,
        f"Fiches actions dont le statut a changé en {period}",
        (*changed["previous_source"], *changed["source"]),
        empty=f"Aucune fiche action n'a de statut changé en {period} (ou aucun statut n'est saisi).",
    )


def indicator_evolution_table(tables: Tables, period: str) -> Table:
    """Each indicator achieved in ``period``: its value, the change since the period before and
    since the first period of the convention that has a value (computed)."""
    from .suivi import indicator_evolution

    evolution = indicator_evolution(tables, period)
    rows = tables[INDICATORS_TABLE]
    labels = {}
    for action in set(evolution["action"]):
        results = indicator_results(tables, action, period)
        labels.update(
            {
                (action, code): label
                for code, label in zip(results["indicateur"], results["label"], strict=True)
            }
        )
    frame = pd.DataFrame(
        {
            "Fiche action": [sheet_label(code) for code in evolution["action"]],
            "Indicateur": [
                labels.get(key, key[1])
                for key in zip(evolution["action"], evolution["indicateur"], strict=True)
            ],
            f"Réalisé ({period})": [_figure(value) for value in evolution["realise"]],
            "Depuis la période précédente (calculé)": [
                _figure(value, signed=True) for value in evolution["since_previous"]
            ],
            "Depuis le début de la convention (calculé)": [
                "n.d." if pd.isna(value) else f"{_figure(value, signed=True)} (depuis {first})"
                for value, first in zip(evolution["since_first"], evolution["first_period"], strict=True)
            ],
        }
    )
    shown = rows[(rows["periode"] == period) & rows["realise"].notna()]
    return Table(
        frame,
        f"Indicateurs des fiches actions : réalisé en {period} et évolution",
        tuple(shown["source"]),
        empty=f"Donnée non disponible pour {period} : aucun indicateur réalisé n'est saisi.",
    )


def _figure(value: float, signed: bool = False) -> str:
    """A figure of the follow-up in French, « n.d. » when missing (one decimal only if it has one).

    >>> _figure(12.0), _figure(2.5, signed=True), _figure(float("nan"))
    ('12', '+2,5', 'n.d.')
    """
    if pd.isna(value):
        return "n.d."
    return format_number(value, 0 if float(value).is_integer() else 1, signed=signed)
