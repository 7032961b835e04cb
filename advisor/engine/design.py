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
from dataclasses import dataclass
from enum import StrEnum

from advisor.engine import facts as load
from advisor.engine import fargate, platform
from advisor.engine.costs.model import assumption_values, make_context
from advisor.engine.costs.priced.lambda_snapstart import (
    FREE_FOR_RUNTIMES as SNAPSTART_FREE_RUNTIMES,
)
from advisor.engine.costs.workflow_engine import waiting_workflow
from advisor.engine.gpu_jobs import gpu_grouping_reason, gpu_jobs_for
from advisor.engine.results import (
    Design,
    DesignChoice,
    FrontDoorQuote,
    GpuJobs,
    JobTask,
    OffloadPart,
    WarmStart,
)
from advisor.engine.workload import (
    HOURS_PER_MONTH,
    Auth,
    Connections,
    Runtime,
    Trigger,
    Workflow,
    Workload,
)

_WORK_LEAVES = (OffloadPart.GPU_WORK, OffloadPart.LONG_RUNNING_JOBS)
# An Express workflow runs for at most five minutes (Step Functions quotas).
EXPRESS_MAX_DURATION_S = 300
# Fargate's vCPU sizes; each allows a range of memory (2 to 8 GB per vCPU from 1 vCPU up).
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size


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


_SUBMIT_AROUND = (
    "an HTTP API and a small function can take each job and answer its state while it runs"
)


def streams_within_lambda(workload: Workload) -> bool:
    """Streamed responses (server-sent events, an LLM's tokens) that end within Lambda's
    limit: a function streams each one for the whole of its invocation (Lambda response
    streaming, up to 200 MB), so nothing needs to hold the connection outside Lambda.
    Both answers must fit: `connection_minutes` says how long a stream is held, and the
    invocation is held as long; `max_duration_s` is the longest run, i.e. the longest
    stream, and the function's timeout cuts it at Lambda's limit. Hour-long feeds (market
    data) stay on a fleet."""
    limit_min = platform.limit("lambda_max_duration_min")
    return (
        workload.persistent_connections == Connections.STREAMING
        and workload.connection_minutes <= limit_min
        and workload.max_duration_s <= limit_min * 60
    )


def connections_leave_lambda(workload: Workload) -> bool:
    """Raw TCP, and streams longer than Lambda's limit, are held by a fleet."""
    return workload.persistent_connections == Connections.TCP or (
        workload.persistent_connections == Connections.STREAMING
        and not streams_within_lambda(workload)
    )


def caller_waits_for_the_work(workload: Workload) -> bool:
    """The response time target covers the work itself, so the caller waits for it
    (a synchronous call), rather than for an acknowledgement of a job."""
    return Trigger.HTTP in workload.triggers and workload.p95_latency_ms >= workload.avg_duration_ms


def gpu_service_serves(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """The GPU work runs as an always-on service the caller's requests reach through a load
    balancer (a synchronous endpoint), not as jobs something starts and waits for."""
    return OffloadPart.GPU_WORK in frozenset(offloaded) and caller_waits_for_the_work(workload)


def gpu_shape(workload: Workload, offloaded: Iterable[OffloadPart]) -> str:
    """How the GPU work runs: "service" (a synchronous endpoint), "jobs", or "none"."""
    moved = tuple(offloaded)
    if OffloadPart.GPU_WORK not in moved:
        return "none"
    return "service" if gpu_service_serves(workload, moved) else "jobs"


def long_runs_served(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """The long runs are worked by an always-on Fargate service reading the queue, not
    one task per run: runs start faster than Fargate launches tasks.

    Fargate launches an account's tasks from a token bucket per Region: 100 at once,
    refilled at 20 a second (knowledge/platform). The rate that must fit is the peak,
    which the answers give as sustained for hours: the 100-token burst covers a spike of
    a few seconds (it is gone after 100 / (rate - 20) s), never an hour, so a peak above
    the refill rate would throttle launches for as long as it lasts while the backlog
    grows. Only work that already waits on a queue has one for the service to read."""
    return (
        long_runs_on_fargate(offloaded)
        and workload.triggers == (Trigger.QUEUE,)
        and workload.peak_rps > platform.limit("fargate_task_launches_per_s")
    )


def job_parts(workload: Workload, offloaded: Iterable[OffloadPart]) -> tuple[OffloadPart, ...]:
    """The offloaded parts that run as jobs a workflow starts and waits for (.sync): long
    runs, and GPU work nobody waits on. A synchronous GPU endpoint starts no job per
    request: a Standard execution per request would cost more than the GPUs; nor does a
    worker service reading the queue (`long_runs_served`)."""
    moved = tuple(offloaded)
    service = gpu_service_serves(workload, moved)
    served = long_runs_served(workload, moved)
    return tuple(
        part
        for part in moved
        if part in _WORK_LEAVES
        and not (service and part == OffloadPart.GPU_WORK)
        and not (served and part == OffloadPart.LONG_RUNNING_JOBS)
    )


def events_handed_on(workload: Workload, offloaded: Iterable[OffloadPart]) -> tuple[Trigger, ...]:
    """The event triggers whose function only hands the work on (starts a job): the work
    itself runs outside Lambda. The queue a worker service reads has no function at all."""
    moved = tuple(offloaded)
    if not any(part in moved for part in _WORK_LEAVES):
        return ()
    served = long_runs_served(workload, moved)
    return tuple(
        t for t in workload.triggers if t != Trigger.HTTP and not (served and t == Trigger.QUEUE)
    )


def lambda_functions_left(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """Any Lambda function is left in the design: one doing real work, a glue endpoint,
    or one handing events on to work that runs elsewhere."""
    moved = tuple(offloaded)
    return (
        bool(serverless_roles(workload, moved))
        or needs_glue_api(workload, moved)
        or bool(events_handed_on(workload, moved))
    )


def requests_leave_lambda(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """The requests are served outside Lambda: the request path moved out, or the caller
    waits for GPU work (a synchronous GPU endpoint), or the requests are the traffic of raw
    connections that moved out. A caller of a run longer than Lambda's limit submits a job
    and polls for it instead (`submits_jobs`): its requests stay on Lambda."""
    moved = frozenset(offloaded)
    # The questionnaire gives one rate for all the work: with raw connections and no other
    # trigger, the requests are the traffic on those connections, and leave with them.
    only_http = workload.triggers == (Trigger.HTTP,)
    return (
        OffloadPart.HOT_PATH in moved
        or gpu_service_serves(workload, moved)
        or (OffloadPart.PERSISTENT_CONNECTIONS in moved and only_http)
    )


def submits_jobs(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """The HTTP requests submit jobs and poll for them rather than wait for an answer: the
    work they start runs as jobs (longer than Lambda's limit, or GPU work nobody waits on),
    and no service outside Lambda answers the requests. No request/response holds a
    40-minute run (an HTTP API waits at most 30 s for its integration), so the API takes
    the job, answers with its id at once, and the client asks for its state."""
    moved = tuple(offloaded)
    return (
        Trigger.HTTP in workload.triggers
        and bool(job_parts(workload, moved))
        and not requests_leave_lambda(workload, moved)
    )


def serverless_roles(workload: Workload, offloaded: Iterable[OffloadPart]) -> tuple[Role, ...]:
    """The real work serverless parts still do once `offloaded` parts run elsewhere."""
    moved = frozenset(offloaded)
    work_leaves = any(part in moved for part in _WORK_LEAVES)
    requests_leave = requests_leave_lambda(workload, moved)
    roles = []
    # A job-submission API only hands work on: it does no real work of its own.
    submits = submits_jobs(workload, moved)
    if Trigger.HTTP in workload.triggers and not requests_leave and not submits:
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
    workload: Workload,
    offloaded: tuple[OffloadPart, ...],
    *,
    peak_hours_per_day: float,
    front_doors: FrontDoorBar | None = None,
) -> Design:
    """The design an expert would build for the workload, with the reason for each choice.

    `front_doors` prices the two HTTP front doors for this workload (the cost engine's
    quote and the saving that makes the cheaper one worth it); without it the requests
    go through an HTTP API."""
    apis, api_why = _apis(workload, offloaded, front_doors)
    edge = _edge(workload, offloaded, apis)
    if edge:
        api_why += " " + _EDGE_REASON
    workflow, workflow_why = _workflow(workload, offloaded)
    warm, warm_why = _warm_start(workload, offloaded, peak_hours_per_day)
    gpu_jobs = gpu_jobs_of(workload, offloaded)
    choices = [
        DesignChoice(topic, choice, why)
        for topic, choice, why in (
            ("api", " and ".join(apis), api_why),
            ("workflow", workflow, workflow_why),
            ("warm_starts", warm.kind, warm_why),
            ("gpu", *_gpu(workload, offloaded, gpu_jobs)),
            ("jobs", *_jobs(workload, offloaded)),
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
        edge=edge,
        job_task=job_task_for(workload, offloaded),
        gpu_jobs=gpu_jobs,
    )


def gpu_jobs_of(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> GpuJobs | None:
    """How the GPU jobs group their items (None unless the GPU work runs as jobs)."""
    if gpu_shape(workload, offloaded) != "jobs":
        return None
    submits = submits_jobs(workload, offloaded)
    return gpu_jobs_for(workload, assumption_values(workload), submits=submits)


@dataclass(frozen=True)
class FrontDoorBar:
    """Both front doors priced for the workload, and how much cheaper the load balancer
    must be before an architect takes on its network (subnets, certificate, domain)."""

    quote: FrontDoorQuote
    min_saving_usd: float
    max_cost_ratio: float

    def alb_is_worth_it(self) -> bool:
        http, alb = self.quote.http_api_usd, self.quote.alb_usd
        return http - alb >= self.min_saving_usd and alb <= self.max_cost_ratio * http


def _apis(
    workload: Workload, offloaded: tuple[OffloadPart, ...], front_doors: FrontDoorBar | None
) -> tuple[tuple[str, ...], str]:
    """The front doors: a WebSocket API for held connections, an HTTP API for plain
    requests (both when clients do both: chat messages and sign-in calls), the function's
    own URL for IAM callers, or for a busy API an Application Load Balancer with the
    functions as its targets."""
    roles = serverless_roles(workload, offloaded)
    apis, reasons = [], []
    if Role.CONNECTIONS in roles:
        apis.append("websocket")
        reasons.append(
            "An API Gateway WebSocket API holds the connections; Lambda runs only when a "
            "message arrives, and answers through the connection's callback URL."
        )
    if Role.REQUESTS in roles and streams_within_lambda(workload):
        # Neither an HTTP API nor a load balancer passes a Lambda response on in parts.
        apis.append("rest")
        reasons.append(_stream_reason(workload))
        if needs_glue_api(workload, offloaded):
            apis.append("http")
            reasons.append("The small calls beside the streams stay on an HTTP API.")
    elif Role.REQUESTS in roles and not apis and function_url_serves(workload, offloaded):
        apis.append("function_url")
        reasons.append(_function_url_reason(front_doors))
    elif Role.REQUESTS in roles and not apis and _alb_fits(workload, front_doors):
        assert front_doors is not None  # _alb_fits checked it
        apis.append("alb")
        reasons.append(_alb_reason(workload, front_doors.quote))
    elif Role.REQUESTS in roles or needs_glue_api(workload, offloaded):
        apis.append("http")
        reasons.append(_http_reason(workload))
    return tuple(apis), " ".join(reasons)


def alb_can_serve(workload: Workload) -> bool:
    """An Application Load Balancer can do the HTTP API's job for these requests: it
    verifies JWTs (RS256) but not IAM signatures (SigV4), and passes at most 1 MB each way
    to and from a Lambda target."""
    most_kb = platform.limit("alb_lambda_payload_mb") * 1024
    return (
        workload.auth in (Auth.PUBLIC, Auth.JWT)
        and workload.payload_kb <= most_kb
        and workload.response_kb <= most_kb
    )


def function_url_serves(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """A Lambda function URL can be the whole front door: the callers sign their requests
    with IAM (AuthType AWS_IAM checks SigV4 itself, at no charge beyond the invocation),
    one function answers them (no presigned-upload, approval or job routes beside it), and
    requests and responses fit a buffered invocation's 6 MB. A public API keeps API
    Gateway: its web ACL and throttling would need CloudFront in front of a function URL,
    and a JWT needs an authorizer a function URL does not have."""
    most_kb = platform.limit("lambda_sync_payload_mb") * 1024
    return (
        workload.auth == Auth.IAM
        and not needs_glue_api(workload, offloaded)
        and workload.payload_kb <= most_kb
        and workload.response_kb <= most_kb
    )


def _function_url_reason(front_doors: FrontDoorBar | None) -> str:
    saving = ""
    if front_doors is not None and front_doors.quote.http_api_usd >= 0.5:
        saving = f" (an HTTP API would charge about ${front_doors.quote.http_api_usd:,.0f} a month)"
    limit_min = platform.limit("lambda_max_duration_min")
    return (
        "A Lambda function URL with AuthType AWS_IAM: Lambda checks each caller's SigV4 "
        "signature against the function's resource policy and bills nothing beyond the "
        f"invocation{saving}, and it waits up to the function's timeout ({limit_min:.0f} min "
        "at most) where an HTTP API gives up after 30 s. The callers are AWS principals, so "
        "what it lacks matters little here: no usage plans or per-client throttling "
        "(reserved concurrency caps the function), no custom domain or AWS WAF without "
        "CloudFront in front, no request validation before the code (the handler validates), "
        "6 MB each way, and reachable over the internet only (no private endpoint)."
    )


def _alb_fits(workload: Workload, front_doors: FrontDoorBar | None) -> bool:
    return front_doors is not None and alb_can_serve(workload) and front_doors.alb_is_worth_it()


def _alb_reason(workload: Workload, quote: FrontDoorQuote) -> str:
    why = (
        f"An Application Load Balancer with the functions as its targets: about "
        f"${quote.alb_usd:,.0f} a month at {workload.avg_rps:,.4g} req/s (its hours, "
        f"{quote.alb_lcu:,.1f} capacity units on average and a public address in each zone), "
        f"against ${quote.http_api_usd:,.0f} for an API Gateway HTTP API charging per "
        f"request{_edge_share(quote)}. Requests and responses stay within its 1 MB limit for "
        "Lambda targets."
    )
    if workload.auth == Auth.JWT:
        why += " The load balancer's listener verifies the JWT itself (RS256 tokens)."
    if workload.auth == Auth.PUBLIC:
        why += (
            " A public API takes AWS WAF directly on the load balancer (a regional web ACL), "
            "so no CloudFront is needed in front for it."
        )
    return why + (
        " It gives up API Gateway's per-route throttling and usage plans; reserved "
        "concurrency caps the functions instead."
    )


def _edge_share(quote: FrontDoorQuote) -> str:
    if not quote.http_api_edge_usd:
        return ""
    return (
        f" (${quote.http_api_edge_usd:,.0f} of it for the CloudFront distribution a public "
        "HTTP API needs for its web ACL)"
    )


def needs_glue_api(workload: Workload, offloaded: Iterable[OffloadPart]) -> bool:
    """Small HTTP endpoints that stay on Lambda whatever runs the work: presigned upload
    URLs, the callback an approver's link calls, and a job API (submit, then poll)."""
    return (
        Trigger.FILE_UPLOAD in workload.triggers
        or workload.workflow == Workflow.HUMAN_APPROVAL
        or submits_jobs(workload, offloaded)
    )


def _stream_reason(workload: Workload) -> str:
    limit_min = platform.limit("lambda_max_duration_min")
    why = (
        f"An API Gateway REST API with response streaming (the Lambda proxy integration's "
        f"transfer mode STREAM): each answer streams to the client as the function writes "
        f"it, for up to {limit_min:.0f} min and past the 10 MB buffered limit, and the "
        f"function runs, and is billed, for the whole stream (the "
        f"{workload.avg_duration_ms / 1000:,.4g} s an answer takes), waiting included. An "
        "HTTP API cannot stream (it buffers "
        "the whole answer and gives up after 30 s), nor can a load balancer in front of "
        "Lambda; a function URL can, but offers no authorizer, throttling or web ACL of "
        "its own. The REST API costs $3.50 per million requests against the HTTP API's "
        "$1.00 (each 10 MB of a streamed answer counts as one request), and keeps "
        "authorisation, per-client throttling and AWS WAF on the stage itself."
    )
    if workload.runtime != Runtime.NODE:
        why += (
            " Only the Node.js runtime streams natively (awslambda.streamifyResponse); "
            f"{workload.runtime.value} functions stream through the AWS Lambda Web Adapter "
            "(a layer that runs a web server's streamed response through Lambda)."
        )
    return why


def _http_reason(workload: Workload) -> str:
    del workload  # the same reason for every HTTP API; the edge's is added where chosen
    return (
        "An API Gateway HTTP API: about a third of a REST API's price per request, with JWT "
        "and IAM authorisation built in."
    )


_EDGE_REASON = (
    "A public API takes AWS WAF on a CloudFront distribution in front of it: an HTTP API "
    "cannot take a web ACL itself, and a REST API stage, which can, costs $3.50 against "
    "$1.00 per million requests, more than CloudFront's $1.00 per million HTTPS requests "
    "(US rates); CloudFront also ends TLS at the edge and bills the responses' data out at "
    "$0.085 per GB rather than the region's $0.09. Per-client quotas and API keys would "
    "still need a REST API's usage plans."
)


def _edge(
    workload: Workload, offloaded: tuple[OffloadPart, ...], apis: tuple[str, ...]
) -> str | None:
    """CloudFront with AWS WAF before a public HTTP API that answers the requests or takes
    the jobs (a load balancer, in front of the functions or of a fleet, takes the web ACL
    itself)."""
    # Streamed answers go through the REST API, which takes the web ACL on its stage.
    answers = Role.REQUESTS in serverless_roles(workload, offloaded) and "rest" not in apis
    serves = answers or submits_jobs(workload, offloaded)
    public = workload.auth == Auth.PUBLIC
    return "cloudfront" if serves and public and "http" in apis else None


def workflow_type_for(workload: Workload, offloaded: Iterable[OffloadPart]) -> str | None:
    """The Step Functions workflow type the design runs (None without a workflow)."""
    return _workflow(workload, tuple(offloaded))[0]


def _workflow(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> tuple[str | None, str]:
    starts_jobs = bool(job_parts(workload, offloaded))
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
        # The runs wait: the engine is chosen by what it costs at this volume.
        ctx = make_context(workload, assumption_values(workload))
        return waiting_workflow(ctx, EXPRESS_MAX_DURATION_S)
    starts = workload.requests_per_month * workload.workflow_share
    return "express", (
        f"An Express workflow: each run ends within 5 minutes and waits on nothing, so the "
        f"{starts:,.0f} runs a month are billed per run and duration rather than at "
        "Standard's $0.025 per 1,000 state transitions. Express runs at least once, so the "
        "steps stay idempotent; Standard would add exactly-once runs and 90 days of visual "
        "history at that price."
    )


def _free_snapstart_helps(workload: Workload) -> bool:
    """SnapStart is free for the runtime (Java) and brings the occasional cold start, which
    misses the target, within it: worth turning on even where slow first requests are
    accepted (where they are not, `_warm_start` weighs it against provisioned concurrency)."""
    return (
        workload.runtime.value in SNAPSTART_FREE_RUNTIMES
        and load.cold_start_breaks_latency_target(workload)
        and load.snapstart_meets_target(workload)
    )


def _warm_start(
    workload: Workload, offloaded: tuple[OffloadPart, ...], peak_hours_per_day: float
) -> tuple[WarmStart, str]:
    needed = load.provisioned_concurrency_needed(workload)
    waiting = {Role.REQUESTS, Role.CONNECTIONS} & set(serverless_roles(workload, offloaded))
    if waiting and not needed and _free_snapstart_helps(workload):
        restored_ms = load.snapstart_ms(workload) or 0.0
        return WarmStart("snapstart"), (
            f"SnapStart: a cold start (about {load.cold_start_ms(workload):,.0f} ms) would "
            f"miss the {workload.p95_latency_ms:,} ms target now and then; a new environment "
            f"resumes from a snapshot in about {restored_ms:,.0f} ms instead, which meets "
            f"it, and SnapStart costs nothing for {workload.runtime.value}."
        )
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
    warm = WarmStart("provisioned", needed, min(needed, base_environments), busy_hours)
    return warm, (
        f"Provisioned concurrency, scheduled: {needed} warm environments through the "
        f"{busy_hours:.3g} busy hours a day and {min(needed, base_environments)} the "
        "rest (Application Auto Scaling), rather than the peak all month; no cold start "
        "fits the target, SnapStart included."
    )


def _gpu(
    workload: Workload, offloaded: tuple[OffloadPart, ...], jobs: GpuJobs | None
) -> tuple[str, str]:
    """How the GPU work runs: a service when the caller waits for it, jobs otherwise."""
    shape = gpu_shape(workload, offloaded)
    if shape == "none":
        return "", ""
    if shape == "service":
        return "service", (
            "An ECS service on GPU instances behind an Application Load Balancer answers the "
            f"requests: the caller waits for the answer ({workload.p95_latency_ms:,} ms "
            "target), and a GPU instance takes minutes to start and load the model, so warm "
            "GPU instances must be running when a request arrives; Lambda has no GPUs, and a "
            "function in front would only pass the request on. Enough instances run all "
            "month for the off-peak load and more through the busy hours, as the containers "
            "option prices them; no Step Functions execution or AWS Batch job per request."
        )
    why = (
        "AWS Batch jobs on GPU instances that scale to zero: nobody waits on the answer, so "
        "instances start for the queued jobs and stop when none wait, and a Standard "
        "workflow submits each job and waits for it (.sync)."
    )
    return "jobs", why + (" " + gpu_grouping_reason(workload, jobs) if jobs else "")


def long_runs_on_fargate(offloaded: Iterable[OffloadPart]) -> bool:
    """Runs longer than Lambda's limit go to Fargate tasks, unless they are GPU runs."""
    moved = frozenset(offloaded)
    return OffloadPart.LONG_RUNNING_JOBS in moved and OffloadPart.GPU_WORK not in moved


def job_task_for(workload: Workload, offloaded: Iterable[OffloadPart]) -> JobTask | None:
    """The Fargate task a run longer than Lambda's limit gets: the smallest size giving the
    CPU Lambda would give at that memory (the run time was stated for it), with the memory
    the run needs and at least the least Fargate allows at that CPU. With GPU work, the long
    runs are the GPU runs (Fargate has no GPUs): no task of their own; a worker service's
    tasks are the containers option's fleet (`long_runs_served`)."""
    if not long_runs_on_fargate(offloaded) or long_runs_served(workload, offloaded):
        return None
    # Lambda gives no more CPU past its largest memory: a 32 GB run wants Lambda's most
    # (about 6 vCPU, so 8), not 18 vCPU its memory would buy at Lambda's ratio. A run
    # that mostly waits on I/O computes for a share of its time and needs that share.
    lambda_mb = min(workload.memory_mb, platform.limit("lambda_max_memory_mb"))
    computing = 1.0 if workload.cpu_bound else assumption_values(workload)["io_bound_cpu_share"]
    vcpu = lambda_mb / load.LAMBDA_MB_PER_VCPU * computing
    return fargate.task_size(workload.memory_mb, least_vcpu=vcpu)


def _jobs(workload: Workload, offloaded: tuple[OffloadPart, ...]) -> tuple[str, str]:
    """How a run longer than Lambda's limit runs, and how its caller learns the outcome."""
    if long_runs_served(workload, offloaded):
        return "worker_service", _worker_service_reason(workload)
    task = job_task_for(workload, offloaded)
    if task is None:
        return "", ""
    minutes = workload.max_duration_s / 60
    runs = (
        f"Each run (up to {minutes:,.0f} min) is an ECS task on Fargate ({task.vcpu:g} vCPU, "
        f"{task.memory_gb:g} GB) that a Standard workflow starts and waits for "
        "(ecs:runTask.sync), billed per second of its run: nothing runs between jobs, unlike "
        "a fleet kept for them."
    )
    if not submits_jobs(workload, offloaded):
        return "fargate_task", runs
    timeout_s = platform.limit("api_gateway_integration_timeout_s")
    return "submit_and_poll", (
        f"Not a request/response: an HTTP API waits at most {timeout_s:g} s for its answer, "
        "and clients and proxies drop a connection held for minutes. The API takes the job "
        "(POST /jobs starts the workflow and answers 202 with the job's id at once) and the "
        "client asks for its state (GET /jobs/{id}) until it ends. " + runs
    )


def _worker_service_reason(workload: Workload) -> str:
    sustained = platform.limit("fargate_task_launches_per_s")
    burst = platform.limit("fargate_task_launch_burst")
    minutes = workload.max_duration_s / 60
    return (
        f"An always-on Fargate service reads the queue and works its messages (runs of up "
        f"to {minutes:,.0f} min), scaled with the load as the containers option's fleet "
        "is; no workflow and no Lambda function per message. One task per run is not "
        f"possible here: runs start at up to {workload.peak_rps:,.0f} a second at the peak, "
        f"and Fargate launches at most {sustained:g} tasks a second per account and Region, "
        f"sustained (its burst of {burst:g} lasts seconds, not a busy hour), so launches "
        "would be throttled and the queue would grow for as long as the peak lasts."
    )


def _commitment(workload: Workload) -> tuple[str, str]:
    years = workload.commitment_years
    if years == 0:
        return "on_demand", (
            "On-demand prices throughout: no commitment was offered, so the VMs are priced "
            "on demand too."
        )
    return f"savings_plan_{years}y", (
        f"A {years}-year commitment: a Compute Savings Plan covers the steady part of the "
        "functions' and tasks' compute (the off-peak load that runs every hour; the rest "
        f"stays on demand), and the VMs are reserved for the {years}-year term."
    )


def serverless_around(workload: Workload, offloaded: Iterable[OffloadPart]) -> str:
    """What could still be serverless around work that runs elsewhere, in words."""
    moved = tuple(offloaded)
    parts = [_AROUND[trigger] for trigger in workload.triggers]
    if submits_jobs(workload, moved):
        parts[workload.triggers.index(Trigger.HTTP)] = _SUBMIT_AROUND
    if job_parts(workload, moved):
        parts.append("Step Functions can start the tasks and wait for them")
    parts.append("CloudWatch alarms and budgets watch it all without a server")
    return "; ".join(dict.fromkeys(parts))
