"""Lambda Managed Instances: the same functions run on EC2 capacity that Lambda manages
(EC2's price plus a 15% fee on the on-demand price, a request charge, no duration charge
and no cold starts).

Where the load is steady enough for capacity that scales by CPU over minutes, the runtime
runs on it and it costs materially less than on-demand Lambda, the serverless design IS
this design (`with_capacity_provider`): the serverless option is priced, judged, drawn and
built on a capacity provider, and on-demand Lambda is the what-if beside it. Elsewhere it
is the what-if, answering "what would the functions cost on instances?".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from advisor.engine.costs import options
from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec
from advisor.engine.costs.fleet import (
    fixed_instance,
    instances_for,
    usable_memory_gib,
    vm_purchase,
)
from advisor.engine.costs.front_door import expert_design
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.costs.private_network import (
    Egress,
    instances_egress,
    instances_route_lines,
    instances_route_note,
)
from advisor.engine.platform import limit
from advisor.engine.results import (
    CapacityProvider,
    CostLine,
    Design,
    DesignChoice,
    OffloadPart,
    Route,
    WarmStart,
)
from advisor.engine.workload import (
    HOURS_PER_MONTH,
    Connections,
    Runtime,
    TrafficPattern,
    Workload,
)

# A capacity provider spreads its instances over the Availability Zones: three at least
# (Lambda Managed Instances' capacity providers page).
MIN_INSTANCES = 3
# Lambda Managed Instances follow CPU within minutes, and traffic that more than doubles
# within 5 minutes may be throttled while they add instances: a load this steady (average
# over peak) keeps them busy without throttling a burst; below it, on-demand Lambda fits
# better (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-scaling.html).
MIN_DUTY = 0.5
# Bursts that come unannounced are what the instances absorb worst, whatever the duty.
_BURSTY = (TrafficPattern.SPIKY, TrafficPattern.UNPREDICTABLE)
# The languages whose runtimes run on them: Java 21+, Python 3.13+, Node.js 22+, .NET 8+
# (and Rust on the OS-only runtime); not Go or Ruby
# (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-runtimes.html).
SUPPORTED_RUNTIMES = frozenset({Runtime.PYTHON, Runtime.NODE, Runtime.JAVA, Runtime.DOTNET})
# The smallest function they run: 2 GB and 1 vCPU (the same scaling page).
MIN_FUNCTION_MEMORY_MB = 2048
# They are built for execution environments that serve several requests at once, and an
# environment with very low concurrency may be throttled while they scale (the same page):
# a run must leave a vCPU free for at least this many at once (work waiting on I/O does;
# a CPU-bound run at Lambda's share of 1.7 vCPU does not).
MIN_RUNS_PER_VCPU = 2.0
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
    base = _instances_holding(functions, instance, functions.warm_rps(), MIN_INSTANCES)
    peak = _instances_holding(functions, instance, functions.workload.peak_rps, base)
    return base, peak


def concurrency_per_vcpu(runtime: Runtime) -> float:
    """Requests an execution environment holds at once per vCPU, by default
    (PerExecutionEnvironmentMaxConcurrency; the runtime's page, knowledge/platform)."""
    return limit(f"lmi_{runtime.value}_concurrency_per_vcpu")


def runs_in_flight(functions: Context, rps: float) -> float:
    """The functions' runs under way at once at `rps`, waiting on I/O or not."""
    return rps * functions.consumer_runs_per_request * functions.duration_s


def _instances_holding(functions: Context, instance: InstanceSpec, rps: float, least: int) -> int:
    """Instances that carry `rps`: the CPU work (`instances_for`), and the runs in flight,
    which the environments hold only up to their runtime's concurrency per vCPU; a Python
    run is a process of its own, holding its memory for the whole run (as a fleet's
    memory, without the CPU's utilisation target: the cap and the memory are hard)."""
    in_flight = runs_in_flight(functions, rps)
    vcpu = in_flight / concurrency_per_vcpu(functions.workload.runtime)
    memory_gib = 0.0
    if functions.workload.runtime == Runtime.PYTHON:
        memory_gib = in_flight * functions.workload.memory_mb / 1024
    return max(
        instances_for(functions, instance, rps, minimum=least),
        math.ceil(vcpu / instance.vcpu),
        math.ceil(memory_gib / max(usable_memory_gib(functions, instance), 1e-9)),
    )


def busy_enough(workload: Workload) -> bool:
    """The average load is close enough to the peak to keep the instances busy."""
    w = workload
    return w.avg_rps > 0 and w.avg_rps / max(w.peak_rps, 1e-9) >= MIN_DUTY


def steady_enough(workload: Workload) -> bool:
    """Busy enough, and without unannounced bursts the instances would throttle."""
    return busy_enough(workload) and workload.traffic_pattern not in _BURSTY


def eligible(workload: Workload) -> bool:
    """The functions could run on Lambda Managed Instances: no GPU, a runtime they run,
    and a load steady enough for them. Read from the answers alone (the shape, never the
    rate), so more load never takes them away once they pay."""
    return (
        not workload.gpu_required
        and workload.runtime in SUPPORTED_RUNTIMES
        and steady_enough(workload)
    )


@dataclass(frozen=True)
class _Managed:
    lines: list[CostLine]
    notes: list[str]
    instance: InstanceSpec
    base: int
    peak: int
    on_demand: list[CostLine]  # the same option's lines on on-demand Lambda
    egress: Egress  # the instances' route out of the customer's subnets


def _managed(ctx: Context, architecture: str, design: Design) -> _Managed | None:
    """The serverless option's lines with the functions' compute on managed instances;
    None where no function runs on Lambda or the work needs GPUs (not offered)."""
    if ctx.workload.gpu_required:
        return None
    on_demand = replace(design, capacity_provider=None)
    own, notes = options.serverless_option_lines(ctx, architecture, on_demand)
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
    # The instances run in the customer's subnets: their route out is theirs to pay.
    egress = instances_egress(ctx, design)
    route = instances_route_lines(ctx, egress)
    note = (
        f"The functions run on {base} x {instance.type} that Lambda manages all month and "
        f"{peak - base} more through the {ctx.a['peak_hours_per_day']:g} busy hours a day "
        "(EC2's price plus a 15% fee; no cold starts)."
    )
    notes = [*notes, note, instances_route_note(egress)]
    return _Managed(managed + route + rest, notes, instance, base, peak, own, egress)


def option_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[list[CostLine], list[str]] | None:
    """The what-if: the functions on managed instances, where the design runs them on
    demand (where it already runs them there, the serverless option is this) and their
    runtime runs there."""
    if design.capacity_provider is not None:
        return None
    if ctx.workload.runtime not in SUPPORTED_RUNTIMES:
        return None
    managed = _managed(ctx, architecture, design)
    return None if managed is None else (managed.lines, managed.notes)


def serverless_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[list[CostLine], list[str]]:
    """The serverless option's own lines: on the design's capacity provider where it has
    one, else on-demand Lambda."""
    if design.capacity_provider is not None:
        managed = _managed(ctx, architecture, design)
        if managed is not None:
            return managed.lines, managed.notes
    return options.serverless_option_lines(ctx, architecture, design)


def on_demand_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[list[CostLine], list[str]] | None:
    """The what-if beside a design on managed instances: the same functions on demand."""
    provider = design.capacity_provider
    if provider is None:
        return None
    on_demand = replace(design, capacity_provider=None, warm_start=provider.on_demand_warm_start)
    return options.serverless_option_lines(ctx, architecture, on_demand)


def runs_per_vcpu(functions: Context) -> float:
    """How many of the functions' runs one vCPU holds at once: a run computes for part of
    its time, on Lambda's CPU share at its memory."""
    busy_vcpu = functions.computing_s / max(functions.duration_s, 1e-9) * functions.lambda_vcpu
    return 1 / max(busy_vcpu, 1e-9)


def with_capacity_provider(ctx: Context, design: Design) -> Design:
    """The design with its functions on Lambda Managed Instances where they may run there
    (`eligible`, and runs that share an environment) and save at least
    `managed_instances_min_saving_usd` a month on the serverless option's own lines; else
    the design unchanged (on-demand Lambda)."""
    if not eligible(ctx.workload):
        return design
    functions = functions_context(ctx, design)
    if runs_per_vcpu(functions) < MIN_RUNS_PER_VCPU:
        return design
    architecture = ctx.workload.architecture.value
    managed = _managed(ctx, architecture, design)
    if managed is None:
        return design
    managed_usd = total_usd(managed.lines)
    on_demand_usd = total_usd(managed.on_demand)
    if on_demand_usd - managed_usd < ctx.a["managed_instances_min_saving_usd"]:
        return design
    provider = CapacityProvider(
        instance_type=managed.instance.type,
        vcpu_per_instance=int(managed.instance.vcpu),
        base_instances=managed.base,
        peak_instances=managed.peak,
        managed_usd=managed_usd,
        on_demand_usd=on_demand_usd,
        on_demand_warm_start=design.warm_start,
        route=_route(managed.egress),
        peak_runs_in_flight=math.ceil(runs_in_flight(functions, ctx.workload.peak_rps)),
        runs_per_vcpu=int(concurrency_per_vcpu(ctx.workload.runtime)),
        runs_are_processes=ctx.workload.runtime == Runtime.PYTHON,
    )
    # Nothing starts cold on the instances: no SnapStart or environments kept warm.
    choices = tuple(_NO_COLD_STARTS if c.topic == "warm_starts" else c for c in design.choices)
    choice = DesignChoice(
        topic="compute",
        choice="managed_instances",
        reason=(
            f"The load is steady: the functions run on {managed.base} x "
            f"{managed.instance.type} that Lambda manages (a capacity provider), for "
            f"${managed_usd:,.0f} a month on the serverless option's own lines against "
            f"${on_demand_usd:,.0f} on demand."
        ),
    )
    return replace(
        design,
        capacity_provider=provider,
        warm_start=WarmStart(kind="none"),
        choices=(*choices, choice),
    )


def _route(egress: Egress) -> Route | None:
    if egress.fleet_nat:
        return None
    return Route(
        nat=egress.nat,
        gateway_endpoints=egress.gateway_endpoints,
        interface_endpoints=egress.interface_endpoints,
    )


_NO_COLD_STARTS = DesignChoice(
    topic="warm_starts",
    choice="none",
    reason=(
        "Nothing starts cold on Lambda Managed Instances: Lambda starts execution "
        "environments ahead of the load, each serving several requests at once, so neither "
        "SnapStart nor provisioned concurrency is needed."
    ),
)


def serverless_design(ctx: Context, offloaded: tuple[OffloadPart, ...]) -> Design:
    """The design an expert would build at the context's rate (costs/front_door.py), its
    functions on managed instances where those pay."""
    return with_capacity_provider(ctx, expert_design(ctx, offloaded))


def _committed_hourly_usd(ctx: Context, instance: InstanceSpec) -> float:
    """A commitment buys the instances at its term's reserved rate (the fee stays on
    on-demand); 0 means on-demand."""
    purchase = vm_purchase(ctx, instance.type)
    if purchase == "on_demand":
        return 0.0
    reserved = ctx.table.get(("ec2", f"{purchase}.{instance.type}"))
    return reserved.unit_price_usd if reserved else 0.0
