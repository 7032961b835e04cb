"""How the artefact storage is put on S3: one function, read by settings.py (from the
environment) and by the tests (pointed at their own S3-compatible server)."""

from __future__ import annotations

from typing import Any


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    prefix: str = "",
    addressing_style: str = "",
    presign_s: int = 60,
    connect_timeout_s: int = 5,
    read_timeout_s: int = 30,
    max_attempts: int = 3,
) -> dict[str, Any]:
    """A STORAGES entry for django-storages' S3Storage on a private bucket."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": prefix.strip("/"),
            "endpoint_url": endpoint_url or None,  # for S3-compatible servers; AWS when None
            "region_name": region or None,
            # None: boto3's own chain (AWS_ACCESS_KEY_ID..., AWS_SHARED_CREDENTIALS_FILE, an
            # instance or task role).
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": None,  # private objects, under the bucket's own policy
            "querystring_auth": True,  # URLs are presigned: never the bucket's public address
            "querystring_expire": presign_s,
            # Names are the attempt's own (fenced): never overwritten.
            "file_overwrite": False,
            "max_memory_size": 8 * 1024 * 1024,  # a streamed download spills to disk past this
            # Given a config, django-storages leaves signing and addressing to it.
            "client_config": Config(
                signature_version="s3v4",
                # S3-compatible servers mostly want path-style addresses; AWS virtual-hosted.
                s3={
                    "addressing_style": addressing_style or ("path" if endpoint_url else "virtual")
                },
                connect_timeout=connect_timeout_s,
                read_timeout=read_timeout_s,
                retries={"max_attempts": max_attempts, "mode": "standard"},
            ),
        },
    }
