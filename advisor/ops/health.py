"""Readiness: can this process reach the database, the cache, the broker and the storage?

Each check runs in a thread of its own and gets ADVISOR_READY_TIMEOUT_S seconds; one that
takes longer counts as down. A check still hanging from an earlier probe is not started
again (it counts as down), so a load balancer probing a stuck dependency every second
never piles up threads. What failed and why goes to the log, never into the answer.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connections

logger = logging.getLogger(__name__)

PROBE_NAME = "readyz-probe"  # asked for, never written: "not found" is an answer too


def _database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()  # this thread's own connection


def _cache() -> None:
    caches["default"].get(PROBE_NAME)


def _broker() -> None:
    from advisor.celery import app, broker_folders_ensure

    broker_folders_ensure()  # as a publish does: the filesystem transport's folders
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "control_folder"):  # the filesystem transport's folders
        if key in options and not os.access(options[key], os.W_OK):
            raise OSError(f"broker folder {options[key]} is not writable")
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1)
        broker.default_channel  # noqa: B018  (Redis: the channel PINGs the server)


def _storage() -> None:
    location = getattr(default_storage, "location", None)
    if isinstance(location, str | Path) and not getattr(default_storage, "bucket_name", None):
        # Files: the folder must take writes (it is made on the first save otherwise).
        Path(location).mkdir(parents=True, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise OSError(f"{location} is not writable")
        return
    default_storage.exists(PROBE_NAME)  # S3: a HEAD request; 404 means reachable


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "storage": _storage,
}
_running: dict[str, threading.Thread] = {}
_lock = threading.Lock()


def readiness(timeout_s: float | None = None) -> dict[str, bool]:
    """{dependency: reachable}, all checked at once within `timeout_s`."""
    timeout_s = settings.ADVISOR_READY_TIMEOUT_S if timeout_s is None else timeout_s
    results: dict[str, bool] = {}
    started: dict[str, threading.Thread] = {}
    with _lock:
        for name, check in CHECKS.items():
            if name in _running and _running[name].is_alive():
                logger.warning("readiness: %s still hangs from an earlier check", name)
                results[name] = False
                continue
            thread = threading.Thread(
                target=_run, args=(name, check, results), name=f"readyz-{name}", daemon=True
            )
            _running[name] = started[name] = thread
            thread.start()
    for name, thread in started.items():
        thread.join(timeout_s)
        if thread.is_alive():
            logger.warning("readiness: %s gave no answer within %s s", name, timeout_s)
    return {name: results.get(name, False) for name in CHECKS}


def _run(name: str, check: Callable[[], None], results: dict[str, bool]) -> None:
    try:
        check()
        results[name] = True
    except Exception as exc:  # any failure is "down"; the log keeps the kind
        logger.warning("readiness: %s is down (%s: %s)", name, type(exc).__name__, exc)
        results[name] = False
