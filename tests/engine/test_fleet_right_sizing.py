"""The containers and VM options are built the way an architect sizes a fleet: a small API
runs two of the smallest tasks or burstable instances that carry it, not two 1 vCPU / 2 GB
tasks or two m7g.large whatever the load; a busy one stays on the assumed 1 vCPU tasks and
on fixed-performance instances; a task always holds one run."""

from __future__ import annotations

import re

import pytest

from advisor.engine import evaluate
from advisor.engine.costs.model import assumption_values, make_context
from advisor.render.scaffold import scaffold_files
from tests.conftest import load_workload

# An I/O-bound JSON API on arm64 in us-east-1: 80 ms a request on a 512 MB function,
# a 1-year commitment (the default).
SMALL_API = {
    "name": "Small API",
    "avg_rps": 5,
    "peak_rps": 15,
    "traffic_pattern": "steady",
    "p95_latency_ms": 300,
    "runtime": "python",
    "avg_duration_ms": 80,
    "max_duration_s": 5,
    "memory_mb": 512,
    "cpu_bound": False,
    "data_store": "key_value",
    "triggers": ["http"],
    "auth": "jwt",
    "architecture": "arm64",
}
# Fargate on arm64 in us-east-1 under a 1-year Compute Savings Plan, a vCPU-hour and a
# GB-hour (knowledge/pricing/fargate.yaml).
SP_VCPU_HOUR, SP_GB_HOUR = 0.0255, 0.0028


def _option(assessment, key: str):
    return next(option for option in assessment.costs.options if option.key == key)


def _task_lines(option):
    return [line for line in option.estimate.items if line.service == "fargate"]


def _task_size(option) -> tuple[float, float]:
    match = re.search(r"\(([\d.]+) vCPU, ([\d.]+) GB", _task_lines(option)[0].item)
    return float(match.group(1)), float(match.group(2))


def _instances(option) -> list[str]:
    return [line.item for line in option.estimate.items if line.service == "ec2"]


def test_a_small_api_runs_two_quarter_vcpu_tasks_and_pays_for_two():
    # given: 5 requests a second, each computing about 20 ms
    assessment = evaluate(load_workload(SMALL_API))

    # when
    containers = _option(assessment, "containers")

    # then: two 0.25 vCPU / 0.5 GB tasks all month (one per Availability Zone), about
    # $11 a month, where two 1 vCPU / 2 GB tasks cost $45
    assert _task_size(containers) == (0.25, 0.5)
    two_tasks_usd = 2 * 730 * (0.25 * SP_VCPU_HOUR + 0.5 * SP_GB_HOUR)
    tasks_usd = sum(line.monthly_usd for line in _task_lines(containers))
    assert tasks_usd == pytest.approx(two_tasks_usd, rel=0.01)


def test_a_busy_api_keeps_the_assumed_one_vcpu_tasks():
    # given: the same API at 2,000 requests a second (about 20 vCPUs at the peak)
    busy = load_workload({**SMALL_API, "avg_rps": 2000, "peak_rps": 4000})

    # when
    containers = _option(evaluate(busy), "containers")

    # then: quarter-vCPU tasks would save about 2 % in rounding across some 80 tasks; the
    # fleet stays on the assumed 1 vCPU / 2 GB size, about 20 of them
    assert _task_size(containers) == (1.0, 2.0)


@pytest.mark.parametrize(
    ("memory_mb", "size"),
    [
        pytest.param(3072, (0.5, 3.0), id="3-GB-run-half-a-vCPU"),
        pytest.param(6144, (1.0, 6.0), id="6-GB-run-one-vCPU"),
    ],
)
def test_a_memory_heavy_run_gets_the_cheapest_task_that_holds_it(memory_mb, size):
    # given: the small API whose runs each need several GB (a run cannot be split)
    workload = load_workload({**SMALL_API, "memory_mb": memory_mb})

    # when
    containers = _option(evaluate(workload), "containers")

    # then: half a vCPU takes up to 4 GB, one vCPU up to 8 GB
    assert _task_size(containers) == size


def test_a_cpu_bound_run_keeps_the_cpu_its_latency_target_needs():
    # given: runs computing 250 ms on Lambda's 1 vCPU (1,769 MB), answered within 400 ms
    workload = load_workload(
        {**SMALL_API, "memory_mb": 1769, "cpu_bound": True, "avg_duration_ms": 250}
        | {"p95_latency_ms": 400}
    )

    # when
    containers = _option(evaluate(workload), "containers")

    # then: a quarter vCPU would take a second a request; 1 vCPU keeps the 250 ms
    assert _task_size(containers)[0] == 1.0


def test_the_starter_repo_builds_the_task_size_and_counts_the_estimate_prices():
    # given: a small device gateway holding raw TCP connections on a fleet beside Lambda
    gateway = load_workload(
        {**SMALL_API, "persistent_connections": "tcp", "triggers": ["pubsub"], "auth": "iam"}
        | {"concurrent_connections": 500, "connection_minutes_avg": 60}
    )
    assessment = evaluate(gateway)
    serverless = _option(assessment, "serverless")

    # when
    template = scaffold_files(workload=gateway, assessment=assessment)["template.yaml"]

    # then: the task definition asks for the size the serverless option prices for its
    # fleet (two quarter-vCPU tasks), and the service starts at the count it priced
    vcpu, memory_gb = _task_size(serverless)
    assert (vcpu, memory_gb) == (0.25, 0.5)
    text = template.decode()
    assert f'Cpu: "{round(vcpu * 1024)}"' in text
    assert f'Memory: "{round(memory_gb * 1024)}"' in text
    ctx = make_context(gateway, assumption_values(gateway))
    assert ctx.fleet_task_counts(ctx.fleet_task) == (2, 2)
    assert "DesiredCount: 2" in text


def test_a_small_api_runs_on_two_small_burstable_instances():
    # when
    assessment = evaluate(load_workload(SMALL_API))
    vms = _option(assessment, "vm_reserved")

    # then: two t4g.small (reserved, $0.0106 an hour each): the load's average CPU, about
    # 0.03 vCPU, is far within their 20 % baseline, so no surplus credits; not two
    # m7g.large at $0.0514
    assert _instances(vms) == ["2 x t4g.small (1-year reserved, no upfront)"]
    assert not [line for line in vms.estimate.items if "surplus" in line.item]
    assert sum(line.monthly_usd for line in vms.estimate.items if line.service == "ec2") == (
        pytest.approx(2 * 730 * 0.0106, rel=0.01)
    )


def test_an_x86_api_runs_on_t3_instances():
    # when
    vms = _option(evaluate(load_workload({**SMALL_API, "architecture": "x86_64"})), "vm_reserved")

    # then
    assert _instances(vms) == ["2 x t3.small (1-year reserved, no upfront)"]


def test_a_busy_api_runs_on_fixed_performance_instances():
    # given: 2,000 requests a second, about 12 vCPUs busy on average
    busy = load_workload({**SMALL_API, "avg_rps": 2000, "peak_rps": 4000})

    # when
    vms = _option(evaluate(busy), "vm_reserved")

    # then: burstable instances would sustain far more than their baseline all month, so
    # the fleet is of m or c instances (c: the work needs little memory)
    assert all(re.search(r"x c7g\.|x m7g\.", item) for item in _instances(vms)), _instances(vms)


def test_burstable_instances_started_for_the_peak_pay_surplus_credits():
    # given: CPU-bound requests (150 ms), 3 a second on average and 80 at the daily peak
    peaky = load_workload(
        {**SMALL_API, "avg_rps": 3, "peak_rps": 80, "cpu_bound": True, "avg_duration_ms": 150}
        | {"p95_latency_ms": 1000}
    )
    ctx = make_context(peaky, assumption_values(peaky))

    # when
    vms = _option(evaluate(peaky), "vm_reserved")

    # then: two t4g.small all month stay within their baseline on average; the two more
    # started for the busy hours only (the peak's 6 GB of runs need four, each keeping
    # 256 MiB for its system) run above it with no quiet hours to make up for it, and
    # their surplus credits are billed at $0.04 a vCPU-hour (T4g), at most their two
    # vCPUs each for those hours
    assert _instances(vms)[0] == "2 x t4g.small (1-year reserved, no upfront)"
    assert _instances(vms)[1] == "2 x t4g.small (on-demand)"
    credits = [line for line in vms.estimate.items if "surplus" in line.item]
    assert [line.unit_price_usd for line in credits] == [pytest.approx(0.04)]
    assert 0 < credits[0].quantity <= 2 * 2 * ctx.peak_hours_per_month()
    assert any("surplus CPU credits" in note for note in vms.estimate.notes)


def test_the_break_even_of_a_small_api_moves_down_with_right_sized_fleets():
    # when
    costs = evaluate(load_workload(SMALL_API)).costs

    # then: with two 1 vCPU tasks or two m7g.large as the floor, serverless stayed cheaper
    # up to about 28 requests a second; with two quarter-vCPU tasks or two t4g.small, up
    # to about 15
    assert costs.break_even_avg_rps is not None
    assert 10 < costs.break_even_avg_rps < 20
