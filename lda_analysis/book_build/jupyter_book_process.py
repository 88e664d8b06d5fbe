"""The Jupyter Book process that renders an edition's HTML, started before it is needed.

Jupyter Book spends more than a third of a small rebuild importing Sphinx, MyST-NB and the theme. The
build starts its process first (:meth:`JupyterBookProcess.start`), so that these imports run on a
processor the build leaves idle while it loads and checks the data; the process then waits for the
command (:meth:`JupyterBookProcess.render`), or for the end (:meth:`JupyterBookProcess.close`) when
the HTML need not be rendered. Only imports, and what the theme compiles whatever the book, are done
in advance: the book's configuration and sources are read when the command comes, so they may change
until then.

Imports nothing heavy: the command line starts the process before loading pandas.

Guarantees: a process given no command stops; a failed rendering is said in French with Jupyter
Book's last lines; without Jupyter Book the build says what to install. Proved by
``tests/test_jupyter_book_process.py``; that its HTML is the HTML of a build in a fresh process, by
``tests/test_incremental.py``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from lda_analysis.contract.errors import BuildError

# What a build of the book imports that takes time (Jupyter Book, Sphinx, MyST-NB, the theme and the
# extensions of Jupyter Book's configuration). A module missing is skipped: it is only imported later.
WARM_MODULES = (
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.search.fr",
    "myst_nb.sphinx_ext",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinx_design",
    "sphinx_external_toc",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_comments",
    "sphinx_thebe",
    "sphinx_jupyterbook_latex",
    "sphinx_multitoc_numbering",
    "lda_analysis.book_build.sphinx_book",
)

# The program of the process: import, compile what every build compiles first
# (:func:`lda_analysis.book_build.sphinx_book.warm_up`), wait for the command line (one JSON line;
# none: stop), run it.
PROGRAM = """
import importlib, json, sys
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass
try:
    importlib.import_module("lda_analysis.book_build.sphinx_book").warm_up()
except Exception:
    pass
line = sys.stdin.readline()
if not line:
    sys.exit(0)
sys.argv = json.loads(line)
from jupyter_book.cli.main import main
main()
"""


def render_command(source: Path, work: Path) -> list[str]:
    """The Jupyter Book command that renders the HTML of ``source`` into ``work`` (warnings are
    errors, notebooks are not executed again)."""
    return [
        "jupyter-book",
        "build",
        str(source),
        "--path-output",
        str(work),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
        "-q",
    ]


class JupyterBookProcess:
    """A Jupyter Book process of this Python, importing while it waits for its command."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    @classmethod
    def start(cls) -> JupyterBookProcess:
        """Start the process (a missing Jupyter Book is said when the HTML is rendered)."""
        started = cls()
        if importlib.util.find_spec("jupyter_book") is not None:
            started.process = subprocess.Popen(
                [sys.executable, "-c", PROGRAM.format(modules=WARM_MODULES)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
            )
        return started

    def render(self, source: Path, work: Path) -> Path:
        """Render the HTML of the book's sources ``source`` in ``work``; return the HTML folder."""
        if self.process is None:
            raise BuildError(
                "Jupyter Book introuvable : installez le projet avec « make book » ou « pip install -e . »."
            )
        process, self.process = self.process, None
        output, _ = process.communicate(json.dumps(render_command(source, work)) + "\n")
        if process.returncode != 0:
            raise BuildError(
                "Échec de la construction HTML (Jupyter Book) ; dernières lignes :\n"
                + "\n".join(output.strip().splitlines()[-25:])
            )
        return work / "_build" / "html"

    def close(self) -> None:
        """Stop the process if it was given no command (the HTML was up to date, or the build failed)."""
        if self.process is not None:
            process, self.process = self.process, None
            process.kill()
            process.communicate()

    def __enter__(self) -> JupyterBookProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
