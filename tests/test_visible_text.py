"""The text a reader sees on every page of the 2024 edition is the recorded one.

A refactoring must leave it unchanged; a change of the book must be intended, recorded (see
``tests/visible_text.py``) and said in its commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from .visible_text import book_text, differences, page_text

SNAPSHOT = Path(__file__).with_name("texte_visible_2024.json")


def test_every_page_shows_the_recorded_text(built_book):
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    found = differences(recorded, book_text(built_book))
    assert not found, (
        "Le texte visible du livre a changé. Si c'est voulu : python tests/visible_text.py snapshot "
        "<livre>/html tests/texte_visible_2024.json, et le dire dans le commit.\n" + "\n".join(found[:60])
    )


def test_the_recorded_text_covers_every_page_of_the_table_of_contents(built_book):
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert "notebooks/actions/action_11_12.html" in recorded and "book/sigles.html" in recorded
    assert "Sur 424 contrôles, 381 sont conformes" in recorded["notebooks/controles_coherence.html"]


def test_page_text_is_what_a_reader_sees():
    html = (
        '<html><head><title>T</title><script>alert(1)</script></head><body><nav><a href="#">Menu</a></nav>'
        "<p>Un  <b>mot</b>\n sur deux lignes</p><template><p>caché</p></template>"
        '<img alt="Graphique : 3 barres" src="x.png"/><table><tr><td>1</td><td>2</td></tr></table>'
        '<input type="hidden" value="non"/></body></html>'
    )
    assert page_text(html) == "Menu\nUn mot sur deux lignes\n[image : Graphique : 3 barres]\n1\n2"


def test_differences_name_the_pages_and_lines_that_changed():
    before = {"a.html": "Titre\nSur 412 contrôles", "b.html": "Autre"}
    after = {"a.html": "Titre\nSur 413 contrôles", "c.html": "Nouvelle"}
    found = differences(before, after)
    assert (
        "Page modifiée : a.html" in found and "-Sur 412 contrôles" in found and "+Sur 413 contrôles" in found
    )
    assert "Page supprimée : b.html" in found and "Page ajoutée : c.html" in found
    assert differences(before, before) == []
