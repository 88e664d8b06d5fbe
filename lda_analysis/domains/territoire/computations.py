"""Computations of the territoire domain: the rapport's review chapters (§1.18 other actions, §2
partnership, §3.1 to §3.3 overall review), on the tables ``territoire_*``.

Nothing here types a figure of the document; sums, ratios and changes are computed from the rows.
"""

from __future__ import annotations

import pandas as pd

from lda_analysis.contract.selection import kept, select_rows, value

from ..finances.computations import prorata

# Lines of the extracted text (sources/rapport_execution_2021_2024.txt) where each part of the
# rapport starts and ends, to select the rows a page's section prints (by their ``ligne_source``).
SECTIONS: dict[str, tuple[int, int]] = {
    "1.18": (3799, 3912),
    "2": (3914, 4343),
    "3.1": (4345, 4469),
    "3.2": (4470, 5028),
    "3.3": (5029, 5258),
}


def in_section(frame: pd.DataFrame, section: str) -> pd.DataFrame:
    """The rows printed in a part of the rapport (``"1.18"``, ``"2"``, ``"3.2"``…), by source line.

    >>> from lda_analysis.contract.data import load_table
    >>> events = in_section(load_table("territoire_evenements"), "2")
    >>> list(events["rang"])[:3], list(events["rang"])[-1]
    ([6, 7, 8], 23)
    """
    first, last = SECTIONS[section]
    lines = frame["ligne_source"]
    return kept(frame[lines.notna() & (lines >= first) & (lines <= last)], frame)


def enumeration(enumerations: pd.DataFrame, liste: str) -> pd.DataFrame:
    """The items of one list of ``territoire_enumerations``, by rank.

    >>> from lda_analysis.contract.data import load_table
    >>> list(enumeration(load_table("territoire_enumerations"), "methode_3c")["texte"])
    ['cesser', 'conserver', 'créer']
    """
    return kept(select_rows(enumerations, liste=liste).sort_values("rang"), enumerations)


def aivs_prorata(other_actions: pd.DataFrame) -> float:
    """The AIVS' 2022 funding prorated to the months left to run (the document prints it rounded).

    >>> from lda_analysis.contract.data import load_table
    >>> round(aivs_prorata(load_table("territoire_autres_actions")), 2)
    76666.67
    """
    return prorata(
        value(other_actions, dispositif="aivs", mesure="financement_initial"),
        value(other_actions, dispositif="aivs", mesure="mois_a_executer"),
    )


def engagement_ratio(scst: pd.DataFrame) -> float:
    """How many times the SCST's 2024 commitment exceeds its highest yearly contribution (2021-2023).

    >>> from lda_analysis.contract.data import load_table
    >>> round(engagement_ratio(load_table("territoire_financement_scst")), 1)
    6.2
    """
    return value(scst, mesure="engagement") / value(scst, mesure="contribution_annuelle_max")


def relocation_counts(cmc: pd.DataFrame) -> pd.DataFrame:
    """Households rehoused by the CMC, one row per year of the convention (in the plan's order).

    >>> from lda_analysis.contract.data import load_table
    >>> counts = relocation_counts(load_table("territoire_relogement_cmc"))
    >>> counts[["periode", "valeur"]].values.tolist()
    [['2021-2022', 10.0], ['2022-2023', 20.0]]
    """
    counts = select_rows(cmc, mesure="menages_reloges")
    return kept(counts[counts["periode"] != ""].sort_values("periode"), cmc)
