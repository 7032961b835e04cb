"""AWS X-Ray: traces recorded, and traces retrieved or scanned."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines
from advisor.engine.costs.params import free_tier, per_month
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine


def xray_lines(
    table: Table,
    *,
    traces_recorded: float,
    traces_retrieved: float,
    free_tier: bool,
    insights_traces: float = 0,
) -> list[CostLine]:
    """Traces recorded are requests times the sampling rate; retrieved counts scans too;
    Insights, when on, processes every trace recorded."""
    return (
        priced_lines(
            table["xray", "traces_recorded"],
            traces_recorded / 1e6,
            "traces recorded",
            free_tier=free_tier,
        )
        + priced_lines(
            table["xray", "traces_retrieved"],
            traces_retrieved / 1e6,
            "traces retrieved or scanned",
            free_tier=free_tier,
        )
        + priced_lines(table["xray", "insights_traces"], insights_traces / 1e6, "Insights traces")
    )


SERVICE = PricedService(
    key="xray",
    params=(
        per_month("traces_recorded_per_month", 1_000_000, "traces recorded a month"),
        per_month("traces_retrieved_per_month", 0, "traces retrieved or scanned a month"),
        free_tier(),
        per_month("insights_traces_per_month", 0, "traces X-Ray Insights processes a month"),
    ),
    pricer=keyword_pricer(
        xray_lines,
        traces_recorded_per_month="traces_recorded",
        traces_retrieved_per_month="traces_retrieved",
        include_free_tier="free_tier",
        insights_traces_per_month="insights_traces",
    ),
)
