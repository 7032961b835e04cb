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


def measure_diagram() -> dict[str, float]:
    """Architecture diagram (SVG) + break-even and breakdown charts for a typical workload.

    `diagram_ms` is what a page pays (results are cached by content); the uncached figure
    is what the first request for a new workload pays.
    """
    from advisor.engine.sensitivity import _cost_curve
    from advisor.render import charts, diagram
    from advisor.render.icons import icon_data_uri

    workload = workload_from_file(TYPICAL_WORKLOAD)
    assessment = evaluate(workload)

    def draw() -> float:
        started = time.perf_counter()
        diagram.diagram_svg(assessment.architecture, title=workload.name)
        charts.break_even_chart_svg(workload, assessment.costs)
        charts.cost_breakdown_chart_svg(assessment.costs)
        return (time.perf_counter() - started) * 1000

    def clear() -> None:
        for cached in (
            diagram.diagram_svg,
            charts._break_even_chart_svg,
            charts._cost_breakdown_chart_svg,
            _cost_curve,
            icon_data_uri,
        ):
            cached.cache_clear()

    draw()  # the first use loads matplotlib's fonts and the icons once per process
    uncached = []
    for _ in range(5):
        clear()
        uncached.append(draw())
    cached = [draw() for _ in range(50)]
    return {
        "diagram_ms": round(statistics.median(cached), 3),
        "diagram_ms_uncached": round(statistics.median(uncached), 1),
    }


MEASUREMENTS: tuple[Callable[[], dict[str, float]], ...] = (measure_evaluate, measure_diagram)


def run_all() -> dict[str, float]:
    figures: dict[str, float] = {}
    for measure in MEASUREMENTS:
        figures.update(measure())
    return figures
