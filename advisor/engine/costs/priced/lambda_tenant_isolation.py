"""Lambda tenant isolation mode: each tenant-isolated execution environment created."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import architecture, per_month
from advisor.engine.costs.priced.aws_lambda import MB_PER_GB, memory_mb_param
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def tenant_isolation_lines(
    table: Table, *, environments: float, memory_mb: float, architecture: str
) -> list[CostLine]:
    """Environments created: tenants times the cold starts each tenant causes."""
    return priced_lines(
        table["lambda_tenant_isolation", f"environments_{architecture}"],
        environments * memory_mb / MB_PER_GB,
        f"tenant-isolated environments created ({architecture})",
    )


SERVICE = PricedService(
    key="lambda_tenant_isolation",
    params=(
        per_month("environments_per_month", 10_000, "tenant-isolated environments created a month"),
        memory_mb_param(),
        architecture(),
    ),
    pricer=keyword_pricer(tenant_isolation_lines, environments_per_month="environments"),
)
