"""Offline test settings: no AWS account, no network, no X-Ray daemon."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from common import stores
from tests.memory_store import MemoryStore

# Set before any handler module is imported (they build their clients at import time).
os.environ.update(
    {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_IDEMPOTENCY_DISABLED": "1",
        "IDEMPOTENCY_TABLE_NAME": "idempotency-offline",
        "POWERTOOLS_METRICS_NAMESPACE": "tests",
        "POWERTOOLS_SERVICE_NAME": "tests",
    }
)

EVENTS_DIR = Path(__file__).resolve().parents[1] / "events"


@pytest.fixture(autouse=True)
def memory_stores(monkeypatch) -> dict[str, MemoryStore]:
    """Every store the code asks for is an empty in-memory one, in tests only: deployed
    code has no in-memory store and fails when a store's setting is missing."""
    made = {kind: MemoryStore() for kind in stores.STORE_KINDS}
    monkeypatch.setattr(stores, "_stores", dict(made))
    return made


@dataclass
class FakeLambdaContext:
    function_name: str = "test-function"
    memory_limit_in_mb: int = 128
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 30_000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


@pytest.fixture
def sample_event():
    def load(name: str) -> dict:
        return json.loads((EVENTS_DIR / f"{name}.json").read_text(encoding="utf-8"))

    return load
