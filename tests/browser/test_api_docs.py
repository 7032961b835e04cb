"""The API's reference page: Swagger UI from django-ninja's own static files, under our
Content-Security-Policy (no CDN, no inline script)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_reference_page_lists_every_operation_without_a_browser_error(page):
    # given
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    # when
    page.goto("/api/v1/docs")

    # then: both operations, read from the schema, and nothing refused by the CSP
    paths = page.locator(".opblock-summary-path")
    expect(paths).to_have_count(2)
    expect(paths.first).to_have_text("/api/v1/assess")
    expect(page.get_by_role("link", name="/api/v1/openapi.json")).to_be_visible()
    assert problems == []
