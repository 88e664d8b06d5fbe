"""Consistency checks: the rebuilt tables must reproduce the totals the document prints, and two
places of the document that give the same figure are compared.

Two kinds of checks:

- ``coherence``: a rule the data must satisfy (details that sum to a printed total, a unit cost
  times a quantity equal to a budget...). A failure means the data are wrong: ``échec``.
- ``concordance``: two figures of the document that should agree (the financial synthesis and an
  action's own page...). A mismatch means the document contradicts itself: both figures are kept
  and the result is an ``écart`` listed in the book's data-quality page, not a failure.

Each domain declares its checks in ``lda_analysis/domains/<domaine>/checks.py`` (a package
``checks/`` for the domains with many) with :func:`check` (coherence) or :func:`concordance`; a
check takes the loaded tables and returns (or yields) its :class:`CheckResult`, computed by calling
the domain's computations. The result builders (:func:`equality_result`, :func:`rule_result`…)
leave out the check's title and kind: the check completes its results with them. A check that
finds nothing to compare says so (status ``non applicable``); a figure it designates that the
tables do not hold (no row, or several: :class:`~lda_analysis.contract.selection.RowError`) is a
failure naming the table.

>>> from lda_analysis.contract.data import load_tables
>>> results = run_checks(load_tables())
>>> all(result.status != FAILED for result in results)
True
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import FunctionType, ModuleType
from typing import Protocol

import pandas as pd

import lda_analysis
from lda_analysis.blocks.formatting import format_number, format_value
from lda_analysis.contract.data import Tables
from lda_analysis.contract.selection import RowError, same

from .registry import titles

OK, FAILED, DISCREPANCY, NOT_APPLICABLE = "conforme", "échec", "écart", "non applicable"
STATUSES = (OK, DISCREPANCY, FAILED, NOT_APPLICABLE)
COHERENCE, CONCORDANCE = "coherence", "concordance"
# The module of a domain package that declares its checks.
CHECKS_MODULE = "checks"
NOTHING_TO_COMPARE = "rien à comparer : les données ne contiennent pas les lignes que ce contrôle compare"
# The status the result builders give a rule that does not hold when no ``kind`` is given: the
# check that returns the result makes it a failure or a discrepancy, as its kind says
# (:meth:`Check.complete`). It never reaches a reader.
NOT_HELD = "non tenue"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one comparison: what is verified, the printed figure and the computed one.

    ``check`` is the identifier of the check (``<domaine>.<function>``), set with ``title`` (the
    check's, unless the result has one) by the check that returns it (:meth:`Check.complete`).
    """

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
    function: Callable[[Tables], list[CheckResult]] = field(repr=False)  # completes the results
    # Tables the check is about: it runs only on the editions that hold them all (a table of the
    # yearly rapports, ``rapport: annuel`` in the schema, is not in the 2021-2024 rapport's).
    needs: tuple[str, ...] = ()

    def complete(self, result: CheckResult) -> CheckResult:
        """``result`` as this check gives it: with its identifier, its title (unless the result
        has one) and, for a rule that does not hold (:data:`NOT_HELD`), the status of its kind."""
        status = _status(False, self.kind) if result.status == NOT_HELD else result.status
        return dataclasses.replace(result, check=self.id, title=result.title or self.title, status=status)


# The attribute of a check function that holds its declaration (:func:`check` sets it).
DECLARATION = "lda_check"


def check(title: str, kind: str = COHERENCE, needs: tuple[str, ...] = ()):
    """Declare a check function of ``lda_analysis/domains/<domaine>/checks.py`` (or of a module of the
    package ``checks/`` of a domain with many checks) as ``<domaine>.<function>``; ``needs``: the
    tables without which it does not apply (see :class:`Check`). The function's results need not
    say the check's title and kind: the function declared (and returned) completes them
    (:meth:`Check.complete`). The declaration is kept on that function, where :func:`load_checks`
    finds it: nothing is registered anywhere else."""

    def declare(function: Callable[[Tables], Iterable[CheckResult]]):
        domain = function.__module__.split(".")[2]  # lda_analysis.domains.<domaine>.checks[.part]
        identifier = f"{domain}.{function.__name__}"
        declared = Check(identifier, domain, kind, title, function, tuple(needs))

        @functools.wraps(function)
        def completed(tables: Tables) -> list[CheckResult]:
            return [declared.complete(result) for result in function(tables)]

        setattr(completed, DECLARATION, dataclasses.replace(declared, function=completed))
        return completed

    return declare


def _check_modules(module: ModuleType) -> list[ModuleType]:
    """A domain's checks module, or its package ``checks/`` and the modules of that package, in the
    order they were imported (the order their checks were declared in)."""
    inside = [
        value
        for value in vars(module).values()
        if isinstance(value, ModuleType) and value.__name__.startswith(f"{module.__name__}.")
    ]
    return [module, *inside] if hasattr(module, "__path__") else [module]


def concordance(title: str, needs: tuple[str, ...] = ()):
    """Register a concordance check: :func:`check` of kind ``concordance``."""
    return check(title, CONCORDANCE, needs)


def load_checks() -> dict[str, Check]:
    """Every domain's checks, by identifier: the functions its checks module declares with
    :func:`check`, in the order of the domains, then of their declarations."""
    found: dict[str, Check] = {}
    for domain in lda_analysis.DOMAINS:
        for module in _check_modules(importlib.import_module(f"{__package__}.{domain}.{CHECKS_MODULE}")):
            for value in vars(module).values():
                declared = getattr(value, DECLARATION, None) if isinstance(value, FunctionType) else None
                if declared is None:
                    continue
                if found.setdefault(declared.id, declared) is not declared:
                    raise ValueError(f"contrôle déclaré deux fois : {declared.id}")
    return found


def _run(registered: Check, tables: Tables) -> list[CheckResult]:
    """One check's results, each carrying the check's identifier; nothing found to compare is said
    (``non applicable``) and a designated row that the tables do not hold is a failure."""
    try:
        results = registered.function(tables)
    except RowError as error:
        message = str(error.args[0]) if error.args else str(error)
        detail = "ligne attendue absente (ou en double) des données"
        results = [CheckResult("", "", message, None, None, FAILED, detail=detail)]
    return [registered.complete(result) for result in results or [not_applicable(NOTHING_TO_COMPARE)]]


class ResultsMemory(Protocol):
    """What keeps checks' results from one build to the next (the build's
    :class:`lda_analysis.book_build.build_record.CheckMemory`): the kept results of ``check`` if its tables did
    not change, else those ``compute`` gives."""

    def run(self, check: str, compute: Callable[[], list[CheckResult]]) -> list[CheckResult]: ...


def run_checks(
    tables: Tables, domain: str | None = None, memory: ResultsMemory | None = None
) -> list[CheckResult]:
    """Run the registered checks (of one ``domain``, or all) on ``tables``, domain by domain; with
    ``memory``, a check whose tables did not change since its results were kept is not run again."""
    registry = load_checks()
    results = []
    for name in lda_analysis.DOMAINS if domain is None else (domain,):
        for registered in registry.values():
            if registered.domain != name or not all(table in tables for table in registered.needs):
                continue
            if memory is None:
                results.extend(_run(registered, tables))
            else:
                results.extend(
                    memory.run(registered.id, lambda registered=registered: _run(registered, tables))
                )
    return results


def results_by_domain(results: list[CheckResult]) -> list[tuple[str, list[CheckResult]]]:
    """The results grouped by domain, each group with the domain's French title, in the order of
    the domains; a domain without results is left out."""
    groups = []
    for name, title in titles().items():
        found = [result for result in results if result.check.startswith(f"{name}.")]
        if found:
            groups.append((title, found))
    return groups


def _status(holds: bool, kind: str | None) -> str:
    """A rule that does not hold is a failure (coherence) or a discrepancy (concordance); with no
    ``kind``, the check that returns it says which (:data:`NOT_HELD`)."""
    if holds:
        return OK
    if kind is None:
        return NOT_HELD
    return FAILED if kind == COHERENCE else DISCREPANCY


def _figure(value: float | str | None) -> float | str | None:
    """A number stored as a float (as every result's figures), a text as is."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if is_number else value


def sum_result(
    subject: str,
    details: Iterable[float],
    printed: float,
    sources: Iterable[str],
    unit: str | None = None,
    *,
    kind: str | None = None,
) -> CheckResult:
    """The sum of ``details`` must equal the ``printed`` total (:func:`equality_result`)."""
    return equality_result(subject, printed, float(sum(details)), sources, unit, kind=kind)


def equality_result(
    subject: str,
    printed: float,
    computed: float,
    sources: Iterable[str],
    unit: str | None = None,
    *,
    kind: str | None = None,
    detail: str = "",
) -> CheckResult:
    """Compare two figures: a mismatch is a failure (coherence) or a discrepancy (concordance), as
    ``kind`` says, by default the kind of the check that returns the result (:func:`rule_result`)."""
    holds = same(float(computed), float(printed))
    return rule_result(
        subject, float(printed), float(computed), holds, sources, unit, kind=kind, detail=detail
    )


def _rows_figure(rows: object) -> tuple[float, list[str]]:
    """The figure ``rows`` print and where: a row's ``value`` and its citation, or the sum of the
    values of a DataFrame's rows and the citation of each."""
    if isinstance(rows, pd.DataFrame):
        return rows["valeur"].sum(), cited_rows(rows)
    return rows.valeur, [cited(rows)]


def rows_equality(
    subject: str,
    printed: object,
    computed: object,
    unit: str | None = None,
    *,
    kind: str | None = None,
    detail: str = "",
) -> CheckResult:
    """Compare the figure a row prints with another row's (:func:`equality_result`), citing both:
    each side is a row (Series or ``itertuples`` tuple, its ``value``) or a DataFrame of rows (the
    sum of their values, each row cited).

    >>> preamble = pd.Series({"valeur": 845000.0, "source": "Préambule (p. 5)", "ligne_source": 98})
    >>> synthesis = pd.DataFrame({"valeur": [330000.0, 515000.0], "source": "Synthèse (p. 11)", "ligne_source": [1040, 1041]})
    >>> result = rows_equality("2021-2022", preamble, synthesis, "euros", kind=CONCORDANCE)
    >>> result.status, result.computed, result.sources
    ('conforme', 845000.0, ('Préambule (p. 5), ligne 98', 'Synthèse (p. 11), ligne 1040', 'Synthèse (p. 11), ligne 1041'))
    """
    printed_figure, printed_sources = _rows_figure(printed)
    computed_figure, computed_sources = _rows_figure(computed)
    sources = [*printed_sources, *computed_sources]
    return equality_result(subject, printed_figure, computed_figure, sources, unit, kind=kind, detail=detail)


def rows_sum(subject: str, details: pd.DataFrame, total: object, unit: str | None = None) -> CheckResult:
    """The values of the ``details`` rows must sum to the value of the ``total`` row
    (:func:`sum_result`); the total is cited first, then each detail.

    >>> total = pd.Series({"valeur": 845000.0, "source": "Synthèse (p. 11)", "ligne_source": 1043})
    >>> details = pd.DataFrame({"valeur": [330000.0, 515000.0], "source": "Synthèse (p. 11)", "ligne_source": [1040, 1041]})
    >>> rows_sum("2021-2022", details, total, "euros").status
    'conforme'
    """
    return sum_result(subject, details["valeur"], total.valeur, [cited(total), *cited_rows(details)], unit)


def rule_result(
    subject: str,
    printed: float | str | None,
    computed: float | str | None,
    holds: bool,
    sources: Iterable[str],
    unit: str | None = None,
    *,
    kind: str | None = None,
    detail: str = "",
) -> CheckResult:
    """A result whose rule is not an equality (a range, an inequality, two texts): ``holds`` says
    whether it is satisfied; if not, a failure (coherence) or a discrepancy (concordance), as
    ``kind`` says, by default the kind of the check that returns it (:data:`NOT_HELD`)."""
    return CheckResult(
        "",
        "",
        subject,
        _figure(printed),
        _figure(computed),
        _status(holds, kind),
        tuple(dict.fromkeys(sources)),
        unit,
        detail,
    )


def not_applicable(subject: str, detail: str = "") -> CheckResult:
    """A check that found nothing to compare, and says what it looked for."""
    return CheckResult("", "", subject, None, None, NOT_APPLICABLE, detail=detail)


def cited(row: object) -> str:
    """Where a row comes from, for a result's sources: « <source>, ligne <source_line> », or the source
    alone if the row has no line. ``row`` is a Series or a tuple of ``itertuples``.

    >>> cited(pd.Series({"source": "Rapport", "ligne_source": 12}))
    'Rapport, ligne 12'
    """
    line = getattr(row, "ligne_source", None)
    if line is None or pd.isna(line):
        return str(row.source)
    return f"{row.source}, ligne {int(line)}"


# Where a source names the page of the original document: « (p. 39-40) », « (annexes p. 409-413) ».
PAGE_IN_SOURCE = re.compile(r"\(((?:annexes )?p\. \d+(?:\s*[-–]\s*\d+)?)\)")
CONVENTION_SOURCE = "Convention 2024-2027, "


def place(row_or_source: object) -> str:
    """Where the original document prints a row, as its reader finds it: the page its source gives
    (« p. 39-40 », « annexes p. 409-413 »), the convention's article (« convention, article 2.3.1 »),
    or the source itself. ``row_or_source``: a row (Series or ``itertuples`` tuple) or its source.

    >>> place(pd.Series({"source": "Rapport d'exécution 2021-2024, §1.16 Action 15 (p. 39-40), observations"}))
    'p. 39-40'
    >>> place("Convention 2024-2027, article 2.3.2 « Versement des crédits Etat »")
    'convention, article 2.3.2'
    """
    source = str(row_or_source if isinstance(row_or_source, str) else row_or_source.source)
    page = PAGE_IN_SOURCE.search(source)
    if page:
        return page.group(1)
    if source.startswith(CONVENTION_SOURCE):
        return "convention, " + source.removeprefix(CONVENTION_SOURCE).split(" «")[0]
    return source


# A mention of lines of the extracted text, which a reader of the document cannot use: « , ligne
# 3521 », « (ligne 6058) », « (lignes 516-520) », « , ligne 2080 ».
LINE_MENTION = re.compile(
    r"\s*\(lignes? \d+(?:\s*(?:[-–à,]|et)\s*\d+)*\)|,?\s*\blignes? \d+(?:\s*(?:[-–à,]|et)\s*\d+)*"
)


def without_line_numbers(text: str) -> str:
    """``text`` without the line numbers of the extracted text file, for a page a partner reads: the
    sources give the section and the page of the original document (the data keep the line, column
    ``source_line``, and :func:`cited` cites it for the command line).

    >>> without_line_numbers("Rapport d'exécution 2021-2024, §1.16 Action 15 (p. 39-40), observations, ligne 3521")
    "Rapport d'exécution 2021-2024, §1.16 Action 15 (p. 39-40), observations"
    >>> without_line_numbers("La convention (lignes 516-520) dit 15 mois ; §4, ligne 5959 : 0,9")
    'La convention dit 15 mois ; §4 : 0,9'
    """
    return LINE_MENTION.sub("", text)


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


def figures_on_lines(
    tables: Tables,
    lines: Iterable[int],
    *,
    include: Callable[[str], bool],
    action: str | None = None,
    unit: str | None = None,
) -> list[tuple[str, object]]:
    """Rows of the figure tables (``include``\\ d by name) printed on some ``lines`` of the source
    document, of ``action`` and in ``unit`` when the table has those columns: the same figure stored
    by another domain, found by the line the back test ties it to. Returns (table, row) pairs, rows
    as tuples of ``itertuples``, in the order of the tables and of their rows."""
    wanted, found = set(lines), []
    for name, frame in tables.items():
        if not include(name) or not {"valeur", "ligne_source"} <= set(frame.columns):
            continue
        # Most tables print nothing on these lines: found without pandas' selection, which costs
        # more than the search (the consistency checks call this function for 25 sets of lines).
        positions = [position for position, line in enumerate(frame["ligne_source"]) if line in wanted]
        if not positions:
            continue
        selected = frame.iloc[positions]
        if action is not None and "action" in selected.columns:
            selected = selected[selected["action"].astype(str) == action]
        if unit is not None and "unite" in selected.columns:
            selected = selected[selected["unite"] == unit]
        found += [(name, row) for row in selected.itertuples(index=False)]
    return found


def summary(results: list[CheckResult]) -> dict[str, int]:
    """Number of results by status, in the order conforme, écart, échec, non applicable."""
    return {status: sum(result.status == status for result in results) for status in STATUSES}


def shown(value: float | str | None, unit: str | None) -> str:
    """A result's figure as the book and the command line show it ("" when the check compared none).

    >>> shown(35000.0, "euros").replace("\u202f", " ").replace("\xa0", " "), shown(75.4, None), shown(None, None)
    ('35 000 €', '75,40', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and unit:
        return format_value(value, unit)
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 2)
    return str(value)


# How the sources of the documents the data were taken from begin (the convention and the rapport
# d'exécution 2021-2024 with its annexes). A row taken from them also cites its line of the
# extracted text (« …, ligne 1083 », :func:`cited`); a source that does neither is an analyst's file.
DOCUMENT_SOURCES = ("Rapport d'exécution 2021-2024", "Annexe", "Convention")
DOCUMENT_LINE = re.compile(r", ligne \d+")


def typed_discrepancy(result: CheckResult) -> bool:
    """Whether a discrepancy involves figures typed for an edition (a source that is not one of the
    documents, :data:`DOCUMENT_SOURCES`): then it is not the document that contradicts itself.

    >>> typed_discrepancy(CheckResult("", "t", "s", 1.0, 2.0, DISCREPANCY, ("Tableau DDETS 2025",)))
    True
    >>> typed_discrepancy(CheckResult("", "t", "s", 1.0, 2.0, DISCREPANCY, ("Annexe « FA 20 »",)))
    False
    >>> typed_discrepancy(CheckResult("", "t", "s", 1.0, 2.0, DISCREPANCY, ("DDETS, §3.1, ligne 4401",)))
    False
    """
    return result.status == DISCREPANCY and any(
        not source.startswith(DOCUMENT_SOURCES) and not DOCUMENT_LINE.search(source)
        for source in result.sources
    )


def _discrepancies_words(results: list[CheckResult], count: int) -> str:
    contradictions = distinct_discrepancies(results)
    typed = sum(contradiction.typed for contradiction in contradictions)
    document = len(contradictions) - typed
    distinct = f"{document} contradiction{'s' if document > 1 else ''} distincte{'s' if document > 1 else ''}"
    if not typed:
        return f"{count} écarts documentés ({distinct} du document)"
    return f"{count} écarts documentés ({distinct} du document, {typed} entre des chiffres saisis pour une édition)"


def report_text(results: list[CheckResult], show_all: bool = False) -> str:
    """French summary of the checks for the command line: counts, then each non-conforming result
    (a discrepancy between figures typed for an edition is said so, not « le document se contredit »)."""
    counts = summary(results)
    lines = [
        f"{len(results)} contrôles : {counts[OK]} conformes, {_discrepancies_words(results, counts[DISCREPANCY])}, "
        f"{counts[FAILED]} échecs"
        + (f", {counts[NOT_APPLICABLE]} non applicables (rien à comparer)" if counts[NOT_APPLICABLE] else "")
        + "."
    ]
    for result in results:
        if result.status == OK and not show_all:
            continue
        status = "écart des chiffres saisis" if typed_discrepancy(result) else result.status
        lines.append(
            f"[{status}] {result.title} — {result.subject} : imprimé "
            f"{shown(result.printed, result.unit)}, données {shown(result.computed, result.unit)}"
        )
        if result.detail:
            lines.append(f"    {result.detail}")
    if counts[FAILED]:
        lines.append("Des contrôles échouent : corrigez les données (ligne, colonne) avant de publier.")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Distinct contradictions: several results may find the same disagreement of the document


@dataclass(frozen=True)
class Contradiction:
    """One disagreement of the document (or of the figures typed for an edition): the discrepancy
    results that find it, in the order of the checks. Its first figure is what the first passage
    says, its second what the other says."""

    results: tuple[CheckResult, ...]

    @property
    def title(self) -> str:
        return " ; ".join(dict.fromkeys(result.title for result in self.results))

    @property
    def subject(self) -> str:
        return " ; ".join(dict.fromkeys(result.subject for result in self.results))

    @property
    def detail(self) -> str:
        return " ".join(dict.fromkeys(result.detail for result in self.results if result.detail))

    def figures(self, rank: int) -> str:
        """The first (``rank`` 0, printed) or second (1, computed) figures, each once."""
        shown_figures = (
            shown(result.printed if rank == 0 else result.computed, result.unit) for result in self.results
        )
        return " ; ".join(dict.fromkeys(figure for figure in shown_figures if figure))

    def sources(self, rank: int) -> tuple[str, ...]:
        """Where the first passage (``rank`` 0: each result's first source) or the other (1: the
        rest) is printed, each source once."""
        found = (
            source
            for result in self.results
            for source in (result.sources[:1] if rank == 0 else result.sources[1:])
        )
        return tuple(dict.fromkeys(found))

    @property
    def typed(self) -> bool:
        """Whether it opposes figures typed for an edition (:func:`typed_discrepancy`)."""
        return any(typed_discrepancy(result) for result in self.results)


def same_contradiction(first: CheckResult, second: CheckResult) -> bool:
    """Whether two discrepancy results find the same disagreement: they cite the same passages
    (whatever their checks), or one check finds it twice, from a passage they share, with one of its
    two figures the same (the same subsidy printed twice on a page, compared with the synthesis).

    >>> a = CheckResult("c", "t", "s", 45000.0, 30000.0, DISCREPANCY, ("page, ligne 3521", "synthèse, ligne 1081"))
    >>> b = CheckResult("c", "t", "s", 45000.0, 30000.0, DISCREPANCY, ("page, ligne 3527", "synthèse, ligne 1081"))
    >>> c = CheckResult("c", "t", "s", 0.0, 15000.0, DISCREPANCY, ("page, ligne 3528", "synthèse, ligne 1081"))
    >>> same_contradiction(a, b), same_contradiction(a, c)
    (True, False)
    """
    if set(first.sources) == set(second.sources) and first.sources:
        return True
    return (
        first.check == second.check
        and bool(set(first.sources) & set(second.sources))
        and (first.printed == second.printed or first.computed == second.computed)
    )


def distinct_discrepancies(results: list[CheckResult]) -> list[Contradiction]:
    """The discrepancies of ``results`` grouped into distinct contradictions
    (:func:`same_contradiction`, and what is the same as the same is the same), in the order of
    their first result.

    The action 15's subsidy of 2021-2022, printed twice on its page (45 000 €) and compared twice
    with the synthesis (30 000 €), is one contradiction:

    >>> from lda_analysis.domains.edition import load_edition
    >>> first = distinct_discrepancies(load_edition(2024).check_results)[0]
    >>> first.subject.startswith("action 15, 2021-2022"), [(r.printed, r.computed) for r in first.results]
    (True, [(45000.0, 30000.0), (45000.0, 30000.0)])
    """
    found = [result for result in results if result.status == DISCREPANCY]
    group = list(range(len(found)))

    def root(index: int) -> int:
        while group[index] != index:
            group[index] = group[group[index]]
            index = group[index]
        return index

    for later, result in enumerate(found):
        for earlier in range(later):
            if same_contradiction(found[earlier], result):
                group[root(later)] = root(earlier)
    members: dict[int, list[CheckResult]] = {}
    for index, result in enumerate(found):
        members.setdefault(root(index), []).append(result)
    return [Contradiction(tuple(group_results)) for group_results in members.values()]
