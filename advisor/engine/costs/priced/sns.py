"""Amazon SNS standard topics: publishes, every 64 KB counting as one."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, chunks, priced_lines
from advisor.engine.costs.params import free_tier, number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.platform import limit
from advisor.engine.results import CostLine

METERING_KB = 64
# The platform profile's limit (knowledge/platform/aws_lambda.yaml, with its source), the one
# the claim check reads too.
MAX_MESSAGE_KB = int(limit("sns_max_message_kb"))


def sns_lines(
    table: Table, *, publishes: float, payload_kb: float, free_tier: bool
) -> list[CostLine]:
    metered = publishes * chunks(payload_kb, METERING_KB)
    return priced_lines(table["sns", "publishes"], metered / 1e6, "publishes", free_tier=free_tier)


SERVICE = PricedService(
    key="sns",
    params=(
        per_month("publishes_per_month", 1_000_000, "publishes a month"),
        number("payload_kb", 1, "message size, KB (billed per 64 KB)", maximum=MAX_MESSAGE_KB),
        free_tier(),
    ),
    pricer=keyword_pricer(
        sns_lines, publishes_per_month="publishes", include_free_tier="free_tier"
    ),
)
