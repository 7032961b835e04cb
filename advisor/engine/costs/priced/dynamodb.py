"""Amazon DynamoDB on-demand: read and write request units, and storage."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, gigabytes, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def dynamodb_lines(
    table: Table, *, reads: float, writes: float, storage_gb: float, free_tier: bool
) -> list[CostLine]:
    return (
        priced_lines(table["dynamodb", "write_request_units"], writes / 1e6, "writes")
        + priced_lines(table["dynamodb", "read_request_units"], reads / 1e6, "reads")
        + priced_lines(table["dynamodb", "storage"], storage_gb, "storage", free_tier=free_tier)
    )


SERVICE = PricedService(
    key="dynamodb",
    params=(
        per_month("reads_per_month", 1_000_000, "read request units a month"),
        per_month("writes_per_month", 1_000_000, "write request units a month"),
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
