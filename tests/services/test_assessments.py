"""Saving never overwrites: each save is a new revision, validated by the one form."""

from __future__ import annotations

import pytest

from advisor.models import AssessmentRevision
from advisor.questionnaire import InvalidAnswersError
from advisor.services import (
    api_token_create,
    api_token_revoke,
    assessment_create,
    assessment_duplicate,
    assessment_revise,
    share_link_create,
    share_link_revoke,
)
from tests.conftest import preset_answers
from tests.factories import make_assessment, make_user

pytestmark = pytest.mark.django_db


def test_create_stores_the_validated_answers_as_revision_one():
    # given
    owner = make_user()

    # when
    assessment = assessment_create(owner=owner, answers=preset_answers("real-time-chat"))

    # then
    revision = assessment.revisions.get()
    assert (assessment.name, revision.number) == ("Real-time chat", 1)
    assert revision.answers["triggers"] == ["http", "pubsub"]
    assert revision.answers["assumptions"] == {}


def test_create_refuses_invalid_answers_and_saves_nothing():
    # given
    owner = make_user()

    # when
    with pytest.raises(InvalidAnswersError) as error:
        assessment_create(owner=owner, answers={"name": "x", "avg_rps": -1})

    # then
    assert "avg_rps" in error.value.field_errors
    assert not AssessmentRevision.objects.exists()


def test_revise_adds_the_next_revision_and_keeps_the_earlier_one():
    # given
    assessment = make_assessment(make_user())
    changed = {**preset_answers("api-for-a-mobile-app"), "avg_rps": 90, "name": "Busier API"}

    # when
    revision = assessment_revise(assessment=assessment, answers=changed)

    # then
    assessment.refresh_from_db()
    assert revision.number == 2
    assert assessment.name == "Busier API"
    assert [r.answers["avg_rps"] for r in assessment.revisions.order_by("number")] == [25.0, 90.0]


def test_duplicate_makes_a_named_copy_for_the_same_owner():
    # given
    owner = make_user()
    original = make_assessment(owner)

    # when
    copy = assessment_duplicate(assessment=original, answers=original.revisions.get().answers)

    # then
    assert copy.pk != original.pk
    assert copy.owner == owner
    assert copy.name == "Copy of API for a mobile app"
    assert copy.revisions.get().answers["avg_rps"] == 25.0


def test_share_links_are_unguessable_and_revocable():
    # given
    assessment = make_assessment(make_user())

    # when
    first, second = (
        share_link_create(assessment=assessment),
        share_link_create(assessment=assessment),
    )
    share_link_revoke(share_link=first)

    # then
    assert first.token != second.token
    assert len(first.token) >= 43  # 32 random bytes, URL-safe base64
    assert (first.is_active, second.is_active) == (False, True)


def test_api_tokens_keep_only_a_hash_of_the_key():
    # given
    user = make_user()

    # when
    token, key = api_token_create(user=user)
    api_token_revoke(token=token)

    # then
    assert key not in token.key_sha256
    assert token.prefix == key[:8]
    assert token.revoked_at is not None
