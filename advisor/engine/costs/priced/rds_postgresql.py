"""RDS for PostgreSQL, Single-AZ: instance-hours and gp3 storage."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import gigabytes, hours, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.costs.priced.relational import INSTANCE_PREFIX, instance_class_param
from advisor.engine.results import CostLine


def rds_postgresql_lines(
    table: Table, *, instance_class: str, instances: float, hours: float, storage_gb: float
) -> list[CostLine]:
    """`storage_gb` is provisioned per instance (each has its own volume)."""
    return priced_lines(
        table["rds_postgresql", f"{INSTANCE_PREFIX}{instance_class}"],
        instances * hours,
        f"{instances:g} x {instance_class}",
    ) + priced_lines(table["rds_postgresql", "storage_gp3"], instances * storage_gb, "gp3 storage")


SERVICE = PricedService(
    key="rds_postgresql",
    params=(
        instance_class_param("rds_postgresql", "db.t4g.medium"),
        whole("instances", 1, "instances (primary plus read replicas)", maximum=16),
        hours("hours each instance runs in the month"),
        gigabytes("storage_gb", 20, "gp3 storage per instance, GB"),
    ),
    pricer=keyword_pricer(rds_postgresql_lines),
)
