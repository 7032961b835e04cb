"""Fault tests: the job fixtures (real workers, an owner with a saved revision) come from
tests/jobs/conftest.py; the PostgreSQL and Redis faults run only on request, as the
production-stack tests do (CI=true or ADVISOR_TEST_PRODUCTION_STACK=1)."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

from tests.jobs.conftest import (  # noqa: F401  (fixtures, found by name)
    media_root,
    owner,
    owner_client,
    revision,
    workers,
)

PG_URL = os.environ.get("ADVISOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


def production_stack_requested() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("ADVISOR_TEST_PRODUCTION_STACK", ""))
    return any(flag.strip().lower() in {"1", "true", "yes"} for flag in flags)


def require_production_stack(what: str) -> None:
    """Skip with a message unless requested; once requested, a missing server FAILS."""
    if not production_stack_requested():
        pytest.skip(
            f"{what} not requested: set ADVISOR_TEST_PRODUCTION_STACK=1 (CI=true does) with "
            "PostgreSQL on 127.0.0.1:5432 (trust auth) and redis-server installed"
        )


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    assert found, "redis-server is not installed (Debian package redis-server)"
    return found
