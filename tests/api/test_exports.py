"""Exports through the API as a script uses them: the kinds, start one with options, follow
its progress, download the file; the site's access rules (owner, share link) and its
export rate limit. The job is built in-process, as the worker's task does."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from advisor.exports import exporters
from advisor.jobs.models import ExportJob
from advisor.jobs.services import MISSING_FILE_NOTE, export_job_run, requesting
from advisor.services import api_token_create, share_link_create, share_link_revoke
from tests.factories import make_assessment, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"
State = ExportJob.State


@pytest.fixture(autouse=True)
def _setting(settings, tmp_path, monkeypatch):
    """Files in a folder of the test's own; no broker (the test runs the job itself); rate
    counters from zero."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner():
    return make_user("olivia")


@pytest.fixture
def revision(owner):
    return make_assessment(owner, "api-for-a-mobile-app").revisions.get()


def _bearer(user) -> Client:
    _, key = api_token_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def api(owner) -> Client:
    return _bearer(owner)


def _start(client: Client, revision_id: int, body: dict, token: str = ""):
    query = f"?token={token}" if token else ""
    url = f"{API}/revisions/{revision_id}/exports{query}"
    return client.post(url, json.dumps(body), content_type="application/json")


def _built(job_id: int) -> None:
    assert export_job_run(job_id=job_id, worker="test")


def test_the_kinds_are_the_registrys_with_their_options_and_defaults(client):
    # when
    kinds = client.get(f"{API}/exports/kinds").json()

    # then
    assert [kind["key"] for kind in kinds] == [entry.key for entry in exporters()]
    pdf = next(kind for kind in kinds if kind["key"] == "pdf")
    paper = pdf["options"][0]
    assert (paper["name"], paper["default"]) == ("paper", "a4")
    assert {"a4", "letter"} <= {choice["value"] for choice in paper["choices"]}


def test_start_follow_and_download_an_export(api, revision):
    # given
    started = _start(api, revision.pk, {"kind": "scaffold"})
    job = started.json()

    # when: queued, then built by a worker, then fetched
    queued = api.get(job["status_url"]).json()
    _built(job["id"])
    done = api.get(job["status_url"]).json()
    download = api.get(done["download_url"])

    # then
    assert started.status_code == 202
    assert (job["kind"], job["options"], job["state"]) == (
        "scaffold",
        {"stack": "sam-python"},
        "queued",
    )
    assert queued["download_url"] is None
    assert (done["state"], done["progress"]) == ("done", 100)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None and any(
        n.endswith("template.yaml") for n in archive.namelist()
    )


def test_asking_again_with_the_same_options_returns_the_same_job(api, revision):
    # when
    first = _start(api, revision.pk, {"kind": "pdf", "options": {"paper": "letter"}}).json()
    again = _start(api, revision.pk, {"kind": "pdf", "options": {"paper": "letter"}}).json()
    other = _start(api, revision.pk, {"kind": "pdf"}).json()

    # then
    assert first["id"] == again["id"] != other["id"]
    assert other["options"] == {"paper": "a4"}
    listed = api.get(f"{API}/revisions/{revision.pk}/exports").json()
    assert sorted(job["id"] for job in listed) == sorted([first["id"], other["id"]])


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"kind": "docx"}, "Unknown export 'docx'"),
        ({"kind": "pdf", "options": {"paper": "a0"}}, "paper must be one of"),
        ({"kind": "pdf", "options": {"colour": "red"}}, "Unknown option colour"),
    ],
)
def test_an_unknown_kind_option_or_value_gets_400_and_starts_nothing(api, revision, body, words):
    # when
    response = _start(api, revision.pk, body)

    # then
    assert response.status_code == 400
    assert words in response.json()["errors"]["__all__"][0]
    assert not ExportJob.objects.exists()


def test_a_download_before_the_file_is_ready_is_409_saying_so(api, revision):
    # given
    job = _start(api, revision.pk, {"kind": "scaffold"}).json()

    # when
    response = api.get(f"{API}/exports/{job['id']}/download")

    # then
    assert response.status_code == 409
    assert "not ready" in response.json()["errors"]["__all__"][0]


def test_a_file_that_went_missing_is_built_again_and_the_download_says_so(api, revision, settings):
    # given
    job = _start(api, revision.pk, {"kind": "scaffold"}).json()
    _built(job["id"])
    built = ExportJob.objects.get(pk=job["id"])
    (settings.MEDIA_ROOT / built.artefact.name).unlink()

    # when
    response = api.get(f"{API}/exports/{job['id']}/download")

    # then
    assert response.status_code == 409
    assert "built again" in response.json()["errors"]["__all__"][0]
    status = api.get(job["status_url"]).json()
    assert (status["state"], status["note"]) == ("queued", MISSING_FILE_NOTE)


def test_retry_queues_a_failed_export_again(api, revision):
    # given
    job = _start(api, revision.pk, {"kind": "scaffold"}).json()
    ExportJob.objects.filter(pk=job["id"]).update(state=State.FAILED, error="The disk is full.")

    # when
    failed = api.get(job["status_url"]).json()
    retried = api.post(f"{API}/exports/{job['id']}/retry")

    # then
    assert (failed["state"], failed["error"]) == ("failed", "The disk is full.")
    assert retried.status_code == 200
    assert (retried.json()["state"], retried.json()["error"]) == ("queued", "")


def test_a_share_link_holder_exports_the_shared_revision_without_an_account(owner, revision):
    # given
    link = share_link_create(assessment=revision.assessment)
    anonymous = Client()

    # when
    started = _start(anonymous, revision.pk, {"kind": "scaffold"}, token=link.token)
    job = started.json()
    _built(job["id"])
    status = anonymous.get(job["status_url"]).json()
    download = anonymous.get(status["download_url"])

    # then: the addresses it is given carry its token
    assert started.status_code == 202
    assert f"token={link.token}" in job["status_url"]
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"


def test_a_revoked_link_another_user_and_nobody_cannot_export(owner, revision):
    # given
    link = share_link_create(assessment=revision.assessment)
    share_link_revoke(share_link=link)
    job = ExportJob.objects.create(revision=revision, kind="pdf", options_key="paper=a4")
    stranger = _bearer(make_user("mallory"))

    # when
    revoked = Client().get(f"{API}/exports/{job.pk}?token={link.token}")
    other = stranger.get(f"{API}/exports/{job.pk}")
    nobody = _start(Client(), revision.pk, {"kind": "scaffold"})
    other_start = _start(stranger, revision.pk, {"kind": "scaffold"})

    # then
    assert (revoked.status_code, other.status_code) == (401, 404)
    assert (nobody.status_code, other_start.status_code) == (401, 404)
    assert ExportJob.objects.count() == 1


def test_exports_share_the_sites_rate_limit_and_get_429_with_retry_after(
    api, owner, revision, settings
):
    # given: a limit of two, one used on the site
    settings.ADVISOR_RATE_LIMITS = {**settings.ADVISOR_RATE_LIMITS, "export": "2/d"}
    site = Client()
    site.force_login(owner)
    site.post(reverse("jobs:export_create", args=[revision.pk]), {"kind": "pdf"})

    # when
    allowed = _start(api, revision.pk, {"kind": "scaffold"})
    refused = _start(api, revision.pk, {"kind": "pdf", "options": {"paper": "letter"}})

    # then
    assert allowed.status_code == 202
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 86_400
    assert "too many exports" in refused.json()["errors"]["__all__"][0]
    assert ExportJob.objects.count() == 2


@pytest.mark.parametrize("body", ["{not json", '"pdf"', '{"kind": 3}', "x" * 100_001])
def test_a_body_that_is_not_a_kind_with_options_gets_400_in_words(api, revision, body):
    # when
    url = f"{API}/revisions/{revision.pk}/exports"
    response = api.post(url, body, content_type="application/json")

    # then
    assert response.status_code == 400
    assert "GET /exports/kinds" in response.json()["errors"]["__all__"][0]
    assert not ExportJob.objects.exists()
