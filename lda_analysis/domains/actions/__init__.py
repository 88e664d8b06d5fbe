"""Actions: the pages of the actions 1 to 16 of plan 1 (§1.1 to §1.17 of the rapport), with their
objectives, deliverables, indicators, amounts, milestones and follow-up (tables ``actions_*``). Each
page of the book is the notebook ``fiche_action`` run for one action."""

from ..registry import PageTemplate
from .computations import page_title

TITLE = "Fiches des actions du plan 1"

# Pages notebooks/actions/action_<code>, one per action, from the notebook fiche_action.ipynb.
PAGE_TEMPLATES = (PageTemplate("fiche_action", "actions", "action_", "action", page_title),)
