"""Consistency checks of the finances domain (see :mod:`lda_analysis.domains.checks`).

The financial synthesis of years 1 to 3 (p. 10-11 of the rapport) lost its columns in the text
extraction: every amount of ``finances_synthese`` was placed in a year and a column. The coherence
checks below prove the placement: the lines must reproduce the six printed totals of the TOTAL line,
and the préambule's figures (the amounts allocated and consumed, and the amount not consumed,
explained action by action). The concordance checks compare the synthesis with the subsidies printed
on each action's page (``finances_subventions_actions``), the convention 2024-2027 with the rapport,
and the finances with the tables of other domains (``actions_montants``,
``territoire_autres_actions``, ``perspectives_financement``, ``perspectives_calendrier``).

The checks are in three parts: :mod:`.coherence` (rules the data must satisfy),
:mod:`.concordance` (two places of the document, or two domains, that give the same figure) and
:mod:`.plan2` (plan 2's yearly financial synthesis, on the editions of the yearly rapports only).
"""

# Importing the parts registers their checks, in this order: the order of their results, which is
# the order of the report (not the alphabet).
# isort: off
from . import coherence  # noqa: F401
from . import concordance  # noqa: F401
from . import plan2  # noqa: F401
# isort: on
