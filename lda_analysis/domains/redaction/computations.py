"""Computations of the redaction domain: which texts the rapport of a year expects, which of them
the analyst wrote, and which are still to write.

Pure functions on the table ``redaction_textes`` and on the 2024-2027 roadmap
(``perspectives_feuille_de_route``), whose fiches actions each have a page in a yearly rapport.
"""

from __future__ import annotations

import pandas as pd

TABLE = "redaction_textes"
ROADMAP = "perspectives_feuille_de_route"
# The texts of the chapters a yearly rapport expects: (page, rubrique).
CHAPTER_TEXTS = (
    ("introduction", "introduction"),
    ("synthese_financiere", "observations"),
    ("engagements", "observations"),
    ("bilan", "ce_que_nous_retenons"),
)
# The texts each fiche action's page expects.
ACTION_RUBRIQUES = ("faits_marquants", "observations", "perspectives")
COLUMNS = ["page", "action", "rubrique"]


def roadmap_actions(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The fiches actions of the 2024-2027 roadmap, in its order.

    >>> from lda_analysis.contract.data import load_tables
    >>> actions = roadmap_actions(load_tables())
    >>> len(actions), actions[:3]
    (25, ['3', '4', '8'])
    """
    roadmap = tables[ROADMAP].sort_values("rang")
    return list(dict.fromkeys(roadmap["action"]))


def expected_texts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The texts a yearly rapport expects (page, action, rubrique): the chapters' and, for each fiche
    action of the roadmap, its faits marquants, observations and perspectives.

    >>> from lda_analysis.contract.data import load_tables
    >>> expected = expected_texts(load_tables())
    >>> len(expected), tuple(expected.iloc[4])
    (79, ('action', '3', 'faits_marquants'))
    """
    rows = [{"page": page, "action": "", "rubrique": rubrique} for page, rubrique in CHAPTER_TEXTS]
    rows += [
        {"page": "action", "action": action, "rubrique": rubrique}
        for action in roadmap_actions(tables)
        for rubrique in ACTION_RUBRIQUES
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def period_texts(tables: dict[str, pd.DataFrame], period: str | None) -> pd.DataFrame:
    """The texts written for the reporting ``period``, in the order of their paragraphs."""
    texts = tables[TABLE]
    found = texts[texts["periode"] == period].sort_values(COLUMNS + ["rang"])
    return found.reset_index(drop=True)


def missing_texts(tables: dict[str, pd.DataFrame], period: str | None) -> pd.DataFrame:
    """The expected texts (:func:`expected_texts`) with no paragraph written for ``period``."""
    written = set(period_texts(tables, period)[COLUMNS].itertuples(index=False, name=None))
    expected = expected_texts(tables)
    absent = [row not in written for row in expected.itertuples(index=False, name=None)]
    return expected[absent].reset_index(drop=True)


def template_texts(tables: dict[str, pd.DataFrame], period: str) -> pd.DataFrame:
    """The rows a new edition's workbook offers to write: one per expected text not yet written for
    ``period`` (first paragraph; the analyst adds rows for more)."""
    missing = missing_texts(tables, period)
    return missing.assign(periode=period, rang=1)


def missing_gaps(tables: dict[str, pd.DataFrame], period: str | None) -> list[str]:
    """What an edition lacks of its year's text, in French, one item per page (for the build's list
    and strict mode).

    >>> from lda_analysis.contract.data import load_tables
    >>> gaps = missing_gaps(load_tables(), "2024-2025")
    >>> len(gaps), gaps[0]
    (29, "texte à rédiger pour 2024-2025 : introduction du rapport (page d'accueil)")
    >>> gaps[4]
    'texte à rédiger pour 2024-2025 : fiche action 3 (faits marquants, observations, perspectives)'
    """
    from lda_analysis.contract.schema import get_schema

    schema = get_schema()
    rubriques, pages = schema.labels(TABLE, "rubrique"), schema.labels(TABLE, "page")
    found: dict[str, list[str]] = {}
    for row in missing_texts(tables, period).itertuples():
        if row.page == "action":
            found.setdefault(f"fiche action {row.action}", []).append(rubriques[row.rubrique].lower())
        else:
            found.setdefault(pages[row.page][:1].lower() + pages[row.page][1:], [])
    return [
        f"texte à rédiger pour {period} : {where}" + (f" ({', '.join(items)})" if items else "")
        for where, items in found.items()
    ]
