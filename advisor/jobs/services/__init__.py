"""Writes for export jobs: request, claim and run, fail, retry, re-queue, sweep.

The job table, not the broker, is the source of truth. The embedded brokers never
redeliver a task whose worker was killed, so every worker sweeps the table and sends again
what stalled; a job is claimed with one conditional UPDATE that gives the attempt a new
fence, so however often its task is delivered it is built once and published once.
"""

from __future__ import annotations

from advisor.jobs.services.downloading import ExportDownload, export_download_open
from advisor.jobs.services.reasons import (
    BROKER_DOWN_NOTE,
    DISK_FULL_REASON,
    MISSING_FILE_NOTE,
    STORAGE_ERRORS,
    TRANSIENT_ERRORS,
    TRANSIENT_NOTE,
    WORKER_LOST_NOTE,
    ArtefactMissingError,
    ExportError,
    ExportNotReadyError,
    ExportOptionsError,
    StorageFullError,
    StorageUnavailableError,
    failure_reason,
)
from advisor.jobs.services.requesting import (
    EXPORT_TASK_NAME,
    export_artefact_present,
    export_job_publish,
    export_job_rebuild_if_missing,
    export_job_request,
    export_job_retry,
    export_options_normalise,
)
from advisor.jobs.services.running import export_filename, export_job_run
from advisor.jobs.services.sweeping import (
    export_files_collect,
    export_job_fail,
    export_jobs_requeue,
)

__all__ = [
    "BROKER_DOWN_NOTE",
    "DISK_FULL_REASON",
    "EXPORT_TASK_NAME",
    "MISSING_FILE_NOTE",
    "STORAGE_ERRORS",
    "TRANSIENT_ERRORS",
    "TRANSIENT_NOTE",
    "WORKER_LOST_NOTE",
    "ArtefactMissingError",
    "ExportDownload",
    "ExportError",
    "ExportNotReadyError",
    "ExportOptionsError",
    "StorageFullError",
    "StorageUnavailableError",
    "export_artefact_present",
    "export_download_open",
    "export_files_collect",
    "export_filename",
    "export_job_fail",
    "export_job_publish",
    "export_job_rebuild_if_missing",
    "export_job_request",
    "export_job_retry",
    "export_job_run",
    "export_jobs_requeue",
    "export_options_normalise",
    "failure_reason",
]
