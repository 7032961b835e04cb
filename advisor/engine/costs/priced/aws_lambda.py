"""AWS Lambda functions on demand: requests, duration, provisioned concurrency, /tmp, INIT."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines, purchased_row
from advisor.engine.costs.params import (
    MAX_HOURS_IN_A_MONTH,
    Param,
    architecture,
    choice,
    free_tier,
    number,
    per_month,
    whole,
)
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

MB_PER_GB = 1024
LAMBDA_FREE_STORAGE_MB = 512  # included ephemeral storage per function
LAMBDA_MAX_MEMORY_MB = 10_240
LAMBDA_MAX_DURATION_MS = 900_000  # 15 minutes
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html: the INIT
# phase may run up to 10 s for on-demand functions.
LAMBDA_MAX_INIT_MS = 10_000
# Compute Savings Plans, no upfront; they discount duration and provisioned concurrency.
LAMBDA_PURCHASES = ("on_demand", "savings_plan_1y", "savings_plan_3y")


def gb_seconds(invocations: float, duration_ms: float, memory_mb: float) -> float:
    return invocations * duration_ms / 1000 * memory_mb / MB_PER_GB


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
    cold_starts: float = 0,
    init_duration_ms: float = 0,
    purchase: str = "on_demand",
) -> list[CostLine]:
    """Requests, duration (tiered) and, if set, provisioned concurrency, extra /tmp and INIT.

    With provisioned concurrency every invocation is taken to run on the pre-warmed
    environments (billed at the lower duration rate) and the duration free tier does
    not apply, as the Lambda pricing page states. Since 1 August 2025 the INIT phase of
    an on-demand function's cold starts is billed as duration
    (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/),
    so its GB-seconds join the on-demand duration and its tiers. Under a Compute Savings
    Plan (`purchase`) duration and provisioned concurrency take the plan's flat rate.
    """
    lines = priced_lines(
        table["lambda", "requests"], invocations / 1e6, "requests", free_tier=free_tier
    )
    if provisioned_concurrency > 0:
        lines += _provisioned_lines(
            table,
            invocations=invocations,
            duration_ms=duration_ms,
            memory_mb=memory_mb,
            architecture=architecture,
            provisioned_concurrency=provisioned_concurrency,
            provisioned_hours=provisioned_hours,
            purchase=purchase,
        )
    else:
        run = gb_seconds(invocations, duration_ms, memory_mb)
        init = gb_seconds(cold_starts, init_duration_ms, memory_mb)
        label = f"duration ({architecture})" + (" incl. INIT phase" if init > 0 else "")
        duration = purchased_row(table, "lambda", f"duration_{architecture}", purchase)
        lines += priced_lines(duration, run + init, label, free_tier=free_tier)
    return lines + ephemeral_storage_lines(
        table,
        seconds=invocations * duration_ms / 1000,
        ephemeral_storage_mb=ephemeral_storage_mb,
    )


def _provisioned_lines(
    table: Table,
    *,
    invocations: float,
    duration_ms: float,
    memory_mb: float,
    architecture: str,
    provisioned_concurrency: float,
    provisioned_hours: float,
    purchase: str,
) -> list[CostLine]:
    pc_gb_seconds = provisioned_concurrency * memory_mb / MB_PER_GB * provisioned_hours * 3600
    lines = priced_lines(
        purchased_row(table, "lambda", f"provisioned_concurrency_{architecture}", purchase),
        pc_gb_seconds,
        f"provisioned concurrency ({provisioned_concurrency:g} x {memory_mb:g} MB)",
    )
    duration = purchased_row(table, "lambda", f"provisioned_duration_{architecture}", purchase)
    return lines + priced_lines(
        duration,
        gb_seconds(invocations, duration_ms, memory_mb),
        f"duration on provisioned ({architecture})",
    )


def ephemeral_storage_lines(
    table: Table, *, seconds: float, ephemeral_storage_mb: float
) -> list[CostLine]:
    """/tmp above the 512 MB included, for the seconds the function runs."""
    extra_storage_gb = max(0.0, ephemeral_storage_mb - LAMBDA_FREE_STORAGE_MB) / MB_PER_GB
    if extra_storage_gb <= 0:
        return []
    return priced_lines(
        table["lambda", "ephemeral_storage"], seconds * extra_storage_gb, "ephemeral storage"
    )


def memory_mb_param() -> Param:
    return whole(
        "memory_mb", 512, "memory per function, MB (128-10240)", maximum=LAMBDA_MAX_MEMORY_MB
    )


SERVICE = PricedService(
    key="lambda",
    params=(
        per_month("invocations_per_month", 1_000_000, "invocations a month"),
        number("duration_ms", 100, "average run time, ms", maximum=LAMBDA_MAX_DURATION_MS),
        memory_mb_param(),
        architecture(),
        free_tier(),
        whole(
            "ephemeral_storage_mb",
            LAMBDA_FREE_STORAGE_MB,
            "/tmp size, MB (512 included)",
            maximum=LAMBDA_MAX_MEMORY_MB,
        ),
        whole("provisioned_concurrency", 0, "pre-warmed environments kept", maximum=1e6),
        number(
            "provisioned_hours",
            0,
            "hours provisioned concurrency is enabled",
            maximum=MAX_HOURS_IN_A_MONTH,
        ),
        per_month("cold_starts_per_month", 0, "on-demand cold starts a month (INIT billed)"),
        number("init_duration_ms", 0, "INIT phase per cold start, ms", maximum=LAMBDA_MAX_INIT_MS),
        choice("purchase", "on_demand", "how duration is bought", LAMBDA_PURCHASES),
    ),
    pricer=keyword_pricer(
        lambda_lines,
        invocations_per_month="invocations",
        include_free_tier="free_tier",
        cold_starts_per_month="cold_starts",
    ),
)
