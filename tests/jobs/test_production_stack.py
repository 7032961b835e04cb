"""The job and database tests once more on PostgreSQL + Redis, with real worker processes.

On when CI=true or ADVISOR_TEST_PRODUCTION_STACK=1 (then unreachable servers FAIL the
run); skipped elsewhere. The run gets a database and a queue of its own, so concurrent
runs on one machine do not collide.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.jobs.conftest import ROOT, RUN_ID

PG_URL = os.environ.get("ADVISOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
# The suites that touch the database or the job queue.
DATABASE_SUITES = (
    "tests/jobs",
    "tests/services",
    "tests/api",
    "tests/views",
    "tests/chaos",
    "tests/ops",  # with the several-machines test (two web processes, two workers, S3)
)
NESTED_ENV = "ADVISOR_TEST_STACK_RUN"
# Two test processes, as `make test` runs the suite (each gets a database of its own).
PROCESSES = ("-n", "2", "--dist", "loadfile")


def _requested() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("ADVISOR_TEST_PRODUCTION_STACK", ""))
    return any(flag.strip().lower() in {"1", "true", "yes"} for flag in flags)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get(NESTED_ENV) == "production", reason="this is that run")
def test_the_job_and_database_tests_pass_on_postgresql_and_redis():
    if not _requested():
        pytest.skip(
            "PostgreSQL + Redis stack not requested: set ADVISOR_TEST_PRODUCTION_STACK=1 "
            "(CI=true does) with PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on "
            "127.0.0.1:6379, or ADVISOR_TEST_POSTGRES_URL / ADVISOR_TEST_REDIS_URL"
        )
    # given: both servers answer (requested but unreachable is a failure, not a skip)
    assert _reachable("127.0.0.1", 5432) or "127.0.0.1:5432" not in PG_URL, "PostgreSQL down"
    assert _reachable("127.0.0.1", 6379) or "127.0.0.1:6379" not in REDIS_URL, "Redis down"
    env = {
        **os.environ,
        NESTED_ENV: "production",
        "DATABASE_URL": f"{PG_URL}/advisor_{RUN_ID.replace('-', '_')}",
        "CELERY_BROKER_URL": REDIS_URL,
    }
    suites = [suite for suite in DATABASE_SUITES if (ROOT / suite).is_dir()]

    # when
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *PROCESSES, *suites],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )

    # then
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-4000:]
    assert " passed" in done.stdout
