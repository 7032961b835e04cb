"""Network Load Balancer: hours plus Network Load Balancer Capacity Units (NLCU).

An hour's NLCUs are the largest of its dimensions, each against what one NLCU holds for
the listener's protocol (knowledge/pricing/nlb.yaml, `meters`).
"""

from __future__ import annotations

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import choice, hours, number, whole
from advisor.engine.costs.priced.base import PricedService
from advisor.engine.results import CostLine

PROTOCOLS = ("tcp", "tls", "udp")


def nlcu(
    *, protocol: str, new_connections_per_s: float, active_connections: float, gb_per_hour: float
) -> float:
    """Capacity units an hour uses: the largest of its dimensions for this protocol."""
    meter = pricing_catalog().meter
    return max(
        new_connections_per_s / meter("nlb", f"nlcu_new_connections_per_s_{protocol}"),
        active_connections / meter("nlb", f"nlcu_active_connections_{protocol}"),
        gb_per_hour / meter("nlb", "nlcu_processed_gb_per_hour"),
    )


def nlb_lines(table: Table, *, hours: float, nlcu: float, count: float = 1) -> list[CostLine]:
    return priced_lines(
        table["nlb", "hours"], count * hours, "network load balancer hours"
    ) + priced_lines(table["nlb", "nlcu_hours"], nlcu * hours, "capacity units (NLCU)")


def _pricer(table: Table, values: dict[str, float | str]) -> list[CostLine]:
    units = nlcu(
        protocol=str(values["protocol"]),
        new_connections_per_s=float(values["new_connections_per_s"]),
        active_connections=float(values["active_connections"]),
        gb_per_hour=float(values["gb_per_hour"]),
    )
    return nlb_lines(table, hours=float(values["hours"]), nlcu=units, count=float(values["count"]))


SERVICE = PricedService(
    key="nlb",
    params=(
        whole("count", 1, "load balancers", maximum=1e4),
        hours(),
        choice("protocol", "tcp", "listener protocol (sets what one NLCU holds)", PROTOCOLS),
        number("new_connections_per_s", 1, "new connections a second", maximum=1e9),
        number("active_connections", 100, "connections open at once", maximum=1e10),
        number("gb_per_hour", 0.1, "data processed an hour, GB", maximum=1e7),
    ),
    pricer=_pricer,
)
