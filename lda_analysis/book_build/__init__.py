"""The build: an edition of the book made from the notebooks, the data and the library, and kept so
that the next build redoes only what a change touches.

- :mod:`.builder`: a build in phases (plan, pages, rendering and publication, record), the staged
  sources, the published folder replaced only when everything succeeded;
- :mod:`.plan`: which notebook template makes which page of the table of contents, and the pages
  written from the data;
- :mod:`.notebooks`, :mod:`.kernels`, :mod:`.page_workers`: the execution of the pages (papermill),
  in Python kernels kept warm and reset between two pages, by workers running side by side;
- :mod:`.build_record`, :mod:`.library`: the edition folder's one record (what the published book,
  the HTML, the PDF, the downloads, each page and each check were made from) and the library's
  digest: what decides what runs again;
- :mod:`.jupyter_book_process`, :mod:`.sphinx_book`: Jupyter Book in a process started ahead, and
  the book's Sphinx extension (sigles, charts, named buttons of the table of contents, search);
- :mod:`.watch`: ``lda-book surveiller``, which keeps all of it from one build to the next.

It uses every lower layer (the data contract, the building blocks, the domains) and the publication
(:mod:`lda_analysis.publication`) to write an edition's files; none of them imports it
(``tests/test_layers.py``). Guarantees: an incremental build publishes exactly what a clean build
would; a failed or interrupted build leaves the last published book as it was. Proved by ``tests/test_incremental.py``,
``tests/test_build.py``, ``tests/test_build_record.py``, ``tests/test_page_inputs.py``,
``tests/test_check_memory.py``,
``tests/test_kernels.py``, ``tests/test_jupyter_book_process.py`` and ``tests/test_watch.py``.
"""
