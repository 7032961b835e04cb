"""The designs priced side by side: serverless, containers (Fargate) and EC2 VMs.

Each returns (lines, notes) for the lines that differ between designs; what every design
needs alike is in `shared_lines`, so the decision and the break-even search compare the
differing parts alone. The lines are those a real bill carries: logs by kind, the NAT
gateways and public addresses a fleet's network needs, tracing, keys, the firewall and
the database, and the commitment (Savings Plans on the steady part, reserved VMs).
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.costs import (
    delivery_stream,
    event_stream,
    front_door,
    idempotency,
    private_network,
    table_capacity,
    workflow_engine,
)
from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import InstanceSpec
from advisor.engine.costs.claim_check import claim_check_lines, message_context
from advisor.engine.costs.database import (
    DATABASE_WORDS,
    database_lines,
    database_of,
    proxy_lines,
)
from advisor.engine.costs.fleet import (
    baseline_share,
    fixed_instance,
    instance_counts,
    instance_fleet_lines,
    vm_instance,
    vm_purchase,
    vm_purchase_note,
)
from advisor.engine.costs.gpu import gpu_lines
from advisor.engine.costs.lines import merge_lines
from advisor.engine.costs.load_balancers import (
    fleet_load_balancer_lines,
    requests_apart_from_connections,
)
from advisor.engine.costs.model import BILLED_MINIMUM_S, Context, runs_on_a_schedule
from advisor.engine.costs.priced.lambda_streaming import streaming_lines
from advisor.engine.costs.private_network import named_services
from advisor.engine.design import (
    Role,
    events_handed_on,
    lambda_functions_left,
    long_runs_served,
    requests_leave_lambda,
    serverless_roles,
    submits_jobs,
)
from advisor.engine.facts import cold_start_ms
from advisor.engine.results import CostLine, Design, JobTask, OffloadPart
from advisor.engine.workload import (
    HOURS_PER_MONTH,
    SECONDS_PER_MONTH,
    Auth,
    DataStore,
    Trigger,
    Workflow,
    Workload,
)

Lines = list[CostLine]


def shared_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    """What every design pays for alike: the data and messaging services, transfer,
    tracing, keys, secrets, the firewall, the relational database and its network."""
    w, a, t, free = ctx.workload, ctx.a, ctx.table, ctx.free_tier
    lines: Lines = []
    if ctx.uses_key_value_store:
        lines += table_capacity.table_lines(ctx, design)
    if ctx.uses_s3:
        puts, gets = _object_requests(ctx, design)
        lines += svc.s3_lines(
            t, storage_gb=a["s3_storage_gb"] + ctx.upload_storage_gb(), puts=puts, gets=gets
        )
    if design.delivery_stream is not None:
        lines += delivery_stream.delivery_lines(ctx, design.delivery_stream)
    if Trigger.QUEUE in w.triggers:
        # One send per message; receives and deletes go in batches.
        calls = ctx.requests * (1 + 2 / max(a["sqs_batch_size"], 1))
        queued_kb = message_context(ctx, design, "queue").workload.payload_kb
        lines += svc.sqs_lines(t, requests=calls, payload_kb=queued_kb, fifo=False, free_tier=free)
    if Trigger.PUBSUB in w.triggers:
        transport = "stream" if design.event_stream is not None else "topic"
        lines += event_stream.event_transport_lines(message_context(ctx, design, transport), design)
    lines += claim_check_lines(ctx, design)
    records = idempotency.event_records(ctx, design)
    lines += idempotency.idempotency_lines(
        ctx, records, whose="event", capacity=design.records_capacity
    )
    lines += svc.data_transfer_lines(t, gb_out=ctx.egress_gb(), free_tier=free)
    lines += _tracing_lines(ctx) + _key_lines(ctx) + _firewall_lines(ctx)
    lines += _application_log_lines(ctx)
    notes = [
        "Data store, S3, queues, topics, delivery streams, the events' idempotency records, "
        "data transfer, the application's logs, tracing, keys and the firewall are priced "
        "alike in all three options."
    ]
    gpu, gpu_notes = gpu_lines(ctx, design)
    lines += gpu
    notes += gpu_notes
    if w.data_store == DataStore.RELATIONAL:
        database = database_of(ctx, design)
        lines += database_lines(ctx, database)
        notes.append(
            f"The {DATABASE_WORDS[database.engine]} and its secret are priced alike: every "
            "option needs the same database."
        )
    return lines, notes


def _object_requests(ctx: Context, design: Design) -> tuple[float, float]:
    """S3 (PUTs, GETs) a month: per request; for events read from a stream in batches, a
    PUT per batch (one object each); for events a Firehose stream buffers, a PUT per
    delivered object and a GET to read each one, by the functions or the fleet alike.
    Only the uploads touch S3 unless the data itself lives there."""
    if design.delivery_stream is not None:
        objects = delivery_stream.delivered_objects(ctx, design.delivery_stream)
        return objects, objects
    touching = ctx.requests if ctx.workload.data_store == DataStore.OBJECT else ctx.uploads
    writes = touching * ctx.a["s3_puts_per_request"]
    if ctx.kinesis_fed:
        writes /= ctx.records_per_invocation()
    return writes, touching * ctx.a["s3_gets_per_request"]


def _tracing_lines(ctx: Context) -> Lines:
    """X-Ray's default sampling: the first trace each second, then 5% of the rest. A
    trace follows one request, or one batch of queued or streamed events (an invocation
    on Lambda, a batch a consumer reads on a fleet), not each event in it."""
    a = ctx.a
    traced = ctx.requests / ctx.records_per_invocation()
    reservoir = min(traced, a["xray_reservoir_per_second"] * SECONDS_PER_MONTH)
    traces = reservoir + a["xray_sampling_rate"] * max(0.0, traced - reservoir)
    lines = svc.xray_lines(
        ctx.table, traces_recorded=traces, traces_retrieved=0, free_tier=ctx.free_tier
    )
    return [line for line in lines if line.item.startswith("traces recorded")]


def _key_lines(ctx: Context) -> Lines:
    if not ctx.workload.sensitive_data:
        return []
    requests = ctx.requests * ctx.a["kms_requests_per_request"]
    return svc.kms_lines(ctx.table, keys=1, requests=requests, free_tier=ctx.free_tier)


def _firewall_lines(ctx: Context) -> Lines:
    """AWS WAF before a public API (on CloudFront for serverless, on the load balancer
    for the others): one web ACL and its rules, and every request inspected."""
    w = ctx.workload
    if Trigger.HTTP not in w.triggers or w.auth != Auth.PUBLIC:
        return []
    return svc.waf_lines(ctx.table, web_acls=1, rules=ctx.a["waf_rules"], requests=ctx.requests)


def _fleet_network_lines(ctx: Context, design: Design, *, images: bool) -> tuple[Lines, str]:
    """A container or VM fleet runs in private subnets and reaches the AWS APIs it calls
    (ECR for `images`, logs, traces, its data) through the cheaper of interface endpoints
    and NAT gateways (private_network.fleet_egress), with the note that says which."""
    egress = private_network.fleet_egress(ctx, design, images=images)
    return private_network.route_lines(ctx, egress), private_network.fleet_route_note(egress)


def _log_lines(ctx: Context, *, invocations: float) -> Lines:
    """Lambda's own START/END/REPORT lines, one set per invocation, at Lambda's volume
    tiers: none by default, as the template's system log level (WARN) drops them. What the
    application logs is the same in every design: a shared line."""
    a = ctx.a
    if not invocations or not a["lambda_platform_log_bytes_per_invocation"]:
        return []
    return svc.cloudwatch_logs_lines(
        ctx.table,
        ingested_gb=invocations * a["lambda_platform_log_bytes_per_invocation"] / 1024**3,
        retention_months=a["log_retention_months"],
        free_tier=False,  # the account's free logs are counted once, on the shared line
        log_kind="lambda",
    )


def _application_log_lines(ctx: Context) -> Lines:
    """What the application logs per request, in every design alike, at the standard
    rate: an assumption every option shares cannot decide between them (Lambda's volume
    tiers would bill it for a little less at tens of TB a month)."""
    a = ctx.a
    return svc.cloudwatch_logs_lines(
        ctx.table,
        ingested_gb=ctx.requests * a["log_bytes_per_request"] / 1024**3,
        retention_months=a["log_retention_months"],
        free_tier=ctx.free_tier,
        log_kind="standard",
    )


# --- serverless ----------------------------------------------------------------


def serverless_option_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[Lines, list[str]]:
    """The serverless option's own lines, with the notes that say how it runs."""
    lines, notes = serverless_lines(ctx, architecture, design)
    if not lambda_functions_left(ctx.workload, design.offloaded_parts):
        return lines, notes  # no function is left: no architecture or batches to speak of
    if ctx.queue_fed:
        notes.append(f"SQS hands Lambda batches of {ctx.a['sqs_batch_size']:g} messages.")
    elif ctx.stream_fed:
        notes.append(
            f"Lambda reads the table's stream in batches: about "
            f"{ctx.records_per_invocation():,.0f} changes per invocation at this rate."
        )
    elif ctx.kinesis_fed:
        notes.append(
            f"Lambda reads the Kinesis data stream in batches: about "
            f"{ctx.records_per_invocation():,.0f} events per invocation at this rate."
        )
    return lines, [f"Lambda on {architecture}.", *notes]


def serverless_lines(ctx: Context, architecture: str, design: Design) -> tuple[Lines, list[str]]:
    w = ctx.workload
    offloaded = design.offloaded_parts
    lines: Lines = []
    notes: list[str] = []
    lambda_ctx = ctx
    if OffloadPart.PERSISTENT_CONNECTIONS in offloaded or requests_leave_lambda(w, offloaded):
        # The same fleet the containers option runs holds the connections or serves the
        # requests, behind its balancer (for a waiting caller's GPU work, the GPU instances
        # are among the shared lines and the balancer and network are this option's own).
        fleet, fleet_notes = containers_lines(
            ctx, architecture, design, serves_requests=_fleet_answers_requests(w, offloaded)
        )
        lines += fleet
        notes += [
            "An always-on fleet behind a load balancer serves the request path.",
            *fleet_notes,
        ]
        # What stays on Lambda beside held connections is the plain HTTP traffic's share.
        lambda_ctx = ctx.scaled(ctx.a["http_share_beside_connections"])
    if long_runs_served(w, offloaded):
        fleet, fleet_notes = _worker_service_lines(ctx, architecture, design)
        lines += fleet
        notes += fleet_notes
    if submits_jobs(w, offloaded):
        job_api, job_api_notes = _job_api_lines(ctx, architecture)
        lines += job_api
        notes += job_api_notes
    elif not requests_leave_lambda(w, offloaded) and lambda_functions_left(w, offloaded):
        lambda_lines, lambda_notes = _lambda_path_lines(lambda_ctx, architecture, design)
        lines += lambda_lines
        notes += lambda_notes
    api, api_notes = _api_lines(lambda_ctx, design)
    edge, edge_notes = _edge_lines(lambda_ctx, design)
    lines += api + edge
    notes += api_notes + edge_notes
    if w.data_store == DataStore.RELATIONAL:
        database_lines_, database_notes = _database_path_lines(ctx, design, lines)
        lines += database_lines_
        notes += database_notes
    # The workflow is serverless's own cost, a wait for people's approval included: a
    # container service keeps a pending approval as a row in its database and resumes it
    # from the approver's callback, with no charge per step; a short pipeline it runs
    # in-process (as Prime Video's did).
    workflow, workflow_notes = _workflow_lines(ctx, design)
    job_lines, job_notes = _offloaded_job_lines(ctx, architecture, design)
    return lines + workflow + job_lines, notes + workflow_notes + job_notes


def _database_path_lines(ctx: Context, design: Design, so_far: Lines) -> tuple[Lines, list[str]]:
    """RDS Proxy where the peak's connections call for it, and the functions' route to the
    AWS APIs they call from the VPC: interface endpoints, or NAT gateways (unless a fleet
    of this option already has them). Gateway endpoints for S3 and DynamoDB are free."""
    database = database_of(ctx, design)
    lines = proxy_lines(ctx, database)
    notes = ["RDS Proxy pools the functions' database connections."] if lines else []
    if database.interface_endpoints:
        lines += private_network.endpoint_lines(ctx, database.interface_endpoints)
        notes.append(
            f"The functions reach {named_services(database.interface_endpoints)} through "
            "interface VPC endpoints."
        )
    if database.nat and not any(line.service == "nat_gateway" for line in so_far):
        lines += private_network.functions_nat_lines(ctx, design)
        notes.append("The functions call AWS APIs from the VPC through NAT gateways.")
    return lines, notes


def job_polls(ctx: Context) -> float:
    """Status calls a month: a job's client asks every `job_poll_interval_s` while it
    runs, and once more when it has ended."""
    per_job = ctx.duration_s / max(ctx.a["job_poll_interval_s"], 1.0) + 1
    return ctx.requests * per_job


def _job_api_lines(ctx: Context, architecture: str) -> tuple[Lines, list[str]]:
    """The job API's one small function: a call per job submitted and per status asked,
    at the glue functions' size (it starts an execution or reads one, nothing more)."""
    sizing = pattern_catalog().sizing
    polls = job_polls(ctx)
    calls = ctx.requests + polls
    lines = svc.lambda_lines(
        ctx.table,
        invocations=calls,
        duration_ms=sizing.glue_duration_ms,
        memory_mb=sizing.glue_memory_mb,
        architecture=architecture,
        free_tier=ctx.free_tier,
    )
    return lines + _log_lines(ctx, invocations=calls), [
        f"Jobs are submitted and polled: {ctx.requests:,.0f} submissions and "
        f"{polls:,.0f} status calls a month (one every "
        f"{ctx.a['job_poll_interval_s']:g} s while a job runs) reach one small function."
    ]


def _worker_service_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[Lines, list[str]]:
    """Long runs started faster than Fargate launches tasks: the containers option's own
    fleet reads the queue (design.long_runs_served), with no load balancer, workflow or
    function per message."""
    fleet, fleet_notes = containers_lines(ctx, architecture, design, serves_requests=False)
    return fleet, [
        "An always-on Fargate service reads the queue and works the long runs (see the "
        "design choices): no workflow or task launch per message.",
        *fleet_notes,
    ]


def _fleet_answers_requests(w: Workload, offloaded: tuple[OffloadPart, ...]) -> bool:
    """The fleet beside the functions answers HTTP requests behind its own load balancer:
    the request path moved out, or the requests arrive apart from the connections it
    holds (a serverless core keeps its requests on its API). Requests that are the
    traffic on raw connections reach it through the connections' Network Load Balancer,
    even when the busy request path moved out: one fleet, one load balancer."""
    return requests_leave_lambda(w, offloaded) and requests_apart_from_connections(w)


def _workflow_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    """The workflow's executions, and the idempotency records its Lambda steps keep
    (Step Functions retries a step with the same input)."""
    if design.workflow_type is None:
        return [], []
    steps = idempotency.idempotency_lines(
        ctx, idempotency.workflow_step_records(ctx, design), whose="step"
    )
    executions, notes = _executions_lines(ctx, design)
    return executions + steps, notes


def _executions_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    executions = design.executions_for(ctx.workflow_executions)
    if design.workflow_type == workflow_engine.STATE_TABLE:
        return workflow_engine.state_table_lines(ctx, executions), [
            "Waiting runs are rows in a DynamoDB state table, resumed by their callback or "
            "by an EventBridge Scheduler timeout (see the design choices)."
        ]
    if design.workflow_type == "express":
        # An execution lasts as long as its Lambda steps, run one after another.
        lines = svc.step_functions_lines(
            ctx.table,
            workflow_type="express",
            executions=executions,
            duration_ms=ctx.workload.avg_duration_ms * ctx.a["workflow_lambda_steps_per_execution"],
            free_tier=ctx.free_tier,
        )
        return lines, ["An Express workflow coordinates each run (billed per run and duration)."]
    lines = workflow_engine.standard_lines(ctx, executions)
    if design.gpu_jobs and design.gpu_jobs.items_per_job > 1:
        return lines, [
            f"A Standard workflow coordinates each group of {design.gpu_jobs.items_per_job:,} "
            "items (billed per state transition): one execution per GPU job, not per item."
        ]
    return lines, ["A Standard workflow coordinates each run (billed per state transition)."]


def lambda_invocations(ctx: Context) -> float:
    """The work's invocations, and those of each independent consumer past the first."""
    return ctx.requests / ctx.records_per_invocation() + ctx.other_consumer_invocations()


def function_work(ctx: Context, offloaded: tuple[OffloadPart, ...]) -> tuple[float, int]:
    """(ms per request, memory in MB) the functions spend. Where the work runs elsewhere,
    they only hand it on (start an execution): they run briefly at the glue functions'
    size, as the template builds them, not at the work's memory. A workflow's own steps
    around the runs do real work at the work's memory, and the same brief run per request
    stands for the entry functions (the workflow's own steps are counted apart, in
    `lambda_run`). A function streaming its answer runs for the whole stream: the run's
    duration is the stream's, waiting included."""
    if events_handed_on(ctx.workload, offloaded):
        steps = ctx.workload.workflow != Workflow.NONE
        memory_mb = ctx.workload.memory_mb if steps else pattern_catalog().sizing.glue_memory_mb
        return ctx.a["offload_dispatch_duration_ms"], memory_mb
    return ctx.workload.avg_duration_ms, ctx.workload.memory_mb


def lambda_run(ctx: Context, design: Design) -> tuple[float, float, int]:
    """(invocations, duration per invocation in ms, memory in MB): `function_work` in the
    invocations the triggers' batching makes. A function gathering GPU jobs' items hands
    each group on once (it writes the group's list and starts one execution, whose steps
    run once), so it runs once per group for one hand-on's time."""
    per_request_ms, memory_mb = function_work(ctx, design.offloaded_parts)
    jobs = design.gpu_jobs
    if jobs is not None and jobs.items_per_job > ctx.records_per_invocation():
        return jobs.jobs_for(ctx.requests), per_request_ms, memory_mb
    entry = lambda_invocations(ctx)
    # The workflow's own Lambda steps are invocations of their own, each running as long
    # as a request's work (around jobs that run elsewhere, the brief run that stands for it).
    steps = workflow_engine.lambda_steps(ctx, design)
    invocations = entry + steps + _queue_hand_offs(ctx, design)
    # A batch runs its messages one after another, so the compute per request is unchanged;
    # each consumer past the first runs the work again for its own effects.
    runs = ctx.requests * ctx.consumer_runs_per_request + steps
    duration_ms = per_request_ms * runs / invocations if invocations else per_request_ms
    return invocations, duration_ms, memory_mb


def _queue_hand_offs(ctx: Context, design: Design) -> float:
    """Batches a queue's function takes beside the API's function (HTTP and queue
    triggers both): the requests are priced once as the API's invocations, and the queue's
    consumer is invoked again per batch of the same messages (the one that starts each
    workflow execution)."""
    w = ctx.workload
    if not {Trigger.HTTP, Trigger.QUEUE} <= set(w.triggers):
        return 0.0
    if design.workflow_type is None or requests_leave_lambda(w, design.offloaded_parts):
        return 0.0
    return ctx.requests / max(ctx.a["sqs_batch_size"], 1.0)


def warm_environments(ctx: Context, design: Design) -> float:
    """Provisioned environments, averaged over the month: the peak's during the busy
    hours, the base the rest (scheduled scaling)."""
    warm = design.warm_start
    if warm.kind != "provisioned":
        return 0.0
    peak_hours = ctx.peak_hours_per_month()
    kept = warm.peak_environments * peak_hours + warm.base_environments * (
        HOURS_PER_MONTH - peak_hours
    )
    return kept / HOURS_PER_MONTH


MIN_COMMITTED_SHARE = 0.01  # below a hundredth of the compute, a plan is not offered


def committed_share(ctx: Context) -> float:
    """The part of the compute a Savings Plan covers: the steady floor, the off-peak rate
    that runs every hour. A plan bought above it would pay for hours it is not used."""
    w = ctx.workload
    if w.commitment_years == 0 or w.avg_rps <= 0:
        return 0.0
    share = min(1.0, ctx.base_rps() / w.avg_rps)
    # A nightly job's floor is a few runs in the quiet hours: nothing worth committing to.
    return share if share >= MIN_COMMITTED_SHARE else 0.0


def savings_plan(ctx: Context) -> str:
    return f"savings_plan_{ctx.workload.commitment_years}y"


def _lambda_path_lines(ctx: Context, architecture: str, design: Design) -> tuple[Lines, list[str]]:
    invocations, duration_ms, memory_mb = lambda_run(ctx, design)
    environments = warm_environments(ctx, design)
    on_demand_starts = ctx.cold_starts() if design.warm_start.kind == "none" else 0.0
    share = committed_share(ctx) if _plan_offered(ctx, architecture, environments) else 0.0
    parts = [(1 - share, "on_demand"), (share, savings_plan(ctx))]
    lines: Lines = []
    for fraction, purchase in parts:
        if fraction <= 0:
            continue
        lines += _bought_as(
            purchase,
            svc.lambda_lines(
                ctx.table,
                invocations=invocations * fraction,
                duration_ms=duration_ms,
                memory_mb=memory_mb,
                architecture=architecture,
                free_tier=ctx.free_tier and purchase == "on_demand",
                provisioned_concurrency=environments * fraction,
                provisioned_hours=HOURS_PER_MONTH if environments else 0,
                # Since August 2025 the INIT phase of an on-demand cold start is billed.
                cold_starts=on_demand_starts * fraction,
                init_duration_ms=cold_start_ms(ctx.workload) if on_demand_starts else 0,
                purchase=purchase,
            ),
        )
    lines = merge_lines(lines)
    notes = []
    if share > 0:
        notes.append(
            f"A {ctx.workload.commitment_years}-year Compute Savings Plan covers the steady "
            f"{share:.0%} of the functions' compute; the rest is on demand."
        )
    if design.warm_start.kind == "snapstart":
        lines += svc.snapstart_lines(
            ctx.table,
            runtime=ctx.workload.runtime.value,
            memory_mb=ctx.workload.memory_mb,
            cached_hours=HOURS_PER_MONTH,
            restores=ctx.cold_starts(),
        )
    return lines + _log_lines(ctx, invocations=invocations), notes


def _bought_as(purchase: str, lines: Lines) -> Lines:
    """Mark the lines a Savings Plan discounts (requests are never discounted)."""
    if purchase == "on_demand":
        return lines
    years = purchase.removeprefix("savings_plan_").removesuffix("y")
    return [
        line
        if line.item.startswith("requests")
        else replace(line, item=f"{line.item}, {years}-year Savings Plan")
        for line in lines
    ]


def _plan_offered(ctx: Context, architecture: str, environments: float) -> bool:
    """Savings Plans rates are published for this architecture's compute (there is none
    for arm64 provisioned concurrency)."""
    keys = [f"duration_{architecture}"]
    if environments:
        keys = [f"provisioned_concurrency_{architecture}", f"provisioned_duration_{architecture}"]
    plan = savings_plan(ctx)
    return all(("lambda", f"{key}.{plan}") in ctx.table for key in keys)


def _api_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    """The API Gateway APIs the design puts in front. With both, the rate is messages on
    the connections, and a share of it plain HTTP calls beside them (an assumption);
    without requests of its own, the HTTP API carries the glue calls (presigned uploads,
    approval callbacks)."""
    w = ctx.workload
    lines: Lines = []
    notes = []
    http_calls = ctx.requests
    if "websocket" in design.api_types:
        minutes = ctx.connections_open() * HOURS_PER_MONTH * 60
        lines += svc.api_gateway_lines(
            ctx.table,
            api_type="websocket",
            requests=0,
            payload_kb=w.payload_kb,
            messages=ctx.requests,
            connection_minutes=minutes,
        )
        notes.append("Clients hold connections through an API Gateway WebSocket API.")
        http_calls = ctx.requests * ctx.a["http_share_beside_connections"]
    if "http" in design.api_types:
        streams = "rest" in design.api_types  # the answers go through the REST API
        if streams or Role.REQUESTS not in serverless_roles(w, design.offloaded_parts):
            http_calls = _glue_calls(ctx, design)
        lines += front_door.http_api_lines(ctx, http_calls)
        notes.append("An API Gateway HTTP API takes the requests (see the design choices).")
    if "rest" in design.api_types:
        lines += _streaming_lines(ctx)
        notes.append(
            "An API Gateway REST API streams the functions' answers (see the design "
            "choices); Lambda bills the bytes streamed past 6 MB an answer."
        )
    if "function_url" in design.api_types:
        # Nothing to price: a function URL bills only the invocation, priced with Lambda.
        notes.append(
            "The function's own URL takes the requests (AuthType AWS_IAM): no charge beyond "
            "the Lambda invocations (see the design choices)."
        )
    if "alb" in design.api_types:
        lines += front_door.lambda_alb_lines(ctx)
        notes.append(
            "An Application Load Balancer passes the requests to the functions, billed by "
            "the hour and capacity unit rather than per request (see the design choices)."
        )
    return lines, notes


def _streaming_lines(ctx: Context) -> Lines:
    """The REST API's requests (each 10 MB of a streamed answer one more) and Lambda's
    charge for the bytes streamed beyond the first 6 MB of each answer."""
    w = ctx.workload
    api = svc.api_gateway_lines(
        ctx.table,
        api_type="rest",
        requests=ctx.requests,
        payload_kb=w.payload_kb,
        streamed_kb=w.response_kb,
    )
    return api + streaming_lines(
        ctx.table,
        responses=ctx.requests,
        response_mb=w.response_kb / 1024,
        free_tier=ctx.free_tier,
    )


def _edge_lines(ctx: Context, design: Design) -> tuple[Lines, list[str]]:
    """CloudFront in front of a public HTTP API (the web ACL sits on it)."""
    if design.edge != "cloudfront":
        return [], []
    serves = Role.REQUESTS in serverless_roles(ctx.workload, design.offloaded_parts)
    requests = ctx.requests if serves else _glue_calls(ctx, design)
    return front_door.edge_lines(ctx, requests), [
        "CloudFront takes the public API's requests and AWS WAF inspects them there; the "
        "responses' data out is billed by CloudFront ($0.085/GB) instead of the region, "
        "priced once among the shared lines at the region's rate."
    ]


def _glue_calls(ctx: Context, design: Design) -> float:
    """One presigned URL per upload, one callback per approval, and per job one submission
    and its status calls."""
    w = ctx.workload
    approvals = ctx.workflow_executions if w.workflow == Workflow.HUMAN_APPROVAL else 0.0
    jobs = ctx.requests + job_polls(ctx) if submits_jobs(w, design.offloaded_parts) else 0.0
    return ctx.uploads + approvals + jobs


def _offloaded_job_lines(
    ctx: Context, architecture: str, design: Design
) -> tuple[Lines, list[str]]:
    offloaded = design.offloaded_parts
    job_hours = ctx.requests * max(ctx.duration_s, BILLED_MINIMUM_S) / 3600
    if requests_leave_lambda(ctx.workload, offloaded):
        return [], []  # the work runs on the request path's fleet, priced with it
    if OffloadPart.GPU_WORK in offloaded:
        # The GPU instances are among the shared lines: every option runs the same ones.
        return [], ["A Standard workflow submits each GPU job to AWS Batch and waits for it."]
    task = design.job_task
    if task is None:
        return [], []
    return _task_seconds_lines(ctx, task, job_hours, architecture), [
        "Each long run is a Fargate task a Standard workflow starts and waits for, billed "
        "per second of its run."
    ]


# --- containers ------------------------------------------------------------------


def containers_lines(
    ctx: Context, architecture: str, design: Design, *, serves_requests: bool | None = None
) -> tuple[Lines, list[str]]:
    """An autoscaled Fargate service: it follows the load, never below `min_tasks`.
    `serves_requests` says whether it answers HTTP requests behind a load balancer (by
    default, where they arrive apart from the connections it holds)."""
    extras, network_note = _fleet_extras(ctx, design, serves_requests=serves_requests)
    if ctx.workload.gpu_required:
        return extras, [
            "The GPU work runs on ECS on GPU instances (Fargate has no GPUs), priced among "
            "the shared lines.",
            network_note,
        ]
    if runs_on_a_schedule(ctx):
        tasks, task_notes = _scheduled_task_lines(ctx, architecture)
        return tasks + extras, task_notes + [network_note] + _approval_notes(ctx)
    a = ctx.a
    base_tasks, peak_tasks = fleet_task_counts(ctx)
    if ctx.buffered:
        how = "sized for the average load, since queues absorb the bursts"
    else:
        how = (
            f"scaled to the peak for {a['peak_hours_per_day']:g} h a day and to the "
            "rest of the load otherwise" + _burst_reserve_words(ctx, "tasks")
        )
    peak_hours = 0.0 if ctx.buffered else ctx.peak_hours_per_month()
    base_hours = base_tasks * HOURS_PER_MONTH
    burst_hours = (peak_tasks - base_tasks) * peak_hours
    lines: Lines = []
    committed = ctx.workload.commitment_years > 0
    for task_hours, purchase in ((base_hours, savings_plan(ctx)), (burst_hours, "on_demand")):
        if task_hours <= 0:
            continue
        lines += svc.fargate_lines(
            ctx.table,
            tasks=1,
            vcpu=ctx.fleet_task.vcpu,
            memory_gb=ctx.fleet_task.memory_gb,
            hours=task_hours,
            architecture=architecture,
            purchase=purchase if committed else "on_demand",
        )
    notes = [
        f"Fargate tasks autoscale ({how}) at {a['container_target_utilisation']:.0%} "
        f"utilisation, never fewer than {a['min_tasks']:g}: "
        f"{base_hours + burst_hours:,.0f} task-hours."
    ]
    if committed:
        notes.append(
            f"A {ctx.workload.commitment_years}-year Compute Savings Plan covers the tasks that "
            "run all month; the busy hours' extra tasks are on demand."
        )
    return lines + extras, notes + [network_note] + _approval_notes(ctx)


def _approval_notes(ctx: Context) -> list[str]:
    """How a fleet waits for people: no workflow service, so no line of its own."""
    if ctx.workload.workflow != Workflow.HUMAN_APPROVAL:
        return []
    return [
        "Approvals wait as rows in the service's own database and resume when the "
        "approver's link calls back: no charge per step or per wait."
    ]


def _fleet_extras(
    ctx: Context, design: Design, *, serves_requests: bool | None = None, images: bool = True
) -> tuple[Lines, str]:
    """What a fleet needs besides its compute: the load balancers with their addresses,
    and its route out of the private subnets (with the note that says which)."""
    doors = fleet_load_balancer_lines(ctx, serves_requests=serves_requests)
    network, note = _fleet_network_lines(ctx, design, images=images)
    return doors + network, note


def _task_seconds_lines(ctx: Context, task: JobTask, hours: float, architecture: str) -> Lines:
    """Tasks of one size for `hours` in all, on demand. Fargate bills a task's vCPU and
    memory from its image pull to its end, rounded up to the second
    (https://aws.amazon.com/fargate/pricing/): the runs' seconds, no idle fleet."""
    return svc.fargate_lines(
        ctx.table,
        tasks=1,
        vcpu=task.vcpu,
        memory_gb=task.memory_gb,
        hours=hours,
        architecture=architecture,
    )


def _scheduled_task_lines(ctx: Context, architecture: str) -> tuple[Lines, list[str]]:
    task = ctx.fleet_task
    hours = ctx.work_hours(task.vcpu, task.memory_gb)
    return _task_seconds_lines(ctx, task, hours, architecture), [
        f"Fargate tasks started for the scheduled runs and stopped after: {hours:,.1f} "
        f"task-hours, the runs' own compute at {ctx.a['container_target_utilisation']:.0%} "
        "utilisation, at least a minute a run, on demand (there is no floor running every "
        f"hour to commit to){_kept_running_words(ctx, hours, 'task')}."
    ]


def _kept_running_words(ctx: Context, hours: float, what: str) -> str:
    """Why runs started one by one are billed as a task or instance up most of the month."""
    if hours < HOURS_PER_MONTH / 2 or ctx.requests <= 0:
        return ""
    every_s = SECONDS_PER_MONTH / ctx.requests
    return (
        f"; with a run every {every_s:,.0f} s on average, each start's billed minute keeps "
        f"a {what} up {hours / HOURS_PER_MONTH:.0%} of the month"
    )


def fleet_task_counts(ctx: Context) -> tuple[int, int]:
    """Tasks an always-on Fargate fleet of the chosen size runs off-peak and at the peak.
    The starter repo's scaling bounds are these counts."""
    return ctx.fleet_task_counts(ctx.fleet_task)


# --- virtual machines ------------------------------------------------------------


def vm_lines(ctx: Context, architecture: str, design: Design) -> tuple[Lines, list[str]]:
    if ctx.workload.gpu_required:
        fleet: Lines = []
        notes = ["GPU instances in an Auto Scaling group, priced among the shared lines."]
    elif runs_on_a_schedule(ctx):
        fleet, notes = _scheduled_instance_lines(ctx, fixed_instance(ctx, architecture))
    else:
        instance = vm_instance(ctx, architecture)
        fleet, notes = _instance_fleet(ctx, instance)
        notes += vm_purchase_note(ctx, instance.type)
    # The instances run the application from their image (an AMI), not a container image:
    # no ECR; OS packages come from the Amazon Linux repositories in S3.
    extras, network_note = _fleet_extras(ctx, design, images=False)
    return fleet + extras, notes + [network_note] + _approval_notes(ctx)


def _scheduled_instance_lines(ctx: Context, instance: InstanceSpec) -> tuple[Lines, list[str]]:
    """Instances an Auto Scaling group starts for the scheduled runs and stops after,
    billed by the second on demand (a reservation pays for every hour)."""
    hours = ctx.work_hours(instance.vcpu, instance.memory_gib)
    lines = svc.ec2_lines(
        ctx.table, instance_type=instance.type, count=1, hours=hours, purchase="on_demand"
    )
    return lines, [
        f"{instance.type} instances started for the scheduled runs and stopped after "
        f"(scheduled scaling): {hours:,.1f} instance-hours on demand, at least a minute a "
        f"run{_kept_running_words(ctx, hours, 'instance')}."
    ]


def _instance_fleet(ctx: Context, instance: InstanceSpec) -> tuple[Lines, list[str]]:
    """Instances in an Auto Scaling group: enough for the off-peak load all month (bought
    as the commitment says, since they run every hour), and the rest up to the peak on
    demand through the busy hours (scheduled scaling), as the containers option scales
    (engine/costs/fleet.py sizes and prices them)."""
    base, peak = instance_counts(ctx, instance)
    bought = "reserved" if vm_purchase(ctx, instance.type) != "on_demand" else "on-demand"
    what = f"{bought} instances"
    lines = instance_fleet_lines(ctx, instance)
    notes = _credit_notes(ctx, instance, lines)
    if ctx.buffered:
        return lines, [
            f"{base} x {instance.type} ({what}) sized for the average load (queues absorb "
            "the bursts), all month.",
            *notes,
        ]
    busy_hours_a_day = ctx.peak_hours_per_month() * 24 / HOURS_PER_MONTH
    return lines, [
        f"{base} x {instance.type} ({what}) all month for the off-peak load"
        f"{_burst_reserve_words(ctx, 'instances')}; {peak - base} more on demand through the "
        f"{busy_hours_a_day:.3g} busy hours a day for the peak (scheduled scaling).",
        *notes,
    ]


def _credit_notes(ctx: Context, instance: InstanceSpec, lines: Lines) -> list[str]:
    """What a burstable type's CPU baseline means for this load, in money."""
    share = baseline_share(instance)
    if share is None:
        return []
    credits = sum(line.monthly_usd for line in lines if "surplus CPU credits" in line.item)
    extra = (
        f"; the busy hours' extra instances run above it, billed ${credits:,.2f} a month of "
        "surplus CPU credits"
        if credits > 0
        else ""
    )
    return [
        f"{instance.type} is burstable (Unlimited mode): the always-on instances' average "
        f"CPU stays within its baseline ({share:.0%} of each vCPU), so their bursts cost "
        f"nothing extra{extra}."
    ]


def _burst_reserve_words(ctx: Context, what: str) -> str:
    """Why the fleet keeps more running than the off-peak load needs, if it does."""
    if ctx.warm_rps() <= ctx.base_rps():
        return ""
    return (
        f", keeping enough {what} running to carry an unannounced burst to the peak at "
        f"{ctx.a['burst_utilisation']:.0%} CPU for the {ctx.a['scale_out_minutes']:g} minutes "
        "or so that scaling out takes"
    )
