"""My assessments: list, search, result page, revisions, edit, duplicate, delete, compare;
every page is the owner's only."""

from __future__ import annotations

import pytest

from advisor.models import Assessment
from tests.conftest import preset_answers
from tests.factories import as_post, make_assessment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice")


@pytest.fixture
def bob():
    return make_user("bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_the_list_shows_only_my_assessments(alice_client, alice, bob):
    # given
    make_assessment(alice, "real-time-chat")
    make_assessment(bob, "nightly-batch-job")

    # when
    page = alice_client.get("/assessments/").content.decode()

    # then
    assert "Real-time chat" in page
    assert "Nightly batch job" not in page


@pytest.mark.parametrize(
    ("headers", "full_page"), [({}, True), ({"HTTP_HX_REQUEST": "true"}, False)]
)
def test_search_filters_by_name_as_a_page_or_a_fragment(alice_client, alice, headers, full_page):
    # given
    make_assessment(alice, "real-time-chat")
    make_assessment(alice, "video-processing-pipeline")

    # when
    response = alice_client.get("/assessments/", {"q": "video"}, **headers)

    # then
    page = response.content.decode()
    assert "Video processing pipeline" in page
    assert "Real-time chat" not in page
    assert ("<html" in page) is full_page


def test_the_result_page_explains_the_verdict_costs_and_architecture(alice_client, alice):
    # given
    assessment = make_assessment(alice, "real-time-chat")

    # when
    page = alice_client.get(f"/assessments/{assessment.pk}/").content.decode()

    # then
    for text in (
        "Why: every rule that fired",
        "Monthly cost compared",
        "<details>",
        "Architecture",
        "Recommendations checklist",
        "Function design",
        "Security",
        "What would change the verdict",
        "Revision 1",
        "/pictures/diagram.",
    ):
        assert text in page
    assert "https://docs.aws.amazon.com/" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/assessments/{id}/"),
        ("get", "/assessments/{id}/revisions/1/"),
        ("get", "/assessments/{id}/edit/"),
        ("post", "/assessments/{id}/edit/"),
        ("post", "/assessments/{id}/duplicate/"),
        ("get", "/assessments/{id}/delete/"),
        ("post", "/assessments/{id}/delete/"),
        ("post", "/assessments/{id}/share/"),
        ("get", "/jobs/revisions/{revision}/exports/"),
        ("post", "/jobs/revisions/{revision}/exports/new/"),
    ],
)
def test_another_users_assessment_is_not_found(client, alice, bob, method, path):
    # given
    assessment = make_assessment(alice)
    client.force_login(bob)

    # when
    revision = assessment.revisions.get()
    response = getattr(client, method)(path.format(id=assessment.pk, revision=revision.pk))

    # then
    assert response.status_code == 404
    assert Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.parametrize("path", ["/assessments/", "/assessments/1/", "/compare/"])
def test_anonymous_visitors_are_asked_to_log_in(client, path):
    # given / when
    response = client.get(path)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_editing_saves_a_new_revision_and_keeps_the_old_one_viewable(alice_client, alice):
    # given
    assessment = make_assessment(alice)
    answers = {**as_post(preset_answers("api-for-a-mobile-app")), "avg_rps": "90"}
    answers["peak_rps"] = "400"

    # when
    response = alice_client.post(f"/assessments/{assessment.pk}/edit/", answers)

    # then
    assert response.status_code == 302
    assert assessment.revisions.count() == 2
    old = alice_client.get(f"/assessments/{assessment.pk}/revisions/1/").content.decode()
    new = alice_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Revision 1 · saved" in old
    assert "Revision 2 · saved" in new


def test_the_edit_page_is_the_questionnaire_filled_with_the_latest_answers(alice_client, alice):
    # given
    assessment = make_assessment(alice, "real-time-chat")

    # when
    page = alice_client.get(f"/assessments/{assessment.pk}/edit/").content.decode()

    # then
    assert 'value="Real-time chat"' in page
    assert "Save as a new revision" in page


def test_editing_with_errors_keeps_the_saved_revisions_untouched(alice_client, alice):
    # given
    assessment = make_assessment(alice)

    # when
    response = alice_client.post(f"/assessments/{assessment.pk}/edit/", {"name": ""})

    # then
    assert response.status_code == 400
    assert assessment.revisions.count() == 1


def test_duplicate_opens_the_copy(alice_client, alice):
    # given
    assessment = make_assessment(alice)

    # when
    response = alice_client.post(f"/assessments/{assessment.pk}/duplicate/")

    # then
    copy = Assessment.objects.exclude(pk=assessment.pk).get()
    assert response["Location"] == f"/assessments/{copy.pk}/"
    assert copy.name.startswith("Copy of")


def test_delete_asks_first_and_deletes_only_on_post(alice_client, alice):
    # given
    assessment = make_assessment(alice)

    # when
    confirm = alice_client.get(f"/assessments/{assessment.pk}/delete/")
    still_there = Assessment.objects.filter(pk=assessment.pk).exists()
    response = alice_client.post(f"/assessments/{assessment.pk}/delete/")

    # then
    assert "cannot be undone" in confirm.content.decode()
    assert still_there
    assert response["Location"] == "/assessments/"
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_compare_marks_the_answers_that_differ(alice_client, alice):
    # given
    left = make_assessment(alice, "api-for-a-mobile-app").revisions.get()
    right = make_assessment(alice, "real-time-chat").revisions.get()

    # when
    page = alice_client.get("/compare/", {"left": left.pk, "right": right.pk}).content.decode()

    # then
    runtime_row = _row(page, "Language")
    assert "(differs)" in runtime_row
    assert "<mark>Node.js</mark>" in runtime_row  # the questionnaire's words, not "node"
    assert "<mark>" not in _row(page, "Who may call it")  # both use JWT
    assert "Containers (Fargate + load balancer) / month" in page


def _row(page: str, label: str) -> str:
    return page.split(label, 1)[1].split("</tr>")[0]


def test_compare_speaks_in_words_with_reasons_break_even_line_items_and_design(alice_client, alice):
    # given: a plain API against a workflow waiting on people, with file uploads
    left = make_assessment(alice, "api-for-a-mobile-app").revisions.get()
    right = make_assessment(
        alice,
        "api-for-a-mobile-app",
        name="Approvals",
        workflow="human_approval",
        workflow_share=0.02,
        triggers=["http", "file_upload"],
        cpu_bound=True,
    ).revisions.get()

    # when
    page = alice_client.get("/compare/", {"left": left.pk, "right": right.pk}).content.decode()

    # then: no code on the page
    table = page.split('<table class="compare">')[1].split("</table>")[0]
    for code in ("False", "True", "['", "{'", "human_approval", "file_upload"):
        assert code not in table, code
    assert "Waits for a person&#x27;s approval" in _row(table, "Coordination")
    assert "HTTP requests, File uploads" in _row(table, "What starts the work")
    assert "<mark>Yes</mark>" in _row(table, "The work is CPU-heavy")
    # and what the verdicts and designs differ in
    for section in ("Reasons", "Break-even average rate", "Line items: ", "Components only"):
        assert section in table
    assert "+ " in _row(table, "Components only in this design")


def test_compare_refuses_another_users_revision(client, alice, bob):
    # given
    mine = make_assessment(bob).revisions.get()
    theirs = make_assessment(alice).revisions.get()
    client.force_login(bob)

    # when
    response = client.get("/compare/", {"left": mine.pk, "right": theirs.pk})

    # then
    assert response.status_code == 404


def test_my_assessments_lists_the_most_recently_changed_first_with_verdict_score_and_cost(
    client,
):
    # given: three assessments; the first one made is revised last
    from advisor.engine import evaluate
    from advisor.services import assessment_revise
    from tests.conftest import load_workload, preset_answers

    owner = make_user()
    oldest = make_assessment(owner, name="Oldest, revised last")
    make_assessment(owner, name="Middle")
    make_assessment(owner, name="Newest")
    assessment_revise(
        assessment=oldest, answers=preset_answers("api-for-a-mobile-app") | {"name": "Revised"}
    )
    client.force_login(owner)

    # when
    page = client.get("/assessments/").content.decode()

    # then
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [row.split("</a>")[0].rsplit(">", 1)[1] for row in rows] == [
        "Revised",
        "Newest",
        "Middle",
    ]
    verdict = evaluate(load_workload(preset_answers("api-for-a-mobile-app"))).verdict
    assert verdict.fit.label in rows[0] and f">{verdict.score}<" in rows[0]
    assert "$" in rows[0]


def test_an_assessment_saved_before_the_upload_share_opens_priced_as_every_request_uploading(
    alice_client, alice
):
    # given: a revision saved with uploads before upload_share was a question
    from advisor.engine import evaluate
    from advisor.models import AssessmentRevision
    from tests.conftest import load_workload

    assessment = make_assessment(
        alice, triggers=["http", "file_upload"], payload_kb=2000, upload_share=0.02
    )
    revision = assessment.revisions.get()
    older = {key: value for key, value in revision.answers.items() if key != "upload_share"}
    AssessmentRevision.objects.filter(pk=revision.pk).update(answers=older)

    # when
    page = alice_client.get(f"/assessments/{assessment.pk}/").content.decode()
    edit = alice_client.get(f"/assessments/{assessment.pk}/edit/").content.decode()

    # then: priced as before, every request uploading a photo
    every = load_workload({**older, "upload_share": 1})
    monthly_usd = evaluate(every).costs.serverless.monthly_usd
    assert "can no longer be evaluated" not in page
    assert f"${monthly_usd:,.0f} a month" in page
    assert 'name="upload_share"' in edit
