"""`manage.py bench --decision-cases`: the decision benchmark alone, a table then its counts."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from advisor_tooling.decision_cases import decision_cases, run_decision_cases


def test_it_prints_every_case_then_the_counts_as_the_last_line():
    # given
    out = io.StringIO()

    # when
    call_command("bench", "--decision-cases", stdout=out)

    # then
    lines = out.getvalue().splitlines()
    assert json.loads(lines[-1]) == run_decision_cases().figures()
    assert lines[0].split()[:4] == ["id", "origin", "expected", "acceptable"]
    for case in decision_cases():
        row = next(line for line in lines if line.startswith(f"{case.id} "))
        assert case.expected in row
        assert row.endswith(("ok", "ok (acceptable)", "MISS"))
