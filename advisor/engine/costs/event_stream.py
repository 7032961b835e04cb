"""High-volume published events: a Kinesis data stream, in the cheaper capacity mode,
read by Lambda in batches, in place of an SNS topic that charges (and invokes) per event.

The stream is a line every option shares: a container fleet consuming the events reads
the same stream (a KCL consumer), so the verdict turns on the compute that differs.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context, events_streamed, kinesis_reading
from advisor.engine.costs.priced.kinesis import MODES
from advisor.engine.numbers import format_count, format_rps, format_usd
from advisor.engine.results import CostLine, Design, DesignChoice, EventStream
from advisor.engine.workload import HOURS_PER_MONTH

_MODE_WORDS = {"provisioned": "provisioned", "on_demand": "on-demand"}


def published_events(ctx: Context) -> float:
    return ctx.requests * ctx.a["pubsub_publishes_per_request"]


def event_transport_lines(ctx: Context, design: Design) -> list[CostLine]:
    """The published events' month: through the design's stream, else an SNS topic."""
    if design.event_stream is not None:
        return stream_lines(ctx, design.event_stream)
    return svc.sns_lines(
        ctx.table,
        publishes=published_events(ctx),
        payload_kb=ctx.workload.payload_kb,
        free_tier=ctx.free_tier,
    )


def stream_lines(ctx: Context, stream: EventStream) -> list[CostLine]:
    """Every published event written once and read once, by the functions or the fleet
    (standard iterators: a shared-throughput consumer, no enhanced fan-out)."""
    return svc.kinesis_lines(
        ctx.table,
        mode=stream.mode,
        shards=stream.shards,
        hours=HOURS_PER_MONTH,
        records=published_events(ctx),
        record_kb=ctx.workload.payload_kb,
        consumers=1,
    )


def with_event_stream(ctx: Context, design: Design) -> Design:
    """The design with its published events on a Kinesis data stream, where the volume
    calls for one (`event_stream_min_events_per_s`), in the cheaper mode and why."""
    if not events_streamed(ctx.workload, ctx.a):
        return design
    shards, factor = kinesis_reading(ctx.workload, ctx.a)
    candidates = [
        EventStream(
            mode=mode,
            shards=shards,
            parallelization_factor=factor,
            batch_size=int(ctx.a["stream_batch_size"]),
            batching_window_s=int(ctx.a["stream_batching_window_s"]),
        )
        for mode in MODES
    ]
    quotes = {stream.mode: total_usd(stream_lines(ctx, stream)) for stream in candidates}
    stream = min(candidates, key=lambda candidate: quotes[candidate.mode])
    choice = DesignChoice("events", f"kinesis_{stream.mode}", _reason(ctx, stream, quotes))
    return replace(design, event_stream=stream, choices=(*design.choices, choice))


def _reason(ctx: Context, stream: EventStream, quotes: dict[str, float]) -> str:
    w = ctx.workload
    topic_usd = total_usd(
        svc.sns_lines(
            ctx.table, publishes=published_events(ctx), payload_kb=w.payload_kb, free_tier=False
        )
    )
    other = next(mode for mode in quotes if mode != stream.mode)
    sized = (
        f"{format_count(stream.shards, 'shard')} for the {format_rps(w.peak_rps)} events/s peak"
        if stream.mode == "provisioned"
        else "it sizes its own shards"
    )
    return (
        f"A Kinesis data stream instead of an SNS topic: at {format_rps(w.avg_rps)} events/s, "
        f"SNS would charge about {format_usd(topic_usd)} a month in publishes and start a "
        f"function per event. The stream in {_MODE_WORDS[stream.mode]} mode ({sized}) costs "
        f"about {format_usd(quotes[stream.mode])}, against {format_usd(quotes[other])} "
        f"{_MODE_WORDS[other]}. "
        f"Lambda reads it in batches of up to {stream.batch_size:,} records gathered for up "
        f"to {stream.batching_window_s} s, {format_count(stream.parallelization_factor, 'batch')} "
        "per shard at once (at most 10), so one run handles many events; ordered retries per "
        "shard and an iterator-age alarm come with it."
    )
