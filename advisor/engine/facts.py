"""Facts derived from a workload that more than one part of the engine needs."""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Literal

from pydantic import Field

from advisor.engine.knowledge import SourceModel, StrictModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir
from advisor.engine.results import Source
from advisor.engine.workload import HOURS_PER_MONTH, Runtime, Workload

# Lambda gives one full vCPU at 1,769 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
LAMBDA_MB_PER_VCPU = 1769


class ColdStartTable(StrictModel):
    kind: Literal["cold_starts"]
    as_of: dt.date
    sources: tuple[SourceModel, ...] = Field(min_length=1)
    runtimes: dict[Runtime, int]
    snapstart_runtimes: dict[Runtime, int] = {}


@functools.cache
def cold_start_table() -> ColdStartTable:
    for path, data in read_knowledge_dir("patterns"):
        if isinstance(data, dict) and data.get("kind") == "cold_starts":
            return parse_knowledge(ColdStartTable, data, where=path)
    raise LookupError("knowledge/patterns has no cold_starts file")


def cold_start_sources() -> tuple[Source, ...]:
    return tuple(source.to_result() for source in cold_start_table().sources)


def cold_start_ms(workload: Workload) -> float:
    """Typical cold-start latency for the workload's runtime (overridable per workload)."""
    override = dict(workload.assumptions).get(f"cold_start_ms_{workload.runtime.value}")
    if override is not None:
        return override
    return float(cold_start_table().runtimes[workload.runtime])


def snapstart_ms(workload: Workload) -> float | None:
    """The start-up left with SnapStart for the workload's runtime; None where not offered."""
    restored = cold_start_table().snapstart_runtimes.get(workload.runtime)
    return None if restored is None else float(restored)


def snapstart_meets_target(workload: Workload) -> bool:
    """A new environment restored by SnapStart, plus the run, meets the latency target."""
    restored_ms = snapstart_ms(workload)
    return restored_ms is not None and (
        restored_ms + workload.avg_duration_ms <= workload.p95_latency_ms
    )


def avg_concurrency(workload: Workload) -> float:
    """Executions in flight on average (Little's law: arrival rate x time in system)."""
    return workload.avg_rps * workload.avg_duration_ms / 1000


def peak_concurrency(workload: Workload) -> float:
    return workload.peak_rps * workload.avg_duration_ms / 1000


def peak_hours_per_month(workload: Workload, peak_hours_per_day: float) -> float:
    """Hours a month at the peak rate; the rest of the month runs at the base rate.

    Never more hours than the month's traffic can fill at the peak: a nightly job that
    peaks at 50 runs a second but averages 0.5 runs at that rate for 1% of the month, not
    for two hours every day (which would price a fleet for several times the work).
    """
    hours = min(max(peak_hours_per_day * HOURS_PER_MONTH / 24, 0.0), float(HOURS_PER_MONTH))
    if workload.peak_rps > 0:
        hours = min(hours, HOURS_PER_MONTH * workload.avg_rps / workload.peak_rps)
    return hours


def base_rps(workload: Workload, peak_hours_per_day: float) -> float:
    """The off-peak rate that, with the peak hours, averages to the workload's rate."""
    peak_share = peak_hours_per_month(workload, peak_hours_per_day) / HOURS_PER_MONTH
    if peak_share >= 1 or workload.peak_rps <= workload.avg_rps:
        return workload.avg_rps
    return max(0.0, (workload.avg_rps - peak_share * workload.peak_rps) / (1 - peak_share))


def cold_start_breaks_latency_target(workload: Workload) -> bool:
    """A cold request (init + the run itself) would miss the p95 latency target."""
    return cold_start_ms(workload) + workload.avg_duration_ms > workload.p95_latency_ms


def provisioned_concurrency_needed(workload: Workload) -> int:
    """Pre-warmed environments to keep so no request pays a cold start; 0 if none are needed.

    Cold starts hit well under 1% of requests on busy functions, so a p95 target alone
    survives them; only a workload that refuses any slow first request needs them, and
    then enough to cover its sustained peak.
    """
    if not workload.cold_start_sensitive or not cold_start_breaks_latency_target(workload):
        return 0
    return max(1, math.ceil(peak_concurrency(workload)))
