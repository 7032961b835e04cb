"""Celery tasks: an id in, one service call; retries and failure here only."""

from __future__ import annotations

import os
from typing import Any

from celery import Task, shared_task

from advisor.jobs.services import (
    EXPORT_TASK_NAME,
    TRANSIENT_ERRORS,
    export_job_fail,
    export_job_run,
    export_jobs_requeue,
    failure_reason,
)

# Transient errors: 2 s, 4 s, 8 s… (jittered, at most a minute) before giving up.
RETRY_BACKOFF_S = 2
RETRY_BACKOFF_MAX_S = 60
MAX_RETRIES = 5


class _ExportTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # Reached when retries ran out or the hard time limit killed the attempt; every
        # other failure is recorded by the attempt itself, fenced (export_job_run).
        job_id = kwargs.get("job_id", args[0] if args else None)
        if job_id is not None:
            export_job_fail(job_id=job_id, reason=failure_reason(exc, kind=_kind(job_id)))


def _kind(job_id: int) -> str:
    from advisor.jobs.selectors import export_job_kind

    return export_job_kind(id=job_id)


@shared_task(
    bind=True,
    base=_ExportTask,
    name=EXPORT_TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=RETRY_BACKOFF_S,
    retry_backoff_max=RETRY_BACKOFF_MAX_S,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def export_job_task(self: Task, job_id: int) -> None:
    export_job_run(job_id=job_id, worker=f"{self.request.hostname}:{os.getpid()}")


@shared_task(name="advisor.jobs.export_jobs_requeue_task", acks_late=False)
def export_jobs_requeue_task() -> int:
    """The sweep as a task too, for anyone who prefers `celery beat` to the worker's timer."""
    return export_jobs_requeue()
