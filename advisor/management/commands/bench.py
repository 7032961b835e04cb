"""`manage.py bench`: measure speed targets; prints one JSON object as its last line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from advisor.bench import run_all


class Command(BaseCommand):
    # A command about workloads needs no URL or model checks; skipping them keeps it fast.
    requires_system_checks: list[str] = []
    help = "Measure the advisor's speed targets; the last line is one JSON object of figures."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(run_all(), sort_keys=True))
