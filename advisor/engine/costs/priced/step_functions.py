"""AWS Step Functions: Standard workflows by state transition, Express by request and GB-hour."""

from __future__ import annotations

import math

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import choice, free_tier, number, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

MB_PER_GB = 1024
EXPRESS_BILLING_MS = 100  # Express workflows round duration up to 100 ms ...
EXPRESS_MEMORY_CHUNK_MB = 64  # ... and memory up to 64 MB chunks
# https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html: an Express
# execution runs at most 5 minutes; a Standard history holds at most 25,000 events.
EXPRESS_MAX_DURATION_MS = 300_000
STANDARD_MAX_TRANSITIONS = 25_000


def step_functions_lines(
    table: Table,
    *,
    workflow_type: str,
    executions: float,
    transitions_per_execution: float = 0,
    duration_ms: float = 0,
    memory_mb: float = EXPRESS_MEMORY_CHUNK_MB,
    free_tier: bool = False,
) -> list[CostLine]:
    if workflow_type == "standard":
        return standard_workflow_lines(
            table, transitions=executions * transitions_per_execution, free_tier=free_tier
        )
    return express_workflow_lines(
        table, executions=executions, duration_ms=duration_ms, memory_mb=memory_mb
    )


def standard_workflow_lines(
    table: Table, *, transitions: float, free_tier: bool = False
) -> list[CostLine]:
    price = table["step_functions", "standard_transitions"]
    return priced_lines(price, transitions / 1000, "state transitions", free_tier=free_tier)


def express_workflow_lines(
    table: Table, *, executions: float, duration_ms: float, memory_mb: float
) -> list[CostLine]:
    """Requests plus GB-hours, each execution rounded up to 100 ms and to 64 MB chunks."""
    billed_s = math.ceil(duration_ms / EXPRESS_BILLING_MS) * EXPRESS_BILLING_MS / 1000
    billed_mb = math.ceil(max(memory_mb, 1) / EXPRESS_MEMORY_CHUNK_MB) * EXPRESS_MEMORY_CHUNK_MB
    gb_hours = executions * billed_s * billed_mb / MB_PER_GB / 3600
    return priced_lines(
        table["step_functions", "express_requests"], executions / 1e6, "Express requests"
    ) + priced_lines(table["step_functions", "express_duration"], gb_hours, "Express duration")


SERVICE = PricedService(
    key="step_functions",
    params=(
        choice("type", "standard", "workflow type", ("standard", "express")),
        per_month("executions_per_month", 100_000, "workflow executions a month"),
        number(
            "transitions_per_execution",
            5,
            "state transitions per execution",
            maximum=STANDARD_MAX_TRANSITIONS,
        ),
        number(
            "duration_ms",
            1000,
            "Express: average execution time, ms",
            maximum=EXPRESS_MAX_DURATION_MS,
        ),
        number(
            "memory_mb", 64, "Express: memory used, MB (billed in 64 MB chunks)", maximum=10_240
        ),
        free_tier(),
    ),
    pricer=keyword_pricer(
        step_functions_lines,
        type="workflow_type",
        executions_per_month="executions",
        include_free_tier="free_tier",
    ),
)
