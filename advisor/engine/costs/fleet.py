"""An EC2 fleet's instances as a bill carries them: the off-peak instances every hour,
bought as the commitment says, and the busy hours' extra instances on demand. The VM option
and the GPU instances (whichever option runs them) are priced through it; the VM option's
instance type is chosen here, as the cheapest fleet that carries the load."""

from __future__ import annotations

import math

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec, pricing_catalog
from advisor.engine.costs.model import Context
from advisor.engine.results import CostLine
from advisor.engine.workload import HOURS_PER_MONTH

# The reserved term each commitment buys for EC2 (Standard, no upfront).
_VM_PURCHASES = {0: "on_demand", 1: "reserved_1y", 3: "reserved_3y"}


def vm_purchase(ctx: Context, instance_type: str) -> str:
    """The purchase the commitment buys for this instance type. A term whose rate the
    pricing knowledge lacks for it falls back to the 1-year rate, which
    `vm_purchase_note` says (a 3-year term would cost less)."""
    purchase = _VM_PURCHASES[ctx.workload.commitment_years]
    if purchase != "on_demand" and ("ec2", f"{purchase}.{instance_type}") not in ctx.table:
        return "reserved_1y"
    return purchase


def vm_purchase_note(ctx: Context, instance_type: str) -> list[str]:
    """What the estimate says when a commitment is not priced at its own term's rate."""
    wanted = _VM_PURCHASES[ctx.workload.commitment_years]
    if vm_purchase(ctx, instance_type) == wanted:
        return []
    return [
        f"No {ctx.workload.commitment_years}-year reserved rate is recorded for "
        f"{instance_type} in {ctx.workload.region}: priced at the 1-year rate, so a "
        "longer term would cost less."
    ]


def scaled_instance_lines(
    ctx: Context, instance_type: str, base: int, peak: int, purchase: str
) -> list[CostLine]:
    """`base` instances every hour, bought as `purchase`, and up to `peak` on demand
    through the busy hours (scheduled scaling of an Auto Scaling group)."""
    lines = svc.ec2_lines(
        ctx.table, instance_type=instance_type, count=base, hours=HOURS_PER_MONTH, purchase=purchase
    )
    if peak > base:
        lines += svc.ec2_lines(
            ctx.table,
            instance_type=instance_type,
            count=peak - base,
            hours=ctx.peak_hours_per_month(),
            purchase="on_demand",
        )
    return lines


# --- which instance type a VM fleet runs -------------------------------------------


def fixed_instance(ctx: Context, architecture: str) -> InstanceSpec:
    """General-purpose (m) or, for CPU-bound work, compute-optimised (c) at the assumed
    size (`ec2_instance_vcpu`), or the next size up whose memory holds one run (a run
    cannot be split across instances). Lambda Managed Instances run on such types, never
    burstable ones, and instances started for scheduled runs work flat out for their whole
    short life, with no idle hours to earn CPU credits in."""
    family = ("c" if ctx.workload.cpu_bound else "m") + _generation(architecture)
    candidates = sorted(
        (i for i in pricing_catalog().instances.values() if _family(i) == family),
        key=lambda i: i.vcpu,
    )
    wanted_vcpu, run_gib = ctx.a["ec2_instance_vcpu"], ctx.workload.memory_mb / 1024
    return next(
        (i for i in candidates if i.vcpu >= wanted_vcpu and usable_memory_gib(ctx, i) >= run_gib),
        candidates[-1],
    )


def vm_instance(ctx: Context, architecture: str) -> InstanceSpec:
    """The type an always-on VM fleet runs: of the burstable (t4g, t3) and the m and c
    types for the architecture that hold one run, up to the assumed size
    (`ec2_instance_vcpu`) unless the run needs more, the one whose fleet costs least with
    `min_instances`. Within `fleet_larger_task_premium_max`, the larger type wins (fewer
    instances), and a fixed-performance one over a burstable one.

    A burstable type is a candidate only while the month's average CPU on its always-on
    instances stays within its baseline: what T instances are built for, and the rule the
    database sizing follows for db.t4g. Past it, AWS Compute Optimizer moves a T instance
    to a fixed-performance type; its surplus credits are still priced where the busy
    hours' extra instances run above the baseline (`surplus_credit_lines`)."""
    run_gib = ctx.workload.memory_mb / 1024
    fixed = fixed_instance(ctx, architecture)
    most_vcpu = max(ctx.a["ec2_instance_vcpu"], fixed.vcpu)
    candidates = [
        i
        for i in pricing_catalog().instances.values()
        if _family(i) in _families(architecture)
        and usable_memory_gib(ctx, i) >= run_gib
        and i.vcpu <= most_vcpu
        and ("ec2", f"on_demand.{i.type}") in ctx.table
        and within_baseline(ctx, i)
    ] or [fixed]
    costs = {i.type: _monthly_usd(instance_fleet_lines(ctx, i)) for i in candidates}
    cheapest = min(costs.values())
    ranked = sorted(
        candidates,
        key=lambda i: (i.vcpu, i.memory_gib, baseline_share(i) is None, -costs[i.type]),
        reverse=True,
    )
    allowed = cheapest * (1 + ctx.a["fleet_larger_task_premium_max"]) + 1e-9
    return next(i for i in ranked if costs[i.type] <= allowed)


def within_baseline(ctx: Context, instance: InstanceSpec) -> bool:
    """Whether the month's average CPU, carried by the always-on instances of this type,
    stays within their baseline (always, for a fixed-performance type). Unlimited mode
    judges each instance on its rolling 24-hour average, so a day's busy hours above the
    baseline are covered by its quiet ones."""
    share = baseline_share(instance)
    if share is None:
        return True
    base, _ = instance_counts(ctx, instance)
    return _busy_vcpu(ctx, ctx.workload.avg_rps) <= share * instance.vcpu * base


def instances_for(ctx: Context, instance: InstanceSpec, rps: float, *, minimum: int) -> int:
    """Instances of this type that keep up with `rps`: enough vCPUs and memory, at least
    `minimum`."""
    return max(
        minimum,
        math.ceil(ctx.vcpu_needed(rps) / instance.vcpu),
        math.ceil(ctx.fleet_memory_gb(rps) / usable_memory_gib(ctx, instance)),
    )


def usable_memory_gib(ctx: Context, instance: InstanceSpec) -> float:
    """The instance's memory the runs may have: less what its kernel, operating system
    and agents keep (`instance_reserved_memory_mb`, or `instance_reserved_memory_share`
    where that is more)."""
    reserved_gib = max(
        ctx.a["instance_reserved_memory_mb"] / 1024,
        instance.memory_gib * ctx.a["instance_reserved_memory_share"],
    )
    return max(instance.memory_gib - reserved_gib, 0.0)


def instance_counts(ctx: Context, instance: InstanceSpec) -> tuple[int, int]:
    """Instances off-peak (all month) and at the peak (through the busy hours), never
    fewer than `min_instances`; with queues absorbing the bursts, the average load is what
    they must keep up with (`Context.fleet_loads`)."""
    minimum = math.ceil(ctx.a["min_instances"])
    base_load, peak_load = ctx.fleet_loads
    base = max(minimum, _instances_holding(ctx, base_load, instance))
    return base, max(base, _instances_holding(ctx, peak_load, instance))


def _instances_holding(ctx: Context, load: tuple[float, float], instance: InstanceSpec) -> int:
    need_vcpu, need_gb = load
    usable_gib = max(usable_memory_gib(ctx, instance), 1e-9)
    return max(math.ceil(need_vcpu / instance.vcpu), math.ceil(need_gb / usable_gib))


def instance_fleet_lines(ctx: Context, instance: InstanceSpec) -> list[CostLine]:
    """The fleet of this type as the bill carries it: its instances, bought as the
    commitment says, and a burstable type's surplus CPU credits."""
    base, peak = instance_counts(ctx, instance)
    purchase = vm_purchase(ctx, instance.type)
    lines = scaled_instance_lines(ctx, instance.type, base, peak, purchase)
    return lines + surplus_credit_lines(ctx, instance, base, peak)


def surplus_credit_lines(
    ctx: Context, instance: InstanceSpec, base: int, peak: int
) -> list[CostLine]:
    """A burstable type runs in Unlimited mode (how T4g and T3 launch): its hourly price
    covers all its CPU while the average over a rolling 24 hours stays within the
    baseline, and the vCPU-hours above it are billed as surplus credits, reserved or not
    (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-unlimited-mode.html).
    The always-on instances stay within it (`within_baseline`); the busy hours' extra
    instances are started for the peak and stopped after, with no quiet hours to average
    it out, so the peak's CPU share above the baseline on each of them is billed."""
    share = baseline_share(instance)
    if share is None or peak <= base:
        return []
    per_instance = _busy_vcpu(ctx, ctx.workload.peak_rps) / peak
    above = per_instance - share * instance.vcpu
    if above <= 0:
        return []
    vcpu_hours = above * (peak - base) * _busy_hours(ctx)
    return svc.ec2_surplus_credit_lines(ctx.table, family=_family(instance), vcpu_hours=vcpu_hours)


def _busy_vcpu(ctx: Context, rps: float) -> float:
    """vCPUs the runs keep busy at `rps` (the fleet is sized for them at its target)."""
    return ctx.vcpu_needed(rps) * max(ctx.a["container_target_utilisation"], 0.01)


def _monthly_usd(lines: list[CostLine]) -> float:
    return sum(line.monthly_usd for line in lines)


def baseline_share(instance: InstanceSpec) -> float | None:
    """The share of each vCPU a burstable type sustains; None for a fixed-performance one."""
    return pricing_catalog().meters.get(("ec2", f"baseline.{instance.type}"))


def _busy_hours(ctx: Context) -> float:
    return 0.0 if ctx.buffered else ctx.peak_hours_per_month()


def _generation(architecture: str) -> str:
    return "7g" if architecture == "arm64" else "6i"


def _families(architecture: str) -> tuple[str, ...]:
    burstable = "t4g" if architecture == "arm64" else "t3"
    return (burstable, "m" + _generation(architecture), "c" + _generation(architecture))


def _family(instance: InstanceSpec) -> str:
    return instance.type.split(".")[0]
