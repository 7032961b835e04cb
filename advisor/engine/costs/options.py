"""The three designs priced side by side: serverless, containers (Fargate) and reserved EC2.

Each returns (lines, notes). Only the lines that differ between designs are built here;
services every design needs equally are in `shared_lines`, so the break-even search can
compare the differing parts alone.
"""

from __future__ import annotations

import math

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec, pricing_catalog
from advisor.engine.costs.model import Context
from advisor.engine.results import CostLine, Design, OffloadPart
from advisor.engine.workload import HOURS_PER_MONTH, DataStore, Trigger

Lines = list[CostLine]
FARGATE_VCPU_SIZES = (0.25, 0.5, 1, 2, 4, 8, 16)
ALB_NEW_CONNECTIONS_PER_LCU = 25  # per second (Elastic Load Balancing pricing page)
ALB_GB_PER_LCU_HOUR = 1.0


def shared_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    """What every design pays for alike: data store, S3, queues, topics, logs, transfer,
    and a workflow that waits on people."""
    w, a, t, free = ctx.workload, ctx.a, ctx.table, ctx.free_tier
    lines: Lines = []
    if design.durable_waits:
        lines += _workflow_lines(ctx, design)[0]
    if ctx.uses_key_value_store:
        lines += svc.dynamodb_lines(
            t,
            reads=ctx.requests * a["dynamodb_reads_per_request"],
            writes=ctx.requests * a["dynamodb_writes_per_request"],
            storage_gb=a["dynamodb_storage_gb"],
            free_tier=free,
        )
    if ctx.uses_s3:
        lines += svc.s3_lines(
            t,
            storage_gb=a["s3_storage_gb"],
            puts=ctx.requests * a["s3_puts_per_request"],
            gets=ctx.requests * a["s3_gets_per_request"],
        )
    if Trigger.QUEUE in w.triggers:
        # One send per message; receives and deletes go in batches.
        calls = ctx.requests * (1 + 2 / max(a["sqs_batch_size"], 1))
        lines += svc.sqs_lines(
            t, requests=calls, payload_kb=w.payload_kb, fifo=False, free_tier=free
        )
    if Trigger.PUBSUB in w.triggers:
        publishes = ctx.requests * a["pubsub_publishes_per_request"]
        lines += svc.sns_lines(t, publishes=publishes, payload_kb=w.payload_kb, free_tier=free)
    log_gb = ctx.requests * a["log_bytes_per_request"] / 1024**3
    lines += svc.cloudwatch_logs_lines(
        t, ingested_gb=log_gb, retention_months=a["log_retention_months"], free_tier=free
    )
    lines += svc.data_transfer_lines(t, gb_out=ctx.egress_gb(), free_tier=free)
    notes = [
        "Data store, S3, queues, topics, logs and data transfer are priced alike in all "
        "three options."
    ]
    if design.durable_waits:
        notes.append(
            "The Standard workflow that waits for approvals is priced in every option: a "
            "container service needs the same durable waits."
        )
    if w.data_store == DataStore.RELATIONAL:
        notes.append(
            "The relational database itself is not priced: every option needs the same one."
        )
    return lines, notes


# --- serverless ----------------------------------------------------------------


def serverless_lines(ctx: Context, architecture: str, design: Design) -> tuple[Lines, list[str]]:
    w = ctx.workload
    offloaded = design.offloaded_parts
    lines: Lines = []
    notes: list[str] = []
    if OffloadPart.HOT_PATH in offloaded or OffloadPart.PERSISTENT_CONNECTIONS in offloaded:
        fleet, fleet_notes = containers_lines(ctx, architecture)
        lines += fleet
        notes += [
            "The request path runs on Fargate behind a load balancer (hybrid design).",
            *fleet_notes,
        ]
    else:
        lines += _lambda_path_lines(ctx, architecture, design)
        api, api_notes = _api_lines(ctx, design)
        lines += api
        notes += api_notes
    if w.data_store == DataStore.RELATIONAL:
        lines += svc.rds_proxy_lines(
            ctx.table, db_vcpu=ctx.a["rds_proxy_db_vcpu"], hours=HOURS_PER_MONTH
        )
        notes.append("RDS Proxy pools the functions' database connections.")
    # A workflow that waits on people (task tokens, for days) needs durable coordination
    # in any design, so it is a shared line; a short pipeline a container runs in-process
    # (as Prime Video's did) is serverless's own cost.
    workflow, workflow_notes = ([], []) if design.durable_waits else _workflow_lines(ctx, design)
    job_lines, job_notes = _offloaded_job_lines(ctx, architecture, offloaded)
    return lines + workflow + job_lines, notes + workflow_notes + job_notes


def _workflow_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    if design.workflow_type is None:
        return [], []
    executions = ctx.workflow_executions
    if design.workflow_type == "express":
        lines = svc.step_functions_lines(
            ctx.table,
            workflow_type="express",
            executions=executions,
            duration_ms=ctx.workload.avg_duration_ms,
            free_tier=ctx.free_tier,
        )
        return lines, ["An Express workflow coordinates each run (billed per run and duration)."]
    lines = svc.step_functions_lines(
        ctx.table,
        workflow_type="standard",
        executions=executions,
        transitions_per_execution=ctx.a["step_functions_transitions_per_execution"],
        free_tier=ctx.free_tier,
    )
    return lines, ["A Standard workflow coordinates each run (billed per state transition)."]


def _jobs_offloaded(offloaded: tuple[OffloadPart, ...]) -> bool:
    return OffloadPart.GPU_WORK in offloaded or OffloadPart.LONG_RUNNING_JOBS in offloaded


def lambda_invocations(ctx: Context) -> float:
    batch = max(ctx.a["sqs_batch_size"], 1) if ctx.queue_fed else 1
    return ctx.requests / batch


def lambda_run(ctx: Context, offloaded: tuple[OffloadPart, ...]) -> tuple[float, float]:
    """(invocations, duration per invocation in ms)."""
    invocations = lambda_invocations(ctx)
    per_request_ms = (
        ctx.a["offload_dispatch_duration_ms"]
        if _jobs_offloaded(offloaded)
        else ctx.workload.avg_duration_ms
    )
    # A batch runs its messages one after another, so the compute per request is unchanged.
    duration_ms = per_request_ms * ctx.requests / invocations if invocations else per_request_ms
    return invocations, duration_ms


def warm_environments(ctx: Context, design: Design) -> float:
    """Provisioned environments, averaged over the month: the peak's during the busy
    hours, the base the rest (scheduled scaling)."""
    warm = design.warm_start
    if warm.kind != "provisioned":
        return 0.0
    peak_hours = ctx.peak_hours_per_month()
    kept = warm.peak_environments * peak_hours + warm.base_environments * (
        HOURS_PER_MONTH - peak_hours
    )
    return kept / HOURS_PER_MONTH


def _lambda_path_lines(ctx: Context, architecture: str, design: Design) -> Lines:
    invocations, duration_ms = lambda_run(ctx, design.offloaded_parts)
    environments = warm_environments(ctx, design)
    return svc.lambda_lines(
        ctx.table,
        invocations=invocations,
        duration_ms=duration_ms,
        memory_mb=ctx.workload.memory_mb,
        architecture=architecture,
        free_tier=ctx.free_tier,
        provisioned_concurrency=round(environments, 2),
        provisioned_hours=HOURS_PER_MONTH if environments else 0,
    )


def _api_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    w = ctx.workload
    if design.api_type == "websocket":
        minutes = ctx.connections_open() * HOURS_PER_MONTH * 60
        lines = svc.api_gateway_lines(
            ctx.table,
            api_type="websocket",
            requests=0,
            payload_kb=w.payload_kb,
            messages=ctx.requests,
            connection_minutes=minutes,
        )
        return lines, ["Clients hold connections through an API Gateway WebSocket API."]
    if design.api_type != "http":
        return [], []
    lines = svc.api_gateway_lines(
        ctx.table, api_type="http", requests=ctx.requests, payload_kb=w.payload_kb
    )
    return lines, ["An API Gateway HTTP API takes the requests (see the design choices)."]


def _offloaded_job_lines(
    ctx: Context, architecture: str, offloaded: tuple[OffloadPart, ...]
) -> tuple[Lines, list[str]]:
    job_hours = ctx.requests * ctx.duration_s / 3600
    if OffloadPart.GPU_WORK in offloaded:
        hours = job_hours / max(ctx.a["gpu_instance_utilisation"], 0.01)
        lines = svc.ec2_lines(
            ctx.table,
            instance_type=_gpu_instance().type,
            count=1,
            hours=hours,
            purchase="on_demand",
        )
        return lines, ["GPU work runs on on-demand GPU instances started per job (AWS Batch)."]
    if OffloadPart.LONG_RUNNING_JOBS in offloaded:
        vcpu, memory_gb = fargate_task_for(ctx.workload.memory_mb)
        lines = svc.fargate_lines(
            ctx.table,
            tasks=1,
            vcpu=vcpu,
            memory_gb=memory_gb,
            hours=job_hours,
            architecture=architecture,
        )
        return lines, ["Long runs go to Fargate tasks started per job by Step Functions."]
    return [], []


def fargate_task_for(memory_mb: float) -> tuple[float, float]:
    """The smallest Fargate size giving the CPU Lambda would give at that memory."""
    wanted = memory_mb / 1769
    vcpu = next((size for size in FARGATE_VCPU_SIZES if size >= wanted), FARGATE_VCPU_SIZES[-1])
    memory_gb = max(math.ceil(memory_mb / 1024), 2 * vcpu if vcpu >= 1 else 0.5)
    return float(vcpu), float(memory_gb)


def _gpu_instance() -> InstanceSpec:
    return next(i for i in pricing_catalog().instances.values() if i.gpus)


# --- containers ------------------------------------------------------------------


def containers_lines(ctx: Context, architecture: str) -> tuple[Lines, list[str]]:
    """An autoscaled Fargate service: it follows the load, never below `min_tasks`."""
    if ctx.workload.gpu_required:
        return _instance_fleet(
            ctx, _gpu_instance(), "on_demand", "ECS on GPU instances (Fargate has no GPUs)"
        )
    a = ctx.a
    if ctx.buffered:
        task_hours = _tasks_for(ctx, ctx.workload.avg_rps) * HOURS_PER_MONTH
        how = "sized for the average load, since queues absorb the bursts"
    else:
        peak_hours = ctx.peak_hours_per_month()
        task_hours = _tasks_for(ctx, ctx.workload.peak_rps) * peak_hours + _tasks_for(
            ctx, ctx.base_rps()
        ) * (HOURS_PER_MONTH - peak_hours)
        how = (
            f"scaled to the peak for {a['peak_hours_per_day']:g} h a day and to the "
            "rest of the load otherwise"
        )
    lines = svc.fargate_lines(
        ctx.table,
        tasks=1,
        vcpu=a["fargate_task_vcpu"],
        memory_gb=a["fargate_task_memory_gb"],
        hours=task_hours,
        architecture=architecture,
    )
    notes = [
        f"Fargate tasks autoscale ({how}) at {a['container_target_utilisation']:.0%} "
        f"utilisation, never fewer than {a['min_tasks']:g}: {task_hours:,.0f} task-hours."
    ]
    return lines + _alb_lines(ctx), notes


def _tasks_for(ctx: Context, rps: float) -> int:
    a = ctx.a
    return max(
        math.ceil(a["min_tasks"]),
        math.ceil(ctx.vcpu_needed(rps) / max(a["fargate_task_vcpu"], 0.25)),
        math.ceil(ctx.memory_gb_needed(rps) / max(a["fargate_task_memory_gb"], 0.5)),
    )


def _alb_lines(ctx: Context) -> Lines:
    if not ctx.needs_load_balancer:
        return []
    w = ctx.workload
    connections = w.avg_rps * ctx.a["alb_new_connections_per_request"] / ALB_NEW_CONNECTIONS_PER_LCU
    gb_per_hour = w.avg_rps * 3600 * w.payload_kb / 1024**2 / ALB_GB_PER_LCU_HOUR
    return svc.alb_lines(ctx.table, hours=HOURS_PER_MONTH, lcu=max(connections, gb_per_hour))


# --- reserved virtual machines ---------------------------------------------------


def vm_lines(ctx: Context, architecture: str) -> tuple[Lines, list[str]]:
    if ctx.workload.gpu_required:
        return _instance_fleet(ctx, _gpu_instance(), "reserved_1y", "reserved GPU instances")
    return _instance_fleet(ctx, vm_instance(ctx, architecture), "reserved_1y", "reserved instances")


def vm_instance(ctx: Context, architecture: str) -> InstanceSpec:
    """General-purpose (m) or, for CPU-bound work, compute-optimised (c) at the chosen size."""
    family = ("c" if ctx.workload.cpu_bound else "m") + ("7g" if architecture == "arm64" else "6i")
    candidates = sorted(
        (i for i in pricing_catalog().instances.values() if i.type.split(".")[0] == family),
        key=lambda i: i.vcpu,
    )
    wanted = ctx.a["ec2_instance_vcpu"]
    return next((i for i in candidates if i.vcpu >= wanted), candidates[-1])


def _instance_fleet(
    ctx: Context, instance: InstanceSpec, purchase: str, what: str
) -> tuple[Lines, list[str]]:
    # Reserved capacity is bought for the year: sized for the peak and running all month,
    # unless queues absorb the bursts, when the average load is what it must keep up with.
    rps = ctx.workload.avg_rps if ctx.buffered else ctx.workload.peak_rps
    count = max(
        math.ceil(ctx.a["min_instances"]),
        math.ceil(ctx.vcpu_needed(rps) / instance.vcpu),
        math.ceil(ctx.memory_gb_needed(rps) / instance.memory_gib),
    )
    lines = svc.ec2_lines(
        ctx.table,
        instance_type=instance.type,
        count=count,
        hours=HOURS_PER_MONTH,
        purchase=purchase,
    )
    sized_for = "the average load (queues absorb the bursts)" if ctx.buffered else "the peak"
    note = f"{count} x {instance.type} ({what}) sized for {sized_for}, all month."
    return lines + _alb_lines(ctx), [note]
