"""``python -m lda_analysis.cli``: the ``lda-book`` command (:mod:`lda_analysis.cli.lda_book`)."""

from lda_analysis.cli.lda_book import run

run()
