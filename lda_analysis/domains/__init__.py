"""The report's domains: one package each, named as ``data/`` names its tables, and what they share.

The domains, in the order of the report (:data:`lda_analysis.DOMAINS`): ``indicateurs``,
``finances``, ``actions``, ``territoire``, ``perspectives``, ``annexes``, ``fiches_actions``,
``engagements``, ``redaction``. Each holds its ``schema.yaml`` (its tables), ``computations.py``
(its figures, pure functions), ``checks.py`` or ``checks/`` (its consistency checks, which call its
computations) and ``pages.py`` (the tables, charts and sentences its pages show); its
``__init__.py`` gives its title and what it brings to an edition.

Beside them, what no single domain owns but every domain uses, naming none of them:

- :mod:`.registry`: what a domain declares (data expected each year, the convention's calendar,
  page templates, pages written from the data) and :func:`~.registry.contributions`, through which
  the other layers ask the domains without naming one;
- :mod:`.checks`: the consistency checks' framework (registration, statuses, summary);
- :mod:`.edition`: an edition, its year, what its rapport reports on, the tables and rows it sees;
- :mod:`.comparison`: what changed between two editions' data;
- :mod:`.quality`: the annexes about the data (dictionary, checks, quality, points of attention).

This layer imports the data contract (:mod:`lda_analysis.contract`) and the building blocks
(:mod:`lda_analysis.blocks`), never the build, the publication or the command line
(``tests/test_layers.py``). Guarantees: every figure a page shows is computed by its domain's
functions from ``data/`` (none is typed in a notebook), and every total the document prints is
checked against its detail rows. Proved by the domains' tests (``tests/test_<domaine>.py``:
computations and pages; ``tests/test_data_<domaine>.py``: data and checks),
``tests/test_checks.py``, ``tests/test_edition.py`` and ``tests/test_points_attention.py``.
"""
