"""Where the business logic keeps its records: DynamoDB in AWS, a dict in tests.

Services take a store as an argument, so their unit tests need no cloud and no mocks.
"""

from __future__ import annotations

import json
import os
from typing import Any, Protocol

# Tests (and local runs) set APP_STORE=memory; in AWS the table or bucket name decides.
_MEMORY = "memory"


class Store(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, record: dict[str, Any]) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryStore:
    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        return self.records.get(key)

    def put(self, key: str, record: dict[str, Any]) -> None:
        self.records[key] = dict(record)

    def delete(self, key: str) -> None:
        self.records.pop(key, None)


class DynamoDbStore:
    """Items keyed by a partition key (and a fixed sort key when the table has one)."""

    def __init__(self, table_name: str, key_name: str = "pk", sort_key: str | None = "sk") -> None:
        import boto3

        self._table = boto3.resource("dynamodb").Table(table_name)
        self._key_name = key_name
        self._sort_key = sort_key

    def _key(self, key: str) -> dict[str, str]:
        keys = {self._key_name: key}
        if self._sort_key:
            keys[self._sort_key] = "record"
        return keys

    def get(self, key: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key=self._key(key)).get("Item")
        return json.loads(item["body"]) if item else None

    def put(self, key: str, record: dict[str, Any]) -> None:
        self._table.put_item(Item={**self._key(key), "body": json.dumps(record)})

    def delete(self, key: str) -> None:
        self._table.delete_item(Key=self._key(key))


class S3Store:
    """JSON documents as objects under a prefix of the data bucket."""

    def __init__(self, bucket: str, prefix: str = "records/") -> None:
        import boto3

        self._s3 = boto3.client("s3")
        self._bucket = bucket
        self._prefix = prefix

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            body = self._s3.get_object(Bucket=self._bucket, Key=self._prefix + key)["Body"]
        except self._s3.exceptions.NoSuchKey:
            return None
        return json.loads(body.read())

    def put(self, key: str, record: dict[str, Any]) -> None:
        body = json.dumps(record).encode()
        self._s3.put_object(Bucket=self._bucket, Key=self._prefix + key, Body=body)

    def delete(self, key: str) -> None:
        self._s3.delete_object(Bucket=self._bucket, Key=self._prefix + key)


_memory_stores: dict[str, MemoryStore] = {}


def default_store(kind: str = "records") -> Store:
    """The store for this function's environment (one memory store per kind in tests)."""
    if os.environ.get("APP_STORE") == _MEMORY:
        return _memory_stores.setdefault(kind, MemoryStore())
    if kind == "connections" and "CONNECTIONS_TABLE_NAME" in os.environ:
        return DynamoDbStore(os.environ["CONNECTIONS_TABLE_NAME"], "connectionId", None)
    if "TABLE_NAME" in os.environ:
        return DynamoDbStore(os.environ["TABLE_NAME"])
    if "DATA_BUCKET_NAME" in os.environ:
        return S3Store(os.environ["DATA_BUCKET_NAME"])
    # Relational data: connect through RDS Proxy (DB_PROXY_ENDPOINT) with the credentials
    # in DB_SECRET_ARN, and implement Store on top of your SQL schema.
    return _memory_stores.setdefault(kind, MemoryStore())
