"""The glossary of sigles: the book's page « 5 Sigles » (a Sphinx glossary), written from the data.

The page is generated at build time from the table ``perspectives_sigles`` (the rapport's §5); the
Sphinx extension :mod:`lda_analysis.sphinx_book` then links sigles found in the text to it.
"""

from __future__ import annotations

import pandas as pd

from .formatting import format_sources
from .statements import escape_markdown

TABLE = "perspectives_sigles"


def glossary_terms(sigles: pd.DataFrame) -> list[str]:
    """The sigles, in the document's order.

    >>> from lda_analysis.data import load_table
    >>> glossary_terms(load_table("perspectives_sigles"))[:3]
    ['AHI', 'AMI', 'ASE']
    """
    return list(dict.fromkeys(sigles["sigle"]))


def glossary_markdown(sigles: pd.DataFrame) -> str:
    """The MyST page of the glossary: one entry per sigle with its meaning, and the source.

    >>> from lda_analysis.data import load_table
    >>> print(glossary_markdown(load_table("perspectives_sigles")).splitlines()[6:9])
    ['AHI', '  Accueil Hébergement Insertion', '']
    """
    lines = [
        "# 5 Tableau des sigles",
        "",
        "Les sigles du rapport et leur signification. Dans le livre, un sigle est relié à sa "
        "définition la première fois qu'il apparaît sur une page.",
        "",
        ":::{glossary}",
        "",
    ]
    for row in sigles.itertuples(index=False):
        lines += [escape_markdown(row.sigle), f"  {escape_markdown(row.text)}", ""]
    lines += [":::", "", f"*{escape_markdown(format_sources(sigles['source']))}*", ""]
    return "\n".join(lines)
