"""Redaction: the text the Métropole writes each year for the rapport of the convention 2024-2027
(table ``redaction_textes``): per fiche action of the roadmap, the faits marquants, observations and
perspectives; per chapter, the introduction and what we retain of the year. Each text belongs to the
reporting period of its edition; an expected text not written is shown « texte à rédiger », listed
by the build, and an error in strict mode."""

from ..registry import EditionGap, TemplateRows
from .computations import TABLE, missing_gaps, template_texts

TITLE = "Texte de l'année"

EDITION_GAPS = (EditionGap(("annuel",), missing_gaps, TABLE),)
TEMPLATE_ROWS = (TemplateRows(TABLE, template_texts),)
