"""An in-memory store with the real stores' behaviour, for tests only."""

from __future__ import annotations

import copy
from typing import Any


class MemoryStore:
    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        # A copy, as a real store returns a fresh record from its serialised form.
        record = self.records.get(key)
        return copy.deepcopy(record) if record is not None else None

    def put(self, key: str, record: dict[str, Any]) -> None:
        self.records[key] = copy.deepcopy(record)

    def put_new(self, key: str, record: dict[str, Any]) -> bool:
        if key in self.records:
            return False
        self.put(key, record)
        return True

    def delete(self, key: str) -> None:
        self.records.pop(key, None)
