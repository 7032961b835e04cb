"""The workers' sweep: re-send what stalled, fail what keeps losing its worker, and remove
the files killed attempts left behind. Safe to run from every worker at once: each change
is one conditional UPDATE, and only folders of attempts that can never publish are swept.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from advisor.jobs.models import ExportJob
from advisor.jobs.services import requesting
from advisor.jobs.services.reasons import WORKER_LOST_NOTE

logger = logging.getLogger(__name__)

State = ExportJob.State

# Jobs one sweep re-sends, or sweeps the folders of, at most; the next sweep takes the rest.
REQUEUE_BATCH_SIZE = 100
COLLECT_BATCH_SIZE = 100
# A job created this recently may still be on its way to the broker (on_commit publish).
UNPUBLISHED_GRACE_S = 2


def export_job_fail(*, job_id: int, reason: str) -> None:
    """Mark an unfinished job failed with a reason safe to show (the task's last word, when
    its retries ran out or its time limit killed it)."""
    ExportJob.objects.filter(pk=job_id, state__in=[State.QUEUED, State.RUNNING]).update(
        state=State.FAILED, error=reason, step="", note="", finished_at=timezone.now()
    )


def export_jobs_requeue() -> int:
    """Send again every job a worker lost or the broker never got; fail jobs that keep
    losing their worker. Returns how many jobs were sent."""
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
        if taken and requesting.export_job_publish(job_id=job_id):
            sent += 1
    return sent


def export_files_collect() -> int:
    """Remove what attempts killed between writing and publishing left in their folders.

    Only finished jobs are swept, and only folders of fences that can never publish: every
    fence below the job's (a newer attempt has claimed it since), and the job's own fence
    too when it failed. The published file's folder is always kept. Returns files removed."""
    finished = ExportJob.objects.filter(
        state__in=[State.DONE, State.FAILED], collected_fence__lt=F("fence")
    ).values_list("pk", "state", "fence", "artefact")
    removed = 0
    for job_id, state, fence, artefact in finished[:COLLECT_BATCH_SIZE]:
        last_dead = fence if state == State.FAILED else fence - 1
        keep = str(PurePosixPath(artefact).parent) if artefact else ""
        removed += _remove_dead_folders(job_id, last_dead=last_dead, keep=keep)
        ExportJob.objects.filter(pk=job_id, fence=fence).update(collected_fence=fence)
    return removed


def _remove_dead_folders(job_id: int, *, last_dead: int, keep: str) -> int:
    try:
        folders, _ = default_storage.listdir(f"exports/{job_id}")
    except FileNotFoundError:
        return 0
    dead = [
        f"exports/{job_id}/{name}"
        for name in folders
        if name.isdigit() and int(name) <= last_dead and f"exports/{job_id}/{name}" != keep
    ]
    removed = 0
    for folder in dead:
        _, files = default_storage.listdir(folder)
        for name in files:
            default_storage.delete(f"{folder}/{name}")
            removed += 1
    if removed:
        logger.warning("export job %s: removed %s file(s) of killed attempts", job_id, removed)
    return removed
