"""The data contract: what a data folder must be, how it is read, and where each figure comes from.

The bottom layer of the library: it imports no other layer (only :data:`lda_analysis.DOMAINS`, to
find each domain's ``schema.yaml``; ``tests/test_layers.py`` checks it), and every other layer
reads the data through it.

- :mod:`.schema`: the tables, their columns, codes, units and bounds (``schema/commun.yaml`` for
  what is shared, the ``schema.yaml`` of each domain for its tables), French labels, renamed columns;
- :mod:`.data`: loading a data folder, validated against the schema (types, codes, units, years,
  keys), with a typed French error for each fault;
- :mod:`.selection`: the rows and figures of a validated table (``select_rows``, ``one_row``,
  ``value``), the comparison of two figures (``TOLERANCE``);
- :mod:`.provenance`: a figure traced back to its line of the source document;
- :mod:`.digests`: digests of files and values (the data's fingerprint);
- :mod:`.errors`, :mod:`.paths`: the library's typed errors, where the project's files are.

Guarantees: a data folder that loads satisfies the schema, and a folder that does not is refused
with a message that locates each fault (file, row, column, expected); every figure of ``data/`` is
found, as printed, on its line of the source document. Proved by ``tests/test_schema.py``,
``tests/test_data.py``, ``tests/test_hostile_inputs.py`` (property tests of hostile inputs),
``tests/test_selection.py`` and ``tests/test_back.py`` (the back test to the source document).
"""
