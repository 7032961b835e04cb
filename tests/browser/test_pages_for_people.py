"""Issue 16 in a real browser, at desktop (1280 px) and phone (390 px) width: numbers as
people type them, the verdict in sight while filling the questionnaire, and the result,
compare and list pages readable with axe-core still finding nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from advisor.models import Assessment
from tests.browser.test_accessibility import _assert_accessible
from tests.factories import PASSWORD, make_assessment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 390]
CHART_LEAST_PX = 560


def _sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/assessments/")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_decimal_rate_gets_a_live_verdict_and_saves(new_page, width):
    # given
    make_user("typist")
    page = new_page(width=width, height=844)
    _sign_in(page, "typist")
    page.goto("/assess/?preset=api-for-a-mobile-app")

    # when: a low-volume workload, the best serverless candidate
    page.fill("#id_name", "Nightly webhook")
    page.fill("#id_avg_rps", "0.2")
    page.fill("#id_peak_rps", "")
    expect(page.locator("#live-status")).to_contain_text("Verdict:")
    page.get_by_role("button", name="Save assessment").click()

    # then: the browser did not block it, and the saved rate is 0.2
    page.wait_for_url("**/assessments/*/")
    saved = Assessment.objects.get(name="Nightly webhook").revisions.get()
    assert saved.answers["avg_rps"] == 0.2
    _assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_comma_and_a_word_get_clear_messages_live_and_on_save(new_page, width):
    # given
    page = new_page(width=width, height=844)
    page.goto("/assess/?preset=api-for-a-mobile-app")

    # when
    page.fill("#id_avg_rps", "1,5")
    page.fill("#id_avg_duration_ms", "ee")

    # then
    expect(page.locator("#errors_avg_rps")).to_contain_text("1.5, not 1,5")
    expect(page.locator("#errors_avg_duration_ms")).to_contain_text(
        "Enter the average run time as a number of ms"
    )
    expect(page.locator("#live-panel-body")).to_contain_text("Some answers need attention")
    _assert_accessible(page)

    # when: "See the verdict" posts the same text the live panel read
    page.get_by_role("button", name="See the verdict").click()

    # then
    expect(page.locator("#errors_avg_rps")).to_contain_text("1.5, not 1,5")


def test_on_a_phone_the_verdict_stays_in_sight_while_filling_the_questionnaire(new_page):
    # given
    page = new_page(width=390, height=844)
    page.goto("/assess/?preset=api-for-a-mobile-app")
    bar = page.locator("#verdict-bar")
    expect(bar).to_be_visible()

    # when: far down the form, an answer changes the cost (and its live update lands:
    # reading the panel while the answer is in flight would compare it with the old one)
    # (250 req/s: within the preset's 300 req/s peak, so the answers stay valid)
    page.locator("#id_monthly_budget_usd").scroll_into_view_if_needed()
    before = bar.inner_text()
    with page.expect_response(lambda r: r.request.method == "POST" and "/assess/" in r.url):
        page.fill("#id_avg_rps", "250")
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )

    # then: the bar is at the top of the screen and says the new verdict
    expect(bar).to_contain_text("Serverless")
    expect(bar).not_to_have_text(before)
    box = bar.bounding_box()
    assert box is not None and box["y"] == 0 and box["height"] < 120
    live = page.locator("#live-panel-body .score strong").inner_text()
    expect(bar.locator(".score strong")).to_have_text(live)
    _assert_accessible(page)


def test_at_desktop_width_the_live_panel_is_beside_the_form_and_the_bar_hidden(new_page):
    # given / when
    page = new_page(width=1280)
    page.goto("/assess/?preset=api-for-a-mobile-app")

    # then
    expect(page.locator("#live-panel-body .badge")).to_be_in_viewport()
    expect(page.locator("#verdict-bar")).to_be_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_result_compare_and_list_pages_fit_the_screen_and_are_accessible(new_page, width):
    # given
    owner = make_user("reader")
    chat = make_assessment(owner, "real-time-chat")
    video = make_assessment(owner, "video-processing-pipeline")
    left, right = chat.revisions.get(), video.revisions.get()
    page = new_page(width=width, height=844)
    _sign_in(page, "reader")

    for path in (
        "/assessments/",
        f"/assessments/{chat.pk}/",
        f"/compare/?left={left.pk}&right={right.pk}",
    ):
        # when
        page.goto(path)

        # then: nothing widens the page past the screen; wide tables scroll in place
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, f"{path} is {page_width} px wide"
        _assert_accessible(page)

    # and the compare table, cut off before, scrolls to show both sides
    compare = page.locator(".table-scroll").first
    compare.evaluate("el => el.scrollLeft = el.scrollWidth")
    expect(page.get_by_role("link", name=video.name).first).to_be_in_viewport()
    if width == 390:
        expect(page.locator(".scroll-cue")).to_be_visible()


@pytest.mark.parametrize(("width", "least_px"), [(1280, 900), (390, 800)])
def test_the_result_pages_diagram_is_drawn_at_a_readable_size(new_page, width, least_px):
    # given: the benchmark's largest kind of design, an API with approvals and a queue
    owner = make_user("viewer")
    assessment = make_assessment(
        owner, workflow="human_approval", workflow_share=0.02, triggers=["http", "queue"]
    )
    page = new_page(width=width, height=844)
    _sign_in(page, "viewer")

    # when
    page.goto(f"/assessments/{assessment.pk}/")
    picture = page.locator(".diagram-scroll img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )

    # then: at least this wide (on a phone: scrolled sideways, not shrunk to 4 px text),
    # with the full size a click away
    box = picture.bounding_box()
    assert box is not None and box["width"] >= least_px
    expect(page.get_by_role("link", name="Open the diagram full size")).to_be_visible()
    # and on a phone the charts keep a width their 8.5 pt legends read at (not 340 px)
    charts = page.locator(".chart-scroll img")
    expect(charts).to_have_count(2)
    if width < CHART_LEAST_PX:
        for chart in charts.all():
            assert chart.bounding_box()["width"] >= CHART_LEAST_PX
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _assert_accessible(page)
