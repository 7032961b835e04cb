"""How big the container and VM fleets are, and the size of one task or instance: the
fleet is sized by what its processes do (a run waiting on I/O holds no Lambda environment's
memory), and a task or instance always holds one run."""

from __future__ import annotations

import math
import re

import pytest

from advisor.engine import evaluate
from advisor.engine.fargate import task_size
from advisor.render.scaffold.containers import fargate_size
from tests.conftest import load_workload

# A proxy that waits two seconds on a partner's API per request, at 50 requests a second.
SLOW_PROXY = {
    "name": "Partner proxy",
    "avg_rps": 50,
    "peak_rps": 60,
    "traffic_pattern": "steady",
    "p95_latency_ms": 4000,
    "runtime": "node",
    "avg_duration_ms": 2000,
    "max_duration_s": 10,
    "memory_mb": 1024,
    "cpu_bound": False,
    "data_store": "none",
    "triggers": ["http"],
    "auth": "jwt",
}


def _option(assessment, key: str):
    return next(option for option in assessment.costs.options if option.key == key)


def _vcpu_hours(option) -> float:
    return sum(line.quantity for line in option.estimate.items if "vCPU" in line.unit)


def _task_hours(option) -> float:
    """Task-hours of the fleet's tasks, read from their vCPU lines at the size they name."""
    return sum(
        line.quantity / float(re.search(r"\(([\d.]+) vCPU", line.item).group(1))
        for line in option.estimate.items
        if line.service == "fargate" and "vCPU" in line.unit
    )


def _gb_hours(option) -> float:
    return sum(line.quantity for line in option.estimate.items if line.unit == "GB-hour")


def test_a_fleet_serving_requests_that_wait_on_io_is_sized_by_their_computing_not_the_wait():
    # given: 100 requests in flight, each a 1 GB function on Lambda waiting 2 s on a partner
    workload = load_workload(SLOW_PROXY)

    # when
    containers = _option(evaluate(workload), "containers")

    # then: each request computes for at most 50 ms (io_bound_cpu_ms_max) at the 0.58 vCPU
    # Lambda gives 1 GB: 50 x 0.05 s x 0.58 at 60 % utilisation = 2.4 vCPU, so the two
    # tasks kept for availability and a third at the peak; a quarter of the 2 s wait as
    # CPU asked about 25 tasks all month
    assert 2 * 730 <= _vcpu_hours(containers) <= 3 * 730


def test_the_computing_ceiling_of_a_waiting_request_is_an_assumption_a_team_can_raise():
    # given: the same proxy, by a team that measured 500 ms of CPU in each request
    measured = load_workload({**SLOW_PROXY, "assumptions": {"io_bound_cpu_ms_max": 500}})

    # when
    containers = _option(evaluate(measured), "containers")

    # then: 50 x 0.5 s x 0.58 vCPU at 60 % utilisation = 24.1 vCPU: about 25 tasks
    assert 20 * 730 < _vcpu_hours(containers) <= 26 * 730


def test_a_cpu_bound_request_computes_for_its_whole_run():
    # given: the proxy's 2 s spent computing
    busy = load_workload({**SLOW_PROXY, "cpu_bound": True})

    # when
    containers = _option(evaluate(busy), "containers")

    # then: 50 x 2 s x 0.58 vCPU at 60 % = 96.6 vCPU, on 2 GB tasks of 1 vCPU each
    assert 90 * 730 < _vcpu_hours(containers) <= 100 * 730


def test_a_task_and_an_instance_hold_one_run_of_ten_gigabytes():
    # given: CPU-bound runs that each need 10 GB
    workload = load_workload(
        {**SLOW_PROXY, "avg_duration_ms": 30000, "max_duration_s": 60, "memory_mb": 10240}
        | {"cpu_bound": True, "avg_rps": 1, "peak_rps": 2, "p95_latency_ms": 60000}
    )

    # when
    assessment = evaluate(workload)

    # then: the containers option prices 4 vCPU / 10 GB tasks (the 30 s measured on
    # Lambda's 5.8 vCPU at 10 GB must still fit the 60 s target: 2.9 vCPU at least, where
    # 1 vCPU holds at most 8 GB anyway), the starter repo builds that size, and the VMs
    # are instances with 10 GB or more
    task_lines = [line.item for line in _option(assessment, "containers").estimate.items]
    assert any("(4 vCPU, 10 GB" in item for item in task_lines), task_lines
    assert fargate_size(workload) == {"cpu": 4096, "vcpu": 4, "memory_mb": 10240}
    vm_items = " ".join(line.item for line in _option(assessment, "vm_reserved").estimate.items)
    assert "c6i.2xlarge" in vm_items, vm_items


@pytest.mark.parametrize(
    ("memory_mb", "least_vcpu", "size"),
    [
        (512, 0.25, (0.25, 0.5)),
        (512, 0.29, (0.5, 1.0)),  # half a vCPU takes at least 1 GB
        (3008, 1.7, (2.0, 4.0)),
        (10240, 1.0, (2.0, 10.0)),  # one vCPU holds at most 8 GB
        (32768, 5.79, (8.0, 32.0)),  # not 16 vCPU: 8 hold 16 to 60 GB
        (65536, 1.0, (16.0, 64.0)),
    ],
)
def test_the_smallest_fargate_task_that_holds_a_run(memory_mb, least_vcpu, size):
    task = task_size(memory_mb, least_vcpu=least_vcpu)
    assert (task.vcpu, task.memory_gb) == size


def test_a_long_run_of_32_gb_gets_8_vcpu_not_16():
    # given: a daily job longer than Lambda's limit that needs 32 GB
    workload = load_workload(
        {**SLOW_PROXY, "avg_rps": 0.00001, "peak_rps": 0.00001, "avg_duration_ms": 3_600_000}
        | {"max_duration_s": 5400, "memory_mb": 32768, "cpu_bound": True, "triggers": ["schedule"]}
        | {"p95_latency_ms": 7_200_000, "traffic_pattern": "scheduled"}
    )

    # when
    task = evaluate(workload).design.job_task

    # then: Lambda never gives more than about 6 vCPU, so the run time stated holds on 8
    assert (task.vcpu, task.memory_gb) == (8.0, 32.0)


def test_a_fleet_holding_a_million_connections_has_memory_for_them():
    # given: a million devices on raw TCP, sending little
    devices = {
        **SLOW_PROXY,
        "avg_rps": 100,
        "peak_rps": 100,
        "avg_duration_ms": 10,
        "memory_mb": 256,
        "persistent_connections": "tcp",
        "connection_minutes_avg": 1440,
        "triggers": ["pubsub"],
        "auth": "iam",
    }
    many = load_workload({**devices, "concurrent_connections": 1_000_000})
    few = load_workload({**devices, "concurrent_connections": 1_000})

    # when
    many_fleet = _option(evaluate(many), "containers")
    few_fleet = _option(evaluate(few), "containers")

    # then: 70 KB a connection (connection_memory_kb) is about 67 GB all month, on tasks
    # with the most memory per vCPU (a quarter vCPU with 2 GB: the CPU is hardly used); a
    # thousand connections leave the fleet at its two-task floor
    assert _gb_hours(many_fleet) >= 67 * 730
    assert "(0.25 vCPU, 2 GB" in many_fleet.estimate.items[0].item
    assert _task_hours(few_fleet) == pytest.approx(2 * 730)


def test_a_nightly_jobs_fleet_runs_for_the_runs_not_all_day(nightly_batch):
    # given: the nightly job (0.2 runs a second on average, 1.5 s each, on a schedule)
    assessment = evaluate(nightly_batch)

    # when
    containers = _option(assessment, "containers")
    vms = _option(assessment, "vm_reserved")

    # then: 0.2 runs a second x 1.5 s hold 1 GB each (a job's data, for the whole run):
    # 0.15 of a quarter-vCPU 2 GB task (its vCPU is the fixed cost of a running task, so
    # fewer tasks with more memory cost less), about 110 task-hours, where two tasks kept
    # up all month would bill 1,460; the VMs are started for the runs too, on demand (a
    # reservation would pay for every idle hour)
    assert _gb_hours(containers) == pytest.approx(0.2 * 1.5 * 730, rel=0.01)
    assert _task_hours(containers) == pytest.approx(0.2 * 1.5 / 2 * 730, rel=0.01)
    assert "(0.25 vCPU, 2 GB" in containers.estimate.items[0].item
    assert all("on-demand" in line.item for line in vms.estimate.items if line.service == "ec2")
    assert any("started for the scheduled runs" in note for note in containers.estimate.notes)


def test_the_managed_instances_what_if_holds_the_functions_that_start_a_long_job_not_the_job():
    # given: a two-hour 32 GB job once a day, which runs as a Fargate task
    workload = load_workload(
        {**SLOW_PROXY, "avg_rps": 0.0000116, "peak_rps": 1, "avg_duration_ms": 3_600_000}
        | {"max_duration_s": 7200, "memory_mb": 32768, "cpu_bound": True}
        | {"triggers": ["schedule"], "p95_latency_ms": 7_200_000, "traffic_pattern": "scheduled"}
    )

    # when
    what_if = _option(evaluate(workload), "lambda_managed_instances")

    # then: the capacity provider's three instances, where sizing them for an hour-long run
    # at the peak of one a second asked 7,200 instances ($1.39M a month)
    assert any("run on 3 x" in note for note in what_if.estimate.notes), what_if.estimate.notes


QUEUED_JOBS = {
    **SLOW_PROXY,
    "avg_rps": 1,
    "peak_rps": 1,
    "avg_duration_ms": 600_000,
    "max_duration_s": 1800,
    "memory_mb": 2048,
    "triggers": ["queue"],
    "p95_latency_ms": 3_600_000,
    "auth": "iam",
}


def test_a_queued_jobs_fleet_holds_each_runs_memory_for_the_whole_run():
    # given: 600 ten-minute jobs in flight, each holding 2 GB of data, nobody waiting
    containers = _option(evaluate(load_workload(QUEUED_JOBS)), "containers")

    # then: 600 tasks' worth of 2 GB all month, not the quarter of them a web server's
    # waiting requests would need
    assert _gb_hours(containers) >= 600 * 2 * 730


def test_a_long_run_that_mostly_waits_gets_the_cpu_it_uses():
    # given: 2 GB runs longer than Lambda's limit, not CPU-bound (a quarter of the time)
    task = evaluate(load_workload({**QUEUED_JOBS, "max_duration_s": 3600})).design.job_task

    # then: 1.16 vCPU at Lambda's ratio x 0.25 -> half a vCPU holding 2 GB, not 2 vCPU / 4 GB
    assert (task.vcpu, task.memory_gb) == (0.5, 2.0)


# An API whose bursts come without warning: 200 requests a second on average, 1,500 at a
# burst, each computing 120 ms (CPU-bound) on a 1 GB function.
BURSTY_API = {
    **SLOW_PROXY,
    "name": "Bursty API",
    "avg_rps": 200,
    "peak_rps": 1500,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 400,
    "avg_duration_ms": 120,
    "cpu_bound": True,
}


def _running_all_month(option) -> float:
    """Tasks (vCPUs) billed every hour: the Savings Plan's lines, bought for the floor."""
    floor = [
        line for line in option.estimate.items if "vCPU" in line.unit and "savings" in line.item
    ]
    return sum(line.quantity for line in floor) / 730


def _peak_tasks(workload) -> float:
    # 1,500 x 0.12 s x 0.58 vCPU (1 GB on Lambda) at 60 % utilisation = 174 vCPUs
    return 1500 * 0.12 * 1024 / 1769 / 0.6


@pytest.mark.parametrize("pattern", ["spiky", "unpredictable"])
def test_a_fleet_keeps_running_what_an_unannounced_burst_needs_before_scaling_catches_up(pattern):
    # given
    workload = load_workload({**BURSTY_API, "traffic_pattern": pattern})
    # when
    containers = _option(evaluate(workload), "containers")
    # then: the tasks running when a burst arrives carry the peak at full CPU (60 % of the
    # peak's fleet) for the minutes target tracking and task starts take; the off-peak
    # load alone would need about 12
    assert _running_all_month(containers) >= 0.6 * _peak_tasks(workload) - 1
    assert "unannounced burst" in " ".join(containers.estimate.notes)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"traffic_pattern": "scheduled"}, id="peaks-scaled-ahead"),
        pytest.param({"p95_latency_ms": 600_000}, id="work-waits-for-new-tasks"),
    ],
)
def test_a_fleet_scales_for_peaks_it_can_see_coming_or_wait_for(changes):
    # when
    containers = _option(evaluate(load_workload({**BURSTY_API, **changes})), "containers")
    # then: the off-peak load's tasks all month, the peak's only through the busy hours
    assert _running_all_month(containers) < 0.2 * _peak_tasks(None)
    assert "unannounced burst" not in " ".join(containers.estimate.notes)


# A 2-second job every minute (EventBridge Scheduler), 256 MB.
CRON_EVERY_MINUTE = {
    **SLOW_PROXY,
    "name": "Cron every minute",
    "avg_rps": 1 / 60,
    "peak_rps": 1 / 60,
    "traffic_pattern": "scheduled",
    "p95_latency_ms": 60_000,
    "avg_duration_ms": 2000,
    "memory_mb": 256,
    "triggers": ["schedule"],
    "auth": "iam",
}


def test_runs_started_one_by_one_keep_a_task_up_for_their_billed_minutes():
    # when
    assessment = evaluate(load_workload(CRON_EVERY_MINUTE))
    containers, vms = _option(assessment, "containers"), _option(assessment, "vm_reserved")
    # then: each start is billed at least 60 s, so a task is up whenever a run began within
    # the last minute: 1 - e^-1 of the month (runs taken as random), 461 task-hours, where
    # the 2 s runs' own compute was priced as about 24
    up_hours = 730 * (1 - math.exp(-1))
    assert _task_hours(containers) == pytest.approx(up_hours, rel=0.01)
    ec2_hours = sum(line.quantity for line in vms.estimate.items if line.service == "ec2")
    assert ec2_hours == pytest.approx(up_hours, rel=0.01)
    assert "keeps a task up 63% of the month" in " ".join(containers.estimate.notes)


def test_an_hourly_job_bills_about_its_minute_per_start():
    # when: the same 2 s job once an hour
    hourly = CRON_EVERY_MINUTE | {"avg_rps": 1 / 3600, "peak_rps": 1 / 3600}
    containers = _option(evaluate(load_workload(hourly)), "containers")
    # then: 730 starts x 60 s, about 12 task-hours (its 2 s runs alone: 0.4)
    assert _task_hours(containers) == pytest.approx(730 * (1 - math.exp(-1 / 60)), rel=0.01)
