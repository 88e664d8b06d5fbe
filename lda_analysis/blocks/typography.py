"""French typography of a text, as the Imprimerie nationale's rules set it: all of it for print
(:func:`french`, the PDF edition), its numbers' part for the HTML book (:func:`french_numbers`).

:func:`french` gives a text its French spaces and signs: the narrow no-break space (U+202F) between
the thousands of a number and before « ; », « ! », « ? »; the no-break space (U+00A0) inside « »,
before « : », between a number and its unit (€, %), inside a date (« 1er octobre 2024 ») and after
« p. »; one apostrophe (’); « 1er » for the first day of a month (« 01 octobre » is not French).
A space that French keeps is made unbreakable, so a number, an amount with its unit, a percentage, a
date is never cut at the end of a line. Only spaces and signs change: letters and digits are never
touched (:func:`same_characters` proves it in the tests).

:func:`hyphenation_points` marks where a word may be hyphenated: French patterns (Pyphen, which
WeasyPrint already uses), lower-case words of 8 letters or more only, at least 3 letters each side;
never a capitalised word, a sigle, a number or a header (the caller chooses the text).

Generic: nothing here names a domain of the report.
"""

from __future__ import annotations

import functools
import re

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_SPACE = f"[ {NBSP}{NARROW_NBSP}]"
_NUMBER_RULES = (
    # Thousands: « 39 200 » (1 to 3 digits, then groups of three).
    (re.compile(rf"(?<![\d,.]\d)(?<![\d,.]\d\d)(?<![\d,.])(\d{{1,3}})((?:{_SPACE}\d{{3}})+)(?![\d])"), None),
    # A number and its unit.
    (re.compile(rf"(\d){_SPACE}?(€|%|k€|M€)"), rf"\1{NBSP}\2"),
    # Dates: « 01 octobre » is « 1er octobre »; the day, the month and the year held together.
    (re.compile(rf"\b0?1{_SPACE}({MONTHS})\b"), rf"1er{NBSP}\1"),
    (re.compile(rf"\b0([2-9]){_SPACE}({MONTHS})\b"), rf"\1{NBSP}\2"),
    (re.compile(rf"\b(\d{{1,2}}|1er){_SPACE}({MONTHS})\b"), rf"\1{NBSP}\2"),
    (re.compile(rf"\b({MONTHS}){_SPACE}(\d{{4}})\b"), rf"\1{NBSP}\2"),
    # « p. 57 », « n° 3 ».
    (re.compile(rf"\b(p\.|n°){_SPACE}(?=\d)"), rf"\1{NBSP}"),
)
_SIGN_RULES = (
    # Guillemets.
    (re.compile(rf"«{_SPACE}*"), f"«{NBSP}"),
    (re.compile(rf"{_SPACE}*»"), f"{NBSP}»"),
    # High signs: a narrow no-break space before ; ! ?, a no-break space before :.
    (re.compile(rf"(?<=[\w)\]»%€.…]){_SPACE}?([;!?])(?=\s|$|[»)])"), rf"{NARROW_NBSP}\1"),
    (re.compile(rf"(?<=[\w)\]»%€…]){_SPACE}?:(?=\s|$)"), f"{NBSP}:"),
    # The same after a word set apart (a link, a sigle, bold): the text then starts with the sign.
    (re.compile(rf"^{_SPACE}([;!?])(?=\s|$)"), rf"{NARROW_NBSP}\1"),
    (re.compile(rf"^{_SPACE}:(?=\s|$)"), f"{NBSP}:"),
    # One apostrophe.
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),
)


def _thousands(match: re.Match) -> str:
    return match.group(1) + re.sub(_SPACE, NARROW_NBSP, match.group(2))


def french(text: str) -> str:
    """``text`` with French typography.

    >>> french("Soit 39 200 € ; 75,4 % des « ménages » : l'AMI, le 01 octobre 2024 (p. 57) !")
    'Soit 39\\u202f200\\xa0€\\u202f; 75,4\\xa0% des «\\xa0ménages\\xa0»\\xa0: l’AMI, le 1er\\xa0octobre\\xa02024 (p.\\xa057)\\u202f!'
    >>> french("en 2021 300 ménages ; 2021-2024")
    'en 2021 300 ménages\\u202f; 2021-2024'
    """
    return _apply(_SIGN_RULES, french_numbers(text))


def french_numbers(text: str) -> str:
    """``text`` with the French spaces of its numbers, amounts, percentages, dates and page numbers
    only (what the HTML book applies to every text: its signs are Sphinx's smart quotes').

    >>> french_numbers("39 200 € ; le 01 octobre 2024, l'AMI")
    "39\u202f200\xa0€ ; le 1er\xa0octobre\xa02024, l'AMI"
    """
    return _apply(_NUMBER_RULES, text)


def _apply(rules, text: str) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(_thousands if replacement is None else replacement, text)
    return text


def same_characters(before: str, after: str) -> bool:
    """Whether two texts differ only in their spaces, apostrophes and the « 1er » of a date: the
    typography never changes what a text says."""

    def letters(text: str) -> str:
        text = re.sub(rf"\b1er{_SPACE}(?=({MONTHS})\b)", "1 ", text)
        text = re.sub(rf"\b0(\d){_SPACE}({MONTHS})", r"\1 \2", text)
        return re.sub(rf"[\s{NBSP}{NARROW_NBSP}]", "", text).replace("’", "'")

    return letters(before) == letters(after)


@functools.cache
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="fr_FR", left=3, right=3)


_WORD = re.compile(r"(?<![\w’'-])[a-zàâäçéèêëîïôöùûüÿœæ]{8,}(?![\w-])")


def hyphenation_points(text: str, mark: str = "\u00ad") -> str:
    """``text`` with ``mark`` (a soft hyphen) where French allows its lower-case words of 8 letters
    or more to be hyphenated; capitalised words, sigles and numbers are left whole.

    >>> hyphenation_points("Les accompagnements de la Métropole", "|")
    'Les accom|pa|gne|ments de la Métropole'
    """
    dictionary = _dictionary()
    return _WORD.sub(lambda match: dictionary.inserted(match.group(0), hyphen=mark), text)
