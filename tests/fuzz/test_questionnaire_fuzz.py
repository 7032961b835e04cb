"""Thousands of generated questionnaire POSTs: the page and the live panel always answer
with the form (field errors or a verdict), never a server error."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, event, given, settings

from tests.conftest import examples
from tests.fuzz.strategies import RATE_ANSWERS, as_form_pairs, form_posts

pytestmark = pytest.mark.django_db

# The test client runs the whole request in-process: a 500 would raise here. Counts relative
# to the Hypothesis profile (tests/conftest.py): 600, 300, 200 and 250 under CI=true.
FUZZ = settings(
    max_examples=examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM = "application/x-www-form-urlencoded"


def _post(client, url, pairs, **headers):
    return client.post(url, data=urlencode(pairs), content_type=FORM, **headers)


@FUZZ
@given(pairs=form_posts())
def test_the_live_panel_answers_any_post_with_a_verdict_or_field_errors(client, pairs):
    # when
    response = _post(client, "/assess/", pairs, HTTP_HX_REQUEST="true")

    # then
    assert response.status_code == 200
    body = response.content.decode()
    event("verdict" if "Verdict: " in body else "field errors")
    assert "Verdict: " in body or "Some answers need attention." in body


@settings(FUZZ, max_examples=examples(3))
@given(answers=RATE_ANSWERS)
def test_the_live_panel_answers_any_average_and_peak_with_a_verdict_or_field_errors(
    client, answers
):
    # when: near-zero, denormal and huge rates, far apart, on otherwise valid answers
    response = _post(client, "/assess/", as_form_pairs(answers), HTTP_HX_REQUEST="true")

    # then
    assert response.status_code == 200
    body = response.content.decode()
    event("verdict" if "Verdict: " in body else "field errors")
    assert "Verdict: " in body or "Some answers need attention." in body


@settings(FUZZ, max_examples=examples(2))
@given(pairs=form_posts())
def test_the_whole_page_answers_any_post_without_javascript(client, pairs):
    # when
    response = _post(client, "/assess/", pairs)

    # then
    assert response.status_code == 200
    assert "<form" in response.content.decode()


@settings(FUZZ, max_examples=examples(2.5))
@given(pairs=form_posts())
def test_saving_any_post_either_saves_or_re_renders_the_form_with_errors(client, pairs):
    # given
    user, _ = get_user_model().objects.get_or_create(username="fuzzer")
    client.force_login(user)
    saved_before = user.assessments.count()

    # when
    response = _post(client, "/assess/save/", pairs)

    # then
    assert response.status_code in (302, 400)
    saved = 1 if response.status_code == 302 else 0
    assert user.assessments.count() == saved_before + saved
    if not saved:
        assert "<form" in response.content.decode()
