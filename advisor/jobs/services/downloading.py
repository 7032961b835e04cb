"""Handing over a finished export's file: a short-lived presigned URL on S3, or the file
itself to stream. Callers check who may download first (advisor/jobs/selectors.py); this
never answers for a job it was not given."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.utils.http import content_disposition_header

from advisor.exports import exporter_get
from advisor.jobs.models import ExportJob
from advisor.jobs.services.reasons import (
    STORAGE_ERRORS,
    ArtefactMissingError,
    ExportNotReadyError,
    StorageUnavailableError,
)
from advisor.jobs.services.requesting import export_job_rebuild_if_missing


@dataclass(frozen=True)
class ExportDownload:
    """One of `url` (presigned, valid ADVISOR_S3_PRESIGN_S seconds) or `file` (open, to
    stream and close)."""

    filename: str
    content_type: str
    url: str = ""
    file: IO[bytes] | None = None


def export_download_open(*, job: ExportJob) -> ExportDownload:
    """The finished file of `job`. Raises ExportNotReadyError (nothing to download yet),
    ArtefactMissingError (its file had gone: it is being built again) or
    StorageUnavailableError (the storage cannot be reached; the job is kept)."""
    if job.state != ExportJob.State.DONE or not job.artefact.name:
        raise ExportNotReadyError(f"export job {job.pk} is not finished")
    entry = exporter_get(job.kind)
    name = job.artefact.name
    filename = PurePosixPath(name).name
    content_type = entry.content_type if entry else "application/octet-stream"
    storage = job.artefact.storage
    try:
        if _presigns(storage):
            if not storage.exists(name):
                raise FileNotFoundError(name)
            url = storage.url(name, parameters=_response_headers(filename, content_type))
            return ExportDownload(filename, content_type, url=url)
        return ExportDownload(filename, content_type, file=job.artefact.open("rb"))
    except FileNotFoundError as exc:
        export_job_rebuild_if_missing(job=job)
        raise ArtefactMissingError(f"export job {job.pk}: {name} is missing") from exc
    except STORAGE_ERRORS as exc:
        raise StorageUnavailableError(f"artefact storage: {type(exc).__name__}") from exc


def _presigns(storage: Any) -> bool:
    """S3 (django-storages' signed query strings) unless downloads are to be streamed."""
    return settings.ADVISOR_S3_DOWNLOADS == "presigned" and bool(
        getattr(storage, "querystring_auth", False)
    )


def _response_headers(filename: str, content_type: str) -> dict[str, str]:
    # Signed into the URL: the bucket answers with the export's own name and type.
    return {
        "ResponseContentDisposition": content_disposition_header(True, filename) or "",
        "ResponseContentType": content_type,
    }
