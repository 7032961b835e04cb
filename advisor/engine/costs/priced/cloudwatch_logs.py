"""Amazon CloudWatch Logs: ingestion (Lambda's vended-log tiers or the flat standard rate)
and storage."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import choice, free_tier, gigabytes, number
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

# Since May 2025 Lambda's logs are vended logs with volume tiers; logs a container or an
# instance writes (custom logs) pay the flat Standard-class rate.
LOG_KINDS = {"lambda": "ingestion", "standard": "ingestion_standard"}


def cloudwatch_logs_lines(
    table: Table,
    *,
    ingested_gb: float,
    retention_months: float,
    free_tier: bool,
    log_kind: str = "lambda",
) -> list[CostLine]:
    label = "ingestion" if log_kind == "lambda" else "ingestion (standard custom logs)"
    return priced_lines(
        table["cloudwatch_logs", LOG_KINDS[log_kind]], ingested_gb, label, free_tier=free_tier
    ) + priced_lines(table["cloudwatch_logs", "storage"], ingested_gb * retention_months, "storage")


SERVICE = PricedService(
    key="cloudwatch_logs",
    params=(
        gigabytes("ingested_gb", 10, "log data written a month, GB"),
        number("retention_months", 1, "months logs are kept", maximum=1200),
        free_tier(),
        choice(
            "log_kind",
            "lambda",
            "whose logs: lambda (vended-log tiers) or standard (containers, EC2)",
            tuple(LOG_KINDS),
        ),
    ),
    pricer=keyword_pricer(cloudwatch_logs_lines, include_free_tier="free_tier"),
)
