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
from dataclasses import replace

from advisor.engine import facts as load
from advisor.engine.costs import services as svc
from advisor.engine.costs.model import Context
from advisor.engine.numbers import format_count, format_usd
from advisor.engine.results import CostLine, Database, Design, DesignChoice
from advisor.engine.workload import HOURS_PER_MONTH, DataStore, Trigger, Workflow

AURORA = "aurora_serverless_v2"
RDS = "rds_postgresql"
# Triggers whose functions reach nothing but the database: an HTTP request or a schedule.
# Queues, topics, streams and uploads bring AWS API calls (sends, idempotency records).
_DATABASE_ONLY_TRIGGERS = frozenset({Trigger.HTTP, Trigger.SCHEDULE})
# How notes and labels name each engine.
DATABASE_WORDS = {
    AURORA: "Aurora Serverless v2 database (PostgreSQL, pausing at 0 ACU)",
    RDS: "PostgreSQL database (RDS, Multi-AZ)",
}


def with_database(ctx: Context, design: Design) -> Design:
    """The design with its relational database chosen and the reason shown."""
    if ctx.workload.data_store != DataStore.RELATIONAL:
        return design
    database = _paused_database(ctx, design) or _provisioned_database(ctx, design)
    choice = DesignChoice("database", database.engine, _reason(ctx, database))
    return replace(design, database=database, choices=(*design.choices, choice))


def database_of(ctx: Context, design: Design) -> Database:
    """The design's database (decided here for a design built by hand without one)."""
    return design.database or with_database(ctx, design).database  # type: ignore[return-value]


def peak_connections(ctx: Context) -> int:
    """Database connections the functions hold at the peak: one per concurrent run."""
    return math.ceil(load.peak_concurrency(ctx.workload))


def _needs_proxy(ctx: Context) -> bool:
    return peak_connections(ctx) >= ctx.a["rds_proxy_min_peak_connections"]


def _needs_nat(ctx: Context, design: Design) -> bool:
    """Functions in the VPC that call AWS APIs (a queue, a topic, a workflow, idempotency
    records) reach them through NAT gateways; a function that reaches only the database
    signs its IAM token locally and needs no route out."""
    w = ctx.workload
    return bool(
        set(w.triggers) - _DATABASE_ONLY_TRIGGERS
        or w.workflow != Workflow.NONE
        or design.offloaded_parts
    )


def awake_hours(ctx: Context) -> float:
    """Hours a month the pausing database is awake: in each part of the day (busy hours at
    the peak rate, the rest at the base rate) the share of time with a request in the last
    pause delay, plus one pause delay after each day's busy hours."""
    w, delay_s = ctx.workload, ctx.a["aurora_seconds_until_auto_pause"]
    peak_h = ctx.peak_hours_per_month()
    awake = 0.0
    for rps, hours in ((w.peak_rps, peak_h), (ctx.base_rps(), HOURS_PER_MONTH - peak_h)):
        awake += hours * (1 - math.exp(-rps * delay_s))
    tails = HOURS_PER_MONTH / 24 * delay_s / 3600 if peak_h else 0.0
    return min(float(HOURS_PER_MONTH), awake + tails)


def _paused_database(ctx: Context, design: Design) -> Database | None:
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
        nat=_needs_nat(ctx, design),
    )


def _provisioned_database(ctx: Context, design: Design) -> Database:
    instance_class, deployments = database_class(ctx.a["rds_proxy_db_vcpu"])
    return Database(
        engine=RDS,
        instance_class=instance_class,
        deployments=deployments,
        proxy=_needs_proxy(ctx),
        nat=_needs_nat(ctx, design),
    )


def database_class(vcpu: float) -> tuple[str, int]:
    """(class, deployments): a burstable class for 2 vCPUs, else the smallest m7g with the
    vCPUs; past the largest priced class, several of it."""
    if vcpu <= 2:
        return "db.t4g.medium", 1
    sized = sorted(
        (cores, name) for name, cores in svc.RDS_INSTANCE_VCPU.items() if name.startswith("db.m7g")
    )
    cores, name = next(((c, n) for c, n in sized if c >= vcpu), sized[-1])
    return name, math.ceil(vcpu / cores)


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
    return svc.rds_proxy_lines(ctx.table, db_vcpu=ctx.a["rds_proxy_db_vcpu"], hours=HOURS_PER_MONTH)


# --- reason --------------------------------------------------------------------


def _reason(ctx: Context, database: Database) -> str:
    return " ".join((_engine_reason(ctx, database), _connection_reason(ctx, database)))


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
            "a pause waits about 15 s while it resumes. Aurora keeps six copies of the data "
            "across three Availability Zones; a provisioned Multi-AZ instance would bill every "
            "hour of the month."
        )
    return (
        f"PostgreSQL on RDS, {database.instance_class} Multi-AZ (a standby in a second "
        f"Availability Zone), billed every hour: at {ctx.workload.avg_rps:g} requests/s "
        "the database is seldom idle long enough to pause (Aurora Serverless v2 pauses only "
        f"below {a['aurora_auto_pause_max_avg_rps']:g} requests/s on average, and only for "
        "workloads that accept a slow first request)."
    )


def _connection_reason(ctx: Context, database: Database) -> str:
    connections = peak_connections(ctx)
    threshold = int(ctx.a["rds_proxy_min_peak_connections"])
    pooled = (
        f"RDS Proxy pools the functions' connections: {connections:,} at the peak, and "
        f"{threshold} or more call for it."
        if database.proxy
        else f"No RDS Proxy: the peak holds {format_count(connections, 'connection')} "
        f"(a proxy pays from {threshold}), made directly with IAM authentication."
    )
    network = (
        "The functions call AWS APIs from the VPC, through NAT gateways."
        if database.nat
        else "The functions reach only the database, so their subnets need no NAT gateway."
    )
    return f"{pooled} {network}"
