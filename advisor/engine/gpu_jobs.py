"""How GPU work nobody waits on is grouped into AWS Batch jobs.

A job per item pays every per-job overhead per item: a Standard workflow execution (its
state transitions), a Batch job to schedule, and a model to load onto the GPU before the
first item. For items of milliseconds those overheads are the bill. AWS advises
binpacking short tasks into jobs of 3-5 minutes that loop through them
(knowledge/pricing/assumptions.yaml: gpu_job_target_s), so the design gathers items into
groups and starts one execution, one job and one model load per group. Items of minutes
stay one per job.

Items reach a group in one of two ways: from an SQS queue, which Lambda reads in batches of
up to 10,000 messages gathered for up to 300 s (the function writes the group's list to S3
and starts one execution for it); or on a schedule, where each run splits the items waiting
into groups. Events that nothing gathers (an HTTP job a client polls for, a published
event) stay one per job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from advisor.engine import platform
from advisor.engine.results import GpuJobs
from advisor.engine.workload import HOURS_PER_MONTH, Trigger, Workload

# Triggers whose items arrive through an SQS queue the dispatching function reads in
# batches (S3 notifies the upload queue; the work queue is one).
_QUEUED = (Trigger.QUEUE, Trigger.FILE_UPLOAD)
# An S3 event notification names the object; the file itself stays in S3.
S3_EVENT_KB = 1.0
# The schedule runs once a day (knowledge/patterns/triggers.yaml), so a run finds a day's
# items waiting.
SCHEDULED_RUNS_PER_MONTH = HOURS_PER_MONTH / 24
KB_PER_MB = 1024


def gpu_jobs_for(workload: Workload, a: Mapping[str, float], *, submits: bool) -> GpuJobs:
    """The grouping of GPU work run as jobs; `submits` when each job is an HTTP
    submission its client polls for by id."""
    item_s = workload.avg_duration_ms / 1000
    load_s = max(a["gpu_job_model_load_s"], 0.0)
    by_time = max(1, math.floor(a["gpu_job_target_s"] / item_s))
    gathered_by = _gathered_by(workload, submits)
    if by_time == 1 or gathered_by == "each":
        return GpuJobs(1, 1, gathered_by, 0, load_s, item_s)
    if gathered_by == "schedule":
        per_run = math.floor(workload.requests_per_month / SCHEDULED_RUNS_PER_MONTH)
        items = max(1, min(by_time, per_run))
        return GpuJobs(
            items, items, "schedule", 0, load_s, item_s, _which(items, by_time, run=per_run)
        )
    window_s = _batching_window_s(workload, load_s + by_time * item_s)
    limits = _queue_limits(workload, window_s)
    batch = max(1, min(by_time, *limits.values()))
    arriving = math.floor(workload.avg_rps * max(window_s, 1))
    items = max(1, min(batch, arriving))
    return GpuJobs(
        items,
        batch,
        "queue",
        window_s,
        load_s,
        item_s,
        _which(items, by_time, arrivals=arriving, **limits),
    )


def _which(items: int, by_time: int, **limits: int) -> str:
    """The limit that set the group's size: the planned GPU time unless another is lower."""
    if items >= by_time:
        return "gpu_time"
    return next(name for name, most in limits.items() if most <= items)


def _gathered_by(workload: Workload, submits: bool) -> str:
    """How items reach a job: "queue" when every item arrives through SQS, "schedule" when
    a schedule starts the work, else "each": a submitted job is polled for by its own id,
    and a published event or a changed item reaches the function one by one."""
    triggers = set(workload.triggers)
    if submits or not triggers:
        return "each"
    if triggers <= set(_QUEUED):
        return "queue"
    return "schedule" if triggers == {Trigger.SCHEDULE} else "each"


def _batching_window_s(workload: Workload, job_s: float) -> int:
    """How long Lambda may gather items for a group: what the latency target leaves once a
    full job has loaded its model and worked its items, within Lambda's 300 s."""
    most = platform.limit("lambda_sqs_max_batching_window_s")
    left_s = workload.p95_latency_ms / 1000 - job_s
    return int(max(0.0, min(most, left_s)))


def _queue_limits(workload: Workload, window_s: int) -> dict[str, int]:
    """The most messages one invocation takes: Lambda's 10,000 (10 without a batching
    window), and what fits in its 6 MB invocation payload."""
    most = 10 if window_s < 1 else int(platform.limit("lambda_sqs_max_batch_size"))
    payload_kb = platform.limit("lambda_sync_payload_mb") * KB_PER_MB
    return {"batch_limit": most, "payload": math.floor(payload_kb / message_kb(workload))}


def message_kb(workload: Workload) -> float:
    """The size of the message that announces an item: the queued payload, or an S3 event
    notification for an upload."""
    queued_kb = workload.payload_kb if Trigger.QUEUE in workload.triggers else 0.0
    uploaded_kb = S3_EVENT_KB if Trigger.FILE_UPLOAD in workload.triggers else 0.0
    return max(queued_kb, uploaded_kb, 0.001)


def gpu_grouping_reason(workload: Workload, jobs: GpuJobs) -> str:
    """Why each job takes the items it does, in words and numbers."""
    load = f"about {jobs.model_load_s:,.0f} s"
    if jobs.items_per_job == 1:
        return (
            f"Each item is a job of its own ({_why_alone(workload, jobs)}); each job loads "
            f"the model first ({load})."
        )
    items = workload.requests_per_month
    per_item_h = items * jobs.model_load_s / 3600
    grouped_h = jobs.jobs_for(items) * jobs.model_load_s / 3600
    return (
        f"Items take {_seconds(jobs.item_s)} of GPU time each, so one job per item would pay "
        f"a workflow execution, a Batch job and a model load ({load}) per item: "
        f"{items:,.0f} executions and {per_item_h:,.0f} GPU-hours of model loading a month. "
        "AWS advises grouping short tasks into jobs of 3-5 minutes; each job here works "
        f"{jobs.items_per_job:,} items ({_seconds(jobs.items_per_job * jobs.item_s)} of GPU "
        f"work): {jobs.jobs_for(items):,.0f} jobs and {grouped_h:,.0f} GPU-hours of model "
        f"loading a month. {_how_gathered(workload, jobs)}"
    )


def _why_alone(workload: Workload, jobs: GpuJobs) -> str:
    if jobs.gathered_by == "each":
        return "a submitted job is polled for by its own id, and nothing gathers these events"
    if jobs.limited_by == "run":
        return "each daily run has one item"
    if jobs.limited_by == "arrivals":
        return (
            f"at {workload.avg_rps:,.4g} items a second, about one arrives in the "
            f"{max(jobs.batching_window_s, 1)} s the {workload.p95_latency_ms / 1000:,.4g} s "
            "target leaves for gathering"
        )
    return f"{_seconds(jobs.item_s)} of GPU work, at least the 3-5 minutes AWS advises a job to run"


_GROUP_LIMITS = {
    "gpu_time": "the 3-5 minutes of GPU work",
    "batch_limit": "the most Lambda passes in one batch",
    "payload": "as many messages as one invocation's 6 MB carries",
    "arrivals": "what arrives in the window at the average rate",
    "run": "a daily run's items",
}


def _how_gathered(workload: Workload, jobs: GpuJobs) -> str:
    limit = _GROUP_LIMITS[jobs.limited_by]
    if jobs.gathered_by == "schedule":
        return (
            f"Each daily run splits the items waiting into groups ({limit}) and starts one "
            "execution per group; the job reads its group's list from S3 and loops over it."
        )
    return (
        f"Lambda gathers up to {jobs.batch_size:,} queued items for up to "
        f"{jobs.batching_window_s} s ({limit}; the window is what the "
        f"{workload.p95_latency_ms / 1000:,.0f} s target leaves after a job's run), writes "
        "the group's list to S3 and starts one execution; the job reads the list and loops "
        "over the items."
    )


def _seconds(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:,.3g} min"
    if seconds >= 1:
        return f"{seconds:,.3g} s"
    return f"{seconds * 1000:,.3g} ms"
