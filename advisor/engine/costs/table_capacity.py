"""The application's DynamoDB table: throughput on demand, or provisioned capacity with
auto scaling, whichever an architect would pick for the load.

Provisioned capacity costs far less per unit of work than on-demand requests at a steady
load (a WCU-hour is 3,600 writes' worth of capacity for $0.00065, against $0.625 a million
on demand in us-east-1), but it is paid whether used or not and auto scaling follows a
rising load over minutes. So a steady table gets it at a target utilisation
(`dynamodb_target_utilization`, the headroom above the load), sized off the peak and
through the busy hours like the fleets, where that is cheaper; spiky, unpredictable and
scheduled loads, and idle tables, stay on demand, which follows any load at once.
"""

from __future__ import annotations

import math
from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.numbers import format_usd
from advisor.engine.results import CostLine, Design, DesignChoice, TableCapacity
from advisor.engine.workload import HOURS_PER_MONTH, TrafficPattern

ON_DEMAND = "on_demand"
PROVISIONED = "provisioned"
# The smallest capacity a table may have.
MIN_CAPACITY_UNITS = 1


def table_lines(ctx: Context, design: Design) -> list[CostLine]:
    """The application table's month in the design's capacity mode."""
    capacity = design.table_capacity
    if capacity is not None and capacity.mode == PROVISIONED:
        return provisioned_lines(ctx, capacity)
    return on_demand_lines(ctx)


def on_demand_lines(ctx: Context) -> list[CostLine]:
    a = ctx.a
    return svc.dynamodb_lines(
        ctx.table,
        reads=ctx.requests * a["dynamodb_reads_per_request"],
        writes=ctx.requests * a["dynamodb_writes_per_request"],
        storage_gb=a["dynamodb_storage_gb"],
        free_tier=ctx.free_tier,
    )


def provisioned_lines(
    ctx: Context,
    capacity: TableCapacity,
    *,
    storage_gb: float | None = None,
    free_tier: bool | None = None,
) -> list[CostLine]:
    """Capacity unit-hours: the off-peak capacity all month, the peak's through the busy
    hours (auto scaling raises and lowers it around them). The application table's storage
    and free tier unless another table's are given."""
    peak_h = ctx.peak_hours_per_month()
    base_h = HOURS_PER_MONTH - peak_h
    return svc.dynamodb_lines(
        ctx.table,
        reads=0,
        writes=0,
        storage_gb=ctx.a["dynamodb_storage_gb"] if storage_gb is None else storage_gb,
        free_tier=ctx.free_tier if free_tier is None else free_tier,
        wcu_hours=capacity.base_wcu * base_h + capacity.peak_wcu * peak_h,
        rcu_hours=capacity.base_rcu * base_h + capacity.peak_rcu * peak_h,
    )


def provisioned_capacity(ctx: Context) -> TableCapacity:
    """Units a second the application table's load consumes off the peak and at it."""
    a = ctx.a
    return capacity_for(
        ctx,
        writes_per_request=a["dynamodb_writes_per_request"],
        reads_per_request=a["dynamodb_reads_per_request"],
    )


def capacity_for(
    ctx: Context, *, writes_per_request: float, reads_per_request: float
) -> TableCapacity:
    """Units a second a table consumes off the peak and at it, over the target: the
    requests' rates times the units each request writes and reads."""
    target = ctx.a["dynamodb_target_utilization"]
    per_request = {"w": writes_per_request, "r": reads_per_request}

    def units(rps: float, kind: str) -> int:
        return max(MIN_CAPACITY_UNITS, math.ceil(rps * per_request[kind] / target))

    base, peak = ctx.base_rps(), max(ctx.workload.peak_rps, ctx.workload.avg_rps)
    return TableCapacity(
        mode=PROVISIONED,
        target_utilization=target,
        base_wcu=units(base, "w"),
        peak_wcu=units(peak, "w"),
        base_rcu=units(base, "r"),
        peak_rcu=units(peak, "r"),
    )


def with_table_capacity(ctx: Context, design: Design) -> Design:
    """The design with its table's capacity mode, the cheaper one the load allows."""
    if not ctx.uses_key_value_store or ctx.requests <= 0:
        return design
    provisioned = provisioned_capacity(ctx)
    on_demand_usd = total_usd(on_demand_lines(ctx))
    provisioned_usd = total_usd(provisioned_lines(ctx, provisioned))
    steady = ctx.workload.traffic_pattern == TrafficPattern.STEADY
    if steady and provisioned_usd < on_demand_usd:
        capacity, why = (
            provisioned,
            _provisioned_reason(provisioned, provisioned_usd, on_demand_usd),
        )
    else:
        capacity = TableCapacity(mode=ON_DEMAND)
        why = _on_demand_reason(ctx, steady, provisioned_usd, on_demand_usd)
    choice = DesignChoice("table_capacity", capacity.mode, why)
    return replace(design, table_capacity=capacity, choices=(*design.choices, choice))


def _provisioned_reason(capacity: TableCapacity, usd: float, on_demand_usd: float) -> str:
    return (
        f"Provisioned capacity with auto scaling for the table: the load is steady, so "
        f"capacity kept at {capacity.target_utilization:.0%} utilisation (the rest is "
        "headroom while scaling catches up) costs about "
        f"{format_usd(usd)} a month against {format_usd(on_demand_usd)} on demand: "
        f"{capacity.base_wcu:,} write and {capacity.base_rcu:,} read capacity units off the "
        f"peak, {capacity.peak_wcu:,} and {capacity.peak_rcu:,} through the busy hours. "
        "A load that turns spiky or unpredictable belongs back on demand."
    )


def _on_demand_reason(ctx: Context, steady: bool, usd: float, on_demand_usd: float) -> str:
    if steady:
        return (
            "On-demand capacity for the table: at this load provisioned capacity with auto "
            f"scaling would cost about {format_usd(usd)} a month against "
            f"{format_usd(on_demand_usd)} on demand, so paying per request is cheaper."
        )
    pattern = ctx.workload.traffic_pattern.value
    return (
        f"On-demand capacity for the table: the load is {pattern}, and auto scaling raises "
        "provisioned capacity only minutes after a rise (requests above it are throttled), "
        "while on-demand follows any load at once and costs nothing idle."
    )
