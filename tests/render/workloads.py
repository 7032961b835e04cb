"""Workloads that between them use every trigger, data store, workflow and connection type."""

from __future__ import annotations

from advisor.engine.workload import Connections, DataStore, Trigger, Workflow
from tests.conftest import PRESET_NAMES, load_workload, preset_answers

BASE_PRESET = "api-for-a-mobile-app"


def _variant(**changes) -> dict:
    answers = preset_answers(BASE_PRESET)
    answers.update(changes)
    return answers


# (case id, questionnaire answers): the four presets, then one answer changed at a time.
WORKLOAD_CASES: tuple[tuple[str, dict], ...] = (
    *((name, preset_answers(name)) for name in PRESET_NAMES),
    *((f"trigger-{t.value}", _variant(triggers=[t.value])) for t in Trigger),
    *((f"store-{s.value}", _variant(data_store=s.value)) for s in DataStore),
    *((f"workflow-{w.value}", _variant(workflow=w.value)) for w in Workflow),
    *((f"connections-{c.value}", _variant(persistent_connections=c.value)) for c in Connections),
    ("all-triggers", _variant(triggers=[t.value for t in Trigger])),
    ("gpu-hybrid", _variant(gpu_required=True)),
)
CASE_IDS = [case_id for case_id, _ in WORKLOAD_CASES]


def workload_for(answers: dict):
    return load_workload(answers)


def long_report_job(**changes) -> dict:
    """A 40-minute CPU-bound report, 200 a day (0.0023 a second), longer than Lambda's limit."""
    answers = _variant(
        avg_rps=0.0023148,
        peak_rps=0.01,
        traffic_pattern="spiky",
        p95_latency_ms=3_600_000,
        avg_duration_ms=2_400_000,
        max_duration_s=3000,
        memory_mb=4096,
        cpu_bound=True,
        data_store="object",
        sensitive_data=False,
    )
    answers.update(changes)
    return answers


def short_stream(**changes) -> dict:
    """An LLM chat streaming each answer (server-sent events) for 20 s, 5 a second, a
    stream held a minute at most: within Lambda's limit, so a function streams it."""
    answers = _variant(
        avg_rps=5,
        peak_rps=40,
        p95_latency_ms=30_000,
        avg_duration_ms=20_000,
        max_duration_s=120,
        memory_mb=256,
        persistent_connections="streaming",
        concurrent_connections=100,
        connection_minutes_avg=1,
        data_store="document",
        runtime="node",
    )
    answers.update(changes)
    return answers


def clickstream(**changes) -> dict:
    """A clickstream collector: 5,000 clicks of 1 KB a second over HTTP, each one a new S3
    object nobody reads back at once, so a Firehose stream buffers them into objects."""
    answers = _variant(
        name="Clickstream collector",
        avg_rps=5000,
        peak_rps=12000,
        p95_latency_ms=200,
        avg_duration_ms=20,
        max_duration_s=2,
        memory_mb=256,
        data_store="object",
        payload_kb=1,
        avg_response_kb=0,
        auth="public",
        sensitive_data=False,
    )
    answers.update(changes)
    return answers


# Designs the decision benchmark does not reach: long runs a caller waits for (submitted,
# then polled) or that a queue starts, public fleets behind their own load balancers,
# answers streamed through a REST API, and IAM callers on a function URL.
def steady_managed_api(**changes) -> dict:
    """A steady API on Lambda Managed Instances (tests/engine/test_managed_instances_design.py)."""
    return _variant(
        avg_rps=400,
        peak_rps=500,
        traffic_pattern="steady",
        avg_duration_ms=80,
        commitment_years=3,
        monthly_budget_usd=None,
        **changes,
    )


DESIGN_CASES: tuple[tuple[str, dict], ...] = (
    ("long-job-caller-waits-public", long_report_job(triggers=["http"], auth="public")),
    ("long-job-queued", long_report_job(triggers=["queue"], auth="iam")),
    # Queued faster than Fargate launches tasks (40 a second at the peak): a worker service.
    (
        "long-job-queued-busy",
        long_report_job(triggers=["queue"], auth="iam", avg_rps=25, peak_rps=40),
    ),
    (
        "hot-path-public",
        _variant(memory_mb=16384, auth="public", sensitive_data=False, traffic_pattern="steady"),
    ),
    (
        "gpu-service-public",
        _variant(gpu_required=True, memory_mb=8192, auth="public", sensitive_data=False),
    ),
    # Answers streamed through a REST API: JWT (a Cognito authorizer), public with uploads
    # beside (a web ACL on the stage, the presigned URLs on an HTTP API), Python over IAM.
    ("stream-short-jwt", short_stream()),
    (
        "stream-short-public-uploads",
        short_stream(auth="public", sensitive_data=False, triggers=["http", "file_upload"]),
    ),
    ("stream-short-python-iam", short_stream(runtime="python", auth="iam")),
    # IAM callers through the function's own URL (AuthType AWS_IAM), no HTTP API.
    ("function-url-iam", _variant(auth="iam")),
    # Events buffered into S3 objects by Firehose: public, and with sensitive data (a KMS key).
    ("clickstream-public", clickstream()),
    ("clickstream-sensitive-jwt", clickstream(auth="jwt", sensitive_data=True)),
    # A steady API whose functions run on Lambda Managed Instances (a capacity provider):
    # 400 requests a second, 80 ms each waiting on the table, a 3-year commitment.
    ("steady-api-managed-instances", steady_managed_api()),
)


def relational(**changes) -> dict:
    """The mobile API's shape on PostgreSQL, without personal data."""
    answers = _variant(data_store="relational", sensitive_data=False, auth="iam")
    answers.update(changes)
    return answers


# Relational designs the benchmark does not reach: a queue worker (free gateway endpoints
# only), a scheduled producer (one interface endpoint beats NAT), a workload calling many
# services (NAT beats one interface endpoint each) and a busy API (a general-purpose class).
RELATIONAL_CASES: tuple[tuple[str, dict], ...] = (
    ("relational-queue-worker", relational(triggers=["queue"], avg_rps=20, peak_rps=200)),
    ("relational-scheduled-producer", relational(triggers=["schedule", "queue"])),
    (
        "relational-many-services",
        relational(triggers=["http", "queue", "pubsub", "file_upload"], workflow="multi_step"),
    ),
    ("relational-busy-api", relational(avg_rps=2000, peak_rps=4000, avg_duration_ms=60)),
)


def small_gpu_items(**changes) -> dict:
    """Small images classified on GPUs, 20 ms each, 23 a second from a queue, wanted within
    10 minutes: grouped into jobs rather than one job per item."""
    answers = _variant(
        avg_rps=23,
        peak_rps=40,
        traffic_pattern="steady",
        p95_latency_ms=600_000,
        avg_duration_ms=20,
        max_duration_s=1,
        memory_mb=8192,
        gpu_required=True,
        data_store="object",
        triggers=["queue"],
        workflow="none",
        payload_kb=1,
        sensitive_data=False,
        auth="iam",
    )
    answers.update(changes)
    return answers


# GPU jobs grouping their items: gathered from a queue, from uploads, or by a daily run.
GPU_JOB_CASES: tuple[tuple[str, dict], ...] = (
    ("gpu-small-items-queued", small_gpu_items()),
    ("gpu-small-items-uploaded", small_gpu_items(triggers=["file_upload"], workflow="multi_step")),
    (
        "gpu-small-items-daily",
        small_gpu_items(triggers=["schedule"], traffic_pattern="scheduled", peak_rps=2000),
    ),
)


def order_events(**changes) -> dict:
    """Order events published for several independent consumers (billing, shipping...)."""
    answers = _variant(
        name="Order events",
        triggers=["pubsub"],
        avg_rps=3,
        peak_rps=12,
        traffic_pattern="steady",
        p95_latency_ms=2000,
        avg_duration_ms=40,
        payload_kb=1,
        sensitive_data=False,
        auth="iam",
        event_consumers=3,
    )
    answers.update(changes)
    return answers


def waiting_runs(**changes) -> dict:
    """An architect's review workload (W27): KYC checks, 30 a second, each waiting up to 10
    minutes for a vendor's callback while it computes for 300 ms."""
    answers = {
        "name": "W27 KYC checks 30 rps, each waits up to 10 min on a vendor callback",
        "avg_rps": 30,
        "peak_rps": 120,
        "traffic_pattern": "spiky",
        "p95_latency_ms": 900000,
        "runtime": "python",
        "avg_duration_ms": 300,
        "max_duration_s": 600,
        "memory_mb": 512,
        "data_store": "key_value",
        "triggers": ["http", "queue"],
        "workflow": "multi_step",
        "workflow_share": 1,
        "payload_kb": 4,
        "auth": "jwt",
        "sensitive_data": True,
        "architecture": "arm64",
    }
    answers.update(changes)
    return answers


# Each published event read by several consumers: a queue each behind the topic; a stream
# whose shards two share; a stream giving ten an enhanced fan-out consumer each; beside an API.
FAN_OUT_CASES: tuple[tuple[str, dict], ...] = (
    ("fan-out-topic-queues", order_events()),
    ("fan-out-stream-shared", order_events(avg_rps=300, peak_rps=450, event_consumers=2)),
    ("fan-out-stream-enhanced", order_events(avg_rps=3000, peak_rps=4500, event_consumers=10)),
    (
        "fan-out-beside-api",
        order_events(triggers=["http", "pubsub"], event_consumers=4, sensitive_data=True),
    ),
)

# Runs that mostly wait: a state table at volume (Python, and Node.js behind a public API),
# a Standard workflow when few runs wait.
WAITING_RUN_CASES: tuple[tuple[str, dict], ...] = (
    ("waiting-runs-state-table", waiting_runs()),
    (
        "waiting-runs-state-table-node-public",
        waiting_runs(runtime="node", auth="public", sensitive_data=False),
    ),
    ("waiting-runs-few-standard", waiting_runs(avg_rps=0.2, peak_rps=2)),
)
DESIGN_CASES = DESIGN_CASES + RELATIONAL_CASES + GPU_JOB_CASES + FAN_OUT_CASES + WAITING_RUN_CASES
