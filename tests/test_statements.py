"""Sentences computed from the data: data text cannot inject markup, and a computed figure is
compared with the printed one in words."""

from lda_analysis.blocks.statements import Statement, agreement, escape_markdown


def test_markdown_and_html_from_data_are_escaped():
    statement = Statement("Source <script>alert(1)</script> *gras* [lien](http://x)")
    markdown = statement._repr_markdown_()
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\*gras\\*" in markdown and "\\[lien\\]" in markdown
    assert str(statement) == statement.text
    assert repr(statement) == "Phrase « Source <script>alert(1)</script> *gras* [lien](http://x) »"
    assert repr(Statement("Un deux trois quatre cinq six.")) == "Phrase « Un deux trois quatre cinq… »"
    assert escape_markdown("a_b") == "a\\_b"


def test_agreement_in_words():
    assert agreement(45, 45, "nombre") == "soit exactement le chiffre imprimé"
    assert agreement(39200, 40000, "euros") == "alors que le document imprime 40\u202f000\xa0€"
