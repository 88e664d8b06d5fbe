"""French number formats, used everywhere a figure is shown (tables, charts, sentences).

Separators come from babel's ``fr_FR`` locale (a narrow no-break space between thousands, a comma
before decimals, a no-break space before ``%`` and ``€``). Negative figures take the typographic
minus sign (U+2212), as in the printed report (« −0,6 point »).
"""

from __future__ import annotations

import math
import re

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
    return _typographic(format_currency(value, "EUR", format=pattern, currency_digits=False,
                                        locale=LOCALE))


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
