"""Accounts: sign-up, log in/out, password change and reset, API tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from advisor.models import ApiToken
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
    ],
)
def test_account_pages_render_with_our_layout(client, path):
    # given / when
    response = client.get(path)

    # then
    assert response.status_code == 200
    assert "Serverless Architecture Advisor" in response.content.decode()


def test_sign_up_creates_the_account_and_logs_in(client):
    # given
    form = {"username": "carol", "password1": PASSWORD, "password2": PASSWORD}

    # when
    response = client.post("/accounts/signup/", form)

    # then
    assert response["Location"] == "/assessments/"
    assert get_user_model().objects.filter(username="carol").exists()
    assert client.get("/assessments/").status_code == 200


def test_sign_up_ignores_a_next_address_on_another_site(client):
    # given
    form = {"username": "carol", "password1": PASSWORD, "password2": PASSWORD}

    # when
    response = client.post("/accounts/signup/", {**form, "next": "https://evil.example/"})

    # then
    assert response["Location"] == "/assessments/"


def test_sign_up_shows_password_errors(client):
    # given
    form = {"username": "carol", "password1": "short", "password2": "other"}

    # when
    response = client.post("/accounts/signup/", form)

    # then
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()


def test_log_in_and_log_out(client):
    # given
    make_user("dave")

    # when
    logged_in = client.post("/accounts/login/", {"username": "dave", "password": PASSWORD})
    logged_out = client.post("/accounts/logout/")

    # then
    assert logged_in["Location"] == "/assessments/"
    assert logged_out.status_code == 302
    assert client.get("/assessments/").status_code == 302


def test_password_change_page_needs_a_login_and_works(client):
    # given
    user = make_user("erin")
    client.force_login(user)
    form = {
        "old_password": PASSWORD,
        "new_password1": "Another-pass-456",
        "new_password2": "Another-pass-456",
    }

    # when
    response = client.post("/accounts/password_change/", form)

    # then
    assert response["Location"] == "/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password("Another-pass-456")


def test_password_reset_sends_a_link_by_email(client):
    # given
    user = make_user("frank")
    user.email = "frank@example.com"
    user.save()

    # when
    client.post("/accounts/password_reset/", {"email": "frank@example.com"})

    # then
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_a_new_api_token_is_shown_once_and_can_be_revoked(client):
    # given
    client.force_login(make_user())

    # when
    created = client.post("/account/api-tokens/new/").content.decode()
    token = ApiToken.objects.get()
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    later = client.get("/account/api-tokens/").content.decode()

    # then
    key = created.split('id="new-key" class="share-url" readonly value="')[1].split('"')[0]
    assert token.prefix == key[:8]
    assert key not in later
    assert "revoked" in later
