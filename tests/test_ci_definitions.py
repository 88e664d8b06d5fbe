"""The CI definitions for the forges (GitHub Actions, GitLab CI) run the same commands as .ci/run,
and the publication script gathers what an edition publishes."""

import os
import subprocess
from pathlib import Path

import yaml

# The checkout (the CI files are not installed with the package).
PROJECT_DIR = Path(__file__).resolve().parents[1]
GITHUB = PROJECT_DIR / ".github" / "workflows" / "ci.yml"
GITLAB = PROJECT_DIR / ".gitlab-ci.yml"


def _commands(steps: list[str]) -> list[str]:
    return [line.strip() for step in steps for line in step.splitlines() if line.strip()]


def test_ci_run_calls_the_readme_s_test_command():
    assert "make test" in (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "make test" in (PROJECT_DIR / "README.md").read_text(encoding="utf-8")


def test_github_actions_runs_ci_run_on_every_push_and_pull_request_and_publishes_on_a_tag():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key « on » as true
    assert {"push", "pull_request"} <= set(triggers) and triggers["push"]["tags"] == ["edition-*"]
    tests = workflow["jobs"]["tests"]
    assert _commands([step["run"] for step in tests["steps"] if "run" in step]) == [".ci/run"]
    assert tests["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert tests["container"] == "python:${{ matrix.python }}-bookworm"
    publication = workflow["jobs"]["publication"]
    assert publication["needs"] == "tests" and "refs/tags/edition-" in publication["if"]
    runs = _commands([step["run"] for step in publication["steps"] if "run" in step])
    assert runs == [
        'make book YEAR="${GITHUB_REF_NAME#edition-}"',
        '.ci/publish "${GITHUB_REF_NAME#edition-}" public',
    ]
    uses = [step["uses"].split("@")[0] for step in publication["steps"] if "uses" in step]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "softprops/action-gh-release"} <= set(
        uses
    )


def test_gitlab_ci_runs_ci_run_and_publishes_pages_on_a_tag():
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert pipeline["tests"]["script"] == [".ci/run"]
    assert pipeline["tests"]["parallel"]["matrix"] == [{"PYTHON_VERSION": ["3.11", "3.12", "3.13"]}]
    assert pipeline["tests"]["image"] == "python:${PYTHON_VERSION}-bookworm"
    pages = pipeline["pages"]
    assert pages["script"] == [
        'make book YEAR="${CI_COMMIT_TAG#edition-}"',
        '.ci/publish "${CI_COMMIT_TAG#edition-}" public',
    ]
    assert pages["artifacts"]["paths"] == ["public"] and "edition-" in pages["rules"][0]["if"]


def test_publish_gathers_the_book_and_the_edition_s_files(built_book, tmp_path):
    editions = built_book.parent.parent
    target = tmp_path / "public"
    completed = subprocess.run(
        [str(PROJECT_DIR / ".ci" / "publish"), "2024", str(target)],
        env={**os.environ, "EDITIONS": str(editions)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (target / "2024" / "html" / "index.html").is_file() and (target / "index.html").is_file()
    files = sorted(path.name for path in (target / "telechargements").iterdir())
    expected = [
        "datapackage.json",
        "donnees_logement_d_abord_2024.xlsx",
        "donnees_ouvertes_logement_d_abord_2024.zip",
    ]
    assert [name for name in files if not name.endswith(".pdf")] == expected


def test_publish_says_in_french_when_the_edition_was_not_built(tmp_path):
    completed = subprocess.run(
        [str(PROJECT_DIR / ".ci" / "publish"), "2031", str(tmp_path / "public")],
        env={**os.environ, "EDITIONS": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "Édition 2031 introuvable : la construire d'abord (make book YEAR=2031)." in completed.stderr
    assert not Path(tmp_path / "public").exists()
