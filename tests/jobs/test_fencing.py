"""Attempts are fenced: one that lost its claim while paused (SIGSTOP, a VM freeze, a storage
stall) removes nothing but its own files, and the job stays done with an intact artefact.

The pause is played in-process: while attempt 1 renders, its heartbeat is made stale and
the sweep hands the job to attempt 2, which finishes it; then attempt 1 carries on, as a
resumed worker does. tests/chaos does the same with real signals and real workers.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.jobs.models import ExportJob
from advisor.jobs.services import (
    export_job_fail,
    export_job_request,
    export_job_retry,
    export_job_run,
    export_jobs_requeue,
    requesting,
    running,
)

pytestmark = pytest.mark.django_db(transaction=True)

State = ExportJob.State


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(requesting, "export_job_publish", lambda *, job_id: True)


def _go_silent(job_id: int, settings) -> None:
    """What a paused worker looks like to the others: no heartbeat for too long."""
    long_ago = timezone.now() - dt.timedelta(seconds=settings.ADVISOR_JOB_STALE_RUNNING_S + 5)
    ExportJob.objects.filter(pk=job_id).update(heartbeat_at=long_ago)


@pytest.fixture
def paused_first_attempt(monkeypatch, settings):
    """Attempt 1 'pauses' inside its render; meanwhile attempt 2 takes the job and finishes."""
    real_render = running._render
    calls: list[int] = []

    def render(job, workload, assessment):
        calls.append(job.pk)
        if len(calls) == 1:
            _go_silent(job.pk, settings)
            export_jobs_requeue()
            assert export_job_run(job_id=job.pk, worker="w2")
        return real_render(job, workload, assessment)

    monkeypatch.setattr(running, "_render", render)
    return calls


def _files(media_root, job) -> list[str]:
    folder = media_root / "exports" / str(job.pk)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_resumed_attempt_that_lost_its_claim_leaves_the_finished_file_alone(
    paused_first_attempt, revision, owner_client, media_root
):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})

    # when: attempt 1 resumes after attempt 2 finished the job
    built = export_job_run(job_id=job.pk, worker="w1")

    # then: attempt 2's file is the job's, whole, and the only one
    download = owner_client.get(reverse("jobs:export_download", args=[job.pk]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None
    assert any(name.endswith("/template.yaml") for name in archive.namelist())
    job.refresh_from_db()
    assert not built
    assert (job.state, job.attempts, job.worker) == (State.DONE, 2, "w2")
    assert _files(media_root, job) == [job.artefact.name.split(f"exports/{job.pk}/", 1)[1]]


@pytest.fixture
def paused_across_a_retry(monkeypatch):
    """Attempt 1 'pauses'; meanwhile the job fails, is retried (attempts start over at 0)
    and a second attempt claims it and is still at work when attempt 1 resumes. Only the
    fence, never reset, tells the two apart."""
    real_render = running._render

    def render(job, workload, assessment):
        export_job_fail(job_id=job.pk, reason="Its worker was lost.")
        export_job_retry(job=ExportJob.objects.get(pk=job.pk))
        assert running._claim(job_id=job.pk, worker="w2")
        return real_render(job, workload, assessment)

    monkeypatch.setattr(running, "_render", render)


def test_an_attempt_from_before_a_retry_cannot_publish_over_the_retried_one(
    paused_across_a_retry, revision, media_root
):
    # given
    job = export_job_request(revision=revision, kind="pdf", options={})

    # when
    built = export_job_run(job_id=job.pk, worker="w1")

    # then: the job is still the second attempt's to finish, and attempt 1 left nothing
    job.refresh_from_db()
    assert not built
    assert (job.state, job.attempts, job.fence, job.worker) == (State.RUNNING, 1, 2, "w2")
    assert job.artefact.name == "" and _files(media_root, job) == []
