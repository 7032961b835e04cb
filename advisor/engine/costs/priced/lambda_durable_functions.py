"""Lambda durable functions: operations, data written, data retained (beyond Lambda's own
requests and duration, which `lambda` prices)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import gigabytes, number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

# The pricing page prorates retained data over 30-day months ("104GB x (7/30)").
DAYS_PER_BILLED_MONTH = 30
DEFAULT_RETENTION_DAYS = 14  # kept after the execution ends unless configured (1-90)
# An execution may run up to a year and its history be kept 90 days more.
MAX_RETAINED_DAYS = 366 + 90


def durable_functions_lines(
    table: Table, *, operations: float, data_written_gb: float, retained_days: float
) -> list[CostLine]:
    """`retained_days`: days each GB is kept, while running plus after completion."""
    gb_months = data_written_gb * retained_days / DAYS_PER_BILLED_MONTH
    return (
        priced_lines(
            table["lambda_durable_functions", "operations"], operations / 1e6, "durable operations"
        )
        + priced_lines(
            table["lambda_durable_functions", "data_written"], data_written_gb, "data written"
        )
        + priced_lines(
            table["lambda_durable_functions", "data_retained"], gb_months, "data retained"
        )
    )


SERVICE = PricedService(
    key="lambda_durable_functions",
    params=(
        per_month("operations_per_month", 1_000_000, "starts, steps, waits and callbacks a month"),
        gigabytes("data_written_gb", 1, "data the operations write a month, GB"),
        number(
            "retained_days",
            DEFAULT_RETENTION_DAYS,
            "days each GB is kept: while running plus the retention after (1-90, default 14)",
            maximum=MAX_RETAINED_DAYS,
        ),
    ),
    pricer=keyword_pricer(durable_functions_lines, operations_per_month="operations"),
)
