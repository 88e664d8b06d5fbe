"""French formats, used everywhere a figure is shown (tables, charts, sentences): numbers,
percentages, points, euros, a figure with its unit, a ratio or full-time equivalents in words, and
the small words of a French sentence (a list with « et », how a count changed, capitals).

Separators come from babel's ``fr_FR`` locale (a narrow no-break space between thousands, a comma
before decimals, a no-break space before ``%`` and ``€``). Negative figures take the typographic
minus sign (U+2212), as in the printed report (« −0,6 point »).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "fr_FR"
MINUS = "\u2212"
NOT_AVAILABLE = "n.d."


def _pattern(base: str, decimals: int, signed: bool) -> str:
    """Set the number of decimals of a CLDR pattern and, if asked, show a ``+`` sign."""
    fraction = "." + "0" * decimals if decimals else ""
    pattern = re.sub(r"0(\.[0#]*)?", "0" + fraction, base, count=1)
    return f"+{pattern};-{pattern}" if signed else pattern


def _typographic(text: str) -> str:
    return text.replace("-", MINUS)


def _locale() -> Locale:
    return Locale.parse(LOCALE)


def format_number(value: float, decimals: int = 0, *, signed: bool = False) -> str:
    """A number with French separators.

    >>> format_number(1469)
    '1\\u202f469'
    >>> format_number(5.9, 1)
    '5,9'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_AVAILABLE
    pattern = _pattern(_locale().decimal_formats[None].pattern, decimals, signed)
    return _typographic(format_decimal(value, format=pattern, locale=LOCALE))


def format_percent_value(value: float, decimals: int = 1, *, signed: bool = False) -> str:
    """A percentage given on a 0-100 scale (as the data stores rates).

    >>> format_percent_value(3.1)
    '3,1\\xa0%'
    >>> format_percent_value(61.904, signed=True)
    '+61,9\\xa0%'
    """
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    pattern = _pattern(_locale().percent_formats[None].pattern, decimals, signed)
    return _typographic(format_percent(value / 100, format=pattern, locale=LOCALE))


def format_points(value: float, decimals: int = 1) -> str:
    """A change in percentage points, signed, with French agreement (« point » below 2).

    >>> format_points(3.4 - 2.1)
    '+1,3\\xa0point'
    >>> format_points(1.3 - 1.9)
    '\\u22120,6\\xa0point'
    """
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    rounded = round(value, decimals)
    noun = "point" if abs(rounded) < 2 else "points"
    return f"{format_number(value, decimals, signed=True)}\xa0{noun}"


def format_euros(value: float) -> str:
    """An amount in euros; cents are shown only when the amount has some.

    >>> format_euros(244878.18)
    '244\\u202f878,18\\xa0€'
    >>> format_euros(15000)
    '15\\u202f000\\xa0€'
    """
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    base = _locale().currency_formats["standard"].pattern
    decimals = 0 if float(value).is_integer() else 2
    pattern = _pattern(base, decimals, signed=False)
    return _typographic(format_currency(value, "EUR", format=pattern, currency_digits=False, locale=LOCALE))


UNIT_FORMATS = {
    "pourcentage": lambda value: format_percent_value(value, 1),
    "evolution_pourcentage": lambda value: format_percent_value(value, 0, signed=True),
    "euros": format_euros,
    "menages": lambda value: format_number(value, 0),
    "demandes": lambda value: format_number(value, 0),
    "attributions": lambda value: format_number(value, 0),
    "demandes_par_attribution": lambda value: format_number(value, 1 if value % 1 else 0),
}


def format_value(value: float, unit: str) -> str:
    """A figure of ``data/`` formatted according to its unit (a code of the schema's ``unit``).

    Amounts (units whose code starts with ``euros``) are in euros; a unit without a format of its own
    (a count of days, of measures...) is shown as a French number, with decimals only if it has some.

    >>> format_value(30, "evolution_pourcentage")
    '+30\\xa0%'
    >>> format_value(9, "demandes_par_attribution")
    '9'
    >>> format_value(-69042, "euros_solde")
    '\\u221269\\u202f042\\xa0€'
    >>> format_value(0.8, "etp")
    '0,8'
    """
    if unit in UNIT_FORMATS:
        return UNIT_FORMATS[unit](value)
    if unit.startswith("euros"):
        return format_euros(value)
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    if float(value).is_integer():
        return format_number(value, 0)
    return format_number(value, 2).rstrip("0")


def format_sources(sources) -> str:
    """The source line shown under a table or a chart, one mention per distinct source.

    >>> format_sources(["DDETS", "DDETS"])
    'Source : DDETS'
    >>> format_sources(["SNE 2022", "Rapport, §1.18.2"])
    'Sources : SNE 2022 ; Rapport, §1.18.2'
    """
    distinct = list(dict.fromkeys(source for source in sources if source))
    if not distinct:
        raise ValueError("aucune source : chaque chiffre affiché doit citer la sienne")
    label = "Source" if len(distinct) == 1 else "Sources"
    return f"{label} : {' ; '.join(distinct)}"


def format_times(ratio: float, decimals: int = 1) -> str:
    """A ratio as « N fois », for a sentence.

    >>> format_times(136500 / 22000)
    '6,2\xa0fois'
    """
    return f"{format_number(ratio, decimals)}\xa0fois"


def format_fte(count: float) -> str:
    """A number of full-time equivalents, in words, with French agreement.

    >>> format_fte(1.5)
    '1,5\xa0équivalent temps plein'
    >>> format_fte(2)
    '2\xa0équivalents temps plein'
    """
    noun = "équivalent" if abs(count) < 2 else "équivalents"
    return f"{format_value(count, 'etp')}\xa0{noun} temps plein"


# Units shown after a number in the annexes' tables: (singular, plural); the others (euros,
# percentages, plain counts) are formatted by :func:`format_value` alone.
UNIT_WORDS = {
    "jours": ("jour", "jours"),
    "heures": ("h", "h"),
    "minutes": ("min", "min"),
    "mois": ("mois", "mois"),
    "ans": ("an", "ans"),
    "annees": ("an", "ans"),
    "age_moyen": ("an", "ans"),
    "fois": ("fois", "fois"),
    "etp": ("ETP", "ETP"),
    "logements": ("logement", "logements"),
    "mesures": ("mesure", "mesures"),
    "personnes": ("personne", "personnes"),
    "demandes_par_attribution": ("demande", "demandes"),
}


def value_with_unit(value: float, unit: str) -> str:
    """A figure with its unit in words when the number alone would not say it.

    >>> value_with_unit(0.8, "etp"), value_with_unit(6, "mois"), value_with_unit(1, "jours")
    ('0,8\xa0ETP', '6\xa0mois', '1\xa0jour')
    >>> value_with_unit(36000, "euros")
    '36\u202f000\xa0€'
    """
    text = format_value(value, unit)
    if unit not in UNIT_WORDS:
        return text
    singular, plural = UNIT_WORDS[unit]
    return f"{text}\xa0{singular if abs(value) < 2 else plural}"


def share_text(value: float) -> str:
    """A share as the survey prints it: without decimals when it has none.

    >>> share_text(74.0), share_text(27.5)
    ('74\xa0%', '27,5\xa0%')
    """
    return format_percent_value(value, 0 if float(value).is_integer() else 1)


def join_items(items: Sequence[str]) -> str:
    """Items as a French enumeration: commas, and « et » before the last one.

    >>> join_items(["PDALHPD", "PLH", "PPGDID"])
    'PDALHPD, PLH et PPGDID'
    >>> join_items(["cesser"])
    'cesser'
    """
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def change_wording(before: float, after: float) -> str:
    """How a count changed, in words: doubled, tripled, multiplied by, up or down by a percentage.

    >>> change_wording(10, 20)
    'a doublé'
    >>> change_wording(10, 25)
    'a été multiplié par 2,5'
    >>> change_wording(10, 13).replace("\\xa0", " ")
    'a augmenté de 30 %'
    >>> change_wording(20, 10).replace("\\xa0", " ")
    'a baissé de 50 %'
    >>> change_wording(10, 10)
    'est resté stable'
    """
    if before == after:
        return "est resté stable"
    if before <= 0:
        return "a augmenté" if after > before else "a baissé"
    ratio = after / before
    if math.isclose(ratio, 2):
        return "a doublé"
    if math.isclose(ratio, 3):
        return "a triplé"
    if ratio >= 2:
        decimals = 0 if math.isclose(ratio, round(ratio)) else 1
        return f"a été multiplié par {format_number(ratio, decimals)}"
    percent = abs(ratio - 1) * 100
    verb = "a augmenté" if ratio > 1 else "a baissé"
    return f"{verb} de {format_percent_value(percent, 0)}"


def lower_first(text: str) -> str:
    """The text with a lower-case first letter, for a label inside a sentence.

    >>> lower_first("Personnes sans-abri")
    'personnes sans-abri'
    """
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """The text with an upper-case first letter, for a label that starts a cell or a sentence.

    >>> upper_first("actions en cours de réflexion")
    'Actions en cours de réflexion'
    """
    return text[:1].upper() + text[1:]


NUMBER_WORDS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def number_in_words(number: int) -> str:
    """A small count in French words (« trois »), in figures beyond ten.

    >>> number_in_words(3), number_in_words(12)
    ('trois', '12')
    """
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else format_number(number)
