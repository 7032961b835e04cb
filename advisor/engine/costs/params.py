"""`price SERVICE key=value ...`: a key's kind, default, unit, ceiling, and how its text is read."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.engine.workload import HOURS_PER_MONTH
from advisor.errors import UserMessageError

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}

# Ceilings shared by many keys. A month has at most 31 days; counts a month stop at 10^13
# (about 3.8 million a second), far above any one account's quota, so a typo such as
# 1e308 is refused instead of priced.
MAX_HOURS_IN_A_MONTH = 31 * 24
MAX_PER_MONTH = 1e13
MAX_GB = 1e9


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "number", "whole", "bool", or "choice"
    default: Any
    description: str  # what it is, with its unit
    choices: tuple[str, ...] = ()
    maximum: float | None = None  # every number has one (a test checks)
    # Choices read from the pricing knowledge (e.g. EC2 instance types) rather than code.
    choices_from: Callable[[], tuple[str, ...]] | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        return self.choices_from() if self.choices_from else self.choices

    def describe(self) -> str:
        allowed = f"; one of {'|'.join(self.allowed)}" if self.allowed else ""
        ceiling = f", at most {_shown(self.maximum)}" if self.maximum is not None else ""
        return f"{self.description}{allowed} (default {_shown(self.default)}{ceiling})"

    def parse(self, text: str) -> Any:
        value = text.strip()
        if self.kind == "choice":
            if value not in self.allowed:
                raise UserMessageError(
                    f"{self.name}={text!r} is not allowed; use one of {', '.join(self.allowed)}."
                )
            return value
        if self.kind == "bool":
            return _parse_bool(self.name, value)
        number = _parse_number(self.name, value, whole=self.kind == "whole")
        if self.maximum is not None and number > self.maximum:
            raise UserMessageError(
                f"{self.name}={value!r} is above the ceiling of {_shown(self.maximum)}."
            )
        return number


def number(name: str, default: float, description: str, *, maximum: float) -> Param:
    return Param(name, "number", float(default), description, maximum=maximum)


def whole(name: str, default: int, description: str, *, maximum: float) -> Param:
    return Param(name, "whole", default, description, maximum=maximum)


def choice(name: str, default: str, description: str, choices: tuple[str, ...]) -> Param:
    return Param(name, "choice", default, description, choices)


def flag(name: str, description: str, *, default: bool = False) -> Param:
    return Param(name, "bool", default, description)


def free_tier() -> Param:
    return flag("include_free_tier", "subtract the always-free allowance")


def hours(description: str = "hours running in the month", *, name: str = "hours") -> Param:
    return number(name, HOURS_PER_MONTH, description, maximum=MAX_HOURS_IN_A_MONTH)


def per_month(name: str, default: float, description: str) -> Param:
    return number(name, default, description, maximum=MAX_PER_MONTH)


def gigabytes(name: str, default: float, description: str) -> Param:
    return number(name, default, description, maximum=MAX_GB)


ARCHITECTURES = ("x86_64", "arm64")


def architecture() -> Param:
    return choice("architecture", "x86_64", "processor architecture", ARCHITECTURES)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e9 else f"{value:g}"
    return str(value)


def _parse_bool(name: str, value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise UserMessageError(f"{name}={value!r} is not true or false.")


def _parse_number(name: str, value: str, *, whole: bool) -> float:
    try:
        number = float(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise UserMessageError(f"{name}={value!r} is not a number.") from None
    if not math.isfinite(number) or number < 0:
        raise UserMessageError(f"{name}={value!r} must be a finite number ≥ 0.")
    if whole and not number.is_integer():
        raise UserMessageError(f"{name}={value!r} must be a whole number.")
    return number


def parse_params(service: str, raw: Mapping[str, str], specs: tuple[Param, ...]) -> dict[str, Any]:
    """Defaults overlaid with the given values; an unknown key is an error naming it."""
    known = {spec.name: spec for spec in specs}
    values = {spec.name: spec.default for spec in specs}
    for key, text in raw.items():
        if key not in known:
            raise UserMessageError(
                f"{service} has no key {key!r}. Its keys are: {', '.join(known)}, region."
            )
        values[key] = known[key].parse(str(text))
    return values
