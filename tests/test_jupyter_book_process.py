"""The Jupyter Book process started before it is needed: it renders when told, stops when not."""

import importlib.util
from types import SimpleNamespace

import pytest

from lda_analysis.book_build import jupyter_book_process, sphinx_book
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


def test_the_process_compiles_the_theme_s_selectors_while_it_waits():
    """What the theme compiles at the first page of every build (its CSS selectors, 0,08 s) is
    compiled by the waiting process (``sphinx_book.warm_up``, in its program)."""
    import soupsieve.css_parser

    compiled = soupsieve.css_parser._cached_css_compile
    compiled.cache_clear()
    sphinx_book.warm_up()
    assert compiled.cache_info().currsize == 4
    soupsieve.compile("li.toctree-l1 > details")  # as the theme does at each page
    assert compiled.cache_info().hits == 1
    assert 'sphinx_book").warm_up()' in jupyter_book_process.PROGRAM


def test_compiled_templates_are_kept_under_the_library_s_digest(tmp_path):
    """Jinja keeps the templates it compiles beside the doctrees, in a folder named after the
    library's digest; the folders of another library are removed. A template whose text changed is
    compiled again (Jinja compares the text's checksum)."""
    from jinja2 import DictLoader
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(loader=DictLoader({"page.html": "ancien {{ x }}"}))
    (tmp_path / "gabarits_compiles" / "autre-version").mkdir(parents=True)
    app = SimpleNamespace(
        builder=SimpleNamespace(templates=SimpleNamespace(environment=environment)),
        doctreedir=str(tmp_path),
        config=SimpleNamespace(lda_library="0123456789abcdef0123"),
    )
    sphinx_book.keep_compiled_templates(app)
    assert [path.name for path in (tmp_path / "gabarits_compiles").iterdir()] == ["0123456789abcdef"]
    assert environment.get_template("page.html").render(x=1) == "ancien 1"
    assert len(list((tmp_path / "gabarits_compiles" / "0123456789abcdef").iterdir())) == 1
    changed = SandboxedEnvironment(loader=DictLoader({"page.html": "nouveau {{ x }}"}))
    app.builder.templates.environment = changed
    sphinx_book.keep_compiled_templates(app)
    assert changed.get_template("page.html").render(x=1) == "nouveau 1"
