"""RDS for PostgreSQL: instance-hours and gp3 storage, Single-AZ or Multi-AZ.

A Multi-AZ DB instance deployment (a primary and one standby in another Availability Zone)
is billed at its own published rates: per deployment-hour, and per GB-month of the storage
allocated to it at the Multi-AZ storage rate, which pays for the standby's copy too.
"""

from __future__ import annotations

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import flag, gigabytes, hours, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.costs.priced.relational import INSTANCE_PREFIX, instance_class_param
from advisor.engine.results import CostLine

MULTI_AZ_PREFIX = "multi_az."


def rds_postgresql_lines(
    table: Table,
    *,
    instance_class: str,
    instances: float,
    hours: float,
    storage_gb: float,
    multi_az: bool = False,
) -> list[CostLine]:
    """`instances` DB instances (each a Multi-AZ deployment when `multi_az`), each with
    `storage_gb` allocated."""
    prefix, what = (MULTI_AZ_PREFIX, " Multi-AZ (primary and standby)") if multi_az else ("", "")
    return priced_lines(
        table["rds_postgresql", f"{prefix}{INSTANCE_PREFIX}{instance_class}"],
        instances * hours,
        f"{instances:g} x {instance_class}{_size(instance_class)}{what}",
    ) + priced_lines(
        table["rds_postgresql", f"{prefix}storage_gp3"],
        instances * storage_gb,
        f"gp3 storage{' Multi-AZ' if multi_az else ''}",
    )


def _size(instance_class: str) -> str:
    """The class's vCPUs and memory, so the line says how big the database is."""
    spec = pricing_catalog().instances_of("rds_postgresql").get(instance_class)
    return f" ({spec.vcpu:g} vCPUs, {spec.memory_gib:g} GiB)" if spec else ""


SERVICE = PricedService(
    key="rds_postgresql",
    params=(
        instance_class_param("rds_postgresql", "db.t4g.medium"),
        whole("instances", 1, "instances (primary plus read replicas)", maximum=16),
        hours("hours each instance runs in the month"),
        gigabytes("storage_gb", 20, "gp3 storage allocated per instance, GB"),
        flag("multi_az", "a Multi-AZ DB instance deployment (one standby) per instance"),
    ),
    pricer=keyword_pricer(rds_postgresql_lines),
)
