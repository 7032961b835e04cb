"""Amazon SQS: requests, every 64 KB of a payload counting as one."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, chunks, priced_lines
from advisor.engine.costs.params import flag, free_tier, number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.platform import limit
from advisor.engine.results import CostLine

METERING_KB = 64
# The platform profile's limit (knowledge/platform/aws_lambda.yaml, with its source), the one
# the claim check reads too.
MAX_MESSAGE_KB = int(limit("sqs_max_message_kb"))


def sqs_lines(
    table: Table, *, requests: float, payload_kb: float, fifo: bool, free_tier: bool
) -> list[CostLine]:
    key = "fifo_requests" if fifo else "standard_requests"
    metered = requests * chunks(payload_kb, METERING_KB)
    label = "FIFO requests" if fifo else "requests"
    return priced_lines(table["sqs", key], metered / 1e6, label, free_tier=free_tier)


SERVICE = PricedService(
    key="sqs",
    params=(
        per_month("requests_per_month", 1_000_000, "API requests a month"),
        number("payload_kb", 1, "message size, KB (billed per 64 KB)", maximum=MAX_MESSAGE_KB),
        flag("fifo", "FIFO queue"),
        free_tier(),
    ),
    pricer=keyword_pricer(sqs_lines, requests_per_month="requests", include_free_tier="free_tier"),
)
