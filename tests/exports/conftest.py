"""Export registry tests reuse the job fixtures (an owner with a saved revision, media)."""

from __future__ import annotations

from tests.jobs.conftest import media_root, owner, owner_client, revision  # noqa: F401
