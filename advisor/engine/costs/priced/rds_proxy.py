"""Amazon RDS Proxy: per vCPU-hour of the database behind it, at least 2 vCPUs."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import hours, number
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

RDS_PROXY_MIN_VCPU = 2
MAX_DB_VCPU = 192  # the largest RDS instance classes (db.r7i.48xlarge)


def rds_proxy_lines(table: Table, *, db_vcpu: float, hours: float) -> list[CostLine]:
    vcpu = max(RDS_PROXY_MIN_VCPU, db_vcpu)
    return priced_lines(
        table["rds_proxy", "vcpu_hours"], vcpu * hours, f"proxy for a {vcpu:g}-vCPU database"
    )


SERVICE = PricedService(
    key="rds_proxy",
    params=(
        number(
            "db_vcpu",
            2,
            "vCPUs of the database behind the proxy (2 minimum)",
            maximum=MAX_DB_VCPU,
        ),
        hours(),
    ),
    pricer=keyword_pricer(rds_proxy_lines),
)
