"""Interface VPC endpoints (PrivateLink): endpoint-AZ-hours plus GB processed."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import gigabytes, hours, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def vpc_endpoint_lines(
    table: Table, *, endpoints: float, azs: float, hours: float, gb_processed: float
) -> list[CostLine]:
    """Each endpoint is billed in every Availability Zone it is placed in."""
    return priced_lines(
        table["vpc_endpoint", "endpoint_az_hours"],
        endpoints * azs * hours,
        f"{endpoints:g} interface endpoint{'' if endpoints == 1 else 's'} x {azs:g} AZs",
    ) + priced_lines(table["vpc_endpoint", "data_processed"], gb_processed, "data processed")


SERVICE = PricedService(
    key="vpc_endpoint",
    params=(
        whole("endpoints", 1, "interface endpoints (one per AWS service reached)", maximum=1e4),
        whole("azs", 2, "Availability Zones each endpoint is placed in", maximum=6),
        hours("hours the endpoints exist in the month"),
        gigabytes("gb_processed", 100, "data through the endpoints a month, GB"),
    ),
    pricer=keyword_pricer(vpc_endpoint_lines),
)
