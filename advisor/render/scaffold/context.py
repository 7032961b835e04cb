"""The template context: the engine's architecture, verdict and costs as plain data.

Templates only present what is here; every choice (which resources, which permissions,
which sizes) was made by the engine. This module translates it into the stack's terms
(logical ids, ARNs, handler shapes from `_stack.yaml`) and makes user strings safe.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.architecture.sizing import duration_alarm_s
from advisor.engine.costs.private_network import route_words
from advisor.engine.results import Assessment, Estimate, Function, RuleHit, TableCapacity
from advisor.engine.rules.categories import decision_records, rule_category
from advisor.engine.workload import Workload
from advisor.render.scaffold.containers import containers
from advisor.render.scaffold.names import (
    checked_identifier,
    display_text,
    logical_id,
    package_name,
    slug,
)
from advisor.render.scaffold.packaging import function_code, packaging
from advisor.render.scaffold.stacks import StackSpec

# Container kinds clients reach from the internet (their load balancers need public subnets).
_PUBLIC_KINDS = ("http", "tcp")
_SCHEDULE = re.compile(r"^(rate|cron)\([0-9A-Za-z ,*?/#L-]+\)$")
_SCHEDULE_IN_TEXT = re.compile(r"(?:rate|cron)\([^()]*\)")
_DEFAULT_SCHEDULE = "rate(1 day)"
# What a function reaches the relational database through: the proxy, or the database itself.
_DATABASE_PATHS = ("db_proxy", "database")
# The handler shape of a function that streams its answer through the REST API.
STREAM_HANDLER = "http_stream"
# Where the functions' records go (src/common/stores.py), by the component the design keeps
# its data in; a design with none of them keeps no records.
# The first the design has: events buffered by a delivery stream go there, not to the bucket.
_RECORDS_STORES = {
    "app_table": "dynamodb",
    "delivery_stream": "firehose",
    "object_bucket": "s3",
    "database": "postgresql",
}


def stack_for_design(stack: StackSpec, assessment: Assessment) -> StackSpec:
    """The stack's resources as this design builds them: the database's ARNs, endpoint and
    companion resources follow the engine the design chose."""
    design = assessment.design
    if design is not None and design.event_queues:
        stack = _with_consumer_queues(stack, design.event_queues)
    database = stack.resources.get("database", {})
    if design is None or design.database is None or "engines" not in database:
        return stack
    resources = {**stack.resources, "database": database["engines"][design.database.engine]}
    return replace(stack, resources=resources)


def _with_consumer_queues(stack: StackSpec, queues: int) -> StackSpec:
    """The consumers' queues behind the topic as the design counts them: the first is the
    component's own resource; the others and every dead-letter queue are built with it."""
    first = stack.resources["consumer_queues"]
    companions = [f"ConsumerQueue{n}" for n in range(2, queues + 1)]
    companions += [f"ConsumerDeadLetterQueue{n}" for n in range(1, queues + 1)]
    resources = {**stack.resources, "consumer_queues": {**first, "companions": companions}}
    return replace(stack, resources=resources)


# Auto scaling may raise a provisioned table past the priced peak by this factor before it
# throttles: a surge is served (and billed) rather than refused.
TABLE_MAX_CAPACITY_FACTOR = 2


def _table_capacity(assessment: Assessment) -> dict[str, Any] | None:
    """The application table's provisioned capacity as the estimate priced it, as the
    template builds it with auto scaling (None: on demand)."""
    return _capacity(assessment.design.table_capacity if assessment.design else None)


def _records_capacity(assessment: Assessment) -> dict[str, Any] | None:
    """The idempotency records table's provisioned capacity (None: on demand)."""
    return _capacity(assessment.design.records_capacity if assessment.design else None)


def _capacity(capacity: TableCapacity | None) -> dict[str, Any] | None:
    if capacity is None or capacity.mode != "provisioned":
        return None
    return {
        "target_percent": round(capacity.target_utilization * 100),
        "dimensions": [
            {
                "name": name,
                "units_key": f"{name}CapacityUnits",
                "metric": f"DynamoDB{name}CapacityUtilization",
                "min": base,
                "max": peak * TABLE_MAX_CAPACITY_FACTOR,
            }
            for name, base, peak in (
                ("Write", capacity.base_wcu, capacity.peak_wcu),
                ("Read", capacity.base_rcu, capacity.peak_rcu),
            )
        ],
    }


def _database(assessment: Assessment) -> dict[str, Any] | None:
    """The relational database the estimate priced, as the template builds it."""
    database = assessment.design.database if assessment.design else None
    if database is None:
        return None
    return {
        "engine": database.engine,
        "pauses": database.pauses,
        "proxy": database.proxy,
        "nat": database.nat,
        # The VPC endpoints the estimate priced (gateway ones free), as the stack builds them.
        "endpoints": [
            *(
                {"service": api, "type": "Gateway", "logical_id": _endpoint_id(api)}
                for api in database.gateway_endpoints
            ),
            *(
                {"service": api, "type": "Interface", "logical_id": _endpoint_id(api)}
                for api in database.interface_endpoints
            ),
        ],
        "calls_aws_apis": database.nat
        or bool(database.gateway_endpoints or database.interface_endpoints),
        "instance_class": database.instance_class,
        "max_acu": database.max_acu,
        "seconds_until_auto_pause": database.seconds_until_auto_pause,
        "storage_gb": int(_assumed(assessment, "relational_storage_gb")),
    }


def _capacity_provider(assessment: Assessment) -> dict[str, Any] | None:
    """The Lambda Managed Instances the estimate priced, as the template builds them: the
    instance type, and the vCPUs the provider may scale to (the busy hours' instances and
    room for one more)."""
    provider = assessment.design.capacity_provider if assessment.design else None
    if provider is None:
        return None
    return {
        "instance_type": provider.instance_type,
        "base_instances": provider.base_instances,
        "peak_instances": provider.peak_instances,
        "max_vcpu": provider.max_vcpu,
        "route_words": route_words(provider.route) if provider.route else "",
        "peak_runs_in_flight": provider.peak_runs_in_flight,
        "runs_per_vcpu": provider.runs_per_vcpu,
        "runs_are_processes": provider.runs_are_processes,
    }


def _fleet_route(assessment: Assessment) -> dict[str, Any] | None:
    """The route out of the always-on fleet beside the functions, as the estimate priced
    it (the VPC the stack is deployed into must have it)."""
    route = assessment.design.fleet_route if assessment.design else None
    if route is None:
        return None
    return {"nat": route.nat, "words": route_words(route)}


def _endpoint_id(service: str) -> str:
    """`kinesis-streams` -> `KinesisStreamsEndpoint`."""
    return "".join(part.capitalize() for part in service.split("-")) + "Endpoint"


def build_context(
    workload: Workload, assessment: Assessment, stack: StackSpec, stack_reason: str = ""
) -> dict[str, Any]:
    stack = stack_for_design(stack, assessment)
    model = assessment.architecture
    components = {c.id: _component(c) for c in model.components}
    package = packaging(workload)
    functions = [_function(fn, workload, assessment, stack) for fn in model.functions]
    for fn in functions:
        streams = fn["handler"] == STREAM_HANDLER
        fn["code"] = function_code(
            fn["id"], stack, image=package["type"] == "Image", streams=streams
        )
        fn["policy_statements"] = _merged(fn["statements"])
    parts = containers(workload, assessment, stack)
    provider = _capacity_provider(assessment)
    return {
        "stack": {
            "name": stack.name,
            "label": stack.label,
            "language": stack.language,
            "runtime": stack.runtime,
            "reason": stack_reason,
        },
        "packaging": package,
        "image_functions": functions if package["type"] == "Image" else [],
        "stream_functions": [fn for fn in functions if fn["handler"] == STREAM_HANDLER],
        "project": _project(workload),
        "workload": _workload(workload),
        "verdict": _verdict(assessment),
        "costs": _costs(assessment),
        "components": components,
        "functions": functions,
        "edges": [{"source": e.source, "target": e.target, "label": e.label} for e in model.edges],
        "alarms": list(model.alarms),
        "resources": stack.resources,
        "needs_vpc": "database" in components or bool(parts) or provider is not None,
        "capacity_provider": provider,
        "database": _database(assessment),
        "table_capacity": _table_capacity(assessment),
        "records_capacity": _records_capacity(assessment),
        "fleet_route": _fleet_route(assessment),
        # The private subnets need a route out (NAT or VPC endpoints) unless the functions
        # there reach only the database and no fleet runs beside them.
        "subnets_need_route_out": bool(parts)
        or provider is not None
        or bool(
            assessment.design and assessment.design.database and assessment.design.database.nat
        ),
        "idempotency": "idempotency_table" in components,
        "records_store": next((s for c, s in _RECORDS_STORES.items() if c in components), None),
        "sqs_batch_size": int(pattern_catalog().parameters["sqs_batch_size"]),
        # A queue's function gathering the GPU jobs' items takes the groups the estimate priced.
        "gpu_group": _gpu_group(assessment),
        # The stream's batching is what the estimate priced (the workload's assumptions).
        "stream_batch_size": int(_assumed(assessment, "stream_batch_size")),
        "stream_batching_window_s": int(_assumed(assessment, "stream_batching_window_s")),
        # A job's client asks for its state this often, as the estimate priced the calls.
        "poll_interval_s": int(_assumed(assessment, "job_poll_interval_s")),
        "max_receive_count": int(pattern_catalog().parameters["max_receive_count"]),
        "containers": parts,
        "container_by_id": {part["id"]: part for part in parts},
        # The design's load balancer in front of the functions (instead of an HTTP API).
        "lambda_front_door": "lambda_alb" in components,
        **_token_parameters(workload, components, functions),
        "public_entry": "lambda_alb" in components
        or any(part["kind"] in _PUBLIC_KINDS for part in parts),
        "budget_alert_percent": int(pattern_catalog().parameters["budget_alert_percent"]),
        "schedule_expression": _schedule_expression(assessment),
        "adrs": _adrs(assessment),
    }


def _token_parameters(
    workload: Workload, components: dict[str, Any], functions: list[dict[str, Any]]
) -> dict[str, bool]:
    """Which identity-provider parameters the stack asks for with JWT auth: the issuer and
    audience for the HTTP API's JWT authorizer, the WebSocket authorizer or the load
    balancer; a Cognito user pool for the streaming REST API (it has no JWT authorizer)."""
    jwt = workload.auth.value == "jwt"
    checks_tokens = "lambda_alb" in components or any(
        fn["handler"] == "ws_authorizer" or (fn["http_path"] and fn["trigger"] != "stream_api")
        for fn in functions
    )
    return {
        "jwt_issuer_parameters": jwt and checks_tokens,
        "user_pool_parameter": jwt and "stream_api" in components,
    }


def _assumed(assessment: Assessment, name: str) -> float:
    return next(a.value for a in assessment.costs.assumptions if a.name == name)


def _project(workload: Workload) -> dict[str, str]:
    return {
        "name": display_text(workload.name),
        "slug": slug(workload.name),
        "package": package_name(workload.name),
    }


def _workload(workload: Workload) -> dict[str, Any]:
    answers = workload.as_dict()
    answers["name"] = display_text(workload.name)
    return answers


def _component(component: Any) -> dict[str, Any]:
    return {
        "id": checked_identifier(component.id),
        "kind": component.kind,
        "service": component.service,
        "label": _prose_keeping_schedules(component.label),
        "offloaded": component.offloaded,
        "properties": dict(component.properties),
    }


def _prose_keeping_schedules(text: str) -> str:
    """Display text, except that schedule expressions keep their characters: "cron(0 2 * * ?
    *)" is data, and display_text would drop its asterisks as markup. Each expression is
    held by a placeholder display_text leaves alone, and kept only if _SCHEDULE accepts it."""
    expressions = [e for e in _SCHEDULE_IN_TEXT.findall(text) if _SCHEDULE.match(e)]
    for number, expression in enumerate(expressions):
        text = text.replace(expression, f"SCHEDULEEXPRESSION{number}X", 1)
    text = display_text(text)
    for number, expression in enumerate(expressions):
        text = text.replace(f"SCHEDULEEXPRESSION{number}X", expression, 1)
    return text


def _function(
    fn: Function, workload: Workload, assessment: Assessment, stack: StackSpec
) -> dict[str, Any]:
    try:
        # A consumer past the first has its first's handler shape (and its own code).
        shape = stack.functions[fn.copy_of or fn.id]
    except KeyError:
        raise ValueError(f"stack {stack.name!r} has no handler for function {fn.id!r}") from None
    method, _, path = str(shape.get("route", "")).partition(" ")
    return {
        "id": checked_identifier(fn.id),
        "name": fn.id.replace("_", "-"),
        "logical_id": logical_id(fn.id),
        "purpose": display_text(fn.purpose, max_chars=200),
        "handler": shape["handler"],
        "route": shape.get("route", ""),
        "http_method": method if path else "",
        "http_path": path,
        "idempotent": bool(shape.get("idempotent", False)),
        # Powertools records for this function's events; without them (the design's keyed
        # writes) its one write, keyed by the event, is conditional instead.
        "keeps_records": any(p.resource == "idempotency_table" for p in fn.permissions),
        # Its events' bodies may be in the claim-check bucket (design.claim_check).
        "reads_bodies": any(p.resource == "event_bodies_bucket" for p in fn.permissions),
        "trigger": fn.trigger,
        # Which of the events' independent consumers it is (0: the events have one), and
        # the queue its SQS event source reads.
        "consumer": fn.consumer,
        "queue": f"ConsumerQueue{fn.consumer}" if fn.trigger == "consumer_queues" else "WorkQueue",
        "memory_mb": fn.memory_mb,
        "timeout_s": fn.timeout_s,
        "duration_alarm_ms": duration_alarm_s(fn.timeout_s, pattern_catalog().sizing) * 1000,
        "architecture": fn.architecture,
        "reserved_concurrency": fn.reserved_concurrency,
        "provisioned_concurrency": fn.provisioned_concurrency,
        "warm_schedule": _warm_schedule(fn),
        "snapstart": fn.snapstart,
        "capacity_provider": fn.capacity_provider,
        # Invoked through its alias: warm environments, SnapStart or managed instances run
        # published versions only.
        "published": bool(fn.provisioned_concurrency or fn.snapstart or fn.capacity_provider),
        "environment": _environment(fn, workload, stack),
        "statements": _statements(fn, stack) + _fan_out_statements(fn, assessment),
        "in_vpc": any(p.resource in _DATABASE_PATHS for p in fn.permissions)
        or any(value in _DATABASE_PATHS for _, value in fn.environment),
    }


def _warm_schedule(fn: Function) -> dict[str, Any] | None:
    """Scheduled provisioned concurrency as the estimate priced it: the peak's figure
    through the busy hours, the off-peak figure the rest of the day; None when the two are
    equal (one figure all month needs no schedule)."""
    off_peak = fn.provisioned_off_peak
    if not fn.provisioned_concurrency or off_peak is None or off_peak == fn.provisioned_concurrency:
        return None
    start_min = round(pattern_catalog().sizing.busy_hours_start_utc * 60)
    end_min = (start_min + round(fn.busy_hours_per_day * 60)) % (24 * 60)
    return {
        "peak": fn.provisioned_concurrency,
        "off_peak": off_peak,
        "busy_hours_per_day": fn.busy_hours_per_day,
        "start_cron": _daily_cron(start_min),
        "end_cron": _daily_cron(end_min),
    }


def _daily_cron(minute_of_day: int) -> str:
    return f"cron({minute_of_day % 60} {minute_of_day // 60} * * ? *)"


def _environment(fn: Function, workload: Workload, stack: StackSpec) -> list[dict[str, Any]]:
    """Env var -> the value naming its resource; plain settings stay strings."""
    variables = []
    for name, value in fn.environment:
        if name == "POWERTOOLS_SERVICE_NAME":
            value = slug(workload.name)
        resource = stack.resources.get(value)
        variables.append({"name": name, "value": resource["env"] if resource else value})
        settings = resource.get("settings", {}) if resource else {}
        variables += [{"name": key, "value": setting} for key, setting in settings.items()]
    return variables


def _statements(fn: Function, stack: StackSpec) -> list[dict[str, Any]]:
    """One IAM statement per resource, scoped to that resource's ARNs (never "*")."""
    statements = []
    for permission in fn.permissions:
        if not permission.actions:
            continue  # a network path only: nothing to allow
        arns = stack.resources[permission.resource]["arns"]
        if permission.resource == "consumer_queues":
            # Each consumer reads its own queue, never another's.
            arns = [{"Fn::GetAtt": [f"ConsumerQueue{fn.consumer}", "Arn"]}]
        statements.append(
            {"Effect": "Allow", "Action": list(permission.actions), "Resource": list(arns)}
        )
    return statements


def _fan_out_statements(fn: Function, assessment: Assessment) -> list[dict[str, Any]]:
    """A stream consumer reading through its own enhanced fan-out consumer subscribes to
    the shards through it (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html)."""
    stream = assessment.design.event_stream if assessment.design else None
    if stream is None or not stream.enhanced_fan_out or fn.trigger != "event_stream":
        return []
    consumer = {"Fn::GetAtt": [f"EventStreamConsumer{fn.consumer}", "ConsumerARN"]}
    actions = ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"]
    return [{"Effect": "Allow", "Action": actions, "Resource": [consumer]}]


def _merged(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One statement per set of resources: a key the function reads and the idempotency
    records also need is granted once, with the actions of both."""
    merged: dict[str, dict[str, Any]] = {}
    for statement in statements:
        key = json.dumps(statement["Resource"], sort_keys=True)
        if key in merged:
            actions = merged[key]["Action"]
            actions.extend(a for a in statement["Action"] if a not in actions)
        else:
            merged[key] = {**statement, "Action": list(statement["Action"])}
    return list(merged.values())


def _gpu_group(assessment: Assessment) -> dict[str, int] | None:
    """The SQS batches a function gathers GPU jobs' items in (design.gpu_jobs)."""
    jobs = assessment.design.gpu_jobs if assessment.design else None
    if jobs is None or not jobs.gathers_from_queue:
        return None
    return {"batch_size": jobs.batch_size, "window_s": jobs.batching_window_s}


def _schedule_expression(assessment: Assessment) -> str:
    """The schedule rule's expression as the engine set it; the pattern is a second guard
    (the value lands in the template, so anything but a rate/cron expression is refused)."""
    for component in assessment.architecture.components:
        if component.id == "schedule_rule":
            expression = dict(component.properties).get("schedule_expression", "")
            if _SCHEDULE.match(expression):
                return expression
    return _DEFAULT_SCHEDULE


def _verdict(assessment: Assessment) -> dict[str, Any]:
    verdict = assessment.verdict
    return {
        "fit": verdict.fit.value,
        "label": verdict.fit.label,
        "score": verdict.score,
        "summary": display_text(verdict.summary, max_chars=600),
        "reasons": [_hit(hit) for hit in verdict.reasons],
        "recommendations": [_hit(hit) for hit in verdict.recommendations],
        "offloaded_parts": [part.value for part in verdict.offloaded_parts],
    }


def _hit(hit: RuleHit) -> dict[str, Any]:
    source = hit.sources[0] if hit.sources else None
    return {
        "rule": hit.rule,
        "effect": hit.effect.value,
        "weight": hit.weight,
        "category": hit.category,
        "message": display_text(hit.message, max_chars=600),
        "source": display_text(source.title, max_chars=300) if source else "",
        "url": source.url if source else "",
    }


def _costs(assessment: Assessment) -> dict[str, Any]:
    costs = assessment.costs
    return {
        # Each priced option under its registry key ("serverless", "containers", ...).
        **{option.key: _estimate(option.estimate) for option in costs.options},
        "break_even_avg_rps": costs.break_even_avg_rps,
        "advice": [display_text(a, max_chars=600) for a in costs.advice],
    }


def _estimate(estimate: Estimate) -> dict[str, Any]:
    return {
        "monthly_usd": estimate.monthly_usd,
        "items": [
            {"service": i.service, "item": i.item, "monthly_usd": i.monthly_usd}
            for i in estimate.items
        ],
    }


def _adrs(assessment: Assessment) -> dict[str, list[dict[str, Any]]]:
    hits = [*assessment.verdict.reasons, *assessment.verdict.recommendations]
    return {
        record: [_hit(hit) for hit in hits if rule_category(hit.category).decision_record == record]
        for record in decision_records()
    }
