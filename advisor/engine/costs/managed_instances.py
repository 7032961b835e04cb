"""Lambda Managed Instances as a what-if beside serverless: the same design and the same
functions, run on EC2 capacity that Lambda manages (EC2's price plus a 15% fee on the
on-demand price, a request charge, no duration charge and no cold starts).

It is not an alternative to serverless: the programming model, the events and the
template stay Lambda's. It answers "what would the functions cost on instances?", which
matters for a steady, busy load.
"""

from __future__ import annotations

from advisor.engine.costs import options
from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec
from advisor.engine.costs.fleet import fixed_instance, instances_for, vm_purchase
from advisor.engine.costs.model import Context
from advisor.engine.results import CostLine, Design
from advisor.engine.workload import HOURS_PER_MONTH, Connections

# A capacity provider spreads its instances over the Availability Zones: three at least
# (Lambda Managed Instances' capacity providers page).
MIN_INSTANCES = 3
# The serverless lines the instances replace: the functions' compute (SnapStart too, as
# nothing starts cold on them).
FUNCTION_SERVICES = frozenset({"lambda", "lambda_snapstart"})


def functions_context(ctx: Context, design: Design) -> Context:
    """The workload as the functions run it: where the work runs elsewhere (long runs on
    Fargate tasks), they only start it, briefly and at the glue functions' size, and that
    run, not the job's, is what the instances hold."""
    per_request_ms, memory_mb = options.function_work(ctx, design.offloaded_parts)
    # The connections are held by API Gateway or by the fleet beside the functions, never
    # by the functions' instances.
    functions = ctx.workload.with_changes(
        avg_duration_ms=per_request_ms,
        memory_mb=memory_mb,
        persistent_connections=Connections.NONE,
    )
    return Context(functions, ctx.table, ctx.a)


def fleet_size(functions: Context, instance: InstanceSpec) -> tuple[int, int]:
    """(off-peak, peak) instances for the functions' own work: the off-peak ones all
    month, the rest through the busy hours, as the VM option scales (they scale with CPU
    within minutes, so the busy hours' capacity is started ahead of them)."""
    base = instances_for(functions, instance, functions.warm_rps(), minimum=MIN_INSTANCES)
    peak = instances_for(functions, instance, functions.workload.peak_rps, minimum=base)
    return base, peak


def option_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[list[CostLine], list[str]] | None:
    """The serverless option's lines with the functions' compute on managed instances;
    None where no function runs on Lambda or the work needs GPUs (not offered)."""
    if ctx.workload.gpu_required:
        return None
    own, notes = options.serverless_option_lines(ctx, architecture, design)
    functions = [line for line in own if line.service in FUNCTION_SERVICES]
    if not functions:
        return None
    invocations = 1e6 * sum(
        line.quantity
        for line in functions
        if line.service == "lambda" and line.item.startswith("requests")
    )
    functions_run = functions_context(ctx, design)
    instance = fixed_instance(functions_run, architecture)
    base, peak = fleet_size(functions_run, instance)
    managed = svc.managed_instances_lines(
        ctx.table,
        instance_type=instance.type,
        instances=base,
        hours=HOURS_PER_MONTH,
        requests=invocations,
        ec2_hourly_usd=_committed_hourly_usd(ctx, instance),
    )
    busy_hours = ctx.peak_hours_per_month()
    if peak > base and busy_hours > 0:
        managed += svc.managed_instances_lines(
            ctx.table,
            instance_type=instance.type,
            instances=peak - base,
            hours=busy_hours,
            requests=0,
            which="busy hours",
        )
    rest = [line for line in own if line.service not in FUNCTION_SERVICES]
    note = (
        f"The functions run on {base} x {instance.type} that Lambda manages all month and "
        f"{peak - base} more through the {ctx.a['peak_hours_per_day']:g} busy hours a day "
        "(EC2's price plus a 15% fee; no cold starts)."
    )
    return managed + rest, [*notes, note]


def _committed_hourly_usd(ctx: Context, instance: InstanceSpec) -> float:
    """A commitment buys the instances at its term's reserved rate (the fee stays on
    on-demand); 0 means on-demand."""
    purchase = vm_purchase(ctx, instance.type)
    if purchase == "on_demand":
        return 0.0
    reserved = ctx.table.get(("ec2", f"{purchase}.{instance.type}"))
    return reserved.unit_price_usd if reserved else 0.0
