"""Composing the architecture model from a workload's answers and the verdict.

The vocabulary (services, labels, IAM actions, edges) is data in knowledge/patterns; this
module decides which patterns apply, in a fixed order, and sizes the functions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from advisor.engine.architecture import sizing
from advisor.engine.architecture.capacity import capacity_provider_parts, on_managed_instances
from advisor.engine.architecture.catalog import PatternCatalog, pattern_catalog
from advisor.engine.architecture.checks import FLEET_DOORS, FRONT_DOOR_STAND_INS, FRONT_DOORS
from advisor.engine.architecture.draft import Draft
from advisor.engine.architecture.models import (
    CLUSTERS,
    DATABASE_PLACEHOLDERS,
    DELIVERY_PLACEHOLDERS,
    GPU_JOB_PLACEHOLDERS,
    GPU_SERVICE_PLACEHOLDERS,
    FunctionSpec,
    PatternSpec,
)
from advisor.engine.costs.gpu import (
    gpu_instance,
    gpu_requests_at_once,
    gpu_requests_per_instance_minute,
    gpu_service_size,
)
from advisor.engine.costs.idempotency import KEYED
from advisor.engine.costs.load_balancers import requests_apart_from_connections
from advisor.engine.costs.managed_instances import serverless_design
from advisor.engine.costs.model import assumption_values, make_context
from advisor.engine.costs.private_network import subnets_words
from advisor.engine.costs.workflow_engine import STATE_TABLE
from advisor.engine.design import (
    connections_leave_lambda,
    events_handed_on,
    gpu_service_serves,
    long_runs_on_fargate,
    long_runs_served,
    requests_leave_lambda,
    submits_jobs,
)
from advisor.engine.results import (
    ArchitectureModel,
    Component,
    Design,
    Edge,
    EventStream,
    Function,
    OffloadPart,
    Permission,
    Verdict,
)
from advisor.engine.workload import Auth, TrafficPattern, Trigger, Workload

IDEMPOTENCY_TABLE = "idempotency_table"


def design_architecture(
    workload: Workload, verdict: Verdict, design: Design | None = None
) -> ArchitectureModel:
    """The one model the diagram, the PDF report and the SAM starter repo are drawn from.

    `design` is the one the costs priced (the engine passes it); without it, the same
    choices are made again from the workload and the verdict's offloaded parts.
    """
    catalog = pattern_catalog()
    moved = offloaded_parts(workload, verdict)
    if design is None:
        design = serverless_design(make_context(workload, assumption_values(workload)), moved)
    selected = _selected_patterns(workload, moved, catalog, design)
    draft = Draft(
        catalog=catalog,
        context=_label_context(workload, catalog, design),
        replaced=frozenset(f for pattern in selected for f in pattern.replaces),
        stand_ins=dict(
            FRONT_DOOR_STAND_INS[api] for api in design.api_types if api in FRONT_DOOR_STAND_INS
        ),
    )
    for pattern in selected:
        draft.add_pattern(pattern)
    for door in FRONT_DOORS:
        if door in draft.components:
            draft.add_pattern(catalog.pattern("security_controls", f"{workload.auth.value}@{door}"))
    for door in FLEET_DOORS:
        if door in draft.components and workload.auth == Auth.PUBLIC:
            draft.add_pattern(catalog.pattern("security_controls", f"public@{door}"))
    if design.edge == "cloudfront":
        draft.add_pattern(catalog.pattern("security_controls", "edge_firewall"))
        # Clients reach the API through the distribution, not directly.
        draft.edges.pop(("clients", "http_api", "HTTPS"), None)
    data_pattern = catalog.pattern("data_stores", data_store_key(workload, design))
    data_users = [u for p in draft.patterns for u in p.data_users if u in draft.components]
    draft.grant_data_access(data_pattern, data_users)
    draft.grant_present()
    draft.wire_producers()
    for pattern in draft.patterns:
        if pattern.protection is not None:
            draft.protect(pattern.protection)
    return _finish(draft, workload, design)


def offloaded_parts(workload: Workload, verdict: Verdict) -> tuple[OffloadPart, ...]:
    """The verdict's offloaded parts, plus any the answers force (Lambda cannot do them at all)."""
    parts = set(verdict.offloaded_parts)
    if workload.gpu_required:
        parts.add(OffloadPart.GPU_WORK)
    if workload.max_duration_s > sizing.max_timeout_s():
        parts.add(OffloadPart.LONG_RUNNING_JOBS)
    if connections_leave_lambda(workload):
        parts.add(OffloadPart.PERSISTENT_CONNECTIONS)
    return tuple(part for part in OffloadPart if part in parts)


def _selected_patterns(
    workload: Workload,
    offloaded: tuple[OffloadPart, ...],
    catalog: PatternCatalog,
    design: Design,
) -> list[PatternSpec]:
    # Order matters only for presentation and for which latency-path function comes first:
    # a WebSocket message handler is the request path when the workload has one.
    # When the requests are served outside Lambda (the request path moved, or they are the
    # traffic of connections that moved), the HTTP trigger's API and handler do not exist.
    leave = requests_leave_lambda(workload, offloaded)
    triggers = [t for t in workload.triggers if not (leave and t == Trigger.HTTP)]
    keys = [
        ("connections", workload.persistent_connections.value),
        *(("triggers", _trigger_pattern(workload, trigger, design)) for trigger in triggers),
        ("workflows", _workflow_pattern(workload, design)),
        *(
            ("offloads", key)
            for part in offloaded
            if (key := _offload_key(workload, part, offloaded))
        ),
        ("data_stores", data_store_key(workload, design)),
        ("security_controls", "least_privilege"),
        *([("security_controls", "sensitive_data")] if workload.sensitive_data else []),
        ("observability", "monitoring"),
        *([("observability", "budget")] if workload.monthly_budget_usd is not None else []),
    ]
    patterns = [
        _with_consumers(catalog.pattern(kind, key), design)
        if key in _FANNED_OUT
        else catalog.pattern(kind, key)
        for kind, key in keys
    ]
    handed_on = {t.value for t in events_handed_on(workload, offloaded)}
    keyed = design.event_idempotency == KEYED
    return [
        _without_records(pattern)
        if kind == "triggers" and keyed
        else _as_glue(pattern, design)
        if kind == "triggers" and key in handed_on
        else pattern
        for (kind, key), pattern in zip(keys, patterns, strict=True)
    ]


def _workflow_pattern(workload: Workload, design: Design) -> str:
    """Waiting runs kept in a state table have their own parts (no state machine)."""
    if design.workflow_type == STATE_TABLE:
        return f"{workload.workflow.value}_state_table"
    return workload.workflow.value


def _without_records(pattern: PatternSpec) -> PatternSpec:
    """A trigger's consumers when their one write, keyed by the event, is their
    idempotency (design.event_idempotency): no idempotency table, no grant to it."""
    functions = tuple(
        spec.model_copy(
            update={"grants": tuple(g for g in spec.grants if g.resource != IDEMPOTENCY_TABLE)}
        )
        for spec in pattern.functions
    )
    return pattern.model_copy(update={"functions": functions})


# A queue's function that gathers the GPU jobs' items, labelled as the estimate prices it.
_GATHERING_LABEL = "SQS batches of up to {gpu_job_batch_words} · {gpu_job_window_s} s window"


def _as_glue(pattern: PatternSpec, design: Design) -> PatternSpec:
    """A trigger's functions when the work runs elsewhere: they only hand it on (start
    an execution), so they get the glue size the estimate prices them at. A queue's
    function gathering the GPU jobs' items takes them in the design's groups."""
    gathers = design.gpu_jobs is not None and design.gpu_jobs.gathers_from_queue
    functions = tuple(
        spec.model_copy(
            update={"size": "glue"}
            | ({"trigger_label": _GATHERING_LABEL} if gathers and _reads_a_queue(spec) else {})
        )
        for spec in pattern.functions
    )
    return pattern.model_copy(update={"functions": functions})


def _reads_a_queue(spec: FunctionSpec) -> bool:
    return spec.trigger in ("work_queue", "upload_queue")


# The published events' patterns whose consumer is built once per independent consumer.
_FANNED_OUT = ("pubsub_stream", "pubsub_queues")


def _consumers(design: Design) -> int:
    stream = design.event_stream
    return stream.consumers if stream is not None else max(design.event_queues, 1)


def _with_consumers(pattern: PatternSpec, design: Design) -> PatternSpec:
    """The events' consumer once per independent consumer: the first keeps its id, each
    other is a copy (same handler shape and grants) with its own number, code and reader."""
    consumers = _consumers(design)
    if consumers <= 1:
        return pattern
    stream = design.event_stream
    reader = " · its own enhanced fan-out consumer" if stream and stream.enhanced_fan_out else ""
    functions: list[FunctionSpec] = []
    for spec in pattern.functions:
        functions += [
            spec.model_copy(
                update={
                    "id": spec.id if number == 1 else f"{spec.id}_{number}",
                    "purpose": f"Consumer {number} of {consumers}: {spec.purpose}",
                    "trigger_label": spec.trigger_label + reader,
                    "consumer": number,
                    "copy_of": None if number == 1 else spec.id,
                }
            )
            for number in range(1, consumers + 1)
        ]
    return pattern.model_copy(update={"functions": tuple(functions)})


def _trigger_pattern(workload: Workload, trigger: Trigger, design: Design) -> str:
    """Published events go through the design's Kinesis stream when it has one, or to a
    queue per consumer where several read them; requests that start long runs submit
    jobs and poll for them; answers the design streams have a streaming handler."""
    if trigger == Trigger.PUBSUB and design.event_stream is not None:
        return "pubsub_stream"
    if trigger == Trigger.PUBSUB and design.event_queues:
        return "pubsub_queues"
    if trigger == Trigger.HTTP and submits_jobs(workload, design.offloaded_parts):
        return "http_jobs"
    if trigger == Trigger.HTTP and "rest" in design.api_types:
        return "http_stream"
    return trigger.value


def _stream_labels(design: Design) -> dict[str, str]:
    """The stream's settings as the estimate priced them, for its label and properties."""
    stream = design.event_stream
    if stream is None:
        return {}
    provisioned = stream.mode == "provisioned"
    return {
        "event_stream_mode": "PROVISIONED" if provisioned else "ON_DEMAND",
        "event_stream_mode_words": "provisioned" if provisioned else "on-demand",
        "event_stream_shards": str(stream.shards),
        "event_stream_shards_words": (
            f"{stream.shards:,} shards" if provisioned else "shards sized by Kinesis"
        ),
        "event_stream_batch_size": str(stream.batch_size),
        "event_stream_batching_window_s": str(stream.batching_window_s),
        "event_stream_parallelization_factor": str(stream.parallelization_factor),
        "event_stream_readers_words": _readers_words(stream),
        "event_stream_consumers": str(stream.consumers),
        "event_stream_enhanced_fan_out": "true" if stream.enhanced_fan_out else "false",
    }


def _readers_words(stream: EventStream) -> str:
    """How several consumers read the stream, for its label (nothing for one)."""
    if stream.consumers <= 1:
        return ""
    if stream.enhanced_fan_out:
        return f" · {stream.consumers} enhanced fan-out consumers"
    return f" · {stream.consumers} readers sharing the shards"


def _offload_key(
    workload: Workload, part: OffloadPart, offloaded: tuple[OffloadPart, ...]
) -> str | None:
    """The pattern of an offloaded part: GPU work the caller waits for is a service behind
    a load balancer, not jobs a workflow submits; that service is then the request path
    (as the costs price one fleet), so no other hot-path service is drawn beside it. Long
    runs of GPU work are the GPU runs: no Fargate task of their own (none is priced)."""
    if part == OffloadPart.LONG_RUNNING_JOBS and not long_runs_on_fargate(offloaded):
        return None
    if part == OffloadPart.LONG_RUNNING_JOBS and long_runs_served(workload, offloaded):
        return "long_running_service"
    if part == OffloadPart.HOT_PATH and _requests_ride_connections(workload, offloaded):
        return None
    if not gpu_service_serves(workload, offloaded):
        return part.value
    if part == OffloadPart.GPU_WORK:
        return "gpu_service"
    return None if part == OffloadPart.HOT_PATH else part.value


def _requests_ride_connections(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> bool:
    """The requests are the traffic on raw connections that moved out: the connection
    service behind its Network Load Balancer answers them, so no second fleet behind an
    Application Load Balancer is drawn (none is priced)."""
    moved = OffloadPart.PERSISTENT_CONNECTIONS in offloaded
    return moved and not requests_apart_from_connections(workload)


def _gpu_service_labels(workload: Workload, design: Design) -> dict[str, str]:
    """The GPU service's instances, as the cost lines size them (off-peak and peak)."""
    if not gpu_service_serves(workload, design.offloaded_parts):
        return dict.fromkeys(GPU_SERVICE_PLACEHOLDERS, "")
    ctx = make_context(workload, assumption_values(workload))
    base, peak = gpu_service_size(ctx)
    return {
        "gpu_instance_type": gpu_instance().type,
        "gpu_instances_off_peak": str(base),
        "gpu_instances_peak": str(peak),
        "gpu_requests_at_once": f"{gpu_requests_at_once(ctx):g}",
        "gpu_requests_per_instance_minute": str(gpu_requests_per_instance_minute(ctx)),
    }


def _gpu_job_labels(design: Design) -> dict[str, str]:
    """The GPU jobs' grouping, as the cost lines price it."""
    jobs = design.gpu_jobs
    if jobs is None:
        return dict.fromkeys(GPU_JOB_PLACEHOLDERS, "")
    return {
        "gpu_job_items": f"{jobs.items_per_job:,} item{'s' if jobs.items_per_job > 1 else ''}",
        "gpu_job_batch_size": str(jobs.batch_size),
        "gpu_job_batch_words": f"{jobs.batch_size:,}",
        "gpu_job_window_s": str(jobs.batching_window_s),
    }


def _label_context(workload: Workload, catalog: PatternCatalog, design: Design) -> dict[str, str]:
    params = catalog.parameters
    scheduled = workload.traffic_pattern is TrafficPattern.SCHEDULED
    budget = workload.monthly_budget_usd
    workflow = design.workflow_type or "standard"
    return {
        **params,
        "workflow_type": workflow.upper(),
        "workflow_type_label": workflow.capitalize(),
        "schedule_expression": (
            params["schedule_daily_cron"] if scheduled else params["schedule_default_rate"]
        ),
        "monthly_budget_usd": f"{budget:,.0f}" if budget is not None else "",
        **_stream_labels(design),
        "event_queues": str(design.event_queues),
        **_gpu_service_labels(workload, design),
        **_gpu_job_labels(design),
        **_job_task_labels(design),
        **_database_labels(design),
        **_delivery_labels(design),
        **_table_labels(design),
    }


def _table_labels(design: Design) -> dict[str, str]:
    """The application table's capacity as the estimate priced it: on demand, or the
    provisioned units auto scaling moves between (off the peak, through the busy hours)."""
    capacity = design.table_capacity
    if capacity is None or capacity.mode != "provisioned":
        return {
            "table_capacity_words": "on-demand",
            "table_billing_mode": "PAY_PER_REQUEST",
            "table_write_capacity": "on demand",
            "table_read_capacity": "on demand",
        }
    return {
        "table_capacity_words": (
            f"provisioned · auto scaling at {capacity.target_utilization:.0%}"
        ),
        "table_billing_mode": "PROVISIONED",
        "table_write_capacity": f"{capacity.base_wcu}-{capacity.peak_wcu} WCU",
        "table_read_capacity": f"{capacity.base_rcu}-{capacity.peak_rcu} RCU",
    }


def _delivery_labels(design: Design) -> dict[str, str]:
    """The delivery stream's buffering, as the estimate prices it."""
    stream = design.delivery_stream
    if stream is None:
        return dict.fromkeys(DELIVERY_PLACEHOLDERS, "")
    return {
        "firehose_buffer_mb": str(stream.buffer_mb),
        "firehose_buffer_interval_s": str(stream.buffer_interval_s),
    }


def _database_labels(design: Design) -> dict[str, str]:
    """The relational database, as the estimate prices it."""
    database = design.database
    if database is None:
        return dict.fromkeys(DATABASE_PLACEHOLDERS, "")
    if database.pauses:
        return {
            "database_service": "Amazon Aurora Serverless v2 (PostgreSQL)",
            "database_label": (
                f"Aurora Serverless v2 · PostgreSQL · pauses at 0 ACU (max {database.max_acu:g})"
                f" · {subnets_words(database)}"
            ),
            "database_engine": "aurora-postgresql",
        }
    return {
        "database_service": "Amazon RDS for PostgreSQL",
        "database_label": (
            f"RDS PostgreSQL · {database.instance_class} ({database.vcpu:g} vCPUs, "
            f"{database.memory_gib:g} GiB) · Multi-AZ · {subnets_words(database)}"
        ),
        "database_engine": "postgres",
    }


def data_store_key(workload: Workload, design: Design) -> str:
    """The data store's pattern: a relational database is reached through RDS Proxy, or
    directly when the design has no proxy; objects through the delivery stream when the
    design buffers the requests' events."""
    if design.delivery_stream is not None:
        return "object_delivery"
    database = design.database
    if database is not None and not database.proxy:
        return "relational_direct"
    return workload.data_store.value


def _job_task_labels(design: Design) -> dict[str, str]:
    """The long runs' Fargate task, as the estimate prices it."""
    task = design.job_task
    if task is None:
        return {"job_task_vcpu": "", "job_task_memory_gb": ""}
    return {"job_task_vcpu": f"{task.vcpu:g}", "job_task_memory_gb": f"{task.memory_gb:g}"}


def _finish(draft: Draft, workload: Workload, design: Design) -> ArchitectureModel:
    functions = on_managed_instances(_size_functions(draft, workload, design), design)
    per_function = _per_function_parts(draft, functions)
    provider, provider_edges = capacity_provider_parts(design, functions)
    components = [_component(draft, cid) for cid in draft.components] + provider
    components += [_function_component(fn, workload) for fn in functions] + per_function
    components.sort(key=lambda component: CLUSTERS.index(component.cluster))
    return ArchitectureModel(
        components=tuple(_with_queue_visibility(components, functions, draft, design)),
        edges=tuple(Edge(source=s, target=t, label=label) for s, t, label in draft.edges)
        + tuple(provider_edges),
        functions=tuple(functions),
        alarms=tuple(_alarms(draft, functions)),
    )


def _size_functions(draft: Draft, workload: Workload, design: Design) -> list[Function]:
    policy = draft.catalog.sizing
    specs = list(draft.functions.values())
    provisioned = _provisioned(specs, design)
    wanted = {
        s.id: sizing.wanted_reserved_concurrency(s, workload, policy, provisioned.get(s.id, 0))
        for s in specs
    }
    reserved = sizing.fit_reserved_concurrency(wanted, provisioned, policy)
    warm = design.warm_start
    return [
        Function(
            id=spec.id,
            purpose=spec.purpose,
            trigger=spec.trigger,
            memory_mb=sizing.memory_mb(spec, workload, policy),
            timeout_s=sizing.timeout_s(spec, workload, policy),
            architecture=workload.architecture.value,
            reserved_concurrency=reserved[spec.id],
            provisioned_concurrency=provisioned.get(spec.id),
            provisioned_off_peak=warm.base_environments if spec.id in provisioned else None,
            busy_hours_per_day=warm.busy_hours_per_day if spec.id in provisioned else 0.0,
            permissions=_permissions(draft, spec.id),
            environment=_environment(draft, spec.id, workload),
            # SnapStart goes where warm starts were needed: the request path's functions.
            snapstart=design.warm_start.kind == "snapstart" and spec.latency_path,
            consumer=spec.consumer,
            copy_of=spec.copy_of,
        )
        for spec in specs
    ]


def _provisioned(specs: list[FunctionSpec], design: Design) -> dict[str, int]:
    """Pre-warmed environments (the busy hours' figure) go to the first latency-path
    function only, as the design priced them.

    The workload's peak is one figure for the whole request path (the cost engine prices it
    once), so it is not multiplied across every API-facing function.
    """
    needed = design.warm_start.peak_environments if design.warm_start.kind == "provisioned" else 0
    first = next((spec.id for spec in specs if spec.latency_path), None)
    return {first: needed} if needed and first else {}


def _permissions(draft: Draft, function_id: str) -> tuple[Permission, ...]:
    by_resource: dict[str, dict[str, None]] = {}
    for grant in draft.grants[function_id]:
        if grant.actions:
            by_resource.setdefault(grant.resource, {}).update(dict.fromkeys(grant.actions))
    return tuple(
        Permission(actions=tuple(actions), resource=resource)
        for resource, actions in by_resource.items()
    )


def _environment(draft: Draft, function_id: str, workload: Workload) -> tuple[tuple[str, str], ...]:
    """Env var name -> component id of each resource it uses, then the Powertools settings."""
    names: dict[str, str] = {}
    for grant in draft.grants[function_id]:
        env_var = draft.catalog.components[grant.resource].env_var
        if env_var:
            names.setdefault(env_var, grant.resource)
    names["POWERTOOLS_SERVICE_NAME"] = _slug(workload.name)
    names["LOG_LEVEL"] = draft.catalog.sizing.log_level
    return tuple(names.items())


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workload"


def _per_function_parts(draft: Draft, functions: list[Function]) -> list[Component]:
    """One role per function (least privilege), and each function's edges to shared parts."""
    parts: list[Component] = []
    for pattern in list(draft.patterns):
        for fn in functions:
            for spec in pattern.per_function_components:
                part_id = f"{fn.id}{spec.suffix}"
                label = draft.render(spec.label, function_name=_function_name(fn.id))
                parts.append(Component(part_id, spec.kind, spec.service, label, spec.cluster))
                # The part is not a catalog component, so the edge bypasses `include`.
                draft.edges[(part_id, fn.id, draft.render(spec.edge_label))] = None
            for edge in pattern.per_function_edges:
                draft.add_edge(fn.id, edge.target, edge.label)
    return parts


def _function_name(function_id: str) -> str:
    return function_id.replace("_", "-")


def _component(draft: Draft, component_id: str) -> Component:
    spec = draft.components[component_id]
    # Property values may carry placeholders, as labels do ("{schedule_expression}").
    properties = {name: draft.render(value) for name, value in spec.properties.items()}
    if component_id in draft.protected:
        properties["encryption"] = f"KMS customer-managed key ({draft.protected[component_id]})"
    return Component(
        id=spec.id,
        kind=spec.kind,
        service=draft.render(spec.service),
        label=draft.render(draft.relabel.get(component_id, spec.label)),
        cluster=spec.cluster,
        offloaded=spec.offloaded,
        properties=tuple(properties.items()),
    )


def _function_component(fn: Function, workload: Workload) -> Component:
    return Component(
        id=fn.id,
        kind="function",
        service="AWS Lambda",
        label=f"Lambda: {_function_name(fn.id)} · {fn.memory_mb:,} MB · {fn.timeout_s} s",
        cluster="compute",
        properties=(
            ("runtime", workload.runtime.value),
            ("architecture", fn.architecture),
            ("memory_mb", str(fn.memory_mb)),
            ("timeout_s", str(fn.timeout_s)),
        ),
    )


def _with_queue_visibility(
    components: list[Component], functions: list[Function], draft: Draft, design: Design
) -> list[Component]:
    """The queue's visibility timeout follows its worker's timeout (SQS guidance: 6x),
    plus the batching window a function gathering GPU jobs' items waits (Lambda's
    guidance: six times the timeout plus MaximumBatchingWindowInSeconds)."""
    jobs = design.gpu_jobs
    window_s = jobs.batching_window_s if jobs and jobs.gathers_from_queue else 0
    timeouts = {fn.trigger: fn.timeout_s for fn in functions}
    result = []
    for component in components:
        if component.kind == "queue" and component.id in timeouts:
            visibility_s = sizing.queue_visibility_timeout_s(
                timeouts[component.id], draft.catalog.sizing, window_s=window_s
            )
            extra = (("visibility_timeout_s", str(visibility_s)),)
            component = replace(component, properties=component.properties + extra)
        result.append(component)
    return result


def _alarms(draft: Draft, functions: list[Function]) -> list[str]:
    policy = draft.catalog.sizing
    alarms: list[str] = []
    for pattern in draft.patterns:
        for fn in functions:
            for text in pattern.alarms.get("each_function", ()):
                alarms.append(
                    draft.render(
                        text,
                        function_name=_function_name(fn.id),
                        timeout_s=str(fn.timeout_s),
                        duration_alarm_s=str(sizing.duration_alarm_s(fn.timeout_s, policy)),
                    )
                )
        for subject, texts in pattern.alarms.items():
            if subject in draft.components:
                alarms.extend(draft.render(text) for text in texts)
    return alarms
