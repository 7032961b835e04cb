"""Export job services, called directly (no worker): identity, claim, store, sweep, failure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from advisor.jobs import services
from advisor.jobs.models import ExportJob
from advisor.jobs.services import (
    ExportOptionsError,
    export_files_collect,
    export_job_fail,
    export_job_request,
    export_job_retry,
    export_job_run,
    export_jobs_requeue,
    export_options_normalise,
    failure_reason,
    requesting,
)
from advisor.questionnaire import InvalidAnswersError

pytestmark = pytest.mark.django_db

State = ExportJob.State


@pytest.fixture
def no_broker(monkeypatch):
    """Record what would be sent to the broker instead of sending it."""
    sent: list[int] = []
    monkeypatch.setattr(
        requesting, "export_job_publish", lambda *, job_id: sent.append(job_id) or True
    )
    return sent


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        ("pdf", {}, {"paper": "a4"}),
        ("pdf", {"paper": "letter"}, {"paper": "letter"}),
        ("scaffold", {}, {"stack": "sam-python"}),
    ],
)
def test_it_fills_in_default_options(kind, options, expected):
    assert export_options_normalise(kind=kind, options=options) == expected


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("docx", {}),
        ("pdf", {"paper": "a3"}),
        ("pdf", {"colour": "red"}),
        ("scaffold", {"stack": "cdk"}),
    ],
)
def test_it_refuses_unknown_kinds_and_options(kind, options):
    with pytest.raises(ExportOptionsError):
        export_options_normalise(kind=kind, options=options)


def test_asking_twice_for_the_same_export_returns_the_same_job_and_sends_it_once(
    revision, django_capture_on_commit_callbacks, no_broker
):
    # given / when
    with django_capture_on_commit_callbacks(execute=True):
        first = export_job_request(revision=revision, kind="pdf", options={})
        second = export_job_request(revision=revision, kind="pdf", options={"paper": "a4"})

    # then
    assert first.pk == second.pk
    assert ExportJob.objects.count() == 1
    assert no_broker == [first.pk]


def test_other_options_make_another_job(revision):
    # given / when
    a4 = export_job_request(revision=revision, kind="pdf", options={"paper": "a4"})
    letter = export_job_request(revision=revision, kind="pdf", options={"paper": "letter"})

    # then
    assert a4.pk != letter.pk
    assert {a4.options_key, letter.options_key} == {"paper=a4", "paper=letter"}


def test_a_run_builds_the_artefact_and_a_second_delivery_does_nothing(revision, media_root):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})

    # when
    built = export_job_run(job_id=job.pk, worker="w1")
    again = export_job_run(job_id=job.pk, worker="w2")

    # then
    job.refresh_from_db()
    assert (built, again) == (True, False)
    assert (job.state, job.progress, job.attempts, job.worker) == (State.DONE, 100, 1, "w1")
    assert (
        job.artefact.name == f"exports/{job.pk}/1/api-for-a-mobile-app-sam-python-job{job.pk}.zip"
    )
    assert _files(media_root, job) == [job.artefact.name]


def _running(job, *, heartbeat_age_s, attempts=1):
    ExportJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING,
        attempts=attempts,
        fence=attempts,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=heartbeat_age_s),
    )


def _files(media_root, job) -> list[str]:
    """Every file under the job's folder, as storage names."""
    return sorted(
        str(p.relative_to(media_root)) for p in (media_root / "exports").rglob("*") if p.is_file()
    )


def test_a_job_running_with_a_live_heartbeat_is_not_taken_by_another_delivery(revision):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})
    _running(job, heartbeat_age_s=1)

    # when
    built = export_job_run(job_id=job.pk, worker="w2")

    # then
    job.refresh_from_db()
    assert not built and job.state == State.RUNNING


def test_a_job_whose_worker_went_silent_is_taken_over_and_the_sweep_removes_its_file(
    revision, media_root, settings
):
    # given: a worker that claimed the job, stored a file and died before publishing it
    job = export_job_request(revision=revision, kind="scaffold", options={})
    _running(job, heartbeat_age_s=settings.ADVISOR_JOB_STALE_RUNNING_S + 5)
    leftover = media_root / "exports" / str(job.pk) / "1" / "written-never-published.zip"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"PK")

    # when
    built = export_job_run(job_id=job.pk, worker="w2")
    left_by_the_new_attempt = leftover.exists()
    removed = export_files_collect()

    # then: the new attempt leaves the dead one's file; the sweep removes it, and only it
    job.refresh_from_db()
    assert built and job.state == State.DONE and job.attempts == 2 and job.fence == 2
    assert left_by_the_new_attempt and removed == 1
    assert _files(media_root, job) == [job.artefact.name]
    assert export_files_collect() == 0  # each finished job is swept once


def test_the_sweep_removes_every_file_of_a_failed_job(revision, media_root):
    # given: an attempt killed after writing, then the job failed
    job = export_job_request(revision=revision, kind="scaffold", options={})
    _running(job, heartbeat_age_s=0)
    leftover = media_root / "exports" / str(job.pk) / "1" / "never-published.zip"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"PK")
    export_job_fail(job_id=job.pk, reason="It broke.")

    # when
    removed = export_files_collect()

    # then
    assert removed == 1 and _files(media_root, job) == []


def test_a_finished_export_whose_file_went_missing_is_built_again_when_asked_for(
    revision, media_root, django_capture_on_commit_callbacks, no_broker
):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})
    export_job_run(job_id=job.pk, worker="w1")
    job.refresh_from_db()
    (media_root / job.artefact.name).unlink()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        again = export_job_request(revision=revision, kind="scaffold", options={})

    # then: queued and sent again, saying why; then built under a new fence
    assert (again.pk, again.state, again.artefact.name) == (job.pk, State.QUEUED, "")
    assert again.note == services.MISSING_FILE_NOTE and no_broker == [job.pk]
    assert export_job_run(job_id=job.pk, worker="w2")
    again.refresh_from_db()
    assert again.state == State.DONE and again.fence == 2
    assert (media_root / again.artefact.name).is_file()


def test_the_sweep_resends_silent_and_unsent_jobs_but_not_live_ones(revision, settings, no_broker):
    # given
    silent = export_job_request(revision=revision, kind="scaffold", options={})
    _running(silent, heartbeat_age_s=settings.ADVISOR_JOB_STALE_RUNNING_S + 5)
    unsent = export_job_request(revision=revision, kind="pdf", options={"paper": "a4"})
    ExportJob.objects.filter(pk=unsent.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=10), enqueued_at=None
    )
    live = export_job_request(revision=revision, kind="pdf", options={"paper": "letter"})
    _running(live, heartbeat_age_s=1)

    # when
    export_jobs_requeue()

    # then
    assert sorted(no_broker) == sorted([silent.pk, unsent.pk])
    silent.refresh_from_db()
    assert silent.state == State.QUEUED and silent.note == services.WORKER_LOST_NOTE


def test_the_sweep_fails_a_job_that_keeps_losing_its_worker(revision, settings, no_broker):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})
    _running(
        job,
        heartbeat_age_s=settings.ADVISOR_JOB_STALE_RUNNING_S + 5,
        attempts=settings.ADVISOR_JOB_MAX_ATTEMPTS,
    )

    # when
    export_jobs_requeue()

    # then
    job.refresh_from_db()
    assert job.state == State.FAILED and "stopped 3 times" in job.error
    assert no_broker == []


def test_a_failed_job_is_queued_afresh_by_retry(
    revision, django_capture_on_commit_callbacks, no_broker
):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})
    export_job_fail(job_id=job.pk, reason="It broke.")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_retry(job=job)

    # then
    assert (job.state, job.error, job.attempts) == (State.QUEUED, "", 0)
    assert no_broker == [job.pk]


def test_failing_leaves_a_finished_job_alone(revision):
    # given
    job = export_job_request(revision=revision, kind="scaffold", options={})
    ExportJob.objects.filter(pk=job.pk).update(state=State.DONE)

    # when
    export_job_fail(job_id=job.pk, reason="late failure")

    # then
    job.refresh_from_db()
    assert job.state == State.DONE and job.error == ""


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (
            RuntimeError("secret /path"),
            "pdf",
            "Building the PDF report failed with an internal error (RuntimeError)",
        ),
        (
            InvalidAnswersError({"avg_rps": ["bad"]}),
            "pdf",
            "no longer pass the questionnaire (avg_rps)",
        ),
        (services.StorageUnavailableError("disk"), "scaffold", "temporary problem"),
        (ExportOptionsError("paper must be one of a4, letter."), "pdf", "paper must be one of"),
    ],
)
def test_failure_reasons_are_plain_words_without_internals(exc, kind, words):
    reason = failure_reason(exc, kind=kind)
    assert words in reason
    assert "/path" not in reason


def test_deleting_the_assessment_removes_its_artefacts(
    revision, media_root, django_capture_on_commit_callbacks
):
    # given
    from advisor.services import assessment_delete

    job = export_job_request(revision=revision, kind="scaffold", options={})
    export_job_run(job_id=job.pk, worker="w1")
    job.refresh_from_db()
    artefact = media_root / job.artefact.name
    assert artefact.exists()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        assessment_delete(assessment=revision.assessment)

    # then
    assert not ExportJob.objects.exists()
    assert not artefact.exists()
