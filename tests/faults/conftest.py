"""Fault tests: the job fixtures (real workers, an owner with a saved revision) come from
tests/jobs/conftest.py; the PostgreSQL and Redis faults run only on request, as the
production-stack tests do (CI=true or ADVISOR_TEST_PRODUCTION_STACK=1)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port  # noqa: F401  (imported from here by the fault tests)
from tests.jobs.conftest import (  # noqa: F401  (fixtures, found by name)
    QUEUE,
    Workers,
    media_root,
    owner,
    owner_client,
    revision,
    wait_for,
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


@dataclass
class PrivateRedis:
    port: int
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redis_server_binary(), "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=(self.folder / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, 10, "redis-server to listen")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def queued(self) -> int:
        import redis

        return redis.Redis(port=self.port).llen(QUEUE)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextmanager
def broker_pointed_at(url: str, *, settings, pool: Workers) -> Iterator[None]:
    """This process publishes to `url`, and the workers started meanwhile read it."""
    from advisor.celery import app

    saved = app.conf.broker_url, app.conf.get("broker_write_url"), app.conf.broker_transport_options
    settings.CELERY_BROKER_URL = url
    app.conf.broker_url = app.conf.broker_write_url = url
    app.conf.broker_transport_options = {"visibility_timeout": 600}
    pool.env["CELERY_BROKER_URL"] = url
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_transport_options = saved
