"""Sizing one Lambda function: memory, timeout and concurrency, from the workload's answers.

The policy factors come from knowledge/patterns/function_sizing.yaml; AWS's limits from the
platform profile (knowledge/platform).
"""

from __future__ import annotations

import math

from advisor.engine.architecture.models import FunctionSpec, SizingPolicy
from advisor.engine.facts import peak_concurrency
from advisor.engine.platform import limit
from advisor.engine.workload import Workload


def memory_mb(spec: FunctionSpec, workload: Workload, policy: SizingPolicy) -> int:
    """Work functions get the memory a run needs (within Lambda's maximum); glue stays small."""
    if spec.size == "glue":
        return policy.glue_memory_mb
    return min(workload.memory_mb, int(limit("lambda_max_memory_mb")))


def timeout_s(spec: FunctionSpec, workload: Workload, policy: SizingPolicy) -> int:
    """A little above the longest run, never past Lambda's 15 minutes.

    Behind API Gateway, the integration gives up first, so a longer function timeout would
    only keep paying for work nobody waits for.
    """
    if spec.size == "glue":
        wanted_s = policy.glue_timeout_s
    else:
        wanted_s = math.ceil(workload.max_duration_s * policy.timeout_headroom)
    cap_s = policy.api_integration_timeout_s if spec.api_facing else max_timeout_s()
    return max(min(policy.min_timeout_s, cap_s), min(wanted_s, cap_s))


def wanted_reserved_concurrency(
    spec: FunctionSpec, workload: Workload, policy: SizingPolicy, provisioned: int
) -> int:
    """A cap with head-room over the sustained peak, so a runaway cannot take the Region's pool."""
    if spec.size == "glue":
        peak = workload.peak_rps * policy.glue_duration_ms / 1000
    else:
        peak = peak_concurrency(workload)
    headroom = math.ceil(peak * policy.concurrency_headroom)
    return max(policy.min_reserved_concurrency, headroom, provisioned)


def fit_reserved_concurrency(
    wanted: dict[str, int], floors: dict[str, int], policy: SizingPolicy
) -> dict[str, int]:
    """Scale the caps down together when they would reserve more than the Region can spare.

    Reserved concurrency is carved out of the regional pool and Lambda keeps a minimum
    unreserved, so the sum must fit; the policy keeps it to a share of the quota, leaving
    room for the account's other functions. Each cap keeps its floor (its provisioned figure, and
    never less than the policy's minimum); only what lies above the floors is scaled.
    """
    quota = int(limit("lambda_account_concurrency"))
    pool = min(
        quota - policy.unreserved_concurrency_min,
        math.floor(quota * policy.reserved_concurrency_share_max),
    )
    if sum(wanted.values()) <= pool:
        return dict(wanted)
    low = {
        name: min(value, max(floors.get(name, 0), policy.min_reserved_concurrency))
        for name, value in wanted.items()
    }
    above = {name: wanted[name] - low[name] for name in wanted}
    share = max(0, pool - sum(low.values())) / max(1, sum(above.values()))
    return {name: low[name] + math.floor(above[name] * share) for name in wanted}


def queue_visibility_timeout_s(
    worker_timeout_s: int, policy: SizingPolicy, *, window_s: int = 0
) -> int:
    """SQS must hide a message longer than a throttled worker may need to retry it, and
    than the batching window it may wait in."""
    wanted_s = worker_timeout_s * policy.sqs_visibility_timeout_factor + window_s
    return min(wanted_s, policy.sqs_max_visibility_timeout_s)


def duration_alarm_s(timeout: int, policy: SizingPolicy) -> int:
    return max(1, math.floor(timeout * policy.duration_alarm_fraction))


def max_timeout_s() -> int:
    """The longest a Lambda invocation may run, in seconds (the platform's limit)."""
    return int(limit("lambda_max_duration_min") * 60)
