"""Digests of files: how a build tells whether what it is made from changed (sha256 of names and
content). Imports nothing heavy: the command line uses it before loading pandas.

Guarantee: two builds whose digests are equal were made from the same files and the same programs;
``tests/test_incremental.py`` compares incremental builds keyed by these digests with clean builds.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.csv").write_text("x", encoding="utf-8")
>>> files_digest([folder / "a.csv"], folder) == files_digest([folder / "a.csv"], folder)
True
>>> file_digest(folder / "absent.csv")
'absent'
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .paths import PACKAGE_DIR, SOURCE_DOCUMENT

ABSENT = "absent"


def file_digest(path: Path) -> str:
    """The digest of a file's content, or ``absent`` when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ABSENT


def value_digest(value: object) -> str:
    """The digest of a value that JSON can write (keys sorted)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode("utf-8")).hexdigest()


def files_digest(files: Iterable[Path], root: Path | None = None, extra: Iterable[str] = ()) -> str:
    """One digest of files, their names (relative to ``root``, or as given) and content, in the
    order given, then of the ``extra`` texts."""
    digest = hashlib.sha256()
    for path in files:
        name = path.relative_to(root).as_posix() if root is not None else str(path)
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for text in extra:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()


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
