"""Artefact clean-up when export jobs go away — the one signal receiver, and why.

Jobs are deleted by the database cascade when an assessment (or a revision) is deleted,
through the web helper's `assessment_delete` service, the admin or a user deletion. A
cascade never calls `Model.delete()`, so a clean-up in the job's delete path would miss
every one of those; a `post_delete` receiver sees each cascaded row. It only removes the
stored file, and only once the deletion has committed, so a rolled-back delete keeps it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from advisor.jobs.models import ExportJob
from advisor.jobs.services.reasons import STORAGE_ERRORS

logger = logging.getLogger(__name__)


@receiver(post_delete, sender=ExportJob, dispatch_uid="jobs.artefact_cleanup")
def _artefact_cleanup(sender: type[ExportJob], instance: ExportJob, **kwargs: Any) -> None:
    if instance.artefact.name:
        storage, name = instance.artefact.storage, instance.artefact.name
        transaction.on_commit(lambda: _delete(storage, name))


def _delete(storage: Any, name: str) -> None:
    # Runs inside the request that deleted the assessment: a storage that is away must not
    # turn a committed deletion into an error page. The object stays; the log says which.
    try:
        storage.delete(name)
    except STORAGE_ERRORS:
        logger.exception("export artefact %s could not be removed from the storage", name)
