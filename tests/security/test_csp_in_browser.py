"""The Content-Security-Policy in a real browser (Debian's chromium): the result page and the
live questionnaire work with nothing refused, and an injected inline script would be."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_assessment, make_user

pytestmark = pytest.mark.django_db(transaction=True)
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's own event loop + the ORM
CHROMIUM = "/usr/bin/chromium"


def _in_browser(base_url: str, drive: Callable[[Any, list[str]], Any]) -> Any:
    """Run `drive(page, refused)` in a thread of its own: tests/browser keeps a Playwright
    session open in the main thread, and a second sync session cannot share that thread."""
    from playwright.sync_api import sync_playwright

    def run() -> Any:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                context = browser.new_context(base_url=base_url)
                context.set_default_timeout(10_000)
                page = context.new_page()
                refused: list[str] = []  # the CSP violations the browser reports
                page.on(
                    "console",
                    lambda m: refused.append(m.text) if "Security Policy" in m.text else None,
                )
                return drive(page, refused)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=120)


@pytest.fixture(autouse=True)
def _needs_chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make install adds it)")


def test_the_result_page_renders_with_nothing_refused(live_server):
    # given
    owner = make_user("olivia")
    assessment = make_assessment(owner, name="<script>document.title='pwned'</script>")

    def drive(page, refused):
        page.goto(reverse("login"))
        page.get_by_label("Username").fill("olivia")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("Log in", re.I)).click()
        page.wait_for_load_state("networkidle")
        page.goto(reverse("assessment_detail", args=[assessment.pk]))
        for picture in page.locator("figure img").all():  # lazy: loaded once in view
            picture.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        drawn = "imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length"
        return refused, page.title(), page.locator("figure.chart img").evaluate_all(drawn)

    # when
    refused, title, charts = _in_browser(live_server.url, drive)

    # then
    assert refused == []
    assert title != "pwned"
    assert charts == 2


def test_the_live_panel_updates_under_the_policy(live_server):
    # given
    def drive(page, refused):
        page.goto("/assess/?preset=api-for-a-mobile-app")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_label(re.compile("^Average rate")).fill("900")
        page.wait_for_load_state("networkidle")
        return refused, answer.value.status

    # when
    refused, status = _in_browser(live_server.url, drive)

    # then
    assert status == 200
    assert refused == []


def test_an_inline_script_is_refused(live_server):
    # given: what an injection would add to the page
    def drive(page, refused):
        page.goto("/")
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
        )
        return refused, page.evaluate("() => window.ran === true")

    # when
    refused, ran = _in_browser(live_server.url, drive)

    # then
    assert ran is False
    assert any("script" in text for text in refused)
