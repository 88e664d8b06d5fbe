"""Finances: the convention 2024-2027, the préambule's envelope, the financial synthesis of plan 1
(AMI credits planned and consumed, by action and year), the subsidies printed on the action pages,
and the convention's calendar, which says which years an edition can report on (tables
``finances_*``)."""

from ..registry import Calendar, Requirement, TemplateRows
from .computations import CALENDAR_TABLE, edition_period, edition_scope, edition_years, period_years
from .plan2 import template_requests

TITLE = "Convention, préambule et synthèse financière"

EDITION_DATA = (
    Requirement(
        "finances_synthese",
        "periode",
        "crédits de l'AMI prévus et consommés (synthèse financière)",
        reports=("bilan",),
    ),
    Requirement(
        "finances_plan2_credits",
        "periode",
        "crédits du plan LDA 2 versés, engagés et consommés par fiche action",
        reports=("annuel",),
    ),
)
CALENDAR = (Calendar(CALENDAR_TABLE, edition_years, edition_period, period_years, edition_scope),)


# The next avenant's request, one row per fiche action the period funds.
TEMPLATE_ROWS = (TemplateRows("finances_plan2_demandes", template_requests),)
