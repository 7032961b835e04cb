"""Exports end to end with real worker processes: the happy path and the four faults.

Runs on the embedded stack by default and on PostgreSQL + Redis in the production-stack
run (see test_production_stack.py). Each test says what the user sees.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.jobs.models import ExportJob
from advisor.jobs.services import BROKER_DOWN_NOTE
from tests.jobs.conftest import wait_for
from tests.jobs.worker_app import RENDER_DELAY_ENV, RENDER_FAIL_FILE_ENV

pytestmark = pytest.mark.slow

State = ExportJob.State
# How long a test waits for a job's next state: a bound, not a speed (a PDF takes 3-4 s of
# CPU). 20 s ran out for the first PDF of the PostgreSQL + Redis run while chaos and the
# generated repos' validators ran beside it on 2 busy cores; as test_disk_full.py allows.
# 60 s ran out once for a killed worker's job (a new worker starting, sweeping, rendering)
# in a fresh clone's CI run, with the PostgreSQL + Redis rerun's processes and workers
# beside it: a passing wait still ends as soon as the state is reached.
RENDER_TIMEOUT_S = 180


def _click_export(client, revision, kind="pdf", **options):
    url = reverse("jobs:export_create", args=[revision.pk])
    response = client.post(url, {"kind": kind, **options}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content
    return ExportJob.objects.get(revision=revision, kind=kind), response


def _state(job):
    job.refresh_from_db()
    return job.state


def _files(media_root, job):
    """The job's files (attempts write in folders of their own)."""
    folder = media_root / "exports" / str(job.pk)
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("kind", "content_type", "magic"),
    [("pdf", "application/pdf", b"%PDF"), ("scaffold", "application/zip", b"PK")],
)
def test_a_clicked_export_is_built_by_a_worker_and_downloads(
    workers, owner_client, revision, media_root, kind, content_type, magic
):
    # given
    workers.start()

    # when
    job, _ = _click_export(owner_client, revision, kind)
    wait_for(lambda: _state(job) == State.DONE, RENDER_TIMEOUT_S, "the export to finish")

    # then
    status = owner_client.get(reverse("jobs:export_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert status.status_code == 286  # htmx stops polling
    assert "Download" in status.content.decode()
    download = owner_client.get(reverse("jobs:export_download", args=[job.pk]))
    assert download["Content-Type"] == content_type
    assert b"".join(download.streaming_content).startswith(magic)
    assert job.progress == 100 and job.attempts == 1
    assert len(_files(media_root, job)) == 1


def test_a_job_whose_worker_is_killed_mid_render_finishes_once_on_a_new_worker(
    workers, owner_client, revision, media_root
):
    # given: a worker that is still rendering when it is killed
    doomed = workers.start(**{RENDER_DELAY_ENV: "60"})
    job, _ = _click_export(owner_client, revision, "scaffold")
    wait_for(lambda: _state(job) == State.RUNNING, RENDER_TIMEOUT_S, "the job to start")

    # when
    doomed.kill()
    workers.start()

    # then: the new worker's sweep finds the silent job and builds it, once
    wait_for(lambda: _state(job) == State.DONE, RENDER_TIMEOUT_S, "the job to finish")
    assert job.attempts == 2
    assert len(_files(media_root, job)) == 1
    status = owner_client.get(reverse("jobs:export_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "Download" in status.content.decode()


def test_an_export_clicked_while_the_broker_is_down_waits_and_then_runs(
    workers, owner_client, revision, broker_down
):
    # given
    workers.start()

    # when
    with broker_down():
        job, response = _click_export(owner_client, revision, "scaffold")

    # then: the user reads why it waits, and it runs once the queue is reachable again
    assert BROKER_DOWN_NOTE in response.content.decode()
    assert _state(job) == State.QUEUED
    wait_for(lambda: _state(job) == State.DONE, RENDER_TIMEOUT_S, "the sweep to send the job")
    assert job.note == "" and job.attempts == 1


def test_a_renderer_that_raises_fails_the_job_in_plain_words_and_retry_builds_it(
    workers, owner_client, revision, tmp_path
):
    # given
    fail_file = tmp_path / "fail-the-renderer"
    fail_file.touch()
    workers.start(**{RENDER_FAIL_FILE_ENV: str(fail_file)})
    job, _ = _click_export(owner_client, revision, "scaffold")
    wait_for(lambda: _state(job) == State.FAILED, RENDER_TIMEOUT_S, "the job to fail")
    page = owner_client.get(
        reverse("jobs:export_panel", args=[revision.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Building the starter repository failed with an internal error (RuntimeError)" in page
    assert "Try again" in page

    # when
    fail_file.unlink()
    owner_client.post(reverse("jobs:export_retry", args=[job.pk]), HTTP_HX_REQUEST="true")

    # then
    wait_for(lambda: _state(job) == State.DONE, RENDER_TIMEOUT_S, "the retried job to finish")
    assert job.error == ""


def test_a_task_delivered_twice_builds_one_artefact(workers, owner_client, revision, media_root):
    # given
    from advisor.jobs.services import export_job_publish

    workers.start()
    workers.start()
    job, _ = _click_export(owner_client, revision, "scaffold")

    # when: the broker hands the same job out again
    export_job_publish(job_id=job.pk)
    export_job_publish(job_id=job.pk)
    wait_for(lambda: _state(job) == State.DONE, RENDER_TIMEOUT_S, "the job to finish")

    # then
    assert job.attempts == 1
    assert len(_files(media_root, job)) == 1


def _terminate_the_workers_database_connections() -> int:
    """What a PostgreSQL restart or a failover does to every connection but ours."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_job_whose_database_connections_are_cut_mid_render_is_still_built_once(
    workers, owner_client, revision
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (the production-stack run has it) to cut connections")
    # given: a render far longer than the stale interval (3 s here)
    workers.start(**{RENDER_DELAY_ENV: "8"})
    job, _ = _click_export(owner_client, revision, "scaffold")
    wait_for(lambda: _state(job) == State.RUNNING, RENDER_TIMEOUT_S, "the job to start")

    # when
    assert _terminate_the_workers_database_connections() > 0

    # then: the heartbeat reconnects, nobody re-queues a healthy job
    wait_for(lambda: _state(job) == State.DONE, RENDER_TIMEOUT_S + 8, "the job to finish")
    assert job.attempts == 1
