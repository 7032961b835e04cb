"""gunicorn's settings file (`gunicorn -c python:advisor.gunicorn_conf advisor.wsgi`).

Prometheus counts each gunicorn process in files under PROMETHEUS_MULTIPROC_DIR, summed
when /metrics is read; a process that exits has its live gauges marked dead here.
"""

from __future__ import annotations

import os
from typing import Any


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
