"""Running the notebooks of ``notebooks/``: for an edition (papermill, with parameters) or to refresh
the outputs stored in the templates (the default edition, which nbval compares against).

Outputs are kept deterministic: no execution times, no random cell ids, parameter cells hidden.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import papermill
import yaml
from papermill.exceptions import PapermillExecutionError

from .data import PROJECT_ROOT
from .errors import BuildError

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
LIBRARY_DIR = Path(__file__).resolve().parent
KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
# The tag that hides a cell from the book's readers (MyST-NB).
HIDDEN_TAG = "remove-cell"
# The kernel logs a warning at every start (TCP on localhost) and an error when it is shut down
# (KeyboardInterrupt): noise for the user. Errors of the notebook itself come through papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def toc_notebooks(toc_file: Path) -> list[str]:
    """Names of the notebooks of ``notebooks/`` that a table of contents lists, in its order.

    >>> toc_notebooks(PROJECT_ROOT / "_toc.yml")[:1]
    ['acces_logement_social']
    """
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return [Path(file).with_suffix("").name for file in files
            if Path(file).parts[0] == NOTEBOOKS_DIR.name]


def write_if_changed(path: Path, content: str) -> None:
    """Write ``content`` unless the file already holds it (its date then tells Sphinx: unchanged)."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def clean_executed(notebook: nbformat.NotebookNode, keep_parameters: bool) -> nbformat.NotebookNode:
    """Hide the parameter cells from readers and drop what varies between runs (times, random ids)."""
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if INJECTED_TAG in tags:
            cell["id"] = INJECTED_TAG
        if (INJECTED_TAG in tags or PARAMETERS_TAG in tags) and HIDDEN_TAG not in tags:
            cell.metadata["tags"] = [*tags, HIDDEN_TAG]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    run = notebook.metadata.pop("papermill", {})
    if keep_parameters:
        notebook.metadata["papermill"] = {"parameters": run.get("parameters", {})}
    return notebook


def run_notebook(source: Path, target: Path, parameters: dict | None, work_dir: Path,
                 fingerprint: str | None = None) -> None:
    """Execute ``source`` with papermill and write the cleaned result to ``target``.

    With ``parameters`` None, no cell is injected: the notebook runs with its own defaults. A
    failing cell raises a :class:`BuildError` naming the notebook and the cell; the executed copy,
    error included, is kept in ``work_dir`` for inspection.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    scratch = work_dir / f"{source.stem}.en-cours.ipynb"
    try:
        papermill.execute_notebook(
            str(source), str(scratch), parameters=parameters, kernel_name=KERNEL_NAME,
            cwd=str(NOTEBOOKS_DIR), progress_bar=False, log_output=False,
            extra_arguments=KERNEL_ARGUMENTS,
        )
    except PapermillExecutionError as error:
        failed = work_dir / f"{source.stem}.erreur.ipynb"
        scratch.replace(failed)
        message = "\n".join(error.evalue.strip().splitlines()) or error.ename
        raise BuildError(
            f"Échec du notebook notebooks/{source.name}, cellule [{error.exec_count}] "
            f"({error.ename}) :\n{message}\nCopie exécutée, avec l'erreur : {failed}"
        ) from None
    notebook = clean_executed(nbformat.read(scratch, as_version=4), keep_parameters=bool(parameters))
    if fingerprint is not None:
        notebook.metadata["lda"] = {"empreinte": fingerprint}
    scratch.unlink()
    write_if_changed(target, nbformat.writes(notebook) + "\n")


def inputs_fingerprint(name: str, parameters: dict, data_dir: Path) -> str:
    """A digest of everything an executed notebook depends on: its template, its parameters, the
    data files and the library's code. Same digest, same outputs: the notebook need not run again."""
    digest = hashlib.sha256()
    digest.update(json.dumps(parameters, sort_keys=True).encode("utf-8"))
    files = [NOTEBOOKS_DIR / f"{name}.ipynb", *sorted(data_dir.glob("*.csv")),
             *sorted(path for path in LIBRARY_DIR.rglob("*") if path.suffix in (".py", ".yaml"))]
    for path in files:
        digest.update(str(path.relative_to(path.anchor)).encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stored_fingerprint(target: Path) -> str | None:
    try:
        return json.loads(target.read_text(encoding="utf-8"))["metadata"]["lda"]["empreinte"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def execute_notebook(name: str, target: Path, parameters: dict, fingerprint: str | None = None) -> bool:
    """Run ``notebooks/<name>.ipynb`` for an edition (``parameters``: year, data folder).

    With a ``fingerprint`` (see :func:`inputs_fingerprint`) equal to the one stored in ``target`` by
    the previous run, nothing runs and False is returned; otherwise the notebook runs (True).
    """
    if fingerprint is not None and _stored_fingerprint(target) == fingerprint:
        return False
    run_notebook(NOTEBOOKS_DIR / f"{name}.ipynb", target, parameters, work_dir=target.parent,
                 fingerprint=fingerprint)
    return True


def refresh_outputs(directory: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Re-run every notebook of ``directory`` in place with its default parameters."""
    paths = sorted(directory.glob("*.ipynb"))
    for path in paths:
        run_notebook(path, path, None, work_dir=PROJECT_ROOT / "_build" / "notebooks")
    return paths
