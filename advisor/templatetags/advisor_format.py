"""Number formats the pages share with the charts, so a figure reads the same everywhere."""

from __future__ import annotations

from django import template

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
