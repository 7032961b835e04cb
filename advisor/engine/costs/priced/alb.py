"""Application Load Balancer: hours plus Load Balancer Capacity Units (LCU)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import hours, number, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def alb_lines(table: Table, *, hours: float, lcu: float, count: float = 1) -> list[CostLine]:
    return priced_lines(table["alb", "hours"], count * hours, "load balancer hours") + priced_lines(
        table["alb", "lcu_hours"], lcu * hours, "capacity units (LCU)"
    )


SERVICE = PricedService(
    key="alb",
    params=(
        whole("count", 1, "load balancers", maximum=1e4),
        hours(),
        number("lcu", 1, "average capacity units (LCU) in use", maximum=1e6),
    ),
    pricer=keyword_pricer(alb_lines),
)
