"""What the page of an action of plan 1 shows, selected from the tables of ``data/``, and how the
report numbers its fiches actions.

One function per block of the page: identity and status, objectives, deliverables, indicators,
subsidies (the financial synthesis, planned and consumed, and what the page itself prints), and what
follows in plan 2. Each takes the loaded tables and the action's code (``"1"``, ``"1bis"``,
``"11_12"``...) and returns a table in the document's order.
"""

from __future__ import annotations

import re

import pandas as pd

from lda_analysis.blocks.formatting import join_items
from lda_analysis.contract.data import Tables
from lda_analysis.contract.errors import EditionError
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import kept

# The page of actions 11 and 12 is common; elsewhere (synthesis, roadmap) they are two actions.
PAGE_CODES = {"11_12": ("11_12", "11", "12")}


def codes(action: str) -> tuple[str, ...]:
    """The action codes a page covers in the other tables.

    >>> codes("11_12")
    ('11_12', '11', '12')
    """
    return PAGE_CODES.get(action, (action,))


def page_actions(tables: Tables) -> list[str]:
    """The codes of the action pages, in the order of the rapport (§1.1 to §1.17).

    >>> from lda_analysis.contract.data import load_tables
    >>> page_actions(load_tables())[:3]
    ['1', '1bis', '2']
    """
    return list(tables["actions_fiches"]["action"])


def _select(tables: Tables, name: str, action: str, column: str = "action") -> pd.DataFrame:
    frame = tables[name]
    return kept(frame[frame[column].isin(codes(action))], frame)


def fiche(tables: Tables, action: str) -> pd.Series:
    """The identity row of an action's page (title, section, operator, partners, final status)."""
    rows = _select(tables, "actions_fiches", action)
    if rows.empty:
        raise EditionError(
            f"Action inconnue « {action} ». Actions du plan 1 : {', '.join(page_actions(tables))}."
        )
    return rows.iloc[0]


def page_title(tables: Tables, action: str) -> str:
    """The page's title as the rapport numbers it.

    >>> from lda_analysis.contract.data import load_tables
    >>> page_title(load_tables(), "2")
    '1.3 Action 2 : Révision du FSL'
    """
    row = fiche(tables, action)
    return f"{row['section']} {row['texte']}"


def objectives(tables: Tables, action: str) -> pd.DataFrame:
    """The action's objectives (and the wording of the action), as printed."""
    return _select(tables, "actions_objectifs", action)


def deliverables(tables: Tables, action: str) -> pd.DataFrame:
    """The deliverables with their state, by reporting table (2021-2023, 2023-2024...)."""
    return _select(tables, "actions_livrables", action)


def figure_period(row) -> str:
    """When a figure of an action's page applies: the period as printed, else the convention year,
    else the calendar year the page gives (« En 2022 : 37 ménages accompagnés »), else nothing.

    >>> figure_period({"periode_imprimee": "1er semestre 2024", "periode": "", "annee": 2024})
    '1er semestre 2024'
    >>> figure_period({"periode_imprimee": "", "periode": "2021-2022", "annee": None})
    '2021-2022'
    >>> figure_period({"periode_imprimee": "", "periode": "", "annee": 2022})
    '2022'
    """
    for column in ("periode_imprimee", "periode", "annee"):
        value = row[column]
        if value is not None and not pd.isna(value) and str(value) != "":
            return str(value)
    return ""


def indicators(tables: Tables, action: str) -> pd.DataFrame:
    """Every figure of the page (results, targets, parameters) with its period: ``periode_imprimee``
    says when each applies (:func:`figure_period`), whichever of its columns the page gives.

    >>> from lda_analysis.contract.data import load_tables
    >>> indicators(load_tables(), "14")[["libelle", "periode_imprimee"]].values.tolist()[:2]
    [['Ménages accompagnés', '2022'], ['Personnes accompagnées', '2022']]
    """
    rows = _select(tables, "actions_indicateurs", action).copy()
    rows["periode_imprimee"] = [figure_period(row) for _, row in rows.iterrows()]
    return rows


def synthesis(tables: Tables, action: str) -> pd.DataFrame:
    """The action's lines of the financial synthesis: planned, consumed, not consumed, by year."""
    return _select(tables, "finances_synthese", action)


# What makes two amounts of an action's page the same subsidy.
SUBSIDY_IDENTITY = ("periode", "nature", "financeur", "beneficiaire", "valeur")


def printed_subsidies(tables: Tables, action: str) -> pd.DataFrame:
    """The subsidies and co-financing as printed on the action's own page, each once: a page that
    prints the same subsidy again (same year, nature, funder, beneficiary and amount) recalls it, and
    the reminder's duration (``duree_mois``) completes the first row.

    >>> from lda_analysis.contract.data import load_tables
    >>> subsidies = printed_subsidies(load_tables(), "15")  # « Subvention N1 : 45 000 € », twice
    >>> subsidies[["periode", "valeur", "duree_mois"]].values.tolist()
    [['2021-2022', 45000.0, 18], ['2022-2023', 0.0, <NA>]]
    >>> printed_subsidies(load_tables(), "4").empty  # the page prints none
    True
    """
    rows = _select(tables, "finances_subventions_actions", action)
    identity = pd.Series(
        ["|".join(map(str, values)) for values in rows[list(SUBSIDY_IDENTITY)].itertuples(index=False)],
        index=rows.index,
        dtype=object,
    )
    months = (
        rows.groupby(identity, sort=False)["duree_mois"].transform("first")
        if len(rows)
        else rows["duree_mois"]
    )
    unique = rows.assign(duree_mois=months)[~identity.duplicated()]
    return kept(unique, rows)


def follow_up(tables: Tables, action: str) -> pd.DataFrame:
    """What follows: the final status, the next steps and the requests printed on the page."""
    return _select(tables, "actions_suites", action)


def roadmap(tables: Tables, action: str) -> pd.DataFrame:
    """Where the action stands in the 2024-2027 roadmap of plan 2 (axis, sub-axis, status)."""
    return _select(tables, "perspectives_feuille_de_route", action)


# ------------------------------------------------------------------------------------------------
# Numbers of the fiches actions (plan 1 and plan 2)


def action_number(code: str) -> str:
    """The number of a fiche action as the document writes it.

    >>> action_number("5_adaptee"), action_number("13bis"), action_number("11_12"), action_number("7")
    ('5 adaptée', '13 bis', '11-12', '7')
    """
    if code.endswith("_adaptee"):
        return f"{code.removesuffix('_adaptee')} adaptée"
    if code.endswith("bis"):
        return f"{code.removesuffix('bis')} bis"
    return code.replace("_", "-")


def action_label(code: str) -> str:
    """« FA <number> : <title> », the title from the schema's vocabulary of actions.

    >>> action_label("17")
    'FA 17 : Le LDA pour tous'
    """
    titles = get_schema().vocabularies["action"]
    return f"FA {action_number(code)} : {titles.get(code, code)}"


def fiche_order(code: str) -> tuple[int, str]:
    """A sort key that puts fiche actions in the order of their numbers (« 5 », « 5_adaptee », « 17 »).

    >>> sorted(["17", "5_adaptee", "1bis", "5", "1"], key=fiche_order)
    ['1', '1bis', '5', '5_adaptee', '17']
    """
    digits = re.match(r"\d*", code).group()
    return (int(digits) if digits else 0, code)


def action_list(actions) -> str:
    """Action codes as a French list of fiche numbers, in the order of the numbers.

    >>> action_list(["5_adaptee", "3", "1bis"])
    'FA 1 bis, FA 3 et FA 5 adaptée'
    """
    return join_items([f"FA {action_number(code)}" for code in sorted(actions, key=fiche_order)])
