"""The command line, the top layer: it parses what the user asks, calls the layers below and says in
French what happened; nothing imports it (``tests/test_layers.py``).

- :mod:`.lda_book`: the ``lda-book`` command (``build``, ``watch``, ``check``, ``serve``, ``data``,
  ``notebooks``), also run as ``python -m lda_analysis.cli``;
- :mod:`.release`: ``make release YEAR=ANNÉE``, which builds an edition in strict mode and tags it.

Guarantees: an expected failure prints its French message and exits with status 1, never a
traceback; a usage error exits with status 2; Ctrl-C keeps the last book and exits with status 130.
Proved by ``tests/test_cli.py``, ``tests/test_release.py`` and
``tests/test_build.py::test_ctrl_c_stops_the_build_within_seconds``.
"""
