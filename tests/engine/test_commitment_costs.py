"""A 3-year commitment is priced at 3-year rates, not at the 1-year ones.

AWS's Reserved Instance page (https://aws.amazon.com/ec2/pricing/reserved-instances/pricing/)
sells Standard Reserved Instances for 1 or 3 years; the 3-year term costs less an hour. No
published 3-year rate for the instance types the advisor prices was found, so
knowledge/pricing/ec2.yaml estimates them from the comparable m6a family's published rate
(45.4% of on demand) and says so; an instance type without one is priced at its 1-year
rate with a note, never silently.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.engine.costs import compare_costs, options
from advisor.engine.costs.front_door import expert_design
from advisor.engine.costs.model import assumption_values, make_context


def _instances(estimate):
    return [line for line in estimate.items if line.service == "ec2"]


def test_three_years_reserve_the_vms_at_the_three_year_rate(mobile_api):
    # given: the mobile API (arm64, us-east-1) with a 3-year commitment
    workload = mobile_api.with_changes(commitment_years=3)

    # when
    vms = compare_costs(workload).estimate("vm_reserved")

    # then: its always-on t4g.small instances (burstable: its load stays within their
    # baseline) at $0.0168 x 0.454 = $0.0076 an hour, where the 1-year term costs $0.0106
    reserved = next(line for line in _instances(vms) if "reserved" in line.item)
    assert "3-year reserved" in reserved.item and "t4g.small" in reserved.item
    assert reserved.unit_price_usd == pytest.approx(0.0076)


def test_a_longer_commitment_never_costs_more(mobile_api):
    # when
    one_year = compare_costs(mobile_api.with_changes(commitment_years=1))
    three_years = compare_costs(mobile_api.with_changes(commitment_years=3))

    # then
    for key in ("vm_reserved", "lambda_managed_instances"):
        assert three_years.estimate(key).monthly_usd < one_year.estimate(key).monthly_usd


def test_an_instance_without_a_three_year_rate_says_it_is_priced_at_one_year(mobile_api):
    # given: a price table that lacks the 3-year rate of the VMs' instance type
    workload = mobile_api.with_changes(commitment_years=3)
    ctx = make_context(workload, assumption_values(workload))
    table = {key: row for key, row in ctx.table.items() if key != ("ec2", "reserved_3y.t4g.small")}

    # when
    lines, notes = options.vm_lines(replace(ctx, table=table), "arm64", expert_design(ctx, ()))

    # then: the 1-year rate, and the estimate says why
    reserved = next(line for line in lines if "reserved" in line.item)
    assert "1-year reserved" in reserved.item
    assert any("No 3-year reserved rate is recorded for t4g.small" in note for note in notes)


def test_a_nightly_jobs_quiet_hours_floor_gets_no_savings_plan_line_or_note(nightly_batch):
    # given: a 1-year commitment offered for work that runs almost only at night
    workload = nightly_batch.with_changes(commitment_years=1)

    # when
    serverless = compare_costs(workload).serverless

    # then: no "1-year" Lambda line of $0.00 and no note that a plan covers 0 %
    assert not [line for line in serverless.items if "1-y" in line.item]
    assert not [note for note in serverless.notes if "Savings Plan covers" in note]
