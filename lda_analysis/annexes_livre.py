"""What the annexes' pages of the book show: the ODH / SIAO / SNE figures of the Plan LDA 2 workshop,
the survey « Le logement et moi », the workshop itself and the sheets of the new actions.

Pure functions on the tables of ``data/`` (domains ``annexes`` and ``fiches_actions``): every sum,
share, count and comparison the pages cite is computed here from the detail rows; the figures the
document prints as totals are only compared with them. Functions whose name ends in ``_table``
return a :class:`lda_analysis.tables.Table` (French headers, formatted cells, source line); the
others return numbers or frames for :func:`lda_analysis.charts.bar_chart`.
"""

from __future__ import annotations

import math

import pandas as pd

from .formatting import format_euros, format_number, format_percent_value, format_value
from .schema import get_schema
from .tables import Table, figures_table

Tables = dict[str, pd.DataFrame]

# Two figures closer than this are equal (the data hold whole numbers and one-decimal shares).
TOLERANCE = 1e-6


def _labels(table: str, column: str) -> dict[str, str]:
    return get_schema().labels(table, column)


def _sources(*frames: pd.DataFrame) -> tuple[str, ...]:
    """Every source of the rows of ``frames``, in order (the Table keeps one mention of each)."""
    return tuple(source for frame in frames for source in frame["source"])


def _one(frame: pd.DataFrame, **criteria) -> pd.Series:
    """The single row of ``frame`` matching ``criteria`` (column=value); an error otherwise."""
    mask = pd.Series(True, index=frame.index)
    for column, value in criteria.items():
        mask &= frame[column] == value
    rows = frame[mask]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} lignes pour {criteria} dans {frame.attrs.get('table', '?')}")
    return rows.iloc[0]


def _value(frame: pd.DataFrame, **criteria) -> float:
    return float(_one(frame, **criteria)["value"])


def _keep_attrs(selected: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    selected.attrs = dict(table.attrs)
    return selected


def blank_repeats(values) -> list[str]:
    """A column of labels where a label repeated on consecutive rows is shown only on the first.

    >>> blank_repeats(["Pilote", "Partenaire", "Partenaire", "Public"])
    ['Pilote', 'Partenaire', '', 'Public']
    """
    shown, previous = [], None
    for value in values:
        shown.append("" if value == previous else value)
        previous = value
    return shown


def grouped(table: Table, columns: tuple[str, ...]) -> Table:
    """The same table where the given columns (headers) show a repeated label only once, so that a
    long list reads as groups. The first column given leads: a later column's label is shown again
    whenever the group of the first one changes."""
    frame = table.frame.copy()
    if frame.empty:
        return table
    lead = frame[columns[0]].tolist()
    frame[columns[0]] = blank_repeats(lead)
    for column in columns[1:]:
        keys = list(zip(lead, frame[column].tolist(), strict=True))
        frame[column] = [label if shown else "" for label, shown
                         in zip(frame[column], blank_repeats(keys), strict=True)]
    return Table(frame, table.caption, table.sources, table.empty)


def without_empty_columns(table: Table, columns: tuple[str, ...]) -> Table:
    """The same table without those of ``columns`` that are empty on every row."""
    empty = [column for column in columns if column in table.frame and not any(table.frame[column])]
    if not empty or table.frame.empty:
        return table
    return Table(table.frame.drop(columns=empty), table.caption, table.sources, table.empty)


def agreement(computed: float, printed: float, unit: str) -> str:
    """How a computed figure compares with the one the document prints, in French words.

    >>> agreement(60, 60, "minutes")
    'soit exactement le chiffre imprimé'
    >>> agreement(39, 35, "jours")
    'alors que le document imprime 35'
    """
    if abs(computed - printed) < TOLERANCE:
        return "soit exactement le chiffre imprimé"
    return f"alors que le document imprime {format_value(printed, unit)}"


# Units shown after a number in the annexes' tables: (singular, plural); the others (euros,
# percentages, plain counts) are formatted by :func:`format_value` alone.
UNIT_WORDS = {
    "jours": ("jour", "jours"), "heures": ("h", "h"), "minutes": ("min", "min"), "mois": ("mois", "mois"),
    "ans": ("an", "ans"), "annees": ("an", "ans"), "age_moyen": ("an", "ans"), "fois": ("fois", "fois"),
    "etp": ("ETP", "ETP"), "logements": ("logement", "logements"), "mesures": ("mesure", "mesures"),
    "personnes": ("personne", "personnes"), "demandes_par_attribution": ("demande", "demandes"),
}


def value_with_unit(value: float, unit: str) -> str:
    """A figure with its unit in words when the number alone would not say it.

    >>> value_with_unit(0.8, "etp"), value_with_unit(6, "mois"), value_with_unit(1, "jours")
    ('0,8\xa0ETP', '6\xa0mois', '1\xa0jour')
    >>> value_with_unit(36000, "euros")
    '36\u202f000\xa0€'
    """
    text = format_value(value, unit)
    if unit not in UNIT_WORDS:
        return text
    singular, plural = UNIT_WORDS[unit]
    return f"{text}\xa0{singular if abs(value) < 2 else plural}"


# ------------------------------------------------------------------------------------------------
# ODH, SIAO and SNE figures (annexes_menages_115, annexes_offre_siao, annexes_public_lda_sne)

VAR, MTPM = "VAR", "MTPM"


def var_mtpm(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """One row per category, in the document's order: the Var's figure, the Métropole's and the
    Métropole's share of the Var in percent (the département contains the Métropole).

    >>> from lda_analysis.data import load_table
    >>> rows = var_mtpm(load_table("annexes_menages_115"), "composition")
    >>> first = rows.iloc[0]
    >>> first["composition"], float(first["var"]), float(first["mtpm"]), round(float(first["share"]), 1)
    ('ensemble', 3129.0, 2176.0, 69.5)
    """
    rows = []
    for code in dict.fromkeys(frame[category]):
        var = _value(frame, **{category: code, "territory": VAR})
        mtpm = _value(frame, **{category: code, "territory": MTPM})
        rows.append({category: code, "var": var, "mtpm": mtpm,
                     "share": 100 * mtpm / var if var else math.nan})
    return pd.DataFrame(rows, columns=[category, "var", "mtpm", "share"])


def var_mtpm_total(frame: pd.DataFrame, category: str, exclude: tuple[str, ...] = ()) -> dict[str, float]:
    """The sums of the detail rows (``exclude`` leaves out printed totals) for the Var and the
    Métropole, and the Métropole's share of the Var.

    >>> from lda_analysis.data import load_table
    >>> total = var_mtpm_total(load_table("annexes_menages_115"), "composition", ("ensemble",))
    >>> total["var"], total["mtpm"]
    (3129.0, 2176.0)
    """
    rows = var_mtpm(frame[~frame[category].isin(exclude)], category)
    var, mtpm = float(rows["var"].sum()), float(rows["mtpm"].sum())
    return {"var": var, "mtpm": mtpm, "share": 100 * mtpm / var if var else math.nan}


def var_mtpm_table(frame: pd.DataFrame, category: str, header: str, caption: str, unit: str,
                   total_label: str | None = None, printed_total: str | None = None) -> Table:
    """Var and Métropole side by side, with the Métropole's share of the Var.

    ``printed_total`` is the category code of a total printed by the document: it is left out of the
    detail rows and shown last, after the sum of the details computed here (``total_label``).
    """
    labels = _labels(frame.attrs["table"], category)
    territories = _labels(frame.attrs["table"], "territory")
    details = frame[frame[category] != printed_total] if printed_total else frame
    rows = var_mtpm(details, category)
    lines = [(labels.get(code, code), var, mtpm, share)
             for code, var, mtpm, share in rows.itertuples(index=False)]
    if total_label:
        total = var_mtpm_total(details, category)
        lines.append((total_label, total["var"], total["mtpm"], total["share"]))
    if printed_total:
        printed = var_mtpm(frame[frame[category] == printed_total], category).iloc[0]
        lines.append((f"{labels[printed_total]} (total imprimé)", printed["var"], printed["mtpm"],
                      printed["share"]))
    table = pd.DataFrame({
        header: [line[0] for line in lines],
        territories[VAR]: [format_value(line[1], unit) for line in lines],
        territories[MTPM]: [format_value(line[2], unit) for line in lines],
        "Part de MTPM dans le Var": [format_percent_value(line[3], 0) for line in lines],
    })
    return Table(table, caption, _sources(frame))


def var_mtpm_long(frame: pd.DataFrame, category: str, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Var and Métropole figures for :func:`charts.bar_chart`: French labels of the category (sorted
    by the Var's figure, largest first) and of the territory (the series), with the value.

    >>> from lda_analysis.data import load_table
    >>> long = var_mtpm_long(load_table("annexes_menages_115"), "composition", ("ensemble",))
    >>> long["label"].iloc[0], long["territory"].iloc[0], float(long["value"].iloc[0])
    ('Homme seul', 'Var (département entier)', 1701.0)
    """
    labels = _labels(frame.attrs["table"], category)
    territories = _labels(frame.attrs["table"], "territory")
    rows = var_mtpm(frame[~frame[category].isin(exclude)], category)
    rows = rows.sort_values("var", ascending=False, kind="stable")
    long = [{"label": labels.get(code, code), "territory": territories[territory], "value": value}
            for code, var, mtpm in rows[[category, "var", "mtpm"]].itertuples(index=False)
            for territory, value in ((VAR, var), (MTPM, mtpm))]
    return pd.DataFrame(long, columns=["label", "territory", "value"])


def whole_in_metropole(frame: pd.DataFrame, category: str) -> list[str]:
    """The French labels of the lines whose Métropole figure equals the Var's: according to the
    source, all of that offer (or of those households) is in the Métropole.

    >>> from lda_analysis.data import load_table
    >>> offer = load_table("annexes_offre_siao")
    >>> whole_in_metropole(offer[offer["segment"] == "logement"], "type_offre")
    ['Intermédiation locative (bail glissant)', 'FJT - FTM', 'Autres logements']
    """
    labels = _labels(frame.attrs["table"], category)
    rows = var_mtpm(frame, category)
    return [labels.get(code, code) for code, var, mtpm in rows[[category, "var", "mtpm"]].itertuples(index=False)
            if abs(var - mtpm) < TOLERANCE]


def largest(frame: pd.DataFrame, category: str, territory: str, exclude: tuple[str, ...] = (),
            rank: int = 0) -> tuple[str, float]:
    """The line with the ``rank``-th largest figure for a territory (0: the largest; ties in the
    document's order): its French label and its figure.

    >>> from lda_analysis.data import load_table
    >>> households = load_table("annexes_menages_115")
    >>> largest(households, "composition", "MTPM", ("ensemble",)), largest(households, "composition", "MTPM", ("ensemble",), 1)
    (('Homme seul', 1204.0), ('Femme seule', 355.0))
    """
    labels = _labels(frame.attrs["table"], category)
    rows = frame[(frame["territory"] == territory) & ~frame[category].isin(exclude)]
    row = rows.sort_values("value", ascending=False, kind="stable").iloc[rank]
    return labels.get(row[category], row[category]), float(row["value"])


# ------------------------------------------------------------------------------------------------
# Survey « Le logement et moi » (annexes_enquete_repartitions, _chiffres, _textes)

def survey_figure(figures: pd.DataFrame, indicator: str) -> float:
    """A figure the survey's slides state in a sentence (``annexes_enquete_chiffres``)."""
    return _value(figures, indicateur=indicator)


def share_text(value: float) -> str:
    """A share as the survey prints it: without decimals when it has none.

    >>> share_text(74.0), share_text(27.5)
    ('74\xa0%', '27,5\xa0%')
    """
    return format_percent_value(value, 0 if float(value).is_integer() else 1)


def survey_share_text(figures: pd.DataFrame, indicator: str) -> str:
    """A percentage stated by the survey's slides, formatted for a sentence.

    >>> from lda_analysis.data import load_table
    >>> survey_share_text(load_table("annexes_enquete_chiffres"), "anciens_locataires")
    '75,4\xa0%'
    """
    return share_text(survey_figure(figures, indicator))


def distribution(shares: pd.DataFrame, question: str) -> pd.DataFrame:
    """The answers to one question of the survey, largest share first (ties in the document's
    order), with their French labels: columns ``label``, ``value``, ``source``.

    >>> from lda_analysis.data import load_table
    >>> shares = distribution(load_table("annexes_enquete_repartitions"), "evenements_perte_logement")
    >>> shares["label"].iloc[0], float(shares["value"].iloc[0])
    ('rupture conjugale', 21.0)
    """
    labels = _labels("annexes_enquete_repartitions", "categorie")
    rows = shares[shares["question"] == question].sort_values("value", ascending=False, kind="stable")
    return pd.DataFrame({"label": [labels.get(code, code) for code in rows["categorie"]],
                         "value": rows["value"].astype(float).tolist(),
                         "source": rows["source"].tolist()})


def distribution_total(shares: pd.DataFrame, question: str) -> float:
    """The sum of the shares of one question (100 when the rounded shares add up exactly).

    >>> from lda_analysis.data import load_table
    >>> distribution_total(load_table("annexes_enquete_repartitions"), "freins_acces_logement")
    100.0
    """
    return float(shares.loc[shares["question"] == question, "value"].sum())


def top_answer(shares: pd.DataFrame, question: str, rank: int = 0) -> tuple[str, float]:
    """The answer of a question with the ``rank``-th largest share (0: the largest), and its share.

    >>> from lda_analysis.data import load_table
    >>> top_answer(load_table("annexes_enquete_repartitions"), "evenements_perte_logement", 1)
    ('problèmes santé', 18.0)
    """
    row = distribution(shares, question).iloc[rank]
    return str(row["label"]), float(row["value"])


def isolated_share(shares: pd.DataFrame) -> float:
    """The share of people living alone (« hommes seuls » + « femmes seules ») among the answers.

    >>> from lda_analysis.data import load_table
    >>> isolated_share(load_table("annexes_enquete_repartitions"))
    87.0
    """
    rows = shares[shares["question"] == "type_population"]
    return float(rows.loc[rows["categorie"].isin(["hommes_seuls", "femmes_seules"]), "value"].sum())


# The sentences of the slide « Freins spécifiques » and the chart categories they restate. Grouping
# several categories under « l'aspect financier » or « un besoin d'accompagnement » is our reading of
# the slide: the document does not list the categories behind these two figures.
BRAKE_READINGS = (
    ("freins_aspect_financier", ("ressources_insuffisantes", "loyers_eleves")),
    ("freins_besoin_accompagnement", ("lourdeur_administrative", "manque_info", "manque_soutien")),
    ("parc_social_delais_trop_longs", ("delai_long",)),
    ("parc_prive_exigences_bailleurs", ("exigences_bailleurs_prives",)),
)


def brake_readings(figures: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Each figure of the sentences on the brakes to housing next to the sum of the chart's categories
    it restates: columns ``indicator``, ``sentence`` (the printed figure), ``kind``, ``categories``
    (French labels) and ``computed``.

    >>> from lda_analysis.data import load_table
    >>> readings = brake_readings(load_table("annexes_enquete_chiffres"), load_table("annexes_enquete_repartitions"))
    >>> readings[["indicator", "sentence", "computed"]].values.tolist()[:2]
    [['freins_aspect_financier', 40.0, 39.0], ['freins_besoin_accompagnement', 20.0, 20.0]]
    """
    labels = _labels("annexes_enquete_repartitions", "categorie")
    brakes = shares[shares["question"] == "freins_acces_logement"]
    rows = []
    for indicator, categories in BRAKE_READINGS:
        sentence = _one(figures, indicateur=indicator)
        chosen = brakes[brakes["categorie"].isin(categories)]
        rows.append({"indicator": indicator, "sentence": float(sentence["value"]), "kind": sentence["kind"],
                     "categories": " + ".join(labels[code] for code in categories),
                     "computed": float(chosen["value"].sum())})
    return pd.DataFrame(rows, columns=["indicator", "sentence", "kind", "categories", "computed"])


def brake_readings_table(figures: pd.DataFrame, shares: pd.DataFrame) -> Table:
    """The table of :func:`brake_readings`, in French."""
    readings = brake_readings(figures, shares)
    indicators = _labels("annexes_enquete_chiffres", "indicateur")
    kinds = _labels("annexes_enquete_chiffres", "kind")
    frame = pd.DataFrame({
        "Chiffre de la diapositive": [indicators[code] for code in readings["indicator"]],
        "Valeur imprimée": [format_percent_value(value, 0) for value in readings["sentence"]],
        "Nature": [kinds[kind] for kind in readings["kind"]],
        "Modalités du graphique": readings["categories"].tolist(),
        "Somme des modalités (calculée)": [format_percent_value(value, 0) for value in readings["computed"]],
    })
    used = figures[figures["indicateur"].isin(readings["indicator"])]
    brakes = shares[shares["question"] == "freins_acces_logement"]
    return Table(frame, "Les phrases sur les freins et le graphique qu'elles commentent",
                 _sources(used, brakes))


def health_loss_share_of_all(figures: pd.DataFrame, shares: pd.DataFrame) -> float:
    """The chart's share of housing lost for health reasons, brought back to all the people
    interviewed: the chart describes former tenants only (75.4 % of them), so its 18 % is
    18 × 75.4 / 100 of the people interviewed if each former tenant gives one reason.

    >>> from lda_analysis.data import load_table
    >>> round(health_loss_share_of_all(load_table("annexes_enquete_chiffres"), load_table("annexes_enquete_repartitions")), 1)
    13.6
    """
    chart = _value(shares, question="evenements_perte_logement", categorie="problemes_sante")
    return chart * survey_figure(figures, "anciens_locataires") / 100


# ------------------------------------------------------------------------------------------------
# Workshop Plan LDA 2 of 15 May 2024 (annexes_atelier_*)

MINUTES = {"minutes": 1, "heures": 60}


def _duration(value: float, unit: str) -> str:
    return f"{format_number(value)}\xa0{'min' if unit == 'minutes' else 'h'}"


def method_minutes(method: pd.DataFrame) -> dict[str, float]:
    """The duration of the sub-group work: the sum of its steps and the printed total, in minutes.

    >>> from lda_analysis.data import load_table
    >>> method_minutes(load_table("annexes_atelier_methode"))
    {'computed': 60.0, 'printed': 60.0}
    """
    steps = method[method["etape"] != "total"]
    total = _one(method, etape="total")
    return {"computed": float(sum(row.value * MINUTES[row.unit] for row in steps.itertuples())),
            "printed": float(total["value"] * MINUTES[total["unit"]])}


def method_table(method: pd.DataFrame) -> Table:
    """The steps of the sub-group work and their duration, the computed sum and the printed total."""
    steps = method[method["etape"] != "total"]
    total = _one(method, etape="total")
    minutes = method_minutes(method)
    frame = pd.DataFrame({
        "Étape": [*steps["libelle"], "Total des étapes (calculé)", "Durée annoncée (imprimée)"],
        "Durée": [*(_duration(value, unit) for value, unit in zip(steps["value"], steps["unit"], strict=True)),
                  _duration(minutes["computed"], "minutes"), _duration(total["value"], total["unit"])],
    })
    return Table(frame, "Déroulé du travail en sous-groupe (méthode des « 3 C »)", _sources(method))


def accelerated_territories(context: pd.DataFrame) -> dict[str, float]:
    """The territories of accelerated implementation: AMI 1 + AMI 2 and the printed total.

    >>> from lda_analysis.data import load_table
    >>> accelerated_territories(load_table("annexes_atelier_contexte"))
    {'ami_1': 23.0, 'ami_2': 22.0, 'computed': 45.0, 'printed': 45.0}
    """
    first = _value(context, indicateur="territoires_ami_1")
    second = _value(context, indicateur="territoires_ami_2")
    return {"ami_1": first, "ami_2": second, "computed": first + second,
            "printed": _value(context, indicateur="territoires_mise_en_oeuvre_acceleree")}


def transferred_competences(elements: pd.DataFrame) -> dict[str, int]:
    """How many competences transferred in 2020 the slide lists, and how many concern housing or
    young people.

    >>> from lda_analysis.data import load_table
    >>> transferred_competences(load_table("annexes_atelier_elements"))
    {'listed': 3, 'housing_youth': 2}
    """
    listed = elements[elements["rubrique"] == "competence_transferee"]
    return {"listed": len(listed), "housing_youth": int((listed["lien_logement_jeunes"] == "oui").sum())}


def elements_table(elements: pd.DataFrame, rubriques: tuple[str, ...], caption: str) -> Table:
    """Some lists of the workshop's framing slides (``annexes_atelier_elements``), in the given order
    of lists, each list's name shown once."""
    rows = _keep_attrs(pd.concat([elements[elements["rubrique"] == code] for code in rubriques]), elements)
    return grouped(figures_table(rows, {"rubrique": "Rubrique", "text": "Élément"}, caption), ("Rubrique",))


def contributions_count(restitution: pd.DataFrame) -> pd.DataFrame:
    """The number of contributions of each sub-group in each column (cesser, conserver, créer), and
    how many of them have an uncertain column: columns ``groupe``, ``categorie``, ``count``,
    ``uncertain``, in the document's order.

    >>> from lda_analysis.data import load_table
    >>> counts = contributions_count(load_table("annexes_atelier_restitution"))
    >>> counts[counts["groupe"] == "groupe_2"][["categorie", "count", "uncertain"]].values.tolist()
    [['cesser', 5, 0], ['conserver', 10, 10], ['creer', 10, 10]]
    """
    rows = []
    for group in dict.fromkeys(restitution["groupe"]):
        for column in _labels("annexes_atelier_restitution", "categorie"):
            lines = restitution[(restitution["groupe"] == group) & (restitution["categorie"] == column)]
            rows.append({"groupe": group, "categorie": column, "count": len(lines),
                         "uncertain": int((lines["placement"] == "incertain").sum())})
    return pd.DataFrame(rows, columns=["groupe", "categorie", "count", "uncertain"])


def group_short_label(group: str) -> str:
    """« Groupe 1 : prévenir les ruptures… » -> « Groupe 1 »."""
    return _labels("annexes_atelier_restitution", "groupe")[group].split(" :")[0]


def contributions_long(restitution: pd.DataFrame) -> pd.DataFrame:
    """The counts of :func:`contributions_count` for a stacked bar chart: group label, column label
    (the series) and count."""
    columns = _labels("annexes_atelier_restitution", "categorie")
    groups = _labels("annexes_atelier_restitution", "groupe")
    counts = contributions_count(restitution)
    return pd.DataFrame({"label": [groups[code] for code in counts["groupe"]],
                         "column": [columns[code] for code in counts["categorie"]],
                         "count": counts["count"].astype(float).tolist()})


def restitution_table(restitution: pd.DataFrame, group: str) -> Table:
    """What one sub-group proposes to stop, keep and create: one row per contribution, its column
    (marked when the column is uncertain, the extraction of the slide having lost its layout), the
    heading of its block and its text."""
    columns = _labels("annexes_atelier_restitution", "categorie")
    rows = restitution[restitution["groupe"] == group]
    frame = pd.DataFrame({
        "Colonne": [columns[code] + (" (placement incertain)" if placement == "incertain" else "")
                    for code, placement in zip(rows["categorie"], rows["placement"], strict=True)],
        "Bloc": rows["rubrique"].tolist(),
        "Contribution": rows["text"].tolist(),
    })
    return grouped(Table(frame, f"Restitution du {group_short_label(group).lower()} : cesser, conserver, créer",
                         _sources(rows)), ("Colonne", "Bloc"))


# ------------------------------------------------------------------------------------------------
# Sheets of the new actions (fiches_*)

SHEETS = ("5_adaptee", "17", "20", "21", "22", "23", "24")
# The new actions of 2024-2025 (sheet 5 adaptée continues action 5 of plan 1).
NEW_ACTIONS = SHEETS[1:]
COFUNDING_ITEMS = ("financement_mtpm", "financement_mtpm_ddets")


def sheet_label(action: str) -> str:
    """« FA 5 adaptée », « FA 17 »…

    >>> sheet_label("5_adaptee"), sheet_label("22")
    ('FA 5 adaptée', 'FA 22')
    """
    return "FA " + action.replace("_adaptee", " adaptée")


def sheet_title(action: str) -> str:
    """The sheet's label and the action's name, for a heading: « FA 17 — Le LDA pour tous »."""
    return f"{sheet_label(action)} — {get_schema().vocabularies['action'][action]}"


def _header_amount(funding: pd.DataFrame, action: str, items: tuple[str, ...]) -> float:
    rows = funding[(funding["action"] == action) & (funding["mention"] == "encart")
                   & funding["item"].isin(items)]
    return float(rows["value"].sum())


def sheets_summary(tables: Tables) -> pd.DataFrame:
    """One row per sheet: its operator (first one named), the AMI request and the co-financing printed
    in its header, and the total cost computed as their sum.

    >>> from lda_analysis.data import load_tables
    >>> summary = sheets_summary(load_tables())
    >>> summary[["action", "ami", "cofinancing", "total"]].values.tolist()[-3:]
    [['22', 70000.0, 12000.0, 82000.0], ['23', 20000.0, 0.0, 20000.0], ['24', 0.0, 40000.0, 40000.0]]
    """
    funding, identity = tables["fiches_financements"], tables["fiches_identite"]
    rows = []
    for action in SHEETS:
        operators = identity[(identity["action"] == action) & (identity["field"] == "operateur")]
        ami = _header_amount(funding, action, ("financement_ami",))
        cofinancing = _header_amount(funding, action, COFUNDING_ITEMS)
        rows.append({"action": action, "operator": operators["text"].iloc[0] if len(operators) else "",
                     "ami": ami, "cofinancing": cofinancing, "total": ami + cofinancing})
    return pd.DataFrame(rows, columns=["action", "operator", "ami", "cofinancing", "total"])


def operator_name(text: str) -> str:
    """The operator's name in a sheet's sentence, without the heading the sheet prints before it
    (« PORTEUR – ACCOMPAGNEMENT : ITINOVA » -> « ITINOVA »).

    >>> operator_name("Coordination des binômes de mentorat : par FACE VAR"), operator_name("FAS PACA")
    ('FACE VAR', 'FAS PACA')
    """
    name = text.rsplit(" : ", 1)[-1].strip()
    return name[4:] if name.startswith("par ") else name


def sheets_summary_table(tables: Tables) -> Table:
    """The summary of every sheet (operator, AMI request, co-financing, total cost computed), with
    the total of all sheets computed."""
    summary = sheets_summary(tables)
    names = get_schema().vocabularies["action"]
    frame = pd.DataFrame({
        "Fiche": [*(f"{sheet_label(code)} — {names[code]}" for code in summary["action"]),
                  "Ensemble des fiches (calculé)"],
        "Opérateur": [*(operator_name(text) for text in summary["operator"]), ""],
        "Financement AMI": [format_euros(value) for value in [*summary["ami"], summary["ami"].sum()]],
        "Co-financement": [format_euros(value) for value in
                           [*summary["cofinancing"], summary["cofinancing"].sum()]],
        "Coût total (calculé)": [format_euros(value) for value in [*summary["total"], summary["total"].sum()]],
    })
    identity = tables["fiches_identite"]
    operators = identity[(identity["field"] == "operateur") & (identity["rank"] == 1)]
    return Table(frame, "Les fiches des nouvelles actions : opérateur et financements annoncés en tête de fiche",
                 _sources(header_funding(tables), operators))


def header_funding(tables: Tables) -> pd.DataFrame:
    """The amounts printed in the header of the sheets (AMI request and co-financing)."""
    funding = tables["fiches_financements"]
    return _keep_attrs(funding[funding["mention"] == "encart"], funding)


def new_actions_funding(tables: Tables) -> dict[str, float]:
    """The AMI request, co-financing and total cost of the new actions (sheets 17 to 24), summed from
    the sheets' headers.

    >>> from lda_analysis.data import load_tables
    >>> new_actions_funding(load_tables())
    {'ami': 178000.0, 'cofinancing': 52000.0, 'total': 230000.0}
    """
    summary = sheets_summary(tables)
    new = summary[summary["action"].isin(NEW_ACTIONS)]
    return {"ami": float(new["ami"].sum()), "cofinancing": float(new["cofinancing"].sum()),
            "total": float(new["total"].sum())}


def _param(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> pd.Series:
    return _one(tables["fiches_parametres"], action=action, measure=measure, bound=bound, mention=mention)


def param_value(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> float:
    """A figure of a sheet (``fiches_parametres``).

    >>> from lda_analysis.data import load_tables
    >>> param_value(load_tables(), "21", "binomes_par_an", "maximum")
    30.0
    """
    return float(_param(tables, action, measure, bound, mention)["value"])


def param_text(tables: Tables, action: str, measure: str, bound: str = "valeur", mention: int = 1) -> str:
    """A figure of a sheet formatted for a sentence (the unit is said by the sentence).

    >>> from lda_analysis.data import load_tables
    >>> param_text(load_tables(), "22", "etp_accompagnement")
    '0,8'
    """
    row = _param(tables, action, measure, bound, mention)
    return format_value(float(row["value"]), row["unit"])


def funding_value(tables: Tables, action: str, item: str, mention: str = "encart") -> float:
    """An amount printed by a sheet (``fiches_financements``).

    >>> from lda_analysis.data import load_tables
    >>> funding_value(load_tables(), "22", "financement_ami")
    70000.0
    """
    return float(_one(tables["fiches_financements"], action=action, item=item, mention=mention)["value"])


def sheets_funding_long(tables: Tables) -> pd.DataFrame:
    """The AMI request and the co-financing of each sheet, for a stacked bar chart: ``label``
    (« FA 17 »), ``series`` and ``value``."""
    summary = sheets_summary(tables)
    rows = [{"label": sheet_label(action), "series": series, "value": value}
            for action, ami, cofinancing in summary[["action", "ami", "cofinancing"]].itertuples(index=False)
            for series, value in (("Financement AMI", ami), ("Co-financement", cofinancing))]
    return pd.DataFrame(rows, columns=["label", "series", "value"])


def _budget_line(tables: Tables, line: str) -> pd.Series:
    return _one(tables["fiches_fa22_budget"], line=line)


def _n(row: pd.Series) -> str:
    return format_value(float(row["value"]), row["unit"])


def unit_cost_checks(tables: Tables) -> pd.DataFrame:
    """Quantities times unit costs (or sums of steps) computed from each sheet's figures, next to the
    amount or total the sheet prints: columns ``action``, ``calculation`` (in French),
    ``computed``, ``printed``, ``unit``, ``sources``.

    >>> from lda_analysis.data import load_tables
    >>> checks = unit_cost_checks(load_tables())
    >>> checks[["action", "computed", "printed"]].values.tolist()[-1]
    ['24', 39200.0, 40000.0]
    """
    rows = []

    def add(action: str, calculation: str, computed: float, printed: pd.Series, used: list[pd.Series]) -> None:
        rows.append({"action": action, "calculation": calculation, "computed": float(computed),
                     "printed": float(printed["value"]), "unit": printed["unit"],
                     "sources": tuple(row["source"] for row in [printed, *used])})

    social, heads = (_param(tables, "5_adaptee", "travailleurs_sociaux_restants"),
                     _param(tables, "5_adaptee", "chefs_de_service"))
    add("5_adaptee", f"Volet 2 : {_n(social)} travailleurs sociaux restants + {_n(heads)} chefs de service",
        social["value"] + heads["value"], _param(tables, "5_adaptee", "professionnels_formation_ahi"),
        [social, heads])
    days, most = (_param(tables, "17", "journees_seminaire"),
                  _param(tables, "17", "participants_par_seminaire", bound="maximum"))
    add("17", f"{_n(days)} journées de séminaire × {_n(most)} participants au plus",
        days["value"] * most["value"], _param(tables, "17", "participants_total"), [days, most])
    parameters = tables["fiches_parametres"]
    steps = parameters[(parameters["action"] == "20") & parameters["measure"].str.startswith("jours_")
                       & (parameters["measure"] != "jours_budget_total")]
    add("20", f"Somme des jours des {len(steps)} étapes du budget", steps["value"].sum(),
        _param(tables, "20", "jours_budget_total"), [row for _, row in steps.iterrows()])
    pairs, cost = _param(tables, "21", "binomes_budget"), _param(tables, "21", "cout_par_binome")
    add("21", f"{_n(pairs)} binômes × {_n(cost)} par binôme", pairs["value"] * cost["value"],
        _one(tables["fiches_financements"], action="21", item="budget_action", mention="moyens"), [pairs, cost])
    flats, rent, months = (_param(tables, "22", "appartements_budget"), _param(tables, "22", "loyer_mensuel"),
                           _param(tables, "22", "duree_budget"))
    add("22", f"{_n(flats)} appartements × {_n(rent)} de loyer × {_n(months)} mois (ligne « Locations » du budget)",
        flats["value"] * rent["value"] * months["value"], _budget_line(tables, "locations"), [flats, rent, months])
    payments, amount, youths = (_param(tables, "22", "versements_pecule"),
                                _param(tables, "22", "montant_versement_pecule"),
                                _param(tables, "22", "jeunes_pecule", mention=3))
    nest_egg = payments["value"] * amount["value"] * youths["value"]
    add("22", f"Pécule : {_n(payments)} versements × {_n(amount)} × {_n(youths)} jeunes (ligne du budget)",
        nest_egg, _budget_line(tables, "pecule_faj"), [payments, amount, youths])
    add("22", "Même pécule et cofinancement de la Métropole (FAJ) annoncé en tête de fiche", nest_egg,
        _one(tables["fiches_financements"], action="22", item="financement_mtpm", mention="encart"),
        [payments, amount, youths])
    measures, cost = _param(tables, "24", "mesures_file_active"), _param(tables, "24", "cout_mesure")
    add("24", f"{_n(measures)} mesures en file active × {_n(cost)} par mesure", measures["value"] * cost["value"],
        _one(tables["fiches_financements"], action="24", item="budget_action", mention="moyens"), [measures, cost])
    return pd.DataFrame(rows, columns=["action", "calculation", "computed", "printed", "unit", "sources"])


def unit_cost_agreements(tables: Tables) -> dict[str, int]:
    """How many of the calculations of :func:`unit_cost_checks` give the printed figure.

    >>> from lda_analysis.data import load_tables
    >>> unit_cost_agreements(load_tables())
    {'calculations': 8, 'agreeing': 5, 'differing': 3}
    """
    checks = unit_cost_checks(tables)
    agreeing = int(sum(abs(c - p) < TOLERANCE for c, p in zip(checks["computed"], checks["printed"], strict=True)))
    return {"calculations": len(checks), "agreeing": agreeing, "differing": len(checks) - agreeing}


def unit_cost_table(tables: Tables) -> Table:
    """The table of :func:`unit_cost_checks`, with the gap between the calculation and the print."""
    checks = unit_cost_checks(tables)
    frame = pd.DataFrame({
        "Fiche": [sheet_label(code) for code in checks["action"]],
        "Calcul": checks["calculation"].tolist(),
        "Résultat du calcul": [value_with_unit(value, unit) for value, unit in zip(checks["computed"], checks["unit"], strict=True)],
        "Chiffre imprimé": [value_with_unit(value, unit) for value, unit in zip(checks["printed"], checks["unit"], strict=True)],
        "Écart": ["" if abs(computed - printed) < TOLERANCE else value_with_unit(computed - printed, unit)
                  for computed, printed, unit in zip(checks["computed"], checks["printed"], checks["unit"], strict=True)],
    })
    return Table(frame, "Quantités, coûts unitaires et montants annoncés par les fiches",
                 tuple(source for sources in checks["sources"] for source in sources))


def sheet_identity_table(identity: pd.DataFrame, action: str) -> Table:
    """Who runs a sheet's action, with whom, for whom (every element of ``fiches_identite`` but the
    title, which heads the section)."""
    rows = _keep_attrs(identity[(identity["action"] == action) & (identity["field"] != "titre")], identity)
    return grouped(figures_table(rows, {"field": "Élément", "text": "Texte"},
                                 f"{sheet_label(action)} : pilote, opérateur, partenaires et publics"), ("Élément",))


BOUNDS = {"valeur": "", "minimum": "minimum", "maximum": "maximum"}
MENTIONS = {"encart": "en tête de fiche", "tableau_actions": "tableau des actions",
            "moyens": "moyens nécessaires"}


def sheet_figures_table(tables: Tables, action: str, empty: str = "La fiche n'imprime pas de chiffre.") -> Table:
    """A sheet's amounts (where it prints them) and its targets, durations and unit costs (first
    mention of each; a range gives its minimum and maximum)."""
    funding, parameters = tables["fiches_financements"], tables["fiches_parametres"]
    items = _labels("fiches_financements", "item")
    measures = _labels("fiches_parametres", "measure")
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
    return without_empty_columns(Table(frame, f"{sheet_label(action)} : montants, cibles et paramètres",
                                       _sources(amounts, figures), empty), ("Précision",))


# Short headings of the indicators (the schema's labels say under which heading the sheet prints them).
INDICATOR_KINDS = {"evaluation": "Indicateur d'évaluation", "qualitatif": "Indicateur qualitatif",
                   "quantitatif": "Indicateur quantitatif", "livrable": "Livrable"}


def sheet_texts_table(tables: Tables, action: str) -> Table:
    """A sheet's objectives (with expected results and points of vigilance) and evaluation
    indicators, under the heading the sheet gives them."""
    objectives, indicators = tables["fiches_objectifs"], tables["fiches_indicateurs"]
    categories = _labels("fiches_objectifs", "category")
    goals = objectives[objectives["action"] == action]
    measures = indicators[indicators["action"] == action]
    frame = pd.DataFrame({
        "Rubrique": [*(categories[code] for code in goals["category"]),
                     *(INDICATOR_KINDS.get(code, code) for code in measures["indicator_type"])],
        "Texte": [*goals["text"], *measures["text"]],
    })
    return grouped(Table(frame, f"{sheet_label(action)} : objectifs et indicateurs d'évaluation",
                         _sources(goals, measures), "La fiche n'énonce ni objectif ni indicateur."), ("Rubrique",))


def sheet_calendar_table(calendar: pd.DataFrame, action: str) -> Table:
    """A sheet's steps and dates, in the sheet's order."""
    rows = _keep_attrs(calendar[calendar["action"] == action], calendar)
    table = figures_table(rows, {"phase": "Phase", "period_label": "Date ou période", "text": "Étape"},
                          f"{sheet_label(action)} : calendrier et étapes de mise en œuvre",
                          empty="La fiche ne donne pas de calendrier.")
    return without_empty_columns(grouped(table, ("Phase",)), ("Phase", "Date ou période"))


# ------------------------------------------------------------------------------------------------
# Budget of sheet 22 (fiches_fa22_budget)

def budget_amounts(budget: pd.DataFrame) -> pd.DataFrame:
    """Every line of the budget with its printed amount and the amount computed from its detail lines
    (a line without detail keeps its printed amount): columns ``line``, ``side``, ``level``,
    ``parent``, ``printed``, ``computed``.

    >>> from lda_analysis.data import load_table
    >>> amounts = budget_amounts(load_table("fiches_fa22_budget")).set_index("line")
    >>> amounts.loc[["total_charges", "c60_achats", "total_produits"], "computed"].tolist()
    [93176.0, 12384.0, 24134.0]
    """
    printed = dict(zip(budget["line"], budget["value"].astype(float), strict=True))
    children: dict[str, list[str]] = {}
    for line, parent in zip(budget["line"], budget["parent"], strict=True):
        if parent:
            children.setdefault(parent, []).append(line)

    def computed(line: str) -> float:
        if line not in children:
            return printed[line]
        return float(sum(computed(child) for child in children[line]))

    frame = budget[["line", "side", "level", "parent"]].copy()
    frame["printed"] = [printed[line] for line in budget["line"]]
    frame["computed"] = [computed(line) for line in budget["line"]]
    return frame.reset_index(drop=True)


def budget_result(budget: pd.DataFrame) -> dict[str, float]:
    """The totals of charges and products computed from the lines, the net result (products minus
    charges) and what the table prints.

    >>> from lda_analysis.data import load_table
    >>> result = budget_result(load_table("fiches_fa22_budget"))
    >>> result["charges"], result["products"], result["net"], result["printed_net"]
    (93176.0, 24134.0, -69042.0, -69042.0)
    """
    amounts = budget_amounts(budget).set_index("line")
    charges, products = amounts.loc["total_charges", "computed"], amounts.loc["total_produits", "computed"]
    return {"charges": float(charges), "products": float(products), "net": float(products - charges),
            "printed_charges": float(amounts.loc["total_charges", "printed"]),
            "printed_products": float(amounts.loc["total_produits", "printed"]),
            "printed_net": float(amounts.loc["resultat_net", "printed"]),
            "to_find": float(amounts.loc["financement_a_trouver", "printed"]),
            "nest_egg": float(amounts.loc["pecule_faj", "printed"])}


def budget_table(budget: pd.DataFrame) -> Table:
    """Charges and products by chapter of the accounting plan, then the totals and the net result:
    the amount printed and the amount computed from the detail lines, side by side."""
    labels = _labels("fiches_fa22_budget", "line")
    amounts = budget_amounts(budget)
    result = budget_result(budget)
    shown = amounts[amounts["level"].isin(["chapitre", "total"])]
    order = [*shown[(shown["side"] == "charges") & (shown["level"] == "chapitre")].itertuples(),
             *shown[(shown["side"] == "charges") & (shown["level"] == "total")].itertuples(),
             *shown[(shown["side"] == "produits") & (shown["level"] == "chapitre")].itertuples(),
             *shown[(shown["side"] == "produits") & (shown["level"] == "total")].itertuples()]
    sides = {"charges": "Charges", "produits": "Produits"}
    rows = [(sides[row.side], labels[row.line], row.printed, row.computed) for row in order]
    rows.append(("Résultat", "Résultat net (produits − charges)", result["printed_net"], result["net"]))
    frame = pd.DataFrame({
        "Partie": [row[0] for row in rows],
        "Ligne": [row[1] for row in rows],
        "Montant imprimé": [format_euros(row[2]) for row in rows],
        "Recalculé à partir des lignes": [format_euros(row[3]) for row in rows],
        "Écart": ["" if abs(row[3] - row[2]) < TOLERANCE else format_euros(row[3] - row[2]) for row in rows],
    })
    used = budget[budget["side"].isin(["charges", "produits", "resultat"])]
    return grouped(Table(frame, "FA 22 : budget prévisionnel sur 12 mois, par chapitre", _sources(used)), ("Partie",))


def budget_details(budget: pd.DataFrame) -> pd.DataFrame:
    """The detail lines of the budget that carry an amount (the others print 0 €)."""
    return _keep_attrs(budget[(budget["level"] == "detail") & (budget["value"] != 0)], budget)


def budget_details_table(budget: pd.DataFrame) -> Table:
    """The detail lines of the budget that carry an amount, under their side and chapter."""
    table = figures_table(budget_details(budget), {"side": "Partie", "parent": "Chapitre ou rubrique",
                                                   "line": "Ligne", "value": "Montant"},
                          "FA 22 : lignes du budget qui portent un montant")
    return grouped(table, ("Partie", "Chapitre ou rubrique"))


def budget_charges_long(budget: pd.DataFrame) -> pd.DataFrame:
    """The charges' chapters with an amount, computed from their lines, largest first, for a chart."""
    labels = _labels("fiches_fa22_budget", "line")
    amounts = budget_amounts(budget)
    chapters = amounts[(amounts["side"] == "charges") & (amounts["level"] == "chapitre")
                       & (amounts["computed"] != 0)].sort_values("computed", ascending=False, kind="stable")
    return pd.DataFrame({"label": [labels[line] for line in chapters["line"]],
                         "value": chapters["computed"].tolist()})


# ------------------------------------------------------------------------------------------------
# Statistics on persons under judicial supervision (fiches_ppsmj)

PPSMJ_THEMES = {
    "Effectifs et âges": ("effectif", "part_hommes", "age_moyen", "part_18_30_ans", "part_30_50_ans",
                          "part_50_60_ans", "part_60_ans_et_plus"),
    "Ressources en détention": ("part_eligibles_psrs", "age_median_eligibles_psrs", "seuil_mensuel_psrs"),
    "Santé": ("part_sante_bonne", "part_sans_protection_sociale", "part_besoin_soins_dentaires",
              "rapport_prevalence_vih", "rapport_prevalence_vhc", "part_fumeurs", "part_plus_de_20_cigarettes",
              "part_alcool_excessif", "part_deux_substances", "part_trouble_psychiatrique",
              "part_deja_suivi_psychiatrie", "part_maladie_psychiatrique_grave", "rapport_risque_suicide",
              "rapport_surmortalite_5_ans"),
    "Enfance et situation familiale": ("part_traumatisme_enfance_hommes", "part_traumatisme_enfance_femmes",
                                       "part_assistance_educative_placement", "part_mesure_penale_avant_18_ans",
                                       "part_depart_domicile_avant_15_ans", "part_depart_domicile_avant_19_ans",
                                       "part_depart_domicile_avant_21_ans", "part_celibataires",
                                       "part_divorces_separes"),
    "Diplôme, activité et milieu social": ("part_diplome_inferieur_bac", "part_sans_activite", "part_en_activite",
                                           "effectif_enquete", "part_ouvriers", "part_peres_ouvriers",
                                           "part_meres_ouvrieres", "part_meres_inactives"),
    "Logement à l'entrée en détention": ("part_sans_abri", "part_heberge_institution", "part_heberge_proche",
                                         "part_logement_personnel"),
    "Parcours judiciaire et durées": ("part_antecedents_incarceration", "duree_moyenne_sous_ecrou",
                                      "duree_moyenne_detention", "part_ecrou_moins_6_mois",
                                      "part_ecrou_6_mois_1_an", "part_ecrou_1_3_ans", "part_ecrou_moins_1_an",
                                      "duree_moyenne_suivi"),
}
OTHER_THEME = "Autres chiffres"
QUALIFIERS = {"exact": "", "plus_de": "plus de", "pres_de": "près de"}


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

    >>> from lda_analysis.data import load_table
    >>> ppsmj_themes(load_table("fiches_ppsmj"))[:2]
    ['Effectifs et âges', 'Ressources en détention']
    """
    present = {ppsmj_theme(code) for code in ppsmj["measure"]}
    return [theme for theme in [*PPSMJ_THEMES, OTHER_THEME] if theme in present]


def ppsmj_table(ppsmj: pd.DataFrame, theme: str) -> Table:
    """The figures of one theme of the technical sheet on PPSMJ, in the sheet's order: the
    population, the measure, the figure with the qualifier printed with it (« plus de »), its date
    and the source the sheet cites for it."""
    populations = _labels("fiches_ppsmj", "population")
    measures = _labels("fiches_ppsmj", "measure")
    bounds = {"valeur": "", "minimum": " (minimum)", "maximum": " (maximum)"}
    references = _labels("fiches_ppsmj", "reference")
    rows = ppsmj[[ppsmj_theme(code) == theme for code in ppsmj["measure"]]]
    frame = pd.DataFrame({
        "Population": [populations[code] for code in rows["population"]],
        "Mesure": [measures[code] + bounds[bound] for code, bound in zip(rows["measure"], rows["bound"], strict=True)],
        "Valeur": [" ".join(part for part in (QUALIFIERS[qualifier], value_with_unit(value, unit)) if part)
                   for qualifier, value, unit in zip(rows["qualifier"], rows["value"], rows["unit"], strict=True)],
        "Date et source citée": ["; ".join(part for part in (label, references[code]) if part)
                                 for label, code in zip(rows["period_label"], rows["reference"], strict=True)],
    })
    return grouped(Table(frame, f"PPSMJ : {theme[:1].lower()}{theme[1:]}", _sources(rows)),
                   ("Population", "Date et source citée"))


def ppsmj_value(ppsmj: pd.DataFrame, population: str, measure: str, bound: str = "valeur") -> float:
    """One figure of the PPSMJ sheet."""
    return _value(ppsmj, population=population, measure=measure, bound=bound)


def ppsmj_total(ppsmj: pd.DataFrame) -> dict[str, float]:
    """The PPSMJ in France on 1 January 2023: open (milieu ouvert) + closed (écroués) settings,
    computed, and the printed total.

    >>> from lda_analysis.data import load_table
    >>> ppsmj_total(load_table("fiches_ppsmj"))
    {'computed': 268567.0, 'printed': 268567.0}
    """
    return {"computed": ppsmj_value(ppsmj, "milieu_ouvert", "effectif") + ppsmj_value(ppsmj, "ecroues", "effectif"),
            "printed": ppsmj_value(ppsmj, "ppsmj", "effectif")}


def ppsmj_under_one_year(ppsmj: pd.DataFrame) -> float:
    """The share of people released in 2022 who spent less than a year under committal order: less
    than 6 months + 6 months to 1 year.

    >>> from lda_analysis.data import load_table
    >>> ppsmj_under_one_year(load_table("fiches_ppsmj"))
    81.0
    """
    return (ppsmj_value(ppsmj, "liberes_2022", "part_ecrou_moins_6_mois")
            + ppsmj_value(ppsmj, "liberes_2022", "part_ecrou_6_mois_1_an"))


HOUSING_AT_ENTRY = ("part_logement_personnel", "part_heberge_proche", "part_sans_abri", "part_heberge_institution")
HOUSING_LABELS = {"part_logement_personnel": "Dans son logement personnel",
                  "part_heberge_proche": "Hébergé chez un proche",
                  "part_sans_abri": "Sans-abri",
                  "part_heberge_institution": "Hébergé en institution"}


def ppsmj_housing(ppsmj: pd.DataFrame) -> pd.DataFrame:
    """Where people lived when they entered detention, for a chart: ``label``, ``value``, ``source``.

    >>> from lda_analysis.data import load_table
    >>> ppsmj_housing(load_table("fiches_ppsmj"))["value"].tolist()
    [46.1, 40.3, 9.0, 4.3]
    """
    rows = [_one(ppsmj, population="entrants_detention", measure=code, bound="valeur") for code in HOUSING_AT_ENTRY]
    return pd.DataFrame({"label": [HOUSING_LABELS[code] for code in HOUSING_AT_ENTRY],
                         "value": [float(row["value"]) for row in rows],
                         "source": [row["source"] for row in rows]})


AGE_CLASSES = {"part_18_30_ans": "18-30 ans", "part_30_50_ans": "30-50 ans", "part_50_60_ans": "50-60 ans",
               "part_60_ans_et_plus": "60 ans et plus"}
AGE_POPULATIONS = {"ecroues": "Milieu fermé (personnes écrouées)", "milieu_ouvert": "Milieu ouvert",
                   "ppsmj": "Ensemble des PPSMJ"}


def ppsmj_ages(ppsmj: pd.DataFrame) -> pd.DataFrame:
    """The age classes of the PPSMJ by setting, for a grouped bar chart: ``label`` (age class),
    ``population`` (the series), ``value``, ``source``."""
    rows = []
    for measure, label in AGE_CLASSES.items():
        for population, name in AGE_POPULATIONS.items():
            row = _one(ppsmj, population=population, measure=measure, bound="valeur")
            rows.append({"label": label, "population": name, "value": float(row["value"]),
                         "source": row["source"]})
    return pd.DataFrame(rows, columns=["label", "population", "value", "source"])
