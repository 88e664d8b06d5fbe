"""Running the notebooks of ``notebooks/``: for an edition (papermill, with parameters) or to refresh
the outputs stored in the templates (the default edition, which nbval compares against).

Outputs are kept deterministic: no execution times, no random cell ids, parameter cells hidden.
Guarantees: the same data and parameters give byte-identical notebooks, in a warm kernel as in a
fresh one (``tests/test_kernels.py``, ``tests/test_build.py``), and the stored outputs are those
nbval finds again (``make test`` runs nbval on ``notebooks/``).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import papermill

# What a kernel offers the cells as a builtin, for the dry run. Imported here, not in the dry run:
# the dry run goes on while the kernels start in other threads, and IPython's modules imported by two
# threads at once can meet half-initialised.
from IPython.display import display
from papermill.exceptions import PapermillExecutionError

from lda_analysis.blocks.charts import without_images
from lda_analysis.blocks.statements import FIGURES_MIME, escape_markdown
from lda_analysis.contract.errors import BuildError
from lda_analysis.contract.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from lda_analysis.domains.edition import reusing_editions

from .kernels import KernelGroup, WarmKernel

KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
# The markdown cell of a template that receives the title of each page generated from it.
TITLE_TAG = "page-title"
# The tag that hides a cell from the book's readers (MyST-NB).
HIDDEN_TAG = "remove-cell"
# The kernel logs an error when it is shut down (KeyboardInterrupt): noise for the user; errors of
# the notebook itself come through papermill. Its input history is not written to the user's
# ~/.ipython database: nothing reads it, and a kernel that runs several notebooks would see its line
# numbers start again.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


def write_if_changed(path: Path, content: str) -> None:
    """Write ``content`` unless the file already holds it (its date then tells Sphinx: unchanged)."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def clean_executed(
    notebook: nbformat.NotebookNode, keep_parameters: bool, title: str | None = None
) -> nbformat.NotebookNode:
    """Hide the parameter cells from readers and drop what varies between runs (times, random ids)
    or says nothing (empty lists of tags).

    A page generated from a template gets its ``title``: it replaces the template's markdown cell
    tagged ``page-title``.
    """
    for cell in notebook.cells:
        if title is not None and TITLE_TAG in cell.metadata.get("tags", []):
            cell.source = f"# {escape_markdown(title)}"
        tags = cell.metadata.get("tags", [])
        if INJECTED_TAG in tags:
            cell["id"] = INJECTED_TAG
        if (INJECTED_TAG in tags or PARAMETERS_TAG in tags) and HIDDEN_TAG not in tags:
            cell.metadata["tags"] = [*tags, HIDDEN_TAG]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if not cell.metadata.get("tags", True):
            del cell.metadata["tags"]  # an empty list of tags says nothing
    run = notebook.metadata.pop("papermill", {})
    if keep_parameters:
        notebook.metadata["papermill"] = {"parameters": run.get("parameters", {})}
    return notebook


def collect_figures(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Move the figures the cells give for the page's prose (:func:`~lda_analysis.blocks.statements.glue_figures`)
    into the notebook's MyST substitutions, escaped, where its Markdown finds them (``{{ name }}``).

    >>> notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("display_data", {FIGURES_MIME: {"taux": "95,9 %"}})])])
    >>> collect_figures(notebook).metadata["myst"]["substitutions"], notebook.cells[0].outputs
    ({'taux': '95\\\\,9 \\\\%'}, [])
    """
    figures: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            given = output.get("data", {}).get(FIGURES_MIME)
            if given is None:
                kept.append(output)
                continue
            for name, text in given.items():
                if figures.get(name, escape_markdown(text)) != escape_markdown(text):
                    raise BuildError(
                        f"Le chiffre « {name} » est donné deux fois avec des valeurs différentes."
                    )
                figures[name] = escape_markdown(text)
        cell.outputs = kept
    if figures:
        notebook.metadata.setdefault("myst", {})["substitutions"] = figures
    return notebook


def run_notebook(
    source: Path,
    target: Path,
    parameters: dict | None,
    work_dir: Path,
    title: str | None = None,
    kernel: WarmKernel | None = None,
) -> None:
    """Execute ``source`` with papermill and write the cleaned result to ``target``.

    The notebook runs in ``kernel``, reset first (see :class:`~lda_analysis.book_build.kernels.WarmKernel`), or,
    without one, in a kernel of its own.

    With ``parameters`` None, no cell is injected: the notebook runs with its own defaults. A
    failing cell raises a :class:`BuildError` naming the notebook and the cell; the executed copy,
    error included, is kept in ``work_dir`` for inspection. A kernel that cannot start or dies (or is
    stopped by an interrupt) is a :class:`BuildError` too; no unfinished copy is left behind.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    scratch = work_dir / f"{target.stem}.en-cours.ipynb"
    try:
        _execute(source, scratch, parameters, kernel)
    except PapermillExecutionError as error:
        failed = work_dir / f"{target.stem}.erreur.ipynb"
        scratch.replace(failed)
        message = "\n".join(error.evalue.strip().splitlines()) or error.ename
        raise BuildError(
            f"Échec du notebook notebooks/{source.name}, cellule [{error.exec_count}] "
            f"({error.ename}) :\n{message}\nCopie exécutée, avec l'erreur : {failed}"
        ) from None
    except (RuntimeError, TimeoutError) as error:  # nbclient: kernel dead, not ready, timed out
        scratch.unlink(missing_ok=True)
        raise BuildError(
            f"Le noyau Python du notebook notebooks/{source.name} s'est arrêté ou n'a pas pu démarrer "
            f"({type(error).__name__} : {error})."
        ) from None
    except BaseException:  # an interrupt: no unfinished copy left behind
        scratch.unlink(missing_ok=True)
        raise
    notebook = clean_executed(
        nbformat.read(scratch, as_version=4), keep_parameters=bool(parameters), title=title
    )
    if parameters is not None:  # a page of the book: its prose takes the figures (nbval compares
        collect_figures(notebook)  # the outputs of the committed notebooks instead)
    scratch.unlink()
    write_if_changed(target, nbformat.writes(notebook) + "\n")


def _execute(source: Path, scratch: Path, parameters: dict | None, kernel: WarmKernel | None) -> None:
    """Execute ``source`` into ``scratch`` with papermill, in ``kernel`` (reset first) or, without
    one, in a kernel of its own (in a :class:`~lda_analysis.book_build.kernels.KernelGroup` of its own, whose
    sockets are removed after)."""
    alone = KernelGroup() if kernel is None else None
    try:
        if kernel is not None:
            kernel.prepare()
            kernel_arguments = {"km": kernel.manager}
        else:
            kernel_arguments = {"kernel_manager_class": alone.manager_class()}
        # No ``cwd``: papermill would chdir the whole process, which is not thread-safe (notebooks
        # run in parallel threads); the notebooks resolve their paths through the library anyway.
        papermill.execute_notebook(
            str(source),
            str(scratch),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
            # Written once, when it ends (or fails), not after each cell: papermill's saves serialize
            # and validate the whole notebook twice a cell, in the build's process.
            request_save_on_cell_execute=False,
            extra_arguments=KERNEL_ARGUMENTS,
            **kernel_arguments,
        )
    finally:
        if alone is not None:
            alone.close()


def dry_run(template: str, parameters: dict) -> str | None:
    """Run the code cells of ``notebooks/<template>.ipynb`` in this process, outputs discarded, with
    the page's ``parameters``; return what the first failing cell raised (in French), or None.

    The build does it for every page it will execute before starting any kernel: a page whose data
    are missing or ambiguous stops the build in seconds, naming the page and the cell, instead of
    failing in its kernel after the others ran.
    """
    path = NOTEBOOKS_DIR / f"{template}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    namespace = {"display": display, "__name__": "__main__", **parameters}
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    with contextlib.redirect_stdout(io.StringIO()), reusing_editions(), without_images():
        for number, cell in enumerate(code, start=1):
            if PARAMETERS_TAG in cell.metadata.get("tags", []):
                continue
            try:
                exec(compile(cell.source, f"notebooks/{path.name}", "exec"), namespace)
            except Exception as error:  # a cell's failure, reported as the kernel would
                return (
                    f"notebooks/{path.name}, cellule de code n° {number} ({type(error).__name__}) : {error}"
                )
    return None


def execute_notebook(
    template: str,
    target: Path,
    parameters: dict,
    title: str | None = None,
    kernel: WarmKernel | None = None,
) -> None:
    """Run ``notebooks/<template>.ipynb`` for an edition (``parameters``: year, data folder, and
    the page's own parameters) into ``target``, in ``kernel`` if given."""
    run_notebook(
        NOTEBOOKS_DIR / f"{template}.ipynb", target, parameters, target.parent, title=title, kernel=kernel
    )


def refresh_outputs(directory: Path = NOTEBOOKS_DIR, names: list[str] | None = None) -> list[Path]:
    """Re-run the notebooks of ``directory`` (all, or those ``names``) in place with their default
    parameters."""
    if names is None:
        paths = sorted(directory.glob("*.ipynb"))
    else:
        paths = [directory / f"{Path(name).stem}.ipynb" for name in names]
        missing = [path.name for path in paths if not path.is_file()]
        if missing:
            raise BuildError(f"Notebook introuvable dans {directory.name}/ : {', '.join(missing)}")
    for path in paths:
        run_notebook(path, path, None, work_dir=PROJECT_ROOT / "_build" / "notebooks")
    return paths
