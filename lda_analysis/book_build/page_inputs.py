"""What a page of the book is made from, so that a build runs again only the pages a change touches.

A notebook page depends on its template, its parameters, the data files of the tables it reads and
the library. The build records the digest of each of these inputs in the executed page
(``metadata.lda.entrees``); the next build computes them again and reruns the page only if one
differs, and says which (« fsl.csv a changé »).

- The tables a page reads are recorded while the build tries the page in its own process before
  running it (:func:`lda_analysis.domains.edition.recording_reads`); the convention's calendar is always one
  of them, since it decides which rows of the annual tables an edition sees.
- The library is one input, the digest of all its code, schema and stylesheets, of the source
  document and of the programs installed (:func:`lda_analysis.book_build.library.library_digest`): any change
  of the library or of a program reruns every page. Following the imports of each page would rerun fewer pages after a change of the code, but
  a page reaches code in ways imports do not show (a domain's declarations, a calendar computed by
  another domain); the whole library is the rule that cannot miss one. A sentence changed in
  ``book/`` reruns nothing.

Guarantee: a page whose recorded inputs all have the same digests now gives the same executed
notebook (``tests/test_incremental.py`` compares incremental builds with clean ones;
``tests/test_page_inputs.py`` checks which change reruns which page).
"""

from __future__ import annotations

import json
from pathlib import Path

from lda_analysis.contract.digests import file_digest, value_digest
from lda_analysis.contract.paths import NOTEBOOKS_DIR, PACKAGE_DIR
from lda_analysis.contract.schema import get_schema

from .library import library_digest

PARAMETERS = "paramètres"
# The name of the library's input, as the build's summary says it (« bibliothèque lda_analysis a
# changé »).
LIBRARY = f"bibliothèque {PACKAGE_DIR.name}"
METADATA_KEY = "entrees"


def page_identity(parameters: dict, title: str | None) -> dict:
    """What a page is run with, as its inputs record it: its parameters and the title it is given
    (computed from the data when the book's pages are listed: a changed title reruns the page)."""
    return {**parameters, "titre de la page": title}


def page_inputs(
    template: str, parameters: dict, tables: set[str], data_dir: Path, library: str | None = None
) -> dict[str, str]:
    """The inputs of a page and their digests, by name: the template (``notebooks/x.ipynb``), the
    parameters, the data files of ``tables`` (the tables it reads) and the library (``library``: its
    digest, if the caller has it)."""
    schema = get_schema()
    template_file = NOTEBOOKS_DIR / f"{template}.ipynb"
    inputs = {
        f"{NOTEBOOKS_DIR.name}/{template_file.name}": file_digest(template_file),
        PARAMETERS: value_digest(parameters),
    }
    for name in sorted(tables):
        file = schema.table(name).file
        inputs[file] = file_digest(data_dir / file)
    inputs[LIBRARY] = library or library_digest()
    return inputs


def current_digests(
    stored: dict[str, str], template: str, parameters: dict, data_dir: Path, library: str | None = None
) -> dict[str, str]:
    """The digests now of the inputs ``stored`` by the last run of a page (same names; ``library``:
    the library's digest, if the caller has it)."""
    current = {}
    for name in stored:
        if name == PARAMETERS:
            current[name] = value_digest(parameters)
        elif name == f"{NOTEBOOKS_DIR.name}/{template}.ipynb":
            current[name] = file_digest(NOTEBOOKS_DIR / f"{template}.ipynb")
        elif name == LIBRARY:
            current[name] = library or library_digest()
        else:
            current[name] = file_digest(data_dir / name)
    return current


def stored_inputs(executed: Path) -> dict[str, str] | None:
    """The inputs recorded in an executed page by the build that ran it, or None (no such page, or
    one from a build that recorded none)."""
    try:
        stored = json.loads(executed.read_text(encoding="utf-8"))["metadata"]["lda"][METADATA_KEY]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return stored if isinstance(stored, dict) else None


def changed_inputs(
    executed: Path, template: str, parameters: dict, data_dir: Path, library: str | None = None
) -> list[str] | None:
    """Why the page ``executed`` must run again: the names of its inputs that changed since it was
    executed ([] if none did), or None when it has never been executed (or recorded no inputs)."""
    stored = stored_inputs(executed)
    if stored is None:
        return None
    current = current_digests(stored, template, parameters, data_dir, library)
    return [name for name in stored if stored[name] != current[name]]


def rerun_summary(reasons: dict[str, list[str] | None]) -> str:
    """One French sentence saying how many pages ran again and why, from each page's
    :func:`changed_inputs`.

    >>> print(rerun_summary({"fsl": ["fsl.csv"], "accueil": ["fsl.csv"], "preambule": []}))
    2 pages relancées : fsl.csv a changé.
    >>> print(rerun_summary({"fsl": ["fsl.csv", "paramètres"], "accueil": None, "preambule": []}))
    2 pages relancées : fsl.csv a changé (1 page), paramètres a changé (1 page), première exécution (1 page).
    >>> print(rerun_summary({"fsl": [], "accueil": []}))
    Aucune page relancée : rien de ce que lisent les 2 pages n'a changé.
    """
    counts: dict[str, int] = {}
    for changed in reasons.values():
        if changed == []:
            continue
        for cause in [f"{name} a changé" for name in changed] if changed else ["première exécution"]:
            counts[cause] = counts.get(cause, 0) + 1
    rerun = sum(1 for changed in reasons.values() if changed != [])
    if not rerun:
        return f"Aucune page relancée : rien de ce que lisent les {len(reasons)} pages n'a changé."
    if len(counts) == 1:
        (cause,) = counts
        return f"{rerun} page{'s' if rerun > 1 else ''} relancée{'s' if rerun > 1 else ''} : {cause}."
    listed = ", ".join(f"{cause} ({count} page{'s' if count > 1 else ''})" for cause, count in counts.items())
    return f"{rerun} page{'s' if rerun > 1 else ''} relancée{'s' if rerun > 1 else ''} : {listed}."
