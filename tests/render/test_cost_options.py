"""The cost-option registry: every entry is priced, read and shown through the registry,
and the what-if added through it (Lambda Managed Instances) answers as an architect would."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from advisor.engine.costs.option_kinds import (
    COST_OPTIONS,
    MANAGED_INSTANCES,
    OPTIONS_BY_KEY,
    priced_kinds,
)
from advisor.engine.results import OffloadPart
from advisor.engine.serialize import assessment_as_dict
from advisor.engine.workload import TrafficPattern
from advisor.render.report.costs import option_rows
from advisor.render.text import assessment_as_text


def _steady_busy(workload):
    """The same API, busy around the clock: 2,000 req/s average, 2,500 at the peak."""
    return workload.with_changes(avg_rps=2000.0, peak_rps=2500.0)


def test_every_priced_option_shares_the_same_common_lines(mobile_api):
    # when
    costs = compare_costs(mobile_api)
    # then: the lines every option pays alike are in each option, once
    shared = set(costs.shared.items)
    for option in costs.options:
        assert shared <= set(option.estimate.items), option.key
        own = sum(line.monthly_usd for line in option.estimate.items if line not in shared)
        assert option.estimate.monthly_usd == pytest.approx(own + costs.shared.monthly_usd)


def test_the_options_come_in_the_registry_order_with_serverless_first(mobile_api):
    # when
    keys = [option.key for option in compare_costs(mobile_api).options]
    # then
    registry_order = [kind.key for kind in COST_OPTIONS]
    assert keys[0] == "serverless"
    assert keys == [key for key in registry_order if key in keys]


def test_every_priced_option_reaches_the_json_the_text_and_the_report(mobile_api):
    # given
    assessment = evaluate(mobile_api)
    # when
    as_json = assessment_as_dict(mobile_api, assessment)["costs"]
    text = assessment_as_text(mobile_api, assessment)
    report_labels = [row["label"] for row in option_rows(mobile_api, assessment)]
    # then
    for kind, estimate in priced_kinds(assessment.costs):
        assert as_json[kind.key]["monthly_usd"] == pytest.approx(estimate.monthly_usd, abs=0.01)
        assert kind.label(mobile_api) in text
        assert kind.label(mobile_api) in report_labels


def test_managed_instances_cost_less_than_on_demand_lambda_for_a_steady_busy_api(mobile_api):
    # given
    steady = _steady_busy(mobile_api)
    # when
    costs = compare_costs(steady)
    managed = costs.estimate(MANAGED_INSTANCES)
    # then: instances kept busy beat per-request billing, and the advice says so in dollars
    assert managed.monthly_usd < costs.serverless.monthly_usd
    assert any(line.service == "lambda_managed_instances" for line in managed.items)
    assert not any(line.service == "lambda" for line in managed.items)
    advice = [text for text in costs.advice if text.startswith("Lambda Managed Instances")]
    assert advice and f"${managed.monthly_usd:,.2f}" in advice[0]


def test_managed_instances_cost_more_than_lambda_for_a_mostly_idle_api(mobile_api):
    # given: a few requests a minute, bursting to 20 req/s
    idle = mobile_api.with_changes(avg_rps=0.05, peak_rps=20.0)
    # when
    costs = compare_costs(idle)
    # then: three instances all month against per-request billing
    assert costs.estimate(MANAGED_INSTANCES).monthly_usd > 5 * costs.serverless.monthly_usd
    assert not any(text.startswith("Lambda Managed Instances") for text in costs.advice)


def test_managed_instances_keep_three_instances_across_availability_zones(mobile_api):
    # given
    tiny = mobile_api.with_changes(avg_rps=1.0, peak_rps=2.0)
    # when
    managed = compare_costs(tiny).estimate(MANAGED_INSTANCES)
    # then
    hours = [line for line in managed.items if "instance-hours" in line.item]
    assert hours and hours[0].quantity == pytest.approx(3 * 730)


def test_managed_instances_are_not_offered_for_gpu_work(mobile_api):
    # given
    gpu = mobile_api.with_changes(gpu_required=True)
    # when
    costs = compare_costs(gpu, offloaded_parts=(OffloadPart.GPU_WORK,))
    # then
    assert not costs.priced(MANAGED_INSTANCES)


def test_what_ifs_do_not_decide_the_money(mobile_api):
    # given: a registry where only containers and VMs are alternatives
    alternatives = {kind.key for kind in COST_OPTIONS if kind.alternative}
    # then
    assert alternatives == {"containers", "vm_reserved"}
    assert not OPTIONS_BY_KEY[MANAGED_INSTANCES].compared


def test_managed_instances_keep_the_peaks_extra_instances_only_through_the_busy_hours(
    mobile_api,
):
    # given: an API whose daily peak, scaled ahead of time, needs many more instances than
    # its off-peak load
    spiky = mobile_api.with_changes(
        avg_rps=50.0, peak_rps=2000.0, traffic_pattern=TrafficPattern.SCHEDULED
    )
    # when
    managed = compare_costs(spiky).estimate(MANAGED_INSTANCES)
    # then: the busy hours' instances are a line of their own, billed for those hours only
    all_month = [line for line in managed.items if line.item.endswith("instance-hours")]
    busy = [line for line in managed.items if line.item.endswith("instance-hours, busy hours")]
    assert all_month and busy
    assert all_month[0].quantity == pytest.approx(3 * 730)
    assert 0 < busy[0].quantity < 730
