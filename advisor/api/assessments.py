"""Saved assessments in the API, as on the "My assessments" pages: list, save, read, revise,
delete, compare, and share links. Every lookup is by owner (advisor/selectors.py), so
another user's ids answer 404 as if they did not exist; writes go through advisor/services.py,
the same calls the pages make."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from advisor.api.auth import USER_AUTH
from advisor.api.questionnaire import BodyError, answers_from_body, questionnaire_body
from advisor.api.schemas import (
    AssessmentPageOut,
    ComparisonOut,
    DetailOut,
    ErrorsOut,
    RevisionOut,
    ShareLinkIn,
    ShareLinkOut,
    ValidationDetailOut,
)
from advisor.engine.serialize import assessment_as_dict
from advisor.models import Assessment, AssessmentRevision, ShareLink
from advisor.questionnaire import InvalidAnswersError
from advisor.render.comparison import compared_answers
from advisor.render.result import verdict_figures
from advisor.selectors import (
    RevisionNotEvaluableError,
    assessment_get,
    assessment_list,
    revision_evaluate,
    revision_get,
    revision_get_by_id,
    share_link_get_for_owner,
    share_link_list,
)
from advisor.services import (
    assessment_create,
    assessment_delete,
    assessment_revise,
    share_link_create,
    share_link_revoke,
)

router = Router(tags=["Saved assessments"], auth=USER_AUTH)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_COMPARED = 6  # more columns than a page or a person can read side by side
NO_NUL = r"^[^\x00]*$"  # the database refuses NUL characters: refused here, with a 422

# Every operation needs a caller (401); a session's writes need the CSRF token (403).
CALLER_ERRORS: dict[int, Any] = {401: DetailOut, 422: ValidationDetailOut}
WRITE_ERRORS: dict[int, Any] = CALLER_ERRORS | {403: DetailOut}
REVISION_IDS = Query([], description="Revision ids")
ASSESSMENT_IDS = Query([], description="Assessment ids: their latest revisions")
NOT_FOUND: dict[int, Any] = {404: DetailOut}
UNEVALUABLE = (
    "409 with field errors when its saved answers can no longer be evaluated (saved before a "
    "rule of the questionnaire existed): save a new revision."
)


def _page_links(operation: str, parameter: str, pointer: str) -> dict[str, Any]:
    """An OpenAPI link: what a response's field can be passed on to (schemathesis follows)."""
    return {operation: {"operationId": operation, "parameters": {parameter: pointer}}}


ASSESSMENT_LINKS = {
    **_page_links("assessment_read", "id", "$response.body#/id"),
    **_page_links("assessment_revise", "id", "$response.body#/id"),
    **_page_links("assessment_delete", "id", "$response.body#/id"),
    **_page_links("revision_list", "id", "$response.body#/id"),
    **_page_links("share_link_create", "id", "$response.body#/id"),
    **_page_links("export_list", "revision_id", "$response.body#/revision_id"),
    **_page_links("export_create", "revision_id", "$response.body#/revision_id"),
}


def _saved_body(assessment: Assessment, revision: AssessmentRevision) -> dict[str, Any]:
    """A revision as the API reads it: ids, then the same object as `advise --format json`.
    Raises RevisionNotEvaluableError."""
    workload, result = revision_evaluate(revision)
    return {
        "id": assessment.pk,
        "name": assessment.name,
        "revision": revision.number,
        "revision_id": revision.pk,
        "created_at": assessment.created_at.isoformat(),
        "updated_at": assessment.updated_at.isoformat(),
        **assessment_as_dict(workload, result),
    }


def _saved(assessment: Assessment, revision: AssessmentRevision, status: int = 200) -> Status:
    try:
        return Status(status, _saved_body(assessment, revision))
    except RevisionNotEvaluableError as exc:
        return Status(409, {"errors": exc.field_errors})


def _row(assessment: Assessment) -> dict[str, Any]:
    revision = revision_get(assessment=assessment)
    row: dict[str, Any] = {
        "id": assessment.pk,
        "name": assessment.name,
        "revision": revision.number,
        "revision_id": revision.pk,
        "revisions": assessment.revision_count,
        "created_at": assessment.created_at,
        "updated_at": assessment.updated_at,
        "verdict": None,
        "serverless_monthly_usd": None,
        "cheapest_alternative_monthly_usd": None,
        "problem": None,
    }
    try:
        _workload, result = revision_evaluate(revision)
    except RevisionNotEvaluableError as exc:
        return row | {"problem": str(exc)}
    figures = verdict_figures(result)
    verdict = {
        "fit": figures.fit,
        "label": figures.fit_label,
        "score": figures.score,
        "summary": figures.summary,
    }
    return row | {
        "verdict": verdict,
        "serverless_monthly_usd": round(figures.serverless_monthly_usd, 2),
        "cheapest_alternative_monthly_usd": round(figures.cheapest_alternative_usd, 2),
    }


@router.get(
    "/assessments",
    response={200: AssessmentPageOut, **CALLER_ERRORS},
    url_name="assessments",
    operation_id="assessment_list",
    summary="List my assessments",
    description="Most recently changed first, with each one's latest verdict, score and "
    "monthly costs; `q` keeps those whose name contains it. Pages of `page_size` (at most "
    f"{MAX_PAGE_SIZE}); a page past the last has no items.",
)
def assessment_list_read(
    request: HttpRequest,
    q: str = Query("", max_length=120, pattern=NO_NUL, description="Part of the name"),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Any:
    assessments = assessment_list(owner=request.user, search=q)
    count = assessments.count()
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": max(1, math.ceil(count / page_size)),
        "items": [_row(assessment) for assessment in assessments[start : start + page_size]],
    }


@router.post(
    "/assessments",
    response={201: dict[str, Any], 400: ErrorsOut, 409: ErrorsOut, **WRITE_ERRORS},
    url_name="assessments",
    operation_id="assessment_create",
    summary="Save a new assessment",
    description="The questionnaire, as for POST /assess; 201 with the saved assessment (as "
    "GET /assessments/{id} reads it), 400 with field errors on bad input (nothing saved).",
    openapi_extra={
        "requestBody": questionnaire_body(),
        "responses": {201: {"links": ASSESSMENT_LINKS}},
    },
)
def assessment_create_api(request: HttpRequest) -> Any:
    try:
        assessment = assessment_create(owner=request.user, answers=answers_from_body(request))
    except (BodyError, InvalidAnswersError) as exc:
        return Status(400, {"errors": exc.field_errors})
    return _saved(assessment, revision_get(assessment=assessment), status=201)


@router.get(
    "/assessments/{id}",
    response={200: dict[str, Any], 409: ErrorsOut, **NOT_FOUND, **CALLER_ERRORS},
    url_name="assessment",
    operation_id="assessment_read",
    summary="Read a saved assessment (its latest revision)",
    description=UNEVALUABLE,
    openapi_extra={"responses": {200: {"links": ASSESSMENT_LINKS}}},
)
def assessment_read(request: HttpRequest, id: int) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    return _saved(assessment, revision_get(assessment=assessment))


@router.delete(
    "/assessments/{id}",
    response={204: None, **NOT_FOUND, **WRITE_ERRORS},
    url_name="assessment",
    operation_id="assessment_delete",
    summary="Delete an assessment with all its revisions, share links and exports",
)
def assessment_delete_api(request: HttpRequest, id: int) -> Any:
    assessment_delete(assessment=assessment_get(id=id, owner=request.user))
    return Status(204, None)


@router.get(
    "/assessments/{id}/revisions",
    response={200: list[RevisionOut], **NOT_FOUND, **CALLER_ERRORS},
    url_name="revisions",
    operation_id="revision_list",
    summary="List an assessment's revisions, newest first",
)
def revision_list(request: HttpRequest, id: int) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    return list(assessment.revisions.order_by("-number"))


@router.post(
    "/assessments/{id}/revisions",
    response={201: dict[str, Any], 400: ErrorsOut, 409: ErrorsOut, **NOT_FOUND, **WRITE_ERRORS},
    url_name="revisions",
    operation_id="assessment_revise",
    summary="Revise an assessment: save the answers as its next revision",
    description="As editing it on the site does: earlier revisions stay readable. 201 with "
    "the new revision, 400 with field errors on bad input (nothing saved).",
    openapi_extra={
        "requestBody": questionnaire_body(),
        "responses": {201: {"links": ASSESSMENT_LINKS}},
    },
)
def assessment_revise_api(request: HttpRequest, id: int) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    try:
        revision = assessment_revise(assessment=assessment, answers=answers_from_body(request))
    except (BodyError, InvalidAnswersError) as exc:
        return Status(400, {"errors": exc.field_errors})
    assessment.refresh_from_db()
    return _saved(assessment, revision, status=201)


@router.get(
    "/assessments/{id}/revisions/{number}",
    response={200: dict[str, Any], 409: ErrorsOut, **NOT_FOUND, **CALLER_ERRORS},
    url_name="revision",
    operation_id="revision_read",
    summary="Read one revision of a saved assessment",
    description=UNEVALUABLE,
)
def revision_read(request: HttpRequest, id: int, number: int) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    return _saved(assessment, revision_get(assessment=assessment, number=number))


@router.get(
    "/compare",
    response={200: ComparisonOut, 400: ErrorsOut, 409: ErrorsOut, **NOT_FOUND, **CALLER_ERRORS},
    url_name="compare",
    operation_id="compare",
    summary="Compare saved assessments or revisions side by side",
    description="What the compare page shows, for two to six of my revisions: each one's "
    "verdict (score, reasons, recommendations), costs (every option with its line items and "
    "the break-even), architecture, and every answer side by side with `differs` set where "
    "they differ. Name revisions by id (`revision`, repeated) and assessments by id "
    "(`assessment`: its latest revision); revisions first, in the order given.",
)
def compare(
    request: HttpRequest,
    revision: list[int] = REVISION_IDS,
    assessment: list[int] = ASSESSMENT_IDS,
) -> Any:
    count = len(revision) + len(assessment)
    if not 2 <= count <= MAX_COMPARED:
        message = (
            f"Choose two to {MAX_COMPARED} revisions or assessments to compare ({count} given)."
        )
        return Status(400, {"errors": {"__all__": [message]}})
    revisions = [revision_get_by_id(id=pk, owner=request.user) for pk in revision] + [
        revision_get(assessment=assessment_get(id=pk, owner=request.user)) for pk in assessment
    ]
    try:
        evaluated = [revision_evaluate(each) for each in revisions]
    except RevisionNotEvaluableError as exc:
        return Status(409, {"errors": exc.field_errors})
    sides = []
    for each, (workload, result) in zip(revisions, evaluated, strict=True):
        engine = assessment_as_dict(workload, result)
        sides.append(
            {
                "assessment_id": each.assessment_id,
                "revision_id": each.pk,
                "revision": each.number,
                "name": workload.name,
                **{key: engine[key] for key in ("verdict", "costs", "architecture")},
            }
        )
    rows = compared_answers([workload for workload, _ in evaluated])
    inputs = [
        {"name": r.name, "label": r.label, "unit": r.unit, "values": r.values, "differs": r.differs}
        for r in rows
    ]
    return {"revisions": sides, "inputs": inputs}


def _share_link_body(request: HttpRequest, link: ShareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "url": request.build_absolute_uri(reverse("shared_result", args=[link.token])),
        "token": link.token,
        "revision": link.revision.number if link.revision_id else None,
        "created_at": link.created_at,
        "revoked_at": link.revoked_at,
    }


@router.get(
    "/assessments/{id}/share-links",
    response={200: list[ShareLinkOut], **NOT_FOUND, **CALLER_ERRORS},
    url_name="share_links",
    operation_id="share_link_list",
    summary="List an assessment's share links, revoked ones included",
)
def share_link_list_read(request: HttpRequest, id: int) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    return [_share_link_body(request, link) for link in share_link_list(assessment=assessment)]


@router.post(
    "/assessments/{id}/share-links",
    response={201: ShareLinkOut, 400: ErrorsOut, **NOT_FOUND, **WRITE_ERRORS},
    url_name="share_links",
    operation_id="share_link_create",
    summary="Make a read-only share link",
    description="To the latest revision, or with `revision` (a number) to that revision only. "
    "Anyone holding the link reads the result and its exports, without an account.",
    openapi_extra={
        "responses": {
            201: {"links": _page_links("share_link_revoke", "link_id", "$response.body#/id")}
        }
    },
)
def share_link_create_api(request: HttpRequest, id: int, body: ShareLinkIn | None = None) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    number = body.revision if body else None
    revision = revision_get(assessment=assessment, number=number) if number else None
    link = share_link_create(assessment=assessment, revision=revision)
    return Status(201, _share_link_body(request, link))


@router.delete(
    "/assessments/{id}/share-links/{link_id}",
    response={200: ShareLinkOut, **NOT_FOUND, **WRITE_ERRORS},
    url_name="share_link",
    operation_id="share_link_revoke",
    summary="Revoke a share link",
    description="It no longer opens the result or its exports; revoking it again changes "
    "nothing. 200 with the link and when it was revoked.",
)
def share_link_revoke_api(request: HttpRequest, id: int, link_id: int) -> Any:
    assessment = assessment_get(id=id, owner=request.user)
    link = share_link_revoke(share_link=share_link_get_for_owner(id=link_id, assessment=assessment))
    return _share_link_body(request, link)
