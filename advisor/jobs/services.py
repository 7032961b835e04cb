"""Writes for export jobs: request, claim and run, fail, retry, re-queue.

The job table, not the broker, is the source of truth. The embedded brokers never
redeliver a task whose worker was killed, so every worker sweeps the table
(`export_jobs_requeue`) and sends again what stalled; a job is claimed with one
conditional UPDATE, so however often its task is delivered it is built once.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from advisor.engine import evaluate
from advisor.errors import AdvisorError, UserMessageError
from advisor.jobs.models import ExportJob
from advisor.models import AssessmentRevision
from advisor.questionnaire import InvalidAnswersError
from advisor.render.scaffold.names import slug
from advisor.selectors import revision_workload

logger = logging.getLogger(__name__)

State = ExportJob.State
Kind = ExportJob.Kind


class ExportError(AdvisorError):
    """An export could not be built."""


class StorageUnavailableError(ExportError):
    """The artefact storage refused a read or write (network share away, S3)."""


class StorageFullError(UserMessageError):
    """No space left for the artefact. Not retried: another try a few seconds later would
    fill the disk again and hold a worker meanwhile; the user can retry once space is freed."""


# Errors worth another try (database busy or restarting, storage briefly away). Not any
# OSError: renderers raise OSError subclasses for bugs too (jinja2's TemplateNotFound).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, StorageUnavailableError)
# Jobs one sweep re-sends at most; the next sweep takes the rest.
REQUEUE_BATCH_SIZE = 100
# A job created this recently may still be on its way to the broker (on_commit publish).
UNPUBLISHED_GRACE_S = 2
# Test-only hooks, read by the worker: slow the renderer down (to kill a worker mid-job) and
# make it raise while the named file exists. Never set them in production.
RENDER_DELAY_ENV = "ADVISOR_TEST_RENDER_DELAY_S"
RENDER_FAIL_FILE_ENV = "ADVISOR_TEST_RENDER_FAIL_FILE"

BROKER_DOWN_NOTE = (
    "The job queue cannot be reached right now. Your export is saved and will start "
    "by itself as soon as the queue is back."
)
WORKER_LOST_NOTE = "Its worker stopped before finishing; the export was started again."
TRANSIENT_NOTE = "A temporary problem interrupted the export; it will be tried again."
DISK_FULL_REASON = (
    "The file storage is full (disk full), so the export could not be saved. "
    "Try again once space has been freed."
)

OPTION_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    Kind.PDF: {"paper": ("a4", "letter")},
    Kind.SCAFFOLD: {"stack": ("sam-python",)},
}


class ExportOptionsError(UserMessageError):
    """The export kind or one of its options is not one we offer."""


@dataclass(frozen=True)
class _Claim:
    job_id: int
    attempt: int

    def jobs(self) -> Any:
        """The job, only while this claim still holds it."""
        return ExportJob.objects.filter(pk=self.job_id, state=State.RUNNING, attempts=self.attempt)


# --- asking for an export ---------------------------------------------------------------


def export_options_normalise(*, kind: str, options: dict[str, str]) -> dict[str, str]:
    """Known options with defaults filled in; unknown kinds, keys or values are refused."""
    if kind not in OPTION_CHOICES:
        raise ExportOptionsError(f"Unknown export {kind!r}: choose {' or '.join(OPTION_CHOICES)}.")
    allowed = OPTION_CHOICES[kind]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ExportOptionsError(f"Unknown option {', '.join(unknown)} for {kind}.")
    normal = {key: options.get(key) or values[0] for key, values in allowed.items()}
    for key, value in normal.items():
        if value not in allowed[key]:
            raise ExportOptionsError(f"{key} must be one of {', '.join(allowed[key])}.")
    return normal


def export_job_request(
    *, revision: AssessmentRevision, kind: str, options: dict[str, str]
) -> ExportJob:
    """The export of this revision with these options: the existing job, or a new queued one
    sent to a worker once the transaction commits."""
    normal = export_options_normalise(kind=kind, options=options)
    options_key = ",".join(f"{key}={value}" for key, value in sorted(normal.items()))
    try:
        with transaction.atomic():
            job, created = ExportJob.objects.get_or_create(
                revision=revision, kind=kind, options_key=options_key, defaults={"options": normal}
            )
    except IntegrityError:  # two clicks raced; the other one made it
        job, created = (
            ExportJob.objects.get(revision=revision, kind=kind, options_key=options_key),
            False,
        )
    if created:
        transaction.on_commit(lambda: export_job_publish(job_id=job.pk))
    return job


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """A failed job queued again from scratch (attempts start over)."""
    reset = ExportJob.objects.filter(pk=job.pk, state=State.FAILED).update(
        state=State.QUEUED,
        error="",
        note="",
        progress=0,
        step="",
        attempts=0,
        enqueued_at=None,
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
    )
    if reset:
        transaction.on_commit(lambda: export_job_publish(job_id=job.pk))
    job.refresh_from_db()
    return job


def export_job_publish(*, job_id: int) -> bool:
    """Hand the job to the broker; when it is down, keep the job queued with a note saying so
    (the workers' sweep sends it again)."""
    from advisor.celery import app, broker_folders_ensure
    from advisor.jobs.tasks import export_job_task

    try:
        broker_folders_ensure()
        # A fresh connection per send: a broker that went away and came back is simply
        # reached again, and tests can point the app at a dead broker.
        with app.connection_for_write() as broker:
            export_job_task.apply_async(args=[job_id], connection=broker)
    except Exception as exc:  # kombu raises many kinds: connection, channel, OS errors
        logger.warning("export job %s: broker unreachable (%s); kept queued", job_id, exc)
        ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
            note=BROKER_DOWN_NOTE, enqueued_at=None
        )
        return False
    ExportJob.objects.filter(pk=job_id, state=State.QUEUED, note=BROKER_DOWN_NOTE).update(note="")
    ExportJob.objects.filter(pk=job_id, state=State.QUEUED, enqueued_at__isnull=True).update(
        enqueued_at=timezone.now()
    )
    return True


# --- running it (in the worker) ---------------------------------------------------------


def export_job_run(*, job_id: int, worker: str) -> bool:
    """Build the artefact unless another delivery already did or is doing it.

    Returns whether this call built it. Transient errors give the job back (queued) and
    propagate so the task retries; other errors propagate for the task's `on_failure`."""
    claim = _claim(job_id=job_id, worker=worker)
    if claim is None:
        logger.info("export job %s: already running or finished; nothing to do", job_id)
        return False
    try:
        with _heartbeat(claim):
            _build(claim)
    except TRANSIENT_ERRORS:
        claim.jobs().update(
            state=State.QUEUED, step="", note=TRANSIENT_NOTE, enqueued_at=timezone.now()
        )
        raise
    return True


def _claim(*, job_id: int, worker: str) -> _Claim | None:
    """Take the job atomically: queued, or running under a worker that stopped heart-beating."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.ADVISOR_JOB_STALE_RUNNING_S)
    taken = ExportJob.objects.filter(
        Q(state=State.QUEUED) | Q(state=State.RUNNING, heartbeat_at__lt=stale), pk=job_id
    ).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        worker=worker[:200],
        started_at=now,
        heartbeat_at=now,
        progress=0,
        step="starting",
        error="",
    )
    if not taken:
        return None
    attempt = ExportJob.objects.values_list("attempts", flat=True).get(pk=job_id)
    return _Claim(job_id=job_id, attempt=attempt)


def _build(claim: _Claim) -> None:
    job = ExportJob.objects.select_related("revision__assessment").get(pk=claim.job_id)
    _progress(claim, 10, "evaluate")
    workload = revision_workload(job.revision)
    assessment = evaluate(workload)
    _progress(claim, 30, "render")
    _test_hooks()
    data = _render(job, workload, assessment)
    _progress(claim, 80, "store")
    _store(claim, data, export_filename(job))


def _render(job: ExportJob, workload: Any, assessment: Any) -> bytes:
    # Imported here: the renderers pull in WeasyPrint and Jinja2, which only workers need.
    if job.kind == Kind.PDF:
        from advisor.render.report import report_pdf

        return report_pdf(
            workload=workload,
            assessment=assessment,
            paper=job.options["paper"],
            generated_on=timezone.localdate(),
        )
    from advisor.render.scaffold import scaffold_zip

    return scaffold_zip(workload=workload, assessment=assessment, stack=job.options["stack"])


# File names are not bucket names: room for a whole workload name, within the FileField.
EXPORT_NAME_MAX_CHARS = 60


def export_filename(job: ExportJob) -> str:
    """e.g. real-time-chat-report-a4-job12.pdf: readable, and unique by the job id."""
    name = slug(job.revision.assessment.name, max_chars=EXPORT_NAME_MAX_CHARS) or "workload"
    if job.kind == Kind.PDF:
        return f"{name}-report-{job.options['paper']}-job{job.pk}.pdf"
    return f"{name}-{job.options['stack']}-job{job.pk}.zip"


def _store(claim: _Claim, data: bytes, filename: str) -> None:
    """Save the finished bytes, then mark the job done. The row names the file only once
    it is whole, so nothing half-written is ever offered; a lost claim removes its copy."""
    folder = f"exports/{claim.job_id}"
    try:
        _remove_leftovers(folder)  # from an attempt killed between saving and marking done
        name = default_storage.save(f"{folder}/{filename}", ContentFile(data))
    except OSError as exc:
        # A write that failed part-way leaves a partial file behind (FileSystemStorage does
        # not remove it): nothing half-written may stay where a later attempt could see it.
        _remove_leftovers_quietly(folder)
        if exc.errno == errno.ENOSPC:
            raise StorageFullError(DISK_FULL_REASON) from exc
        raise StorageUnavailableError(f"artefact storage: {exc}") from exc
    now = timezone.now()
    done = claim.jobs().update(
        state=State.DONE,
        artefact=name,
        progress=100,
        step="",
        note="",
        finished_at=now,
        heartbeat_at=now,
    )
    if not done:
        default_storage.delete(name)
        logger.warning("export job %s: claim lost while storing; discarded", claim.job_id)


def _remove_leftovers_quietly(folder: str) -> None:
    try:
        _remove_leftovers(folder)
    except OSError:
        logger.exception("could not remove the leftovers in %s", folder)


def _remove_leftovers(folder: str) -> None:
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")


def _progress(claim: _Claim, percent: int, step: str) -> None:
    claim.jobs().update(progress=percent, step=step, heartbeat_at=timezone.now())


@contextmanager
def _heartbeat(claim: _Claim) -> Iterator[None]:
    """Beat while the job runs, even inside one long render call, so only a dead worker's
    job looks stale to the sweep."""
    stop = threading.Event()
    interval_s = max(settings.ADVISOR_JOB_STALE_RUNNING_S / 3, 0.5)

    def beat() -> None:
        try:
            while not stop.wait(interval_s):
                claim.jobs().update(heartbeat_at=timezone.now())
        except Exception:  # a missed beat is harmless; the main thread reports real errors
            logger.exception("export job %s: heartbeat failed", claim.job_id)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"export-heartbeat-{claim.job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _test_hooks() -> None:
    delay_s = float(os.environ.get(RENDER_DELAY_ENV) or 0)
    if delay_s > 0:
        time.sleep(delay_s)
    fail_file = os.environ.get(RENDER_FAIL_FILE_ENV)
    if fail_file and Path(fail_file).exists():
        raise RuntimeError("test hook: the renderer was told to fail")


# --- failure, and the sweep -------------------------------------------------------------


def export_job_fail(*, job_id: int, reason: str) -> None:
    """Mark an unfinished job failed with a reason safe to show."""
    ExportJob.objects.filter(pk=job_id, state__in=[State.QUEUED, State.RUNNING]).update(
        state=State.FAILED, error=reason, step="", note="", finished_at=timezone.now()
    )


def failure_reason(exc: BaseException, *, kind: str = "") -> str:
    """An exception in plain words; internals are named by type only."""
    what = (
        "the PDF report" if kind == Kind.PDF else "the starter repository" if kind else "the export"
    )
    if isinstance(exc, InvalidAnswersError):
        fields = ", ".join(sorted(exc.field_errors)) or "some answers"
        return (
            f"The saved answers no longer pass the questionnaire ({fields}); "
            "edit and save them again."
        )
    if isinstance(exc, UserMessageError):
        return str(exc)
    if type(exc).__name__ == "SoftTimeLimitExceeded":
        return f"Building {what} took too long and was stopped. Try again later."
    if isinstance(exc, TRANSIENT_ERRORS):
        return (
            f"A temporary problem (database or file storage) kept {what} from finishing. Try again."
        )
    return (
        f"Building {what} failed with an internal error ({type(exc).__name__}). "
        "Try again; if it fails again, please report it."
    )


def export_jobs_requeue() -> int:
    """Send again every job a worker lost or the broker never got; fail jobs that keep
    losing their worker. Safe to run from every worker at once: each job is taken by one
    conditional UPDATE. Returns how many jobs were sent."""
    now = timezone.now()
    stale_running = Q(
        state=State.RUNNING,
        heartbeat_at__lt=now - dt.timedelta(seconds=settings.ADVISOR_JOB_STALE_RUNNING_S),
    )
    ExportJob.objects.filter(stale_running, attempts__gte=settings.ADVISOR_JOB_MAX_ATTEMPTS).update(
        state=State.FAILED,
        step="",
        finished_at=now,
        error=f"The export stopped {settings.ADVISOR_JOB_MAX_ATTEMPTS} times without finishing "
        "because its worker was lost each time. Try again; if it stops again, please report it.",
    )
    stalled = (
        stale_running
        | Q(
            state=State.QUEUED,
            enqueued_at__lt=now - dt.timedelta(seconds=settings.ADVISOR_JOB_STALE_QUEUED_S),
        )
        | Q(
            state=State.QUEUED,
            enqueued_at__isnull=True,
            created_at__lt=now - dt.timedelta(seconds=UNPUBLISHED_GRACE_S),
        )
    )
    sent = 0
    for job_id in ExportJob.objects.filter(stalled).values_list("pk", flat=True)[
        :REQUEUE_BATCH_SIZE
    ]:
        taken = ExportJob.objects.filter(stalled, pk=job_id).update(
            state=State.QUEUED,
            enqueued_at=now,
            step="",
            # Evaluated on the row before the update: say why a running job starts over.
            note=Case(When(state=State.RUNNING, then=Value(WORKER_LOST_NOTE)), default=F("note")),
        )
        if taken and export_job_publish(job_id=job_id):
            sent += 1
    return sent
