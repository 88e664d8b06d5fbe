"""What a page of the book is made from, so that a build runs again only the pages a change touches.

A notebook page depends on its template, its parameters, the data files of the tables it reads and
the library code it can run. The build records the digest of each of these inputs in the executed
page (``metadata.lda.entrees``); the next build computes them again and reruns the page only if one
differs, and says which (« fsl.csv a changé »).

- The tables a page reads are recorded while the build tries the page in its own process before
  running it (:func:`lda_analysis.edition.recording_reads`); the convention's calendar is always one
  of them, since it decides which rows of the annual tables an edition sees.
- The library code is what the template imports, followed through the library's own imports (read
  in the source, not traced: a module imported is a module that can change the page), together with
  what every page runs whatever it imports: the loading of an edition, the cleaning of the executed
  notebook, the domains' declarations (``__init__.py``) and the schema. A sentence changed in
  ``book/`` or a module of another domain reruns nothing.
"""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path

import nbformat

from .digests import file_digest, value_digest
from .paths import NOTEBOOKS_DIR, PACKAGE_DIR
from .schema import get_schema

PACKAGE = PACKAGE_DIR.name
# Modules every executed page depends on, whatever its template imports: loading an edition, and the
# cleaning of the executed notebook (see the module docstring).
ALWAYS = ("edition", "notebooks", "kernels")
PARAMETERS = "paramètres"
METADATA_KEY = "entrees"


def _module_file(module: str) -> Path | None:
    """The file of a module of the library (``lda_analysis.x.y``), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    path = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported_files(tree: ast.AST, package: str) -> set[Path]:
    """The library files an AST imports (the packages on the way included); ``package`` resolves
    relative imports."""
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    files = set()
    for module in modules:
        parts = module.split(".")
        for end in range(1, len(parts) + 1):
            found = _module_file(".".join(parts[:end]))
            if found is not None:
                files.add(found)
    return files


@cache
def _library_imports(path: Path, stamp: tuple[int, int]) -> frozenset[Path]:
    """The library files that ``path`` (a library file) imports directly; ``stamp`` (its modification
    time and size) keeps the cache true to the file."""
    # The package relative imports start from: the folder of a module, a package's own folder.
    package = ".".join(path.relative_to(PACKAGE_DIR.parent).parts[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return frozenset(_imported_files(tree, package))


def _closure(start: set[Path]) -> set[Path]:
    seen: set[Path] = set()
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        status = path.stat()
        todo.extend(_library_imports(path, (status.st_mtime_ns, status.st_size)))
    return seen


def code_files(template: str) -> list[Path]:
    """The library files a page made from ``notebooks/<template>.ipynb`` depends on (see the module
    docstring), sorted.

    >>> files = [path.relative_to(PACKAGE_DIR.parent).as_posix() for path in code_files("annexe_odh")]
    >>> "lda_analysis/annexes/pages.py" in files, "lda_analysis/fiches_actions/pages.py" in files
    (True, False)
    >>> "lda_analysis/finances/schema.yaml" in files, "lda_analysis/fiches_actions/__init__.py" in files
    (True, True)
    """
    notebook = nbformat.read(NOTEBOOKS_DIR / f"{template}.ipynb", as_version=4)
    start = {PACKAGE_DIR / f"{module}.py" for module in ALWAYS}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            # Lines of IPython syntax (magics, shell escapes) are not Python: they import nothing.
            source = "\n".join(
                line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))
            )
            start |= _imported_files(ast.parse(source), PACKAGE)
    declarations = {*PACKAGE_DIR.glob("*/__init__.py"), *PACKAGE_DIR.glob("*/schema.yaml")}
    declarations |= set((PACKAGE_DIR / "schema").glob("*.yaml"))
    return sorted(_closure(start) | declarations)


def page_identity(parameters: dict, title: str | None) -> dict:
    """What a page is run with, as its inputs record it: its parameters and the title it is given
    (computed from the data when the book's pages are listed: a changed title reruns the page)."""
    return {**parameters, "titre de la page": title}


def page_inputs(template: str, parameters: dict, tables: set[str], data_dir: Path) -> dict[str, str]:
    """The inputs of a page and their digests, by name: the template (``notebooks/x.ipynb``), the
    parameters, the data files of ``tables`` (the tables it reads) and the library files (paths from
    the project root)."""
    schema = get_schema()
    template_file = NOTEBOOKS_DIR / f"{template}.ipynb"
    inputs = {
        f"{NOTEBOOKS_DIR.name}/{template_file.name}": file_digest(template_file),
        PARAMETERS: value_digest(parameters),
    }
    for name in sorted(tables):
        file = schema.table(name).file
        inputs[file] = file_digest(data_dir / file)
    for path in code_files(template):
        inputs[path.relative_to(PACKAGE_DIR.parent).as_posix()] = file_digest(path)
    return inputs


def current_digests(
    stored: dict[str, str], template: str, parameters: dict, data_dir: Path
) -> dict[str, str]:
    """The digests now of the inputs ``stored`` by the last run of a page (same names)."""
    current = {}
    for name in stored:
        if name == PARAMETERS:
            current[name] = value_digest(parameters)
        elif name == f"{NOTEBOOKS_DIR.name}/{template}.ipynb":
            current[name] = file_digest(NOTEBOOKS_DIR / f"{template}.ipynb")
        elif name.startswith(f"{PACKAGE}/"):
            current[name] = file_digest(PACKAGE_DIR.parent / name)
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


def changed_inputs(executed: Path, template: str, parameters: dict, data_dir: Path) -> list[str] | None:
    """Why the page ``executed`` must run again: the names of its inputs that changed since it was
    executed ([] if none did), or None when it has never been executed (or recorded no inputs)."""
    stored = stored_inputs(executed)
    if stored is None:
        return None
    current = current_digests(stored, template, parameters, data_dir)
    # The template also names the library files it imports: changed, it is the reason given.
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
