"""`manage.py run`: migrate, then the web server and a Celery worker side by side.

`make run` uses it with the embedded stack (runserver, SQLite, filesystem broker);
`--prod` serves with gunicorn for `make run-prod` (PostgreSQL + Redis from the
environment). Ctrl-C or SIGTERM stops both; if either dies, the other is stopped too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

STOP_GRACE_S = 20  # a worker finishes its current job in this time or is killed
POLL_S = 0.2


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
        children = {
            "web": _start(_web_command(options)),
            "worker": _start(_worker_command(options)),
        }
        self.stdout.write(
            f"Serverless Architecture Advisor: http://{options['host']}:{options['port']}/  "
            f"(broker {settings.CELERY_BROKER_URL.split('://')[0]}; Ctrl-C stops it)"
        )
        stopping = _stop_on_signals()
        while not stopping and all(child.poll() is None for child in children.values()):
            time.sleep(POLL_S)
        for name, child in children.items():
            if child.poll() is not None and not stopping:
                self.stderr.write(f"The {name} process stopped (exit {child.returncode}).")
        _stop_all(list(children.values()))
        # Stopped on request: success; stopped because a child died: failure.
        sys.exit(0 if stopping else 1)


def _web_command(options: dict[str, Any]) -> list[str]:
    address = f"{options['host']}:{options['port']}"
    if options["prod"]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "advisor.wsgi",
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


def _stop_all(children: list[subprocess.Popen]) -> None:
    """SIGTERM each group (a worker's warm shutdown), then SIGKILL what is left."""
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    while time.monotonic() < deadline and any(child.poll() is None for child in children):
        time.sleep(POLL_S)
    for child in children:
        if child.poll() is None:
            _signal_group(child, signal.SIGKILL)
            child.wait()


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(child.pid, signum)
