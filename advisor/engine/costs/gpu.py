"""The GPU work's instances, priced alike in every option (Lambda has no GPUs, so each
design runs the same GPU instances and the decision turns on the lines that differ).

A caller waiting on the answer needs a synchronous endpoint: warm GPU instances behind a
load balancer, always on for the off-peak load and more through the busy hours. Work nobody
waits on runs as jobs, on instances billed only while jobs run.
"""

from __future__ import annotations

import math

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec, pricing_catalog
from advisor.engine.costs.fleet import scaled_instance_lines, vm_purchase, vm_purchase_note
from advisor.engine.costs.model import Context
from advisor.engine.design import caller_waits_for_the_work
from advisor.engine.results import CostLine, Design, OffloadPart

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
    return gpu_job_lines(ctx)


def gpu_instances_for(ctx: Context, rps: float) -> int:
    """GPU instances that keep up with `rps`: each request holds a GPU for its duration, and
    each instance's GPUs are kept busy up to the target utilisation (the model is loaded
    once per instance, so memory does not grow with the requests in flight)."""
    gpu = gpu_instance()
    busy_gpus = rps * ctx.duration_s / max(ctx.a["container_target_utilisation"], 0.01)
    return max(math.ceil(ctx.a["min_instances"]), math.ceil(busy_gpus / gpu.gpus))


def gpu_service_size(ctx: Context) -> tuple[int, int]:
    """(off-peak, peak) instances of the synchronous GPU service."""
    base = gpu_instances_for(ctx, ctx.base_rps())
    return base, max(base, gpu_instances_for(ctx, ctx.workload.peak_rps))


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
        f"through the {ctx.a['peak_hours_per_day']:g} busy hours a day for the peak.",
        *vm_purchase_note(ctx, gpu.type),
    ]


def gpu_job_lines(ctx: Context) -> tuple[Lines, list[str]]:
    """GPU work nobody waits on runs as jobs (AWS Batch or an ECS capacity provider
    scaling from zero): on-demand instances billed only while jobs run, plus start-up and
    idle tails (`gpu_instance_utilisation`)."""
    job_hours = ctx.requests * ctx.duration_s / 3600
    hours = job_hours / max(ctx.a["gpu_instance_utilisation"], 0.01)
    lines = svc.ec2_lines(
        ctx.table, instance_type=gpu_instance().type, count=1, hours=hours, purchase="on_demand"
    )
    return lines, [
        f"GPU jobs run on on-demand GPU instances started for them, priced alike in every "
        f"option: {hours:,.0f} instance-hours a month, none while no job waits."
    ]
