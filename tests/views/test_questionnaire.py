"""The questionnaire: full page without htmx, live panel fragment with it, saving."""

from __future__ import annotations

import html

import pytest

from advisor.models import Assessment
from tests.conftest import PRESET_NAMES, preset_answers
from tests.factories import as_post, make_user

pytestmark = pytest.mark.django_db

SECTION_TITLES = (
    "Traffic",
    "Latency",
    "Execution",
    "Connections and data",
    "Events and workflow",
    "Security",
    "Budget and pricing",
)


def test_it_shows_every_contract_field_with_a_label_in_its_section(client):
    # given / when
    page = client.get("/assess/").content.decode()

    # then
    for title in SECTION_TITLES:
        assert title in page
    for name in ("name", "avg_rps", "p95_latency_ms", "memory_mb", "region", "include_free_tier"):
        assert f'for="id_{name}"' in page
    assert 'for="id_triggers_queue"' in page
    assert "<html" in page


def test_it_asks_the_share_of_requests_that_upload_a_file_beside_the_triggers(client):
    # given / when
    page = client.get("/assess/").content.decode()

    # then
    events = page.split("Events and workflow", 1)[1]
    assert 'for="id_upload_share"' in events
    assert "Share of requests that upload a file" in events
    assert 'name="upload_share"' in events


def test_it_asks_how_many_consumers_read_each_published_event(client):
    # given / when
    page = client.get("/assess/").content.decode()

    # then
    events = page.split("Events and workflow", 1)[1]
    assert 'for="id_event_consumers"' in events
    assert "Consumers of each published event" in events
    assert 'name="event_consumers"' in events


def test_the_live_panel_prices_the_uploads_the_share_says(client):
    # given: the mobile API where 2 in 100 requests upload a 2 MB photo
    answers = preset_answers("api-for-a-mobile-app") | {
        "triggers": ["http", "file_upload"],
        "payload_kb": 2000,
    }
    pages = {}
    for share in ("0.02", ""):
        # when
        response = client.post(
            "/assess/", as_post(answers | {"upload_share": share}), HTTP_HX_REQUEST="true"
        )
        pages[share] = response.content.decode()

    # then: the panel's serverless estimate drops with the uploads nobody makes
    assert response.status_code == 200
    assert pages["0.02"] != pages[""]


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_a_preset_fills_the_form_and_shows_its_verdict(client, preset):
    # given
    name = preset_answers(preset)["name"]

    # when
    page = client.get("/assess/", {"preset": preset}).content.decode()

    # then
    assert f'value="{name}"' in page
    assert "/100" in page


def test_an_unknown_preset_is_not_found(client):
    # given / when
    response = client.get("/assess/", {"preset": "no-such-preset"})

    # then
    assert response.status_code == 404


def test_htmx_post_answers_with_the_live_panel_fragment_only(client):
    # given
    answers = as_post(preset_answers("real-time-chat"))

    # when
    response = client.post("/assess/", answers, HTTP_HX_REQUEST="true")

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Fits serverless" in page or "hybrid" in page or "Does not fit" in page
    assert "Containers (Fargate + load balancer)" in page
    assert "/assess/pictures/diagram." in page
    assert response["Vary"] == "HX-Request"


def test_the_live_status_reads_cents_for_a_workload_that_costs_cents(client):
    # given: a rare webhook inside the free tier, which costs cents a month
    answers = preset_answers("api-for-a-mobile-app") | {
        "avg_rps": 0.05,
        "peak_rps": 2,
        "avg_duration_ms": 200,
        "include_free_tier": True,
        "sensitive_data": False,  # no customer managed key ($1 a month)
    }

    # when
    page = client.post("/assess/", as_post(answers), HTTP_HX_REQUEST="true").content.decode()

    # then: the screen reader's summary does not round the estimate to nothing
    status = page[page.index('id="live-status"') :].split("</p>")[0]
    assert "serverless $0." in status
    assert "serverless $0 a month" not in status


def test_plain_post_re_renders_the_whole_page_with_the_same_result(client):
    # given
    answers = as_post(preset_answers("real-time-chat"))
    fragment = client.post("/assess/", answers, HTTP_HX_REQUEST="true").content.decode()

    # when
    page = client.post("/assess/", answers).content.decode()

    # then
    assert "<html" in page
    assert "Containers (Fargate + load balancer)" in page
    summary = fragment.split('<p class="summary">')[1].split("</p>")[0]
    assert summary in page


def test_live_panel_puts_each_error_next_to_its_field(client):
    # given
    answers = {**as_post(preset_answers("real-time-chat")), "avg_rps": "-5"}

    # when
    page = client.post("/assess/", answers, HTTP_HX_REQUEST="true").content.decode()

    # then
    errors = page.split('id="errors_avg_rps"')[1].split("</div>")[0]
    assert "The average rate cannot be negative." in errors
    assert 'hx-swap-oob="true"' in page
    assert "Some answers need attention" in page


def test_plain_post_with_errors_marks_the_field_invalid(client):
    # given
    answers = {**as_post(preset_answers("real-time-chat")), "avg_duration_ms": "abc"}

    # when
    page = client.post("/assess/", answers).content.decode()

    # then
    field = page.split('id="id_avg_duration_ms"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="help_avg_duration_ms errors_avg_duration_ms"' in field


def test_the_live_diagram_is_an_svg_for_valid_answers_and_404_otherwise(client, shared_caches):
    # given
    answers = as_post(preset_answers("api-for-a-mobile-app"))
    panel = client.post("/assess/", answers, HTTP_HX_REQUEST="true").content.decode()
    url = html.unescape(panel.split('class="diagram-thumb" src="')[1].split('"')[0])

    # when
    bad = client.get(url.split("?")[0], {"name": "x"})  # nobody has drawn it yet
    ok = client.get(url)

    # then
    assert ok.status_code == 200
    assert ok["Content-Type"] == "image/svg+xml"
    assert b"<svg" in ok.content
    assert bad.status_code == 404


def test_anonymous_save_asks_to_log_in_and_keeps_the_answers(client):
    # given
    answers = as_post(preset_answers("nightly-batch-job"))

    # when
    response = client.post("/assess/save/", answers)

    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/assess/"
    assert not Assessment.objects.exists()
    make_user("ann")
    client.login(username="ann", password="a-Long-pass-123")
    restored = client.get("/assess/").content.decode()
    assert 'value="Nightly batch job"' in restored
    assert "Your answers are back" in restored


def test_signing_up_brings_the_kept_answers_back(client):
    # given
    client.post("/assess/save/", as_post(preset_answers("real-time-chat")))
    form = {"username": "newbie", "password1": "a-Long-pass-123", "password2": "a-Long-pass-123"}

    # when
    response = client.post("/accounts/signup/", {**form, "next": "/assess/"})

    # then
    assert response["Location"] == "/assess/"
    assert 'value="Real-time chat"' in client.get("/assess/").content.decode()


def test_logged_in_save_creates_an_assessment_and_opens_its_result(client):
    # given
    user = make_user()
    client.force_login(user)

    # when
    response = client.post("/assess/save/", as_post(preset_answers("real-time-chat")))

    # then
    assessment = Assessment.objects.get(owner=user)
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.revisions.count() == 1


def test_save_with_errors_re_renders_the_form_and_saves_nothing(client):
    # given
    client.force_login(make_user())

    # when
    response = client.post("/assess/save/", {"name": "x"})

    # then
    assert response.status_code == 400
    assert "Enter the average rate (requests per second)." in response.content.decode()
    assert not Assessment.objects.exists()


def test_assumption_overrides_reach_the_cost_model(client):
    # given
    answers = as_post(preset_answers("api-for-a-mobile-app"))
    plain = client.post("/assess/", answers, HTTP_HX_REQUEST="true").content.decode()

    # when
    # (the mobile API runs 7 quarter-vCPU tasks off-peak: a floor of 12 shows)
    tuned = client.post(
        "/assess/", {**answers, "assumptions.min_tasks": "12"}, HTTP_HX_REQUEST="true"
    ).content.decode()

    # then
    def containers(page: str) -> str:
        return page.split("Containers (Fargate + load balancer)")[1].split("</tr>")[0]

    assert containers(plain) != containers(tuned)
