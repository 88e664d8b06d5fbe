"""Fiches actions: the sheets of the new actions of plan 2 (FA 5 adaptée, 17 to 24) printed in the
annexes, the budget of sheet 22 and the PPSMJ statistics attached to it, and the yearly follow-up of
every fiche action of the 2024-2027 roadmap (status, deliverables, indicators: tables ``fiches_*``),
which gives each yearly rapport of the convention a page per fiche (``notebooks/suivi/fa_<code>``)."""

from ..registry import PageTemplate, Requirement
from .pages import follow_up_page_title

TITLE = "Nouvelles fiches actions du plan 2"

PAGE_TEMPLATES = (PageTemplate("fiche_suivi", "suivi", "fa_", "action", follow_up_page_title),)

EDITION_DATA = (
    Requirement(
        "fiches_suivi", "periode", "statut des fiches actions de la feuille de route", reports=("annuel",)
    ),
)
