"""Data transfer out from AWS to the internet, by volume tier."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, gigabytes
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def data_transfer_lines(table: Table, *, gb_out: float, free_tier: bool) -> list[CostLine]:
    return priced_lines(
        table["data_transfer", "internet_out"], gb_out, "out to the internet", free_tier=free_tier
    )


SERVICE = PricedService(
    key="data_transfer",
    params=(gigabytes("gb_out", 100, "data sent to the internet a month, GB"), free_tier()),
    pricer=keyword_pricer(data_transfer_lines, include_free_tier="free_tier"),
)
