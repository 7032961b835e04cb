"""Amazon EventBridge Scheduler: invocations (schedules that fire), the first 14 million a
month at no charge in every account."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def scheduler_lines(table: Table, *, invocations: float) -> list[CostLine]:
    price = table["eventbridge_scheduler", "invocations"]
    return priced_lines(price, invocations / 1e6, "scheduled invocations")


SERVICE = PricedService(
    key="eventbridge_scheduler",
    params=(per_month("invocations_per_month", 20_000_000, "schedules that fire a month"),),
    pricer=keyword_pricer(scheduler_lines, invocations_per_month="invocations"),
)
