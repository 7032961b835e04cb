"""Line items for each AWS service, from plain numbers (shared by `price` and the comparison).

Every function takes the region's price table and returns a list of CostLine; quantities
are per month. A month is 730 hours (advisor.engine.workload.HOURS_PER_MONTH).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from advisor.engine.costs.catalog import Price
from advisor.engine.costs.lines import chunks, priced_lines
from advisor.engine.results import CostLine

Table = Mapping[tuple[str, str], Price]

MB_PER_GB = 1024
KB_PER_GB = 1024 * 1024
LAMBDA_FREE_STORAGE_MB = 512  # included ephemeral storage per function
FARGATE_FREE_STORAGE_GB = 20  # included ephemeral storage per task
RDS_PROXY_MIN_VCPU = 2
EXPRESS_BILLING_MS = 100  # Express workflows round duration up to 100 ms ...
EXPRESS_MEMORY_CHUNK_MB = 64  # ... and memory up to 64 MB chunks


def lambda_lines(
    table: Table,
    *,
    invocations: float,
    duration_ms: float,
    memory_mb: float,
    architecture: str,
    free_tier: bool,
    ephemeral_storage_mb: float = LAMBDA_FREE_STORAGE_MB,
    provisioned_concurrency: float = 0,
    provisioned_hours: float = 0,
) -> list[CostLine]:
    """Requests, duration (tiered) and, if set, provisioned concurrency and extra /tmp.

    With provisioned concurrency every invocation is taken to run on the pre-warmed
    environments (billed at the lower duration rate) and the duration free tier does
    not apply, as the Lambda pricing page states.
    """
    seconds = invocations * duration_ms / 1000
    gb_seconds = seconds * memory_mb / MB_PER_GB
    lines = priced_lines(
        table["lambda", "requests"], invocations / 1e6, "requests", free_tier=free_tier
    )
    if provisioned_concurrency > 0:
        pc_gb_seconds = provisioned_concurrency * memory_mb / MB_PER_GB * provisioned_hours * 3600
        lines += priced_lines(
            table["lambda", f"provisioned_concurrency_{architecture}"],
            pc_gb_seconds,
            f"provisioned concurrency ({provisioned_concurrency:g} x {memory_mb:g} MB)",
        )
        duration = table["lambda", f"provisioned_duration_{architecture}"]
        lines += priced_lines(duration, gb_seconds, f"duration on provisioned ({architecture})")
    else:
        duration = table["lambda", f"duration_{architecture}"]
        lines += priced_lines(
            duration, gb_seconds, f"duration ({architecture})", free_tier=free_tier
        )
    extra_storage_gb = max(0.0, ephemeral_storage_mb - LAMBDA_FREE_STORAGE_MB) / MB_PER_GB
    if extra_storage_gb > 0:
        lines += priced_lines(
            table["lambda", "ephemeral_storage"], seconds * extra_storage_gb, "ephemeral storage"
        )
    return lines


def api_gateway_lines(
    table: Table,
    *,
    api_type: str,
    requests: float,
    payload_kb: float,
    messages: float = 0,
    connection_minutes: float = 0,
) -> list[CostLine]:
    if api_type == "websocket":
        metered = messages * chunks(payload_kb, 32)
        return priced_lines(
            table["api_gateway", "websocket_messages"], metered / 1e6, "WebSocket messages"
        ) + priced_lines(
            table["api_gateway", "websocket_connection_minutes"],
            connection_minutes / 1e6,
            "WebSocket connection minutes",
        )
    if api_type == "http":
        metered = requests * chunks(payload_kb, 512)
        return priced_lines(
            table["api_gateway", "http_requests"], metered / 1e6, "HTTP API requests"
        )
    return priced_lines(table["api_gateway", "rest_requests"], requests / 1e6, "REST API requests")


def dynamodb_lines(
    table: Table, *, reads: float, writes: float, storage_gb: float, free_tier: bool
) -> list[CostLine]:
    return (
        priced_lines(table["dynamodb", "write_request_units"], writes / 1e6, "writes")
        + priced_lines(table["dynamodb", "read_request_units"], reads / 1e6, "reads")
        + priced_lines(table["dynamodb", "storage"], storage_gb, "storage", free_tier=free_tier)
    )


def sqs_lines(
    table: Table, *, requests: float, payload_kb: float, fifo: bool, free_tier: bool
) -> list[CostLine]:
    key = "fifo_requests" if fifo else "standard_requests"
    metered = requests * chunks(payload_kb, 64)
    label = "FIFO requests" if fifo else "requests"
    return priced_lines(table["sqs", key], metered / 1e6, label, free_tier=free_tier)


def sns_lines(
    table: Table, *, publishes: float, payload_kb: float, free_tier: bool
) -> list[CostLine]:
    metered = publishes * chunks(payload_kb, 64)
    return priced_lines(table["sns", "publishes"], metered / 1e6, "publishes", free_tier=free_tier)


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
        transitions = executions * transitions_per_execution
        price = table["step_functions", "standard_transitions"]
        return priced_lines(price, transitions / 1000, "state transitions", free_tier=free_tier)
    billed_s = math.ceil(duration_ms / EXPRESS_BILLING_MS) * EXPRESS_BILLING_MS / 1000
    billed_mb = math.ceil(max(memory_mb, 1) / EXPRESS_MEMORY_CHUNK_MB) * EXPRESS_MEMORY_CHUNK_MB
    gb_hours = executions * billed_s * billed_mb / MB_PER_GB / 3600
    return priced_lines(
        table["step_functions", "express_requests"], executions / 1e6, "Express requests"
    ) + priced_lines(table["step_functions", "express_duration"], gb_hours, "Express duration")


def s3_lines(table: Table, *, storage_gb: float, puts: float, gets: float) -> list[CostLine]:
    return (
        priced_lines(table["s3", "storage"], storage_gb, "Standard storage")
        + priced_lines(table["s3", "put_requests"], puts / 1000, "PUT/COPY/POST/LIST requests")
        + priced_lines(table["s3", "get_requests"], gets / 1000, "GET requests")
    )


def cloudwatch_logs_lines(
    table: Table, *, ingested_gb: float, retention_months: float, free_tier: bool
) -> list[CostLine]:
    return priced_lines(
        table["cloudwatch_logs", "ingestion"], ingested_gb, "ingestion", free_tier=free_tier
    ) + priced_lines(table["cloudwatch_logs", "storage"], ingested_gb * retention_months, "storage")


def data_transfer_lines(table: Table, *, gb_out: float, free_tier: bool) -> list[CostLine]:
    return priced_lines(
        table["data_transfer", "internet_out"], gb_out, "out to the internet", free_tier=free_tier
    )


def rds_proxy_lines(table: Table, *, db_vcpu: float, hours: float) -> list[CostLine]:
    vcpu = max(RDS_PROXY_MIN_VCPU, db_vcpu)
    return priced_lines(
        table["rds_proxy", "vcpu_hours"], vcpu * hours, f"proxy for a {vcpu:g}-vCPU database"
    )


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


def ec2_lines(
    table: Table, *, instance_type: str, count: float, hours: float, purchase: str
) -> list[CostLine]:
    label = "1-year reserved, no upfront" if purchase == "reserved_1y" else "on-demand"
    return priced_lines(
        table["ec2", f"{purchase}.{instance_type}"],
        count * hours,
        f"{count:g} x {instance_type} ({label})",
    )


def alb_lines(table: Table, *, hours: float, lcu: float, count: float = 1) -> list[CostLine]:
    return priced_lines(table["alb", "hours"], count * hours, "load balancer hours") + priced_lines(
        table["alb", "lcu_hours"], lcu * hours, "capacity units (LCU)"
    )
