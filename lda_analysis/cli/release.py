"""The command that releases an edition: ``make release YEAR=2024``, or
``python -m lda_analysis.cli.release 2024``.

It gives :func:`lda_analysis.publication.release.release` (what must hold, then the tag) the
function that builds the edition in strict mode and returns the fingerprint of its data. Proved by
``tests/test_release.py`` (the usage, and a release built then tagged).
"""

from __future__ import annotations

import sys

from lda_analysis.book_build.builder import build_edition
from lda_analysis.contract.errors import LdaError
from lda_analysis.contract.paths import PROJECT_ROOT
from lda_analysis.domains.edition import load_edition
from lda_analysis.publication.release import release


def _build(year: int) -> str:
    """Build the edition ``year`` in strict mode; return the fingerprint of its data (of the data the
    edition sees, as its pages' footer says it)."""
    build_edition(year, strict=True)
    return load_edition(year).fingerprint  # the embedded data, which the edition was built from


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1 or not arguments[0].isdigit():
        print(
            "Usage : python -m lda_analysis.cli.release ANNÉE (ou make release YEAR=ANNÉE)", file=sys.stderr
        )
        return 2
    try:
        tag = release(PROJECT_ROOT, int(arguments[0]), _build)
    except LdaError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    print(f"Étiquette {tag} créée. Pour la publier : git push origin {tag}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
