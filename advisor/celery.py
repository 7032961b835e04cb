"""The Celery app: settings from Django's, tasks found in installed apps.

Start a worker with `celery -A advisor worker`; the embedded default needs no server
(kombu's filesystem transport under var/broker/), production sets CELERY_BROKER_URL.
"""

from __future__ import annotations

import logging.config
import os
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")

app = Celery("advisor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

from advisor.ops import request_ids  # noqa: E402, F401  (the request id into tasks and back)


def _django_logging(**kwargs: Any) -> None:
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def _use_django_logging_for_json() -> None:
    """In JSON mode the worker logs through Django's LOGGING (one JSON object a line, with
    the request id) instead of Celery's own text format; connecting the signal is what
    tells Celery to leave logging alone."""
    from django.conf import settings

    if settings.LOG_FORMAT == "json":
        setup_logging.connect(_django_logging, weak=False, dispatch_uid="advisor.json_logs")


_use_django_logging_for_json()


def broker_folders_ensure() -> None:
    """The filesystem transport fails on a missing folder: make them before first use."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
