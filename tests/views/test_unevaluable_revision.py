"""A saved assessment whose answers no longer evaluate (saved before a rule of the form
existed, such as a peak far above a near-zero average) shows a clear message on each of
its pages, stays editable, and never answers 500: result, revision, edit, compare, diagram,
share link, API and exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.jobs.models import ExportJob
from advisor.jobs.services import export_job_request, export_job_run, requesting
from advisor.models import AssessmentRevision
from advisor.services import share_link_create
from tests.conftest import preset_answers
from tests.factories import as_post, make_assessment, make_user

pytestmark = pytest.mark.django_db

# What the form accepted before it compared the peak with the average (the engine then
# crashed on it with OverflowError).
SAVED_BEFORE_THE_RULE = {"avg_rps": 1e-300, "peak_rps": 50}


@pytest.fixture
def owner():
    return make_user("olivia")


@pytest.fixture
def broken(owner):
    """An assessment whose only revision holds answers saved before the rule."""
    assessment = make_assessment(owner)
    revision = assessment.revisions.get()
    AssessmentRevision.objects.filter(pk=revision.pk).update(
        answers={**revision.answers, **SAVED_BEFORE_THE_RULE}
    )
    return assessment


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.parametrize("page", ["assessment_detail", "assessment_revision"])
def test_the_result_page_says_why_and_offers_the_edit(owner_client, broken, page):
    # given
    kwargs = {"id": broken.pk} | ({"number": 1} if page == "assessment_revision" else {})

    # when
    response = owner_client.get(reverse(page, kwargs=kwargs))

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "can no longer be evaluated" in body and "peak_rps" in body
    assert reverse("assessment_edit", args=[broken.pk]) in body


def test_the_edit_page_shows_the_answers_with_the_error_and_saving_a_fix_works(
    owner_client, broken
):
    # given
    edit = reverse("assessment_edit", args=[broken.pk])

    # when
    page = owner_client.get(edit)
    fixed = as_post({**preset_answers("api-for-a-mobile-app"), "avg_rps": 5, "peak_rps": 50})
    saved = owner_client.post(edit, fixed)

    # then
    assert page.status_code == 200 and "held for even one second" in page.content.decode()
    assert saved.status_code == 302
    assert owner_client.get(reverse("assessment_detail", args=[broken.pk])).status_code == 200
    assert broken.revisions.count() == 2


def test_compare_says_which_revision_cannot_be_evaluated(owner_client, owner, broken):
    # given
    good = make_assessment(owner).revisions.get()
    bad = broken.revisions.get()

    # when
    response = owner_client.get(reverse("compare"), {"left": good.pk, "right": bad.pk})

    # then
    assert response.status_code == 200
    assert "can no longer be evaluated" in response.content.decode()


def test_the_diagram_download_refuses_with_a_reason(owner_client, broken):
    # when
    response = owner_client.get(
        reverse("assessment_diagram", kwargs={"id": broken.pk, "number": 1, "ext": "svg"})
    )

    # then
    assert response.status_code == 409
    assert "peak_rps" in response.content.decode()


def test_a_share_link_holder_reads_the_message(client, broken):
    # given
    link = share_link_create(assessment=broken)

    # when
    page = client.get(reverse("shared_result", args=[link.token]))
    diagram = client.get(reverse("shared_diagram", args=[link.token, "svg"]))

    # then
    assert page.status_code == 200 and "can no longer be evaluated" in page.content.decode()
    assert reverse("assessment_edit", args=[broken.pk]) not in page.content.decode()
    assert diagram.status_code == 409


def test_the_api_answers_409_with_the_field_errors(owner_client, broken):
    # when
    response = owner_client.get(f"/api/v1/assessments/{broken.pk}")

    # then
    assert response.status_code == 409
    assert "peak_rps" in response.json()["errors"]


def test_an_export_fails_in_plain_words_and_can_be_retried(
    owner_client, broken, settings, tmp_path, monkeypatch
):
    # given
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)
    job = export_job_request(revision=broken.revisions.get(), kind="pdf", options={})

    # when
    export_job_run(job_id=job.pk, worker="w1")

    # then
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert "no longer pass the questionnaire (peak_rps)" in job.error
    panel = owner_client.get(
        reverse("jobs:export_panel", args=[job.revision_id]), HTTP_HX_REQUEST="true"
    )
    assert panel.status_code == 200 and "Try again" in panel.content.decode()


def test_duplicating_it_says_why_instead_of_a_500(owner_client, broken):
    # when: the Duplicate button of a page opened before the answers stopped passing
    response = owner_client.post(reverse("assessment_duplicate", args=[broken.pk]), follow=True)

    # then: nothing half-made, and the reason on the page
    assert response.status_code == 200
    assert "peak_rps" in response.content.decode()
    assert broken.owner.assessments.count() == 1
