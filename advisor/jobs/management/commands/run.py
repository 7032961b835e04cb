"""`manage.py run`: migrate, then the web server and a Celery worker side by side.

`make run` uses it with the embedded stack (runserver, SQLite, filesystem broker);
`--prod` serves with gunicorn for `make run-prod` (PostgreSQL + Redis from the
environment). Ctrl-C or SIGTERM stops both. A worker that dies (the OOM killer, a crash)
is started again and the web server keeps serving; a web server that dies stops it all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from advisor.jobs.selectors import export_jobs_running

STOP_GRACE_S = 20  # a worker finishes its current job in this time or is killed
# With no export running, Ctrl-C need not wait for Celery's own shutdown (measured 7-9 s
# on the filesystem broker: a 2 s broker poll, then billiard joining its timeout thread);
# this long for the goodbye, then the rest is killed. An export killed mid-way is safe:
# its heartbeat stops and the sweep queues it again (advisor/jobs/worker.py).
IDLE_GRACE_S = 2
POLL_S = 0.2
# A worker that dies sooner than this after starting is crash-looping: wait longer before
# each new start (1 s, 2 s, 4 s… up to a minute) instead of spinning.
CRASH_LOOP_S = 30
RESTART_WAIT_MAX_S = 60


class Command(BaseCommand):
    help = "Migrate, then run the web server and a Celery worker until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--prod", action="store_true", help="gunicorn instead of runserver")
        parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes")
        parser.add_argument("--concurrency", type=int, default=2, help="jobs run at once")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if options["prod"]:
            _metrics_folder(options["port"])
        web = _start(_web_command(options))
        worker = _Worker(_worker_command(options))
        self.stdout.write(
            f"Serverless Architecture Advisor: http://{options['host']}:{options['port']}/  "
            f"(broker {settings.CELERY_BROKER_URL.split('://')[0]}; Ctrl-C stops it)"
        )
        stopping = _stop_on_signals()
        while not stopping and web.poll() is None:
            if worker.died():
                self.stderr.write(worker.notice())
                if worker.restart(lambda: bool(stopping)):
                    self.stderr.write(f"A new worker is running (process {worker.process.pid}).")
            time.sleep(POLL_S)
        if not stopping:
            self.stderr.write(f"The web process stopped ({_how(web.returncode)}).")
        _stop_all(web=web, worker=worker.process)
        # Stopped on request: success; stopped because the web server died: failure.
        sys.exit(0 if stopping else 1)


class _Worker:
    """The Celery worker, started again whenever it dies."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.wait_s = 1.0
        self._start()

    def _start(self) -> None:
        self.process = _start(self.command)
        self.started_at = time.monotonic()

    def died(self) -> bool:
        return self.process.poll() is not None

    def notice(self) -> str:
        """What to tell the person running it; sets the wait, which grows while the worker
        keeps dying as soon as it starts."""
        lived_s = time.monotonic() - self.started_at
        self.wait_s = 1.0 if lived_s > CRASH_LOOP_S else min(self.wait_s * 2, RESTART_WAIT_MAX_S)
        return (
            f"The worker stopped ({_how(self.process.returncode)}); the web server keeps "
            f"serving and a new worker starts in {self.wait_s:g} s. Exports in progress "
            "are picked up again."
        )

    def restart(self, stopping: Callable[[], bool]) -> bool:
        """Start a new worker after the wait, unless asked to stop meanwhile."""
        deadline = time.monotonic() + self.wait_s
        while time.monotonic() < deadline and not stopping():
            time.sleep(POLL_S)
        if stopping():
            return False
        self._start()
        return True


def _how(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exit {returncode}"


def _web_command(options: dict[str, Any]) -> list[str]:
    address = f"{options['host']}:{options['port']}"
    if options["prod"]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "advisor.wsgi",
            "--config",
            "python:advisor.gunicorn_conf",
            "--bind",
            address,
            "--workers",
            str(options["web_workers"]),
            "--access-logfile",
            "-",
        ]
    return [sys.executable, "manage.py", "runserver", address]


def _worker_command(options: dict[str, Any]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "advisor",
        "worker",
        "-l",
        "info",
        "--concurrency",
        str(options["concurrency"]),
    ]


def _metrics_folder(port: int) -> None:
    """gunicorn's processes count requests in files of one folder (Prometheus' multiprocess
    mode), emptied at each start: PROMETHEUS_MULTIPROC_DIR, or one under var/ by default."""
    folder = Path(
        os.environ.setdefault(
            "PROMETHEUS_MULTIPROC_DIR", str(settings.VAR_DIR / f"prometheus-{port}")
        )
    )
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def _start(command: list[str]) -> subprocess.Popen:
    # Own process group: Ctrl-C reaches only us, and we stop each child's whole tree.
    return subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)


def _stop_on_signals() -> list[int]:
    received: list[int] = []

    def note(signum: int, frame: Any) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, note)
    signal.signal(signal.SIGTERM, note)
    return received


def _stop_all(*, web: subprocess.Popen, worker: subprocess.Popen) -> None:
    """SIGTERM the web server's group and the worker's main process alone, then SIGKILL
    what is left.

    Only the worker's main process: it stops its pool itself (a warm shutdown). SIGTERM
    sent to the pool's processes too killed them under it, and it logged each as an error
    and waited for them until the grace ran out."""
    _signal_group(web, signal.SIGTERM)
    with contextlib.suppress(ProcessLookupError):
        worker.send_signal(signal.SIGTERM)
    children = [web, worker]
    deadline = time.monotonic() + _grace_s()
    while time.monotonic() < deadline and any(child.poll() is None for child in children):
        time.sleep(POLL_S)
    for child in children:
        if child.poll() is None:
            _signal_group(child, signal.SIGKILL)
            child.wait()


def _grace_s() -> float:
    try:
        busy = export_jobs_running()
    except DatabaseError:  # the database is down too: nothing to wait for
        busy = False
    return STOP_GRACE_S if busy else IDLE_GRACE_S


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(child.pid, signum)
