"""lda_analysis: the data, the computations and the book of the rapport d'exécution of the Plan
Logement d'Abord of the Métropole Toulon Provence Méditerranée (MTPM).

Its folders are its layers, from the top down; each imports only the layers below it
(``tests/test_layers.py``)::

    cli/           the command line: lda-book, make release
    book_build/    the build: plan, execution (papermill, kernels, workers), records, Jupyter Book, watch
    publication/   PDF edition, workbook and its import, open data package, accessibility, release, serve
    domains/       one package per domain of the report, named as data/ names its tables:
                     schema.yaml (its tables), computations.py (its figures), checks (its consistency
                     checks, which call its computations), pages.py (what its pages show);
                   and what they share without naming one: registry, checks, edition, quality
    blocks/        the book's building blocks: formatting (babel), dates, typography, fonts,
                   statements, tables, charts, excel_export, toc
    contract/      the data contract: schema, data (load + validate), selection, provenance, digests

A figure travels ``data/<domaine>_*.csv`` → :mod:`~lda_analysis.contract.data` → its domain's
computations and pages → a notebook of ``notebooks/`` → the build → the published edition.

The domains, in the order of the report (:data:`DOMAINS`): ``indicateurs`` (headline indicators:
access to social housing, demand pressure, FSL; the front page's key figures), ``finances``
(convention, préambule, financial synthesis, calendar), ``actions`` (pages of the actions of plan 1),
``territoire`` (§1.18 to §3: other actions, partnership, overall review), ``perspectives`` (§4-§5:
roadmap, orientations, 2024-2025 funding request, sigles), ``annexes`` (ODH / SIAO / SNE figures,
survey, workshop), ``fiches_actions`` (sheets of the new actions, FA 22 budget, PPSMJ; the yearly
follow-up of plan 2's fiches actions), ``engagements`` (the engagements of the convention 2024-2027 and their
état year by year), ``redaction`` (the text the Métropole writes for each yearly
rapport of the convention 2024-2027).
:mod:`lda_analysis.domains.registry` says what each domain package contributes to the other layers.
"""

__version__ = "0.5.0"

# The report's domains, in the order of the rapport d'exécution; each is a package of lda_analysis.domains.
DOMAINS = (
    "indicateurs",
    "finances",
    "actions",
    "territoire",
    "perspectives",
    "annexes",
    "fiches_actions",
    "engagements",
    "redaction",
)
