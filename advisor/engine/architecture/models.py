"""The strict models knowledge/patterns/*.yaml parse into (extra keys are errors)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field, model_validator

from advisor.engine.knowledge import SourceModel, StrictModel

CLUSTERS = (
    "clients_edge",
    "compute",
    "data",
    "messaging_workflow",
    "security",
    "observability",
)
Cluster = Literal[
    "clients_edge", "compute", "data", "messaging_workflow", "security", "observability"
]
PatternKind = Literal[
    "triggers",
    "connections",
    "data_stores",
    "workflows",
    "offloads",
    "security_controls",
    "observability",
]
PATTERN_KINDS: tuple[str, ...] = get_args(PatternKind)

# snake_case ids: valid graphviz node ids and, camel-cased, CloudFormation logical ids.
COMPONENT_ID = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
# "service:Action" with no wildcard: least privilege is checked by construction.
IAM_ACTION = r"^[a-z0-9-]+:[A-Za-z]+$"

# Placeholders labels and alarm texts may use; compose.py fills every one of them.
# The design's event stream settings (filled only where the design has a stream).
STREAM_PLACEHOLDERS = frozenset(
    {
        "event_stream_mode",
        "event_stream_mode_words",
        "event_stream_shards",
        "event_stream_shards_words",
        "event_stream_batch_size",
        "event_stream_batching_window_s",
        "event_stream_parallelization_factor",
        "event_stream_readers_words",
        "event_stream_consumers",
        "event_stream_enhanced_fan_out",
    }
)
# The consumers' queues behind the topic (design.event_queues), as the estimate prices them.
FAN_OUT_PLACEHOLDERS = frozenset({"event_queues"})
GPU_SERVICE_PLACEHOLDERS = frozenset(
    {
        "gpu_instance_type",
        "gpu_instances_off_peak",
        "gpu_instances_peak",
        "gpu_requests_at_once",
        "gpu_requests_per_instance_minute",
    }
)
# How the GPU jobs group their items (design.gpu_jobs), as the estimate prices them.
GPU_JOB_PLACEHOLDERS = frozenset(
    {"gpu_job_items", "gpu_job_batch_size", "gpu_job_batch_words", "gpu_job_window_s"}
)
# The Fargate task a long run gets (design.job_task), as the estimate prices it.
JOB_TASK_PLACEHOLDERS = frozenset({"job_task_vcpu", "job_task_memory_gb"})
# The delivery stream's buffering (design.delivery_stream), as the estimate prices it.
DELIVERY_PLACEHOLDERS = frozenset({"firehose_buffer_mb", "firehose_buffer_interval_s"})
# The application table's capacity mode (design.table_capacity), as the estimate prices it.
TABLE_PLACEHOLDERS = frozenset(
    {
        "table_capacity_words",
        "table_billing_mode",
        "table_write_capacity",
        "table_read_capacity",
        "records_capacity_words",
        "records_billing_mode",
    }
)
# The relational database the design chose (design.database), as the estimate prices it.
DATABASE_PLACEHOLDERS = frozenset({"database_service", "database_label", "database_engine"})
# The bodies' lifecycle in the claim-check bucket (design.claim_check), as priced.
CLAIM_CHECK_PLACEHOLDERS = frozenset({"claim_check_expiry_days"})
WORKLOAD_PLACEHOLDERS = (
    frozenset({"schedule_expression", "monthly_budget_usd", "workflow_type", "workflow_type_label"})
    | GPU_SERVICE_PLACEHOLDERS
    | GPU_JOB_PLACEHOLDERS
    | STREAM_PLACEHOLDERS
    | JOB_TASK_PLACEHOLDERS
    | DATABASE_PLACEHOLDERS
    | DELIVERY_PLACEHOLDERS
    | TABLE_PLACEHOLDERS
    | FAN_OUT_PLACEHOLDERS
    | CLAIM_CHECK_PLACEHOLDERS
)
FUNCTION_PLACEHOLDERS = frozenset({"function_name", "timeout_s", "duration_alarm_s"})


class EdgeSpec(StrictModel):
    source: str = Field(pattern=COMPONENT_ID)
    target: str = Field(pattern=COMPONENT_ID)
    label: str = Field(min_length=1)


class ProducerSpec(StrictModel):
    """Who sends to a component: the first candidate present gets the actions and an edge."""

    candidates: tuple[str, ...] = Field(min_length=1)
    actions: tuple[str, ...] = Field(min_length=1)
    label: str = Field(min_length=1)
    fallback_source: str | None = None


class ComponentSpec(StrictModel):
    id: str = Field(pattern=COMPONENT_ID)
    kind: str = Field(min_length=2)
    service: str = Field(min_length=2)
    label: str = Field(min_length=2)
    cluster: Cluster
    offloaded: bool = False
    holds_data: bool = False  # encrypted with the customer-managed key when data is sensitive
    # Callers use the key themselves (an SDK call on an S3 object or a DynamoDB item); a
    # database reached over SQL decrypts its own storage, so its clients need no key grant.
    callers_use_key: bool = True
    env_var: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9_]*$")
    properties: dict[str, str] = Field(default_factory=dict)
    edges: tuple[EdgeSpec, ...] = ()
    producers: ProducerSpec | None = None
    sources: tuple[SourceModel, ...] = Field(min_length=1)


class GrantSpec(StrictModel):
    """IAM actions on one component; no actions means a network path only (label required)."""

    resource: str = Field(pattern=COMPONENT_ID)
    actions: tuple[str, ...] = ()
    label: str | None = None  # an edge function -> resource with this label
    if_present: bool = False  # only when the design already has the resource

    @model_validator(mode="after")
    def _grants_something(self) -> GrantSpec:
        if not self.actions and not self.label:
            raise ValueError(f"grant on {self.resource!r} has neither actions nor a label")
        return self


class FunctionSpec(StrictModel):
    id: str = Field(pattern=COMPONENT_ID)
    purpose: str = Field(min_length=10)
    trigger: str = Field(pattern=COMPONENT_ID)
    trigger_label: str = Field(min_length=1)
    size: Literal["work", "glue"]  # work: the workload's memory and duration; glue: small
    api_facing: bool = False  # behind API Gateway: its integration timeout caps ours
    latency_path: bool = False  # on the request path a user waits for
    data_access: bool = False  # reads/writes the main data store
    grants: tuple[GrantSpec, ...] = ()
    # Set by compose, never in a pattern file: which of the published events' independent
    # consumers this function is (1..N; 0: not one of several), and the first consumer's
    # id when it is a copy of it (the same handler shape, its own code and event source).
    consumer: int = 0
    copy_of: str | None = None


class PerFunctionComponentSpec(StrictModel):
    suffix: str = Field(pattern=r"^_[a-z0-9_]+$")
    kind: str
    service: str
    label: str
    cluster: Cluster
    edge_label: str


class PerFunctionEdgeSpec(StrictModel):
    target: str = Field(pattern=COMPONENT_ID)
    label: str


class PatternSpec(StrictModel):
    key: str = Field(pattern=r"^[a-z0-9_@]+$")
    components: tuple[str, ...] = ()
    functions: tuple[FunctionSpec, ...] = ()
    edges: tuple[EdgeSpec, ...] = ()
    relabel: dict[str, str] = Field(default_factory=dict)
    replaces: tuple[str, ...] = ()  # function ids this pattern takes over
    access: tuple[GrantSpec, ...] = ()  # data stores: what data_access functions get
    data_users: tuple[str, ...] = ()  # offloaded components that touch the data store
    protection: GrantSpec | None = None  # key granted to functions touching holds_data parts
    per_function_components: tuple[PerFunctionComponentSpec, ...] = ()
    per_function_edges: tuple[PerFunctionEdgeSpec, ...] = ()
    alarms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    sources: tuple[SourceModel, ...] = Field(min_length=1)


class PatternFile(StrictModel):
    kind: PatternKind
    as_of: dt.date
    parameters: dict[str, str] = Field(default_factory=dict)
    anchors: dict[str, Any] = Field(default_factory=dict, alias="x-sources")  # YAML anchors only
    components: tuple[ComponentSpec, ...] = ()
    patterns: tuple[PatternSpec, ...] = Field(min_length=1)


class SizingPolicy(StrictModel):
    kind: Literal["function_sizing"]
    as_of: dt.date
    api_integration_timeout_s: int = Field(gt=0)
    unreserved_concurrency_min: int = Field(ge=0)
    # The most of the account's concurrency one stack's caps may reserve together.
    reserved_concurrency_share_max: float = Field(default=0.5, gt=0, le=1)
    min_timeout_s: int = Field(gt=0)
    timeout_headroom: float = Field(ge=1)
    glue_memory_mb: int = Field(ge=128)
    glue_timeout_s: int = Field(gt=0)
    glue_duration_ms: float = Field(gt=0)
    concurrency_headroom: float = Field(ge=1)
    min_reserved_concurrency: int = Field(ge=1)
    sqs_visibility_timeout_factor: int = Field(ge=1)
    sqs_max_visibility_timeout_s: int = Field(gt=0)
    duration_alarm_fraction: float = Field(gt=0, le=1)
    log_level: str
    # When the busy hours of scheduled provisioned concurrency start (UTC) in the starter
    # template; a parameter there, since the answers give how long they last, not when.
    busy_hours_start_utc: float = Field(default=17, ge=0, lt=24)
    sources: tuple[SourceModel, ...] = Field(min_length=1)
