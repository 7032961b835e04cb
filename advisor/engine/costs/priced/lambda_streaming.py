"""Lambda HTTP response streaming: GB streamed beyond the first 6 MB of each response."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

FREE_MB_PER_RESPONSE = 6
MB_PER_GB = 1024  # the pricing page's example counts 1 GB as 1,024 MB
MAX_RESPONSE_MB = 200  # streamed responses may reach 200 MB


def streaming_lines(
    table: Table, *, responses: float, response_mb: float, free_tier: bool
) -> list[CostLine]:
    """Responses of one size; price different sizes as separate calls (6 MB each is free)."""
    billable_gb = responses * max(0.0, response_mb - FREE_MB_PER_RESPONSE) / MB_PER_GB
    return priced_lines(
        table["lambda_streaming", "bytes_streamed"],
        billable_gb,
        f"bytes streamed beyond {FREE_MB_PER_RESPONSE} MB a response",
        free_tier=free_tier,
    )


SERVICE = PricedService(
    key="lambda_streaming",
    params=(
        per_month("responses_per_month", 1_000_000, "streamed responses a month"),
        number("response_mb", 7, "size of each streamed response, MB", maximum=MAX_RESPONSE_MB),
        free_tier(),
    ),
    pricer=keyword_pricer(
        streaming_lines, responses_per_month="responses", include_free_tier="free_tier"
    ),
)
