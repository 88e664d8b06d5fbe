"""The Jupyter Book process started before it is needed: it renders when told, stops when not."""

import importlib.util

import pytest

from lda_analysis.book_build import jupyter_book_process
from lda_analysis.book_build.jupyter_book_process import JupyterBookProcess
from lda_analysis.contract.errors import BuildError


def test_a_process_given_no_command_is_stopped():
    with JupyterBookProcess.start() as renderer:
        process = renderer.process
        assert process is not None and process.poll() is None  # importing, or waiting
    assert renderer.process is None and process.returncode is not None


def test_a_failed_rendering_says_so_in_french_with_jupyter_book_s_last_lines(tmp_path):
    failed = pytest.raises(BuildError, match="Échec de la construction HTML \\(Jupyter Book\\)")
    with JupyterBookProcess.start() as renderer, failed as error:
        renderer.render(tmp_path / "absent", tmp_path / "travail")
    assert "absent" in str(error.value)
    assert renderer.process is None  # a process renders once


def test_without_jupyter_book_the_build_says_what_to_install(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        jupyter_book_process.importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "jupyter_book" else real(name, *rest),
    )
    renderer = JupyterBookProcess.start()
    assert renderer.process is None
    with pytest.raises(BuildError, match="Jupyter Book introuvable : installez le projet avec « make book »"):
        renderer.render(tmp_path, tmp_path / "travail")


def test_the_warm_modules_exist():
    """A module renamed by a new version would silently be imported late: the list must stay true."""
    assert [
        name for name in jupyter_book_process.WARM_MODULES if importlib.util.find_spec(name) is None
    ] == []
