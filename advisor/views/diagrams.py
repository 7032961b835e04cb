"""Architecture diagram downloads (SVG, PNG, DOT) for a saved revision or a share link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from advisor.htmx import HtmxHttpRequest
from advisor.models import AssessmentRevision
from advisor.render.diagram import diagram_bytes
from advisor.selectors import (
    RevisionNotEvaluableError,
    assessment_get,
    revision_evaluate,
    revision_get,
    share_link_get,
    share_link_revision,
)

CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "dot": "text/vnd.graphviz; charset=utf-8",
}


def _diagram_response(revision: AssessmentRevision, ext: str) -> HttpResponse:
    if ext not in CONTENT_TYPES:
        raise Http404(f"Diagrams come as {', '.join(CONTENT_TYPES)}.")
    try:
        workload, result = revision_evaluate(revision)
    except RevisionNotEvaluableError as exc:
        return HttpResponse(_problem_text(exc), status=409, content_type="text/plain")
    model = result.architecture
    response = HttpResponse(
        diagram_bytes(model, ext, title=workload.name), content_type=CONTENT_TYPES[ext]
    )
    filename = f"{slugify(workload.name) or 'workload'}-architecture.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _problem_text(problem: RevisionNotEvaluableError) -> str:
    reasons = [
        f"{field}: {message}"
        for field, messages in problem.field_errors.items()
        for message in messages
    ]
    return "\n".join([str(problem), *reasons]) + "\n"


@require_GET
@login_required
def assessment_diagram(request: HtmxHttpRequest, id: int, number: int, ext: str) -> HttpResponse:
    assessment = assessment_get(id=id, owner=request.user)
    return _diagram_response(revision_get(assessment=assessment, number=number), ext)


@require_GET
def shared_diagram(request: HtmxHttpRequest, token: str, ext: str) -> HttpResponse:
    link = share_link_get(token=token)
    return _diagram_response(share_link_revision(link=link), ext)
