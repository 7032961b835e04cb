"""High-volume published events: a Kinesis data stream, in the cheaper capacity mode,
read by Lambda in batches, in place of an SNS topic that charges (and invokes) per event.

Each independent consumer reads every event: on the stream, a few share the shards'
reads and more get enhanced fan-out consumers; on a topic, each gets an SQS queue of its
own. The transport is a line every option shares: a container fleet's consumers read the
same stream (KCL applications) or queues, so the verdict turns on the compute that differs.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import (
    Context,
    enhanced_fan_out,
    events_fanned_out_to_queues,
    events_streamed,
    kinesis_reading,
)
from advisor.engine.costs.priced.kinesis import MODES
from advisor.engine.numbers import format_count, format_rps, format_usd
from advisor.engine.results import CostLine, Design, DesignChoice, EventStream
from advisor.engine.workload import HOURS_PER_MONTH, Trigger

_MODE_WORDS = {"provisioned": "provisioned", "on_demand": "on-demand"}


def published_events(ctx: Context) -> float:
    return ctx.requests * ctx.a["pubsub_publishes_per_request"]


def event_transport_lines(ctx: Context, design: Design) -> list[CostLine]:
    """The published events' month: through the design's stream, else an SNS topic."""
    if design.event_stream is not None:
        return stream_lines(ctx, design.event_stream)
    topic = svc.sns_lines(
        ctx.table,
        publishes=published_events(ctx),
        payload_kb=ctx.workload.payload_kb,
        free_tier=ctx.free_tier,
    )
    return topic + consumer_queue_lines(ctx, design.event_queues)


def consumer_queue_lines(ctx: Context, queues: int) -> list[CostLine]:
    """The consumers' queues: SNS's delivery to each is free, but each queue is billed the
    SendMessage it makes, and the consumer's receives and deletes in batches."""
    if queues <= 0:
        return []
    w, a = ctx.workload, ctx.a
    calls = published_events(ctx) * queues * (1 + 2 / max(a["sqs_batch_size"], 1))
    lines = svc.sqs_lines(
        ctx.table,
        requests=calls,
        payload_kb=w.payload_kb,
        fifo=False,
        # The account's free requests are counted once, on a work queue's own line.
        free_tier=ctx.free_tier and Trigger.QUEUE not in w.triggers,
    )
    return [replace(line, item=f"{queues} consumer queues: {line.item}") for line in lines]


def stream_lines(ctx: Context, stream: EventStream) -> list[CostLine]:
    """Every published event written once and read by each consumer, by the functions or
    the fleet: through the shards' shared reads (free in provisioned mode, billed per GB
    each on demand) or through an enhanced fan-out consumer each."""
    efo = stream.consumers if stream.enhanced_fan_out else 0
    return svc.kinesis_lines(
        ctx.table,
        mode=stream.mode,
        shards=stream.shards,
        hours=HOURS_PER_MONTH,
        records=published_events(ctx),
        record_kb=ctx.workload.payload_kb,
        consumers=0 if efo else stream.consumers,
        efo_consumers=efo,
    )


def with_event_fan_out(ctx: Context, design: Design) -> Design:
    """The design with an SQS queue per consumer behind the topic, where several
    independent consumers read the events and no stream carries them."""
    if not events_fanned_out_to_queues(ctx.workload, ctx.a) or design.event_stream is not None:
        return design
    queues = ctx.workload.consumers_per_event
    queue_usd = total_usd(consumer_queue_lines(ctx, queues))
    why = (
        f"Each published event is read by {queues} independent consumers: the SNS topic "
        f"delivers it to {queues} SQS queues, one per consumer (raw delivery; deliveries to "
        "SQS are free), and each consumer drains its own queue in batches of "
        f"{ctx.a['sqs_batch_size']:g} with its own dead-letter queue, so one slow or failing "
        "consumer neither holds up nor re-runs the others. The queues' requests cost about "
        f"{format_usd(queue_usd)} a month."
    )
    choice = DesignChoice("fan_out", "topic_queues", why)
    return replace(design, event_queues=queues, choices=(*design.choices, choice))


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
            consumers=ctx.workload.consumers_per_event,
            enhanced_fan_out=enhanced_fan_out(ctx.workload, ctx.a),
        )
        for mode in MODES
    ]
    quotes = {stream.mode: total_usd(stream_lines(ctx, stream)) for stream in candidates}
    stream = min(candidates, key=lambda candidate: quotes[candidate.mode])
    choice = DesignChoice("events", f"kinesis_{stream.mode}", _reason(ctx, stream, quotes))
    choices = (*design.choices, choice)
    if stream.consumers > 1:
        choices += (_readers_choice(ctx, stream),)
    return replace(design, event_stream=stream, choices=choices)


def _readers_choice(ctx: Context, stream: EventStream) -> DesignChoice:
    """How the stream's consumers read it, and what that costs."""
    shared_max = int(ctx.a["kinesis_shared_consumers_max"])
    if not stream.enhanced_fan_out:
        return DesignChoice(
            "fan_out",
            "kinesis_shared",
            f"{stream.consumers} independent consumers read every event, each through its "
            "own event source mapping on the stream's shared reads (standard iterators, no "
            f"extra charge; up to {shared_max} share a shard's 2 MB/s and 5 reads a second "
            "well, and the shards are sized for their reads).",
        )
    lines = stream_lines(ctx, stream)
    fan_out_usd = total_usd([line for line in lines if "enhanced fan-out" in line.item])
    return DesignChoice(
        "fan_out",
        "kinesis_enhanced_fan_out",
        f"{stream.consumers} independent consumers read every event: more than the "
        f"{shared_max} that share a shard's 2 MB/s and 5 reads a second well, so each gets an "
        "enhanced fan-out consumer (its own 2 MB/s a shard, records pushed in about 70 ms) "
        "and its own event source mapping. Kinesis bills them about "
        f"{format_usd(fan_out_usd)} a month (consumer-shard hours and GB read each).",
    )


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
