"""Releasing an edition: a git tag ``edition-ANNÉE`` on a commit whose code version has its entry in
the changelog and whose edition builds, so that each year's edition stays citable and rebuildable.

``make release YEAR=2024`` (or ``python -m lda_analysis.cli.release 2024``) checks, in French:

- the working tree is clean (the tag names exactly what is committed);
- ``CHANGELOG.md`` has an entry for the code's version (``## [0.5.0] - date``), not only « Non publié »;
- the tag does not exist yet;
- the configuration leaves no setting of a published page empty (the accessibility statement's
  contact and multi-year plan): the strict build would refuse to publish its placeholder;

then builds the edition in strict mode (no missing data, no placeholder: the command gives :func:`release`
the function that builds), and tags the commit with a message giving
the code's version and the fingerprint of the data. Nothing is pushed: ``git push origin
edition-ANNÉE`` publishes it (the forge's CI then builds and publishes the edition). Proved by
``tests/test_release.py`` (a clean commit with its changelog entry is built then tagged; each problem
is said in French and nothing is built or tagged).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from lda_analysis import __version__
from lda_analysis.contract.errors import LdaError

from .accessibility import placeholders

TAG_PREFIX = "edition-"


class ReleaseError(LdaError):
    """The edition cannot be released as things are."""


def _git(repository: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["git", *arguments], cwd=repository, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise ReleaseError(f"git {' '.join(arguments)} a échoué : {completed.stderr.strip()}")
    return completed.stdout


def changelog_has_entry(changelog: str, version: str) -> bool:
    """Whether the changelog has a dated entry for ``version``.

    >>> changelog_has_entry("## [Non publié]\\n\\n## [0.4.0] - 2026-11-30\\n", "0.4.0")
    True
    >>> changelog_has_entry("## [Non publié]\\n\\n## [0.4.0] - 2026-11-30\\n", "0.5.0")
    False
    """
    return (
        re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE)
        is not None
    )


def release_problems(repository: Path, year: int, version: str = __version__) -> list[str]:
    """What prevents tagging the edition ``year`` now, in French ([] if nothing)."""
    problems = []
    changed = _git(repository, "status", "--porcelain", "--untracked-files=no").splitlines()
    if changed:
        problems.append(
            f"des fichiers suivis sont modifiés sans être validés ({len(changed)}, dont {changed[0].strip()}) : "
            "validez-les (git commit) ou annulez-les avant de publier"
        )
    changelog = (repository / "CHANGELOG.md").read_text(encoding="utf-8")
    if not changelog_has_entry(changelog, version):
        problems.append(
            f"CHANGELOG.md n'a pas d'entrée « ## [{version}] - AAAA-MM-JJ » pour la version du code "
            "(lda_analysis/__init__.py) : déplacez-y ce qui est sous « Non publié »"
        )
    tag = f"{TAG_PREFIX}{year}"
    if _git(repository, "tag", "--list", tag).strip():
        problems.append(f"l'étiquette {tag} existe déjà (git tag -d {tag} pour la refaire)")
    config = repository / "_config.yml"
    if config.is_file():  # the strict build would refuse them: said before anything is built
        problems += [f"mention provisoire : {item}" for item in placeholders(config)]
    return problems


def release(repository: Path, year: int, build: Callable[[int], str], version: str = __version__) -> str:
    """Check, build the edition ``year`` (``build(year)`` returns the data's fingerprint) and tag the
    commit; return the tag."""
    problems = release_problems(repository, year, version)
    if problems:
        raise ReleaseError(
            f"L'édition {year} ne peut pas être publiée :\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    fingerprint = build(year)
    tag = f"{TAG_PREFIX}{year}"
    _git(
        repository,
        "tag",
        "-a",
        tag,
        "-m",
        f"Édition {year} du livre Logement d'Abord (code {version}, empreinte des données {fingerprint})",
    )
    return tag
