"""AWS KMS: customer managed keys by the month, and API requests."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def kms_lines(table: Table, *, keys: float, requests: float, free_tier: bool) -> list[CostLine]:
    """`keys` counts customer managed keys and each rotated backing key (AWS managed: free)."""
    return priced_lines(
        table["kms", "customer_managed_keys"], keys, "customer managed keys"
    ) + priced_lines(table["kms", "requests"], requests / 1e4, "requests", free_tier=free_tier)


SERVICE = PricedService(
    key="kms",
    params=(
        number("keys", 1, "customer managed keys kept all month", maximum=1e5),
        per_month("requests_per_month", 100_000, "encrypt, decrypt and data-key requests a month"),
        free_tier(),
    ),
    pricer=keyword_pricer(kms_lines, requests_per_month="requests", include_free_tier="free_tier"),
)
