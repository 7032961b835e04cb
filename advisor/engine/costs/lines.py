"""Turning a quantity and a price row into cost lines: free allowance first, then tiers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

from advisor.engine.costs.catalog import Price
from advisor.engine.results import CostLine, Estimate
from advisor.errors import UserMessageError

# One region's prices: (service, key) -> Price.
Table = Mapping[tuple[str, str], Price]


def priced_lines(
    price: Price, quantity: float, item: str, *, free_tier: bool = False
) -> list[CostLine]:
    """One line per tier the quantity reaches (unit price x quantity = monthly_usd each).

    AWS applies a free allowance before the volume tiers, so the allowance comes off the
    bottom; a quantity wholly inside it still shows as one line at $0 so nothing hides.
    """
    free = price.free_per_month if free_tier else 0.0
    billable = max(0.0, quantity - free)
    label = f"{item} (after {_amount(free, price.unit)} free)" if free else item
    if billable <= 0:
        return [_line(price, label, 0.0, price.unit_price_usd)]
    lines: list[CostLine] = []
    lower = 0.0
    for number, (upper, unit_price) in enumerate(price.tiers, start=1):
        if billable <= lower:
            break
        in_tier = min(billable, upper) - lower
        name = label if number == 1 else f"{label}, tier {number}"
        lines.append(_line(price, name, in_tier, unit_price))
        lower = upper
    return lines


def purchased_row(table: Table, service: str, key: str, purchase: str) -> Price:
    """The row for `key` bought as `purchase` (`key.purchase`; on-demand is plain `key`).

    Not every purchase option is published for every row (no Arm provisioned-concurrency
    Savings Plan rate, say); asking for one is a clear refusal, not a KeyError.
    """
    slot = key if purchase == "on_demand" else f"{key}.{purchase}"
    if (service, slot) not in table:
        raise UserMessageError(f"{service}: no {purchase} price is published for {key}.")
    return table[service, slot]


def repriced(price: Price, unit_price_usd: float, *, unit: str | None = None) -> Price:
    """The same source and service at one flat unit price: a fee derived from another row
    (a share of an instance's price) or an exemption (no charge for this runtime)."""
    return replace(price, tiers=((math.inf, unit_price_usd),), unit=unit or price.unit)


def _amount(quantity: float, unit: str) -> str:
    """'1M requests' x 4 reads "4M requests"; 'GB-second' x 400000 reads "400,000 GB-second"."""
    scale, _, rest = unit.partition(" ")
    if scale in ("1M", "1K") and rest:
        return f"{quantity:,.6g}{scale[1]} {rest}"
    if scale == "10K" and rest:
        return f"{quantity * 10:,.6g}K {rest}"
    return f"{quantity:,.6g} {unit}"


def _line(price: Price, item: str, quantity: float, unit_price: float) -> CostLine:
    return CostLine(
        service=price.service,
        item=item,
        quantity=quantity,
        unit=price.unit,
        unit_price_usd=unit_price,
        monthly_usd=quantity * unit_price,
    )


def chunks(size_kb: float, chunk_kb: float) -> int:
    """Billing units one payload uses (SQS/SNS 64 KB, HTTP API 512 KB, WebSocket 32 KB)."""
    return max(1, math.ceil(size_kb / chunk_kb))


def merge_lines(lines: Iterable[CostLine]) -> list[CostLine]:
    """Lines for the same item at the same price as one (a quantity priced in parts)."""
    merged: dict[tuple[str, str, str, float], CostLine] = {}
    for line in lines:
        key = (line.service, line.item, line.unit, line.unit_price_usd)
        if key in merged:
            kept = merged[key]
            line = replace(
                kept,
                quantity=kept.quantity + line.quantity,
                monthly_usd=kept.monthly_usd + line.monthly_usd,
            )
        merged[key] = line
    return list(merged.values())


def estimate(lines: Iterable[CostLine], notes: Iterable[str] = ()) -> Estimate:
    items = tuple(lines)
    return Estimate(
        monthly_usd=sum(line.monthly_usd for line in items),
        items=items,
        notes=tuple(notes),
    )


def total_usd(lines: Iterable[CostLine]) -> float:
    return sum(line.monthly_usd for line in lines)
