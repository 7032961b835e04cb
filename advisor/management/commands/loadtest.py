"""`manage.py loadtest`: simulated users against gunicorn on 127.0.0.1; prints the figures.

A thin shell over advisor_tooling/loadtest.py, imported only when the command runs.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Start gunicorn on a free 127.0.0.1 port with a fresh database, run simulated users "
        "(live updates, saves, result pages) and print requests per second and p50/p95/p99 "
        "latency per kind as JSON (last line). Exit status 1 when any request failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=float, default=60, help="seconds (60)")
        parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
        parser.add_argument(
            "--database-url", default=None, help="a PostgreSQL URL (default: temporary SQLite)"
        )
        parser.add_argument(
            "--cache-url",
            default=None,
            help="a redis:// URL the web processes share (rate limits, pictures), as in production",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from advisor_tooling.loadtest import run_load_test

        figures = run_load_test(
            users=options["users"],
            duration_s=options["duration"],
            workers=options["workers"],
            database_url=options["database_url"],
            cache_url=options["cache_url"],
        )
        self.stdout.write(json.dumps(figures))
        if figures["all"]["errors"]:
            raise SystemExit(1)
