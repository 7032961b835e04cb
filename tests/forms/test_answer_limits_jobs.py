"""A job's deadline is asked as its response time target: hours must be expressible."""

from __future__ import annotations

from advisor.questionnaire import workload_from_answers

NIGHTLY_ETL = {
    "name": "Nightly ETL, two hours, due by morning",
    "avg_rps": 0.0000116,
    "peak_rps": 0.000278,
    "traffic_pattern": "scheduled",
    "p95_latency_ms": 6 * 3_600_000,
    "runtime": "python",
    "avg_duration_ms": 2 * 3_600_000,
    "max_duration_s": 3 * 3600,
    "memory_mb": 8192,
    "data_store": "object",
    "triggers": ["schedule"],
}


def test_a_six_hour_deadline_for_a_two_hour_job_is_accepted():
    workload = workload_from_answers(NIGHTLY_ETL)
    assert workload.p95_latency_ms == 21_600_000
