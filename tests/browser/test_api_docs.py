"""The API's reference page: Swagger UI from django-ninja's own static files, under our
Content-Security-Policy (no CDN, no inline script)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_reference_page_lists_every_operation_without_a_browser_error(page, client):
    # given
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    schema = client.get("/api/v1/openapi.json").json()
    operations = sorted(
        f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
    )

    # when
    page.goto("/api/v1/docs")

    # then: every operation, read from the schema, and nothing refused by the CSP
    blocks = page.locator(".opblock")
    expect(blocks).to_have_count(len(operations))
    shown = sorted(
        f"{block.locator('.opblock-summary-method').inner_text()} "
        f"{block.locator('.opblock-summary-path').inner_text()}"
        for block in blocks.all()
    )
    assert shown == operations
    expect(page.get_by_role("link", name="/api/v1/openapi.json")).to_be_visible()
    assert problems == []


def test_each_operation_shows_its_error_responses(page):
    # given
    page.goto("/api/v1/docs")
    operation = page.locator("#operations-Exports-export_create")

    # when
    operation.locator(".opblock-summary").click()

    # then: the answers a script must handle, each with its schema
    codes = operation.locator(".responses-table tr.response td.response-col_status")
    expect(codes).to_have_text(["202", "400", "401", "403", "404", "422", "429"])


def test_trying_the_assess_call_with_a_preset_example_returns_a_verdict(page):
    # given
    page.goto("/api/v1/docs")
    operation = page.locator("#operations-Questionnaire-assess")
    operation.locator(".opblock-summary").click()

    # when: try it out with the first example (a preset) and send it
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()

    # then
    response = operation.locator(".responses-table.live-responses-table")
    expect(response.locator("tr.response td.response-col_status")).to_have_text("200")
    expect(response).to_contain_text('"fit"')
