"""Provisioned mode for Lambda event source mappings: Event Poller Unit-hours (SQS, Kafka)."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import choice, number
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

EVENT_SOURCES = ("sqs", "kafka")
SQS_MIN_POLLERS = 2  # an SQS mapping in provisioned mode keeps two pollers at least


def event_poller_lines(table: Table, *, source: str, epu_hours: float) -> list[CostLine]:
    """EPU-hours: provisioned minimum pollers all month plus those autoscaling adds."""
    return priced_lines(
        table["lambda_event_poller", f"epu_hours_{source}"],
        epu_hours,
        f"event poller units ({source})",
    )


SERVICE = PricedService(
    key="lambda_event_poller",
    params=(
        choice("source", "sqs", "event source of the mapping", EVENT_SOURCES),
        number(
            "epu_hours_per_month",
            SQS_MIN_POLLERS * 730,
            "Event Poller Unit-hours a month",
            maximum=1e7,
        ),
    ),
    pricer=keyword_pricer(event_poller_lines, epu_hours_per_month="epu_hours"),
)
