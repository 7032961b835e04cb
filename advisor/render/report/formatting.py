"""How the report writes numbers, money, sources and embedded pictures."""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable
from typing import Any

from django.utils.safestring import mark_safe

from advisor.engine.results import Source


def svg_data_uri(svg: str) -> str:
    """An SVG as an <img> source. Each picture stays its own document, so the glyph and
    pattern ids that matplotlib and graphviz reuse cannot clash in the report, and
    WeasyPrint still draws it as vector graphics."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def css_string(text: str) -> str:
    """Text as a quoted CSS string for a `content:` value inside the page's <style>."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return mark_safe('"' + escaped.replace("<", "\\3C ") + '"')  # noqa: S308 (escaped above)


def usd(amount: float) -> str:
    """Money as the report prints it (and the tests compare): "$1,234.56"."""
    return f"${amount:,.2f}"


def unit_price(price: float) -> str:
    # Lambda bills fractions of a cent per GB-second: keep every significant digit.
    digits = f"{price:,.10f}".rstrip("0")
    whole, _, fraction = digits.partition(".")
    return f"${whole}.{fraction.ljust(2, '0')}"


def number(value: float) -> str:
    """A quantity for people: whole numbers with separators, small ones to two significant
    digits, never in scientific notation (0.0022, not 2.2e-03)."""
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    decimals = 1 - math.floor(math.log10(abs(value)))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def count(amount: int, noun: str) -> str:
    return f"{amount:,} {noun}{'' if amount == 1 else 's'}"


def answer_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none (no ceiling)"
    if isinstance(value, dict):  # the assumption overrides
        return ", ".join(f"{name} = {number(v)}" for name, v in value.items()) or "none"
    if isinstance(value, tuple | list):
        return ", ".join(str(item).replace("_", " ") for item in value)
    if isinstance(value, int | float):
        return number(value)
    return str(value).replace("_", " ")


def source_rows(sources: Iterable[Source]) -> list[dict[str, str]]:
    return [
        {
            "title": source.title,
            "url": source.url,
            "section": source.section,
            "retrieved": source.retrieved,
        }
        for source in sources
    ]


def signed_usd(amount: float) -> str:
    if abs(amount) < 0.005:
        return "—"
    return ("+" if amount > 0 else "−") + usd(abs(amount))
