"""Measured figures for `make bench` (its last line is one JSON object).

Each capability adds its own measurement function to MEASUREMENTS.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_file
from advisor_tooling.bench.serving import measure_load, measure_load_production, measure_serving

TYPICAL_WORKLOAD = (
    Path(__file__).resolve().parents[2] / "knowledge" / "presets" / "api-for-a-mobile-app.yaml"
)
# Enough runs for a stable p95 in about a second; the first runs warm the caches.
EVALUATE_RUNS = 2000
WARMUP_RUNS = 50
SIZE_RUNS = 20  # per workload of the size table


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


def measure_evaluate_by_size() -> dict[str, object]:
    """What `evaluate` costs as a design grows: every preset and decision-benchmark workload
    evaluated in turn, the median per workload grouped by its design's component count.
    `evaluate_ms_per_component` is the least-squares slope over the workloads."""
    from advisor.questionnaire import workload_from_answers
    from advisor.selectors import PRESETS_DIR
    from advisor_tooling.decision_cases import decision_cases

    workloads = [workload_from_file(path) for path in sorted(PRESETS_DIR.glob("*.yaml"))]
    workloads += [workload_from_answers(case.workload) for case in decision_cases()]
    points: list[tuple[int, float]] = []
    for workload in workloads:
        components = len(evaluate(workload).architecture.components)
        samples = []
        for _ in range(SIZE_RUNS):
            started = time.perf_counter()
            evaluate(workload)
            samples.append((time.perf_counter() - started) * 1000)
        points.append((components, statistics.median(samples)))
    by_size: dict[int, list[float]] = {}
    for components, ms in points:
        by_size.setdefault(components, []).append(ms)
    slope = statistics.linear_regression([c for c, _ in points], [ms for _, ms in points]).slope
    return {
        "evaluate_ms_by_components": {
            str(size): round(statistics.median(ms), 2) for size, ms in sorted(by_size.items())
        },
        "evaluate_ms_per_component": round(slope, 3),
    }


def measure_decision_cases() -> dict[str, float]:
    """The decision benchmark (knowledge/decision_cases/): how many cases the engine answers
    exactly as the architect would, how many with a verdict architects could also sign."""
    from advisor_tooling.decision_cases import run_decision_cases

    return run_decision_cases().figures()


def measure_diagram() -> dict[str, float]:
    """The architecture diagram of a typical workload (13 components), ours and the `diagrams`
    package's side by side, and the two cost charts.

    `diagram_ms_uncached` is our SVG (icons embedded) in the layout the result page and the
    report show, drawn afresh; `diagram_ms` is what a page pays once it is cached;
    `charts_ms_uncached` is the break-even and breakdown charts drawn afresh.
    """
    from advisor.engine.sensitivity import _cost_curve
    from advisor.render import charts, diagram
    from advisor_tooling.bench.peers import diagram_and_peer_ms, median_ms

    workload = workload_from_file(TYPICAL_WORKLOAD)
    assessment = evaluate(workload)
    model = assessment.architecture

    def draw(layout: str) -> None:
        diagram.diagram_svg.cache_clear()
        diagram.diagram_svg(model, title=workload.name, layout=layout)

    def draw_charts() -> None:
        for cached in (charts._break_even_chart_svg, charts._cost_breakdown_chart_svg, _cost_curve):
            cached.cache_clear()
        charts.break_even_chart_svg(workload, assessment.costs)
        charts.cost_breakdown_chart_svg(assessment.costs)

    ours, peer = diagram_and_peer_ms(lambda: draw("compact"), model, title=workload.name)
    diagram.diagram_svg(model, title=workload.name, layout="compact")
    return {
        "diagram_ms_uncached": ours,
        "diagram_ms_uncached_wide": median_ms(lambda: draw("wide")),
        "diagrams_peer_ms": peer,
        "diagram_peer_ratio": round(ours / peer, 2),
        "diagram_ms": median_ms(
            lambda: diagram.diagram_svg(model, title=workload.name, layout="compact"), runs=50
        ),
        "charts_ms_uncached": median_ms(draw_charts),
    }


# Warm runs of the starter repo: templates compiled and the diagram cached.
SCAFFOLD_RUNS = 20


def measure_scaffold() -> dict[str, float | None]:
    """One starter repo rendered and zipped (validators excluded).

    `scaffold_ms` is a warm run of the workload's own stack (kept for comparison with older
    runs), `scaffold_ms.<stack>` a warm run of each stack; `scaffold_ms_new_workload` also
    draws the diagram (SVG and PNG) for a workload not seen before, in turns with copier
    rendering as many files (`copier_peer_ms`).
    """
    import itertools
    from dataclasses import replace

    from advisor.render.scaffold import scaffold_files, scaffold_zip, stack_names
    from advisor_tooling.bench.peers import scaffold_and_copier_ms

    workload = workload_from_file(TYPICAL_WORKLOAD)
    assessment = evaluate(workload)
    scaffold_zip(workload=workload, assessment=assessment)  # compile templates, draw once
    samples = []
    for _ in range(SCAFFOLD_RUNS):
        started = time.perf_counter()
        scaffold_zip(workload=workload, assessment=assessment)
        samples.append((time.perf_counter() - started) * 1000)
    names = (f"{workload.name} {run}" for run in itertools.count())

    def new_workload() -> None:
        other = replace(workload, name=next(names))
        scaffold_zip(workload=other, assessment=evaluate(other))

    per_stack = {}
    for stack in stack_names():
        scaffold_zip(workload=workload, assessment=assessment, stack=stack)  # compile
        runs = []
        for _ in range(SCAFFOLD_RUNS):
            started = time.perf_counter()
            scaffold_zip(workload=workload, assessment=assessment, stack=stack)
            runs.append((time.perf_counter() - started) * 1000)
        per_stack[f"scaffold_ms.{stack}"] = round(statistics.median(runs), 1)
        per_stack[f"scaffold_files.{stack}"] = len(
            scaffold_files(workload=workload, assessment=assessment, stack=stack)
        )
    files = len(scaffold_files(workload=workload, assessment=assessment))
    new_ms, peer_ms = scaffold_and_copier_ms(new_workload, files=files)
    return {
        "scaffold_ms": round(statistics.median(samples), 1),
        **per_stack,
        "scaffold_ms_new_workload": new_ms,
        "scaffold_files": files,
        "copier_peer_ms": peer_ms,
        "scaffold_peer_ratio": round(new_ms / peer_ms, 2) if peer_ms else None,
    }


def measure_pdf() -> dict[str, float]:
    """The decision report of a typical workload as a PDF: the first render in the process,
    then the best of three once warm. WeasyPrint's own import (~0.5 s) is excluded.
    `pdf_floor_ms` is WeasyPrint alone on a plain document of as many pages."""
    import weasyprint  # noqa: F401

    from advisor.render.report import report_pdf
    from advisor_tooling.bench.peers import pdf_floor_ms, pdf_page_count

    workload = workload_from_file(TYPICAL_WORKLOAD)
    assessment = evaluate(workload)
    samples_ms = []
    for _ in range(4):
        started = time.perf_counter()
        pdf = report_pdf(workload=workload, assessment=assessment, generated_on=dt.date(2026, 1, 1))
        samples_ms.append((time.perf_counter() - started) * 1000)
    pages = pdf_page_count(pdf)
    return {
        "pdf_ms": round(samples_ms[0], 1),
        "pdf_ms_warm": round(min(samples_ms[1:]), 1),
        "pdf_pages": pages,
        "pdf_floor_ms": pdf_floor_ms(pages=pages),
    }


def measure_export_jobs() -> dict[str, float]:
    from advisor_tooling.bench.export_jobs import measure_export_jobs as measure

    return measure()


MEASUREMENTS: tuple[Callable[[], dict[str, Any]], ...] = (
    measure_evaluate,
    measure_evaluate_by_size,
    measure_decision_cases,
    measure_diagram,
    measure_scaffold,
    measure_pdf,
    measure_serving,
    measure_export_jobs,
    measure_load,
    measure_load_production,
)


def run_all() -> dict[str, object]:
    figures: dict[str, object] = {}
    for measure in MEASUREMENTS:
        figures.update(measure())
    return figures
