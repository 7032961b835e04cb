"""Artefacts on S3-compatible storage (USE_S3): written, presigned, streamed, removed.

Against moto's S3 server on 127.0.0.1, a real HTTP server that checks signatures: the
export is built in-process (as the task does), then downloaded through the view.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.test import Client
from django.urls import reverse

from advisor.jobs.models import ExportJob
from advisor.jobs.services import (
    MISSING_FILE_NOTE,
    export_job_request,
    export_job_run,
    requesting,
)
from advisor.services import (
    api_token_create,
    assessment_delete,
    share_link_create,
    share_link_revoke,
)
from tests.s3_server import BUCKET, MotoServer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def moto(tmp_path_factory) -> Iterator[MotoServer]:
    server = MotoServer(tmp_path_factory.mktemp("moto")).start()
    yield server
    server.stop()


@pytest.fixture
def s3(moto, settings, monkeypatch) -> MotoServer:
    """The module's server with nothing in it but the empty bucket (started again if the
    test before stopped it)."""
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)
    server = moto.reset()
    settings.STORAGES = server.storages(settings.STORAGES)
    settings.ADVISOR_S3_DOWNLOADS = "presigned"
    return server


@pytest.fixture
def built(s3, revision) -> ExportJob:
    job = export_job_request(revision=revision, kind="scaffold", options={})
    export_job_run(job_id=job.pk, worker="w1")
    job.refresh_from_db()
    return job


def _download(client: Client, job: ExportJob, **query: str):
    return client.get(reverse("jobs:export_download", args=[job.pk]), query)


def test_the_artefact_is_an_object_under_its_attempts_folder(s3, built):
    # then
    assert built.state == ExportJob.State.DONE
    assert s3.keys() == [built.artefact.name]
    assert built.artefact.name.startswith(f"exports/{built.pk}/{built.fence}/")


def test_the_owner_gets_a_presigned_url_of_a_minute_that_serves_the_file(s3, built, owner_client):
    # when
    response = _download(owner_client, built)
    fetched = httpx.get(response["Location"])

    # then: the bucket's address with a signature, not the object's public one
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    address = urlsplit(response["Location"])
    query = parse_qs(address.query)
    assert f"{address.scheme}://{address.netloc}" == s3.url
    assert address.path == f"/{BUCKET}/{built.artefact.name}"
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "application/zip"
    name = built.artefact.name.rsplit("/", 1)[1]
    assert fetched.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert zipfile.ZipFile(io.BytesIO(fetched.content)).testzip() is None


def test_the_object_is_private(s3, built):
    # when
    grants = s3.client().get_object_acl(Bucket=BUCKET, Key=built.artefact.name)["Grants"]

    # then: no grant to everyone or to any authenticated AWS user
    public = [g for g in grants if "acs.amazonaws.com/groups/global" in str(g["Grantee"])]
    assert public == [] and grants


@pytest.mark.parametrize("who", ["another user", "anonymous", "revoked link", "other revision"])
def test_no_url_for_anyone_the_access_rules_refuse(s3, built, owner, django_user_model, who):
    # given
    client, query = Client(), {}
    if who == "another user":
        client.force_login(django_user_model.objects.create_user("mallory", password="x" * 20))
    if who == "revoked link":
        link = share_link_create(assessment=built.revision.assessment)
        query = {"token": share_link_revoke(share_link=link).token}
    if who == "other revision":
        from advisor.services import assessment_revise

        first = built.revision
        assessment_revise(assessment=first.assessment, answers={**first.answers, "name": "Again"})
        query = {"token": share_link_create(assessment=first.assessment).token}  # the latest

    # when
    response = _download(client, built, **query)

    # then
    assert response.status_code in (302, 404)
    assert "Location" not in response or s3.url not in response["Location"]
    assert response.status_code == 404 or response["Location"].startswith("/accounts/login/")


def test_a_share_link_of_the_revision_gets_a_url(s3, built):
    # given
    token = share_link_create(assessment=built.revision.assessment).token

    # when
    response = _download(Client(), built, token=token)

    # then
    assert response.status_code == 302 and response["Location"].startswith(s3.url)
    assert httpx.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("mode", ["presigned", "stream"])
def test_the_api_hands_over_the_file_as_the_page_does(s3, built, owner, settings, mode):
    # given
    settings.ADVISOR_S3_DOWNLOADS = mode
    _, key = api_token_create(user=owner)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    stranger = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=_stranger())[1]}")

    # when
    response = api.get(f"/api/v1/exports/{built.pk}/download")
    refused = stranger.get(f"/api/v1/exports/{built.pk}/download")

    # then: a presigned address of the bucket, or the object's bytes through the web process
    stored = s3.client().get_object(Bucket=BUCKET, Key=built.artefact.name)["Body"].read()
    if mode == "presigned":
        assert response.status_code == 302 and response["Location"].startswith(s3.url)
        assert httpx.get(response["Location"]).content == stored
    else:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored
    assert response["Cache-Control"] == "private, no-store"
    assert refused.status_code == 404 and "Location" not in refused


def _stranger():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("mallory", password="x" * 20)


def test_downloads_can_be_streamed_through_the_web_process(s3, built, owner_client, settings):
    # given
    settings.ADVISOR_S3_DOWNLOADS = "stream"

    # when
    response = _download(owner_client, built)
    body = b"".join(response.streaming_content)

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert body == s3.client().get_object(Bucket=BUCKET, Key=built.artefact.name)["Body"].read()


@pytest.mark.parametrize("mode", ["presigned", "stream"])
def test_a_deleted_object_is_built_again(s3, built, owner_client, settings, mode):
    # given
    settings.ADVISOR_S3_DOWNLOADS = mode
    s3.client().delete_object(Bucket=BUCKET, Key=built.artefact.name)

    # when
    response = _download(owner_client, built)
    built.refresh_from_db()

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jobs:export_panel", args=[built.revision_id]))
    assert built.state == ExportJob.State.QUEUED and built.note == MISSING_FILE_NOTE


@pytest.mark.parametrize("mode", ["presigned", "stream"])
def test_a_storage_that_is_away_gets_a_503_and_keeps_the_job(
    s3, built, owner_client, settings, mode
):
    # given
    settings.ADVISOR_S3_DOWNLOADS = mode
    s3.stop()

    # when
    response = _download(owner_client, built)
    again = owner_client.post(
        reverse("jobs:export_create", args=[built.revision_id]), {"kind": "scaffold"}
    )
    built.refresh_from_db()

    # then
    assert response.status_code == 503
    assert again.status_code == 302
    assert built.state == ExportJob.State.DONE


def test_deleting_the_assessment_removes_its_objects(s3, built, django_capture_on_commit_callbacks):
    # given
    assert s3.keys() == [built.artefact.name]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        assessment_delete(assessment=built.revision.assessment)

    # then
    assert s3.keys() == []
