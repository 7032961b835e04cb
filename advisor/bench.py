"""Measured figures for `make bench` (DESIGN.md: last line is one JSON object).

Each capability adds its own measurement function to MEASUREMENTS.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_file

TYPICAL_WORKLOAD = (
    Path(__file__).resolve().parent.parent / "knowledge" / "presets" / "api-for-a-mobile-app.yaml"
)
# Enough runs for a stable p95 in about a second; the first runs warm the caches.
EVALUATE_RUNS = 2000
WARMUP_RUNS = 50


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure_evaluate() -> dict[str, float]:
    """One full evaluation (verdict + costs + architecture) of a typical workload."""
    workload = workload_from_file(TYPICAL_WORKLOAD)
    for _ in range(WARMUP_RUNS):
        evaluate(workload)
    samples_ms = []
    for _ in range(EVALUATE_RUNS):
        started = time.perf_counter()
        evaluate(workload)
        samples_ms.append((time.perf_counter() - started) * 1000)
    return {
        "evaluate_ms_p50": round(statistics.median(samples_ms), 3),
        "evaluate_ms_p95": round(_percentile(samples_ms, 0.95), 3),
        "evaluate_runs": EVALUATE_RUNS,
    }


MEASUREMENTS: tuple[Callable[[], dict[str, float]], ...] = (measure_evaluate,)


def run_all() -> dict[str, float]:
    figures: dict[str, float] = {}
    for measure in MEASUREMENTS:
        figures.update(measure())
    return figures
