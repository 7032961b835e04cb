"""Each worker sweeps the job table: once when it is ready, then every few seconds.

Why a timer thread in every worker rather than `celery beat`: beat must run exactly once
per deployment, which is one more process to place and keep alive on "any number of
machines"; the sweep is safe to run from every worker at once (each job is taken by one
conditional UPDATE), so each worker simply carries its own. With several workers a
stalled job is picked up sooner, never twice.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery.signals import worker_init, worker_ready, worker_shutting_down
from django.conf import settings
from django.db import close_old_connections, connection

from advisor.celery import broker_folders_ensure
from advisor.jobs.services import export_files_collect, export_jobs_requeue

logger = logging.getLogger(__name__)
_stop = threading.Event()


def _sweep_forever() -> None:
    while True:
        try:
            close_old_connections()
            sent = export_jobs_requeue()
            if sent:
                logger.warning("re-queued %s stalled export job(s)", sent)
            export_files_collect()
        except Exception:  # the database may be restarting; the next sweep tries again
            logger.exception("export job sweep failed")
        if _stop.wait(settings.ADVISOR_JOB_SWEEP_INTERVAL_S):
            break
    connection.close()


@worker_init.connect(dispatch_uid="jobs.broker_folders")
def _make_broker_folders(**kwargs: Any) -> None:
    broker_folders_ensure()


@worker_ready.connect(dispatch_uid="jobs.sweep_start")
def _start_sweeping(**kwargs: Any) -> None:
    _stop.clear()
    threading.Thread(target=_sweep_forever, name="export-job-sweep", daemon=True).start()


@worker_shutting_down.connect(dispatch_uid="jobs.sweep_stop")
def _stop_sweeping(**kwargs: Any) -> None:
    _stop.set()
