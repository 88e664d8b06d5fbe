"""What the annexes' pages show (« Données de l'ODH », « Enquête Le logement et moi », « Atelier Plan
LDA 2 »): tables, chart data and figures in words, computed from ``annexes_*``."""

from __future__ import annotations

import pandas as pd

from lda_analysis.blocks.formatting import format_number, format_percent_value, format_value, share_text
from lda_analysis.blocks.tables import Table, figures_table, grouped
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import kept, one_row, sources

from .computations import (
    MTPM,
    VAR,
    brake_readings,
    contributions_count,
    group_short_label,
    method_minutes,
    survey_figure,
    var_mtpm,
    var_mtpm_total,
)


def var_mtpm_table(
    frame: pd.DataFrame,
    category: str,
    header: str,
    caption: str,
    unit: str,
    total_label: str | None = None,
    printed_total: str | None = None,
) -> Table:
    """Var and Métropole side by side, with the Métropole's share of the Var.

    ``printed_total`` is the category code of a total printed by the document: it is left out of the
    detail rows and shown last, after the sum of the details computed here (``total_label``).
    """
    labels = get_schema().labels(frame.attrs["table"], category)
    territories = get_schema().labels(frame.attrs["table"], "territoire")
    details = frame[frame[category] != printed_total] if printed_total else frame
    rows = var_mtpm(details, category)
    lines = [
        (labels.get(code, code), var, mtpm, share) for code, var, mtpm, share in rows.itertuples(index=False)
    ]
    if total_label:
        total = var_mtpm_total(details, category)
        lines.append((total_label, total["var"], total["mtpm"], total["share"]))
    if printed_total:
        printed = var_mtpm(frame[frame[category] == printed_total], category).iloc[0]
        lines.append(
            (f"{labels[printed_total]} (total imprimé)", printed["var"], printed["mtpm"], printed["share"])
        )
    table = pd.DataFrame(
        {
            header: [line[0] for line in lines],
            territories[VAR]: [format_value(line[1], unit) for line in lines],
            territories[MTPM]: [format_value(line[2], unit) for line in lines],
            "Part de MTPM dans le Var": [format_percent_value(line[3], 0) for line in lines],
        }
    )
    return Table(table, caption, sources(frame))


def var_mtpm_long(frame: pd.DataFrame, category: str, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Var and Métropole figures for :func:`charts.bar_chart`: French labels of the category (sorted
    by the Var's figure, largest first) and of the territory (the series), with the value.

    >>> from lda_analysis.contract.data import load_table
    >>> long = var_mtpm_long(load_table("annexes_menages_115"), "composition", ("ensemble",))
    >>> long["label"].iloc[0], long["territoire"].iloc[0], float(long["valeur"].iloc[0])
    ('Homme seul', 'Var (département entier)', 1701.0)
    """
    labels = get_schema().labels(frame.attrs["table"], category)
    territories = get_schema().labels(frame.attrs["table"], "territoire")
    rows = var_mtpm(frame[~frame[category].isin(exclude)], category)
    rows = rows.sort_values("var", ascending=False, kind="stable")
    long = [
        {"label": labels.get(code, code), "territoire": territories[territory], "valeur": value}
        for code, var, mtpm in rows[[category, "var", "mtpm"]].itertuples(index=False)
        for territory, value in ((VAR, var), (MTPM, mtpm))
    ]
    return pd.DataFrame(long, columns=["label", "territoire", "valeur"])


def survey_share_text(figures: pd.DataFrame, indicator: str) -> str:
    """A percentage stated by the survey's slides, formatted for a sentence.

    >>> from lda_analysis.contract.data import load_table
    >>> survey_share_text(load_table("annexes_enquete_chiffres"), "anciens_locataires")
    '75,4\xa0%'
    """
    return share_text(survey_figure(figures, indicator))


def brake_readings_table(figures: pd.DataFrame, shares: pd.DataFrame) -> Table:
    """The table of :func:`brake_readings`, in French."""
    readings = brake_readings(figures, shares)
    indicators = get_schema().labels("annexes_enquete_chiffres", "indicateur")
    kinds = get_schema().labels("annexes_enquete_chiffres", "nature_chiffre")
    frame = pd.DataFrame(
        {
            "Chiffre de la diapositive": [indicators[code] for code in readings["indicator"]],
            "Valeur imprimée": [format_percent_value(value, 0) for value in readings["sentence"]],
            "Nature": [kinds[kind] for kind in readings["nature_chiffre"]],
            "Modalités du graphique": readings["categories"].tolist(),
            "Somme des modalités (calculée)": [
                format_percent_value(value, 0) for value in readings["computed"]
            ],
        }
    )
    used = figures[figures["indicateur"].isin(readings["indicator"])]
    brakes = shares[shares["question"] == "freins_acces_logement"]
    return Table(
        frame, "Les phrases sur les freins et le graphique qu'elles commentent", sources(used, brakes)
    )


def _duration(value: float, unit: str) -> str:
    return f"{format_number(value)}\xa0{'min' if unit == 'minutes' else 'h'}"


def method_table(method: pd.DataFrame) -> Table:
    """The steps of the sub-group work and their duration, the computed sum and the printed total."""
    steps = method[method["etape"] != "total"]
    total = one_row(method, etape="total")
    minutes = method_minutes(method)
    frame = pd.DataFrame(
        {
            "Étape": [*steps["libelle"], "Total des étapes (calculé)", "Durée annoncée (imprimée)"],
            "Durée": [
                *(
                    _duration(value, unit)
                    for value, unit in zip(steps["valeur"], steps["unite"], strict=True)
                ),
                _duration(minutes["computed"], "minutes"),
                _duration(total["valeur"], total["unite"]),
            ],
        }
    )
    return Table(frame, "Déroulé du travail en sous-groupe (méthode des « 3 C »)", sources(method))


def elements_table(elements: pd.DataFrame, rubriques: tuple[str, ...], caption: str) -> Table:
    """Some lists of the workshop's framing slides (``annexes_atelier_elements``), in the given order
    of lists, each list's name shown once."""
    rows = kept(pd.concat([elements[elements["rubrique"] == code] for code in rubriques]), elements)
    return grouped(figures_table(rows, {"rubrique": "Rubrique", "texte": "Élément"}, caption), ("Rubrique",))


def contributions_long(restitution: pd.DataFrame) -> pd.DataFrame:
    """The counts of :func:`contributions_count` for a stacked bar chart: group label, column label
    (the series) and count."""
    columns = get_schema().labels("annexes_atelier_restitution", "categorie")
    groups = get_schema().labels("annexes_atelier_restitution", "groupe")
    counts = contributions_count(restitution)
    return pd.DataFrame(
        {
            "label": [groups[code] for code in counts["groupe"]],
            "column": [columns[code] for code in counts["categorie"]],
            "count": counts["count"].astype(float).tolist(),
        }
    )


def restitution_table(restitution: pd.DataFrame, group: str) -> Table:
    """What one sub-group proposes to stop, keep and create: one row per contribution, its column
    (marked when the column is uncertain, the extraction of the slide having lost its layout), the
    heading of its block and its text."""
    columns = get_schema().labels("annexes_atelier_restitution", "categorie")
    rows = restitution[restitution["groupe"] == group]
    frame = pd.DataFrame(
        {
            "Colonne": [
                columns[code] + (" (placement incertain)" if placement == "incertain" else "")
                for code, placement in zip(rows["categorie"], rows["placement"], strict=True)
            ],
            "Bloc": rows["rubrique"].tolist(),
            "Contribution": rows["texte"].tolist(),
        }
    )
    return grouped(
        Table(
            frame,
            f"Restitution du {group_short_label(group).lower()} : cesser, conserver, créer",
            sources(rows),
        ),
        ("Colonne", "Bloc"),
    )
