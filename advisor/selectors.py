"""Reads: saved assessments, revisions, share links and tokens from the database (each
lookup by owner), the presets, and the engine's answer to a workload. How a page shows
that answer is shaped in advisor/render (result.py, comparison.py)."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from advisor.engine import evaluate
from advisor.engine.results import Assessment as EngineAssessment
from advisor.engine.workload import Workload
from advisor.errors import UserMessageError
from advisor.models import ApiToken, Assessment, AssessmentRevision, ShareLink
from advisor.pictures import shared_evaluate
from advisor.questionnaire import (
    InvalidAnswersError,
    workload_from_file,
    workload_from_stored_answers,
)

logger = logging.getLogger(__name__)

PRESETS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "presets"


@dataclass(frozen=True)
class Preset:
    """A preset workload (a file of knowledge/presets/) and the engine's answer to it."""

    slug: str
    workload: Workload
    result: EngineAssessment

    @property
    def name(self) -> str:
        return self.workload.name


@functools.cache
def presets() -> tuple[Preset, ...]:
    """Every preset, evaluated once: the knowledge does not change while we run."""
    paths = sorted(PRESETS_DIR.glob("*.yaml"))
    workloads = {path.stem: workload_from_file(path) for path in paths}
    return tuple(Preset(slug, workload, evaluate(workload)) for slug, workload in workloads.items())


def preset_answers(slug: str) -> dict[str, Any] | None:
    """A preset's answers by file name; None for a name that is not a preset."""
    if slug not in {p.slug for p in presets()}:
        return None
    return yaml.safe_load((PRESETS_DIR / f"{slug}.yaml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=512)
def assessment_evaluate(workload: Workload) -> EngineAssessment:
    """The engine's answer; cached because typing often returns to an earlier value."""
    return evaluate(workload)


def live_evaluate(workload: Workload) -> EngineAssessment:
    """The live panel's answer: the verdict, reasons, totals and design it shows, without
    the break-even, cost advice or nearby edges it does not (half the engine's work)."""
    return evaluate(workload, brief=True)


# --- saved assessments -------------------------------------------------------------------


def assessment_list(*, owner: AbstractBaseUser, search: str = "") -> QuerySet[Assessment]:
    """Most recently changed first. Said here: Django leaves Meta.ordering out of a query
    with GROUP BY, which the revision count makes."""
    assessments = (
        Assessment.objects.filter(owner=owner)
        .annotate(revision_count=Count("revisions"))
        .order_by("-updated_at", "-id")
    )
    return assessments.filter(name__icontains=search.strip()) if search.strip() else assessments


@dataclass(frozen=True)
class AssessmentRow:
    """One line of "My assessments": the assessment and its latest revision's answer."""

    assessment: Assessment
    result: EngineAssessment | None  # None when the saved answers no longer evaluate

    @property
    def serverless_monthly_usd(self) -> float | None:
        return self.result.costs.serverless.monthly_usd if self.result else None


def assessment_rows(assessments: QuerySet[Assessment]) -> list[AssessmentRow]:
    """Each assessment with the verdict of its latest revision (one query for them all;
    the engine's answers are cached by workload)."""
    listed = list(assessments)
    latest: dict[int, AssessmentRevision] = {}
    revisions = AssessmentRevision.objects.filter(assessment__in=listed).order_by("-number")
    for revision in revisions:
        latest.setdefault(revision.assessment_id, revision)
    return [AssessmentRow(a, _result_or_none(latest.get(a.pk))) for a in listed]


def _result_or_none(revision: AssessmentRevision | None) -> EngineAssessment | None:
    if revision is None:
        return None
    try:
        return revision_evaluate(revision)[1]
    except RevisionNotEvaluableError:
        return None


def assessment_get(*, id: int, owner: AbstractBaseUser) -> Assessment:
    """The owner's assessment; anyone else gets 404, as if it did not exist."""
    return get_object_or_404(Assessment, pk=id, owner=owner)


def revision_get(*, assessment: Assessment, number: int | None = None) -> AssessmentRevision:
    """A revision by number, or the latest one."""
    revisions = assessment.revisions.all()
    if number is None:
        return get_object_or_404(revisions.order_by("-number")[:1])
    return get_object_or_404(revisions, number=number)


def revision_get_by_id(*, id: int, owner: AbstractBaseUser) -> AssessmentRevision:
    return get_object_or_404(
        AssessmentRevision.objects.select_related("assessment"),
        pk=id,
        assessment__owner=owner,
    )


def revision_workload(revision: AssessmentRevision) -> Workload:
    """Stored answers re-validated through the one form, so they always read as today's."""
    return workload_from_stored_answers(revision.answers)


class RevisionNotEvaluableError(UserMessageError):
    """Saved answers that today's questionnaire or engine cannot evaluate (saved before a
    rule existed); `field_errors` says why, field by field, for the page to show."""

    def __init__(self, revision: AssessmentRevision, field_errors: dict[str, list[str]]) -> None:
        self.revision = revision
        self.field_errors = field_errors
        super().__init__(
            f"Revision {revision.number} of “{revision.name}” can no longer be "
            "evaluated; edit it and save a new revision."
        )


def revision_evaluate(revision: AssessmentRevision) -> tuple[Workload, EngineAssessment]:
    """The revision's workload and the engine's answer, or RevisionNotEvaluableError."""
    try:
        workload = revision_workload(revision)
    except InvalidAnswersError as exc:
        raise RevisionNotEvaluableError(revision, exc.field_errors) from exc
    try:
        return workload, shared_evaluate(workload)
    except ArithmeticError as exc:  # an engine bug these answers reach: logged, explained
        logger.exception("revision %s: the engine could not evaluate it", revision.pk)
        problem = ["The cost model could not compute these answers."]
        raise RevisionNotEvaluableError(revision, {"__all__": problem}) from exc


# Tokens are secrets.token_urlsafe(32) (advisor/services.py): anything else is no token, and
# is never sent to the database (PostgreSQL refuses a NUL in a query: a 500, not a 404).
SHARE_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def share_link_active(*, token: str) -> ShareLink | None:
    """The active share link of `token`; None for revoked, unknown or malformed tokens."""
    if not SHARE_TOKEN_PATTERN.match(token):
        return None
    return (
        ShareLink.objects.select_related("assessment")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def share_link_get(*, token: str) -> ShareLink:
    """An active share link; revoked or unknown tokens get 404."""
    link = share_link_active(token=token)
    if link is None:
        raise Http404("No such share link")
    return link


def share_link_was_revoked(*, token: str) -> bool:
    """Whether a token once opened a result and its owner has since revoked it."""
    return ShareLink.objects.filter(token=token, revoked_at__isnull=False).exists()


def share_link_revision(*, link: ShareLink) -> AssessmentRevision:
    """The one revision a link opens: the one it was made for, or the latest."""
    if link.revision_id is not None:
        return AssessmentRevision.objects.select_related("assessment").get(pk=link.revision_id)
    return revision_get(assessment=link.assessment)


def share_link_list(*, assessment: Assessment) -> QuerySet[ShareLink]:
    return assessment.share_links.select_related("revision")


def share_link_get_for_owner(*, id: int, assessment: Assessment) -> ShareLink:
    return get_object_or_404(ShareLink, pk=id, assessment=assessment)


def api_token_list(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_user(*, key_sha256: str) -> AbstractBaseUser | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_sha256=key_sha256, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
