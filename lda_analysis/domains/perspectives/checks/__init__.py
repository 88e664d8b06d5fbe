"""Consistency checks of the perspectives domain (see lda_analysis.domains.checks).

§4 of the rapport d'exécution (« Perspectives : nouvelle feuille de route 2024-2027 ») gives the
2024-2027 roadmap, four tables of actions (one per orientation of the Plan LDA 2 workshop), the
funding table of the 2024-2025 AMI request and a summary of the number of actions per category.
The coherence checks verify the printed totals of the funding table and the printed counts of the
lists; the concordance checks compare the places of §4 that give the same figure.

The checks are in two parts: :mod:`.coherence` (the printed totals and counts of §4) and
:mod:`.concordance` (the places of §4, and of other parts of the document, that give the same
figure).
"""

# Importing the parts registers their checks, in this order: the order of their results, which is
# the order of the report (not the alphabet).
# isort: off
from . import coherence  # noqa: F401
from . import concordance  # noqa: F401
# isort: on
