"""The idempotency records the starter repo's event consumers keep are on the bill, and
only where a consumer needs them.

Powertools for AWS Lambda writes each handled event's record twice, a conditional put that
claims it and an update that stores the result
(https://docs.powertools.aws.dev/lambda/python/latest/utilities/idempotency/), at
DynamoDB's on-demand write rate (https://aws.amazon.com/dynamodb/pricing/on-demand/:
$0.625 per million write request units in us-east-1). A consumer whose only effect is one
write to its own table or bucket, keyed by the event, makes that write idempotent itself
(a conditional put: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html;
an S3 PUT with If-None-Match: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html)
and keeps no record.
"""

from __future__ import annotations

import pytest

from advisor.engine.costs import compare_costs
from advisor.engine.results import OffloadPart
from advisor.engine.workload import DataStore, TrafficPattern, Trigger, Workflow

# A consumer that also calls a partner or sends a message: a key cannot make that safe.
SIDE_EFFECTS = (("consumer_unkeyed_effects_per_event", 1.0),)


def _idempotency(estimate) -> dict[str, object]:
    return {
        line.item: line
        for line in estimate.items
        if line.service == "dynamodb" and "idempotency records" in line.item
    }


def test_queued_events_pay_two_idempotency_writes_each_in_every_option(nightly_batch):
    # given: 10 queued jobs a second all month in us-east-1 (no workflow), each calling a
    # partner besides its write
    workload = nightly_batch.with_changes(
        avg_rps=10,
        peak_rps=10,
        workflow=Workflow.NONE,
        region="us-east-1",
        assumptions=SIDE_EFFECTS,
    )

    # when
    costs = compare_costs(workload)

    # then: 26.28M events x 2 writes = 52.56M write request units x $0.625 = $32.85, a line
    # every option carries (a container worker reading the queue gets repeats too)
    writes = _idempotency(costs.shared)["event idempotency records: writes"]
    assert writes.quantity == pytest.approx(52.56)
    assert writes.monthly_usd == pytest.approx(32.85)
    for option in costs.options:
        assert _idempotency(option.estimate)["event idempotency records: writes"] == writes


def test_idempotency_records_kept_a_day_are_stored(nightly_batch):
    # given: the same 10 jobs a second, records of 1 KB kept 24 hours by TTL
    workload = nightly_batch.with_changes(
        avg_rps=10,
        peak_rps=10,
        workflow=Workflow.NONE,
        region="us-east-1",
        assumptions=SIDE_EFFECTS,
    )

    # when
    storage = _idempotency(compare_costs(workload).shared)["event idempotency records: storage"]

    # then: a day's 864,000 records x 1 KB = 0.824 GB-month x $0.25 = $0.21
    assert storage.quantity == pytest.approx(864_000 / 1024**2)
    assert storage.monthly_usd == pytest.approx(0.206, abs=0.001)


def test_workflow_steps_keep_records_only_in_the_serverless_option(mobile_api):
    # given: an API whose every request starts a multi-step workflow, nothing queued
    workload = mobile_api.with_changes(workflow=Workflow.MULTI_STEP, triggers=(Trigger.HTTP,))

    # when
    costs = compare_costs(workload)

    # then: the Lambda step records its run (Step Functions retries it with the same input);
    # a container service runs its steps in-process, with no such table
    steps = _idempotency(costs.serverless)["step idempotency records: writes"]
    assert steps.quantity == pytest.approx(workload.requests_per_month * 2 / 1e6)
    assert not _idempotency(costs.shared)
    assert not _idempotency(costs.estimate("containers"))


def test_an_api_alone_keeps_no_idempotency_records(mobile_api):
    # when
    costs = compare_costs(mobile_api)

    # then
    assert not any(_idempotency(option.estimate) for option in costs.options)


def test_events_and_workflow_steps_records_are_two_lines_a_reader_can_tell_apart(
    nightly_batch,
):
    # given: queued jobs that each run a multi-step workflow
    costs = compare_costs(nightly_batch)

    # when
    items = [line.item for line in costs.serverless.items if line.service == "dynamodb"]

    # then: no two lines of the estimate have the same name
    assert "event idempotency records: writes" in items
    assert "step idempotency records: writes" in items
    assert len(items) == len(set(items))


@pytest.mark.parametrize(
    ("trigger", "store"),
    [
        (Trigger.PUBSUB, DataStore.KEY_VALUE),
        (Trigger.QUEUE, DataStore.KEY_VALUE),
        (Trigger.DB_CHANGE, DataStore.KEY_VALUE),
        (Trigger.QUEUE, DataStore.OBJECT),
        (Trigger.QUEUE, DataStore.DOCUMENT),
    ],
)
def test_a_consumer_whose_one_write_is_keyed_by_the_event_keeps_no_records(
    nightly_batch, trigger, store
):
    # given: events a consumer writes once to its own table or bucket, keyed by the event
    workload = nightly_batch.with_changes(
        avg_rps=100, peak_rps=200, workflow=Workflow.NONE, triggers=(trigger,), data_store=store
    )

    # when
    costs = compare_costs(workload)

    # then: no option pays for records, and the design says why
    assert not any(_idempotency(option.estimate) for option in costs.options)
    assert costs.design.event_idempotency == "keyed"
    choice = next(c for c in costs.design.choices if c.topic == "idempotency")
    assert "conditional" in choice.reason or "condition" in choice.reason


def test_keyed_writes_save_the_records_a_kinesis_consumer_would_pay(nightly_batch):
    # given: 3,000 published events a second into a key-value store (a telemetry sink)
    workload = nightly_batch.with_changes(
        avg_rps=3000,
        peak_rps=6000,
        traffic_pattern="steady",
        workflow=Workflow.NONE,
        triggers=(Trigger.PUBSUB,),
        data_store=DataStore.KEY_VALUE,
        region="us-east-1",
    )
    with_records = workload.with_changes(assumptions=SIDE_EFFECTS)

    # when
    keyed, recorded = compare_costs(workload), compare_costs(with_records)

    # then: the records a steady load would keep go on provisioned capacity (7,793 WCU
    # off the peak, 17,143 through its 60.8 busy hours, at $0.00065 a WCU-hour: $4,067,
    # rather than 7,884M events x 2 writes x $0.625/M = $9,855 on demand), plus $61.80 of
    # storage: that much is not on the keyed design's bill
    assert recorded.design.records_capacity.peak_wcu == 17_143
    saved = recorded.serverless.monthly_usd - keyed.serverless.monthly_usd
    assert saved == pytest.approx(4067.3 + 0.09 + 61.8, rel=0.005)
    reason = next(c.reason for c in keyed.design.choices if c.topic == "idempotency")
    assert "$4,129" in reason


@pytest.mark.parametrize(
    "changes",
    [
        {"assumptions": SIDE_EFFECTS},
        {"data_store": DataStore.RELATIONAL},
        {"data_store": DataStore.NONE},
        {"workflow": Workflow.MULTI_STEP},
    ],
    ids=["side-effects", "relational", "no-store", "workflow"],
)
def test_consumers_whose_effects_a_key_cannot_repeat_keep_records(nightly_batch, changes):
    # given: queued events whose consumer does more than one keyed write
    workload = nightly_batch.with_changes(
        avg_rps=10, peak_rps=10, triggers=(Trigger.QUEUE,), data_store=DataStore.KEY_VALUE
    ).with_changes(**({"workflow": Workflow.NONE} | changes))

    # when
    costs = compare_costs(workload)

    # then
    assert costs.design.event_idempotency == "records"
    assert "event idempotency records: writes" in _idempotency(costs.shared)


def test_telemetry_from_devices_held_on_a_fleet_is_keyed_not_recorded(nightly_batch):
    # given: 50,000 devices on MQTT (TCP held by a Fargate fleet) publishing 500 readings a
    # second, each written once to the key-value table under its device and time
    workload = nightly_batch.with_changes(
        avg_rps=500,
        peak_rps=800,
        traffic_pattern="steady",
        workflow=Workflow.NONE,
        triggers=(Trigger.PUBSUB,),
        data_store=DataStore.KEY_VALUE,
        persistent_connections="tcp",
        concurrent_connections=50_000,
        connection_minutes_avg=1440,
        region="us-east-1",
    )

    # when: the connections run outside Lambda, on the fleet the rules send them to
    costs = compare_costs(workload, offloaded_parts=(OffloadPart.PERSISTENT_CONNECTIONS,))

    # then: the consumer's keyed write is still its idempotency: none of the $1,642 a
    # month of record writes is on any option's bill
    assert costs.design.event_idempotency == "keyed"
    assert not any(_idempotency(option.estimate) for option in costs.options)
    assert not _idempotency(costs.shared)


def test_a_steady_load_s_records_table_gets_provisioned_capacity_like_the_main_table(
    nightly_batch,
):
    # given: 200 queued events a second all day (300 at the peak), each calling a partner
    # besides its write, so each keeps a record: 2 writes an event
    workload = nightly_batch.with_changes(
        avg_rps=200,
        peak_rps=300,
        traffic_pattern="steady",
        workflow=Workflow.NONE,
        triggers=(Trigger.QUEUE,),
        data_store=DataStore.KEY_VALUE,
        region="us-east-1",
        assumptions=SIDE_EFFECTS,
    )

    # when
    costs = compare_costs(workload)
    records = _idempotency(costs.shared)

    # then: 858 WCU at the peak (300 x 2 / 70%) and the base's the rest of the month at
    # $0.00065 a WCU-hour, far under 1,051M on-demand writes at $0.625 a million ($657)
    capacity = costs.design.records_capacity
    assert (capacity.base_wcu, capacity.peak_wcu) == (546, 858)
    assert "event idempotency records: writes" not in records
    provisioned = records["event idempotency records: provisioned write capacity"]
    assert provisioned.monthly_usd == pytest.approx(271.4, abs=1)
    reason = next(c.reason for c in costs.design.choices if c.topic == "idempotency")
    assert "provisioned capacity with auto scaling" in reason and "$657" not in reason
    assert "$661 on demand" in reason


def test_a_spiky_load_keeps_its_records_table_on_demand(nightly_batch):
    # given: the same consumer whose load comes in unannounced bursts
    workload = nightly_batch.with_changes(
        avg_rps=200,
        peak_rps=2000,
        traffic_pattern=TrafficPattern.SPIKY,
        workflow=Workflow.NONE,
        triggers=(Trigger.QUEUE,),
        data_store=DataStore.KEY_VALUE,
        assumptions=SIDE_EFFECTS,
    )

    # when
    costs = compare_costs(workload)

    # then
    assert costs.design.records_capacity is None
    assert "event idempotency records: writes" in _idempotency(costs.shared)
