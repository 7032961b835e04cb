"""Asking for an export: options, the one job per revision and options, retry, publishing,
and rebuilding a finished export whose file has gone."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from advisor.celery import app, broker_folders_ensure
from advisor.exports import exporter_get, exporters
from advisor.jobs.models import ExportJob
from advisor.jobs.services.reasons import (
    BROKER_DOWN_NOTE,
    MISSING_FILE_NOTE,
    STORAGE_ERRORS,
    ExportOptionsError,
)
from advisor.models import AssessmentRevision

logger = logging.getLogger(__name__)

State = ExportJob.State

# Sent by name, so this module need not import the task module (which imports the services).
EXPORT_TASK_NAME = "advisor.jobs.export_job_task"

# What a job looks like before any attempt, after a retry or a rebuild.
_FRESH = {
    "state": State.QUEUED,
    "artefact": "",
    "error": "",
    "progress": 0,
    "step": "",
    "attempts": 0,
    "enqueued_at": None,
    "started_at": None,
    "finished_at": None,
    "heartbeat_at": None,
}


def export_options_normalise(
    *, kind: str, options: dict[str, str], answers: dict | None = None
) -> dict[str, str]:
    """Known options with defaults filled in (from the answers where an option reads them:
    the starter repo's stack follows the runtime); unknown kinds, keys or values are
    refused."""
    entry = exporter_get(kind)
    if entry is None:
        keys = " or ".join(e.key for e in exporters())
        raise ExportOptionsError(f"Unknown export {kind!r}: choose {keys}.")
    allowed = {option.name: option.values() for option in entry.options}
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ExportOptionsError(f"Unknown option {', '.join(unknown)} for {kind}.")
    normal = {
        option.name: options.get(option.name) or option.default_for(answers)
        for option in entry.options
    }
    for key, value in normal.items():
        if value not in allowed[key]:
            raise ExportOptionsError(f"{key} must be one of {', '.join(allowed[key])}.")
    return normal


def export_job_request(
    *, revision: AssessmentRevision, kind: str, options: dict[str, str]
) -> ExportJob:
    """The export of this revision with these options: the existing job (rebuilt if its file
    has gone), or a new queued one sent to a worker once the transaction commits."""
    answers = revision.answers if isinstance(revision.answers, dict) else None
    normal = export_options_normalise(kind=kind, options=options, answers=answers)
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
    return export_job_rebuild_if_missing(job=job)


def export_job_retry(*, job: ExportJob) -> ExportJob:
    """A failed job queued again from scratch (attempts start over; the fence does not)."""
    reset = ExportJob.objects.filter(pk=job.pk, state=State.FAILED).update(**_FRESH, note="")
    if reset:
        transaction.on_commit(lambda: export_job_publish(job_id=job.pk))
    job.refresh_from_db()
    return job


def export_artefact_present(*, job: ExportJob) -> bool:
    """Whether the finished file is there. A storage that cannot be asked right now is taken
    at its word from before: the file is not rebuilt, and its download says the storage is
    away."""
    if not job.artefact.name:
        return False
    try:
        return bool(job.artefact.storage.exists(job.artefact.name))
    except STORAGE_ERRORS:
        logger.warning("export job %s: the storage cannot say if its file is there", job.pk)
        return True


def export_job_rebuild_if_missing(*, job: ExportJob) -> ExportJob:
    """A finished job whose file is gone (deleted, lost with a disk) is built again rather
    than offered for a download that cannot work. Only this file's job is reset."""
    if job.state != State.DONE or export_artefact_present(job=job):
        return job
    reset = ExportJob.objects.filter(
        pk=job.pk, state=State.DONE, artefact=job.artefact.name
    ).update(**_FRESH, note=MISSING_FILE_NOTE)
    if reset:
        logger.warning("export job %s: its file %s is missing; rebuilding", job.pk, job.artefact)
        transaction.on_commit(lambda: export_job_publish(job_id=job.pk))
    job.refresh_from_db()
    return job


def export_job_publish(*, job_id: int) -> bool:
    """Hand the job to the broker; when it is down, keep the job queued with a note saying so
    (the workers' sweep sends it again)."""
    try:
        broker_folders_ensure()
        # A fresh connection per send: a broker that went away and came back is simply
        # reached again, and tests can point the app at a dead broker.
        with app.connection_for_write() as broker:
            app.send_task(EXPORT_TASK_NAME, args=[job_id], connection=broker)
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
