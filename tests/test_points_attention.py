"""The distinct contradictions of the document (one per disagreement, however many checks find it) and
the annex « Points d'attention » that lists them, in the HTML book and in the PDF edition."""

import re
from types import SimpleNamespace

import pytest

from lda_analysis.blocks.toc import toc_files
from lda_analysis.book_build.plan import generated_pages
from lda_analysis.contract.paths import toc_file
from lda_analysis.domains.checks import (
    CONCORDANCE,
    DISCREPANCY,
    CheckResult,
    distinct_discrepancies,
    equality_result,
    same_contradiction,
)
from lda_analysis.domains.edition import load_edition
from lda_analysis.domains.quality import ATTENTION_PAGES, QUALITY_PAGES, attention_page, checks_statement


@pytest.fixture(scope="module")
def results():
    return load_edition(2024).check_results


def _result(check, printed, computed, *sources):
    return CheckResult(check, "t", "s", printed, computed, DISCREPANCY, sources)


def test_the_same_disagreement_found_twice_is_one_contradiction():
    # A subsidy printed twice on a page (lines 3521, 3527), both compared with the synthesis (1081).
    first = _result("finances.pages", 45000.0, 30000.0, "page, ligne 3521", "synthèse, ligne 1081")
    again = _result("finances.pages", 45000.0, 30000.0, "page, ligne 3527", "synthèse, ligne 1081")
    # The next year of the same page against the same synthesis line: another disagreement.
    other_year = _result("finances.pages", 0.0, 15000.0, "page, ligne 3528", "synthèse, ligne 1081")
    # The same pair of passages, found by another check: the same contradiction.
    same_pair = _result("territoire.other", 1.0, 2.0, "synthèse, ligne 1081", "page, ligne 3521")
    # Same figures, no passage in common (two distributions of the same sheet): two contradictions.
    apart = _result("fiches.shares", 100.0, 99.1, "fiche, ligne 8990")
    apart_too = _result("fiches.shares", 100.0, 99.7, "fiche, ligne 9107")
    assert same_contradiction(first, again) and same_contradiction(first, same_pair)
    assert not same_contradiction(first, other_year) and not same_contradiction(apart, apart_too)
    groups = distinct_discrepancies([first, other_year, apart, again, same_pair, apart_too])
    assert [len(group.results) for group in groups] == [3, 1, 1, 1]
    assert groups[0].results == (first, again, same_pair)


def test_the_2024_edition_merges_the_discrepancies_that_find_the_same_contradiction(results):
    # The discrepancies (test_checks.DOCUMENT_DISCREPANCIES_2024) that find one disagreement twice;
    # every other discrepancy is a contradiction of its own.
    groups = distinct_discrepancies(results)
    merged = [(group.results[0].check, len(group.results)) for group in groups if len(group.results) > 1]
    assert merged == [
        ("finances.pages_and_synthesis", 2),  # « Subvention N1 : 45 000 € », lines 3521 and 3527
        ("finances.calendar_and_roadmap", 2),  # §4.5 « septembre 2024 », lines 6054 and 6087
        ("actions.household_typology", 2),  # the typology (45) against 34 and against 59 - 5
        ("actions.milestones_chronology", 2),  # the PTFA launched « avril 2022 » (line 2326)
        ("perspectives.funding_period_length", 2),  # « 15 mois » (line 6058)
        ("annexes.workshop_theme_titles", 2),  # the title of group 1 on the first slide (line 7014)
        ("fiches_actions.fa22_funding_and_budget", 2),  # 70 000 €, printed twice
        ("fiches_actions.fa22_funding_and_budget", 2),  # 12 000 €, printed twice
    ]
    fa22 = [group for group in groups if group.results[0].check == "fiches_actions.fa22_funding_and_budget"]
    assert [(group.figures(0), group.figures(1)) for group in fa22] == [
        ("70\u202f000\xa0€", "69\u202f042\xa0€"),
        ("12\u202f000\xa0€", "11\u202f200\xa0€"),
    ]


def test_the_book_counts_distinct_contradictions(results):
    text = checks_statement(results).text
    assert "Le document se contredit en 34 endroits (les contrôles relèvent 42 écarts" in text
    assert "listés dans la page « Points d'attention »" in text and "44" not in text


def test_the_points_of_attention_list_each_contradiction_with_the_pages_of_the_document(results):
    page = attention_page(SimpleNamespace(check_results=results))
    assert page.startswith("# Points d'attention\n")
    items = re.findall(r"^(\d+)\. \*\*", page, re.MULTILINE)
    assert items == [str(number) for number in range(1, 35)]
    # Pages of the original document, never lines of the extracted text.
    assert not re.search(r"\blignes? \d", page)
    first = page[page.index("1. **") : page.index("2. **")]
    plain = first.replace("\\", "").replace("\u202f", " ").replace("\xa0", " ")
    assert "§1.16 Action 15 (p. 39-40)" in plain and "(p. 10-11)" in plain  # action 15, the synthesis
    assert plain.count("45 000 €") == 1 and "30 000 €" in plain
    assert "- D'un côté :" in first and "- De l'autre :" in first


def test_a_page_with_no_contradiction_says_so():
    ok = equality_result("s", 1, 1, ["Annexe « FA 22 », ligne 8940"], kind=CONCORDANCE)
    page = attention_page(SimpleNamespace(check_results=[ok]))
    assert "Aucun point d'attention pour cette édition" in page and "1. **" not in page


def test_a_yearly_edition_has_the_page_too():
    page = attention_page(load_edition(2025))
    assert page.startswith("# Points d'attention\n")


def test_the_page_is_in_both_tables_of_contents_and_in_the_pdf():
    file = "notebooks/points_attention"
    for kind in ("bilan", "annuel"):
        pages = toc_files(toc_file(kind))
        assert pages.index(file) == pages.index("notebooks/dictionnaire_donnees") - 1, kind
    assert f"{file}.md" in [page.file for page in generated_pages()]
    assert [page.file for page in ATTENTION_PAGES] == [f"{file}.md"]
    # The PDF edition leaves out the QUALITY_PAGES: this one must stay in print.
    assert f"{file}.md" not in [page.file for page in QUALITY_PAGES]
