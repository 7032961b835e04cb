"""The provisioned relational database is sized by the work it does: the statements each
request runs at their CPU cost, the working set it keeps in memory and the connections the
functions hold. A burstable class only while the month's average stays within its baseline;
the line item names the class and its size, and RDS Proxy bills the database's vCPUs."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from tests.conftest import load_workload
from tests.render.workloads import relational

# An orders API on PostgreSQL: 60 ms a request, and no slow first request allowed.
_CRUD_API = relational(
    traffic_pattern="steady",
    cold_start_sensitive=True,
    avg_duration_ms=60,
    payload_kb=3,
    monthly_budget_usd=20000,
)


def _database(avg_rps: float, peak_rps: float, **assumptions):
    answers = {**_CRUD_API, "avg_rps": avg_rps, "peak_rps": peak_rps}
    if assumptions:
        answers["assumptions"] = assumptions
    assessment = evaluate(load_workload(answers))
    line = next(
        line
        for line in assessment.costs.shared.items
        if line.service == "rds_postgresql" and "Multi-AZ (primary" in line.item
    )
    return assessment, assessment.design.database, line


def test_a_busy_api_gets_a_general_purpose_class_sized_for_its_statements():
    # given: 2,000 requests/s (4,000 at the peak), 4 statements each at 0.25 vCPU-ms
    assessment, database, line = _database(2000, 4000)

    # then: 16,000 statements/s = 4 vCPUs busy, 6.7 at 60%: db.m7g.2xlarge (8 vCPUs), not
    # the db.t4g.medium it was whatever the load; 730 h x $1.344 = $981.12
    assert database.instance_class == "db.m7g.2xlarge" and database.deployments == 1
    assert line.item.startswith("1 x db.m7g.2xlarge (8 vCPUs, 32 GiB) Multi-AZ")
    assert line.monthly_usd == pytest.approx(981.12)
    reason = next(c for c in assessment.design.choices if c.topic == "database").reason
    assert "16,000 statements a second at the peak need about 6.7 vCPUs" in reason


def test_the_proxy_bills_the_vcpus_of_the_database_behind_it():
    # given
    assessment, database, _ = _database(2000, 4000)

    # when
    proxy = next(line for line in assessment.costs.serverless.items if line.service == "rds_proxy")

    # then: 8 vCPUs x 730 h x $0.015 = $87.60 (it was billed for 2 vCPUs)
    assert database.proxy and proxy.item == "proxy for a 8-vCPU database"
    assert proxy.monthly_usd == pytest.approx(87.60)


def test_a_load_above_the_burstable_baseline_leaves_the_t4g_class():
    # given: 500 requests/s on average: 0.5 vCPU sustained, above a db.t4g.medium's
    # baseline of 20% of its 2 vCPUs (0.4), though its peak fits in 2 vCPUs
    _, database, _ = _database(500, 800)

    # then: Unlimited mode would bill the surplus credits every day: a db.m7g.large
    assert database.instance_class == "db.m7g.large"


def test_a_small_api_keeps_the_burstable_class():
    # given: 50 requests/s, 150 at the peak: 0.05 vCPU on average
    assessment, database, line = _database(50, 150)

    # then
    assert database.instance_class == "db.t4g.medium"
    assert line.item.startswith("1 x db.t4g.medium (2 vCPUs, 4 GiB) Multi-AZ")
    reason = next(c for c in assessment.design.choices if c.topic == "database").reason
    assert "a burstable class, since the month's average" in reason


def test_a_large_working_set_gets_a_memory_optimised_class():
    # given: 40 GB of hot data, cached in three quarters of the memory: about 54 GiB
    _, database, line = _database(50, 150, relational_working_set_gb=40)

    # then: db.r7g.2xlarge (64 GiB) at $1.912 an hour beats db.m7g.4xlarge (64 GiB) at $2.688
    assert database.instance_class == "db.r7g.2xlarge"
    assert line.monthly_usd == pytest.approx(730 * 1.912)


def test_past_the_largest_class_the_database_is_several_of_it():
    # given: 40,000 requests/s at the peak: 160,000 statements/s, about 67 vCPUs
    _, database, _ = _database(20000, 40000)

    # then: the cheapest 16-vCPU class, five deployments of it
    assert database.instance_class == "db.m7g.4xlarge" and database.deployments == 5


def test_a_nightly_job_s_long_runs_connect_directly_and_let_the_database_pause():
    # given: a nightly report, six 10-minute runs at once at its peak, on PostgreSQL
    nightly = relational(
        name="Nightly report",
        traffic_pattern="scheduled",
        triggers=["schedule"],
        avg_rps=0.0004,
        peak_rps=0.01,
        avg_duration_ms=600_000,
        max_duration_s=840,
        memory_mb=2048,
        p95_latency_ms=900_000,
        monthly_budget_usd=200,
    )

    # when
    assessment = evaluate(load_workload(nightly))
    database = assessment.design.database

    # then: no RDS Proxy (each run holds its connection for its whole run; a pool shares
    # nothing), so nothing keeps the database from pausing between the nights: before, the
    # proxy ($21.90) kept a Multi-AZ db.t4g.medium ($94.90) awake all month
    assert not database.proxy
    assert database.pauses
    services = {line.service for line in assessment.costs.shared.items}
    assert "rds_proxy" not in services and "rds_postgresql" not in services, services
    reason = next(c for c in assessment.design.choices if c.topic == "database").reason
    assert "each for its whole run" in reason


def test_a_trickle_of_unpredictable_requests_keeps_the_database_awake_through_the_day():
    # given: a small internal tool, 0.02 requests/s on average, 2 at its peak
    def tool(pattern):
        answers = relational(
            traffic_pattern=pattern, avg_rps=0.02, peak_rps=2, avg_duration_ms=150, auth="iam"
        )
        return evaluate(load_workload(answers)).design.database

    # when
    spiky, unpredictable = tool("spiky"), tool("unpredictable")

    # then: gathered into its peaks, the requests leave the rest of the day idle (about 10
    # hours awake a month); coming at random through a 10-hour working day, one every 20 s
    # or so, they keep it awake all that time (about 304 hours), and it still pauses at night
    assert spiky.pauses and spiky.awake_hours_per_month < 20
    assert unpredictable.pauses
    assert unpredictable.awake_hours_per_month == pytest.approx(304, abs=5)
