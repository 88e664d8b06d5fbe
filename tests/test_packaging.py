"""The package installed from its wheel (not editable) carries the book's sources, the schema and the
embedded data, and finds them wherever it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lda_analysis import __version__
from lda_analysis.contract.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("roue")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(folder),
            str(PROJECT_ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = folder.glob("lda_analysis-*.whl")
    return found


def test_the_wheel_carries_the_schema_the_book_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = f"lda_analysis-{__version__}.data/data/share/lda-book"
    assert (
        "lda_analysis/contract/schema/commun.yaml" in names
        and "lda_analysis/domains/finances/schema.yaml" in names
    )
    assert "lda_analysis/publication/pdf_edition.css" in names  # the print stylesheet of the PDF edition
    assert {
        f"{data}/_toc.yml",
        f"{data}/_config.yml",
        f"{data}/notebooks/fiche_action.ipynb",
        f"{data}/book/_static/lda.css",
        f"{data}/book/_templates/sbt-sidebar-nav.html",
        f"{data}/sources/rapport_execution_2021_2024.txt",
    } <= names
    csv_files = {name.rsplit("/", 1)[-1] for name in names if name.startswith(f"{data}/data/")}
    assert csv_files == {path.name for path in (PROJECT_ROOT / "data").glob("*.csv")}
    notebooks = {name.rsplit("/", 1)[-1] for name in names if name.startswith(f"{data}/notebooks/")}
    assert notebooks == {path.name for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb")}


def test_an_installed_package_finds_its_files_and_checks_a_data_folder(wheel, tmp_path, data_copy):
    target = tmp_path / "installé"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    environment = {**os.environ, "PYTHONPATH": str(target)}
    script = (
        "import lda_analysis.contract.paths as p, lda_analysis.book_build.plan as pages, lda_analysis.contract.data as d; "
        "print(p.PROJECT_ROOT, p.IN_CHECKOUT, len(pages.book_pages(p.TOC_FILE, p.NOTEBOOKS_DIR, "
        "d.load_tables())))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert shown[:2] == [str(target / "share" / "lda-book"), "False"] and int(shown[2]) > 30
    checked = subprocess.run(
        [sys.executable, "-m", "lda_analysis.cli", "check", "--data-dir", str(data_copy)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    # The installed command gives the checkout's report of the same data folder.
    from lda_analysis.domains.checks import report_text, run_checks
    from lda_analysis.domains.edition import load_data

    assert checked.returncode == 0
    assert checked.stdout == report_text(run_checks(load_data(data_copy))) + "\n"


def _make_venv(tmp_path, path: str, *variables: str) -> subprocess.CompletedProcess:
    """``make .venv/bin/python`` with the project's Makefile in an empty folder (the step that picks
    the Python), ``PATH`` set to ``path``."""
    shutil.copyfile(PROJECT_ROOT / "Makefile", tmp_path / "Makefile")
    make = shutil.which("make")
    return subprocess.run(
        [make, "-s", ".venv/bin/python", *variables],
        cwd=tmp_path,
        env={"PATH": path, "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_says_in_french_when_no_supported_python_is_found(tmp_path):
    tools = tmp_path / "outils"
    tools.mkdir()
    for tool in ("sh", "test"):  # a PATH with a shell and no Python
        found = shutil.which(tool)
        if found:
            (tools / tool).symlink_to(found)
    completed = _make_venv(tmp_path, str(tools))
    assert completed.returncode != 0
    assert "Aucun Python 3.11, 3.12 ou 3.13 trouvé" in completed.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_refuses_a_python_it_does_not_support(tmp_path):
    completed = _make_venv(tmp_path, os.environ["PATH"], "PYTHON=python3.99")
    assert completed.returncode != 0
    assert "python3.99 est introuvable, ou sa version n'est pas 3.11, 3.12 ou 3.13" in completed.stderr
