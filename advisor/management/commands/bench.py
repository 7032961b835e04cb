"""`manage.py bench`: measure speed targets; prints one JSON object as its last line.

`--profile KIND` prints where one kind of request (live, result, pictures, pdf) spends its
CPU (advisor_tooling/bench/profiles.py). `--decision-cases` runs only the decision benchmark
(knowledge/decision_cases/): the per-case table (id, expected, the engine's verdict, ok)
then the counts as the JSON line.

A thin shell over advisor_tooling: the tooling is imported only when the command runs, so
the site, the worker and `manage.py help` never load it (tests/architecture/test_layers.py).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    # A command about workloads needs no URL or model checks; skipping them keeps it fast.
    requires_system_checks: list[str] = []
    help = "Measure the advisor's speed targets; the last line is one JSON object of figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--profile",
            choices=("live", "result", "pictures", "pdf"),
            help="where one kind of request spends its CPU (cProfile, in a child process)",
        )
        parser.add_argument(
            "--decision-cases",
            action="store_true",
            help="only the decision benchmark: a table of every case, then its counts as JSON",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["profile"]:
            from advisor_tooling.bench.profiles import profile_in_child

            self.stdout.write(profile_in_child(options["profile"]))
            return
        if options["decision_cases"]:
            from advisor_tooling.decision_cases import report_table, run_decision_cases

            report = run_decision_cases()
            self.stdout.write(report_table(report))
            self.stdout.write(json.dumps(report.figures(), sort_keys=True))
            return
        from advisor_tooling.bench import run_all

        self.stdout.write(json.dumps(run_all(), sort_keys=True))
