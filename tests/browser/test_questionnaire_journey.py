"""A person uses the advisor in a real browser: fills the questionnaire, watches the live
verdict, saves after signing up, edits, compares and shares."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_assessment, make_share_link, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-Long-pass-123"


def test_typing_answers_updates_the_live_panel_and_shows_errors_inline(page):
    # given
    page.goto("/assess/")
    panel = page.locator("#live-panel-body")
    expect(panel).to_contain_text("Fill in the name")

    # when: type the three required answers, moving on with Tab as a person would
    page.get_by_label("Workload name").click()
    page.keyboard.type("Orders API")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.get_by_label(re.compile("^Average run time")).fill("")
    page.get_by_label(re.compile("^Average run time")).type("120")

    # then
    expect(panel.locator(".badge")).to_be_visible()
    expect(panel).to_contain_text("Containers (Fargate + load balancer)")
    expect(panel.locator("img.diagram-thumb")).to_be_visible()
    first_summary = panel.locator(".summary").inner_text()

    # when: an impossible answer
    page.get_by_label(re.compile("^Average rate")).fill("-4")

    # then: the error sits next to its field and the panel says so
    expect(page.locator("#errors_avg_rps")).to_contain_text("The average rate cannot be negative.")
    expect(panel).to_contain_text("Some answers need attention")

    # when: fixed, with more traffic
    page.get_by_label(re.compile("^Average rate")).fill("400")

    # then
    expect(page.locator("#errors_avg_rps")).to_be_empty()
    expect(panel.locator(".summary")).not_to_have_text(first_summary)


def test_picking_a_preset_fills_the_form(page):
    # given
    page.goto("/assess/")

    # when
    page.get_by_role("link", name="Real-time chat").click()

    # then
    expect(page.get_by_label("Workload name")).to_have_value("Real-time chat")
    expect(page.get_by_label(re.compile("^Long-lived client connections"))).to_have_value(
        "websocket"
    )
    expect(page.locator("#live-panel-body .badge")).to_be_visible()


def _sign_up_from_the_save_prompt(page, username: str) -> None:
    page.get_by_role("button", name="Save assessment").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.locator("main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()


def test_a_visitor_saves_edits_compares_and_shares_an_assessment(page, new_page):
    # given: a visitor starts from a preset and tweaks it
    page.goto("/assess/?preset=api-for-a-mobile-app")
    page.get_by_label(re.compile("^Memory")).fill("1024")

    # when: saving asks for an account; the answers survive signing up
    _sign_up_from_the_save_prompt(page, "stakeholder")
    expect(page.get_by_label(re.compile("^Memory"))).to_have_value("1024")
    page.get_by_role("button", name="Save assessment").click()

    # then: the result page
    expect(page.get_by_role("heading", level=1)).to_have_text("API for a mobile app")
    expect(page.locator(".verdict-card .badge")).to_be_visible()
    result_url = page.url

    # when: edit makes revision 2
    page.get_by_role("link", name="Edit (new revision)").click()
    page.get_by_label(re.compile("^Average rate")).fill("90")
    page.get_by_label(re.compile("^Peak rate")).fill("500")
    page.get_by_role("button", name="Save as a new revision").click()

    # then
    expect(page.locator(".meta")).to_contain_text("Revision 2")
    page.get_by_role("link", name="Revision 1", exact=True).click()
    expect(page.locator(".meta")).to_contain_text("Revision 1")

    # when: compare revision 1 with revision 2
    page.goto(result_url)
    page.get_by_role("link", name=re.compile("compare with revision 2")).click()

    # then: the differing answers are marked with text, not colour alone
    avg_row = page.locator("tr.differs").filter(
        has=page.locator("th", has_text=re.compile(r"^\W*Average rate \(requests per second\)"))
    )
    expect(avg_row.locator("mark")).to_have_count(2)
    expect(avg_row).to_contain_text("differs")

    # when: share a read-only link and open it logged out
    page.goto(result_url)
    page.get_by_role("button", name="Create a link to the latest revision").click()
    link = page.locator(".share-url").first.input_value()
    stranger = new_page()
    stranger.goto(link)

    # then
    expect(stranger.get_by_role("heading", level=1)).to_have_text("API for a mobile app")
    expect(stranger.locator(".eyebrow")).to_contain_text("Shared read-only")
    expect(stranger.get_by_role("link", name="Edit (new revision)")).to_have_count(0)

    # when: the owner revokes it
    page.get_by_role("button", name="Revoke").click()
    response = stranger.goto(link)

    # then: it says so, not that the page belongs to another account
    assert response.status == 410
    expect(stranger.locator("h1")).to_have_text("This link was turned off")


def test_the_questionnaire_works_on_a_phone_with_the_keyboard(new_page):
    # given
    page = new_page(width=390, height=844)
    page.goto("/assess/?preset=nightly-batch-job")

    # when: tab from the name field onwards
    page.get_by_label("Workload name").focus()
    page.keyboard.press("Tab")

    # then: focus moves to the next field in reading order, and nothing overflows sideways
    assert page.evaluate("document.activeElement.id") == "id_avg_rps"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("width", [1280, 390])
def test_the_busiest_preset_architecture_shows_whole_without_scrolling_sideways(new_page, width):
    # given: the real-time chat, whose design has the most components of the presets
    assessment = make_assessment(make_user(), preset="real-time-chat")
    link = make_share_link(assessment)
    page = new_page(width=width)

    # when
    page.goto(f"/s/{link.token}/")

    # then: the drawing (a picture of its own, loaded lazily) fits its figure, and its
    # functions are named in its text alternative
    figure = page.locator("figure.diagram")
    picture = figure.locator("img")
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert "ws-message" in picture.get_attribute("alt")
