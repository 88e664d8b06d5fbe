"""Consistency checks of the annexes domain (see lda_analysis.domains.checks).

The annexes give the ODH / SIAO / SNE figures shown at the Plan LDA 2 workshop, the survey « Le logement
et moi » (114 answers, published as rounded percentages) and the workshop itself. The checks verify:

- the printed totals (households who called the 115, territories of the AMI, competences transferred,
  duration of the sub-group work) against their details, and MTPM <= Var for every line of the ODH
  tables, the Métropole being part of the département;
- the survey: every distribution sums to 100 % within rounding; a percentage of all the people
  interviewed must be ``k / 114`` for some whole ``k``, and the single-choice « type de population »
  must be the rounding of whole counts adding up to 114 (concordance: a mismatch means the
  percentages are computed on fewer answers than the 114 announced); the sentences that restate a
  chart agree with it;
- the workshop: the three printed versions of each theme agree, the agenda is continuous, the list of
  annexes (§6) agrees with the page numbers printed in the annexes.

The checks are in two parts: :mod:`.odh_enquete` (the ODH / SIAO / SNE figures and the survey)
and :mod:`.atelier` (the workshop Plan LDA 2 and the list of annexes).
"""

# Importing the parts registers their checks, in this order: the order of their results, which is
# the order of the report (not the alphabet).
# isort: off
from . import odh_enquete  # noqa: F401
from . import atelier  # noqa: F401
# isort: on
