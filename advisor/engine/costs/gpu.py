"""The GPU work's instances, priced alike in every option (Lambda has no GPUs, so each
design runs the same GPU instances and the decision turns on the lines that differ).

A caller waiting on the answer needs a synchronous endpoint: warm GPU instances behind a
load balancer, always on for the off-peak load and more through the busy hours, each GPU
serving the requests its model server batches together (`gpu_requests_at_once`). Work nobody
waits on runs as jobs, on instances billed only while jobs run; an AWS Batch job holds its
GPU alone, and works a group of items after loading its model once (design.gpu_jobs).
"""

from __future__ import annotations

import math

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec, pricing_catalog
from advisor.engine.costs.fleet import scaled_instance_lines, vm_purchase, vm_purchase_note
from advisor.engine.costs.model import Context
from advisor.engine.design import caller_waits_for_the_work
from advisor.engine.results import CostLine, Design, GpuJobs, OffloadPart
from advisor.engine.workload import HOURS_PER_MONTH

Lines = list[CostLine]


def gpu_instance() -> InstanceSpec:
    return next(i for i in pricing_catalog().instances.values() if i.gpus)


def gpu_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    """The GPU instances every design runs the GPU work on: a service when the caller
    waits, jobs otherwise."""
    if not (ctx.workload.gpu_required or OffloadPart.GPU_WORK in design.offloaded_parts):
        return [], []
    if caller_waits_for_the_work(ctx.workload):
        return gpu_service_lines(ctx)
    return gpu_job_lines(ctx, design.gpu_jobs)


def gpu_requests_at_once(ctx: Context) -> float:
    """Requests one GPU serves at once: a model server batches the requests waiting
    (dynamic batching), so a GPU answers that many in one run time, not one."""
    return max(ctx.a["gpu_requests_at_once"], 1.0)


def _busy_gpus(ctx: Context, rps: float) -> float:
    """GPUs kept busy at `rps`: each request's run time, shared by the batch it runs in."""
    return rps * ctx.duration_s / gpu_requests_at_once(ctx)


def gpu_instances_for(ctx: Context, rps: float) -> int:
    """GPU instances that keep up with `rps`: the busy GPUs, each kept busy up to the
    target utilisation for headroom (the model is loaded once per instance, so memory does
    not grow with the requests in flight)."""
    needed = _busy_gpus(ctx, rps) / max(ctx.a["container_target_utilisation"], 0.01)
    return max(math.ceil(ctx.a["min_instances"]), math.ceil(needed / gpu_instance().gpus))


def gpu_service_size(ctx: Context) -> tuple[int, int]:
    """(off-peak, peak) instances of the synchronous GPU service."""
    base = gpu_instances_for(ctx, ctx.warm_rps())
    return base, max(base, gpu_instances_for(ctx, ctx.workload.peak_rps))


def gpu_requests_per_instance_minute(ctx: Context) -> int:
    """Requests one instance takes a minute at the utilisation the service was sized for:
    the target its scaling policy tracks, so it scales where the estimate did."""
    per_gpu = 60 / ctx.duration_s * gpu_requests_at_once(ctx)
    utilisation = ctx.a["container_target_utilisation"]
    return max(1, round(per_gpu * gpu_instance().gpus * utilisation))


def gpu_service_busy_share(ctx: Context) -> float:
    """Share of the GPU service's billed GPU-hours that serve requests: low when warm
    instances wait for a few requests (a tool used an hour a day)."""
    base, peak = gpu_service_size(ctx)
    hours = base * HOURS_PER_MONTH + (peak - base) * ctx.peak_hours_per_month()
    billed = hours * gpu_instance().gpus
    used = ctx.requests * ctx.duration_s / gpu_requests_at_once(ctx) / 3600
    return min(used / billed, 1.0) if billed > 0 else 0.0


def gpu_service_lines(ctx: Context) -> tuple[Lines, list[str]]:
    """An ECS service on GPU instances answering the waiting callers: the off-peak
    instances every hour (reserved, with a commitment, since they run every hour) and the
    rest up to the sustained peak on demand through the busy hours."""
    gpu = gpu_instance()
    purchase = vm_purchase(ctx, gpu.type)
    base, peak = gpu_service_size(ctx)
    lines = scaled_instance_lines(ctx, gpu.type, base, peak, purchase)
    bought = "reserved" if purchase != "on_demand" else "on demand"
    return lines, [
        f"The GPU service (ECS on GPU instances in the serverless and containers options, an "
        f"Auto Scaling group for the VMs) is priced alike in every option: {base} x "
        f"{gpu.type} always on for the off-peak load, {bought}; {peak - base} more on demand "
        f"through the {ctx.a['peak_hours_per_day']:g} busy hours a day for the peak. Each GPU "
        f"serves {gpu_requests_at_once(ctx):g} requests at once (a model server batching "
        f"them, assumption gpu_requests_at_once) and is kept "
        f"{ctx.a['container_target_utilisation']:.0%} busy at most.",
        *vm_purchase_note(ctx, gpu.type),
    ]


def gpu_job_hours(ctx: Context, jobs: GpuJobs | None) -> float:
    """GPU hours the jobs hold their instances: each job's model load and its items."""
    if jobs is None:
        return ctx.requests * ctx.duration_s / 3600
    return jobs.jobs_for(ctx.requests) * jobs.job_gpu_s / 3600


def gpu_job_lines(ctx: Context, jobs: GpuJobs | None) -> tuple[Lines, list[str]]:
    """GPU work nobody waits on runs as jobs (AWS Batch or an ECS capacity provider
    scaling from zero): on-demand instances billed only while jobs run, plus start-up and
    idle tails (`gpu_instance_utilisation`). Each job loads the model once, then works
    its group of items (design.gpu_jobs)."""
    hours = gpu_job_hours(ctx, jobs) / max(ctx.a["gpu_instance_utilisation"], 0.01)
    lines = svc.ec2_lines(
        ctx.table, instance_type=gpu_instance().type, count=1, hours=hours, purchase="on_demand"
    )
    grouped = ""
    if jobs is not None:
        grouped = (
            f" {jobs.jobs_for(ctx.requests):,.0f} jobs of {jobs.items_per_job:,} items, each "
            f"loading the model first ({jobs.model_load_s:,.0f} s)."
        )
    return lines, [
        f"GPU jobs run on on-demand GPU instances started for them, priced alike in every "
        f"option: {hours:,.0f} instance-hours a month, none while no job waits.{grouped}"
    ]
