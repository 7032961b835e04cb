"""Running one attempt at an export, in the worker, fenced like a lease with a token.

A claim takes the job with one conditional UPDATE and a new fence (+1, never reset). The
attempt then writes only under its own folder, exports/<job>/<fence>/, and publishes with
one conditional UPDATE naming its fence. A paused worker that wakes up after the sweep gave
its job to another attempt finds its fence gone: it removes its own files and nothing else.
A heartbeat keeps the claim alive through database hiccups and stops only once the claim is
truly lost; files a killed attempt left behind are swept later (sweeping.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from advisor.engine import evaluate
from advisor.exports import Exporter, exporter_get
from advisor.jobs.models import ExportJob
from advisor.jobs.services.reasons import (
    DATABASE_DOWN_ERRORS,
    DISK_FULL_REASON,
    STORAGE_ERRORS,
    TRANSIENT_ERRORS,
    TRANSIENT_NOTE,
    ClaimLostError,
    ExportOptionsError,
    StorageFullError,
    StorageUnavailableError,
    failure_reason,
)
from advisor.render.scaffold.names import slug
from advisor.selectors import revision_workload

logger = logging.getLogger(__name__)

State = ExportJob.State
T = TypeVar("T")

# A database that restarts or fails over drops connections for a few seconds: each query
# of the attempt reconnects and tries again this often, waiting a little longer each time.
DB_TRIES = 4
DB_RETRY_WAIT_S = 0.5
# A missed heartbeat is tried again this soon, well inside the stale interval.
HEARTBEAT_RETRY_S = 1.0
# File names are not bucket names: room for a whole workload name, within the FileField.
EXPORT_NAME_MAX_CHARS = 60


@dataclass
class _Attempt:
    job_id: int
    fence: int
    lost: threading.Event = field(default_factory=threading.Event)
    # Set from the moment the publishing UPDATE is sent: if its answer never arrives, the
    # file may be the job's, so the attempt leaves it for the sweep to judge.
    publishing: bool = False

    @property
    def folder(self) -> str:
        return f"exports/{self.job_id}/{self.fence}"

    def jobs(self) -> Any:
        """The job, only while this attempt still holds it."""
        return ExportJob.objects.filter(pk=self.job_id, state=State.RUNNING, fence=self.fence)


def export_job_run(*, job_id: int, worker: str) -> bool:
    """Build the artefact unless another delivery already did or is doing it; returns
    whether this call built it. Transient errors give the job back (queued) and propagate
    so the task retries; any other error fails the job, if this attempt still holds it."""
    attempt = _claim(job_id=job_id, worker=worker)
    if attempt is None:
        logger.info("export job %s: already running or finished; nothing to do", job_id)
        return False
    try:
        with _heartbeat(attempt):
            _build(attempt)
        logger.info("export job %s: attempt %s built and published", job_id, attempt.fence)
        return True
    except ClaimLostError:
        logger.warning("export job %s: attempt %s lost its claim", job_id, attempt.fence)
        return False
    except TRANSIENT_ERRORS:
        _give_back(attempt)
        raise
    except Exception as exc:  # the job fails in plain words; the log keeps the details
        logger.exception("export job %s: attempt %s failed", job_id, attempt.fence)
        _fail(attempt, reason=failure_reason(exc, kind=_kind(job_id)))
        return False
    finally:
        if not attempt.publishing:
            _remove_own_files(attempt)


def _claim(*, job_id: int, worker: str) -> _Attempt | None:
    """Take the job: queued, or running under a worker that stopped heart-beating."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.ADVISOR_JOB_STALE_RUNNING_S)
    claimable = Q(state=State.QUEUED) | Q(state=State.RUNNING, heartbeat_at__lt=stale)
    with transaction.atomic():
        # The row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE) makes the read of
        # the fence and its increment one step: two claimers never get the same fence.
        fence = (
            ExportJob.objects.select_for_update()
            .filter(claimable, pk=job_id)
            .values_list("fence", flat=True)
            .first()
        )
        if fence is None:
            return None
        ExportJob.objects.filter(pk=job_id).update(
            state=State.RUNNING,
            fence=fence + 1,
            attempts=F("attempts") + 1,
            worker=worker[:200],
            started_at=now,
            heartbeat_at=now,
            progress=0,
            step="starting",
            error="",
        )
    return _Attempt(job_id=job_id, fence=fence + 1)


def _build(attempt: _Attempt) -> None:
    # Read like every write of the attempt: a connection cut between the claim and this
    # read would otherwise hand a healthy job back for a second attempt.
    job = _with_reconnect(
        lambda: ExportJob.objects.select_related("revision__assessment").get(pk=attempt.job_id)
    )
    _progress(attempt, 10, "evaluate")
    workload = revision_workload(job.revision)
    assessment = evaluate(workload)
    _progress(attempt, 30, "render")
    data = _render(job, workload, assessment)
    _progress(attempt, 80, "store")
    _store(attempt, data, export_filename(job))


def _render(job: ExportJob, workload: Any, assessment: Any) -> bytes:
    return _exporter(job).build(
        workload=workload,
        assessment=assessment,
        options=job.options,
        generated_on=timezone.localdate(),
    )


def _exporter(job: ExportJob) -> Exporter:
    entry = exporter_get(job.kind)
    if entry is None:  # a kind taken out of the registry since the job was asked for
        raise ExportOptionsError(f"Exports of kind {job.kind!r} are no longer offered.")
    return entry


def export_filename(job: ExportJob) -> str:
    """e.g. real-time-chat-report-a4-job12.pdf: readable, and unique by the job id."""
    stem = slug(job.revision.name, max_chars=EXPORT_NAME_MAX_CHARS) or "workload"
    return _exporter(job).filename(stem=stem, options=job.options, suffix=f"-job{job.pk}")


def _store(attempt: _Attempt, data: bytes, filename: str) -> None:
    """Save the bytes under the attempt's own folder, then publish them. The row names the
    file only once it is whole, so nothing half-written is ever offered."""
    _check_claim(attempt)
    try:
        name = default_storage.save(f"{attempt.folder}/{filename}", ContentFile(data))
    except STORAGE_ERRORS as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise StorageFullError(DISK_FULL_REASON) from exc
        raise StorageUnavailableError(f"artefact storage: {exc}") from exc
    attempt.publishing = True
    if not _publish(attempt, name):
        attempt.publishing = False
        raise ClaimLostError(f"export job {attempt.job_id}: claim lost while storing")


def _publish(attempt: _Attempt, name: str) -> bool:
    """One conditional UPDATE naming the attempt's fence. A retried UPDATE finds nothing to
    change when its first try committed and only the answer was lost: that counts."""
    now = timezone.now()
    done = {"state": State.DONE, "artefact": name, "progress": 100, "step": "", "note": ""}
    if _with_reconnect(lambda: attempt.jobs().update(**done, finished_at=now, heartbeat_at=now)):
        return True
    mine = ExportJob.objects.filter(
        pk=attempt.job_id, state=State.DONE, fence=attempt.fence, artefact=name
    )
    return bool(_with_reconnect(mine.exists))


def _progress(attempt: _Attempt, percent: int, step: str) -> None:
    _check_claim(attempt)
    fields = {"progress": percent, "step": step}
    if not _with_reconnect(lambda: attempt.jobs().update(**fields, heartbeat_at=timezone.now())):
        raise ClaimLostError(f"export job {attempt.job_id}: claim lost at {step}")


def _check_claim(attempt: _Attempt) -> None:
    if attempt.lost.is_set():
        raise ClaimLostError(f"export job {attempt.job_id}: the heartbeat found the claim lost")


def _give_back(attempt: _Attempt) -> None:
    """Queued again for the task's retry, if this attempt still holds the job."""
    fields = {"state": State.QUEUED, "step": "", "note": TRANSIENT_NOTE}
    try:
        _with_reconnect(lambda: attempt.jobs().update(**fields, enqueued_at=timezone.now()))
    except DATABASE_DOWN_ERRORS:  # still down: the sweep re-queues it once it looks stale
        logger.warning("export job %s: could not give the job back", attempt.job_id)


def _fail(attempt: _Attempt, *, reason: str) -> None:
    fields = {"state": State.FAILED, "error": reason, "step": "", "note": ""}
    try:
        _with_reconnect(lambda: attempt.jobs().update(**fields, finished_at=timezone.now()))
    except DATABASE_DOWN_ERRORS:  # the sweep re-queues it, or fails it after a few tries
        logger.warning("export job %s: could not record the failure", attempt.job_id)


def _kind(job_id: int) -> str:
    return ExportJob.objects.values_list("kind", flat=True).filter(pk=job_id).first() or ""


def _remove_own_files(attempt: _Attempt) -> None:
    """Everything in this attempt's folder (a partial write, a file it could not publish);
    never anything outside it."""
    try:
        _, files = default_storage.listdir(attempt.folder)
        for name in files:
            default_storage.delete(f"{attempt.folder}/{name}")
    except FileNotFoundError:
        return
    except STORAGE_ERRORS:  # storage away: the sweep removes the folder once the job ended
        logger.exception("export job %s: could not remove %s", attempt.job_id, attempt.folder)


def _with_reconnect(query: Callable[[], T]) -> T:
    """Run one autocommit query; on a dropped connection, reconnect and run it again."""
    for tries in range(1, DB_TRIES + 1):
        try:
            return query()
        except DATABASE_DOWN_ERRORS:
            if tries == DB_TRIES:
                raise
            _reconnect()
            time.sleep(DB_RETRY_WAIT_S * tries)
    raise AssertionError("unreachable")


def _reconnect() -> None:
    """Drop this thread's connection; Django opens a new one on the next query."""
    with contextlib.suppress(DatabaseError):
        connection.close()


@contextlib.contextmanager
def _heartbeat(attempt: _Attempt) -> Iterator[None]:
    """Beat while the job runs, even inside one long render call, so only a dead or paused
    worker's job looks stale to the sweep."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat, args=(attempt, stop), name=f"export-heartbeat-{attempt.job_id}", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat(attempt: _Attempt, stop: threading.Event) -> None:
    interval_s = max(settings.ADVISOR_JOB_STALE_RUNNING_S / 3, 0.5)
    wait_s = interval_s
    try:
        while not stop.wait(wait_s):
            try:
                if not attempt.jobs().update(heartbeat_at=timezone.now()):
                    logger.warning("export job %s: claim lost; heartbeat stops", attempt.job_id)
                    attempt.lost.set()
                    return
                wait_s = interval_s
            except Exception as exc:  # a database restart is no reason to give the job up
                logger.warning("export job %s: heartbeat missed (%s)", attempt.job_id, exc)
                _reconnect()
                wait_s = min(HEARTBEAT_RETRY_S, interval_s)
    finally:
        _reconnect()  # this thread's own connection
