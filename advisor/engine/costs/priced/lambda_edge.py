"""Lambda@Edge: requests and duration at CloudFront locations (no free tier)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import number, per_month, whole
from advisor.engine.costs.priced.aws_lambda import LAMBDA_MAX_MEMORY_MB, MB_PER_GB
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

# Viewer triggers run with 128 MB for at most 5 s; origin triggers up to 30 s.
EDGE_MAX_DURATION_MS = 30_000


def lambda_edge_lines(
    table: Table, *, requests: float, duration_ms: float, memory_mb: float
) -> list[CostLine]:
    gb_seconds = requests * duration_ms / 1000 * memory_mb / MB_PER_GB
    return priced_lines(
        table["lambda_edge", "requests"], requests / 1e6, "Lambda@Edge requests"
    ) + priced_lines(table["lambda_edge", "duration"], gb_seconds, "Lambda@Edge duration")


SERVICE = PricedService(
    key="lambda_edge",
    params=(
        per_month("requests_per_month", 1_000_000, "requests a month"),
        number("duration_ms", 10, "average run time, ms", maximum=EDGE_MAX_DURATION_MS),
        whole(
            "memory_mb", 128, "memory, MB (128 for viewer triggers)", maximum=LAMBDA_MAX_MEMORY_MB
        ),
    ),
    pricer=keyword_pricer(lambda_edge_lines, requests_per_month="requests"),
)
