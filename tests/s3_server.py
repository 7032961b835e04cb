"""An S3-compatible server on 127.0.0.1 for the storage tests: moto's server mode, a real
HTTP server speaking S3 (signed requests, presigned URLs), in a process of its own."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import free_port

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
BUCKET = "advisor-artefacts"
REGION = "us-east-1"
# moto accepts any key pair; real servers would be given theirs the same way.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key-id", "AWS_SECRET_ACCESS_KEY": "test-secret"}
START_TIMEOUT_S = 30


@dataclass
class MotoServer:
    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MotoServer:
        self.port = self.port or free_port()
        self.process = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=(self.folder / "moto.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._answers():
            assert self.process.poll() is None, (self.folder / "moto.log").read_text()
            assert time.monotonic() < deadline, "moto_server did not start"
            time.sleep(0.1)
        self.client().create_bucket(Bucket=BUCKET)
        return self

    def reset(self) -> MotoServer:
        """As if started afresh (moto's reset API: every bucket and object gone), or started
        again if a test stopped it; a start takes seconds, a reset a few milliseconds."""
        if self.process is None or self.process.poll() is not None:
            self.port = 0  # a port of its own again, as a new server would get
            return self.start()
        httpx.post(f"{self.url}/moto-api/reset", timeout=10).raise_for_status()
        self.client().create_bucket(Bucket=BUCKET)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def keys(self) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def env(self) -> dict[str, str]:
        """What a web or worker process is started with to use this server."""
        return {
            "USE_S3": "true",
            "ADVISOR_S3_BUCKET": BUCKET,
            "ADVISOR_S3_ENDPOINT_URL": self.url,
            "ADVISOR_S3_REGION": REGION,
            **CREDENTIALS,
        }

    def storages(self, base: dict[str, Any]) -> dict[str, Any]:
        """settings.STORAGES with the default on this server, as USE_S3 puts it."""
        from advisor.s3 import s3_storage

        default = s3_storage(
            bucket=BUCKET,
            endpoint_url=self.url,
            region=REGION,
            access_key=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            secret_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            connect_timeout_s=2,
            read_timeout_s=5,
            max_attempts=1,
        )
        return {**base, "default": default}

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False
