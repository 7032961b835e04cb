"""What the engine answers: frozen dataclasses only, never dicts or model instances."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Fit(StrEnum):
    FITS = "fits"
    HYBRID = "hybrid"
    DOES_NOT_FIT = "does_not_fit"

    @property
    def label(self) -> str:
        """The verdict in words (colour is never the only signal)."""
        return _FIT_LABELS[self]


_FIT_LABELS = {
    Fit.FITS: "Fits serverless",
    Fit.HYBRID: "Fits as a hybrid",
    Fit.DOES_NOT_FIT: "Does not fit serverless",
}


class OffloadPart(StrEnum):
    """Parts a hybrid design runs outside Lambda: rules name them, costs and drawings use them."""

    LONG_RUNNING_JOBS = "long_running_jobs"  # runs over 15 min: Fargate tasks via Step Functions
    GPU_WORK = "gpu_work"  # GPU: EC2 GPU instances through AWS Batch / ECS
    PERSISTENT_CONNECTIONS = "persistent_connections"  # raw TCP / streaming: Fargate behind an NLB
    HOT_PATH = "hot_path"  # an always-busy steady path: cheaper on Fargate behind an ALB


class Effect(StrEnum):
    BLOCKER = "blocker"  # serverless cannot do this part at all
    MONEY = "money"  # sets the band the score may move in, from the costs that differ
    AGAINST = "against"  # counts against serverless, weighted, within the money's band
    FOR = "for"  # counts for serverless, weighted, within the money's band
    RECOMMENDATION = "recommendation"  # no effect on the verdict: advice for the design


@dataclass(frozen=True)
class Source:
    title: str
    url: str  # "" when the source is a section of the advisor's guide
    retrieved: str  # ISO date the fact was read
    section: str = ""  # heading of the guide section it comes from (knowledge.GUIDE_SECTIONS)


# --- costs -----------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    service: str  # "lambda", "api_gateway", "fargate", ...
    item: str  # "requests", "duration (x86_64, tier 1)", ...
    quantity: float
    unit: str  # "1M requests", "GB-second", "vCPU-hour", ...
    unit_price_usd: float
    monthly_usd: float


@dataclass(frozen=True)
class Estimate:
    """One priced option or one priced service: its line items and their sum."""

    monthly_usd: float
    items: tuple[CostLine, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssumptionValue:
    name: str
    value: float
    unit: str
    description: str
    overridden: bool

    @property
    def name_value(self) -> tuple[str, float]:
        return self.name, self.value


# The subject of every comparison; the other options are keyed by their registry entry
# (engine/costs/option_kinds.py), which this module cannot import.
SERVERLESS = "serverless"


@dataclass(frozen=True)
class PricedOption:
    key: str  # the option's entry in the registry: "serverless", "containers", ...
    estimate: Estimate


@dataclass(frozen=True)
class CostComparison:
    # Each priced option, in the registry's order: serverless first, the alternatives, the
    # what-ifs. An option that does not apply to the design is absent.
    options: tuple[PricedOption, ...]
    # Average request rate at which serverless costs as much as the cheapest
    # alternative, the workload's shape held; None when they never cross.
    break_even_avg_rps: float | None
    assumptions: tuple[AssumptionValue, ...]
    advice: tuple[str, ...] = ()  # memory right-sizing, provisioned concurrency, ...
    # Parts the serverless option runs outside Lambda (a hybrid design), as priced.
    offloaded_parts: tuple[OffloadPart, ...] = ()
    # The lines every option pays alike (data store, transfer, ...), included in each
    # option's estimate above: the decision weighs only what differs.
    shared: Estimate = Estimate(monthly_usd=0.0, items=())
    # The serverless design priced above (None only in hand-built comparisons).
    design: Design | None = None

    @property
    def serverless(self) -> Estimate:
        return self.estimate(SERVERLESS)

    def estimate(self, key: str) -> Estimate:
        """The estimate of the option with this key (KeyError if it was not priced)."""
        for option in self.options:
            if option.key == key:
                return option.estimate
        raise KeyError(key)

    def priced(self, key: str) -> bool:
        return any(option.key == key for option in self.options)

    def differing_usd(self, option: Estimate) -> float:
        """An option's monthly cost without the lines every option shares."""
        return max(0.0, option.monthly_usd - self.shared.monthly_usd)


# --- verdict ---------------------------------------------------------------


@dataclass(frozen=True)
class RuleHit:
    rule: str
    effect: Effect
    weight: int
    category: str  # "fit", "function_design", "security", "cost", "data", "events", ...
    message: str  # rendered with the workload's own numbers
    sources: tuple[Source, ...]
    # For a blocker that a hybrid design works around: the part that runs elsewhere.
    offload: OffloadPart | None = None


@dataclass(frozen=True)
class Threshold:
    """A nearby answer that would change the verdict."""

    rule: str
    field: str
    current: float
    threshold: float
    message: str
    fit_after: Fit


@dataclass(frozen=True)
class ScoreMove:
    """One qualitative reason's part in the score: counted, or outweighed within its factor."""

    rule: str
    factor: str  # reasons stating one fact share a factor; only the heaviest counts
    points: int  # + for serverless, - against
    counted: bool


@dataclass(frozen=True)
class ScoreTrace:
    """How the score was reached, for an architect to audit.

    The money band (from the costs that differ) sets where the score starts and the
    range it may move in; the qualitative reasons move it within that range; a hard
    limit then caps it (hybrid at most 75, does not fit at most 30).
    """

    band_rule: str
    band_label: str
    base: int
    floor: int
    ceiling: int
    moves: tuple[ScoreMove, ...]
    raw: int  # base + counted moves, before the band's range
    in_band: int  # raw held within floor..ceiling
    cap: int | None  # the hard-limit cap applied, if any
    cap_reason: str  # "" or why the cap applies


@dataclass(frozen=True)
class Verdict:
    fit: Fit
    score: int  # 0-100, higher = serverless fits better
    reasons: tuple[RuleHit, ...]  # fired rules that weigh on the verdict
    recommendations: tuple[RuleHit, ...]  # fired advice
    offloaded_parts: tuple[OffloadPart, ...]  # parts a hybrid design runs outside Lambda
    thresholds: tuple[Threshold, ...] = ()
    summary: str = ""
    trace: ScoreTrace | None = None


# --- design ----------------------------------------------------------------


@dataclass(frozen=True)
class DesignChoice:
    """One choice an architect would make for this workload, and why."""

    # "api", "workflow", "warm_starts", "commitment", "events", "ingestion", "gpu", "jobs",
    # "database", "idempotency", "table_capacity", "compute", "large_events"
    topic: str
    choice: str  # "http", "express", "snapstart", "provisioned", "savings_plan_1y", ...
    reason: str


@dataclass(frozen=True)
class FrontDoorQuote:
    """What the HTTP front door of the Lambda functions would cost a month either way:
    an API Gateway HTTP API, or an Application Load Balancer with the functions as its
    targets (hours, capacity units and its public addresses)."""

    http_api_usd: float  # with, for a public API, the CloudFront its web ACL needs
    alb_usd: float
    alb_lcu: float  # the capacity units the load balancer would use, on average
    http_api_edge_usd: float = 0.0  # that CloudFront's share of http_api_usd


@dataclass(frozen=True)
class WarmStart:
    """How requests avoid a slow first start, if they must."""

    kind: str  # "none", "snapstart" or "provisioned"
    peak_environments: int = 0  # provisioned: kept warm during the busy hours
    base_environments: int = 0  # provisioned: kept warm the rest of the day
    busy_hours_per_day: float = 0.0  # provisioned: the daily hours at the peak's figure


@dataclass(frozen=True)
class ClaimCheck:
    """Event bodies over their transport's size limit, kept in S3 (the claim-check
    pattern): the producer writes each body to a bucket and sends a pointer through the
    transport; each consumer reads the object. Priced, drawn and built alike."""

    # The transports whose limit the payload exceeds: "topic" (SNS), "stream" (Kinesis),
    # "queue" (the SQS work queue), with each one's limit in KB.
    limits_kb: tuple[tuple[str, float], ...]
    expiry_days: float  # the bucket's lifecycle rule deletes a body after this many days
    pointer_kb: float  # the message that names the object


@dataclass(frozen=True)
class EventStream:
    """A Kinesis data stream carrying high-volume published events, and how Lambda reads
    it (the event source mapping's settings): priced, drawn and built alike."""

    mode: str  # "provisioned" or "on_demand": the cheaper for the workload
    shards: int  # provisioned: sized for the sustained peak (on-demand sizes itself)
    parallelization_factor: int  # concurrent batches per shard, 1-10
    batch_size: int
    batching_window_s: int
    # Independent consumers reading every record, each with its own event source mapping.
    consumers: int = 1
    # True: each consumer reads through an enhanced fan-out consumer of its own (dedicated
    # 2 MB/s a shard, billed apart); False: they share the shards' standard reads.
    enhanced_fan_out: bool = False


@dataclass(frozen=True)
class DeliveryStream:
    """An Amazon Data Firehose stream the requests put their events to, buffering them
    into S3 objects by size or time: priced, drawn and built alike."""

    buffer_mb: int  # an object is delivered when this much has arrived...
    buffer_interval_s: int  # ...or this long has passed, whichever comes first


@dataclass(frozen=True)
class TableCapacity:
    """How the application's DynamoDB table is billed for throughput: on demand, or
    provisioned capacity that auto scaling keeps at a target utilisation (its capacity off
    the peak and through the busy hours, as priced; the template's scaling bounds)."""

    mode: str  # "on_demand" or "provisioned"
    target_utilization: float = 0.0  # provisioned: consumed / provisioned, 0.2-0.9
    base_wcu: int = 0  # provisioned: the capacity off the peak (the scaling minimum)
    peak_wcu: int = 0  # provisioned: the capacity through the busy hours
    base_rcu: int = 0
    peak_rcu: int = 0


@dataclass(frozen=True)
class JobTask:
    """The Fargate task size one long run gets, billed per second of its run."""

    vcpu: float
    memory_gb: float


@dataclass(frozen=True)
class CapacityProvider:
    """The EC2 capacity Lambda Managed Instances run the functions on, where a steady load
    costs materially less there than on-demand Lambda: priced, drawn, reported and built
    (a capacity provider and each function's capacity provider config) alike."""

    instance_type: str  # "m7g.large"
    vcpu_per_instance: int
    base_instances: int  # all month (three at least, across the Availability Zones)
    peak_instances: int  # through the busy hours
    # What the functions' own lines cost a month either way, for the reasons' contrast.
    managed_usd: float
    on_demand_usd: float
    # How the design met cold starts on demand (nothing starts cold on the instances):
    # the on-demand what-if prices it back.
    on_demand_warm_start: WarmStart = WarmStart(kind="none")
    # The instances' route out of the customer's subnets, as priced (None: NAT gateways
    # already there carry it).
    route: Route | None = None
    # The runs in flight at the peak, and how many an environment holds per vCPU (the
    # runtime's default PerExecutionEnvironmentMaxConcurrency), as the fleet was sized.
    peak_runs_in_flight: int = 0
    runs_per_vcpu: int = 0
    runs_are_processes: bool = False  # Python: each run a process with its own memory

    @property
    def max_vcpu(self) -> int:
        """The ceiling the provider scales to: the busy hours' instances, and one more of
        each for the room a burst needs while the next instance starts."""
        return self.vcpu_per_instance * (self.peak_instances + 1)


@dataclass(frozen=True)
class GpuJobs:
    """How GPU work nobody waits on is grouped into AWS Batch jobs: each job (one
    workflow execution, one Batch job, one model load) works `items_per_job` items, so
    those overheads are paid per group, not per item (engine/gpu_jobs.py decides)."""

    items_per_job: int  # on average, as priced
    batch_size: int  # the most one group takes (the SQS event source's BatchSize)
    # How the items reach a job: "queue" (Lambda gathers them from SQS for up to
    # `batching_window_s`), "schedule" (each run splits what is waiting into groups), or
    # "each" (every event is its own job: nothing gathers them).
    gathered_by: str
    batching_window_s: int
    model_load_s: float  # once per job, before its first item
    item_s: float  # GPU time of one item
    # What sets the group's size: "gpu_time" (the planned GPU work per job), "run" (one
    # scheduled run's items), "batch_limit" (Lambda's most messages per batch), "payload"
    # (what one 6 MB invocation carries), "arrivals" (what arrives in the window).
    limited_by: str = "gpu_time"

    @property
    def job_gpu_s(self) -> float:
        """GPU time one job holds its instance: the model load, then its items."""
        return self.model_load_s + self.items_per_job * self.item_s

    def jobs_for(self, items: float) -> float:
        return items / self.items_per_job

    @property
    def gathers_from_queue(self) -> bool:
        """Lambda gathers the queued items into groups (its batch size and window are the
        group's); a job per item keeps the queue's usual batches."""
        return self.gathered_by == "queue" and self.items_per_job > 1


@dataclass(frozen=True)
class Database:
    """The relational database sized by the workload, and what the functions need to reach
    it: priced, drawn and built alike (engine/costs/database.py decides)."""

    engine: str  # "aurora_serverless_v2" (pauses at 0 ACU) or "rds_postgresql" (provisioned)
    instance_class: str = ""  # rds_postgresql: the class of each Multi-AZ deployment
    deployments: int = 1
    vcpu: float = 0.0  # rds_postgresql: each deployment's vCPUs and memory
    memory_gib: float = 0.0
    max_acu: float = 0.0  # aurora_serverless_v2: the capacity ceiling
    seconds_until_auto_pause: int = 0  # aurora_serverless_v2: idle time before it pauses
    awake_hours_per_month: float = 0.0  # aurora_serverless_v2: hours it is not paused
    resumes_per_month: float = 0.0  # aurora_serverless_v2: requests that find it paused
    resume_s: float = 0.0  # aurora_serverless_v2: how long such a request waits
    # aurora_serverless_v2: what never pausing (the 0.5 ACU floor while it now sleeps) adds
    unpaused_extra_usd: float = 0.0
    proxy: bool = False  # RDS Proxy pools the functions' connections
    # The functions' route to the AWS APIs they call from the VPC (costs/private_network.py):
    # free gateway endpoints (s3, dynamodb), interface endpoints, or NAT gateways.
    nat: bool = False
    gateway_endpoints: tuple[str, ...] = ()
    interface_endpoints: tuple[str, ...] = ()

    @property
    def pauses(self) -> bool:
        return self.engine == "aurora_serverless_v2"


@dataclass(frozen=True)
class Route:
    """How private subnets reach the AWS APIs called from them (costs/private_network.py):
    free gateway endpoints (s3, dynamodb), interface endpoints, or NAT gateways."""

    nat: bool = False
    gateway_endpoints: tuple[str, ...] = ()
    interface_endpoints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Design:
    """The design an expert would build: priced, drawn, reported and generated alike."""

    offloaded_parts: tuple[OffloadPart, ...]
    # The front doors: "websocket" and "http" (API Gateway APIs), "alb" (an Application
    # Load Balancer with the functions as its targets, instead of the HTTP API) or
    # "function_url" (the function's own URL, AuthType AWS_IAM, instead of the HTTP API).
    api_types: tuple[str, ...]
    # "express", "standard", "state_table" (pending runs as DynamoDB rows, resumed by a
    # callback or an EventBridge Scheduler timeout) or None (no workflow).
    workflow_type: str | None
    warm_start: WarmStart
    commitment_years: int  # 0, 1 or 3: Savings Plans and reserved instances
    choices: tuple[DesignChoice, ...] = ()
    # The workflow waits on people (task tokens): every option needs that coordination.
    durable_waits: bool = False
    # "cloudfront": a distribution with a web ACL (AWS WAF) in front of a public HTTP API.
    edge: str | None = None
    # Published events through a Kinesis data stream instead of an SNS topic (high volume).
    event_stream: EventStream | None = None
    # Published events on the SNS topic reach several consumers through one SQS queue each
    # (the topic's subscriptions): the number of queues, 0 when the topic invokes its one.
    event_queues: int = 0
    # Event bodies over the transport's size limit go through S3 (None when they fit).
    claim_check: ClaimCheck | None = None
    # Requests' events buffered into S3 objects by a Firehose stream, not a PUT each.
    delivery_stream: DeliveryStream | None = None
    # The Fargate task each run longer than Lambda's limit gets (None without such runs).
    job_task: JobTask | None = None
    # The relational database, RDS Proxy and the functions' NAT (None without one).
    database: Database | None = None
    # How consumers of events delivered at least once do their work once: "keyed" (their
    # one write is keyed by the event: a conditional put, an object under the event's key)
    # or "records" (a Powertools idempotency record per event); None without such events.
    event_idempotency: str | None = None
    # The application's DynamoDB table's capacity mode (None without such a table).
    table_capacity: TableCapacity | None = None
    # The idempotency records table's capacity where it is provisioned (None: on demand,
    # or no records kept).
    records_capacity: TableCapacity | None = None
    # GPU work run as jobs: how many items each job takes (None without GPU jobs).
    gpu_jobs: GpuJobs | None = None
    # The route out of the always-on fleet beside the functions (None without one).
    fleet_route: Route | None = None
    # The functions run on Lambda Managed Instances (None: on-demand Lambda).
    capacity_provider: CapacityProvider | None = None

    def executions_for(self, starts: float) -> float:
        """Workflow executions a month for `starts` requests that start one: one each, or,
        where GPU jobs group their items, one per group."""
        return self.gpu_jobs.jobs_for(starts) if self.gpu_jobs else starts


# --- architecture ----------------------------------------------------------


@dataclass(frozen=True)
class Permission:
    actions: tuple[str, ...]  # "dynamodb:GetItem", ...
    resource: str  # component id of the resource, e.g. "orders_table"


@dataclass(frozen=True)
class Component:
    id: str  # stable identifier, safe for graphviz, CloudFormation logical ids (after camel-casing)
    kind: str  # "client", "api", "function", "table", "bucket", "queue", "topic", ...
    service: str  # AWS service name: "Amazon API Gateway (HTTP API)"
    label: str  # what a person reads: "HTTP API — JWT authorizer"
    cluster: (
        str  # "clients_edge", "compute", "data", "messaging_workflow", "security", "observability"
    )
    offloaded: bool = False  # runs outside serverless in a hybrid design
    properties: tuple[tuple[str, str], ...] = ()  # extra facts: ("billing", "on-demand"), ...


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # the event that flows: "HTTPS", "S3 ObjectCreated", "SQS batch of 10", ...


@dataclass(frozen=True)
class Function:
    id: str  # also a component id
    purpose: str  # single responsibility, one sentence
    trigger: str  # component id of what invokes it
    memory_mb: int
    timeout_s: int
    architecture: str
    reserved_concurrency: int | None
    provisioned_concurrency: int | None
    permissions: tuple[Permission, ...]
    environment: tuple[tuple[str, str], ...] = ()
    snapstart: bool = False  # new environments resume from a snapshot (the design's choice)
    # Scheduled provisioned concurrency: `provisioned_concurrency` through the busy hours,
    # this figure the rest of the day (equal when the load does not vary).
    provisioned_off_peak: int | None = None
    busy_hours_per_day: float = 0.0
    # One of several independent consumers of each published event: its number (1..N;
    # 0 when the events have one consumer), and the first consumer's id when this is a
    # copy of it (the same handler shape; its own code, queue or stream reader).
    consumer: int = 0
    copy_of: str | None = None
    # Runs on the design's capacity provider (Lambda Managed Instances), as a published
    # version: no cold starts, several requests at once per execution environment.
    capacity_provider: bool = False


@dataclass(frozen=True)
class ArchitectureModel:
    components: tuple[Component, ...]
    edges: tuple[Edge, ...]
    functions: tuple[Function, ...]
    alarms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """Everything the engine says about one workload."""

    verdict: Verdict
    costs: CostComparison
    architecture: ArchitectureModel
    knowledge_version: str = field(default="")
    design: Design | None = None
