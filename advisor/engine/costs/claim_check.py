"""Events over their transport's size limit: the claim-check pattern.

An SNS message, a Kinesis record and an SQS message each have a most size (the platform
profile's limits). A larger event cannot be sent at all: the producer writes its body to
an S3 bucket and sends a small pointer instead, and each consumer reads the object (what
the SNS and SQS Extended Client Libraries do). The bucket, its PUTs, its GETs and the bodies
kept until the lifecycle rule deletes them are a line every option shares: a container
fleet's consumers read the same queues and the same objects.
https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.costs.services import KB_PER_GB
from advisor.engine.numbers import format_usd
from advisor.engine.platform import limit
from advisor.engine.results import ClaimCheck, CostLine, Design, DesignChoice
from advisor.engine.workload import HOURS_PER_MONTH, Trigger

# Each transport the design may send events through, and its size limit's name.
_LIMIT_NAMES = {
    "topic": "sns_max_message_kb",
    "stream": "kinesis_max_record_kb",
    "queue": "sqs_max_message_kb",
}
TRANSPORT_WORDS = {"topic": "SNS topic", "stream": "Kinesis data stream", "queue": "SQS queue"}
_ITEM_PREFIX = "claim-check bucket: "


def _transports(ctx: Context, design: Design) -> list[str]:
    """The transports the design's events travel through."""
    triggers = ctx.workload.triggers
    used = []
    if Trigger.PUBSUB in triggers:
        used.append("stream" if design.event_stream is not None else "topic")
    if Trigger.QUEUE in triggers:
        used.append("queue")
    return used


def with_claim_check(ctx: Context, design: Design) -> Design:
    """The design with its event bodies in S3, where they exceed a transport's limit."""
    payload_kb = ctx.workload.payload_kb
    over = tuple(
        (transport, limit(_LIMIT_NAMES[transport]))
        for transport in _transports(ctx, design)
        if payload_kb > limit(_LIMIT_NAMES[transport])
    )
    if not over:
        return design
    check = ClaimCheck(
        limits_kb=over,
        expiry_days=ctx.a["claim_check_expiry_days"],
        pointer_kb=ctx.a["claim_check_pointer_kb"],
    )
    claimed = replace(design, claim_check=check)
    choice = DesignChoice("large_events", "claim_check", _reason(ctx, claimed, check))
    return replace(claimed, choices=(*design.choices, choice))


def claim_checked(design: Design, transport: str) -> bool:
    check = design.claim_check
    return check is not None and any(name == transport for name, _ in check.limits_kb)


def message_context(ctx: Context, design: Design, transport: str) -> Context:
    """The context a transport is priced in: its messages are pointers, not the bodies,
    once the bodies go through S3 (one 64 KB chunk each instead of several)."""
    if not claim_checked(design, transport) or design.claim_check is None:
        return ctx
    pointer = ctx.workload.with_changes(payload_kb=design.claim_check.pointer_kb)
    return Context(pointer, ctx.table, ctx.a)


def _bodies_and_reads(ctx: Context, design: Design) -> tuple[float, float]:
    """(PUTs, GETs) a month: a body written per event a claim-checked transport carries,
    read once by each consumer of it (every consumer of a published event; a queue's
    message has one)."""
    puts = gets = 0.0
    published = ctx.requests * ctx.a["pubsub_publishes_per_request"]
    for transport in ("topic", "stream"):
        if claim_checked(design, transport):
            puts += published
            gets += published * ctx.workload.consumers_per_event
    if claim_checked(design, "queue"):
        puts += ctx.requests
        gets += ctx.requests
    return puts, gets


def claim_check_lines(ctx: Context, design: Design) -> list[CostLine]:
    """The bucket's month: a PUT per body, a GET per read, and the bodies stored for the
    days the lifecycle rule keeps them (a month's bytes times the share of a month kept)."""
    check = design.claim_check
    if check is None:
        return []
    puts, gets = _bodies_and_reads(ctx, design)
    days_per_month = HOURS_PER_MONTH / 24
    stored_gb = puts * ctx.workload.payload_kb / KB_PER_GB * check.expiry_days / days_per_month
    lines = svc.s3_lines(ctx.table, storage_gb=stored_gb, puts=puts, gets=gets)
    return [replace(line, item=f"{_ITEM_PREFIX}{line.item}") for line in lines]


def _reason(ctx: Context, design: Design, check: ClaimCheck) -> str:
    over = ", ".join(f"{TRANSPORT_WORDS[name]} {kb:,.0f} KB" for name, kb in check.limits_kb)
    bucket_usd = total_usd(claim_check_lines(ctx, design))
    return (
        f"Each event is about {ctx.workload.payload_kb:,.0f} KB, more than its transport "
        f"carries ({over}): the claim-check pattern. The producer writes each event's body to "
        "an S3 bucket and sends a pointer to the object (its bucket and key) instead; each "
        "consumer reads the object it is pointed to. The pointer is one 64 KB chunk to "
        "meter, not the body's several. The bucket's lifecycle rule deletes a body after "
        f"{check.expiry_days:g} days, the longest a queue keeps the message that names it. "
        f"Its PUTs, GETs and storage cost about {format_usd(bucket_usd)} a month."
    )
