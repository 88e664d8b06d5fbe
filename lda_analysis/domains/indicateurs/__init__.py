"""Indicateurs de tête: access to social housing (MTPM and the rest of the Var, 2017, 2021, 2024),
the pressure of demand on social housing and the FSL (tables ``acces_logement_social``,
``pression_demande``, ``fsl``), and the front page's key figures."""

from ..registry import Requirement

TITLE = "Indicateurs de tête"

# What the analyst fills in each year: an edition expects these figures for its own year.
EDITION_DATA = (
    Requirement(
        "acces_logement_social",
        "annee",
        "taux d'accès au logement social des personnes sortant d'hébergement et sans-abri (DDETS)",
    ),
    Requirement("fsl", "annee", "chiffres du FSL"),
)
