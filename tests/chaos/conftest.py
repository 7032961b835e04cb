"""Chaos fixtures. Real workers, an owner and the isolated broker come from
tests/jobs/conftest.py; here the artefact storage is a tmpfs of its own (so it can really be
made read-only or full; needs root, else those faults are left out and the report says so),
and on the production stack a private Redis (so it can really be restarted)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import PrivateRedis, broker_pointed_at, free_port
from tests.jobs.conftest import (  # noqa: F401  (fixtures, found by name)
    owner,
    owner_client,
    stack_name,
    workers,
)

MEDIA_TMPFS_SIZE = "128m"  # a hundred artefacts of up to a MB each


@pytest.fixture
def media_root(settings, tmp_path) -> Iterator[Path]:
    folder = tmp_path / "media"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={MEDIA_TMPFS_SIZE}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    settings.MEDIA_ROOT = folder
    yield folder
    if mounted.returncode == 0:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def private_broker(request, settings, tmp_path) -> Iterator[PrivateRedis | None]:
    """On the production stack, a Redis of this test's own, restartable; else None."""
    if stack_name() != "production":
        yield None
        return
    redis = PrivateRedis(free_port(), tmp_path)
    redis.start()
    try:
        pool = request.getfixturevalue("workers")
        with broker_pointed_at(redis.url, settings=settings, pool=pool):
            yield redis
    finally:
        redis.stop()
