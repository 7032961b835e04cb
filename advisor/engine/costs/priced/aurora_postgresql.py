"""Aurora PostgreSQL (Aurora Standard): provisioned instances or Serverless v2 ACU-hours,
plus storage and I/O."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import choice, gigabytes, hours, number, per_month, whole
from advisor.engine.costs.priced.base import PricedService, Values
from advisor.engine.costs.priced.relational import INSTANCE_PREFIX, instance_class_param
from advisor.engine.results import CostLine

CAPACITY_MODES = ("serverless_v2", "provisioned")
MAX_ACU = 256  # the largest Serverless v2 maximum capacity


def aurora_serverless_v2_lines(table: Table, *, acu_hours: float) -> list[CostLine]:
    """ACU-hours: the average capacity Aurora scaled to, times the hours (0 while paused)."""
    return priced_lines(
        table["aurora_postgresql", "acu_hours"], acu_hours, "Serverless v2 capacity"
    )


def aurora_instance_lines(
    table: Table, *, instance_class: str, instances: float, hours: float
) -> list[CostLine]:
    return priced_lines(
        table["aurora_postgresql", f"{INSTANCE_PREFIX}{instance_class}"],
        instances * hours,
        f"{instances:g} x {instance_class}",
    )


def aurora_storage_lines(table: Table, *, storage_gb: float, io_requests: float) -> list[CostLine]:
    return priced_lines(
        table["aurora_postgresql", "storage"], storage_gb, "storage"
    ) + priced_lines(table["aurora_postgresql", "io_requests"], io_requests / 1e6, "I/O requests")


def _price(table: Table, v: Values) -> list[CostLine]:
    if v["capacity"] == "serverless_v2":
        compute = aurora_serverless_v2_lines(table, acu_hours=v["average_acus"] * v["hours"])
    else:
        compute = aurora_instance_lines(
            table, instance_class=v["instance_class"], instances=v["instances"], hours=v["hours"]
        )
    return compute + aurora_storage_lines(
        table, storage_gb=v["storage_gb"], io_requests=v["io_requests_per_month"]
    )


SERVICE = PricedService(
    key="aurora_postgresql",
    params=(
        choice("capacity", "serverless_v2", "how compute is bought", CAPACITY_MODES),
        number("average_acus", 1, "Serverless v2: average ACUs over the hours", maximum=MAX_ACU),
        instance_class_param("aurora_postgresql", "db.r6g.large"),
        whole("instances", 1, "provisioned: writer plus readers", maximum=16),
        hours("hours the cluster runs in the month"),
        gigabytes("storage_gb", 20, "data stored, GB"),
        per_month("io_requests_per_month", 10_000_000, "storage I/O requests a month"),
    ),
    pricer=_price,
)
