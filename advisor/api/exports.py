"""Exports in the API, as on the export pages: the kinds the registry offers, start one with
its options, follow its progress, retry a failed one, download the file.

The same calls as advisor/jobs/views.py: the owner, or the holder of a share link (its
token as `?token=`) for the one revision the link opens, may export; anyone else gets 404.
Starting and retrying count against the pages' own export rate limit.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status
from pydantic import ValidationError

from advisor.api.auth import EXPORT_AUTH, export_access, rate_limited
from advisor.api.questionnaire import BodyError, json_body
from advisor.api.schemas import (
    DetailOut,
    ErrorsOut,
    ExportIn,
    ExportJobOut,
    ExportKindOut,
    ValidationDetailOut,
)
from advisor.exports import exporters
from advisor.jobs.models import ExportJob
from advisor.jobs.selectors import export_job_get, export_job_list, export_revision_get
from advisor.jobs.services import (
    ArtefactMissingError,
    ExportNotReadyError,
    ExportOptionsError,
    StorageUnavailableError,
    export_download_open,
    export_job_request,
    export_job_retry,
)
from advisor.jobs.views import download_response

router = Router(tags=["Exports"], auth=EXPORT_AUTH)

CALLER_ERRORS: dict[int, Any] = {401: DetailOut, 404: DetailOut, 422: ValidationDetailOut}
# A session's writes need the CSRF token (403); starting and retrying are rate limited.
WRITE_ERRORS: dict[int, Any] = CALLER_ERRORS | {403: DetailOut, 429: ErrorsOut}
ACCESS = (
    "The owner (bearer token or session), or anyone with the revision's share link "
    "(`?token=`); anyone else gets 404."
)
JOB_LINKS = {
    name: {"operationId": name, "parameters": {"job_id": "$response.body#/id"}}
    for name in ("export_status", "export_retry", "export_download")
}


def export_body_schema() -> dict[str, Any]:
    """The body of POST .../exports from the registry: one shape per kind, with its own
    options and their choices, so the schema lists exactly what is accepted."""
    shapes = []
    for entry in exporters():
        options = {
            option.name: {
                "type": "string",
                "enum": list(option.values()),
                "default": option.default,
                "description": "; ".join(f"{c.value}: {c.label}" for c in option.choices()),
            }
            for option in entry.options
        }
        shapes.append(
            {
                "type": "object",
                "title": entry.label,
                "required": ["kind"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"type": "string", "enum": [entry.key]},
                    "options": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": options,
                    },
                },
            }
        )
    return {"required": True, "content": {"application/json": {"schema": {"oneOf": shapes}}}}


def _job_body(request: HttpRequest, job: ExportJob) -> dict[str, Any]:
    token = request.GET.get("token", "")
    query = f"?{urlencode({'token': token})}" if token else ""
    done = job.state == ExportJob.State.DONE
    download = reverse("api:export_download", kwargs={"job_id": job.pk}) + query
    return {
        "id": job.pk,
        "revision_id": job.revision_id,
        "kind": job.kind,
        "kind_label": job.kind_label,
        "options": job.options,
        "options_label": job.options_label,
        "state": job.state,
        "progress": job.progress,
        "step": job.step_label if job.state == ExportJob.State.RUNNING else "",
        "error": job.error,
        "note": job.note,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "status_url": reverse("api:export_status", kwargs={"job_id": job.pk}) + query,
        "download_url": download if done else None,
    }


@router.get(
    "/exports/kinds",
    auth=None,
    response={200: list[ExportKindOut]},
    url_name="export_kinds",
    operation_id="export_kinds",
    summary="The kinds of export, with their options",
    description="Each entry of the export registry: its key (the `kind` to ask for), the "
    "file it makes, and each option's choices (the first is the default).",
)
def export_kinds(request: HttpRequest) -> Any:
    return [
        {
            "key": entry.key,
            "label": entry.label,
            "extension": entry.extension,
            "content_type": entry.content_type,
            "options": [
                {
                    "name": option.name,
                    "label": option.label,
                    "help": option.help,
                    "default": option.default,
                    "choices": [{"value": c.value, "label": c.label} for c in option.choices()],
                }
                for option in entry.options
            ],
        }
        for entry in exporters()
    ]


@router.get(
    "/revisions/{revision_id}/exports",
    response={200: list[ExportJobOut], **CALLER_ERRORS},
    url_name="exports",
    operation_id="export_list",
    summary="A revision's exports and how far each has got",
    description=ACCESS,
)
def export_list(request: HttpRequest, revision_id: int) -> Any:
    revision = export_revision_get(id=revision_id, access=export_access(request))
    return [_job_body(request, job) for job in export_job_list(revision=revision)]


@router.post(
    "/revisions/{revision_id}/exports",
    response={202: ExportJobOut, 400: ErrorsOut, **WRITE_ERRORS},
    url_name="exports",
    operation_id="export_create",
    summary="Start an export of a revision",
    description="Any kind of GET /exports/kinds with its options. 202 with the job: a new "
    "one, or the one already made with these options (rebuilt if its file has gone). "
    "Follow `status_url` until `state` is done, then fetch `download_url`. 400 for an "
    "unknown kind, option or value; 429 (with Retry-After) past the export rate limit. " + ACCESS,
    openapi_extra={
        "requestBody": export_body_schema(),
        "responses": {202: {"links": JOB_LINKS}},
    },
)
def export_create(request: HttpRequest, response: HttpResponse, revision_id: int) -> Any:
    revision = export_revision_get(id=revision_id, access=export_access(request))
    refused = rate_limited(request, response, limit="export")
    if refused:
        return refused
    try:
        body = _export_asked(request)
        job = export_job_request(revision=revision, kind=body.kind, options=body.options)
    except ExportOptionsError as exc:
        return Status(400, {"errors": {"__all__": [str(exc)]}})
    return Status(202, _job_body(request, job))


def _export_asked(request: HttpRequest) -> ExportIn:
    """The body read here, not by django-ninja, so that the schema above (per kind) is the
    one the reference shows; whatever is not a kind with options is refused in words."""
    try:
        return ExportIn.model_validate(json_body(request, what="an export"))
    except (BodyError, ValidationError) as exc:
        raise ExportOptionsError(
            'The body must be {"kind": KIND, "options": {NAME: VALUE}} (GET /exports/kinds).'
        ) from exc


@router.get(
    "/exports/{job_id}",
    response={200: ExportJobOut, **CALLER_ERRORS},
    url_name="export_status",
    operation_id="export_status",
    summary="An export's progress",
    description=ACCESS,
)
def export_status(request: HttpRequest, job_id: int) -> Any:
    return _job_body(request, export_job_get(id=job_id, access=export_access(request)))


@router.post(
    "/exports/{job_id}/retry",
    response={200: ExportJobOut, **WRITE_ERRORS},
    url_name="export_retry",
    operation_id="export_retry",
    summary="Queue a failed export again",
    description="A job that has not failed is answered as it is. " + ACCESS,
)
def export_retry(request: HttpRequest, response: HttpResponse, job_id: int) -> Any:
    job = export_job_get(id=job_id, access=export_access(request))
    refused = rate_limited(request, response, limit="export")
    if refused:
        return refused
    return _job_body(request, export_job_retry(job=job))


def _file_responses() -> dict[int, Any]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        200: {
            "description": "The file (when it is streamed), as an attachment",
            "content": {entry.content_type: binary for entry in exporters()},
        },
        302: {
            "description": "A presigned address of the file on S3, valid a minute",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
    }


@router.get(
    "/exports/{job_id}/download",
    response={409: ErrorsOut, 503: ErrorsOut, **CALLER_ERRORS},
    url_name="export_download",
    operation_id="export_download",
    summary="Download a finished export",
    description="The file, streamed, or a redirect to a presigned address of a minute on S3. "
    "409 while it is not ready, or when its file had gone (it is being built again: follow "
    "its status); 503 when the storage cannot be reached. " + ACCESS,
    openapi_extra={"responses": _file_responses()},
)
def export_download(request: HttpRequest, job_id: int) -> Any:
    job = export_job_get(id=job_id, access=export_access(request))
    try:
        download = export_download_open(job=job)
    except ExportNotReadyError:
        return _conflict("This export is not ready yet: follow its status until it is done.")
    except ArtefactMissingError:
        return _conflict("Its file had gone; it is being built again: follow its status.")
    except StorageUnavailableError:
        message = "The storage holding exports cannot be reached; try again later."
        return Status(503, {"errors": {"__all__": [message]}})
    return download_response(download)


def _conflict(message: str) -> Status[dict[str, Any]]:
    return Status(409, {"errors": {"__all__": [message]}})
