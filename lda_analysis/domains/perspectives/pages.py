"""What the pages of §4 and §5 show: « Perspectives » (the roadmap), « Les quatre orientations »,
« La demande de financement 2024-2025 » and « Tableau des sigles » (a Sphinx glossary, written
from the data at build time). Tables are :class:`~lda_analysis.blocks.tables.Table` objects (French
headers, escaped cells, source line); sentences are :class:`~lda_analysis.blocks.statements.Statement`
objects; chart data are long frames for :func:`lda_analysis.blocks.charts.bar_chart`.
"""

from __future__ import annotations

import math

import pandas as pd

from lda_analysis.blocks.formatting import format_euros, format_number, format_sources, upper_first
from lda_analysis.blocks.statements import Statement, escape_markdown
from lda_analysis.blocks.tables import Table, figures_table
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema

from ..actions.computations import action_list, action_number
from .computations import (
    AXES,
    COUNTS,
    FUNDING,
    GROUPS,
    MEANING_IN_TEXT,
    OFFICIAL_MEANING,
    ORIENTATION_GROUPS,
    TABLE_OF_SIGLES,
    axis_short_label,
    carried_over,
    funding_request,
    funding_sources,
    orientation_actions,
    orientation_counts,
    orientation_title,
    sigle_forms,
    sort_key,
)

# ------------------------------------------------------------------------------------------------
# The roadmap 2024-2027


def roadmap_table(frame: pd.DataFrame, axe: str) -> Table:
    """The fiches actions of one axis of the roadmap (from :func:`roadmap`): sub-axis, the fiche's
    line as the roadmap prints it, and where it stands in plan 2; the axis without sub-axes
    (transversal) has no sub-axis column."""
    rows = frame[frame["axe"] == axe]
    sub_axes = get_schema().labels(AXES, "sous_axe")
    columns = {}
    if (rows["sous_axe"] != "").any():
        # Each sub-axis is named once, on its first row, as the document prints it.
        codes = list(rows["sous_axe"])
        columns["Sous-axe du plan national"] = [
            sub_axes.get(code, "") if rank == 0 or codes[rank - 1] != code else ""
            for rank, code in enumerate(codes)
        ]
    columns["Fiche action (intitulé de la feuille de route)"] = list(rows["texte"])
    columns["Dans le plan 2"] = list(rows["situation"])
    return Table(pd.DataFrame(columns), get_schema().labels(AXES, "axe")[axe], roadmap_sources(rows))


def roadmap_sources(frame: pd.DataFrame) -> tuple[str, ...]:
    """The sources of rows of :func:`roadmap`: the roadmap's, then those the situations come from."""
    return (*frame["source"], *(basis for basis in frame["basis"] if basis))


def roadmap_chart_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Fiches actions per axis and group, long form for :func:`charts.bar_chart` (display labels,
    groups in the order of :data:`GROUPS`, groups without any action left out)."""
    actions = frame[frame["action"] != ""]
    records = []
    for group, label in GROUPS.items():
        if not (actions["group"] == group).any():
            continue
        for axe in dict.fromkeys(actions["axe"]):
            count = int(((actions["axe"] == axe) & (actions["group"] == group)).sum())
            records.append({"axe": axis_short_label(axe), "groupe": label, "actions": count})
    return pd.DataFrame(records, columns=["axe", "groupe", "actions"])


# ------------------------------------------------------------------------------------------------
# The four orientations


def orientation_table(tables: Tables, orientation: int) -> Table:
    """The table of actions of one orientation (§4.1 to 4.4): decision, period, title, comment."""
    return figures_table(
        orientation_actions(tables, orientation),
        {
            "decision": "Décision",
            "periode": "Période",
            "texte": "Intitulé de l'action",
            "commentaire": "Commentaire",
        },
        f"Les actions du plan LDA 2 pour l'orientation « {orientation_title(tables, orientation)} »",
    )


def orientation_chart_frame(tables: Tables) -> pd.DataFrame:
    """:func:`orientation_counts` with display labels (« 1. L'interconnaissance… »), for a chart."""
    counts = orientation_counts(tables)
    return pd.DataFrame(
        {
            "orientation": [
                f"{number}. {orientation_title(tables, number, 'liste')}" for number in counts["orientation"]
            ],
            "groupe": [ORIENTATION_GROUPS[group] for group in counts["group"]],
            "actions": counts["actions"],
        }
    )


# ------------------------------------------------------------------------------------------------
# The 2024-2025 funding request


def funding_table(funding: pd.DataFrame) -> Table:
    """The §4.5 table: AMI request, co-financing and total cost by category, the totals computed
    from the lines, and the part of the request carried over from plan 1."""
    request = funding_request(funding)
    categories = get_schema().labels(FUNDING, "typologie")
    totals = request[["ami", "cofinancing", "total_cost"]].sum()
    rows = [
        [
            categories[row.rubrique],
            format_euros(row.ami),
            format_euros(row.cofinancing),
            format_euros(row.total_cost),
        ]
        for row in request.itertuples()
    ]
    rows.append(
        [
            "Total (calculé)",
            format_euros(totals["ami"]),
            format_euros(totals["cofinancing"]),
            format_euros(totals["total_cost"]),
        ]
    )
    rows.append(
        [
            "dont report du plan 1 (crédits non consommés en année 1)",
            format_euros(carried_over(funding)),
            "",
            "",
        ]
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "Typologie",
            "Demande de financement AMI",
            "Co-financements MTPM et autres partenaires",
            "Coût total des actions",
        ],
    )
    return Table(
        frame, "Plan LDA 2 : demande de financement 2024-2025 et co-financements", funding_sources(funding)
    )


def funding_chart_frame(funding: pd.DataFrame) -> pd.DataFrame:
    """The request by category, long form for a stacked :func:`charts.bar_chart`: AMI request and
    co-financing for the continued and the new actions."""
    request = funding_request(funding)
    categories = get_schema().labels(FUNDING, "typologie")
    records = [
        {"categorie": categories[row.rubrique], "poste": post, "montant": getattr(row, column)}
        for row in request.itertuples()
        for post, column in (("Demande AMI", "ami"), ("Co-financements (MTPM et partenaires)", "cofinancing"))
    ]
    return pd.DataFrame(records, columns=["categorie", "poste", "montant"])


def totals_statement(funding: pd.DataFrame) -> Statement:
    """Whether the totals computed from the lines reproduce the TOTAL line the document prints.

    >>> from lda_analysis.contract.data import load_table
    >>> print(totals_statement(load_table("perspectives_financement")).text)  # doctest: +ELLIPSIS
    Les totaux calculés à partir des deux lignes reproduisent la ligne « TOTAL » imprimée...
    """
    request = funding_request(funding)
    printed = funding[(funding["emplacement"] == "tableau") & (funding["typologie"] == "total")]
    printed = printed.set_index("poste")["valeur"]
    posts = get_schema().labels(FUNDING, "poste")
    gaps = []
    for post, column in (
        ("demande_ami", "ami"),
        ("cofinancement", "cofinancing"),
        ("cout_total", "total_cost"),
    ):
        computed = float(request[column].sum())
        if post in printed and not math.isclose(computed, float(printed[post])):
            gaps.append(
                f"{posts[post].lower()} : {format_euros(computed)} calculés, "
                f"{format_euros(float(printed[post]))} imprimés"
            )
    if not gaps:
        return Statement(
            "Les totaux calculés à partir des deux lignes reproduisent la ligne « TOTAL » "
            "imprimée par le document, colonne par colonne."
        )
    return Statement(
        "Les totaux calculés à partir des deux lignes diffèrent de la ligne « TOTAL » "
        f"imprimée : {' ; '.join(gaps)}."
    )


def _amount(value: float) -> str:
    return "" if math.isnan(value) else format_euros(value)


def request_by_action_table(frame: pd.DataFrame, category: str) -> Table:
    """The actions of one category of :func:`request_by_action`: action, AMI request, co-financing
    and detail; a column that the data leave empty for every action is left out."""
    rows = frame[frame["rubrique"] == category]
    label = get_schema().labels(COUNTS, "categorie")[category]
    table = pd.DataFrame(
        {
            "Action": list(rows["title"]),
            "Demande AMI": [_amount(value) for value in rows["ami"]],
            "Co-financement": [_amount(value) for value in rows["cofinancing"]],
            "Précision": list(rows["detail"]),
        }
    )
    empty = [column for column in ("Demande AMI", "Co-financement", "Précision") if not table[column].any()]
    return Table(table.drop(columns=empty), upper_first(label), tuple(rows["source"]))


# Short names of the categories with an AMI request, for a chart's legend.
CHART_CATEGORIES = {
    "poursuivies_avec_demande_ami": "Action poursuivie",
    "nouvelles_avec_demande_ami": "Nouvelle action",
}


def request_chart_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The AMI request of each action that asks for one, long form for a stacked
    :func:`charts.bar_chart` (one colour per category)."""
    asked = frame[frame["ami"].fillna(0) > 0]
    return pd.DataFrame(
        {
            "action": [f"FA {action_number(code)}" for code in asked["action"]],
            "categorie": [CHART_CATEGORIES[code] for code in asked["rubrique"]],
            "montant": asked["ami"].astype(float),
        }
    ).reset_index(drop=True)


def reconciliation_statement(frame: pd.DataFrame, funding: pd.DataFrame) -> Statement:
    """Whether the amounts of the actions (pages of §1, fiches of the annexes) add up to the lines of
    the §4.5 table, for the AMI request and the co-financing of the new actions.

    >>> from lda_analysis.contract.data import load_tables
    >>> from lda_analysis.domains.perspectives.computations import request_by_action
    >>> data = load_tables()
    >>> text = reconciliation_statement(request_by_action(data), data["perspectives_financement"]).text
    >>> print(text.replace("\\u202f", " ").replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Additionnés, les montants des actions reproduisent les lignes du tableau : demande AMI des
    actions à poursuivre ou renouveler, 227 500 € ; demande AMI des nouvelles actions, 178 000 € ;
    co-financements des nouvelles actions, 52 000 €.
    """
    request = funding_request(funding).set_index("rubrique")
    continued = frame["rubrique"] == "poursuivies_avec_demande_ami"
    new = frame["rubrique"].isin(["nouvelles_avec_demande_ami", "sans_demande_financement"])
    comparisons = (
        (
            "demande AMI des actions à poursuivre ou renouveler",
            frame.loc[continued, "ami"],
            request.loc["poursuivre_renouveler", "ami"],
        ),
        ("demande AMI des nouvelles actions", frame.loc[new, "ami"], request.loc["nouvelles", "ami"]),
        (
            "co-financements des nouvelles actions",
            frame.loc[new, "cofinancing"],
            request.loc["nouvelles", "cofinancing"],
        ),
    )
    same, different = [], []
    for subject, amounts, printed in comparisons:
        computed = float(amounts.fillna(0).sum())
        if math.isclose(computed, float(printed)):
            same.append(f"{subject}, {format_euros(computed)}")
        else:
            different.append(
                f"{subject} : {format_euros(computed)} pour les actions, "
                f"{format_euros(float(printed))} dans le tableau"
            )
    sentences = []
    if same:
        sentences.append(
            f"Additionnés, les montants des actions reproduisent les lignes du tableau : {' ; '.join(same)}."
        )
    if different:
        sentences.append(f"Ils s'en écartent pour : {' ; '.join(different)}.")
    return Statement(" ".join(sentences))


def category_counts_table(found: pd.DataFrame, counts: pd.DataFrame) -> Table:
    """:func:`category_counts` as a table: the printed count next to the actions the data name."""
    categories = get_schema().labels(COUNTS, "categorie")

    def named(row) -> str:
        if row.actions:
            return action_list(row.actions)
        return f"{format_number(row.named)} actions sans numéro de fiche" if row.named else ""

    table = pd.DataFrame(
        {
            "Période": list(found["periode"]),
            "Catégorie": [upper_first(categories[code]) for code in found["rubrique"]],
            "Nombre imprimé (§4.5)": [format_number(value) for value in found["printed"]],
            "Actions identifiées dans les données": [format_number(value) for value in found["named"]],
            "Lesquelles": [named(row) for row in found.itertuples()],
        }
    )
    return Table(
        table,
        "Nombre d'actions par catégorie : le résumé du §4.5 et les actions identifiées",
        tuple(counts["source"]),
    )


def category_counts_statement(found: pd.DataFrame) -> Statement:
    """Whether the actions the data name (:func:`category_counts`) are as many as the §4.5 summary
    prints, category by category.

    >>> from lda_analysis.contract.data import load_tables
    >>> from lda_analysis.domains.perspectives.computations import category_counts, request_by_action
    >>> data = load_tables()
    >>> found = category_counts(request_by_action(data), data["perspectives_nombre_actions"])
    >>> print(category_counts_statement(found).text)  # doctest: +NORMALIZE_WHITESPACE
    Pour 2024-2025, les données nomment autant d'actions que le résumé dans chaque catégorie. Actions
    en cours de réflexion (2026-2027) : le résumé en compte 7, les données en nomment 6.
    """
    categories = get_schema().labels(COUNTS, "categorie")
    sentences = []
    for period in dict.fromkeys(found["periode"]):
        rows = found[found["periode"] == period]
        same = rows[rows["printed"] == rows["named"]]
        if len(same) == len(rows) and len(rows) > 1:
            sentences.append(
                f"Pour {period}, les données nomment autant d'actions que le résumé dans chaque catégorie."
            )
        elif len(same) == len(rows):
            row = rows.iloc[0]
            sentences.append(
                f"{upper_first(categories[row['rubrique']])}"
                f" ({period}) : les données en nomment autant que le résumé "
                f"({format_number(row['printed'])})."
            )
        for row in rows[rows["printed"] != rows["named"]].itertuples():
            label = categories[row.rubrique]
            sentences.append(
                f"{upper_first(label)} ({period}) : le résumé en compte "
                f"{format_number(row.printed)}, les données en nomment "
                f"{format_number(row.named)}."
            )
    return Statement(" ".join(sentences))


# ------------------------------------------------------------------------------------------------
# Sigles (§5)


def _glossary_origin(row) -> str:
    """Where the meaning of a sigle comes from, said under its definition when it is not the
    rapport's table of sigles."""
    if row.origine == OFFICIAL_MEANING:
        return "Signification officielle : le rapport emploie ce sigle sans le développer."
    if row.origine == MEANING_IN_TEXT:
        return f"Signification donnée par le document : {row.source}."
    return ""


def glossary_markdown(sigles: pd.DataFrame, title: str = "5 Tableau des sigles") -> str:
    """The MyST page of the glossary: one entry per sigle in alphabetical order, with its other
    spellings in the text as terms of the same entry, its meaning and, when the meaning does not
    come from the rapport's table of sigles, where it comes from; ``title`` is the rapport
    d'exécution 2021-2024's chapter 5, or « Sigles » in a yearly rapport.

    >>> from lda_analysis.contract.data import load_table
    >>> page = glossary_markdown(load_table("perspectives_sigles")).splitlines()
    >>> page[6:9]
    ['AAJ', "  Accélérateur de l\\\\'Autonomie des Jeunes", '']
    >>> page[page.index("PPSMJ") + 1 : page.index("PPSMJ") + 4]
    ['PPMSJ', '  Personnes Placées Sous Main de Justice', '']
    """
    lines = [
        f"# {title}",
        "",
        "Les sigles du rapport et leur signification : ceux du tableau des sigles du rapport, et ceux que "
        "le texte emploie sans que le tableau les donne. Pour ces derniers, la définition dit d'où vient "
        "la signification : le passage du document qui la donne ou, à défaut, la signification officielle. "
        "Dans la version en ligne, un sigle est relié à sa définition la première fois qu'il apparaît sur "
        "une page.",
        "",
        ":::{glossary}",
        "",
    ]
    ordered = sigles.assign(_order=sigles["sigle"].map(sort_key)).sort_values("_order", kind="stable")
    for row in ordered.itertuples(index=False):
        lines += [escape_markdown(form) for form in sigle_forms(row.sigle, row.variantes)]
        lines.append(f"  {escape_markdown(row.texte)}")
        remarks = " ".join(text for text in (_glossary_origin(row), row.note) if text)
        if remarks:
            lines += ["", f"  *{escape_markdown(remarks)}*"]
        lines.append("")
    table = sigles[sigles["origine"] == TABLE_OF_SIGLES]["source"]
    lines += [":::", "", f"*{escape_markdown(format_sources(table))}*", ""]
    return "\n".join(lines)
