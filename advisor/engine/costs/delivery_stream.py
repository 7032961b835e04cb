"""Busy requests whose only write is a new object (a clickstream, telemetry, access logs):
an Amazon Data Firehose stream buffers their events into S3 objects, instead of one S3 PUT
per request.

One PUT per event costs $5 per million events; Firehose bills its ingestion per GB, each
record rounded up to 5 KB (about $0.14 per million small events in US East), and S3 then
bills one PUT per delivered object, an object each time the buffer fills or its interval
passes. A container or VM fleet taking the same requests batches its writes too (through
the same stream, or a buffer of its own that costs about as much), so the stream and its
objects are lines every option shares, and the verdict turns on the compute that differs.

Firehose delivers at least once and keeps no record of what it delivered: a duplicate is
dropped by the event's id where the objects are read (Athena, Glue), the usual practice
for append-only analytics data, so no idempotency table per event is kept either.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.numbers import format_rps, format_usd
from advisor.engine.results import CostLine, DeliveryStream, Design, DesignChoice
from advisor.engine.workload import (
    SECONDS_PER_MONTH,
    Connections,
    DataStore,
    Trigger,
    Workflow,
)

KB_PER_MB = 1024


def buffers_requests(ctx: Context, design: Design) -> bool:
    """The workload is an ingestion endpoint Firehose can take: HTTP requests answered by
    the functions whose one write is a new object (no uploads, workflow or held
    connections) and whose answer is an acknowledgement, not data read back
    (`delivery_stream_max_response_kb`), each event within Firehose's record limit, at a
    rate where a PUT per event costs real money (`delivery_stream_min_events_per_s`) and in
    a region whose Firehose price is recorded."""
    w = ctx.workload
    return (
        w.triggers == (Trigger.HTTP,)
        and w.response_kb <= ctx.a["delivery_stream_max_response_kb"]
        and w.data_store == DataStore.OBJECT
        and w.workflow == Workflow.NONE
        and w.persistent_connections == Connections.NONE
        and not design.offloaded_parts
        and w.payload_kb <= pricing_catalog().meter("firehose", "max_record_kb")
        and w.avg_rps >= ctx.a["delivery_stream_min_events_per_s"]
        and ("firehose", "ingestion") in ctx.table
    )


def delivered_objects(ctx: Context, stream: DeliveryStream) -> float:
    """Objects a month: one each time the buffer fills, or at least once an interval."""
    mb_per_s = ctx.workload.avg_rps * ctx.workload.payload_kb / KB_PER_MB
    per_s = max(mb_per_s / stream.buffer_mb, 1 / max(stream.buffer_interval_s, 1))
    return per_s * SECONDS_PER_MONTH


def delivery_lines(ctx: Context, stream: DeliveryStream) -> list[CostLine]:
    """The stream's ingestion: every request's event is one record."""
    return svc.firehose_lines(ctx.table, records=ctx.requests, record_kb=ctx.workload.payload_kb)


def with_delivery_stream(ctx: Context, design: Design) -> Design:
    """The design with its requests' events buffered by a Firehose stream, where the
    workload is one (`buffers_requests`) and the stream costs less than a PUT per event."""
    if not buffers_requests(ctx, design):
        return design
    stream = DeliveryStream(
        buffer_mb=int(ctx.a["firehose_buffer_mb"]),
        buffer_interval_s=int(ctx.a["firehose_buffer_interval_s"]),
    )
    per_event_usd = total_usd(_object_lines(ctx, ctx.requests))
    batched_usd = total_usd(
        delivery_lines(ctx, stream) + _object_lines(ctx, delivered_objects(ctx, stream))
    )
    if batched_usd >= per_event_usd:
        return design  # large events: Firehose's per-GB charge outweighs the PUTs saved
    why = _reason(ctx, stream, per_event_usd, batched_usd)
    choice = DesignChoice("ingestion", "firehose", why)
    return replace(design, delivery_stream=stream, choices=(*design.choices, choice))


def _object_lines(ctx: Context, objects: float) -> list[CostLine]:
    """The PUT and the later GET of `objects` objects (storage is alike either way)."""
    return svc.s3_lines(ctx.table, storage_gb=0, puts=objects, gets=objects)


def _reason(ctx: Context, stream: DeliveryStream, per_event_usd: float, batched_usd: float) -> str:
    w = ctx.workload
    objects = delivered_objects(ctx, stream)
    return (
        f"An Amazon Data Firehose stream takes each request's event and buffers them into "
        f"S3 objects (every {stream.buffer_mb} MiB or {stream.buffer_interval_s} s, whichever "
        f"comes first): about {objects:,.0f} objects a month instead of one per request. At "
        f"{format_rps(w.avg_rps)} events/s of {w.payload_kb:g} KB, a PUT per event (and a GET "
        f"to read each one back) would cost about {format_usd(per_event_usd)} a month; "
        f"Firehose's ingestion (per GB, each record rounded up to 5 KB) and the delivered "
        f"objects' requests cost about {format_usd(batched_usd)}. The function answers once "
        "Firehose has taken the record; the events land in S3, compressed, within the "
        "buffer interval, which suits data nobody reads back at once. Firehose "
        "delivers at least once: duplicates are dropped by the event's id where the objects "
        "are queried, with no idempotency record per event. A container or VM fleet would "
        "batch its writes the same way, so the stream is priced alike in every option."
    )
