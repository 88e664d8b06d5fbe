"""The publication: what an edition offers beyond its HTML pages, and how it is released.

- :mod:`.pdf_assembly`, :mod:`.pdf_edition` (and ``pdf_edition.css``): the PDF edition, the built
  HTML pages assembled in the order of the table of contents and rendered by WeasyPrint;
- :mod:`.workbook`, :mod:`.workbook_import`: the Excel round trip, an edition's workbook written,
  and a filled workbook read back, validated and merged into a data folder;
- :mod:`.datapackage`: the open data of an edition, a Frictionless Data Package;
- :mod:`.accessibility`: the accessibility statement, from the record of the audit and the settings
  of ``_config.yml``;
- :mod:`.web_assets`: what the HTML pages load (no unused file, no style rule no page can apply);
- :mod:`.serve`: a local preview of the built editions;
- :mod:`.release`: what must hold before an edition is tagged, and the tag.

This layer uses the data contract, the building blocks and the domains; the build
(:mod:`lda_analysis.book_build`) calls it to write an edition's files, and it never imports the
build or the command line (a release is given the function that builds; ``tests/test_layers.py``).
Guarantees: the PDF is tagged (PDF/UA-1) and set in the project's font only; the data package
validates as data portals validate it; an imported workbook changes ``data/`` only when all of it
is valid, and never as formulas; an edition is tagged only from a clean commit whose version has
its changelog entry. Proved by
``tests/test_pdf.py``, ``tests/test_workbook.py``, ``tests/test_hostile_inputs.py``,
``tests/test_datapackage.py``, ``tests/test_accessibility.py``, ``tests/test_web_assets.py``,
``tests/test_serve.py`` and ``tests/test_release.py``.
"""
