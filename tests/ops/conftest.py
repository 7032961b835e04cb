"""Operator tests reuse the job fixtures: real workers, an owner with a saved revision."""

from __future__ import annotations

from tests.jobs.conftest import (  # noqa: F401  (fixtures, found by name)
    media_root,
    owner,
    owner_client,
    revision,
    workers,
)
