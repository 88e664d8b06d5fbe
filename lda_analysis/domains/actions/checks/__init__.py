"""Consistency checks of the actions domain (see :mod:`lda_analysis.domains.checks`), in two parts:
:mod:`.pages` (what the page of each action of plan 1 must satisfy, and the figures it repeats) and
:mod:`.lecture` (what a careful reader checks across the report: the chronology of an action's
milestones, its status on its page, in the 2024-2027 roadmap and in the financial synthesis, and
the ratios one computes when reading a budget).
"""

# Importing the parts registers their checks, in this order: the order of their results.
# isort: off
from . import pages  # noqa: F401
from . import lecture  # noqa: F401
# isort: on
