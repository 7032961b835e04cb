"""The workload questionnaire as the engine sees it: one frozen dataclass, units in names.

The field names are the contract shared by the web form, the YAML/JSON files the CLI
reads and the JSON API (README.md, "The questionnaire").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

# AWS's Pricing Calculator counts a month as 730 hours.
HOURS_PER_MONTH = 730
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600  # 2,628,000 s
# What an upload's caller gets back unless answered otherwise: a JSON answer with the new
# object's key or a presigned URL (about 1 KB with its SigV4 query string).
UPLOAD_ANSWER_KB = 1.0
# How long a long-lived connection stays open when nobody said: a dashboard or chat tab
# kept open for a working session.
CONNECTION_MINUTES_UNANSWERED = 30.0


class TrafficPattern(StrEnum):
    STEADY = "steady"
    SPIKY = "spiky"
    SCHEDULED = "scheduled"
    UNPREDICTABLE = "unpredictable"


class Runtime(StrEnum):
    PYTHON = "python"
    NODE = "node"
    JAVA = "java"
    DOTNET = "dotnet"
    GO = "go"
    RUBY = "ruby"


class Connections(StrEnum):
    NONE = "none"
    WEBSOCKET = "websocket"
    STREAMING = "streaming"
    TCP = "tcp"


class DataStore(StrEnum):
    NONE = "none"
    KEY_VALUE = "key_value"
    DOCUMENT = "document"
    RELATIONAL = "relational"
    OBJECT = "object"


class Trigger(StrEnum):
    HTTP = "http"
    FILE_UPLOAD = "file_upload"
    DB_CHANGE = "db_change"
    QUEUE = "queue"
    PUBSUB = "pubsub"
    SCHEDULE = "schedule"


class Workflow(StrEnum):
    NONE = "none"
    MULTI_STEP = "multi_step"
    HUMAN_APPROVAL = "human_approval"


class Auth(StrEnum):
    PUBLIC = "public"
    JWT = "jwt"
    IAM = "iam"


class Architecture(StrEnum):
    X86_64 = "x86_64"
    ARM64 = "arm64"


@dataclass(frozen=True)
class Workload:
    """One workload, validated (advisor/forms.py builds it; the engine trusts it)."""

    name: str
    avg_rps: float
    peak_rps: float
    traffic_pattern: TrafficPattern
    p95_latency_ms: int
    cold_start_sensitive: bool
    runtime: Runtime
    avg_duration_ms: float
    max_duration_s: float
    memory_mb: int
    cpu_bound: bool
    gpu_required: bool
    persistent_connections: Connections
    data_store: DataStore
    triggers: tuple[Trigger, ...]
    workflow: Workflow
    payload_kb: float
    sensitive_data: bool
    auth: Auth
    monthly_budget_usd: float | None  # None: no spending ceiling given
    region: str  # a priced region; the questionnaire's default is costs/catalog.py's
    architecture: Architecture = Architecture.X86_64
    include_free_tier: bool = False
    # Overrides of the cost model's assumptions (knowledge/pricing/assumptions.yaml),
    # kept as sorted (name, value) pairs so the dataclass stays hashable.
    assumptions: tuple[tuple[str, float], ...] = field(default=())
    # Asked since the judgement review; each has a default so older answers keep working.
    # None: not given; the cost model estimates it from the message rate and says so.
    concurrent_connections: int | None = None
    # How long one long-lived connection stays open; None: not given (`connection_minutes`).
    connection_minutes_avg: float | None = None
    workflow_share: float = 1.0  # share of requests that start a workflow execution, 0-1
    # Sent back out per request (egress). None: the payload size when callers wait for an
    # answer (HTTP, connections), else nothing (see `response_kb`).
    avg_response_kb: float | None = None
    commitment_years: int = 1  # 0 (on-demand only), 1 or 3: Savings Plans / reservations
    # Share of requests that upload a file, 0-1 (see `uploading_share`): 1 keeps the
    # answers saved before it was asked priced as they were, every request an upload.
    upload_share: float = 1.0
    # Independent consumers that each read every published event (billing, shipping,
    # search...): 1 keeps the answers saved before it was asked priced as they were.
    event_consumers: int = 1

    @property
    def requests_per_month(self) -> float:
        return self.avg_rps * SECONDS_PER_MONTH

    @property
    def peak_ratio(self) -> float:
        """Peak over average rate: the shape a change of rate holds. With no traffic there
        is no ratio to hold, so peak = average (the break-even search and the cost curve
        then agree on where the curves cross)."""
        return self.peak_rps / self.avg_rps if self.avg_rps > 0 else 1.0

    @property
    def callers_wait(self) -> bool:
        """Someone waits on the other end for an answer: HTTP requests or open connections."""
        return Trigger.HTTP in self.triggers or self.persistent_connections != Connections.NONE

    @property
    def response_kb(self) -> float:
        """KB sent back out to the internet per request: only a waiting caller gets one,
        and an upload's caller gets the object's key, not the file back (the file goes
        straight to S3 on a presigned URL, and data coming in is free). Beside uploads,
        `payload_kb` is the file's size and says nothing of the other requests' answers,
        so those are taken at the same small answer too, whatever `upload_share` is:
        pricing them at the file's size would bring back the overpricing the share
        removes; `avg_response_kb` is the answer for an API with larger replies."""
        if self.avg_response_kb is not None:
            return self.avg_response_kb
        if not self.callers_wait:
            return 0.0
        if Trigger.FILE_UPLOAD in self.triggers:
            return min(self.payload_kb, UPLOAD_ANSWER_KB)
        return self.payload_kb

    @property
    def consumers_per_event(self) -> int:
        """The consumers each published event reaches: as answered where events are
        published, else one (a queue's message or a request has one handler)."""
        return self.event_consumers if Trigger.PUBSUB in self.triggers else 1

    @property
    def uploading_share(self) -> float:
        """The share of requests that upload a file: none without uploads; all of them
        when uploads are the only trigger (each event is an S3 notification of one), and
        otherwise as answered (a mobile API whose requests now and then carry a photo)."""
        if Trigger.FILE_UPLOAD not in self.triggers:
            return 0.0
        if set(self.triggers) == {Trigger.FILE_UPLOAD}:
            return 1.0
        return self.upload_share

    @property
    def connection_minutes(self) -> float:
        """How long one long-lived connection stays open: as answered; unanswered, half an
        hour, but a stream lasts as long as the run that writes it, so never longer than
        the longest run (a 2-minute LLM answer is not held for 30 minutes)."""
        if self.connection_minutes_avg is not None:
            return self.connection_minutes_avg
        if self.persistent_connections == Connections.STREAMING:
            return min(CONNECTION_MINUTES_UNANSWERED, self.max_duration_s / 60)
        return CONNECTION_MINUTES_UNANSWERED

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready answers, in contract order (enums as their values)."""
        answers = asdict(self)
        answers["triggers"] = [str(t) for t in self.triggers]
        answers["assumptions"] = dict(self.assumptions)
        for key, value in answers.items():
            if isinstance(value, StrEnum):
                answers[key] = str(value)
        return answers

    def with_changes(self, **changes: Any) -> Workload:
        """A copy with some answers changed (used for sensitivity and thresholds)."""
        return replace(self, **changes)
