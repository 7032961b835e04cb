"""NAT gateway: gateway-hours plus every GB it processes (VPC functions and private tasks
reach the internet through one)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import gigabytes, hours, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def nat_gateway_lines(
    table: Table, *, gateways: float = 1, hours: float, gb_processed: float
) -> list[CostLine]:
    """`gateways` is usually one per Availability Zone the private subnets use."""
    return priced_lines(
        table["nat_gateway", "hours"], gateways * hours, f"{gateways:g} x NAT gateway hours"
    ) + priced_lines(table["nat_gateway", "data_processed"], gb_processed, "data processed")


SERVICE = PricedService(
    key="nat_gateway",
    params=(
        whole("gateways", 1, "NAT gateways (one per Availability Zone)", maximum=1000),
        hours("hours each gateway exists in the month"),
        gigabytes("gb_processed", 100, "data through the gateways a month, GB"),
    ),
    pricer=keyword_pricer(nat_gateway_lines),
)
