"""Export job speed: click -> file ready on the embedded stack, and Redis throughput.

`measure_export_jobs()` is what `make bench` calls. Each stack runs in a child process
(`python -m advisor_tooling.bench.export_jobs STACK`) with a database, broker queue and
media folder of its own and real `celery worker` processes, so the figures include the
broker's polling.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER_URL = os.environ.get("ADVISOR_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("ADVISOR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
CLICKS_PER_KIND = 3  # after one warm-up each; the median is reported
THROUGHPUT_JOBS = 50
THROUGHPUT_WORKERS = 2
POLL_S = 0.02


def measure_export_jobs() -> dict[str, float]:
    """export_job_s_pdf / _zip (embedded stack) and export_jobs_per_s_redis (when Redis and
    PostgreSQL answer on this machine)."""
    figures = _child("embedded", {"CELERY_BROKER_URL": "filesystem://"})
    if _reachable(6379) and _reachable(5432):
        database = f"advisor_bench_{uuid.uuid4().hex[:8]}"
        _postgres(f'CREATE DATABASE "{database}"')
        try:
            figures |= _child(
                "redis",
                {"CELERY_BROKER_URL": REDIS_URL, "DATABASE_URL": f"{PG_SERVER_URL}/{database}"},
            )
        finally:
            _postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return figures


def _child(stack: str, env: dict[str, str]) -> dict[str, float]:
    run_id = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as tmp:
        full_env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{tmp}/media",
            "ADVISOR_VAR_DIR": f"{tmp}/var",
            "ADVISOR_BROKER_NAME": f"bench-{run_id}",
            "ADVISOR_CELERY_QUEUE": f"bench-{run_id}",
            "DJANGO_DEBUG": "false",
            **env,
        }
        done = subprocess.run(
            [sys.executable, "-m", "advisor_tooling.bench.export_jobs", stack],
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


# --- in the child process -------------------------------------------------------------


def _run(stack: str) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    workers = [_start_worker(i) for i in range(1 if stack == "embedded" else THROUGHPUT_WORKERS)]
    try:
        if stack == "embedded":
            return _click_to_ready()
        return _throughput()
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()


def _start_worker(index: int) -> subprocess.Popen:
    log = Path(tempfile.gettempdir()) / f"advisor-bench-worker-{os.getpid()}-{index}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "advisor",
            "worker",
            "--pool=solo",
            "-Q",
            os.environ["ADVISOR_CELERY_QUEUE"],
            "-n",
            f"bench{index}-{os.getpid()}@%h",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "info",
        ],
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while b" ready." not in log.read_bytes():
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"worker did not start: {log.read_text(errors='replace')}")
        time.sleep(0.05)
    return process


def _revision(index: int) -> Any:
    import yaml
    from django.contrib.auth import get_user_model

    from advisor.services import assessment_create

    user, _ = get_user_model().objects.get_or_create(username="bench")
    answers = yaml.safe_load(
        (ROOT / "knowledge/presets/api-for-a-mobile-app.yaml").read_text(encoding="utf-8")
    )
    answers["name"] = f"Bench workload {index}"
    return assessment_create(owner=user, answers=answers).revisions.get()


def _click(index: int, kind: str) -> int:
    from django.db import transaction

    from advisor.jobs.services import export_job_request

    with transaction.atomic():  # like a request: the job is sent once it is committed
        job = export_job_request(revision=_revision(index), kind=kind, options={})
    return job.pk


def _wait_done(job_ids: list[int], timeout_s: float = 300) -> None:
    from advisor.jobs.models import ExportJob

    deadline = time.monotonic() + timeout_s
    while ExportJob.objects.filter(pk__in=job_ids, state=ExportJob.State.DONE).count() < len(
        job_ids
    ):
        failed = ExportJob.objects.filter(pk__in=job_ids, state=ExportJob.State.FAILED).first()
        if failed or time.monotonic() > deadline:
            raise RuntimeError(f"export did not finish: {failed and failed.error}")
        time.sleep(POLL_S)


def _click_to_ready() -> dict[str, float]:
    figures: dict[str, float] = {}
    for kind, key in (("pdf", "export_job_s_pdf"), ("scaffold", "export_job_s_zip")):
        samples = []
        for attempt in range(CLICKS_PER_KIND + 1):
            job_ids = [_click(1000 + len(figures) * 100 + attempt, kind)]
            started = time.perf_counter()
            _wait_done(job_ids)
            samples.append(time.perf_counter() - started)
        figures[key] = round(statistics.median(samples[1:]), 2)  # first one warms the worker
    figures["export_job_s"] = max(figures["export_job_s_pdf"], figures["export_job_s_zip"])
    return figures


def _throughput() -> dict[str, float]:
    _wait_done([_click(0, "scaffold")])  # warm both code paths before timing
    revisions = [_revision(i + 1) for i in range(THROUGHPUT_JOBS)]
    from django.db import transaction

    from advisor.jobs.services import export_job_request

    started = time.perf_counter()
    with transaction.atomic():
        job_ids = [
            export_job_request(revision=revision, kind="scaffold", options={}).pk
            for revision in revisions
        ]
    _wait_done(job_ids)
    elapsed_s = time.perf_counter() - started
    return {
        "export_jobs_per_s_redis": round(THROUGHPUT_JOBS / elapsed_s, 2),
        "export_jobs_redis_workers": THROUGHPUT_WORKERS,
    }


if __name__ == "__main__":
    print(json.dumps(_run(sys.argv[1])))
