"""The application's DynamoDB table is billed in the capacity mode an architect would pick.

A steady load goes on provisioned capacity with auto scaling at a target utilisation, where
that is cheaper; spiky, unpredictable or scheduled loads and idle tables stay on demand.
Prices: https://aws.amazon.com/dynamodb/pricing/provisioned/ ($0.00065 per WCU-hour and
$0.00013 per RCU-hour in us-east-1) and https://aws.amazon.com/dynamodb/pricing/on-demand/
($0.625 per million writes, $0.125 per million reads, after the November 2024 price cut).
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from advisor.engine.workload import HOURS_PER_MONTH
from advisor.questionnaire import workload_from_answers

# A telemetry sink: 3,000 events a second, steady, each written once to a key-value table.
SINK = {
    "name": "Telemetry sink",
    "avg_rps": 3000,
    "peak_rps": 6000,
    "traffic_pattern": "steady",
    "p95_latency_ms": 60_000,
    "runtime": "go",
    "avg_duration_ms": 2,
    "max_duration_s": 5,
    "memory_mb": 256,
    "data_store": "key_value",
    "triggers": ["pubsub"],
    "payload_kb": 1,
    "auth": "iam",
    "region": "us-east-1",
}


def _workload(**changes):
    return workload_from_answers({**SINK, **changes})


def _table_lines(costs) -> dict[str, object]:
    return {line.item: line for line in costs.shared.items if line.service == "dynamodb"}


def test_a_steady_table_is_provisioned_with_auto_scaling_at_its_target():
    # when
    costs = compare_costs(_workload())

    # then: off the peak (2,727 events/s) 0.5 WCU and 2 RCU an event at 70%: 1,949 WCU and
    # 7,793 RCU; through the 60.8 busy hours at 6,000 events/s: 4,286 WCU and 17,143 RCU
    capacity = costs.design.table_capacity
    assert capacity.mode == "provisioned"
    assert (capacity.base_wcu, capacity.peak_wcu) == (1949, 4286)
    assert (capacity.base_rcu, capacity.peak_rcu) == (7793, 17143)
    lines = _table_lines(costs)
    peak_h = 2 * HOURS_PER_MONTH / 24
    writes = lines["provisioned write capacity"]
    assert writes.quantity == pytest.approx(1949 * (HOURS_PER_MONTH - peak_h) + 4286 * peak_h)
    assert writes.unit_price_usd == 0.00065
    assert writes.monthly_usd == pytest.approx(1017.2, abs=0.1)
    assert lines["provisioned read capacity"].monthly_usd == pytest.approx(813.5, abs=0.1)
    assert "writes" not in lines and "reads" not in lines


def test_provisioned_capacity_costs_less_than_the_on_demand_requests_it_replaces():
    # given: the same sink, spiky (on demand) and steady (provisioned)
    steady, spiky = compare_costs(_workload()), compare_costs(_workload(traffic_pattern="spiky"))

    # when
    steady_usd = sum(line.monthly_usd for line in _table_lines(steady).values())
    spiky_usd = sum(line.monthly_usd for line in _table_lines(spiky).values())

    # then: 3,942M writes x $0.625 + 15,768M reads x $0.125 + storage = $4,437 on demand
    assert spiky_usd == pytest.approx(2463.75 + 1971 + 2.5)
    assert steady_usd == pytest.approx(1833.2, abs=0.5)
    reason = next(c.reason for c in steady.design.choices if c.topic == "table_capacity")
    assert "70%" in reason and "$1,833" in reason and "$4,437" in reason


@pytest.mark.parametrize("pattern", ["spiky", "unpredictable", "scheduled"])
def test_a_table_whose_load_is_not_steady_stays_on_demand(pattern):
    # when
    costs = compare_costs(_workload(traffic_pattern=pattern))

    # then
    assert costs.design.table_capacity.mode == "on_demand"
    assert "writes" in _table_lines(costs)
    reason = next(c.reason for c in costs.design.choices if c.topic == "table_capacity")
    assert pattern in reason and "throttled" in reason


def test_a_nearly_idle_steady_table_stays_on_demand():
    # given: 0.01 events a second: one unit of each capacity would cost more than requests
    costs = compare_costs(_workload(avg_rps=0.01, peak_rps=0.02))

    # then
    assert costs.design.table_capacity.mode == "on_demand"
    reason = next(c.reason for c in costs.design.choices if c.topic == "table_capacity")
    assert "cheaper" in reason


def test_the_table_is_labelled_and_its_capacity_units_recorded_as_priced():
    # when
    assessment = evaluate(_workload(region="eu-west-1"))

    # then
    table = next(c for c in assessment.architecture.components if c.id == "app_table")
    properties = dict(table.properties)
    assert "provisioned" in table.label and "70%" in table.label
    assert properties["billing_mode"] == "PROVISIONED"
    assert properties["write_capacity"] == "1949-4286 WCU"
    writes = _table_lines(assessment.costs)["provisioned write capacity"]
    assert writes.unit_price_usd == 0.000735
