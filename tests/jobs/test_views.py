"""Export views: who may see and download, htmx fragments, polling that stops."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.jobs.models import ExportJob
from advisor.jobs.services import export_job_fail, export_job_request, export_job_run, requesting
from advisor.services import share_link_create, share_link_revoke
from tests.conftest import preset_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)


@pytest.fixture
def done_job(revision, media_root):
    job = export_job_request(revision=revision, kind="scaffold", options={})
    export_job_run(job_id=job.pk, worker="w1")
    job.refresh_from_db()
    return job


@pytest.fixture
def stranger_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("mallory", password="x" * 20))
    return client


def test_the_owner_downloads_a_finished_export_with_a_good_name(owner_client, done_job):
    # when
    response = owner_client.get(reverse("jobs:export_download", args=[done_job.pk]))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    expected = f"api-for-a-mobile-app-sam-python-job{done_job.pk}.zip"
    assert f'attachment; filename="{expected}"' == response["Content-Disposition"]


def test_a_long_workload_name_is_kept_whole_in_the_file_name(owner, owner_client, media_root):
    # given
    from advisor.services import assessment_create

    answers = preset_answers("api-for-a-mobile-app") | {"name": "Video processing pipeline"}
    revision = assessment_create(owner=owner, answers=answers).revisions.get()
    job = export_job_request(revision=revision, kind="scaffold", options={})
    export_job_run(job_id=job.pk, worker="w1")

    # when
    response = owner_client.get(reverse("jobs:export_download", args=[job.pk]))

    # then: not "video-processing-pipelin-…"
    expected = f"video-processing-pipeline-sam-python-job{job.pk}.zip"
    assert f'attachment; filename="{expected}"' == response["Content-Disposition"]


def test_a_share_link_holder_downloads_and_a_revoked_link_does_not(client, done_job):
    # given
    link = share_link_create(assessment=done_job.revision.assessment)
    url = reverse("jobs:export_download", args=[done_job.pk])

    # when
    allowed = client.get(url, {"token": link.token})
    share_link_revoke(share_link=link)
    revoked = client.get(url, {"token": link.token})

    # then
    assert allowed.status_code == 200
    assert revoked.status_code == 404


@pytest.mark.parametrize("who", ["stranger", "anonymous", "wrong token"])
def test_nobody_else_sees_or_downloads_an_export(client, stranger_client, done_job, who):
    # given
    share_link_create(assessment=done_job.revision.assessment)
    visitor = stranger_client if who == "stranger" else client
    query = {"token": "not-the-token"} if who == "wrong token" else {}

    # when
    responses = [
        visitor.get(reverse("jobs:export_download", args=[done_job.pk]), query),
        visitor.get(reverse("jobs:export_status", args=[done_job.pk]), query),
        visitor.get(reverse("jobs:export_panel", args=[done_job.revision_id]), query),
        visitor.post(
            reverse("jobs:export_create", args=[done_job.revision_id]), {"kind": "pdf", **query}
        ),
    ]

    # then
    assert [r.status_code for r in responses] == [404, 404, 404, 404]


def test_an_unfinished_export_cannot_be_downloaded(owner_client, revision):
    # given
    job = export_job_request(revision=revision, kind="pdf", options={})

    # when
    response = owner_client.get(reverse("jobs:export_download", args=[job.pk]))

    # then
    assert response.status_code == 404


def test_a_finished_export_whose_file_is_gone_is_rebuilt_instead_of_answering_500(
    owner_client, done_job, media_root
):
    # given: the file was lost (a disk replaced, a bucket emptied) after the job finished
    (media_root / done_job.artefact.name).unlink()

    # when
    response = owner_client.get(reverse("jobs:export_download", args=[done_job.pk]))

    # then: the visitor lands on the exports, where the job is being built again
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:export_panel", args=[done_job.revision_id])
    done_job.refresh_from_db()
    assert (done_job.state, done_job.artefact.name) == (ExportJob.State.QUEUED, "")
    page = owner_client.get(response["Location"]).content.decode()
    assert "gone missing" in page


def test_a_download_while_the_storage_is_away_says_so_without_a_500(
    owner_client, done_job, monkeypatch
):
    # given: reading the file fails as an unmounted share or an unreachable bucket does
    from django.core.files.storage import FileSystemStorage

    def unreachable(self, name, mode="rb"):
        raise OSError(5, "Input/output error", name)

    monkeypatch.setattr(FileSystemStorage, "_open", unreachable)

    # when
    response = owner_client.get(reverse("jobs:export_download", args=[done_job.pk]))

    # then
    assert response.status_code == 503
    assert "cannot be reached" in response.content.decode()
    done_job.refresh_from_db()
    assert done_job.state == ExportJob.State.DONE


def test_the_panel_is_a_fragment_for_htmx_and_a_page_without_it(owner_client, revision):
    # given
    url = reverse("jobs:export_panel", args=[revision.pk])

    # when
    fragment = owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    page = owner_client.get(url).content.decode()

    # then
    assert "<html" not in fragment and "Build the PDF decision report" in fragment
    assert "<html" in page and "Build the PDF decision report" in page


def test_a_running_job_keeps_polling_and_a_finished_one_stops(owner_client, revision, done_job):
    # given
    running = export_job_request(revision=revision, kind="pdf", options={})

    # when
    polling = owner_client.get(
        reverse("jobs:export_status", args=[running.pk]), HTTP_HX_REQUEST="true"
    )
    finished = owner_client.get(
        reverse("jobs:export_status", args=[done_job.pk]), HTTP_HX_REQUEST="true"
    )

    # then
    assert polling.status_code == 200 and 'hx-trigger="every 1s"' in polling.content.decode()
    assert finished.status_code == 286 and "hx-trigger" not in finished.content.decode()
    assert "Download" in finished.content.decode()


def test_a_failed_job_shows_its_reason_and_a_retry_button_that_queues_it(owner_client, revision):
    # given
    job = export_job_request(revision=revision, kind="pdf", options={})
    export_job_fail(job_id=job.pk, reason="The renderer broke.")
    status_url = reverse("jobs:export_status", args=[job.pk])

    # when
    shown = owner_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    retried = owner_client.post(reverse("jobs:export_retry", args=[job.pk]), HTTP_HX_REQUEST="true")

    # then
    assert "The renderer broke." in shown and "Try again" in shown
    assert retried.status_code == 200 and "Waiting for a worker" in retried.content.decode()
    job.refresh_from_db()
    assert job.state == ExportJob.State.QUEUED


def test_an_export_of_an_unknown_kind_is_refused(owner_client, revision):
    # when
    response = owner_client.post(
        reverse("jobs:export_create", args=[revision.pk]), {"kind": "docx"}
    )

    # then
    assert response.status_code == 400
    assert not ExportJob.objects.exists()


def test_clicking_export_without_javascript_lands_on_the_exports_page(owner_client, revision):
    # when
    response = owner_client.post(reverse("jobs:export_create", args=[revision.pk]), {"kind": "pdf"})

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:export_panel", args=[revision.pk])


def test_the_result_page_panel_loads_itself_and_passes_the_share_token(revision):
    # given
    from django.template.loader import render_to_string

    link = share_link_create(assessment=revision.assessment)
    panel_url = reverse("jobs:export_panel", args=[revision.pk])

    # when
    owner_html = render_to_string("jobs/_export_panel.html", {"revision": revision})
    shared_html = render_to_string("jobs/_export_panel.html", {"revision": revision, "share": link})

    # then
    assert f'hx-get="{panel_url}"' in owner_html and f'href="{panel_url}"' in owner_html
    assert f'hx-get="{panel_url}?token={link.token}"' in shared_html
