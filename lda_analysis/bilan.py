"""The rapport's review chapters (§1.18 other actions, §2 partnership, §3.1 to §3.3 overall review).

Selections, computed figures and display tables for the pages ``autres_actions``,
``dynamique_partenariale``, ``acces_logement_social`` (relocations of the CMC),
``ce_que_nous_retenons`` and ``inscription_territoire``. Every function takes tables of ``data/``
(``territoire_*``) and returns a table, a number, a :class:`~lda_analysis.tables.Table` or a
:class:`~lda_analysis.statements.Statement`: the pages only display them. Nothing here types a
figure of the document; sums, ratios and changes are computed from the rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from .formatting import format_euros, format_number, format_percent_value, format_value
from .schema import get_schema
from .statements import Statement
from .tables import Table

# Lines of the extracted text (sources/rapport_execution_2021_2024.txt) where each part of the
# rapport starts and ends, to select the rows a page's section prints (by their ``source_line``).
SECTIONS: dict[str, tuple[int, int]] = {
    "1.18": (3799, 3912),
    "2": (3914, 4343),
    "3.1": (4345, 4469),
    "3.2": (4470, 5028),
    "3.3": (5029, 5258),
}

# A year of funding, for amounts given "au prorata" of a number of months.
MONTHS_PER_YEAR = 12


# --------------------------------------------------------------------------------------------------
# Selections


def rows(frame: pd.DataFrame, **criteria) -> pd.DataFrame:
    """The rows whose columns equal the given values (a list or tuple: any of its values), in the
    table's order; the table's name is kept (``attrs``) so that the result can be displayed.

    >>> from lda_analysis.data import load_table
    >>> cmc = load_table("territoire_relogement_cmc")
    >>> list(rows(cmc, measure="menages_reloges")["value"])
    [10.0, 20.0]
    >>> rows(cmc, measure="menages_reloges").attrs["table"]
    'territoire_relogement_cmc'
    """
    mask = pd.Series(True, index=frame.index)
    for column, wanted in criteria.items():
        values = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        mask &= frame[column].isin(values)
    selected = frame[mask].reset_index(drop=True)
    selected.attrs = dict(frame.attrs)
    return selected


def value(frame: pd.DataFrame, **criteria) -> float:
    """The ``value`` of the one row matching ``criteria``; a ``LookupError`` names what is missing.

    >>> from lda_analysis.data import load_table
    >>> value(load_table("territoire_financement_scst"), measure="engagement")
    136500.0
    """
    selected = rows(frame, **criteria)
    if len(selected) != 1:
        wanted = ", ".join(f"{column} = {wanted}" for column, wanted in criteria.items())
        raise LookupError(f"{len(selected)} lignes au lieu d'une dans la table "
                          f"« {frame.attrs.get('table', '?')} » pour : {wanted}")
    return float(selected["value"].iloc[0])


def in_section(frame: pd.DataFrame, section: str) -> pd.DataFrame:
    """The rows printed in a part of the rapport (``"1.18"``, ``"2"``, ``"3.2"``…), by source line.

    >>> from lda_analysis.data import load_table
    >>> events = in_section(load_table("territoire_evenements"), "2")
    >>> list(events["rank"])[:3], list(events["rank"])[-1]
    ([6, 7, 8], 23)
    """
    first, last = SECTIONS[section]
    lines = frame["source_line"]
    selected = frame[lines.notna() & (lines >= first) & (lines <= last)].reset_index(drop=True)
    selected.attrs = dict(frame.attrs)
    return selected


def enumeration(enumerations: pd.DataFrame, liste: str) -> pd.DataFrame:
    """The items of one list of ``territoire_enumerations``, by rank.

    >>> from lda_analysis.data import load_table
    >>> list(enumeration(load_table("territoire_enumerations"), "methode_3c")["text"])
    ['cesser', 'conserver', 'créer']
    """
    selected = rows(enumerations, liste=liste).sort_values("rank").reset_index(drop=True)
    selected.attrs = dict(enumerations.attrs)
    return selected


def join_items(items: Sequence[str]) -> str:
    """Items as a French enumeration: commas, and « et » before the last one.

    >>> join_items(["PDALHPD", "PLH", "PPGDID"])
    'PDALHPD, PLH et PPGDID'
    >>> join_items(["cesser"])
    'cesser'
    """
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def labels(frame: pd.DataFrame, column: str) -> pd.Series:
    """The French labels (from the schema) of a category column; an unknown code is kept as is.

    >>> from lda_analysis.data import load_table
    >>> labels(load_table("territoire_financement_scst"), "measure").iloc[-1]
    'Engagement de financement'
    """
    names = get_schema().labels(frame.attrs["table"], column)
    return frame[column].map(lambda code: names.get(code, code))


# --------------------------------------------------------------------------------------------------
# Computed figures


def total(frame: pd.DataFrame, **criteria) -> float:
    """The sum of the values of the matching rows (a total the document does not print).

    >>> from lda_analysis.data import load_table
    >>> affordable = load_table("territoire_logement_abordable")
    >>> total(affordable, measure=["conventionnements_opah", "conventionnements_bien_chez_soi"])
    217.0
    """
    return float(rows(frame, **criteria)["value"].sum())


def prorata(amount: float, months: float) -> float:
    """An annual amount for ``months`` months of the year.

    >>> round(prorata(115000, 8), 2)
    76666.67
    """
    return amount * months / MONTHS_PER_YEAR


def aivs_prorata(other_actions: pd.DataFrame) -> float:
    """The AIVS' 2022 funding prorated to the months left to run (the document prints it rounded).

    >>> from lda_analysis.data import load_table
    >>> round(aivs_prorata(load_table("territoire_autres_actions")), 2)
    76666.67
    """
    return prorata(value(other_actions, dispositif="aivs", measure="financement_initial"),
                   value(other_actions, dispositif="aivs", measure="mois_a_executer"))


def engagement_ratio(scst: pd.DataFrame) -> float:
    """How many times the SCST's 2024 commitment exceeds its highest yearly contribution (2021-2023).

    >>> from lda_analysis.data import load_table
    >>> round(engagement_ratio(load_table("territoire_financement_scst")), 1)
    6.2
    """
    return (value(scst, measure="engagement")
            / value(scst, measure="contribution_annuelle_max"))


def change_wording(before: float, after: float) -> str:
    """How a count changed, in words: doubled, tripled, multiplied by, up or down by a percentage.

    >>> change_wording(10, 20)
    'a doublé'
    >>> change_wording(10, 25)
    'a été multiplié par 2,5'
    >>> change_wording(10, 13).replace("\\xa0", " ")
    'a augmenté de 30 %'
    >>> change_wording(20, 10).replace("\\xa0", " ")
    'a baissé de 50 %'
    >>> change_wording(10, 10)
    'est resté stable'
    """
    if before == after:
        return "est resté stable"
    if before <= 0:
        return "a augmenté" if after > before else "a baissé"
    ratio = after / before
    if math.isclose(ratio, 2):
        return "a doublé"
    if math.isclose(ratio, 3):
        return "a triplé"
    if ratio >= 2:
        decimals = 0 if math.isclose(ratio, round(ratio)) else 1
        return f"a été multiplié par {format_number(ratio, decimals)}"
    percent = abs(ratio - 1) * 100
    verb = "a augmenté" if ratio > 1 else "a baissé"
    return f"{verb} de {format_percent_value(percent, 0)}"


def format_times(ratio: float, decimals: int = 1) -> str:
    """A ratio as « N fois », for a sentence.

    >>> format_times(136500 / 22000)
    '6,2\xa0fois'
    """
    return f"{format_number(ratio, decimals)}\xa0fois"


def format_fte(count: float) -> str:
    """A number of full-time equivalents, in words, with French agreement.

    >>> format_fte(1.5)
    '1,5\xa0équivalent temps plein'
    >>> format_fte(2)
    '2\xa0équivalents temps plein'
    """
    noun = "équivalent" if abs(count) < 2 else "équivalents"
    return f"{format_value(count, 'etp')}\xa0{noun} temps plein"


def relocation_counts(cmc: pd.DataFrame) -> pd.DataFrame:
    """Households rehoused by the CMC, one row per year of the convention (in the plan's order).

    >>> from lda_analysis.data import load_table
    >>> counts = relocation_counts(load_table("territoire_relogement_cmc"))
    >>> counts[["period", "value"]].values.tolist()
    [['2021-2022', 10.0], ['2022-2023', 20.0]]
    """
    counts = rows(cmc, measure="menages_reloges")
    counts = counts[counts["period"] != ""].sort_values("period").reset_index(drop=True)
    counts.attrs = dict(cmc.attrs)
    return counts


def relocation_statement(cmc: pd.DataFrame) -> Statement:
    """How the number of households rehoused by the CMC changed between the first and last years.

    >>> from lda_analysis.data import load_table
    >>> print(relocation_statement(load_table("territoire_relogement_cmc")))  # doctest: +NORMALIZE_WHITESPACE
    La commission métropolitaine de coordination a relogé 10 ménages en année 1 (2021-2022) et 20
    en année 2 (2022-2023), soit 10 ménages de plus : le nombre de ménages relogés a doublé.
    """
    counts = relocation_counts(cmc)
    if counts.empty:
        return Statement("Les données ne donnent pas le nombre de ménages relogés par la commission "
                         "métropolitaine de coordination.")
    first, last = counts.iloc[0], counts.iloc[-1]
    opening = (f"La commission métropolitaine de coordination a relogé "
               f"{format_value(first['value'], 'menages')} ménages en {first['period_label']}")
    if len(counts) == 1:
        return Statement(f"{opening} ; les données ne donnent pas d'autre année pour mesurer une "
                         "évolution.")
    difference = last["value"] - first["value"]
    if difference:
        gap = (f"soit {format_value(abs(difference), 'menages')} ménages "
               f"{'de plus' if difference > 0 else 'de moins'}")
    else:
        gap = "soit autant"
    return Statement(f"{opening} et {format_value(last['value'], 'menages')} en "
                     f"{last['period_label']}, {gap} : le nombre de ménages relogés "
                     f"{change_wording(first['value'], last['value'])}.")


# --------------------------------------------------------------------------------------------------
# Display tables and chart data


def faj_table(aids: pd.DataFrame, texts: pd.DataFrame,
              caption: str = "Aides au logement du nouveau règlement intérieur du FAJ métropolitain "
                             "(logement autonome et FJT)") -> Table:
    """The FAJ housing aids as the rapport's table prints them: one row per aid, with its amount
    (cap, share of the rent), how often it can be granted and the prior condition.

    >>> from lda_analysis.data import load_table
    >>> table = faj_table(load_table("territoire_faj_aides"), load_table("territoire_faj_textes"))
    >>> table.frame.iloc[1].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['Maintien dans le logement : aide au paiement du loyer hors charges',
     '50\\xa0% du loyer, dans la limite de 300\\xa0€', '2 fois par an', '']
    """
    rows_out = []
    for aid in dict.fromkeys(aids["aide"]):
        parameters = rows(aids, aide=aid)
        found = dict(zip(parameters["parametre"], parameters["value"], strict=True))
        printed = rows(texts, aide=aid)
        wording = dict(zip(printed["element"], printed["text"], strict=True))
        amounts = []
        if "part_du_loyer" in found:
            amounts.append(f"{format_percent_value(found['part_du_loyer'], 0)} du loyer")
        if "plafond" in found:
            prefix = "dans la limite de" if amounts else "plafond de"
            amounts.append(f"{prefix} {format_euros(found['plafond'])}")
        if "montant" in found:
            amounts.append(format_euros(found["montant"]))
        amount = ", ".join(amounts)
        frequency = (f"{format_number(found['frequence'])} fois par an" if "frequence" in found
                     else "")
        rows_out.append({
            "Aide": wording.get("libelle") or get_schema().labels(aids.attrs["table"], "aide")[aid],
            "Montant": amount[:1].upper() + amount[1:],
            "Nombre d'aides par an": frequency,
            "Condition préalable": wording.get("condition", ""),
        })
    frame = pd.DataFrame(rows_out, columns=["Aide", "Montant", "Nombre d'aides par an",
                                            "Condition préalable"])
    return Table(frame, caption, tuple(aids["source"]) + tuple(texts["source"]))


def pdalhpd_table(actions: pd.DataFrame,
                  caption: str = "Actions du PDALHPD 2024-2030 dont la Métropole est pilote "
                                 "opérationnel") -> Table:
    """The PDALHPD table of §3.3.1: one row per modality, with its axis and action as printed.

    >>> from lda_analysis.data import load_table
    >>> table = pdalhpd_table(load_table("territoire_pdalhpd_actions"))
    >>> len(table.frame), table.frame.iloc[-1]["Modalité"]
    (4, 'Modalité 2 : Rendre plus lisibles et efficaces les dispositifs')
    """
    rows_out = []
    for axis in dict.fromkeys(actions["axe"]):
        cells = rows(actions, axe=axis).sort_values("rank")
        texts = {element: list(cells.loc[cells["element"] == element, "text"])
                 for element in ("axe", "action", "modalite")}
        for modality in texts["modalite"] or [""]:
            rows_out.append({"Axe": " ".join(texts["axe"]), "Action": " ".join(texts["action"]),
                             "Modalité": modality})
    frame = pd.DataFrame(rows_out, columns=["Axe", "Action", "Modalité"])
    return Table(frame, caption, tuple(actions["source"]))


def review_overview_table(review: pd.DataFrame,
                          caption: str = "Les actions du bilan des trois années") -> Table:
    """One row per action of the review (§3.2.1 and §3.2.2), in the rapport's order: the action,
    its title (as printed, else the schema's) and whether it met difficulties or worked best. The
    source line cites the paragraphs where the titles are printed.

    >>> from lda_analysis.data import load_table
    >>> table = review_overview_table(load_table("territoire_bilan_actions"))
    >>> table.frame["Action"].tolist()
    ['Action 1', 'Action 5', 'Action 15', 'Action 2', 'Action 6', 'Action 7', 'Action 16']
    """
    schema = get_schema()
    names = schema.vocabularies["action"]
    verdicts = schema.labels(review.attrs["table"], "bilan")
    rows_out, used = [], []
    for action in dict.fromkeys(review["action"]):
        lines = rows(review, action=action)
        titles = lines[lines["element"] == "titre"]
        shown = titles.iloc[0] if len(titles) else lines.iloc[0]
        title = shown["text"] if len(titles) else names.get(action, action)
        prefix = f"Action {action}. "
        title = title.removeprefix(prefix)
        rows_out.append({"Action": f"Action {action}", "Intitulé": title,
                         "Bilan": verdicts[shown["bilan"]]})
        used.append(shown["source"])
    frame = pd.DataFrame(rows_out, columns=["Action", "Intitulé", "Bilan"])
    return Table(frame, caption, tuple(used))


# Short names of the actions and funding of §1.18.1, for a table (the schema has sentences).
DISPOSITIF_NAMES = {
    "aivs": "AIVS (action 9)",
    "pacte_13bis": "Pacte des solidarités : action 13bis élargie",
    "pacte_cllaj": "Pacte des solidarités : CLLAJ Alinéa",
}


def other_actions_table(other_actions: pd.DataFrame,
                        caption: str = "Actions liées au plan hors crédits de l'AMI : les chiffres "
                                       "du rapport") -> Table:
    """The figures of §1.18.1 in four short columns: action or funding (short name), measure, year
    and value formatted with its unit.

    >>> from lda_analysis.data import load_table
    >>> table = other_actions_table(load_table("territoire_autres_actions"))
    >>> table.frame.iloc[2].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['AIVS (action 9)', 'Financement basculé sur la troisième année du Plan LDA, au prorata des mois
     à exécuter', '2023', '76\u202f670\xa0€']
    """
    schema_names = labels(other_actions, "dispositif")
    frame = pd.DataFrame({
        "Action ou financement": [DISPOSITIF_NAMES.get(code, name) for code, name
                                  in zip(other_actions["dispositif"], schema_names, strict=True)],
        "Mesure": labels(other_actions, "measure"),
        "Année": ["" if pd.isna(year) else str(year) for year in other_actions["year"]],
        "Valeur": [format_value(number, unit) for number, unit
                   in zip(other_actions["value"], other_actions["unit"], strict=True)],
    }, columns=["Action ou financement", "Mesure", "Année", "Valeur"])
    return Table(frame.reset_index(drop=True), caption, tuple(other_actions["source"]))


# Short labels of the amounts of §1.18.1, for a chart (the schema's labels are sentences).
AMOUNT_LABELS = {
    ("aivs", "financement_initial"): "AIVS : financement 2022 prévu au plan de solidarité",
    ("aivs", "financement_bascule"): "AIVS : financement basculé sur l'année 3 du plan LDA",
    ("pacte_13bis", "budget_annuel"): "Pacte des solidarités : action 13bis élargie (budget annuel)",
    ("pacte_cllaj", "budget_global"): "Pacte des solidarités : CLLAJ Alinéa (budget global)",
}


def amounts_chart_frame(other_actions: pd.DataFrame) -> pd.DataFrame:
    """The amounts in euros of §1.18.1, with a short label each, in the rapport's order.

    >>> from lda_analysis.data import load_table
    >>> frame = amounts_chart_frame(load_table("territoire_autres_actions"))
    >>> frame[["label", "value"]].values.tolist()[1]
    ["AIVS : financement basculé sur l'année 3 du plan LDA", 76670.0]
    """
    amounts = rows(other_actions, unit="euros")
    long_labels = (labels(amounts, "dispositif") + " — " + labels(amounts, "measure")).tolist()
    amounts["label"] = [AMOUNT_LABELS.get(key, long_label) for key, long_label
                        in zip(zip(amounts["dispositif"], amounts["measure"]), long_labels,
                               strict=True)]
    return amounts


def labelled(frame: pd.DataFrame, column: str, name: str = "label") -> pd.DataFrame:
    """A copy of ``frame`` with the French labels of ``column`` in a new column ``name``, for charts.

    >>> from lda_analysis.data import load_table
    >>> labelled(load_table("territoire_financement_scst"), "measure")["label"].iloc[0]
    'Contribution annuelle la plus basse (2021-2023)'
    """
    result = frame.copy()
    result[name] = labels(frame, column)
    result.attrs = dict(frame.attrs)
    return result


def scst_chart_frame(scst: pd.DataFrame) -> pd.DataFrame:
    """The SCST's contributions with a label each (the measure, and its year when it has one).

    >>> from lda_analysis.data import load_table
    >>> scst_chart_frame(load_table("territoire_financement_scst"))["label"].tolist()[1:]
    ['Contribution annuelle la plus haute (2021-2023)', 'Engagement de financement (2024)']
    """
    result = labelled(scst, "measure")
    result["label"] = [label if pd.isna(year) else f"{label} ({year})"
                       for label, year in zip(result["label"], scst["year"], strict=True)]
    return result
