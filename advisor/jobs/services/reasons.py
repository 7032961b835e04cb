"""Why an export waits or failed, in plain words; and which errors are worth another try."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError
from django.db import InterfaceError, OperationalError

from advisor.errors import AdvisorError, UserMessageError
from advisor.exports import exporter_get
from advisor.questionnaire import InvalidAnswersError


class ExportError(AdvisorError):
    """An export could not be built."""


class StorageUnavailableError(ExportError):
    """The artefact storage refused a read or write (network share away, read-only, S3)."""


class ClaimLostError(ExportError):
    """This attempt no longer holds its job: another attempt took it over, or it ended."""


class StorageFullError(UserMessageError):
    """No space left for the artefact. Not retried: another try a few seconds later would
    fill the disk again and hold a worker meanwhile; the user can retry once space is freed."""


class ExportOptionsError(UserMessageError):
    """The export kind or one of its options is not one we offer."""


class ExportNotReadyError(ExportError):
    """Asked to download an export that has no finished file."""


class ArtefactMissingError(ExportError):
    """The finished export's file has gone from the storage; it is being built again."""


# What the artefact storage raises when it is away or refuses: the file system's OSError,
# and botocore's own errors for S3 (a connection refused, a timeout, an HTTP error status).
STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, BotoCoreError, ClientError)

# Errors of a database that is restarting, failing over or dropped the connection.
DATABASE_DOWN_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
# Errors worth another try (database busy or restarting, storage briefly away). Not any
# OSError: renderers raise OSError subclasses for bugs too (jinja2's TemplateNotFound).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    *DATABASE_DOWN_ERRORS,
    StorageUnavailableError,
)

BROKER_DOWN_NOTE = (
    "The job queue cannot be reached right now. Your export is saved and will start "
    "by itself as soon as the queue is back."
)
WORKER_LOST_NOTE = "Its worker stopped before finishing; the export was started again."
TRANSIENT_NOTE = "A temporary problem interrupted the export; it will be tried again."
MISSING_FILE_NOTE = "Its file had gone missing from the storage, so it is being built again."
DISK_FULL_REASON = (
    "The file storage is full (disk full), so the export could not be saved. "
    "Try again once space has been freed."
)


def failure_reason(exc: BaseException, *, kind: str = "") -> str:
    """An exception in plain words; internals are named by type only."""
    entry = exporter_get(kind)
    what = entry.noun if entry else "the export"
    if isinstance(exc, InvalidAnswersError):
        fields = ", ".join(sorted(exc.field_errors)) or "some answers"
        return (
            f"The saved answers no longer pass the questionnaire ({fields}); "
            "edit and save them again."
        )
    if isinstance(exc, UserMessageError):
        return str(exc)
    if type(exc).__name__ in ("SoftTimeLimitExceeded", "TimeLimitExceeded"):
        return f"Building {what} took too long and was stopped. Try again later."
    if isinstance(exc, TRANSIENT_ERRORS):
        return (
            f"A temporary problem (database or file storage) kept {what} from finishing. Try again."
        )
    return (
        f"Building {what} failed with an internal error ({type(exc).__name__}). "
        "Try again; if it fails again, please report it."
    )
