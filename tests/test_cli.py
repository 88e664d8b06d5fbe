"""The lda-book command: French help, French errors, non-zero exit, nothing built on bad input."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lda_analysis import __version__
from lda_analysis.cli.lda_book import main


def test_help_is_in_french(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    words = " ".join(out.split())  # argparse wraps the help to the terminal's width
    assert out.startswith("utilisation : lda-book")
    assert "affiche cette aide et quitte" in out
    assert "exécute les notebooks et construit le livre HTML d'une édition" in words
    assert "réexécute les notebooks de notebooks/" in words


def test_build_help_explains_each_option(capsys):
    with pytest.raises(SystemExit):
        main(["construire", "--help"])
    out = capsys.readouterr().out
    words = " ".join(out.split())  # argparse wraps the help to the terminal's width
    # The default year is read from the data, not written in the code: the help says how.
    assert (
        "--annee ANNÉE année de l'édition (par défaut : la dernière année dont les données annuelles sont"
        in words
    )
    assert "--donnees DOSSIER" in out and "--sortie DOSSIER" in out
    # Only the French names are shown; the English ones of version 0.5.0 are still read.
    assert "--year" not in out and "--data-dir" not in out and "--output" not in out


def test_version_and_verbosity_options(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"lda-book {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    words = " ".join(capsys.readouterr().out.split())
    assert "-v, --bavard affiche aussi le détail de chaque étape" in words
    assert "-q, --silencieux n'affiche que les avertissements et les erreurs" in words
    with pytest.raises(SystemExit) as caught:
        main(["-v", "-q", "verifier"])
    assert caught.value.code == 2
    assert "argument -q/--silencieux : incompatible avec l'argument -v/--bavard" in capsys.readouterr().err
    assert main(["-q", "verifier"]) == 0


def test_the_commands_and_options_have_french_names_and_the_english_ones_still_work(capsys, data_copy):
    """The help names each command and option in French (construire, --annee…); a command line
    written for version 0.5.0 (build, --year…) still runs, as its French twin."""
    with pytest.raises(SystemExit):
        main(["--help"])
    words = " ".join(capsys.readouterr().out.split())
    for command in ("construire", "surveiller", "servir", "verifier", "donnees", "notebooks"):
        assert f" {command} " in words
    assert not {" build ", " watch ", " serve ", " check ", " data "} & {
        f" {word} " for word in words.split()
    }
    assert main(["-q", "verifier", "--annee", "2024", "--donnees", str(data_copy)]) == 0
    french = capsys.readouterr().out
    assert main(["--quiet", "check", "--year=2024", "--data-dir", str(data_copy)]) == 0
    assert capsys.readouterr().out == french != ""


def test_unknown_command_is_a_french_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["publier"])
    assert caught.value.code == 2
    assert "lda-book : erreur : argument COMMANDE : choix invalide : 'publier'" in capsys.readouterr().err


def test_argparse_speaks_french_for_the_command_only(capsys):
    """The French messages are argparse's for the command's parser only: a parser of another
    program in the same process keeps its own language."""
    import argparse

    with pytest.raises(SystemExit):
        main(["publier"])
    capsys.readouterr()
    assert argparse.ArgumentParser(prog="autre").format_usage() == "usage: autre [-h]\n"


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("vingt", "Année invalide « vingt » : attendu un nombre entier"),
        ("2019", "Pas d'édition possible pour 2019 : l'année doit appartenir au calendrier"),
    ],
)
def test_bad_year_stops_before_anything_runs(tmp_path, capsys, year, expected):
    assert main(["construire", "--annee", year, "--sortie", str(tmp_path / "livre")]) == 1
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "livre").exists()


def test_bad_data_names_file_row_and_column(tmp_path, capsys, data_copy):
    from .conftest import edit_cell

    edit_cell(data_copy / "pression_demande.csv", 3, "valeur", "beaucoup")
    assert main(["construire", "--donnees", str(data_copy), "--sortie", str(tmp_path / "livre")]) == 1
    err = capsys.readouterr().err
    assert "Erreur : Donnée invalide — pression_demande.csv, ligne 3, colonne « valeur »" in err
    assert not (tmp_path / "livre").exists()


def test_missing_data_folder(tmp_path, capsys):
    assert main(["construire", "--donnees", str(tmp_path / "absent")]) == 1
    assert "dossier de données introuvable" in capsys.readouterr().err


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("lda-book")
    command = [str(script)] if script.exists() else [shutil.which("lda-book")]
    completed = subprocess.run([*command, "--help"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0 and "utilisation : lda-book" in completed.stdout


def test_the_program_ends_with_the_command_s_status_and_all_its_output(tmp_path, capsys):
    """The program ends without the interpreter's teardown (:func:`lda_analysis.cli.lda_book.run`): piped,
    its output is all there, its status is the command's, and what must run at exit has run."""
    assert main(["check"]) == 0
    expected = capsys.readouterr().out
    program = [sys.executable, "-m", "lda_analysis.cli"]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    completed = subprocess.run([*program, "check"], capture_output=True, text=True, check=False, env=buffered)
    assert (completed.returncode, completed.stdout) == (0, expected)
    missing = tmp_path / "absent"
    completed = subprocess.run(
        [*program, "check", "--data-dir", str(missing)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith(
        f"Erreur : Donnée invalide — {missing} : dossier de données introuvable"
    )
    # An exit function (the kernels' socket folder is removed by one) still runs.
    marker = tmp_path / "fin"
    script = (
        "import atexit, pathlib, sys; from lda_analysis.cli.lda_book import run; "
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'fait'); sys.argv = ['lda-book', 'check']; run()"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert completed.returncode == 0 and marker.read_text() == "fait"


def test_watch_is_a_command_and_starts_again_when_the_library_changes(monkeypatch, capsys):
    from lda_analysis.book_build import watch
    from lda_analysis.cli import lda_book

    with pytest.raises(SystemExit) as stopped:
        main(["watch", "--help"])
    assert stopped.value.code == 0
    assert "puis la reconstruit à chaque changement" in capsys.readouterr().out

    def library_changed(*arguments, **options):
        raise watch.LibraryChanged

    monkeypatch.setattr(watch, "watch", library_changed)
    assert main(["watch", "--sans-pdf"]) == lda_book.RESTART
    assert "Le code de la bibliothèque a changé : la commande repart de zéro." in capsys.readouterr().err
    # The program then runs the same command again in a new process.
    script = (
        "import sys; from lda_analysis.cli import lda_book; lda_book.main = lambda: lda_book.RESTART; "
        "sys.argv = ['lda-book', '--version']; lda_book.run()"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (completed.returncode, completed.stdout.strip()) == (0, f"lda-book {__version__}")
