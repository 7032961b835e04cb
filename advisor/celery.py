"""The Celery app (STYLE.md §23): settings from Django's, tasks found in installed apps.

Start a worker with `celery -A advisor worker`; the embedded default needs no server
(kombu's filesystem transport under var/broker/), production sets CELERY_BROKER_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")

app = Celery("advisor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_folders_ensure() -> None:
    """The filesystem transport fails on a missing folder: make them before first use."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
