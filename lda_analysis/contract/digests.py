"""Digests of files and values (sha256 of names and content): the fingerprint of a data folder, and
how a build tells whether what it is made from changed (the library's own digest, of its code and
the programs it runs with, is :func:`lda_analysis.book_build.library.library_digest`). Imports nothing heavy:
the command line uses it before loading pandas.

Guarantee: two equal digests were made from the same names and contents, in the same order;
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
from collections.abc import Iterable
from pathlib import Path

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
