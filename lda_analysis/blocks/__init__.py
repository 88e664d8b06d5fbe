"""The book's building blocks: what a page is made of, the same for every domain.

Above the data contract (:mod:`lda_analysis.contract`), the only layer they import
(``tests/test_layers.py``); they name no domain, and the domains build their pages from them.

- :mod:`.formatting`, :mod:`.dates`, :mod:`.typography`: numbers, percentages, euros, units, months
  and durations in French (babel), and French typography (thin spaces, apostrophe, hyphenation);
- :mod:`.statements`, :mod:`.tables`, :mod:`.charts`: a sentence, a table, a chart (seaborn, in one
  style, with its title, source line and text alternative), each displaying itself in a notebook;
  the links to download the data a page shows, and the names of the files they point to;
- :mod:`.excel_export`: a table as a file a French Excel opens by double-click;
- :mod:`.fonts`: the project's font (Source Sans Pro, installed with it), for the charts and the PDF;
- :mod:`.toc`: the book's table of contents, its pages in reading order.

Guarantees: the same figures give the same text, in French; every text that comes from the data is
escaped (HTML in tables, Markdown in sentences, charts and figures); every table announces its
header cells and every chart has a text alternative; nothing varies between two renderings of the
same data. Proved by ``tests/test_formatting.py``, ``tests/test_typography.py``,
``tests/test_statements.py``, ``tests/test_tables_charts.py`` and ``tests/test_excel_export.py``.
"""
