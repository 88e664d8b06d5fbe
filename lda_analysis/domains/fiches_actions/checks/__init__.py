"""Consistency checks of the fiches_actions domain (see lda_analysis.domains.checks).

The new action sheets of plan 2 (annexes p. 405 to 431): their amounts printed twice, unit costs
times quantities against the announced budgets, the detailed budget of sheet 22 and the statistics
on persons under judicial supervision (PPSMJ) attached to it; then the sheets against the §4.5
funding table and the §4 figures on actions 20 to 22.

>>> from lda_analysis.contract.data import load_tables
>>> from lda_analysis.domains.fiches_actions.checks.fiches import fa22_budget_result
>>> [result.status for result in fa22_budget_result(load_tables())]
['conforme', 'conforme']

The checks are in four parts: :mod:`.fiches` (the sheets and the budget of sheet 22),
:mod:`.ppsmj` (the statistics on persons under judicial supervision), :mod:`.rapport` (the
sheets against the rapport's §4.5, §4 and §1.6) and :mod:`.suivi` (the yearly follow-up of the
roadmap's fiches, whose tables only the yearly rapports of the convention 2024-2027 hold).
"""

# Importing the parts registers their checks, in this order: the order of their results, which is
# the order of the report (not the alphabet).
# isort: off
from . import fiches  # noqa: F401
from . import ppsmj  # noqa: F401
from . import rapport  # noqa: F401
from . import suivi  # noqa: F401
# isort: on
