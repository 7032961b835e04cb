"""Amazon CloudFront: HTTPS requests, data out to the internet, request bodies to the origin."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, gigabytes, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def cloudfront_lines(
    table: Table, *, requests: float, gb_out: float, gb_to_origin: float, free_tier: bool
) -> list[CostLine]:
    """Responses served from the edge (`gb_out`) and request bodies sent on to the origin
    (`gb_to_origin`); the origin's responses to CloudFront cost nothing."""
    lines = priced_lines(
        table["cloudfront", "https_requests"], requests / 1e4, "HTTPS requests", free_tier=free_tier
    )
    if gb_out:
        lines += priced_lines(
            table["cloudfront", "internet_out"], gb_out, "out to the internet", free_tier=free_tier
        )
    if gb_to_origin:
        lines += priced_lines(table["cloudfront", "origin_out"], gb_to_origin, "out to the origin")
    return lines


SERVICE = PricedService(
    key="cloudfront",
    params=(
        per_month("requests_per_month", 10_000_000, "HTTPS requests a month"),
        gigabytes("gb_out", 100, "data served to viewers a month, GB"),
        gigabytes("gb_to_origin", 0, "request bodies sent on to the origin a month, GB"),
        free_tier(),
    ),
    pricer=keyword_pricer(
        cloudfront_lines, requests_per_month="requests", include_free_tier="free_tier"
    ),
)
