"""Consistency checks: the rebuilt tables must reproduce the totals the document prints, and two
places of the document that give the same figure are compared.

Two kinds of checks:

- ``coherence``: a rule the data must satisfy (details that sum to a printed total, a unit cost
  times a quantity equal to a budget...). A failure means the data are wrong: ``échec``.
- ``concordance``: two figures of the document that should agree (the financial synthesis and an
  action's own page...). A mismatch means the document contradicts itself: both figures are kept
  and the result is an ``écart`` listed in the book's data-quality page, not a failure.

Each domain module (``finances``, ``actions``...) declares its checks with :func:`check`; a check
takes the loaded tables and returns a list of :class:`CheckResult`.

>>> from lda_analysis.data import load_tables
>>> results = run_checks(load_tables())
>>> all(result.status != FAILED for result in results)
True
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

OK, FAILED, DISCREPANCY = "conforme", "échec", "écart"
COHERENCE, CONCORDANCE = "coherence", "concordance"
# Amounts are printed to the cent: two figures closer than this are equal.
TOLERANCE = 0.005
# Modules of this package that declare checks, one per domain of the data.
DOMAINS = {
    "indicateurs": "Indicateurs de tête",
    "finances": "Convention, préambule et synthèse financière",
    "actions": "Fiches des actions du plan 1",
    "territoire": "Autres actions, dynamique partenariale, bilan global",
    "perspectives": "Perspectives 2024-2027 et demande de financement",
    "annexes": "Annexes : données ODH, SIAO, SNE, enquête, atelier",
    "fiches_actions": "Nouvelles fiches actions du plan 2",
}

Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one comparison: what is verified, the printed figure and the computed one."""

    check: str
    title: str
    subject: str
    printed: float | str | None
    computed: float | str | None
    status: str
    sources: tuple[str, ...] = ()
    unit: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Check:
    """A registered check: its identifier, domain, kind and function."""

    id: str
    domain: str
    kind: str
    title: str
    function: Callable[[Tables], list[CheckResult]] = field(repr=False)


REGISTRY: dict[str, Check] = {}


def check(domain: str, title: str, kind: str = COHERENCE):
    """Register a check function under ``<domain>.<function name>``."""

    def register(function: Callable[[Tables], list[CheckResult]]):
        identifier = f"{domain}.{function.__name__}"
        if identifier in REGISTRY:
            raise ValueError(f"contrôle déclaré deux fois : {identifier}")
        REGISTRY[identifier] = Check(identifier, domain, kind, title, function)
        return function

    return register


def load_checks() -> dict[str, Check]:
    """Import every domain module so that its checks are registered; return the registry."""
    for domain in DOMAINS:
        importlib.import_module(f"{__name__}.{domain}")
    return REGISTRY


def run_checks(tables: Tables, domain: str | None = None) -> list[CheckResult]:
    """Run the registered checks (of one ``domain``, or all) on ``tables``, domain by domain."""
    results = []
    registry = load_checks()
    for name in DOMAINS if domain is None else (domain,):
        for registered in registry.values():
            if registered.domain == name:
                results.extend(registered.function(tables))
    return results


def _equal(first: float, second: float) -> bool:
    return math.isclose(first, second, abs_tol=TOLERANCE)


def _status(holds: bool, kind: str) -> str:
    """A rule that does not hold is a failure (coherence) or a discrepancy (concordance)."""
    if holds:
        return OK
    return FAILED if kind == COHERENCE else DISCREPANCY


def _figure(value: float | str | None) -> float | str | None:
    """A number stored as a float (as every result's figures), a text as is."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if is_number else value


def sum_result(identifier: str, title: str, subject: str, details: Iterable[float], printed: float,
               sources: Iterable[str], unit: str | None = None) -> CheckResult:
    """A coherence result: the sum of ``details`` must equal the ``printed`` total."""
    computed = float(sum(details))
    return CheckResult(identifier, title, subject, float(printed), computed,
                       _status(_equal(computed, printed), COHERENCE), tuple(dict.fromkeys(sources)), unit)


def equality_result(identifier: str, title: str, subject: str, printed: float, computed: float,
                    sources: Iterable[str], unit: str | None = None, kind: str = COHERENCE,
                    detail: str = "") -> CheckResult:
    """Compare two figures: a mismatch is a failure (coherence) or a discrepancy (concordance)."""
    status = _status(_equal(float(computed), float(printed)), kind)
    return CheckResult(identifier, title, subject, float(printed), float(computed), status,
                       tuple(dict.fromkeys(sources)), unit, detail)


def rule_result(identifier: str, title: str, subject: str, printed: float | str | None,
                computed: float | str | None, holds: bool, sources: Iterable[str],
                unit: str | None = None, *, kind: str = COHERENCE, detail: str = "") -> CheckResult:
    """A result whose rule is not an equality (a range, an inequality, two texts): ``holds`` says
    whether it is satisfied; if not, a failure (coherence) or a discrepancy (concordance)."""
    return CheckResult(identifier, title, subject, _figure(printed), _figure(computed), _status(holds, kind),
                       tuple(dict.fromkeys(sources)), unit, detail)


def select_rows(frame: pd.DataFrame, **where: object) -> pd.DataFrame:
    """The rows of ``frame`` whose every column named in ``where`` equals the value given."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


def one_row(frame: pd.DataFrame, **where: object) -> pd.Series:
    """The single row of ``frame`` matching ``where`` (see :func:`select_rows`).

    A missing or duplicated row is a data error: :class:`LookupError`, whose message names the table.

    >>> frame = pd.DataFrame({"measure": ["a", "b"], "source": ["Rapport", "Rapport"], "source_line": [10, 12]})
    >>> cited(one_row(frame, measure="b"))
    'Rapport, ligne 12'
    >>> one_row(frame, measure="c")
    Traceback (most recent call last):
    LookupError: table : 0 ligne(s) pour measure=c
    """
    rows = select_rows(frame, **where)
    if len(rows) != 1:
        described = ", ".join(f"{column}={value}" for column, value in where.items())
        raise LookupError(f"{frame.attrs.get('table', 'table')} : {len(rows)} ligne(s) pour {described}")
    return rows.iloc[0]


def cited(row: object) -> str:
    """Where a row comes from, for a result's sources: « <source>, ligne <source_line> », or the source
    alone if the row has no line. ``row`` is a Series or a tuple of ``itertuples``."""
    line = getattr(row, "source_line", None)
    if line is None or pd.isna(line):
        return str(row.source)
    return f"{row.source}, ligne {int(line)}"


def cited_rows(rows: pd.DataFrame | Iterable) -> list[str]:
    """The citation (:func:`cited`) of each row of a DataFrame, or of each row of an iterable."""
    if isinstance(rows, pd.DataFrame):
        rows = rows.itertuples(index=False)
    return [cited(row) for row in rows]


def decimal_comma(value: float) -> str:
    """A number as plain French text, for a result's subject or detail: « 75,4 », « 1200 ».

    >>> decimal_comma(75.4), decimal_comma(1200.0)
    ('75,4', '1200')
    """
    return f"{value:g}".replace(".", ",")


def summary(results: list[CheckResult]) -> dict[str, int]:
    """Number of results by status, in the order conforme, écart, échec."""
    return {status: sum(result.status == status for result in results)
            for status in (OK, DISCREPANCY, FAILED)}


def _shown(value: float | str | None, unit: str | None) -> str:
    from ..formatting import format_value

    if isinstance(value, float) and unit is not None:
        return format_value(value, unit)
    if isinstance(value, float):
        return decimal_comma(value)
    return str(value)


def report_text(results: list[CheckResult], show_all: bool = False) -> str:
    """French summary of the checks for the command line: counts, then each non-conforming result."""
    counts = summary(results)
    lines = [f"{len(results)} contrôles : {counts[OK]} conformes, {counts[DISCREPANCY]} écarts "
             f"documentés (le document se contredit), {counts[FAILED]} échecs."]
    for result in results:
        if result.status == OK and not show_all:
            continue
        lines.append(f"[{result.status}] {result.title} — {result.subject} : imprimé "
                     f"{_shown(result.printed, result.unit)}, données {_shown(result.computed, result.unit)}")
        if result.detail:
            lines.append(f"    {result.detail}")
    if counts[FAILED]:
        lines.append("Des contrôles échouent : corrigez les données (ligne, colonne) avant de publier.")
    return "\n".join(lines)
