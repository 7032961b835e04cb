"""Export views: thin. Access is checked here, never in the templates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseStopPolling

from advisor.exports import exporter_get, exporters
from advisor.htmx import HtmxHttpRequest
from advisor.jobs.selectors import (
    ExportAccess,
    export_job_get,
    export_job_list,
    export_revision_get,
)
from advisor.jobs.services import (
    ArtefactMissingError,
    ExportDownload,
    ExportNotReadyError,
    ExportOptionsError,
    StorageUnavailableError,
    export_download_open,
    export_job_request,
    export_job_retry,
)
from advisor.models import AssessmentRevision


def _access(request: HtmxHttpRequest) -> ExportAccess:
    token = request.POST.get("token") or request.GET.get("token") or ""
    return ExportAccess(user=request.user, token=token)


def _query(access: ExportAccess) -> str:
    return f"?{urlencode({'token': access.token})}" if access.token else ""


def _panel_context(revision: AssessmentRevision, access: ExportAccess) -> dict[str, Any]:
    return {
        "revision": revision,
        "jobs": export_job_list(revision=revision),
        "exporters": exporters(),
        "token": access.token,
        "query": _query(access),
    }


@require_GET
@vary_on_headers("HX-Request")
def export_panel(request: HtmxHttpRequest, revision_id: int) -> HttpResponse:
    access = _access(request)
    revision = export_revision_get(id=revision_id, access=access)
    template = "jobs/_export_list.html" if request.htmx else "jobs/exports.html"
    return render(request, template, _panel_context(revision, access))


@require_POST
def export_create(request: HtmxHttpRequest, revision_id: int) -> HttpResponse:
    access = _access(request)
    revision = export_revision_get(id=revision_id, access=access)
    kind = request.POST.get("kind", "")
    entry = exporter_get(kind)
    names = [option.name for option in entry.options] if entry else []
    options = {name: request.POST[name] for name in names if request.POST.get(name)}
    try:
        export_job_request(revision=revision, kind=kind, options=options)
    except ExportOptionsError as exc:
        return HttpResponseBadRequest(str(exc))
    if request.htmx:
        return render(request, "jobs/_export_list.html", _panel_context(revision, access))
    return redirect(reverse("jobs:export_panel", args=[revision.pk]) + _query(access))


@require_GET
def export_status(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    access = _access(request)
    job = export_job_get(id=job_id, access=access)
    context = {"job": job, "token": access.token, "query": _query(access)}
    if request.htmx and job.is_finished:
        # Status 286 tells htmx to stop polling; the final state still replaces the row.
        return HttpResponseStopPolling(render_to_string("jobs/_job_status.html", context, request))
    if request.htmx:
        return render(request, "jobs/_job_status.html", context)
    return redirect(reverse("jobs:export_panel", args=[job.revision_id]) + _query(access))


@require_POST
def export_retry(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    access = _access(request)
    job = export_job_retry(job=export_job_get(id=job_id, access=access))
    context = {"job": job, "token": access.token, "query": _query(access)}
    if request.htmx:
        return render(request, "jobs/_job_status.html", context)
    return redirect(reverse("jobs:export_panel", args=[job.revision_id]) + _query(access))


@require_GET
def export_download(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    """The file, after the access check: a presigned URL of a minute on S3, else streamed.
    One that has gone missing is built again and the visitor sees its progress."""
    access = _access(request)
    job = export_job_get(id=job_id, access=access)
    try:
        download = export_download_open(job=job)
    except ExportNotReadyError:
        raise Http404("This export is not ready") from None
    except ArtefactMissingError:
        return redirect(reverse("jobs:export_panel", args=[job.revision_id]) + _query(access))
    except StorageUnavailableError:  # a network share, a bucket: say so, and keep the job
        return render(request, "jobs/storage_unavailable.html", status=503)
    return download_response(download)


def download_response(download: ExportDownload) -> HttpResponse:
    """A redirect to the presigned address, or the file streamed as an attachment (the
    JSON API answers the same way)."""
    if download.url:
        response: HttpResponse = HttpResponseRedirect(download.url)
    else:
        response = FileResponse(
            download.file,
            as_attachment=True,
            filename=download.filename,
            content_type=download.content_type,
        )
    # The address carries a signature and the file is private: kept by no cache.
    response["Cache-Control"] = "private, no-store"
    return response
