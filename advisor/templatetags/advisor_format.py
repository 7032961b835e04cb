"""Number formats the pages share with the charts, so a figure reads the same everywhere."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext

from django import template
from django.template.defaultfilters import floatformat as _django_floatformat

from advisor.engine.numbers import format_rps, format_usd

register = template.Library()


@register.filter
def rps(value: float | None) -> str:
    """A request rate with the digits that matter: 0.0022, 18.8, 1,200."""
    return "" if value is None else format_rps(float(value))


@register.filter
def usd(value: float | None) -> str:
    """Dollars as the sentences write them: "$1,234", "$0.21", "$0"."""
    return "" if value is None else format_usd(float(value))


# Django's `floatformat` (and `intcomma` after it) go through Decimal and the locale
# machinery on every call, ~40-60 µs each: a result page's cost tables call them ~200
# times. These write the same text for this site's one locale (en-us, no thousand
# separator setting) in a fraction of that; tests/render/test_number_filters.py holds
# them equal to Django's on any number.


def _places(value: object, places: int) -> str:
    """`value|floatformat:places` (positive: exactly that many decimals; negative: that
    many only when the value is not whole)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return _django_floatformat(value, places)
    _, digits, exponent = number.as_tuple()
    if not number.is_finite() or len(digits) + abs(exponent) > 200:  # as Django: as given
        return str(value)
    whole = int(number)
    if whole == number and places <= 0:
        return str(whole)
    exp = Decimal(1).scaleb(-abs(places))
    units = len(digits) + (-exponent if whole != number else exponent)
    context = Context(prec=max(getcontext().prec, abs(places) + units + 1))
    rounded = number.quantize(exp, ROUND_HALF_UP, context)
    return format(rounded if rounded else abs(rounded), "f")


def _grouped(text: str) -> str:
    """`intcomma` on a formatted number: commas in its leading whole part."""
    match = _LEADING_INTEGER.match(text)
    if match is None:
        return text
    sign, whole = match[1], match[2]
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + text[match.end() :]


_LEADING_INTEGER = re.compile(r"(-?)(\d+)")


@register.filter(is_safe=True)
def decimals(value: object, places: int | str = -1) -> str:
    """The same as `floatformat:places`."""
    return _places(value, int(places))


@register.filter(is_safe=True)
def grouped(value: object, places: int | str = -1) -> str:
    """The same as `floatformat:places|intcomma`."""
    return _grouped(_places(value, int(places)))
