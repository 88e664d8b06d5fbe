"""Perspectives: §4 and §5 of the rapport, the 2024-2027 roadmap of plan 2, its four orientations,
the 2024-2025 funding request and the table of sigles, which the book turns into a glossary linked
from the whole text (tables ``perspectives_*``)."""

from ..registry import GeneratedPage
from .computations import SIGLES, glossary_terms
from .pages import glossary_markdown

TITLE = "Perspectives 2024-2027 et demande de financement"

# The page « 5 Tableau des sigles » (book/sigles.md), written from the data at each build; the
# Sphinx extension lda_analysis.book_build.sphinx_book links the sigles of the text to it.
BOOK_PAGES = (
    GeneratedPage(
        "book/sigles.md",
        lambda edition: glossary_markdown(
            edition.tables[SIGLES], "5 Tableau des sigles" if edition.scope.kind == "bilan" else "Sigles"
        ),
        lambda edition: {"lda_glossary_terms": glossary_terms(edition.tables[SIGLES])},
    ),
)
