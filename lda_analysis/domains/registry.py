"""The contract between the generic layers and the report's domains.

Each domain of :data:`lda_analysis.DOMAINS` is a package ``lda_analysis/domains/<domaine>/`` holding
``schema.yaml`` (its tables), ``computations.py``, ``checks.py`` and ``pages.py``. Its
``__init__.py`` gives its French ``TITLE`` and, when the domain has one, what it brings to an
edition of the book:

- ``EDITION_DATA``: the figures each edition must have for its own year (:class:`Requirement`);
- ``EDITION_GAPS``: what else an edition may lack for its year, the year's text (:class:`EditionGap`);
- ``TEMPLATE_ROWS``: rows a new edition's workbook offers beyond the previous year's (:class:`TemplateRows`);
- ``CALENDAR``: the convention's calendar, which says which years an edition can report on
  (:class:`Calendar`; exactly one domain has it);
- ``PAGE_TEMPLATES``: notebooks run once per value of a parameter (:class:`PageTemplate`);
- ``BOOK_PAGES``: Markdown pages written from the data at build time (:class:`GeneratedPage`), like
  the glossary of sigles.

The generic code (edition, pages, checks, build) asks the domains through :func:`contributions`,
so that it never names one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pandas as pd

import lda_analysis
from lda_analysis.contract.data import Tables

# What a page hook is called with: the edition being built (:class:`lda_analysis.domains.edition.Edition`),
# which is made from the domains: named, not imported (the domains' registry is below the editions).
EditionArgument = Any


@dataclass(frozen=True)
class Requirement:
    """A figure every edition is expected to have for its own year (or reporting period); only the
    editions of the kinds of rapport ``reports``."""

    table: str
    column: str  # "year" or "period"
    label: str
    reports: tuple[str, ...] = ("bilan", "annuel")


@dataclass(frozen=True)
class EditionGap:
    """What the editions of the kinds of rapport ``reports`` may lack for their reporting period,
    beyond figures: ``missing(tables, period)`` lists it in French (the year's text still to write),
    like the missing figures (shown in the book, an error in strict mode); ``table``: the table where
    it is filled in, which the strict mode's error names."""

    reports: tuple[str, ...]
    missing: Callable[[Tables, str | None], list[str]]
    table: str = ""


@dataclass(frozen=True)
class TemplateRows:
    """Rows a new edition's workbook offers to fill in ``table``, beyond those of the previous
    period: ``rows(tables, period)`` gives their identifying columns (the period included)."""

    table: str
    rows: Callable[[Tables, str], pd.DataFrame]


@dataclass(frozen=True)
class ReportScope:
    """What the rapport of an edition reports on: its kind (``bilan``: the bilan of a plan, the
    rapport d'exécution 2021-2024; ``annuel``: a yearly rapport of the convention 2024-2027), the
    reporting period of its year, the period its title names and the convention it reports to.

    >>> scope = ReportScope(2025, "annuel", "plan_lda_2", "2024-2025", "2024-2025", "2024-2027")
    >>> scope.title, scope.convention_title
    ("Rapport d'exécution 2024-2025", 'Convention pluriannuelle d’objectifs 2024-2027')
    """

    year: int
    kind: str
    plan: str
    period: str
    # The period the rapport's title names: the whole plan for a bilan, the year's period otherwise.
    covered: str
    convention: str

    @property
    def title(self) -> str:
        return f"Rapport d'exécution {self.covered}"

    @property
    def convention_title(self) -> str:
        return f"Convention pluriannuelle d’objectifs {self.convention}"


@dataclass(frozen=True)
class Calendar:
    """The reporting periods of the convention, read from a table of the data."""

    table: str
    # The years an edition can be made for, from the calendar table.
    edition_years: Callable[[pd.DataFrame], list[int]]
    # The reporting period (a ``period`` code) of the edition of a year, or None.
    edition_period: Callable[[pd.DataFrame, int], str | None]
    # The calendar years a ``period`` code covers, first to last (``2024-2025`` -> 2024, 2025).
    period_years: Callable[[str], range]
    # What the rapport of the edition of a year reports on.
    edition_scope: Callable[[pd.DataFrame, int], ReportScope]


@dataclass(frozen=True)
class PageTemplate:
    """A notebook run once per value of ``parameter`` to make the pages under ``folder``:
    ``notebooks/<folder>/<prefix><value>``, titled ``title(tables, value)``."""

    notebook: str
    folder: str
    prefix: str
    parameter: str
    title: Callable[[Tables, str], str]


def _no_configuration(edition: EditionArgument) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page of the book written from an edition's data at build time, and the Sphinx
    configuration it needs (e.g. the glossary's terms). ``file`` is its path in the book's sources,
    as the table of contents cites it (``book/sigles.md``)."""

    file: str
    markdown: Callable[[EditionArgument], str]
    sphinx_config: Callable[[EditionArgument], dict[str, Any]] = field(default=_no_configuration)


def domain(name: str) -> ModuleType:
    """The package of a domain, by its name (as ``data/`` names it)."""
    return importlib.import_module(f"{__package__}.{name}")


def contributions(hook: str) -> list[Any]:
    """What the domains declare under ``hook`` (a tuple each), in the order of the domains.

    >>> [requirement.table for requirement in contributions("EDITION_DATA")]
    ['acces_logement_social', 'fsl', 'finances_synthese', 'finances_plan2_credits', 'fiches_suivi']
    """
    found: list[Any] = []
    for name in lda_analysis.DOMAINS:
        found.extend(getattr(domain(name), hook, ()))
    return found


def titles() -> dict[str, str]:
    """The French title of each domain, in the order of the domains."""
    return {name: domain(name).TITLE for name in lda_analysis.DOMAINS}
