"""Production settings, security headers, the Content-Security-Policy against every page's
markup, and CSRF on state-changing requests (htmx's included)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from advisor.jobs.services import requesting as job_requesting

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ADVISOR_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    # given
    env = PRODUCTION_ENV | {"DJANGO_SECRET_KEY": secrets.token_urlsafe(60)}

    # when
    done = _manage("check", "--deploy", "--fail-level", "WARNING", **env)

    # then
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    # when
    done = _manage("check", **PRODUCTION_ENV)

    # then
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


@pytest.mark.django_db
def test_local_runs_stay_on_plain_http(client, settings):
    # when: the tests' own settings, as `make test` and the bench's gunicorn use them
    response = client.get("/")

    # then
    assert response.status_code == 200
    assert not settings.SECURE_SSL_REDIRECT
    assert not settings.SESSION_COOKIE_SECURE


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    # when
    response = client.get("/")

    # then
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_policy_allows_no_inline_script_and_no_eval(client):
    # when
    csp = _csp(client.get("/"))

    # then
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src-elem"]


class _InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, event handlers,
    javascript: URLs, htmx's eval'd hx-on, and the text of every <style> element."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag} {name}=javascript:")
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _pages(world) -> dict[str, tuple[Client, str]]:
    owner = Client()
    owner.force_login(world.owner)
    revision = world.assessment.revisions.get()
    anonymous = Client()
    return {
        "start": (anonymous, "/"),
        "questionnaire": (anonymous, "/assess/?preset=real-time-chat"),
        "login": (anonymous, reverse("login")),
        "signup": (anonymous, reverse("signup")),
        "list": (owner, reverse("assessment_list")),
        "result": (owner, reverse("assessment_detail", args=[world.assessment.pk])),
        "edit": (owner, reverse("assessment_edit", args=[world.assessment.pk])),
        "compare": (owner, f"{reverse('compare')}?left={revision.pk}&right={revision.pk}"),
        "api tokens": (owner, reverse("api_tokens")),
        "shared": (anonymous, reverse("shared_result", args=[world.share.token])),
        "exports": (owner, reverse("jobs:export_panel", args=[revision.pk])),
    }


PAGES = [
    "start", "questionnaire", "login", "signup", "list", "result", "edit", "compare",
    "api tokens", "shared", "exports",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_no_page_needs_inline_code_and_every_style_element_is_allowed(world, page):
    # given
    client, url = _pages(world)[page]

    # when
    response = client.get(url)
    parser = _InlineCode()
    parser.feed(response.content.decode())

    # then
    assert response.status_code == 200
    assert parser.problems == []
    allowed = _csp(response)["style-src-elem"]
    for style in parser.styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, f"<style> not allowed by the policy: {style!r}"


@pytest.mark.django_db
def test_htmx_is_configured_to_inject_no_style_and_eval_nothing(client):
    # when
    html = client.get("/").content.decode()

    # then
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)[1])
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False


def _htmx_csrf_header(client: Client, url: str) -> dict[str, str]:
    """The header htmx sends on every request: <body hx-headers='{"x-csrftoken": …}'>."""
    html = client.get(url).content.decode()
    headers = json.loads(re.search(r"<body hx-headers='([^']+)'", html)[1])
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}


def test_a_state_changing_post_without_the_csrf_token_is_refused(world):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    url = reverse("share_create", args=[world.assessment.pk])

    # when
    response = client.post(url)

    # then
    assert response.status_code == 403
    assert world.assessment.share_links.count() == 2  # the fixture's valid and revoked links


def test_an_htmx_post_with_the_pages_csrf_header_is_accepted(world, monkeypatch):
    # given
    monkeypatch.setattr(job_requesting, "export_job_publish", lambda *, job_id: True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    revision = world.assessment.revisions.get()
    header = _htmx_csrf_header(client, reverse("assessment_detail", args=[world.assessment.pk]))
    url = reverse("jobs:export_create", args=[revision.pk])

    # when
    without = client.post(url, {"kind": "scaffold"}, HTTP_HX_REQUEST="true")
    accepted = client.post(url, {"kind": "scaffold"}, HTTP_HX_REQUEST="true", **header)

    # then
    assert without.status_code == 403
    assert accepted.status_code == 200


def test_an_anonymous_htmx_post_to_the_live_questionnaire_needs_the_token_too():
    # given
    client = Client(enforce_csrf_checks=True)
    header = _htmx_csrf_header(client, "/assess/")

    # when
    refused = client.post("/assess/", {"name": "x"}, HTTP_HX_REQUEST="true")
    accepted = client.post("/assess/", {"name": "x"}, HTTP_HX_REQUEST="true", **header)

    # then
    assert refused.status_code == 403
    assert accepted.status_code == 200
