"""AWS Fargate (Linux on ECS/EKS): vCPU, memory and ephemeral storage above 20 GB, per hour."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import architecture, hours, number
from advisor.engine.costs.priced.base import PricedService, Values
from advisor.engine.results import CostLine

FARGATE_FREE_STORAGE_GB = 20  # included ephemeral storage per task
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html:
# the largest task is 16 vCPU and 120 GB; ephemeral storage goes up to 200 GiB.
FARGATE_MAX_VCPU = 16
FARGATE_MAX_MEMORY_GB = 120
FARGATE_MAX_STORAGE_GB = 200


def fargate_lines(
    table: Table,
    *,
    tasks: float,
    vcpu: float,
    memory_gb: float,
    hours: float,
    architecture: str,
    ephemeral_storage_gb: float = FARGATE_FREE_STORAGE_GB,
) -> list[CostLine]:
    task_hours = tasks * hours
    size = f"{vcpu:g} vCPU, {memory_gb:g} GB, {architecture}"
    label = f"{tasks:g} x ({size})" if tasks != 1 else f"task-hours ({size})"
    lines = priced_lines(
        table["fargate", f"vcpu_{architecture}"], task_hours * vcpu, f"vCPU, {label}"
    ) + priced_lines(
        table["fargate", f"memory_{architecture}"], task_hours * memory_gb, f"memory, {label}"
    )
    extra_gb = max(0.0, ephemeral_storage_gb - FARGATE_FREE_STORAGE_GB)
    if extra_gb > 0:
        lines += priced_lines(
            table["fargate", "ephemeral_storage"], task_hours * extra_gb, "ephemeral storage"
        )
    return lines


def _price(table: Table, v: Values) -> list[CostLine]:
    return fargate_lines(
        table,
        tasks=v["tasks"],
        vcpu=v["vcpu"],
        memory_gb=v["memory_gb"],
        hours=v["hours"],
        architecture=v["architecture"],
        ephemeral_storage_gb=v["ephemeral_storage_gb"],
    )


SERVICE = PricedService(
    key="fargate",
    params=(
        number("tasks", 1, "tasks running at once", maximum=1e6),
        number("vcpu", 1, "vCPUs per task", maximum=FARGATE_MAX_VCPU),
        number("memory_gb", 2, "memory per task, GB", maximum=FARGATE_MAX_MEMORY_GB),
        hours("hours each task runs in the month"),
        architecture(),
        number(
            "ephemeral_storage_gb",
            FARGATE_FREE_STORAGE_GB,
            "storage per task, GB (20 included)",
            maximum=FARGATE_MAX_STORAGE_GB,
        ),
    ),
    pricer=_price,
)
