"""The contract between the generic layers and the report's domains.

Each domain of :data:`lda_analysis.DOMAINS` is a package ``lda_analysis/<domaine>/`` holding
``schema.yaml`` (its tables), ``computations.py``, ``checks.py`` and ``pages.py``. Its
``__init__.py`` gives its French ``TITLE`` and, when the domain has one, what it brings to an
edition of the book:

- ``EDITION_DATA``: the figures each edition must have for its own year (:class:`Requirement`);
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
from typing import TYPE_CHECKING, Any

import pandas as pd

import lda_analysis

from .data import Tables

if TYPE_CHECKING:  # an edition is built from the domains: no import at run time
    from .edition import Edition


@dataclass(frozen=True)
class Requirement:
    """A figure every edition is expected to have for its own year (or reporting period)."""

    table: str
    column: str  # "year" or "period"
    label: str


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


@dataclass(frozen=True)
class PageTemplate:
    """A notebook run once per value of ``parameter`` to make the pages under ``folder``:
    ``notebooks/<folder>/<prefix><value>``, titled ``title(tables, value)``."""

    notebook: str
    folder: str
    prefix: str
    parameter: str
    title: Callable[[Tables, str], str]


def _no_configuration(edition: Edition) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page of the book written from an edition's data at build time, and the Sphinx
    configuration it needs (e.g. the glossary's terms). ``file`` is its path in the book's sources,
    as the table of contents cites it (``book/sigles.md``)."""

    file: str
    markdown: Callable[[Edition], str]
    sphinx_config: Callable[[Edition], dict[str, Any]] = field(default=_no_configuration)


def domain(name: str) -> ModuleType:
    """The package of a domain, by its name (as ``data/`` names it)."""
    return importlib.import_module(f"{lda_analysis.__name__}.{name}")


def contributions(hook: str) -> list[Any]:
    """What the domains declare under ``hook`` (a tuple each), in the order of the domains.

    >>> [requirement.table for requirement in contributions("EDITION_DATA")]
    ['acces_logement_social', 'fsl', 'finances_synthese']
    """
    found: list[Any] = []
    for name in lda_analysis.DOMAINS:
        found.extend(getattr(domain(name), hook, ()))
    return found


def titles() -> dict[str, str]:
    """The French title of each domain, in the order of the domains."""
    return {name: domain(name).TITLE for name in lda_analysis.DOMAINS}
