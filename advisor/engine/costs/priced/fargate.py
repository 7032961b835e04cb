"""AWS Fargate (Linux on ECS/EKS): vCPU, memory and ephemeral storage above 20 GB, per hour."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines, purchased_row
from advisor.engine.costs.params import architecture, choice, hours, number
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

FARGATE_FREE_STORAGE_GB = 20  # included ephemeral storage per task
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html:
# the largest task is 16 vCPU and 120 GB; ephemeral storage goes up to 200 GiB.
FARGATE_MAX_VCPU = 16
FARGATE_MAX_MEMORY_GB = 120
FARGATE_MAX_STORAGE_GB = 200
# Spot (ECS only, interruptible, floating price) and Compute Savings Plans, no upfront.
FARGATE_PURCHASES = ("on_demand", "spot", "savings_plan_1y", "savings_plan_3y")


def fargate_lines(
    table: Table,
    *,
    tasks: float,
    vcpu: float,
    memory_gb: float,
    hours: float,
    architecture: str,
    ephemeral_storage_gb: float = FARGATE_FREE_STORAGE_GB,
    purchase: str = "on_demand",
) -> list[CostLine]:
    """vCPU and memory at the purchase option's rate; storage above 20 GB at on-demand."""
    task_hours = tasks * hours
    bought = "" if purchase == "on_demand" else f", {purchase}"
    size = f"{vcpu:g} vCPU, {memory_gb:g} GB, {architecture}{bought}"
    label = f"{tasks:g} x ({size})" if tasks != 1 else f"task-hours ({size})"
    vcpu_row = purchased_row(table, "fargate", f"vcpu_{architecture}", purchase)
    memory_row = purchased_row(table, "fargate", f"memory_{architecture}", purchase)
    lines = priced_lines(vcpu_row, task_hours * vcpu, f"vCPU, {label}") + priced_lines(
        memory_row, task_hours * memory_gb, f"memory, {label}"
    )
    extra_gb = max(0.0, ephemeral_storage_gb - FARGATE_FREE_STORAGE_GB)
    if extra_gb > 0:
        lines += priced_lines(
            table["fargate", "ephemeral_storage"], task_hours * extra_gb, "ephemeral storage"
        )
    return lines


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
        choice("purchase", "on_demand", "how vCPU and memory are bought", FARGATE_PURCHASES),
    ),
    pricer=keyword_pricer(fargate_lines),
)
