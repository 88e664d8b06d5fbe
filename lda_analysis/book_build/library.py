"""The library's digest: one digest of its code, schema and stylesheets, of the source document its
checks trace figures to, and of the programs it runs with. A build keys what it keeps (executed
pages, checks' results, downloads, the last build) by it, so that a change of the library or of a
program can never leave a stale page. Imports nothing heavy: the command line uses it before
loading pandas.

Guarantee: a change of any ``.py``, ``.yaml`` or ``.css`` file of the package, of the source document
or of an installed distribution changes the digest; ``tests/test_page_inputs.py`` and
``tests/test_check_memory.py`` check that it reruns the pages and the checks, and
``tests/test_incremental.py`` that incremental builds keyed by it equal clean builds.
"""

from __future__ import annotations

import os
import sys

from lda_analysis.contract.digests import files_digest
from lda_analysis.contract.paths import PACKAGE_DIR, SOURCE_DOCUMENT


def environment() -> list[str]:
    """What the library runs with, as texts: Python's version and every distribution installed on the
    module search path, by the name of its metadata folder (``pandas-2.2.3.dist-info``: its name and
    version). Folder names only, read in about a millisecond; the current folder is left out (a
    build gives the same book from any folder)."""
    found: set[str] = set()
    for entry in sys.path:
        if not entry:
            continue
        try:
            with os.scandir(entry) as items:
                found.update(item.name for item in items if item.name.endswith((".dist-info", ".egg-info")))
        except OSError:  # an entry that is no folder (a zip of the standard library), or is gone
            continue
    return [sys.version, *sorted(found)]


def library_digest() -> str:
    """One digest of the library's code, schema and stylesheets (every ``.py``, ``.yaml`` and ``.css``
    file of the package), of the source document its checks trace figures to, and of the programs it
    runs with (:func:`environment`: pandas, matplotlib, Sphinx, the theme, the font…): any change of
    them can change any page, check or download. The book's Sphinx extension is part of the library:
    a change of it makes Sphinx read and write every page again (the build gives this digest to
    Sphinx as the configuration value ``lda_library``)."""
    files = sorted(path for path in PACKAGE_DIR.rglob("*") if path.suffix in {".py", ".yaml", ".css"})
    document = [SOURCE_DOCUMENT] if SOURCE_DOCUMENT.is_file() else []
    return files_digest([*files, *document], PACKAGE_DIR.parent, extra=environment())
