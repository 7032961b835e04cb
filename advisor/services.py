"""Writes: every change to saved assessments, share links and API tokens.

Saving never overwrites: each save is a new revision, and earlier ones stay readable.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from advisor.engine.workload import Workload
from advisor.models import ApiToken, Assessment, AssessmentRevision, ShareLink
from advisor.questionnaire import workload_from_stored_answers

COPY_PREFIX = "Copy of "


def _validated(answers: Mapping[str, Any]) -> Workload:
    """Answers through the one form; raises InvalidAnswersError with the field errors."""
    return workload_from_stored_answers(answers)


@transaction.atomic
def assessment_create(*, owner: AbstractBaseUser, answers: Mapping[str, Any]) -> Assessment:
    workload = _validated(answers)
    assessment = Assessment.objects.create(owner=owner, name=workload.name)
    AssessmentRevision.objects.create(assessment=assessment, number=1, answers=workload.as_dict())
    return assessment


@transaction.atomic
def assessment_revise(*, assessment: Assessment, answers: Mapping[str, Any]) -> AssessmentRevision:
    """Add the next revision; the row lock keeps two saves from taking the same number."""
    workload = _validated(answers)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    latest = locked.revisions.aggregate(latest=Max("number"))["latest"] or 0
    revision = AssessmentRevision.objects.create(
        assessment=locked, number=latest + 1, answers=workload.as_dict()
    )
    locked.name = workload.name
    locked.save(update_fields=["name", "updated_at"])
    return revision


def assessment_duplicate(*, assessment: Assessment, answers: Mapping[str, Any]) -> Assessment:
    """A new assessment of the same owner starting from `answers`, named as a copy."""
    name = f"{COPY_PREFIX}{answers['name']}"[:120]
    return assessment_create(owner=assessment.owner, answers={**answers, "name": name})


def assessment_delete(*, assessment: Assessment) -> None:
    assessment.delete()


def share_link_create(
    *, assessment: Assessment, revision: AssessmentRevision | None = None
) -> ShareLink:
    """A link to `revision` only, or with none to whichever revision is the latest."""
    if revision is not None and revision.assessment_id != assessment.pk:
        raise ValueError("the revision belongs to another assessment")
    # 32 random bytes: unguessable, URL-safe (https://docs.python.org/3/library/secrets.html).
    return ShareLink.objects.create(
        assessment=assessment, revision=revision, token=secrets.token_urlsafe(32)
    )


def share_link_revoke(*, share_link: ShareLink) -> ShareLink:
    if share_link.revoked_at is None:
        share_link.revoked_at = timezone.now()
        share_link.save(update_fields=["revoked_at"])
    return share_link


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def api_token_create(*, user: AbstractBaseUser) -> tuple[ApiToken, str]:
    """A new token and its secret key (shown once; only the hash is kept)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_sha256=api_token_hash(key), prefix=key[:8])
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
