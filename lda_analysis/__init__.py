"""lda_analysis: data, indicators and book of the Plan Logement d'Abord of the Métropole Toulon
Provence Méditerranée (MTPM).

Modules, one concern each:

- :mod:`~lda_analysis.schema`: the data contract (tables, columns, vocabularies, unit bounds);
- :mod:`~lda_analysis.data`: loading and validating the CSV tables of a data folder;
- :mod:`~lda_analysis.edition`: the parameters of an edition (year, data folder) and its data;
- :mod:`~lda_analysis.indicators`: evolutions, gaps, ratios (pure functions on tables);
- :mod:`~lda_analysis.statements`: French sentences computed from the indicators;
- :mod:`~lda_analysis.formatting`: French number formats (babel);
- :mod:`~lda_analysis.tables` and :mod:`~lda_analysis.charts`: what the book shows;
- :mod:`~lda_analysis.build`: papermill + Jupyter Book orchestration; :mod:`~lda_analysis.cli`.
"""

__version__ = "0.1.0"
