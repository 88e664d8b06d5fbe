"""What the pages of the review chapters show (``autres_actions``, ``dynamique_partenariale``,
``acces_logement_social`` for the CMC's rehousing, ``ce_que_nous_retenons``,
``inscription_territoire``): tables, chart data and sentences computed from ``territoire_*``."""

from __future__ import annotations

import pandas as pd

from lda_analysis.blocks.formatting import (
    change_wording,
    format_euros,
    format_number,
    format_percent_value,
    format_value,
    upper_first,
)
from lda_analysis.blocks.statements import Statement
from lda_analysis.blocks.tables import Table
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import labelled, labels, select_rows

from .computations import relocation_counts


def relocation_statement(cmc: pd.DataFrame) -> Statement:
    """How the number of households rehoused by the CMC changed between the first and last years.

    >>> from lda_analysis.contract.data import load_table
    >>> print(relocation_statement(load_table("territoire_relogement_cmc")))  # doctest: +NORMALIZE_WHITESPACE
    La commission métropolitaine de coordination a relogé 10 ménages en année 1 (2021-2022) et 20
    en année 2 (2022-2023), soit 10 ménages de plus : le nombre de ménages relogés a doublé.
    """
    counts = relocation_counts(cmc)
    if counts.empty:
        return Statement(
            "Les données ne donnent pas le nombre de ménages relogés par la commission "
            "métropolitaine de coordination."
        )
    first, last = counts.iloc[0], counts.iloc[-1]
    opening = (
        f"La commission métropolitaine de coordination a relogé "
        f"{format_value(first['valeur'], 'menages')} ménages en {first['periode_imprimee']}"
    )
    if len(counts) == 1:
        return Statement(f"{opening} ; les données ne donnent pas d'autre année pour mesurer une évolution.")
    difference = last["valeur"] - first["valeur"]
    if difference:
        gap = (
            f"soit {format_value(abs(difference), 'menages')} ménages "
            f"{'de plus' if difference > 0 else 'de moins'}"
        )
    else:
        gap = "soit autant"
    return Statement(
        f"{opening} et {format_value(last['valeur'], 'menages')} en "
        f"{last['periode_imprimee']}, {gap} : le nombre de ménages relogés "
        f"{change_wording(first['valeur'], last['valeur'])}."
    )


def faj_table(
    aids: pd.DataFrame,
    texts: pd.DataFrame,
    caption: str = "Aides au logement du nouveau règlement intérieur du FAJ métropolitain "
    "(logement autonome et FJT)",
) -> Table:
    """The FAJ housing aids as the rapport's table prints them: one row per aid, with its amount
    (cap, share of the rent), how often it can be granted and the prior condition.

    >>> from lda_analysis.contract.data import load_table
    >>> table = faj_table(load_table("territoire_faj_aides"), load_table("territoire_faj_textes"))
    >>> table.frame.iloc[1].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['Maintien dans le logement : aide au paiement du loyer hors charges',
     '50\\xa0% du loyer, dans la limite de 300\\xa0€', '2 fois par an', '']
    """
    rows_out = []
    for aid in dict.fromkeys(aids["aide"]):
        parameters = select_rows(aids, aide=aid)
        found = dict(zip(parameters["parametre"], parameters["valeur"], strict=True))
        printed = select_rows(texts, aide=aid)
        wording = dict(zip(printed["element"], printed["texte"], strict=True))
        amounts = []
        if "part_du_loyer" in found:
            amounts.append(f"{format_percent_value(found['part_du_loyer'], 0)} du loyer")
        if "plafond" in found:
            prefix = "dans la limite de" if amounts else "plafond de"
            amounts.append(f"{prefix} {format_euros(found['plafond'])}")
        if "montant" in found:
            amounts.append(format_euros(found["montant"]))
        amount = ", ".join(amounts)
        frequency = f"{format_number(found['frequence'])} fois par an" if "frequence" in found else ""
        rows_out.append(
            {
                "Aide": wording.get("libelle") or get_schema().labels(aids.attrs["table"], "aide")[aid],
                "Montant": upper_first(amount),
                "Nombre d'aides par an": frequency,
                "Condition préalable": wording.get("condition", ""),
            }
        )
    frame = pd.DataFrame(
        rows_out, columns=["Aide", "Montant", "Nombre d'aides par an", "Condition préalable"]
    )
    return Table(frame, caption, tuple(aids["source"]) + tuple(texts["source"]))


def pdalhpd_table(
    actions: pd.DataFrame,
    caption: str = "Actions du PDALHPD 2024-2030 dont la Métropole est pilote opérationnel",
) -> Table:
    """The PDALHPD table of §3.3.1: one row per modality, with its axis and action as printed.

    >>> from lda_analysis.contract.data import load_table
    >>> table = pdalhpd_table(load_table("territoire_pdalhpd_actions"))
    >>> len(table.frame), table.frame.iloc[-1]["Modalité"]
    (4, 'Modalité 2 : Rendre plus lisibles et efficaces les dispositifs')
    """
    rows_out = []
    for axis in dict.fromkeys(actions["axe"]):
        cells = select_rows(actions, axe=axis).sort_values("rang")
        texts = {
            element: list(cells.loc[cells["element"] == element, "texte"])
            for element in ("axe", "action", "modalite")
        }
        for modality in texts["modalite"] or [""]:
            rows_out.append(
                {"Axe": " ".join(texts["axe"]), "Action": " ".join(texts["action"]), "Modalité": modality}
            )
    frame = pd.DataFrame(rows_out, columns=["Axe", "Action", "Modalité"])
    return Table(frame, caption, tuple(actions["source"]))


def review_overview_table(
    review: pd.DataFrame, caption: str = "Les actions du bilan des trois années"
) -> Table:
    """One row per action of the review (§3.2.1 and §3.2.2), in the rapport's order: the action,
    its title (as printed, else the schema's) and whether it met difficulties or worked best. The
    source line cites the paragraphs where the titles are printed.

    >>> from lda_analysis.contract.data import load_table
    >>> table = review_overview_table(load_table("territoire_bilan_actions"))
    >>> table.frame["Action"].tolist()
    ['Action 1', 'Action 5', 'Action 15', 'Action 2', 'Action 6', 'Action 7', 'Action 16']
    """
    schema = get_schema()
    names = schema.vocabularies["action"]
    verdicts = schema.labels(review.attrs["table"], "bilan")
    rows_out, used = [], []
    for action in dict.fromkeys(review["action"]):
        lines = select_rows(review, action=action)
        titles = lines[lines["element"] == "titre"]
        shown = titles.iloc[0] if len(titles) else lines.iloc[0]
        title = shown["texte"] if len(titles) else names.get(action, action)
        prefix = f"Action {action}. "
        title = title.removeprefix(prefix)
        rows_out.append({"Action": f"Action {action}", "Intitulé": title, "Bilan": verdicts[shown["bilan"]]})
        used.append(shown["source"])
    frame = pd.DataFrame(rows_out, columns=["Action", "Intitulé", "Bilan"])
    return Table(frame, caption, tuple(used))


# Short names of the actions and funding of §1.18.1, for a table (the schema has sentences).
DISPOSITIF_NAMES = {
    "aivs": "AIVS (action 9)",
    "pacte_13bis": "Pacte des solidarités : action 13bis élargie",
    "pacte_cllaj": "Pacte des solidarités : CLLAJ Alinéa",
}


def other_actions_table(
    other_actions: pd.DataFrame,
    caption: str = "Actions liées au plan hors crédits de l'AMI : les chiffres du rapport",
) -> Table:
    """The figures of §1.18.1 in four short columns: action or funding (short name), measure, year
    and value formatted with its unit.

    >>> from lda_analysis.contract.data import load_table
    >>> table = other_actions_table(load_table("territoire_autres_actions"))
    >>> table.frame.iloc[2].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['AIVS (action 9)', 'Financement basculé sur la troisième année du Plan LDA, au prorata des mois
     à exécuter', '2023', '76\u202f670\xa0€']
    """
    schema_names = labels(other_actions, "dispositif")
    frame = pd.DataFrame(
        {
            "Action ou financement": [
                DISPOSITIF_NAMES.get(code, name)
                for code, name in zip(other_actions["dispositif"], schema_names, strict=True)
            ],
            "Mesure": labels(other_actions, "mesure"),
            "Année": ["" if pd.isna(year) else str(year) for year in other_actions["annee"]],
            "Valeur": [
                format_value(number, unit)
                for number, unit in zip(other_actions["valeur"], other_actions["unite"], strict=True)
            ],
        },
        columns=["Action ou financement", "Mesure", "Année", "Valeur"],
    )
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

    >>> from lda_analysis.contract.data import load_table
    >>> frame = amounts_chart_frame(load_table("territoire_autres_actions"))
    >>> frame[["label", "valeur"]].values.tolist()[1]
    ["AIVS : financement basculé sur l'année 3 du plan LDA", 76670.0]
    """
    amounts = select_rows(other_actions, unite="euros")
    long_labels = (labels(amounts, "dispositif") + " — " + labels(amounts, "mesure")).tolist()
    amounts["label"] = [
        AMOUNT_LABELS.get(key, long_label)
        for key, long_label in zip(
            zip(amounts["dispositif"], amounts["mesure"], strict=True), long_labels, strict=True
        )
    ]
    return amounts


def scst_chart_frame(scst: pd.DataFrame) -> pd.DataFrame:
    """The SCST's contributions with a label each (the measure, and its year when it has one).

    >>> from lda_analysis.contract.data import load_table
    >>> scst_chart_frame(load_table("territoire_financement_scst"))["label"].tolist()[1:]
    ['Contribution annuelle la plus haute (2021-2023)', 'Engagement de financement (2024)']
    """
    result = labelled(scst, "mesure")
    result["label"] = [
        label if pd.isna(year) else f"{label} ({year})"
        for label, year in zip(result["label"], scst["annee"], strict=True)
    ]
    return result
