"""Plain helpers that make users and saved assessments for tests (no factory_boy needed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from advisor.models import Assessment, ShareLink
from advisor.services import assessment_create, share_link_create
from tests.conftest import preset_answers

PASSWORD = "a-Long-pass-123"


def make_user(username: str = "alice"):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def make_assessment(owner, preset: str = "api-for-a-mobile-app", **changes) -> Assessment:
    return assessment_create(owner=owner, answers={**preset_answers(preset), **changes})


def make_share_link(assessment: Assessment) -> ShareLink:
    return share_link_create(assessment=assessment)


def as_post(answers: dict) -> dict:
    """Answers as a browser posts them: ticked boxes send "true", unticked send nothing."""
    posted = {}
    for name, value in answers.items():
        if value is True:
            posted[name] = "true"
        elif value not in (False, None):
            posted[name] = value
    return posted
