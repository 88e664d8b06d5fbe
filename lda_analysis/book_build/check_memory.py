"""The results of the consistency checks kept from one build to the next, so that a build runs again
only the checks a change touches.

A check reads some of an edition's tables (recorded while it runs:
:func:`lda_analysis.domains.edition.recording_reads`); its results are kept in a JSON file of the edition's
output folder with the digests of the data files of these tables, of the convention's calendar
(which decides the rows of the annual tables an edition sees) and of the library (code, schema and
the programs installed: any change of them runs every check again). The next build reuses a check's results when
none of these digests changed, and runs it otherwise.

Guarantee: kept results are those a run of the check would give (``tests/test_check_memory.py``;
``tests/test_incremental.py`` compares the books built with them with clean builds).

>>> import tempfile
>>> from lda_analysis.domains.checks import run_checks
>>> from lda_analysis.domains.edition import load_edition
>>> edition = load_edition(2024)
>>> memory = CheckMemory(Path(tempfile.mkdtemp()) / MEMORY_FILE, edition)
>>> first = run_checks(edition.tables, memory=memory)
>>> memory.save()
>>> again = CheckMemory(memory.path, edition)
>>> run_checks(edition.tables, memory=again) == first, again.ran
(True, 0)
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from lda_analysis.contract.digests import file_digest
from lda_analysis.contract.errors import DataError
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.checks import CheckResult
from lda_analysis.domains.edition import Edition, calendar

from .library import library_digest

MEMORY_FILE = ".controles.json"
FORMAT = 1


class CheckMemory:
    """The kept results of the checks of ``edition``, read from ``path`` (an absent or unreadable
    file keeps nothing); :meth:`run` gives a check's results, kept or computed, and :meth:`save`
    writes them back. ``ran`` counts the checks that ran."""

    def __init__(self, path: Path, edition: Edition) -> None:
        self.path = path
        self.edition = edition
        self.calendar_table = calendar().table
        self.ran = 0
        self.kept: dict[str, dict] = {}
        self._digests: dict[str, str] = {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        same = isinstance(stored, dict) and stored.get("format") == FORMAT
        same = same and stored.get("library") == self.library and stored.get("year") == edition.year
        checks = stored.get("checks") if same else None
        self.stored: dict[str, dict] = checks if isinstance(checks, dict) else {}

    @cached_property
    def library(self) -> str:
        return library_digest()

    def _digest(self, table: str) -> str:
        if table not in self._digests:
            self._digests[table] = file_digest(self.edition.data_dir / get_schema().table(table).file)
        return self._digests[table]

    def run(self, check: str, compute: Callable[[], list[CheckResult]]) -> list[CheckResult]:
        """The results of the check ``check``: those kept, if none of the tables it read changed;
        else ``compute()``'s, recording the tables it reads."""
        from lda_analysis.domains.checks import CheckResult
        from lda_analysis.domains.edition import recording_reads

        stored = self.stored.get(check)
        try:  # results kept in another shape (a file edited by hand) are computed again
            if stored is not None and all(
                self._digest(name) == digest for name, digest in stored["tables"].items()
            ):
                results = [
                    CheckResult(**{**result, "sources": tuple(result["sources"])})
                    for result in stored["results"]
                ]
                self.kept[check] = stored
                return results
        except (KeyError, TypeError, AttributeError, DataError):
            pass
        with recording_reads() as reads:
            results = compute()
        self.ran += 1
        self.kept[check] = {
            "tables": {name: self._digest(name) for name in sorted(reads | {self.calendar_table})},
            "results": [dataclasses.asdict(result) for result in results],
        }
        return results

    def save(self) -> None:
        """Write the results kept (atomically: an interrupted build leaves the previous file)."""
        content = {"format": FORMAT, "library": self.library, "year": self.edition.year, "checks": self.kept}
        scratch = self.path.with_name(self.path.name + ".en-cours")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps(content, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(scratch, self.path)
