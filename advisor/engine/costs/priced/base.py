"""What one registry entry carries: a priced service's keys and its pricer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.engine.costs.lines import Table
from advisor.engine.costs.params import Param
from advisor.engine.results import CostLine

Values = dict[str, Any]
Pricer = Callable[[Table, Values], list[CostLine]]


def keyword_pricer(lines: Callable[..., list[CostLine]], **renamed: str) -> Pricer:
    """A pricer handing every `price` key to a line-item function as a keyword argument.

    `renamed` maps a key to the argument it feeds where the names differ, e.g.
    `invocations_per_month="invocations"`: the function keeps the comparison's names, the
    keys keep their units.
    """

    def pricer(table: Table, values: Values) -> list[CostLine]:
        return lines(table, **{renamed.get(key, key): value for key, value in values.items()})

    return pricer


@dataclass(frozen=True)
class PricedService:
    """A service `price` knows: the key of its pricing file, the keys it takes, its pricer.

    Its display names are not repeated here: they are the pricing file's `name:` and
    `short_name:` (read through advisor.engine.costs.registry).
    """

    key: str
    params: tuple[Param, ...]
    pricer: Pricer
