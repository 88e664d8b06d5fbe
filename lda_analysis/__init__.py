"""lda_analysis: the data, the computations and the book of the rapport d'exécution of the Plan
Logement d'Abord of the Métropole Toulon Provence Méditerranée (MTPM).

The library has one package per domain of the report, named as ``data/`` names its tables, over a
generic layer that names no domain::

    data/<domaine>_*.csv
        │  generic: schema (contract), data (load + validate), selection (rows and figures)
        ▼
    lda_analysis/domains/<domaine>/  schema.yaml    its tables: columns, codes, units
                             computations.py its figures: totals, evolutions, ratios (pure functions)
                             checks.py      its consistency checks (they call its computations)
                             pages.py       the tables, charts and sentences its pages show
        │  generic: formatting (babel), dates, statements, tables, charts (rendering)
        ▼
    notebooks/*.ipynb  ── edition (year, data folder) ── notebooks (papermill) ── build ── cli
                                                          quality, workbook, provenance, sphinx_book

The domains, in the order of the report (:data:`DOMAINS`): ``indicateurs`` (headline indicators:
access to social housing, demand pressure, FSL; the front page's key figures), ``finances``
(convention, préambule, financial synthesis, calendar), ``actions`` (pages of the actions of plan 1),
``territoire`` (§1.18 to §3: other actions, partnership, overall review), ``perspectives`` (§4-§5:
roadmap, orientations, 2024-2025 funding request, sigles), ``annexes`` (ODH / SIAO / SNE figures,
survey, workshop), ``fiches_actions`` (sheets of the new actions, FA 22 budget, PPSMJ; the yearly
follow-up of plan 2's fiches actions), ``engagements`` (the engagements of the convention 2024-2027 and their
état year by year), ``redaction`` (the text the Métropole writes for each yearly
rapport of the convention 2024-2027).
:mod:`lda_analysis.domains.registry` says what each domain package contributes to the generic layers.
"""

__version__ = "0.5.0"

# The report's domains, in the order of the rapport d'exécution; each is a package of this one.
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
