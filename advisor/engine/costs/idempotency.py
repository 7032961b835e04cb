"""The idempotency records event consumers keep in a DynamoDB table (on-demand, TTL).

Powertools for AWS Lambda's idempotency utility writes twice for each event it handles: a
conditional PutItem that claims the event (status INPROGRESS), then an UpdateItem that
stores the result (COMPLETED); a repeat is answered from the failed put's returned item.
Records expire by TTL (deletes by TTL are free), so the table holds about a retention
period's records.

A separate record is needed only where the handler's effects cannot be made idempotent by
a key (a call to a partner's API, a message sent, several writes). A consumer whose one
effect is a write to its own DynamoDB table or S3 bucket makes that write idempotent
itself: a conditional put keyed by the event's id (its message id, sequence number, the
object's key), so a repeat writes nothing and no record is kept (`with_event_idempotency`
decides which, and the starter repo builds the same).

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
from advisor.engine.costs import workflow_engine
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.design import events_handed_on
from advisor.engine.numbers import format_usd
from advisor.engine.results import CostLine, Design, DesignChoice
from advisor.engine.workload import (
    HOURS_PER_MONTH,
    Connections,
    DataStore,
    Trigger,
    Workflow,
    Workload,
)

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


# Stores whose one write a key makes idempotent: a DynamoDB item (a conditional put) or an
# S3 object (a put with If-None-Match). A relational store keeps the records for now.
KEYED_STORES = (DataStore.KEY_VALUE, DataStore.DOCUMENT, DataStore.OBJECT)
KEYED = "keyed"
RECORDS = "records"


def delivered_at_least_once(workload: Workload) -> bool:
    return any(trigger in AT_LEAST_ONCE_TRIGGERS for trigger in workload.triggers)


def keyed_writes_suffice(ctx: Context, design: Design) -> bool:
    """The consumers' only effect is one write to the workload's own table or bucket,
    keyed by the event: no effect a key cannot repeat safely (the assumption), no push to
    WebSocket clients, no workflow or job the event starts elsewhere."""
    w = ctx.workload
    return (
        w.data_store in KEYED_STORES
        and ctx.a["consumer_unkeyed_effects_per_event"] == 0
        and w.workflow == Workflow.NONE
        and w.persistent_connections != Connections.WEBSOCKET
        and not events_handed_on(w, design.offloaded_parts)
        and not design.offloaded_parts
    )


def with_event_idempotency(ctx: Context, design: Design) -> Design:
    """The design with how its event consumers do their work once, and why."""
    if not delivered_at_least_once(ctx.workload):
        return design
    events = events_delivered_at_least_once(ctx)
    records_usd = total_usd(idempotency_lines(ctx, events, whose="event"))
    if keyed_writes_suffice(ctx, design):
        mode, why = KEYED, _keyed_reason(ctx, records_usd)
    else:
        mode, why = RECORDS, _records_reason(ctx, records_usd)
    choice = DesignChoice("idempotency", mode, why)
    return replace(design, event_idempotency=mode, choices=(*design.choices, choice))


def _keyed_reason(ctx: Context, records_usd: float) -> str:
    store = "S3 object" if ctx.workload.data_store == DataStore.OBJECT else "DynamoDB item"
    return (
        "Events arrive at least once, and each consumer's only effect is one write to the "
        f"workload's own store: the {store} is keyed by the event (its message id or "
        "sequence number) and written with a condition that it does not exist yet, so a "
        "repeat writes nothing. That write is the consumer's idempotency; a separate "
        f"Powertools record per event would add about {format_usd(records_usd)} a month "
        "of writes for no gain. A handler that also calls a partner, sends a message or "
        "writes twice needs the record (assumption consumer_unkeyed_effects_per_event)."
    )


def _records_reason(ctx: Context, records_usd: float) -> str:
    return (
        "Events arrive at least once, and the consumers' effects are more than one write a "
        "key can make safe to repeat (a workflow or job they start, messages pushed, a "
        "relational store, or effects the assumptions name): each event keeps a Powertools "
        "idempotency record in its own DynamoDB table (a conditional put, then the result, "
        f"expired by TTL), about {format_usd(records_usd)} a month."
    )


def event_records(ctx: Context, design: Design) -> float:
    """Records a month for events delivered at least once, unless the consumers' keyed
    writes are their idempotency."""
    if design.event_idempotency != RECORDS:
        return 0.0
    return events_delivered_at_least_once(ctx)


def events_delivered_at_least_once(ctx: Context) -> float:
    """Events a month that may arrive twice: one per event handled, each consumer of a
    published event keeping its own. When uploads are the only such events, one per
    upload: HTTP requests beside them are answered once."""
    at_least_once = {t for t in ctx.workload.triggers if t in AT_LEAST_ONCE_TRIGGERS}
    if not at_least_once:
        return 0.0
    if at_least_once == {Trigger.FILE_UPLOAD}:
        return ctx.uploads
    return ctx.requests * ctx.consumer_runs_per_request


def workflow_step_records(ctx: Context, design: Design) -> float:
    """Records a month for the workflow's Lambda steps: each execution's work steps and,
    with people approving, the step that sends the approval request. A workflow that only
    runs long jobs (ecs:runTask.sync) has no Lambda step."""
    if design.workflow_type == workflow_engine.STATE_TABLE:
        return 0.0  # the row's conditional writes make a repeated callback do nothing
    return workflow_engine.lambda_steps(ctx, design) + workflow_engine.approval_steps(ctx, design)


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
