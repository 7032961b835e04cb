"""How figures read in the advisor's sentences, so a figure reads the same everywhere.

One promise above all: a figure that is not zero never reads as zero. A $0.21 monthly
estimate is "$0.21", not "$0", and a job that runs once every 17 minutes averages
"0.001 req/s", not "0.0".
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Mapping

# A fixed-point or percentage spec such as ",.0f" or ".1%": what comes before the precision,
# the precision, and the type.
_FIXED_POINT_SPEC = re.compile(r"^(?P<head>[^.]*)\.(?P<precision>\d+)(?P<kind>[f%])$")
SIGNIFICANT_DIGITS_WHEN_SMALL = 2


def format_usd(value: float) -> str:
    """Dollars: whole dollars from $10, cents below, "$0" only for nothing at all."""
    if value == 0:
        return "$0"
    if abs(value) >= 10:
        return f"${value:,.0f}"
    return "$" + _at_least_significant(value, ",.2f")


def format_count(number: int, noun: str) -> str:
    """ "1 shard", "3 shards", "2 batches": a whole number with its noun."""
    plural = noun + ("es" if noun.endswith("ch") else "s")
    return f"{number:,} {noun if number == 1 else plural}"


def format_rps(value: float) -> str:
    """A request rate with the digits that matter: 0.0022, 18.8, 1,200."""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value >= 1 else f"{value:.2g}"


def format_message(template: str, facts: Mapping[str, object]) -> str:
    """`template.format_map(facts)`, with two differences: `{name:usd}` and `{name:rps}`
    write dollars and request rates as `format_usd` and `format_rps` do, and other small
    figures keep their digits."""
    parts = _plain_fields(template)
    if parts is None:
        return _FORMATTER.vformat(template, (), facts)
    out = []
    for literal, name, spec in parts:
        out.append(literal)
        if name is not None:
            out.append(_FORMATTER.format_field(facts[name], spec))
    return "".join(out)


@functools.lru_cache(maxsize=1024)  # rule messages: parsed once, not at every verdict
def _plain_fields(template: str) -> tuple[tuple[str, str | None, str], ...] | None:
    """The template as (text, fact name, spec) parts when every field is a plain name with a
    plain spec, which is what `vformat` would do with it; None leaves a template that uses
    more (an index, an attribute, a conversion, a nested spec) to `vformat` itself."""
    parts = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        if name is not None and (
            not name.isidentifier() or conversion is not None or "{" in (spec or "")
        ):
            return None
        parts.append((literal, name, spec or ""))
    return tuple(parts)


_NAMED_SPECS = {"usd": format_usd, "rps": format_rps}


class _ReadableFormatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in _NAMED_SPECS:
            return _NAMED_SPECS[format_spec](float(value))  # type: ignore[arg-type]
        if isinstance(value, float):
            return _at_least_significant(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _ReadableFormatter()


def _at_least_significant(value: float, spec: str) -> str:
    """`format(value, spec)`, widened to two significant digits where the spec's precision
    would show a value that is not zero as zero."""
    match = _FIXED_POINT_SPEC.match(spec)
    shown = format(value, spec)
    if match is None or value == 0 or not math.isfinite(value):
        return shown
    scaled = value * 100 if match["kind"] == "%" else value
    precision = int(match["precision"])
    if round(abs(scaled), precision) != 0:
        return shown
    wanted = SIGNIFICANT_DIGITS_WHEN_SMALL - 1 - math.floor(math.log10(abs(scaled)))
    widened = format(value, f"{match['head']}.{wanted}{match['kind']}")
    # "0.0010" reads as more precise than the figure is: drop zeros after the digits kept.
    number, percent = (widened[:-1], "%") if match["kind"] == "%" else (widened, "")
    return number.rstrip("0").rstrip(".") + percent
