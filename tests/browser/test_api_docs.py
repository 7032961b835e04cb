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


def test_trying_the_assess_call_with_a_preset_example_returns_a_verdict(page):
    # given
    page.goto("/api/v1/docs")
    operation = page.locator("#operations-default-advisor_api_assess")
    operation.locator(".opblock-summary").click()

    # when: try it out with the first example (a preset) and send it
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()

    # then
    response = operation.locator(".responses-table.live-responses-table")
    expect(response.locator("tr.response td.response-col_status")).to_have_text("200")
    expect(response).to_contain_text('"fit"')
