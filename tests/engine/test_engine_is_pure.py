"""The engine is pure Python: importing and running it loads neither Django nor Celery."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
from advisor.engine import evaluate
from advisor.engine.workload import *
from advisor.engine.costs.catalog import DEFAULT_REGION
w = Workload(name="x", avg_rps=1, peak_rps=2, traffic_pattern=TrafficPattern.SPIKY,
    p95_latency_ms=500, cold_start_sensitive=False, runtime=Runtime.PYTHON,
    avg_duration_ms=100, max_duration_s=1, memory_mb=512, cpu_bound=False,
    gpu_required=False, persistent_connections=Connections.NONE, data_store=DataStore.NONE,
    triggers=(Trigger.HTTP,), workflow=Workflow.NONE, payload_kb=1, sensitive_data=False,
    auth=Auth.PUBLIC, monthly_budget_usd=None, region=DEFAULT_REGION)
evaluate(w)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in {"django", "celery"})
print(",".join(leaked))
"""


def test_the_engine_runs_without_django_or_celery():
    # given: a fresh interpreter with no Django settings
    env = {"PATH": "/usr/bin:/bin"}

    # when
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    # then
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_the_engine_is_deterministic(preset_workload):
    # given
    from advisor.engine import evaluate

    # when
    first, second = evaluate(preset_workload), evaluate(preset_workload)

    # then
    assert first == second
