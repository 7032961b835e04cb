"""Measured figures for `make bench` (DESIGN.md: last line is one JSON object).

Each capability adds its own measurement function to MEASUREMENTS.
"""

from __future__ import annotations

import datetime as dt
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


def measure_decision_cases() -> dict[str, float]:
    """The decision benchmark (knowledge/decision_cases/): how many cases the engine answers
    exactly as the architect would, how many with a verdict architects could also sign."""
    from advisor.decision_cases import run_decision_cases

    return run_decision_cases().figures()


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


def measure_live_update() -> dict[str, float]:
    """Live-panel round trip (htmx POST -> rendered partial) against gunicorn on 127.0.0.1.

    10 clients each send an update every ~300 ms (the panel's debounce: ten people typing
    at once); a second run sends back to back (saturated) to show the headroom. Each request
    changes the average rate, so the engine's cache never answers for it.
    """
    import http.client
    import os
    import random
    import socket
    import subprocess
    import sys
    import tempfile
    import threading
    from urllib.parse import urlencode

    import yaml

    root = TYPICAL_WORKLOAD.parents[2]  # the project directory, where manage.py is
    answers = yaml.safe_load(TYPICAL_WORKLOAD.read_text(encoding="utf-8"))
    clients, requests_per_client, think_s = 10, 40, 0.3

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_DEBUG": "false",
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=root, env=env, check=True
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "advisor.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(os.cpu_count() or 2),
                "--threads",
                "4",
                "-k",
                "gthread",
                "--log-level",
                "warning",
            ],
            cwd=root,
            env=env,
        )
        try:
            _wait_for_port(port)

            def client(samples: list[float], think: float) -> None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/assess/")
                response = conn.getresponse()
                response.read()
                cookie = response.getheader("Set-Cookie", "").split(";")[0]
                token = cookie.split("=", 1)[1]
                headers = {
                    "Cookie": cookie,
                    "X-CSRFToken": token,
                    "HX-Request": "true",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                rng = random.Random()
                for _ in range(requests_per_client):
                    body = urlencode(
                        {
                            **answers,
                            "avg_rps": f"{rng.uniform(1, 299):.3f}",
                            "sensitive_data": "true",
                            "triggers": "http",
                        }
                    )
                    started = time.perf_counter()
                    conn.request("POST", "/assess/", body=body, headers=headers)
                    reply = conn.getresponse()
                    reply.read()
                    samples.append((time.perf_counter() - started) * 1000)
                    assert reply.status == 200, reply.status
                    time.sleep(think * rng.uniform(0.5, 1.5))
                conn.close()

            def run(think: float) -> list[float]:
                samples: list[float] = []
                threads = [
                    threading.Thread(target=client, args=(samples, think)) for _ in range(clients)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                return samples

            run(0.05)  # warm up every worker (imports, knowledge files, templates)
            typing, saturated = run(think_s), run(0.0)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return {
        "live_update_ms_p50": round(statistics.median(typing), 1),
        "live_update_ms_p95": round(_percentile(typing, 0.95), 1),
        "live_update_ms_p95_saturated": round(_percentile(saturated, 0.95), 1),
        "live_update_clients": clients,
    }


def _wait_for_port(port: int, timeout_s: float = 20.0) -> None:
    import socket

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout_s} s")


# Warm runs of the starter repo: templates compiled and the diagram cached.
SCAFFOLD_RUNS = 20


def measure_scaffold() -> dict[str, float]:
    """One starter repo rendered and zipped (validators excluded).

    `scaffold_ms` is a warm run; `scaffold_ms_new_workload` also draws the diagram (SVG and
    PNG) for a workload not seen before.
    """
    from dataclasses import replace

    from advisor.render.scaffold import scaffold_zip

    workload = workload_from_file(TYPICAL_WORKLOAD)
    assessment = evaluate(workload)
    scaffold_zip(workload=workload, assessment=assessment)  # compile templates, draw once
    samples, fresh = [], []
    for _ in range(SCAFFOLD_RUNS):
        started = time.perf_counter()
        scaffold_zip(workload=workload, assessment=assessment)
        samples.append((time.perf_counter() - started) * 1000)
    for run in range(5):
        other = replace(workload, name=f"{workload.name} {run}")
        started = time.perf_counter()
        scaffold_zip(workload=other, assessment=evaluate(other))
        fresh.append((time.perf_counter() - started) * 1000)
    return {
        "scaffold_ms": round(statistics.median(samples), 1),
        "scaffold_ms_new_workload": round(statistics.median(fresh), 1),
    }


def measure_pdf() -> dict[str, float]:
    """The decision report of a typical workload as a PDF: the first render in the process,
    then the best of three once warm. WeasyPrint's own import (~0.5 s) is excluded."""
    import weasyprint  # noqa: F401

    from advisor.render.report import report_pdf

    workload = workload_from_file(TYPICAL_WORKLOAD)
    assessment = evaluate(workload)
    samples_ms = []
    for _ in range(4):
        started = time.perf_counter()
        report_pdf(workload=workload, assessment=assessment, generated_on=dt.date(2026, 1, 1))
        samples_ms.append((time.perf_counter() - started) * 1000)
    return {"pdf_ms": round(samples_ms[0], 1), "pdf_ms_warm": round(min(samples_ms[1:]), 1)}


def measure_export_jobs() -> dict[str, float]:
    from advisor.jobs.bench import measure_export_jobs as measure

    return measure()


def measure_load() -> dict[str, float]:
    """50 simulated users (live updates, saves, result pages) for 60 s against gunicorn on
    127.0.0.1 (advisor/loadtest.py); ~2 min with the log-ins and migrations."""
    from advisor.loadtest import run_load_test

    figures = run_load_test(users=50, duration_s=60)
    overall = figures["all"]
    return {
        "load_users": figures["users"],
        "load_rps": overall["rps"],
        "load_ms_p50": overall["ms_p50"],
        "load_ms_p95": overall["ms_p95"],
        "load_ms_p99": overall["ms_p99"],
        "load_errors": overall["errors"],
        **{f"load_{kind}_ms_p95": figures[kind]["ms_p95"] for kind in ("live", "save", "result")},
    }


MEASUREMENTS: tuple[Callable[[], dict[str, float]], ...] = (
    measure_evaluate,
    measure_decision_cases,
    measure_diagram,
    measure_scaffold,
    measure_pdf,
    measure_live_update,
    measure_export_jobs,
    measure_load,
)


def run_all() -> dict[str, float]:
    figures: dict[str, float] = {}
    for measure in MEASUREMENTS:
        figures.update(measure())
    return figures
