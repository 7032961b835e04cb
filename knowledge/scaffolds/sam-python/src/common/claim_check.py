"""Events larger than their transport carries (the claim-check pattern).

An SNS message is at most 256 KB, an SQS message or a Kinesis record 1 MiB. A larger
event's producer writes the body to the event-bodies bucket and sends a pointer to it; the
consumer reads the object the pointer names. The bucket's lifecycle rule deletes the bodies
once no message can still name them.
https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

# template.yaml sets it on the functions that write or read the bodies.
BUCKET_ENV = "EVENT_BODIES_BUCKET_NAME"
# A pointer is a JSON object with this one field: {"claim_check": {"key": "..."}}.
POINTER_FIELD = "claim_check"

Reader = Callable[[str, str], bytes]
Writer = Callable[[str, str, bytes], None]


def _bucket() -> str:
    bucket = os.environ.get(BUCKET_ENV, "").strip()
    if not bucket:
        raise RuntimeError(
            f"environment variable {BUCKET_ENV} is not set: it names the bucket the event "
            "bodies are kept in (template.yaml sets it where the design has one)"
        )
    return bucket


def _read_from_s3(bucket: str, key: str) -> bytes:
    import boto3

    body: bytes = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    return body


def _write_to_s3(bucket: str, key: str, body: bytes) -> None:
    import boto3

    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=body)


def send_body(body: str, key: str, write: Writer = _write_to_s3) -> str:
    """Store an event's body under `key` (unique per event) and return the pointer message
    to publish in its place."""
    write(_bucket(), key, body.encode("utf-8"))
    return json.dumps({POINTER_FIELD: {"key": key}})


def event_body(message: str, read: Reader = _read_from_s3) -> str:
    """The event a message carries: the message itself, or the body its pointer names."""
    try:
        parsed = json.loads(message)
    except ValueError:
        return message
    if not isinstance(parsed, dict) or set(parsed) != {POINTER_FIELD}:
        return message
    return read(_bucket(), str(parsed[POINTER_FIELD]["key"])).decode("utf-8")
