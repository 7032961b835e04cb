"""Public IPv4 addresses, in use or idle, per address-hour."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import hours, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def public_ipv4_lines(table: Table, *, addresses: float, hours: float) -> list[CostLine]:
    """A NAT gateway, a load balancer node or a task with a public IP each holds one."""
    return priced_lines(
        table["public_ipv4", "address_hours"],
        addresses * hours,
        f"{addresses:g} public IPv4 addresses",
    )


SERVICE = PricedService(
    key="public_ipv4",
    params=(
        whole("addresses", 1, "public IPv4 addresses held", maximum=1e5),
        hours("hours each address is held in the month"),
    ),
    pricer=keyword_pricer(public_ipv4_lines),
)
