"""The Celery app test workers run (`celery -A tests.jobs.worker_app worker`): the product's
own app, with the faults a test asks for through the environment. Production code reads
none of these variables; they exist only here.

ADVISOR_TEST_RENDER_DELAY_S    seconds each render sleeps first (to stop a worker mid-job)
ADVISOR_TEST_RENDER_FAIL_FILE  renders raise while this file exists
ADVISOR_TEST_PUBLISH_DELAY_S   seconds between writing the file and publishing it (widens
                               the window a killed or paused worker leaves a file in)
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")
django.setup()

from advisor.celery import app  # noqa: E402
from advisor.jobs.services import running  # noqa: E402

RENDER_DELAY_ENV = "ADVISOR_TEST_RENDER_DELAY_S"
RENDER_FAIL_FILE_ENV = "ADVISOR_TEST_RENDER_FAIL_FILE"
PUBLISH_DELAY_ENV = "ADVISOR_TEST_PUBLISH_DELAY_S"

_real_render = running._render
_real_publish = running._publish


def _render(job: Any, workload: Any, assessment: Any) -> bytes:
    time.sleep(float(os.environ.get(RENDER_DELAY_ENV) or 0))
    fail_file = os.environ.get(RENDER_FAIL_FILE_ENV)
    if fail_file and Path(fail_file).exists():
        raise RuntimeError("test worker: the renderer was told to fail")
    return _real_render(job, workload, assessment)


def _publish(attempt: Any, name: str) -> bool:
    time.sleep(float(os.environ.get(PUBLISH_DELAY_ENV) or 0))
    return _real_publish(attempt, name)


running._render = _render
running._publish = _publish

__all__ = ["app"]
