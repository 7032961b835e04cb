"""The idempotency records event consumers keep in a DynamoDB table (on-demand, TTL).

Powertools for AWS Lambda's idempotency utility writes twice for each event it handles: a
conditional PutItem that claims the event (status INPROGRESS), then an UpdateItem that
stores the result (COMPLETED); a repeat is answered from the failed put's returned item.
Records expire by TTL (deletes by TTL are free), so the table holds about a retention
period's records.

Who pays: events that arrive at least once (uploads, table changes, queue messages,
published events, schedules) reach whatever consumes them more than once, a container
worker as much as a function, so their records are a line every option shares. The
steps of a Step Functions workflow are serverless's own: Step Functions retries a step
with the same input, while a container service runs its steps in-process and keeps a
pending one as a row in its own database.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.model import Context
from advisor.engine.results import CostLine, Design
from advisor.engine.workload import HOURS_PER_MONTH, Trigger, Workflow

# Triggers whose events are delivered at least once to any consumer.
AT_LEAST_ONCE_TRIGGERS = (
    Trigger.FILE_UPLOAD,
    Trigger.DB_CHANGE,
    Trigger.QUEUE,
    Trigger.PUBSUB,
    Trigger.SCHEDULE,
)
BYTES_PER_GB = 1024**3
ITEM = "idempotency records"


def event_records(ctx: Context) -> float:
    """Records a month for events delivered at least once: one per event handled. When
    uploads are the only such events, one per upload: HTTP requests beside them are
    answered once and keep no record."""
    at_least_once = {t for t in ctx.workload.triggers if t in AT_LEAST_ONCE_TRIGGERS}
    if not at_least_once:
        return 0.0
    if at_least_once == {Trigger.FILE_UPLOAD}:
        return ctx.uploads
    return ctx.requests


def workflow_step_records(ctx: Context, design: Design) -> float:
    """Records a month for the workflow's Lambda steps: each execution runs the work step
    once, and, with people approving, the step that sends the approval request. A
    workflow that only runs long jobs (ecs:runTask.sync) has no Lambda step."""
    if design.workflow_type is None or ctx.workload.workflow == Workflow.NONE:
        return 0.0
    steps = 2 if ctx.workload.workflow == Workflow.HUMAN_APPROVAL else 1
    jobs = design.gpu_jobs
    executions = jobs.jobs_for(ctx.workflow_executions) if jobs else ctx.workflow_executions
    return executions * steps


def idempotency_lines(ctx: Context, records: float, *, whose: str) -> list[CostLine]:
    """The writes for `records` events and the records the TTL has not yet expired;
    `whose` names them in the line ("event", "step"), so the two kinds an estimate may
    carry read apart."""
    if records <= 0:
        return []
    a = ctx.a
    kept_share = min(a["idempotency_record_hours"] / HOURS_PER_MONTH, 1.0)
    lines = svc.dynamodb_lines(
        ctx.table,
        reads=0,
        writes=records * a["idempotency_writes_per_event"],
        storage_gb=records * kept_share * a["idempotency_record_bytes"] / BYTES_PER_GB,
        # The account's free storage is counted once, on the application's table.
        free_tier=False,
    )
    return [
        replace(line, item=f"{whose} {ITEM}: {line.item}") for line in lines if line.quantity > 0
    ]
