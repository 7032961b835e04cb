"""The idempotency records the starter repo's event consumers keep are on the bill.

Powertools for AWS Lambda writes each handled event's record twice, a conditional put that
claims it and an update that stores the result
(https://docs.powertools.aws.dev/lambda/python/latest/utilities/idempotency/), at
DynamoDB's on-demand write rate (https://aws.amazon.com/dynamodb/pricing/on-demand/:
$0.625 per million write request units in us-east-1).
"""

from __future__ import annotations

import pytest

from advisor.engine.costs import compare_costs
from advisor.engine.workload import Trigger, Workflow


def _idempotency(estimate) -> dict[str, object]:
    return {
        line.item: line
        for line in estimate.items
        if line.service == "dynamodb" and "idempotency records" in line.item
    }


def test_queued_events_pay_two_idempotency_writes_each_in_every_option(nightly_batch):
    # given: 10 queued jobs a second all month in us-east-1 (no workflow)
    workload = nightly_batch.with_changes(
        avg_rps=10, peak_rps=10, workflow=Workflow.NONE, region="us-east-1"
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
        avg_rps=10, peak_rps=10, workflow=Workflow.NONE, region="us-east-1"
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
