"""The package installed from its wheel (not editable) carries the book's sources, the schema and the
embedded data, and finds them wherever it is installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lda_analysis import __version__
from lda_analysis.paths import PROJECT_ROOT


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
    assert "lda_analysis/schema/commun.yaml" in names and "lda_analysis/finances/schema.yaml" in names
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
        "import lda_analysis.paths as p, lda_analysis.pages as pages, lda_analysis.data as d; "
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
    assert checked.returncode == 0 and checked.stdout.startswith("435 contrôles : 390 conformes")
