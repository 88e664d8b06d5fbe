"""Releasing an edition: checked in French, built, then tagged ``edition-ANNÉE``."""

import subprocess

import pytest

from lda_analysis.cli.release import main
from lda_analysis.publication.release import ReleaseError, release, release_problems

CHANGELOG = "# Journal\n\n## [Non publié]\n\n## [1.2.0] - 2026-11-30\n\n- Ajouté.\n"


def _git(repository, *arguments):
    return subprocess.run(
        ["git", *arguments], cwd=repository, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repository(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "analyste@example.org")
    _git(tmp_path, "config", "user.name", "Analyste")
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    _git(tmp_path, "add", "CHANGELOG.md")
    _git(tmp_path, "commit", "-q", "-m", "Version 1.2.0")
    return tmp_path


def test_a_clean_commit_with_its_changelog_entry_is_built_then_tagged(repository):
    built = []
    tag = release(repository, 2024, lambda year: built.append(year) or "abc123", version="1.2.0")
    assert tag == "edition-2024" and built == [2024]
    message = _git(repository, "tag", "-n1", "--list", "edition-2024")
    assert "Édition 2024 du livre Logement d'Abord (code 1.2.0, empreinte des données abc123)" in message


def test_what_prevents_a_release_is_said_in_french_and_nothing_is_built_or_tagged(repository):
    (repository / "CHANGELOG.md").write_text(CHANGELOG + "- Modifié sans commit.\n", encoding="utf-8")
    _git(repository, "tag", "edition-2025")
    problems = release_problems(repository, 2025, version="1.3.0")
    assert len(problems) == 3
    assert problems[0].startswith(
        "des fichiers suivis sont modifiés sans être validés (1, dont M CHANGELOG.md)"
    )
    assert "CHANGELOG.md n'a pas d'entrée « ## [1.3.0] - AAAA-MM-JJ »" in problems[1]
    assert problems[2] == "l'étiquette edition-2025 existe déjà (git tag -d edition-2025 pour la refaire)"
    with pytest.raises(ReleaseError, match="L'édition 2025 ne peut pas être publiée"):
        release(repository, 2025, lambda year: pytest.fail("rien ne doit être construit"), version="1.3.0")


def test_the_command_needs_a_year(capsys):
    assert main([]) == 2 and main(["deux-mille"]) == 2
    assert (
        "Usage : python -m lda_analysis.cli.release ANNÉE (ou make release YEAR=ANNÉE)"
        in capsys.readouterr().err
    )


def test_a_placeholder_of_a_published_page_prevents_the_release_before_anything_is_built(repository):
    (repository / "_config.yml").write_text(
        "accessibilite:\n  contact: ''\n  schema_pluriannuel: https://exemple.invalid/s\n", encoding="utf-8"
    )
    _git(repository, "add", "_config.yml")
    _git(repository, "commit", "-q", "-m", "Configuration")
    problems = release_problems(repository, 2024, version="1.2.0")
    assert len(problems) == 1 and problems[0].startswith(
        "mention provisoire : page « Accessibilité », l'adresse de contact pour signaler un défaut "
        "d'accessibilité : à renseigner dans _config.yml, clé accessibilite → contact"
    )
    with pytest.raises(ReleaseError, match="mention provisoire"):
        release(repository, 2024, lambda year: pytest.fail("rien ne doit être construit"), version="1.2.0")
