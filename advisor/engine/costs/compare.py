"""compare_costs: every cost option in the registry, the break-even rate and advice."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import replace

from advisor.engine.costs import managed_instances, options
from advisor.engine.costs import services as svc
from advisor.engine.costs.edge_delivery import cdn_advice
from advisor.engine.costs.lines import estimate, total_usd
from advisor.engine.costs.model import (
    LAMBDA_MAX_MEMORY_MB,
    LAMBDA_MB_PER_VCPU,
    Context,
    assumption_report,
    assumption_values,
    make_context,
)
from advisor.engine.costs.option_kinds import (
    ALTERNATIVES,
    COST_OPTIONS,
    MANAGED_INSTANCES,
    OTHER_ARCHITECTURE,
)
from advisor.engine.design import gpu_jobs_of, lambda_functions_left
from advisor.engine.results import CostComparison, Estimate, OffloadPart, PricedOption
from advisor.engine.workload import Workload

# The break-even search range (requests per second) and its precision (ratio hi/lo).
BREAK_EVEN_MIN_RPS = 0.001
BREAK_EVEN_MAX_RPS = 100_000.0
BREAK_EVEN_PRECISION = 1.005  # 0.5%: finer than any input to it


def compare_costs(
    workload: Workload, *, offloaded_parts: tuple[OffloadPart, ...] = ()
) -> CostComparison:
    """Monthly cost of the workload under every option in the registry.

    The serverless option is the design an expert would build for the workload (with the
    parts the hard limits moved out), and the comparison carries it: the diagram and the
    starter repo draw the same one.
    """
    ctx, comparison = _priced(workload, tuple(offloaded_parts))
    arch = workload.architecture.value
    offloaded = comparison.offloaded_parts
    return replace(
        comparison,
        break_even_avg_rps=break_even_avg_rps(ctx, arch, offloaded),
        advice=_advice(ctx, arch, offloaded, comparison),
    )


def priced_options(
    workload: Workload,
    *,
    offloaded_parts: tuple[OffloadPart, ...] = (),
    only: frozenset[str] | None = None,
) -> CostComparison:
    """`compare_costs` without the break-even search or the advice (None and () here): for
    callers that read only the options' estimates — a point of the cost curve, or a fit
    decided by rules that read neither. The search prices the options a dozen times more.
    `only` names the option keys to price (the others are left out), for a caller that
    reads only some of them."""
    return _priced(workload, tuple(offloaded_parts), only)[1]


def _priced(
    workload: Workload,
    offloaded_parts: tuple[OffloadPart, ...],
    only: frozenset[str] | None = None,
) -> tuple[Context, CostComparison]:
    values = assumption_values(workload)
    ctx = make_context(workload, values)
    design = managed_instances.serverless_design(ctx, offloaded_parts)
    arch = workload.architecture.value
    shared, shared_notes = options.shared_lines(ctx, design)
    priced = []
    for kind in COST_OPTIONS:
        if only is not None and kind.key not in only:
            continue
        own = kind.own_lines(ctx, arch, design)
        if own is not None:
            lines, notes = own
            priced.append(PricedOption(kind.key, estimate(lines + shared, notes + shared_notes)))
    return ctx, CostComparison(
        options=tuple(priced),
        break_even_avg_rps=None,
        assumptions=assumption_report(workload),
        offloaded_parts=offloaded_parts,
        shared=estimate(shared, shared_notes),
        design=design,
    )


def option_totals_at_rates(
    workload: Workload,
    avg_rps_points: Sequence[float],
    *,
    offloaded_parts: tuple[OffloadPart, ...] = (),
    only: frozenset[str],
) -> tuple[dict[str, float], ...]:
    """Each option named in `only` (that applies) priced at each average rate, the
    peak/average ratio held: the totals `priced_options` would give there, summed in the
    same order, without the estimates, notes and assumption table no point reads. A cost
    curve prices some thirty points; the context is made once for all of them."""
    base = make_context(workload, assumption_values(workload))
    arch = workload.architecture.value
    kinds = [kind for kind in COST_OPTIONS if kind.key in only]
    rows = []
    for avg_rps in avg_rps_points:
        ctx = base.at_rate(avg_rps, avg_rps * workload.peak_ratio)
        design = managed_instances.serverless_design(ctx, offloaded_parts)
        shared = options.shared_lines(ctx, design)[0]
        row = {}
        for kind in kinds:
            own = kind.own_lines(ctx, arch, design)
            if own is not None:
                row[kind.key] = total_usd(own[0] + shared)
        rows.append(row)
    return tuple(rows)


# --- break-even --------------------------------------------------------------------


def _gap_usd(ctx: Context, architecture: str, offloaded: tuple[OffloadPart, ...]) -> float:
    """Serverless minus the cheapest alternative, counting only the parts that differ; the
    design is the one an expert would build at that rate."""
    design = managed_instances.serverless_design(ctx, offloaded)
    serverless = total_usd(managed_instances.serverless_lines(ctx, architecture, design)[0])
    return serverless - min(
        total_usd(own[0])
        for kind in ALTERNATIVES
        if (own := kind.own_lines(ctx, architecture, design)) is not None
    )


def break_even_avg_rps(
    ctx: Context, architecture: str, offloaded: tuple[OffloadPart, ...]
) -> float | None:
    """The average rate where serverless costs as much as the cheapest alternative.

    The workload's shape (peak/average ratio, duration, memory) is held. Bisection on a
    log scale: serverless must be cheaper at the bottom of the range and dearer at the
    top, otherwise the lines never cross and the answer is None.
    """
    w = ctx.workload
    # The rate is what the search varies: every workload of this shape shares the answer
    # (the live panel asks again at each keystroke of the rate).
    return _break_even_of_shape(
        w.with_changes(avg_rps=1.0, peak_rps=w.peak_ratio), architecture, offloaded
    )


@functools.lru_cache(maxsize=512)
def _break_even_of_shape(
    shape: Workload, architecture: str, offloaded: tuple[OffloadPart, ...]
) -> float | None:
    ctx = make_context(shape, assumption_values(shape))
    peak_ratio = shape.peak_rps

    def gap(rps: float) -> float:
        return _gap_usd(ctx.at_rate(rps, rps * peak_ratio), architecture, offloaded)

    low, high = BREAK_EVEN_MIN_RPS, BREAK_EVEN_MAX_RPS
    if gap(low) >= 0 or gap(high) <= 0:
        return None
    while high / low > BREAK_EVEN_PRECISION:
        middle = math.sqrt(low * high)
        if gap(middle) < 0:
            low = middle
        else:
            high = middle
    return math.sqrt(low * high)


# --- advice --------------------------------------------------------------------------


def _usd(amount: float) -> str:
    return f"${amount:,.2f}"


def _advice(
    ctx: Context, arch: str, offloaded: tuple[OffloadPart, ...], costs: CostComparison
) -> tuple[str, ...]:
    serverless = costs.serverless
    if not lambda_functions_left(ctx.workload, offloaded):
        return ()  # every piece of advice below tunes functions, and none is left
    found = [
        _memory_advice(ctx, arch, offloaded),
        _provisioned_advice(serverless),
        _architecture_advice(arch, serverless, costs.estimate(OTHER_ARCHITECTURE)),
        _batching_advice(ctx, offloaded),
        _managed_instances_advice(ctx, costs),
        cdn_advice(ctx),
    ]
    return tuple(text for text in found if text)


def _managed_instances_advice(ctx: Context, costs: CostComparison) -> str:
    """Where a steady load would cost materially less with its functions on Lambda
    Managed Instances (the what-if option) and the design does not run them there."""
    # (a what-if: a busy load answered "spiky" is advised, to measure its bursts first)
    if not managed_instances.busy_enough(ctx.workload):
        return ""
    if not costs.priced(MANAGED_INSTANCES):
        return ""
    managed = costs.estimate(MANAGED_INSTANCES).monthly_usd
    on_demand = costs.serverless.monthly_usd
    if on_demand - managed < ctx.a["material_gap_usd"]:
        return ""
    return (
        f"Lambda Managed Instances: this steady load would run the same functions on EC2 "
        f"capacity that Lambda manages, for about {_usd(managed)} a month in all against "
        f"{_usd(on_demand)} (EC2's price plus a 15% fee; Savings Plans apply; no cold starts). "
        "They scale with CPU within minutes, so measure how a burst is absorbed before moving."
    )


def _lambda_duration_usd(ctx: Context, arch: str, memory_mb: float, duration_ms: float) -> float:
    invocations = options.lambda_invocations(ctx)
    lines = svc.lambda_lines(
        ctx.table,
        invocations=invocations,
        duration_ms=duration_ms
        * ctx.requests
        * ctx.consumer_runs_per_request
        / max(invocations, 1e-9),
        memory_mb=memory_mb,
        architecture=arch,
        free_tier=ctx.free_tier,
    )
    return total_usd(line for line in lines if line.service == "lambda" and "duration" in line.item)


def _memory_advice(ctx: Context, arch: str, offloaded: tuple[OffloadPart, ...]) -> str:
    w = ctx.workload
    doubled = w.memory_mb * 2
    if not w.cpu_bound or doubled > LAMBDA_MAX_MEMORY_MB or ctx.requests <= 0:
        return ""
    if OffloadPart.LONG_RUNNING_JOBS in offloaded or OffloadPart.GPU_WORK in offloaded:
        return ""
    now = _lambda_duration_usd(ctx, arch, w.memory_mb, w.avg_duration_ms)
    after = _lambda_duration_usd(ctx, arch, doubled, w.avg_duration_ms / 2)
    caveat = (
        f" Above {LAMBDA_MB_PER_VCPU:,} MB (one full vCPU) only multi-threaded code speeds up."
        if doubled > LAMBDA_MB_PER_VCPU
        else ""
    )
    cost = (
        f"duration still costs {_usd(after)} a month (the same GB-seconds)"
        if abs(after - now) < 0.005
        else f"duration costs {_usd(after)} a month instead of {_usd(now)}"
    )
    return (
        f"Memory right-sizing: Lambda gives CPU in proportion to memory. If doubling memory to "
        f"{doubled:,} MB halves the {w.avg_duration_ms:,.0f} ms run, {cost} and each run "
        f"finishes twice as fast; measure it with AWS Lambda Power Tuning.{caveat}"
    )


def _provisioned_advice(serverless: Estimate) -> str:
    lines = [line for line in serverless.items if line.item.startswith("provisioned concurrency")]
    if not lines:
        return ""
    return (
        f"Provisioned concurrency keeps environments warm so no request waits for a cold start: "
        f"{_usd(total_usd(lines))} a month ({lines[0].item}). Schedule it to the busy hours "
        f"to pay less."
    )


def _architecture_advice(arch: str, serverless: Estimate, other: Estimate) -> str:
    difference = other.monthly_usd - serverless.monthly_usd
    if abs(difference) < 0.005:
        return ""
    if arch == "x86_64" and difference < 0:
        return (
            f"Running the functions on arm64 (Graviton) would save {_usd(-difference)} a month "
            f"({-difference / serverless.monthly_usd:.0%})."
        )
    if arch == "arm64" and difference > 0:
        return f"arm64 already saves {_usd(difference)} a month compared with x86_64."
    return ""


def _batching_advice(ctx: Context, offloaded: tuple[OffloadPart, ...]) -> str:
    if not ctx.queue_fed or ctx.requests <= 0:
        return ""
    jobs = gpu_jobs_of(ctx.workload, offloaded)
    if jobs is not None and jobs.gathers_from_queue:
        return ""  # the design already gathers far larger groups for its GPU jobs
    batch = max(ctx.a["sqs_batch_size"], 1)
    price = ctx.table["lambda", "requests"].unit_price_usd
    saved = (ctx.requests - ctx.requests / batch) / 1e6 * price
    return (
        f"SQS batching: with {batch:g} messages per invocation Lambda is called "
        f"{ctx.requests / batch:,.0f} times instead of {ctx.requests:,.0f}, saving "
        f"{_usd(saved)} a month in request charges."
    )
