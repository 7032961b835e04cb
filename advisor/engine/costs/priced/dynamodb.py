"""Amazon DynamoDB: on-demand read and write request units, provisioned capacity units by
the hour, and storage."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, gigabytes, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def dynamodb_lines(
    table: Table,
    *,
    reads: float,
    writes: float,
    storage_gb: float,
    free_tier: bool,
    wcu_hours: float = 0.0,
    rcu_hours: float = 0.0,
) -> list[CostLine]:
    """A table's month: request units on demand (`reads`, `writes`), capacity units
    provisioned by the hour (`wcu_hours`, `rcu_hours`), or both, and its storage."""
    lines = []
    if writes or not wcu_hours:
        lines += priced_lines(table["dynamodb", "write_request_units"], writes / 1e6, "writes")
    if reads or not rcu_hours:
        lines += priced_lines(table["dynamodb", "read_request_units"], reads / 1e6, "reads")
    if wcu_hours:
        lines += priced_lines(
            table["dynamodb", "write_capacity_unit_hours"],
            wcu_hours,
            "provisioned write capacity",
            free_tier=free_tier,
        )
    if rcu_hours:
        lines += priced_lines(
            table["dynamodb", "read_capacity_unit_hours"],
            rcu_hours,
            "provisioned read capacity",
            free_tier=free_tier,
        )
    return lines + priced_lines(
        table["dynamodb", "storage"], storage_gb, "storage", free_tier=free_tier
    )


SERVICE = PricedService(
    key="dynamodb",
    params=(
        per_month("reads_per_month", 1_000_000, "read request units a month (on-demand)"),
        per_month("writes_per_month", 1_000_000, "write request units a month (on-demand)"),
        per_month("wcu_hours", 0, "provisioned write capacity unit-hours a month"),
        per_month("rcu_hours", 0, "provisioned read capacity unit-hours a month"),
        gigabytes("storage_gb", 1, "data stored, GB"),
        free_tier(),
    ),
    pricer=keyword_pricer(
        dynamodb_lines,
        reads_per_month="reads",
        writes_per_month="writes",
        include_free_tier="free_tier",
    ),
)
