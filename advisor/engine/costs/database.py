"""The relational database sized by the workload, RDS Proxy where connections call for it,
and NAT gateways only where the functions in the VPC call AWS APIs.

A near-idle workload (an internal tool) gets Aurora Serverless v2 pausing at 0 ACU: it is
billed for capacity only while awake. It cannot sit behind RDS Proxy (the proxy holds
connections open, so the instance never pauses), and a workload that refuses a slow first
request cannot wait the seconds a resume takes. Every other workload keeps a provisioned
Multi-AZ instance. The database is the same in every option (a shared line); the proxy
and the functions' NAT are serverless's own, as a fleet pays its own NAT gateways.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from advisor.engine import facts as load
from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec, pricing_catalog
from advisor.engine.costs.model import Context, runs_on_a_schedule
from advisor.engine.costs.priced.rds_postgresql import MULTI_AZ_PREFIX
from advisor.engine.costs.priced.relational import INSTANCE_PREFIX
from advisor.engine.costs.private_network import Egress, egress_for, network_reason
from advisor.engine.numbers import format_count, format_usd
from advisor.engine.results import CostLine, Database, Design, DesignChoice
from advisor.engine.workload import HOURS_PER_MONTH, DataStore

AURORA = "aurora_serverless_v2"
RDS = "rds_postgresql"
# How notes and labels name each engine.
DATABASE_WORDS = {
    AURORA: "Aurora Serverless v2 database (PostgreSQL, pausing at 0 ACU)",
    RDS: "PostgreSQL database (RDS, Multi-AZ)",
}


def with_database(ctx: Context, design: Design) -> Design:
    """The design with its relational database chosen and the reason shown."""
    if ctx.workload.data_store != DataStore.RELATIONAL:
        return design
    egress = egress_for(ctx, design)
    database = _paused_database(ctx, egress) or _provisioned_database(ctx, egress)
    choice = DesignChoice("database", database.engine, _reason(ctx, database, egress))
    return replace(design, database=database, choices=(*design.choices, choice))


def database_of(ctx: Context, design: Design) -> Database:
    """The design's database (decided here for a design built by hand without one)."""
    return design.database or with_database(ctx, design).database  # type: ignore[return-value]


def peak_connections(ctx: Context) -> int:
    """Database connections the functions hold at the peak: one per concurrent run."""
    return math.ceil(load.peak_concurrency(ctx.workload))


def _needs_proxy(ctx: Context) -> bool:
    """RDS Proxy pools the connections of functions that scale with their callers. Runs
    started on a schedule are few and known in advance: reserved concurrency caps them,
    and each holds its connection for its whole run, which a pool cannot share."""
    if runs_on_a_schedule(ctx):
        return False
    return peak_connections(ctx) >= ctx.a["rds_proxy_min_peak_connections"]


def _egress_fields(egress: Egress) -> dict[str, Any]:
    return {
        "nat": egress.nat,
        "gateway_endpoints": egress.gateway_endpoints,
        "interface_endpoints": egress.interface_endpoints,
    }


def awake_hours(ctx: Context) -> float:
    """Hours a month the pausing database is awake: in each part of the day (busy hours at
    the peak rate, the rest at the base rate) the share of time with a run in progress or
    ended within the pause delay (a 10-minute run keeps it awake for 10 minutes), plus one
    pause delay after each day's busy hours."""
    delay_s = ctx.a["aurora_seconds_until_auto_pause"]
    awake = ctx.hours_held_by_runs(delay_s + ctx.duration_s)
    tails = HOURS_PER_MONTH / 24 * delay_s / 3600 if ctx.peak_hours_per_month() else 0.0
    return min(float(HOURS_PER_MONTH), awake + tails)


def resumes(ctx: Context) -> float:
    """Requests a month that find the pausing database paused and wait for it to resume:
    in each part of the day, the arrivals that come more than the pause delay after the
    previous run ended (arrivals taken as random, as in `awake_hours`), plus the first
    request of each day's busy hours unless an off-peak one kept the database awake."""
    held_s = ctx.a["aurora_seconds_until_auto_pause"] + ctx.duration_s
    peak_h, base_rps = ctx.peak_hours_per_month(), ctx.base_rps()
    after_gaps = sum(
        rps * hours * 3600 * math.exp(-rps * held_s)
        for rps, hours in ((ctx.workload.peak_rps, peak_h), (base_rps, HOURS_PER_MONTH - peak_h))
    )
    busy_days = HOURS_PER_MONTH / 24 if peak_h else 0.0
    return after_gaps + busy_days * math.exp(-base_rps * held_s)


def unpaused_extra_usd(ctx: Context, awake_h: float) -> float:
    """What keeping the smallest capacity (the 0.5 ACU floor) through the hours the
    database now sleeps would add a month: no request would ever wait for a resume."""
    asleep_h = HOURS_PER_MONTH - awake_h
    price = ctx.table["aurora_postgresql", "acu_hours"].tiers[0][1]
    return asleep_h * ctx.a["aurora_min_unpaused_acu"] * price


def _paused_database(ctx: Context, egress: Egress) -> Database | None:
    w, a = ctx.workload, ctx.a
    if w.cold_start_sensitive or w.avg_rps > a["aurora_auto_pause_max_avg_rps"]:
        return None
    if _needs_proxy(ctx):  # a proxy keeps the instance awake
        return None
    hours = awake_hours(ctx)
    if hours > a["aurora_auto_pause_max_awake_share"] * HOURS_PER_MONTH:
        return None
    return Database(
        engine=AURORA,
        max_acu=a["aurora_max_acu"],
        seconds_until_auto_pause=int(a["aurora_seconds_until_auto_pause"]),
        awake_hours_per_month=hours,
        resumes_per_month=resumes(ctx),
        resume_s=a["aurora_resume_seconds"],
        unpaused_extra_usd=unpaused_extra_usd(ctx, hours),
        **_egress_fields(egress),
    )


def _provisioned_database(ctx: Context, egress: Egress) -> Database:
    sized = database_size(ctx)
    return Database(
        engine=RDS,
        instance_class=sized.instance.type,
        deployments=sized.deployments,
        vcpu=sized.instance.vcpu,
        memory_gib=sized.instance.memory_gib,
        proxy=_needs_proxy(ctx),
        **_egress_fields(egress),
    )


# --- size ----------------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseNeed:
    """What the workload asks of a provisioned database."""

    peak_vcpu: float  # at the peak, with the fleets' headroom (target utilisation)
    average_vcpu: float  # over the month: what a burstable class must sustain
    memory_gib: float  # the working set cached, plus the connections held at the peak


@dataclass(frozen=True)
class DatabaseSize:
    need: DatabaseNeed
    instance: InstanceSpec
    deployments: int
    burstable: bool


def database_need(ctx: Context) -> DatabaseNeed:
    """The statements each request runs, at their CPU cost, and the memory that keeps the
    working set cached beside the connections the functions open."""
    w, a = ctx.workload, ctx.a
    vcpu_s = a["relational_queries_per_request"] * a["relational_vcpu_ms_per_query"] / 1000
    cache_gib = a["relational_working_set_gb"] / max(a["relational_cache_memory_share"], 0.01)
    connections_gib = peak_connections(ctx) * a["relational_connection_memory_mb"] / 1024
    peak = w.peak_rps * vcpu_s / max(a["container_target_utilisation"], 0.01)
    return DatabaseNeed(
        peak_vcpu=peak,
        average_vcpu=w.avg_rps * vcpu_s,
        memory_gib=cache_gib + connections_gib,
    )


def database_size(ctx: Context) -> DatabaseSize:
    """The cheapest Multi-AZ class with the vCPUs and memory the workload needs (one
    primary takes every write, so several deployments only past the largest class). A
    burstable class only while the month's average CPU stays within its baseline: RDS
    runs db.t4g in Unlimited mode, so a busier one bills surplus CPU credits."""
    need = database_need(ctx)
    vcpu = max(need.peak_vcpu, ctx.a["rds_proxy_db_vcpu"])  # the floor a workload may set
    priced = [
        (round(price.unit_price_usd, 6), spec)
        for spec in pricing_catalog().instances_of(RDS).values()
        if (price := ctx.table.get((RDS, f"{MULTI_AZ_PREFIX}{INSTANCE_PREFIX}{spec.type}")))
    ]
    fitting = [
        (usd, spec.type, spec)
        for usd, spec in priced
        if spec.vcpu >= vcpu and spec.memory_gib >= need.memory_gib and _sustains(spec, need)
    ]
    if fitting:
        _, _, spec = min(fitting, key=lambda option: option[:2])
        return DatabaseSize(need, spec, 1, _baseline_share(spec.type) is not None)
    # Past the largest size: the cheapest of that size, deployed as often as it takes.
    top = max(spec.vcpu for _, spec in priced)
    _, deployments, _, largest = min(
        (n * usd, n, spec.type, spec)
        for usd, spec in priced
        if spec.vcpu == top and (n := _deployments(spec, vcpu, need))
    )
    return DatabaseSize(need, largest, deployments, burstable=False)


def _deployments(spec: InstanceSpec, vcpu: float, need: DatabaseNeed) -> int:
    return max(math.ceil(vcpu / spec.vcpu), math.ceil(need.memory_gib / spec.memory_gib))


def _sustains(spec: InstanceSpec, need: DatabaseNeed) -> bool:
    baseline = _baseline_share(spec.type)
    return baseline is None or need.average_vcpu <= baseline * spec.vcpu


def _baseline_share(instance_class: str) -> float | None:
    """The share of each vCPU a burstable class sustains; None for a fixed-performance one."""
    meters = pricing_catalog().meters
    return meters.get((RDS, f"baseline.{instance_class}"))


# --- lines ---------------------------------------------------------------------


def database_lines(ctx: Context, database: Database) -> list[CostLine]:
    """The database every option uses alike, and its secret."""
    a = ctx.a
    if database.pauses:
        lines = svc.aurora_serverless_v2_lines(
            ctx.table, acu_hours=database.awake_hours_per_month * a["aurora_awake_acu"]
        ) + svc.aurora_storage_lines(
            ctx.table,
            storage_gb=a["relational_storage_gb"],
            io_requests=ctx.requests * a["aurora_io_per_request"],
        )
    else:
        lines = svc.rds_postgresql_lines(
            ctx.table,
            instance_class=database.instance_class,
            instances=database.deployments,
            hours=HOURS_PER_MONTH,
            storage_gb=a["relational_storage_gb"],
            multi_az=True,
        )
    return lines + svc.secrets_manager_lines(ctx.table, secrets=1, api_calls=ctx.cold_starts())


def proxy_lines(ctx: Context, database: Database | None) -> list[CostLine]:
    if database is None or not database.proxy:
        return []
    db_vcpu = database.vcpu * database.deployments
    return svc.rds_proxy_lines(ctx.table, db_vcpu=db_vcpu, hours=HOURS_PER_MONTH)


# --- reason --------------------------------------------------------------------


def _reason(ctx: Context, database: Database, egress: Egress) -> str:
    return " ".join(
        (_engine_reason(ctx, database), _connection_reason(ctx, database), network_reason(egress))
    )


def _engine_reason(ctx: Context, database: Database) -> str:
    a = ctx.a
    if database.pauses:
        capacity = database.awake_hours_per_month * a["aurora_awake_acu"]
        usd = capacity * ctx.table["aurora_postgresql", "acu_hours"].tiers[0][1]
        return (
            f"Aurora Serverless v2 pausing at 0 ACU: at {ctx.workload.avg_rps:g} requests/s "
            f"(at most {a['aurora_auto_pause_max_avg_rps']:g} for a database that sleeps) it is "
            f"awake about {database.awake_hours_per_month:,.0f} hours a month, "
            f"{capacity:,.0f} ACU-hours ({format_usd(usd)}), and pauses after "
            f"{database.seconds_until_auto_pause // 60} idle minutes; the first request after "
            f"a pause (about {database.resumes_per_month:,.0f} a month) waits about "
            f"{a['aurora_resume_seconds']:g} s while it resumes. Aurora keeps six copies of "
            "the data across three Availability Zones; a provisioned Multi-AZ instance would "
            "bill every hour of the month."
        )
    return f"{_size_reason(ctx, database)} {_not_paused_reason(ctx)}"


def _size_reason(ctx: Context, database: Database) -> str:
    sized = database_size(ctx)
    need, a = sized.need, ctx.a
    statements = ctx.workload.peak_rps * a["relational_queries_per_request"]
    several = f"{database.deployments} x " if database.deployments > 1 else ""
    why_class = (
        f"a burstable class, since the month's average ({_vcpus(need.average_vcpu)}) stays "
        "within its CPU baseline"
        if sized.burstable
        else _why_not_burstable(need)
    )
    return (
        f"PostgreSQL on RDS, {several}{database.instance_class} ({database.vcpu:g} vCPUs, "
        f"{database.memory_gib:g} GiB) Multi-AZ (a standby in a second Availability Zone), "
        f"sized by the work: {format_count(round(statements), 'statement')} a second at the "
        f"peak need about {_vcpus(need.peak_vcpu)} at "
        f"{a['container_target_utilisation']:.0%} busy, and the working set "
        f"({a['relational_working_set_gb']:g} GB) with the peak's connections about "
        f"{need.memory_gib:.1f} GiB of memory; {why_class}."
    )


def _vcpus(vcpu: float) -> str:
    if vcpu < 0.01:
        return "under 0.01 vCPU"
    return f"{vcpu:.2g} vCPU" if vcpu < 1 else f"{vcpu:.1f} vCPUs"


def _why_not_burstable(need: DatabaseNeed) -> str:
    """Which limit rules out the largest burstable class (db.t4g in Unlimited mode)."""
    classes = pricing_catalog().instances_of(RDS).values()
    burstable = [(spec, share) for spec in classes if (share := _baseline_share(spec.type))]
    spec, share = max(burstable, key=lambda b: b[0].memory_gib)
    if need.peak_vcpu > spec.vcpu or need.memory_gib > spec.memory_gib:
        return (
            f"more than the largest burstable class priced ({spec.type}: {spec.vcpu:g} vCPUs, "
            f"{spec.memory_gib:g} GiB) holds"
        )
    return (
        f"a fixed-performance class: the month's average of {_vcpus(need.average_vcpu)} is "
        f"above a {spec.type}'s baseline ({share:.0%} of each vCPU), and RDS bills a "
        "burstable class's CPU beyond it as surplus credits"
    )


def _not_paused_reason(ctx: Context) -> str:
    return (
        f"It is billed every hour: at {ctx.workload.avg_rps:g} requests/s the database is "
        "seldom idle long enough to pause (Aurora Serverless v2 pauses only below "
        f"{ctx.a['aurora_auto_pause_max_avg_rps']:g} requests/s on average, and only for "
        "workloads that accept a slow first request)."
    )


def _connection_reason(ctx: Context, database: Database) -> str:
    connections = peak_connections(ctx)
    threshold = int(ctx.a["rds_proxy_min_peak_connections"])
    held = format_count(connections, "connection")
    if database.proxy:
        return (
            f"RDS Proxy pools the functions' connections: {connections:,} at the peak, and "
            f"{threshold} or more call for it."
        )
    if runs_on_a_schedule(ctx):
        return (
            f"No RDS Proxy: the scheduled runs hold {held} at the peak, each for its whole "
            "run, which a pool cannot share; reserved concurrency caps them. They connect "
            "directly with IAM authentication."
        )
    return (
        f"No RDS Proxy: the peak holds {held} (a proxy pays from {threshold}), made "
        "directly with IAM authentication."
    )
