"""Error pages keep the site's look and navigation and say what to do next."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_sites_not_found_page(client):
    # when
    response = client.get("/no-such-page/")

    # then
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert 'href="/assess/"' in page  # the site's navigation, not a bare server page
    assert "{#" not in page and "{%" not in page


def test_a_server_error_page_renders_without_a_request_context():
    # when: as Django renders it, with no request and no context processors
    response = server_error(RequestFactory().get("/"))

    # then
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "what you saved before is safe" in page


def test_an_expired_form_says_so_and_changes_nothing():
    # given: a browser whose CSRF cookie is missing (a stale page, blocked cookies)
    strict = Client(enforce_csrf_checks=True)

    # when
    response = strict.post("/accounts/signup/", {"username": "eve", "password1": "x" * 20})

    # then
    assert response.status_code == 403
    assert "The form had expired" in response.content.decode()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="eve").exists()
