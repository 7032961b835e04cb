"""The design an expert would build, and what stays on Lambda once the hard limits have
moved parts elsewhere.

`design_for` makes each choice the priced, drawn and generated designs share (API type,
workflow type, warm starts, commitment) and says why.

A hybrid is a serverless core with a part running on Fargate or EC2. When the part moved
out is the whole workload (an 8-hour training job, a 5 ms bidding path), no Lambda
function is left doing real work, and the honest answer is "does not fit", with what
could still be serverless around it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum

from advisor.engine import facts as load
from advisor.engine.results import Design, DesignChoice, OffloadPart, WarmStart
from advisor.engine.workload import HOURS_PER_MONTH, Auth, Connections, Trigger, Workflow, Workload

_WORK_LEAVES = (OffloadPart.GPU_WORK, OffloadPart.LONG_RUNNING_JOBS)
# An Express workflow runs for at most five minutes (Step Functions quotas).
EXPRESS_MAX_DURATION_S = 300


class Role(StrEnum):
    """Real work a serverless part does (a function that only hands work on is not one)."""

    REQUESTS = "requests"  # Lambda answers the HTTP requests
    CONNECTIONS = "connections"  # API Gateway holds WebSockets, Lambda handles the messages
    EVENTS = "events"  # Lambda does the work that events start
    WORKFLOW = "workflow"  # Step Functions coordinates the steps, retries and approvals


ROLE_WORDS = {
    Role.REQUESTS: "Lambda answers the requests",
    Role.CONNECTIONS: "API Gateway holds the WebSocket connections and Lambda handles messages",
    Role.EVENTS: "Lambda does the work events start",
    Role.WORKFLOW: "Step Functions coordinates the steps",
}

# What can stay serverless around work that runs elsewhere, by what starts the work.
_AROUND = {
    Trigger.SCHEDULE: "EventBridge Scheduler can start each run",
    Trigger.FILE_UPLOAD: "S3 event notifications can announce each upload",
    Trigger.QUEUE: "an SQS queue can hold the work waiting",
    Trigger.PUBSUB: "SNS or EventBridge can fan the events out",
    Trigger.DB_CHANGE: "DynamoDB Streams or EventBridge Pipes can carry the changes",
    Trigger.HTTP: (
        "a load balancer (or API Gateway, where its features are worth its milliseconds) "
        "can front the service"
    ),
}


def caller_waits_for_the_work(workload: Workload) -> bool:
    """The response time target covers the work itself, so the caller waits for it
    (a synchronous call), rather than for an acknowledgement of a job."""
    return Trigger.HTTP in workload.triggers and workload.p95_latency_ms >= workload.avg_duration_ms


def requests_leave_lambda(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """The requests are served outside Lambda: the request path moved out, or the caller
    waits for work that runs elsewhere (a synchronous GPU endpoint), or the requests are
    the traffic of raw connections that moved out."""
    moved = frozenset(offloaded)
    work_leaves = any(part in moved for part in _WORK_LEAVES)
    # The questionnaire gives one rate for all the work: with raw connections and no other
    # trigger, the requests are the traffic on those connections, and leave with them.
    only_http = workload.triggers == (Trigger.HTTP,)
    return (
        OffloadPart.HOT_PATH in moved
        or (work_leaves and caller_waits_for_the_work(workload))
        or (OffloadPart.PERSISTENT_CONNECTIONS in moved and only_http)
    )


def serverless_roles(workload: Workload, offloaded: Iterable[OffloadPart]) -> tuple[Role, ...]:
    """The real work serverless parts still do once `offloaded` parts run elsewhere."""
    moved = frozenset(offloaded)
    work_leaves = any(part in moved for part in _WORK_LEAVES)
    requests_leave = requests_leave_lambda(workload, moved)
    roles = []
    if Trigger.HTTP in workload.triggers and not requests_leave:
        roles.append(Role.REQUESTS)
    if workload.persistent_connections == Connections.WEBSOCKET and not requests_leave:
        roles.append(Role.CONNECTIONS)
    async_triggers = [t for t in workload.triggers if t != Trigger.HTTP]
    if async_triggers and not work_leaves:
        roles.append(Role.EVENTS)
    if workload.workflow != Workflow.NONE:
        roles.append(Role.WORKFLOW)
    return tuple(roles)


def design_for(
    workload: Workload, offloaded: tuple[OffloadPart, ...], *, peak_hours_per_day: float
) -> Design:
    """The design an expert would build for the workload, with the reason for each choice."""
    apis, api_why = _apis(workload, offloaded)
    workflow, workflow_why = _workflow(workload, offloaded)
    warm, warm_why = _warm_start(workload, offloaded, peak_hours_per_day)
    choices = [
        DesignChoice(topic, choice, why)
        for topic, choice, why in (
            ("api", " and ".join(apis), api_why),
            ("workflow", workflow, workflow_why),
            ("warm_starts", warm.kind, warm_why),
            ("commitment", *_commitment(workload)),
        )
        if why
    ]
    return Design(
        offloaded_parts=offloaded,
        api_types=apis,
        workflow_type=workflow,
        warm_start=warm,
        commitment_years=workload.commitment_years,
        choices=tuple(choices),
        durable_waits=workload.workflow == Workflow.HUMAN_APPROVAL,
    )


def _apis(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> tuple[tuple[str, ...], str]:
    """The API Gateway APIs in front: a WebSocket API for held connections, an HTTP API
    for plain requests (both when clients do both: chat messages and sign-in calls)."""
    roles = serverless_roles(workload, offloaded)
    apis, reasons = [], []
    if Role.CONNECTIONS in roles:
        apis.append("websocket")
        reasons.append(
            "An API Gateway WebSocket API holds the connections; Lambda runs only when a "
            "message arrives, and answers through the connection's callback URL."
        )
    if Role.REQUESTS in roles or needs_glue_api(workload):
        apis.append("http")
        reasons.append(_http_reason(workload))
    return tuple(apis), " ".join(reasons)


def needs_glue_api(workload: Workload) -> bool:
    """Small HTTP endpoints that stay on Lambda whatever runs the work: presigned upload
    URLs, and the callback an approver's link calls."""
    return Trigger.FILE_UPLOAD in workload.triggers or workload.workflow == Workflow.HUMAN_APPROVAL


def _http_reason(workload: Workload) -> str:
    why = (
        "An API Gateway HTTP API: about a third of a REST API's price per request, with JWT "
        "and IAM authorisation built in."
    )
    if workload.auth == Auth.PUBLIC:
        why += (
            " A public API takes AWS WAF through CloudFront in front (an HTTP API takes none "
            "directly); per-client quotas and API keys would need a REST API's usage plans."
        )
    return why


def workflow_type_for(workload: Workload, offloaded: Iterable[OffloadPart]) -> str | None:
    """The Step Functions workflow type the design runs (None without a workflow)."""
    return _workflow(workload, tuple(offloaded))[0]


def _workflow(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> tuple[str | None, str]:
    jobs_leave = any(part in _WORK_LEAVES for part in offloaded)
    # A caller that waits for the work (a synchronous GPU endpoint) is answered by the
    # service itself: nothing starts a job, so nothing coordinates one.
    starts_jobs = jobs_leave and not requests_leave_lambda(workload, offloaded)
    if workload.workflow == Workflow.NONE and not starts_jobs:
        return None, ""
    if workload.workflow == Workflow.HUMAN_APPROVAL:
        return "standard", (
            "A Standard workflow: a person's approval can take days, and only Standard "
            "workflows wait on a task token (up to a year), paying nothing while they wait."
        )
    if starts_jobs:
        return "standard", (
            "A Standard workflow: it starts the long or GPU runs and waits for them to end "
            "(the .sync integrations), which Express workflows cannot do."
        )
    if workload.max_duration_s > EXPRESS_MAX_DURATION_S:
        return "standard", (
            f"A Standard workflow: a run can take {workload.max_duration_s:,.0f} s, longer "
            f"than an Express workflow's {EXPRESS_MAX_DURATION_S} s."
        )
    starts = workload.requests_per_month * workload.workflow_share
    return "express", (
        f"An Express workflow: each run ends within 5 minutes and waits on nothing, so the "
        f"{starts:,.0f} runs a month are billed per run and duration rather than at "
        "Standard's $0.025 per 1,000 state transitions. Express runs at least once, so the "
        "steps stay idempotent; Standard would add exactly-once runs and 90 days of visual "
        "history at that price."
    )


def _warm_start(
    workload: Workload, offloaded: tuple[OffloadPart, ...], peak_hours_per_day: float
) -> tuple[WarmStart, str]:
    needed = load.provisioned_concurrency_needed(workload)
    waiting = {Role.REQUESTS, Role.CONNECTIONS} & set(serverless_roles(workload, offloaded))
    if not needed or not waiting:
        return WarmStart("none"), ""
    if load.snapstart_meets_target(workload):
        restored_ms = load.snapstart_ms(workload) or 0.0
        return WarmStart("snapstart"), (
            f"SnapStart: a new environment resumes from a snapshot in about "
            f"{restored_ms:,.0f} ms instead of starting cold, which with "
            f"{workload.avg_duration_ms:,.0f} ms of work meets the {workload.p95_latency_ms:,} "
            "ms target, with no environments paid for while idle (it cannot be combined "
            "with provisioned concurrency)."
        )
    base = load.base_rps(workload, peak_hours_per_day) * workload.avg_duration_ms / 1000
    base_environments = max(1, math.ceil(base))
    # The busy hours the month's traffic can fill (fewer than asked when it holds less).
    busy_hours = load.peak_hours_per_month(workload, peak_hours_per_day) * 24 / HOURS_PER_MONTH
    return WarmStart("provisioned", needed, min(needed, base_environments)), (
        f"Provisioned concurrency, scheduled: {needed} warm environments through the "
        f"{busy_hours:.3g} busy hours a day and {min(needed, base_environments)} the "
        "rest (Application Auto Scaling), rather than the peak all month; no cold start "
        "fits the target, SnapStart included."
    )


def _commitment(workload: Workload) -> tuple[str, str]:
    years = workload.commitment_years
    if years == 0:
        return "on_demand", (
            "On-demand prices throughout: no commitment was offered, so the VMs are priced "
            "on demand too."
        )
    vm_term = "1-year rate (no 3-year rates are in the catalog yet)" if years == 3 else "term"
    return f"savings_plan_{years}y", (
        f"A {years}-year commitment: a Compute Savings Plan covers the steady part of the "
        "functions' and tasks' compute (the off-peak load that runs every hour; the rest "
        f"stays on demand), and the VMs are reserved for the {vm_term}."
    )


def serverless_around(workload: Workload, offloaded: Iterable[OffloadPart]) -> str:
    """What could still be serverless around work that runs elsewhere, in words."""
    parts = [_AROUND[trigger] for trigger in workload.triggers]
    offloaded = tuple(offloaded)
    jobs_leave = any(part in _WORK_LEAVES for part in offloaded)
    if jobs_leave and not requests_leave_lambda(workload, offloaded):
        parts.append("Step Functions can start the tasks and wait for them")
    parts.append("CloudWatch alarms and budgets watch it all without a server")
    return "; ".join(dict.fromkeys(parts))
