"""AWS Secrets Manager: secrets by the month, and API calls."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def secrets_manager_lines(table: Table, *, secrets: float, api_calls: float) -> list[CostLine]:
    """Functions that cache a secret call the API once per cold start, not per request."""
    return priced_lines(table["secrets_manager", "secrets"], secrets, "secrets") + priced_lines(
        table["secrets_manager", "api_calls"], api_calls / 1e4, "API calls"
    )


SERVICE = PricedService(
    key="secrets_manager",
    params=(
        number("secrets", 1, "secrets kept all month", maximum=5e5),
        per_month("api_calls_per_month", 10_000, "GetSecretValue and other API calls a month"),
    ),
    pricer=keyword_pricer(secrets_manager_lines, api_calls_per_month="api_calls"),
)
