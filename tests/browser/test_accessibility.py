"""Every page passes axe-core's WCAG 2.2 A/AA and best-practice checks in real Chromium,
as a visitor, as a signed-in owner and as a share-link holder sees it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD, make_assessment, make_share_link, make_user

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}


def _assert_accessible(page) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/assess/",
        "/assess/?preset=real-time-chat",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/no-such-page/",
    ],
)
def test_each_public_page_is_accessible(page, path):
    # when
    page.goto(path)

    # then
    _assert_accessible(page)


def test_the_questionnaire_with_errors_shown_is_accessible(page):
    # given
    page.goto("/assess/?preset=real-time-chat")

    # when: a peak below the average puts an error beside the field and in the live panel
    page.fill("#id_peak_rps", "1")
    page.keyboard.press("Tab")
    page.locator("#errors_peak_rps .error").wait_for()

    # then
    _assert_accessible(page)


def test_each_page_of_a_signed_in_owner_is_accessible(page):
    # given: two saved assessments, one shared
    owner = make_user("owner")
    first = make_assessment(owner, "real-time-chat")
    second = make_assessment(owner, "video-processing-pipeline")
    link = make_share_link(first)
    left, right = first.revisions.get(), second.revisions.get()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/assessments/")

    for path in (
        "/assessments/",
        f"/assessments/{first.pk}/",
        f"/assessments/{first.pk}/edit/",
        f"/compare/?left={left.pk}&right={right.pk}",
        "/account/api-tokens/",
        f"/s/{link.token}/",
    ):
        # when
        page.goto(path)

        # then
        _assert_accessible(page)
