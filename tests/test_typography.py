"""French typography (lda_analysis/blocks/typography.py): each rule on the texts the rapport writes, and a
property: only spaces, apostrophes and the « 1er » of a date ever change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lda_analysis.blocks.typography import NARROW_NBSP, NBSP, french, hyphenation_points, same_characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Thousands, amounts with their unit, percentages.
        ("244 878,18 €", f"244{NARROW_NBSP}878,18{NBSP}€"),
        ("1 234 567 ménages", f"1{NARROW_NBSP}234{NARROW_NBSP}567 ménages"),
        ("75,4 %", f"75,4{NBSP}%"),
        ("75,4%", f"75,4{NBSP}%"),
        # Two numbers side by side are not one number; a year is not a thousand.
        ("en 2021 300 ménages", "en 2021 300 ménages"),
        ("FA 24 14 mesures", "FA 24 14 mesures"),
        ("2021-2024", "2021-2024"),
        # Dates.
        ("le 01 octobre 2024", f"le 1er{NBSP}octobre{NBSP}2024"),
        ("le 1 octobre", f"le 1er{NBSP}octobre"),
        ("le 05 mai", f"le 5{NBSP}mai"),
        ("le 26 avril 2023", f"le 26{NBSP}avril{NBSP}2023"),
        ("en décembre 2024", f"en décembre{NBSP}2024"),
        # Guillemets and high signs.
        ("« Logement d'Abord »", f"«{NBSP}Logement d’Abord{NBSP}»"),
        ("«Logement»", f"«{NBSP}Logement{NBSP}»"),
        (
            "Partenaires : DDETS ; CAF ! Pourquoi ?",
            f"Partenaires{NBSP}: DDETS{NARROW_NBSP}; CAF{NARROW_NBSP}! Pourquoi{NARROW_NBSP}?",
        ),
        ("Partenaires: DDETS", f"Partenaires{NBSP}: DDETS"),
        # A text that starts with the sign, after a word set apart (a sigle, a link).
        (" ; ITINOVA", f"{NARROW_NBSP}; ITINOVA"),
        (" : augmenter", f"{NBSP}: augmenter"),
        # What is not a high sign: a time, an address, a ratio.
        ("10:30", "10:30"),
        ("https://example.org/?a=1", "https://example.org/?a=1"),
        # Pages and numbers.
        ("p. 57", f"p.{NBSP}57"),
        # One apostrophe.
        ("l'AMI d'Abord", "l’AMI d’Abord"),
    ],
)
def test_french_typography(text, expected):
    assert french(text) == expected
    assert same_characters(text, french(text))


def test_french_typography_is_idempotent():
    text = "Soit 39 200 € ; 75,4 % des « ménages » : l'AMI, le 01 octobre 2024 (p. 57) !"
    assert french(french(text)) == french(text)


PIECES = [*"0123456789 ,.;:!?«»'%€aéAz-\n", "\xa0", "octobre", "1er", "p.", "01 mai"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_typography_never_changes_what_a_text_says(text):
    assert same_characters(text, french(text))


def test_hyphenation_only_in_lower_case_words():
    marked = hyphenation_points("Les accompagnements de la Métropole, l'AMI et PLAI-A, 2021-2024", "|")
    assert marked == "Les accom|pa|gne|ments de la Métropole, l'AMI et PLAI-A, 2021-2024"
    # Short words, capitalised words and words in an identifier are left whole.
    assert hyphenation_points("Accompagnements dossier partenaire-accompagnement", "|") == (
        "Accompagnements dossier partenaire-accompagnement"
    )
