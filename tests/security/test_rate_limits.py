"""Rate limits on sign-up, log-in and export creation (a plain 429 page saying when to retry),
the login lockout after repeated failures, and normal use left alone."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from advisor.jobs.services import requesting as job_requesting
from advisor.middleware import client_ip, wait_words
from tests.conftest import preset_answers
from tests.factories import PASSWORD, as_post

pytestmark = pytest.mark.django_db

# A day-long window: a test never straddles two windows, so its counts are exact.
TIGHT = {"signup": "2/d", "login": "3/d", "export": "2/d"}


@pytest.fixture
def tight_limits(settings):
    settings.ADVISOR_RATE_LIMITS = TIGHT


def _signup(client: Client, username: str):
    form = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("signup"), form)


def test_sign_up_is_limited_per_address_with_a_plain_429_page(client, tight_limits):
    # given
    allowed = [_signup(Client(), f"user{n}").status_code for n in range(2)]

    # when
    refused = _signup(client, "user3")

    # then
    assert allowed == [302, 302]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 86_400
    assert "Too many accounts were created from your network" in refused.content.decode()
    assert "Try again in" in refused.content.decode()


def test_a_limited_address_does_not_limit_another(tight_limits):
    # given
    for n in range(3):
        _signup(Client(), f"user{n}")

    # when
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    response = _signup(elsewhere, "faraway")

    # then
    assert response.status_code == 302


def test_log_in_attempts_are_limited_per_address(client, tight_limits):
    # given: different usernames, so the per-username lockout is not what stops them
    for n in range(3):
        client.post(reverse("login"), {"username": f"nobody{n}", "password": "wrong"})

    # when
    refused = client.post(reverse("login"), {"username": "nobody9", "password": "wrong"})

    # then
    assert refused.status_code == 429
    assert "Too many log-in attempts" in refused.content.decode()


def test_showing_the_forms_is_never_limited(client, tight_limits):
    # when
    statuses = {client.get(reverse(name)).status_code for name in ["login", "signup"] * 5}

    # then
    assert statuses == {200}


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr(job_requesting, "export_job_publish", lambda *, job_id: True)


def test_export_creation_is_limited_per_user_and_the_htmx_answer_fills_the_page(
    world, tight_limits, no_broker
):
    # given
    owner = Client()
    owner.force_login(world.owner)
    url = reverse("jobs:export_create", args=[world.done_job.revision_id])
    kinds = [{"kind": "pdf", "paper": "letter"}, {"kind": "scaffold"}]
    allowed = [owner.post(url, kind).status_code for kind in kinds]

    # when
    refused = owner.post(url, {"kind": "pdf"}, HTTP_HX_REQUEST="true")
    link_holder = Client().post(url, {"kind": "pdf", "token": world.share.token})

    # then
    assert allowed == [302, 302]
    assert refused.status_code == 429
    assert 'id="rate-limited"' in refused.content.decode()  # the htmx-config swaps this
    assert "too many exports" in refused.content.decode()
    assert link_holder.status_code == 302  # counted apart: not the same user


def _log_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_log_ins_lock_the_username_from_that_address_for_15_minutes(world):
    # given
    failures = [_log_in(Client(), "olivia", "wrong").status_code for _ in range(4)]

    # when
    fifth = _log_in(Client(), "olivia", "wrong")
    right_password = _log_in(Client(), "olivia", PASSWORD)

    # then
    assert failures == [200] * 4  # the form again, with its error
    assert fifth.status_code == 429
    assert right_password.status_code == 429
    page = right_password.content.decode()
    assert "locked for" in page and "15 minutes" in page
    assert right_password["Retry-After"] == str(15 * 60)


def test_a_lockout_holds_only_that_username_from_that_address(world):
    # given
    for _ in range(5):
        _log_in(Client(), "olivia", "wrong")

    # when
    other_user_here = _log_in(Client(), "mallory", PASSWORD)
    same_user_elsewhere = _log_in(Client(REMOTE_ADDR="192.0.2.8"), "olivia", PASSWORD)

    # then
    assert other_user_here.status_code == 302
    assert same_user_elsewhere.status_code == 302


def test_typing_in_the_live_questionnaire_is_never_limited(client, tight_limits):
    # given: one request per pause in typing, as the live panel sends them
    answers = as_post(preset_answers("api-for-a-mobile-app"))

    # when
    statuses = {
        client.post("/assess/", answers | {"avg_rps": str(n)}, HTTP_HX_REQUEST="true").status_code
        for n in range(1, 61)
    }

    # then
    assert statuses == {200}


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (900, "15 minutes"),
        (3600, "1 hour"),
        (3601, "2 hours"),
    ],
)
def test_the_wait_reads_in_plain_words_rounded_up(seconds, words):
    assert wait_words(seconds) == words


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what our one proxy saw
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer hops than proxies: not believed
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    # given
    settings.ADVISOR_TRUSTED_PROXY_COUNT = proxies
    request = HttpRequest()
    request.META = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}

    # when / then
    assert client_ip(request) == expected
