"""The facts rule conditions may use: a typed whitelist, and how a workload becomes facts.

`FACTS` is the single list of names a rule's `when` (and its message placeholders) may
mention; the rule parser hands its types to `rule_engine`, so a typo or a type mismatch
fails when the rule files load, never while a user waits for a verdict.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from advisor.engine import facts as load
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.gpu import gpu_requests_at_once, gpu_service_busy_share
from advisor.engine.costs.model import assumption_values, make_context, records_per_invocation
from advisor.engine.costs.option_kinds import (
    ALTERNATIVES,
    MANAGED_INSTANCES,
    OPTIONS_BY_KEY,
    cheapest_alternative,
    option_in_words,
)
from advisor.engine.design import (
    ROLE_WORDS,
    gpu_shape,
    lambda_functions_left,
    requests_leave_lambda,
    serverless_around,
    serverless_roles,
    streams_within_lambda,
    workflow_type_for,
)
from advisor.engine.platform import FACT_PREFIX, platform_facts, platform_limits
from advisor.engine.results import SERVERLESS, CostComparison, OffloadPart
from advisor.engine.workload import (
    Architecture,
    Auth,
    Connections,
    DataStore,
    Runtime,
    TrafficPattern,
    Trigger,
    Workflow,
    Workload,
)

FactKind = Literal["number", "flag", "text", "list"]

# Within a tenth, two options cost the same for a decision (the decisive multiple's floor).
MIN_DECISIVE_EXCESS = 0.1
# Ratios are capped so that a zero denominator reads as "very large", never as infinity
# (messages print it, and a cap keeps the threshold arithmetic finite).
RATIO_CAP = 1000.0
# Triggers whose events arrive without a caller waiting: consumers must be idempotent.
ASYNC_TRIGGERS = (
    Trigger.FILE_UPLOAD,
    Trigger.DB_CHANGE,
    Trigger.QUEUE,
    Trigger.PUBSUB,
    Trigger.SCHEDULE,
)
ALTERNATIVE_KEYS = tuple(kind.key for kind in ALTERNATIVES)


@dataclass(frozen=True)
class FactSpec:
    kind: FactKind
    description: str  # what it means, with its unit
    values: tuple[str, ...] = ()  # allowed words of a text or list fact (enums)


def _enum(kind: FactKind, enum: type[StrEnum], description: str) -> FactSpec:
    return FactSpec(kind, description, tuple(member.value for member in enum))


_ANSWERS: dict[str, FactSpec] = {
    "avg_rps": FactSpec("number", "average requests or events per second over the month"),
    "peak_rps": FactSpec("number", "sustained peak requests or events per second"),
    "traffic_pattern": _enum("text", TrafficPattern, "shape of the load"),
    "p95_latency_ms": FactSpec("number", "end-to-end p95 latency target, in ms"),
    "cold_start_sensitive": FactSpec("flag", "an occasional slow first request is not acceptable"),
    "runtime": _enum("text", Runtime, "language runtime of the functions"),
    "avg_duration_ms": FactSpec("number", "average compute time per request, in ms"),
    "max_duration_s": FactSpec("number", "longest single run, in seconds"),
    "memory_mb": FactSpec("number", "memory one run needs, in MB"),
    "cpu_bound": FactSpec("flag", "the work is CPU-heavy"),
    "gpu_required": FactSpec("flag", "the work needs a GPU"),
    "persistent_connections": _enum("text", Connections, "long-lived client connections"),
    "connection_minutes_avg": FactSpec(
        "number", "how long one long-lived connection stays open, in minutes"
    ),
    "data_store": _enum("text", DataStore, "main kind of state"),
    "triggers": _enum("list", Trigger, "what starts work (list of words)"),
    "workflow": _enum("text", Workflow, "coordination needs"),
    "payload_kb": FactSpec("number", "typical request/response size, in KB"),
    "sensitive_data": FactSpec("flag", "personal or regulated data"),
    "auth": _enum("text", Auth, "who may call it"),
    "monthly_budget_usd": FactSpec("number", "spending ceiling, in USD per month (0 if none)"),
    "region": FactSpec("text", "AWS region used for prices"),
    "architecture": _enum("text", Architecture, "Lambda CPU architecture"),
    "include_free_tier": FactSpec("flag", "the AWS free tier is subtracted from the estimate"),
}

_TRIGGER_FLAGS: dict[str, FactSpec] = {
    f"has_{trigger.value}_trigger": FactSpec("flag", f"work starts on a {trigger.value} event")
    for trigger in Trigger
} | {
    "has_async_trigger": FactSpec(
        "flag", "some work starts from an event nobody waits on (upload, change, queue, ...)"
    ),
    "trigger_count": FactSpec("number", "number of distinct kinds of trigger"),
    "trigger_words": FactSpec("text", "the triggers as words, for messages: 'http, queue'"),
}

_DERIVED: dict[str, FactSpec] = {
    "requests_per_month": FactSpec("number", "requests or events per month (730-hour month)"),
    "requests_per_month_millions": FactSpec("number", "requests or events per month, millions"),
    "answered_connections": FactSpec(
        "number", "long-lived connections open at once, as answered (0 when not answered)"
    ),
    "avg_concurrency": FactSpec("number", "executions in flight on average (rate x duration)"),
    "peak_concurrency": FactSpec("number", "executions in flight at the sustained peak"),
    "peak_to_avg_ratio": FactSpec("number", "peak rate divided by average rate"),
    "duty_cycle": FactSpec("number", "average rate / peak rate, 0-1: how busy peak capacity is"),
    "max_duration_min": FactSpec("number", "longest single run, in minutes"),
    "workflow_starts_per_s": FactSpec(
        "number", "workflow executions started per second (rate x workflow share; 0 if none)"
    ),
    "avg_duration_s": FactSpec("number", "average compute time per request, in seconds"),
    "streams_within_lambda": FactSpec(
        "flag",
        "streamed responses that end within Lambda's limit (held and longest stream), so a "
        "function streams each one",
    ),
    "memory_gb": FactSpec("number", "memory one run needs, in GB (1,024 MB)"),
    "payload_mb": FactSpec("number", "typical request/response size, in MB (1,024 KB)"),
    "response_mb": FactSpec(
        "number", "average response a waiting caller receives, in MB (0 when nobody waits)"
    ),
    "front_door_overhead_ms": FactSpec(
        "number", "time API Gateway and a warm invoke add to each request, ms (assumption)"
    ),
    "peak_invocations_per_s": FactSpec(
        "number", "Lambda invocations a second at the peak, once queues and streams batch events"
    ),
    "fastest_response_ms": FactSpec(
        "number",
        "the quickest 95th-percentile answer through API Gateway and Lambda: front door plus "
        "run at the average, times the p95's tail, ms",
    ),
    "work_p95_ms": FactSpec(
        "number",
        "the work's own time at the 95th percentile on any compute: its average times the "
        "p95's tail, ms",
    ),
    "deployment_package_mb": FactSpec(
        "number", "unzipped size of a function's code and libraries, in MB (an assumption)"
    ),
    "cold_start_ms": FactSpec("number", "typical cold-start latency of the runtime, in ms"),
    "cold_start_headroom_ms": FactSpec(
        "number", "latency target minus (cold start + average run), in ms; < 0 misses it"
    ),
    "cold_start_breaks_latency": FactSpec("flag", "a cold request would miss the latency target"),
    "snapstart_ms": FactSpec(
        "number", "start-up left with SnapStart for the runtime, ms (0 where not offered)"
    ),
    "snapstart_meets_target": FactSpec(
        "flag",
        "the runtime offers SnapStart, and a restored environment plus the run meets the target",
    ),
    "provisioned_concurrency_needed": FactSpec(
        "number", "pre-warmed environments needed so no request pays a cold start"
    ),
}

_COSTS: dict[str, FactSpec] = {
    # One per option the money decides between: "serverless_monthly_usd", ...
    **{
        f"{kind.key}_monthly_usd": FactSpec("number", f"{kind.short} estimate, USD per month")
        for kind in (OPTIONS_BY_KEY[SERVERLESS], *ALTERNATIVES)
    },
    "cheapest_alternative_usd": FactSpec("number", "cheaper of containers and VMs, USD/month"),
    "gpu_monthly_usd": FactSpec(
        "number", "the GPU instances every option runs alike, USD per month (0 without GPUs)"
    ),
    # The design the costs priced: API Gateway's own limits and features do not apply when
    # a load balancer fronts the functions instead.
    "front_door_alb": FactSpec(
        "flag", "an Application Load Balancer, not API Gateway, fronts the functions' requests"
    ),
    "front_door_function_url": FactSpec(
        "flag", "the function's own URL (AuthType AWS_IAM), not API Gateway, takes the requests"
    ),
    "snapstart_in_design": FactSpec(
        "flag", "the design turns SnapStart on for the functions callers wait on"
    ),
    "front_door_rest": FactSpec(
        "flag", "an API Gateway REST API fronts the functions' requests (it streams answers)"
    ),
    "events_streamed": FactSpec(
        "flag", "published events go through a Kinesis data stream, not an SNS topic"
    ),
    "database_direct": FactSpec(
        "flag", "the design has the functions reach the relational database with no RDS Proxy"
    ),
    "cheapest_alternative": FactSpec("text", "which alternative is cheaper", ALTERNATIVE_KEYS),
    "cheapest_alternative_label": FactSpec("text", "the cheaper alternative, in words"),
    "serverless_cost_ratio": FactSpec(
        "number", "serverless estimate / cheapest alternative (> 1: serverless costs more)"
    ),
    "serverless_savings_usd": FactSpec(
        "number", "cheapest alternative minus serverless, USD per month (< 0: costs more)"
    ),
    "break_even_known": FactSpec("flag", "the costs cross at some average request rate"),
    "break_even_avg_rps": FactSpec("number", "average rate where costs cross (0 if never)"),
    "budget_given": FactSpec("flag", "a monthly budget was given"),
    "budget_ratio": FactSpec("number", "serverless estimate / budget (0 without a budget)"),
    "shared_monthly_usd": FactSpec(
        "number", "lines every option pays alike (data store, transfer, ...), USD per month"
    ),
    "serverless_differing_usd": FactSpec(
        "number", "serverless estimate without the shared lines, USD per month"
    ),
    "alternative_differing_usd": FactSpec(
        "number", "cheapest alternative without the shared lines, USD per month"
    ),
    "managed_instances_differing_usd": FactSpec(
        "number",
        "the same functions on Lambda Managed Instances, on the lines that differ, USD/month "
        "(0 where they are not offered)",
    ),
    "managed_instances_saving_usd": FactSpec(
        "number",
        "what Lambda Managed Instances save on on-demand Lambda, USD/month (0 where not offered)",
    ),
    "managed_instances_in_design": FactSpec(
        "flag",
        "the design runs the functions on Lambda Managed Instances (a steady load they save on)",
    ),
    "on_demand_differing_usd": FactSpec(
        "number",
        "where the design runs the functions on Lambda Managed Instances, the same design on "
        "on-demand Lambda, on the lines that differ, USD/month (else the serverless figure)",
    ),
    "managed_instances_words": FactSpec(
        "text", "the managed instances the design runs, in words ('3 x m7g.large'; '' if none)"
    ),
    "differing_cost_ratio": FactSpec(
        "number", "serverless / cheapest alternative on the lines that differ (> 1: costs more)"
    ),
    "cost_gap_usd": FactSpec(
        "number", "serverless minus the cheapest alternative, USD per month (< 0: saves)"
    ),
    "material_gap_usd": FactSpec(
        "number", "the monthly gap that matters: the people's time running servers takes"
    ),
    "cost_gap_material": FactSpec("flag", "serverless costs more by at least the gap that matters"),
    "savings_material": FactSpec("flag", "serverless costs less by at least the gap that matters"),
    "decisive_cost_ratio": FactSpec(
        "number",
        "the multiple that decides against serverless at this gap: 2x at the gap that "
        "matters, smaller as the gap grows (1.5x at ten times it)",
    ),
    "narrow_cost_ratio": FactSpec(
        "number", "the multiple from which serverless fits narrowly at best: half-way to decisive"
    ),
}

# Known once the hard limits have decided which parts run outside Lambda.
_DESIGN: dict[str, FactSpec] = {
    "offload_count": FactSpec("number", "parts the design runs outside Lambda (hybrid)"),
    "hot_path_offloaded": FactSpec(
        "flag", "the design serves requests from an always-on service, not Lambda"
    ),
    "serverless_roles_left": FactSpec(
        "number", "kinds of real work serverless parts still do (requests, events, workflow)"
    ),
    "serverless_roles_words": FactSpec("text", "the real work serverless parts still do"),
    "serverless_around_it": FactSpec(
        "text", "what could still be serverless around work that runs elsewhere"
    ),
    "workflow_type": FactSpec(
        "text",
        "what coordinates the design's workflow: a standard or express Step Functions "
        "workflow, a state_table (waiting runs as DynamoDB rows), or none",
    ),
    "lambda_functions_left": FactSpec(
        "flag", "the design keeps any Lambda function (real work, glue, or one handing work on)"
    ),
    "serverless_design_label": FactSpec(
        "text", "the priced serverless design in words: all-serverless, hybrid, or moved out"
    ),
    "gpu_shape": FactSpec(
        "text",
        "how the GPU work runs: an always-on service callers wait on, jobs, or none",
        ("service", "jobs", "none"),
    ),
    "gpu_busy_share": FactSpec(
        "number", "share of the GPU service's billed GPU-hours spent serving (0 without one)"
    ),
    "gpu_requests_at_once": FactSpec(
        "number", "requests one GPU serves at once (its model server's batch), requests"
    ),
}

# The platform's limits (knowledge/platform), so rules name them rather than repeat them.
_PLATFORM: dict[str, FactSpec] = {
    f"{FACT_PREFIX}{name}": FactSpec("number", f"{spec.description}, in {spec.unit}")
    for name, spec in platform_limits().items()
}

FACTS: dict[str, FactSpec] = _ANSWERS | _TRIGGER_FLAGS | _DERIVED | _PLATFORM | _DESIGN | _COSTS
# Facts that need the design or its costs: the offload decisions cannot read them.
DESIGN_FACTS = frozenset(_DESIGN)
LATE_FACTS = DESIGN_FACTS | frozenset(_COSTS)


def fact_catalog() -> dict[str, str]:
    """Fact name -> description with unit: the whitelist, for docs and the UI."""
    return {name: spec.description for name, spec in FACTS.items()}


def _ratio(numerator: float, denominator: float) -> float:
    if denominator > 0:
        return min(numerator / denominator, RATIO_CAP)
    return RATIO_CAP if numerator > 0 else 0.0


def _cost_ratio(serverless_usd: float, alternative_usd: float) -> float:
    # Both free (no traffic, free tier): neither is cheaper.
    if serverless_usd <= 0 and alternative_usd <= 0:
        return 1.0
    return _ratio(serverless_usd, alternative_usd)


def _answer_facts(workload: Workload) -> dict[str, object]:
    # Enum answers as their words (a StrEnum compares equal to its word already).
    facts = {name: getattr(workload, name) for name in _ANSWERS}
    facts["p95_latency_ms"] = float(workload.p95_latency_ms)
    facts["memory_mb"] = float(workload.memory_mb)
    facts["monthly_budget_usd"] = workload.monthly_budget_usd or 0.0
    facts["triggers"] = tuple(trigger.value for trigger in workload.triggers)
    facts["connection_minutes_avg"] = workload.connection_minutes
    return facts


# The triggers inside a sentence ("Work starts from events (HTTP requests, file uploads)"),
# not the contract's words (file_upload).
_TRIGGER_WORDS = {
    Trigger.HTTP: "HTTP requests",
    Trigger.FILE_UPLOAD: "file uploads",
    Trigger.DB_CHANGE: "database changes",
    Trigger.QUEUE: "queue messages",
    Trigger.PUBSUB: "published events",
    Trigger.SCHEDULE: "a schedule",
}


def _trigger_facts(workload: Workload) -> dict[str, object]:
    facts: dict[str, object] = {
        f"has_{trigger.value}_trigger": trigger in workload.triggers for trigger in Trigger
    }
    facts["has_async_trigger"] = any(t in ASYNC_TRIGGERS for t in workload.triggers)
    facts["trigger_count"] = float(len(workload.triggers))
    facts["trigger_words"] = ", ".join(_TRIGGER_WORDS[t] for t in workload.triggers) or "none"
    return facts


def _load_facts(workload: Workload) -> dict[str, object]:
    cold_start_ms = load.cold_start_ms(workload)
    return {
        "requests_per_month": workload.requests_per_month,
        "requests_per_month_millions": workload.requests_per_month / 1e6,
        "answered_connections": float(workload.concurrent_connections or 0),
        "avg_concurrency": load.avg_concurrency(workload),
        "peak_concurrency": load.peak_concurrency(workload),
        "peak_to_avg_ratio": _ratio(workload.peak_rps, workload.avg_rps) or 1.0,
        "duty_cycle": min(_ratio(workload.avg_rps, workload.peak_rps), 1.0),
        "max_duration_min": workload.max_duration_s / 60,
        "workflow_starts_per_s": 0.0
        if workload.workflow == Workflow.NONE
        else workload.avg_rps * workload.workflow_share,
        "avg_duration_s": workload.avg_duration_ms / 1000,
        "streams_within_lambda": streams_within_lambda(workload),
        "memory_gb": workload.memory_mb / 1024,
        "payload_mb": workload.payload_kb / 1024,
        "response_mb": workload.response_kb / 1024,
        "deployment_package_mb": _assumption(workload, "deployment_package_mb"),
        "front_door_overhead_ms": _assumption(workload, "front_door_overhead_ms"),
        "peak_invocations_per_s": _peak_invocations_per_s(workload),
        "fastest_response_ms": _fastest_p95_response_ms(workload),
        "work_p95_ms": workload.avg_duration_ms * _assumption(workload, "latency_p95_over_average"),
        "cold_start_ms": cold_start_ms,
        "cold_start_headroom_ms": workload.p95_latency_ms
        - cold_start_ms
        - workload.avg_duration_ms,
        "cold_start_breaks_latency": load.cold_start_breaks_latency_target(workload),
        "snapstart_ms": load.snapstart_ms(workload) or 0.0,
        "snapstart_meets_target": load.snapstart_meets_target(workload),
        "provisioned_concurrency_needed": float(load.provisioned_concurrency_needed(workload)),
    }


def _peak_invocations_per_s(workload: Workload) -> float:
    batch = records_per_invocation(workload, assumption_values(workload), workload.peak_rps)
    return workload.peak_rps / batch


def _assumption(workload: Workload, name: str) -> float:
    """An assumption's value for this workload: its override, else the default."""
    overrides = dict(workload.assumptions)
    if name in overrides:
        return overrides[name]
    return pricing_catalog().assumptions[name].default


def _fastest_p95_response_ms(workload: Workload) -> float:
    """The best a p95 through API Gateway and a warm function can be: the front door's
    average time and the run's, each slower at the 95th percentile than on average (a
    3 ms lookup behind a 10 ms front door answers in 13 ms on average, not at p95)."""
    average_ms = _assumption(workload, "front_door_overhead_ms") + workload.avg_duration_ms
    return average_ms * _assumption(workload, "latency_p95_over_average")


def material_gap_usd(assumptions: Mapping[str, float]) -> float:
    """A monthly cost gap smaller than this is not a reason to choose (or refuse) servers.

    It stands for the people's time a container or VM fleet takes to run, which does not
    grow with the budget: a budget nobody is near must not move the verdict (the budget
    rules decide where an estimate is over it).
    """
    return assumptions["material_gap_usd"]


def _money_facts(workload: Workload, costs: CostComparison) -> dict[str, object]:
    """The money on the lines that differ: what the decision weighs."""
    alternatives = (kind.estimate(costs) for kind in ALTERNATIVES)
    cheapest = min(costs.differing_usd(option) for option in alternatives)
    serverless = costs.differing_usd(costs.serverless)
    gap = serverless - cheapest
    defaults = {name: spec.default for name, spec in pricing_catalog().assumptions.items()}
    material = material_gap_usd(defaults | dict(a.name_value for a in costs.assumptions))
    decisive = decisive_cost_ratio(gap, material)
    return {
        "shared_monthly_usd": costs.shared.monthly_usd,
        "serverless_differing_usd": serverless,
        "alternative_differing_usd": cheapest,
        "differing_cost_ratio": _cost_ratio(serverless, cheapest),
        "cost_gap_usd": gap,
        "material_gap_usd": material,
        "cost_gap_material": gap >= material,
        "savings_material": -gap >= material,
        "decisive_cost_ratio": decisive,
        "narrow_cost_ratio": 1 + (decisive - 1) / 2,
        **_managed_instances_facts(costs, serverless),
    }


def _managed_instances_facts(costs: CostComparison, serverless_usd: float) -> dict[str, object]:
    provider = costs.design.capacity_provider if costs.design is not None else None
    in_design: dict[str, object] = {
        "managed_instances_in_design": provider is not None,
        "on_demand_differing_usd": serverless_usd,
        "managed_instances_words": "",
    }
    if provider is not None:  # the serverless option is on them; on demand is the what-if
        # Its own lines, which are what differs (the shared ones are in every option).
        in_design["on_demand_differing_usd"] = provider.on_demand_usd
        in_design["managed_instances_words"] = (
            f"{provider.base_instances} x {provider.instance_type}"
        )
    try:
        managed = costs.differing_usd(costs.estimate(MANAGED_INSTANCES))
    except KeyError:  # not offered (GPU work, no function left) or already the design
        return in_design | {
            "managed_instances_differing_usd": 0.0,
            "managed_instances_saving_usd": 0.0,
        }
    return in_design | {
        "managed_instances_differing_usd": managed,
        "managed_instances_saving_usd": max(0.0, serverless_usd - managed),
    }


def decisive_cost_ratio(gap_usd: float, material_usd: float) -> float:
    """The multiple of the cheapest alternative at which serverless does not fit.

    Twice the alternative up to five times the gap that matters; beyond, the bigger the
    gap, the smaller the multiple that decides (1.5x at ten times the gap, 1.25x at twenty),
    but never under 1.1x: within a tenth, the options cost the same for a decision. 3x on
    $40 a month is not 3x on $40,000. Falling with the gap itself, the bar falls faster than
    AWS's volume tiers lower the multiple, so more load does not read better.
    """
    if gap_usd <= 0 or material_usd <= 0:
        return 2.0
    return 1 + max(MIN_DECISIVE_EXCESS, min(1.0, 5 * material_usd / gap_usd))


def _cost_facts(workload: Workload, costs: CostComparison) -> dict[str, object]:
    serverless = costs.serverless.monthly_usd
    alternatives = {kind.key: kind.estimate(costs).monthly_usd for kind in ALTERNATIVES}
    cheapest = cheapest_alternative(costs).key
    budget = workload.monthly_budget_usd
    return {
        "serverless_monthly_usd": serverless,
        "front_door_alb": costs.design is not None and "alb" in costs.design.api_types,
        "front_door_rest": costs.design is not None and "rest" in costs.design.api_types,
        "front_door_function_url": (
            costs.design is not None and "function_url" in costs.design.api_types
        ),
        "snapstart_in_design": (
            costs.design is not None and costs.design.warm_start.kind == "snapstart"
        ),
        "events_streamed": costs.design is not None and costs.design.event_stream is not None,
        "database_direct": _database_direct(costs),
        **{f"{key}_monthly_usd": usd for key, usd in alternatives.items()},
        "cheapest_alternative_usd": alternatives[cheapest],
        # The only EC2 lines every option shares are the GPU instances (costs/gpu.py).
        "gpu_monthly_usd": sum(
            (i.monthly_usd for i in costs.shared.items if i.service == "ec2"), 0.0
        ),
        "cheapest_alternative": cheapest,
        "cheapest_alternative_label": option_in_words(cheapest, workload),
        "serverless_cost_ratio": _cost_ratio(serverless, alternatives[cheapest]),
        "serverless_savings_usd": alternatives[cheapest] - serverless,
        "break_even_known": costs.break_even_avg_rps is not None,
        "break_even_avg_rps": costs.break_even_avg_rps or 0.0,
        "budget_given": budget is not None,
        "budget_ratio": 0.0 if budget is None else _ratio(serverless, budget),
    }


def _database_direct(costs: CostComparison) -> bool:
    database = costs.design.database if costs.design is not None else None
    return database is not None and not database.proxy


@functools.lru_cache(maxsize=256)
def _workload_facts(workload: Workload) -> dict[str, object]:
    return (
        _answer_facts(workload)
        | _trigger_facts(workload)
        | _load_facts(workload)
        | platform_facts()
    )


def workload_facts(workload: Workload) -> dict[str, object]:
    """The facts the answers alone give: enough to decide what must leave Lambda.

    Asked twice per evaluation (the offloads, then the verdict): computed once; a copy,
    so a caller may add to it.
    """
    return dict(_workload_facts(workload))


def design_facts(
    workload: Workload, offloaded: tuple[OffloadPart, ...], *, managed_instances: bool = False
) -> dict[str, object]:
    """`managed_instances`: the priced design runs its functions on Lambda Managed
    Instances (the label says so)."""
    roles = serverless_roles(workload, offloaded)
    return {
        "offload_count": float(len(offloaded)),
        # The request path moved, or callers wait for work that runs elsewhere.
        "hot_path_offloaded": requests_leave_lambda(workload, offloaded),
        "serverless_roles_left": float(len(roles)),
        "serverless_roles_words": "; ".join(ROLE_WORDS[role] for role in roles) or "nothing",
        "serverless_around_it": serverless_around(workload, offloaded),
        "serverless_design_label": _design_label(offloaded, roles)
        + (", on Lambda Managed Instances" if managed_instances else ""),
        "workflow_type": workflow_type_for(workload, offloaded) or "none",
        "lambda_functions_left": lambda_functions_left(workload, offloaded),
        **_gpu_facts(workload, offloaded),
    }


def _gpu_facts(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> dict[str, object]:
    shape = gpu_shape(workload, offloaded)
    ctx = make_context(workload, assumption_values(workload))
    busy = gpu_service_busy_share(ctx) if shape == "service" else 0.0
    return {
        "gpu_shape": shape,
        "gpu_busy_share": busy,
        "gpu_requests_at_once": gpu_requests_at_once(ctx),
    }


def _design_label(offloaded: tuple[OffloadPart, ...], roles: tuple[object, ...]) -> str:
    if not offloaded:
        return "all-serverless"
    return "the hybrid design" if roles else "the design with its work on Fargate or EC2"


def derive_facts(workload: Workload, costs: CostComparison) -> dict[str, object]:
    """Every fact in `FACTS`, for one workload and the cost comparison of its design."""
    facts = (
        workload_facts(workload)
        | design_facts(
            workload,
            costs.offloaded_parts,
            managed_instances=costs.design is not None
            and costs.design.capacity_provider is not None,
        )
        | _cost_facts(workload, costs)
        | _money_facts(workload, costs)
    )
    if facts.keys() != FACTS.keys():  # a catalog entry without a value is a programming error
        raise RuntimeError(f"facts out of step with the catalog: {facts.keys() ^ FACTS.keys()}")
    return facts
