"""The three-way cost comparison behaves as money should."""

from __future__ import annotations

import pytest

from advisor.engine.costs import compare_costs, price_service, pricing_catalog, service_parameters
from advisor.engine.results import OffloadPart
from advisor.engine.workload import Architecture
from advisor.errors import UnknownServiceError, UserMessageError


def _options(comparison):
    return {option.key: option.estimate for option in comparison.options}


def test_every_line_is_non_negative_and_totals_add_up(preset_workload):
    # when
    comparison = compare_costs(preset_workload)

    # then
    for name, estimate in _options(comparison).items():
        assert estimate.items, name
        assert all(line.monthly_usd >= 0 and line.quantity >= 0 for line in estimate.items), name
        assert estimate.monthly_usd == pytest.approx(sum(i.monthly_usd for i in estimate.items))


@pytest.mark.parametrize("option", ["serverless", "containers", "vm_reserved"])
def test_it_costs_more_with_more_traffic(mobile_api, option):
    # given
    busier = mobile_api.with_changes(
        avg_rps=mobile_api.avg_rps * 4, peak_rps=mobile_api.peak_rps * 4
    )

    # when
    before = compare_costs(mobile_api).estimate(option).monthly_usd
    after = compare_costs(busier).estimate(option).monthly_usd

    # then
    assert after > before


def test_the_free_tier_lowers_the_bill(nightly_batch):
    # given
    with_free_tier = nightly_batch.with_changes(include_free_tier=True)

    # when
    paid = compare_costs(nightly_batch).serverless.monthly_usd
    free = compare_costs(with_free_tier).serverless.monthly_usd

    # then
    assert free < paid


def test_arm64_is_cheaper_than_x86_for_the_same_duration(mobile_api):
    # given
    on_x86 = mobile_api.with_changes(architecture=Architecture.X86_64)

    # when
    comparison = compare_costs(on_x86)

    # then
    other = comparison.estimate("serverless_other_architecture")
    assert other.monthly_usd < comparison.serverless.monthly_usd
    assert any("arm64" in advice for advice in comparison.advice)


def test_the_region_changes_the_prices(mobile_api):
    # given
    in_ireland = mobile_api.with_changes(region="eu-west-1")

    # when
    virginia = compare_costs(mobile_api).serverless.monthly_usd
    ireland = compare_costs(in_ireland).serverless.monthly_usd

    # then
    assert ireland != pytest.approx(virginia)


@pytest.mark.parametrize(
    ("part", "service"),
    [
        (OffloadPart.LONG_RUNNING_JOBS, "fargate"),
        (OffloadPart.HOT_PATH, "fargate"),
        (OffloadPart.PERSISTENT_CONNECTIONS, "fargate"),
        (OffloadPart.GPU_WORK, "ec2"),
    ],
)
def test_offloaded_parts_are_priced_off_lambda(video_pipeline, part, service):
    # when
    all_serverless = compare_costs(video_pipeline)
    hybrid = compare_costs(video_pipeline, offloaded_parts=(part,))

    # then
    assert not any(line.service == service for line in all_serverless.serverless.items)
    assert any(line.service == service for line in hybrid.serverless.items)
    assert any("Fargate" in note or "GPU" in note for note in hybrid.serverless.notes)


def test_long_jobs_leave_lambda_only_the_dispatch_time(video_pipeline):
    # when
    hybrid = compare_costs(video_pipeline, offloaded_parts=(OffloadPart.LONG_RUNNING_JOBS,))
    plain = compare_costs(video_pipeline)

    # then
    def lambda_usd(estimate):
        return sum(line.monthly_usd for line in estimate.items if line.service == "lambda")

    assert lambda_usd(hybrid.serverless) < lambda_usd(plain.serverless) / 100


def test_break_even_separates_cheaper_from_dearer(realtime_chat):
    # given
    break_even = compare_costs(realtime_chat).break_even_avg_rps
    ratio = realtime_chat.peak_rps / realtime_chat.avg_rps
    assert break_even is not None

    def gap(rps):
        comparison = compare_costs(realtime_chat.with_changes(avg_rps=rps, peak_rps=rps * ratio))
        alternatives = ("containers", "vm_reserved")
        cheapest = min(comparison.estimate(key).monthly_usd for key in alternatives)
        return comparison.serverless.monthly_usd - cheapest

    # then
    assert gap(break_even / 2) < 0
    assert gap(break_even * 2) > 0


def test_break_even_is_none_when_serverless_is_always_cheaper(mobile_api):
    # given: fleets kept at 0.5% utilisation cost more per request than Lambda at any rate
    idle_fleets = mobile_api.with_changes(assumptions=(("container_target_utilisation", 0.005),))

    # when
    comparison = compare_costs(idle_fleets)

    # then
    assert comparison.break_even_avg_rps is None
    assert comparison.serverless.monthly_usd < comparison.estimate("vm_reserved").monthly_usd


def test_overriding_an_assumption_changes_the_figure_and_is_reported(mobile_api):
    # given
    heavier = mobile_api.with_changes(assumptions=(("dynamodb_reads_per_request", 10.0),))

    # when
    base = compare_costs(mobile_api)
    changed = compare_costs(heavier)

    # then
    assert changed.serverless.monthly_usd > base.serverless.monthly_usd
    reported = {a.name: a for a in changed.assumptions}
    assert reported["dynamodb_reads_per_request"].value == 10.0
    assert reported["dynamodb_reads_per_request"].overridden
    assert not reported["log_bytes_per_request"].overridden


def test_every_catalog_assumption_is_listed_with_its_value(mobile_api):
    # when
    listed = {a.name for a in compare_costs(mobile_api).assumptions}

    # then
    assert listed == set(pricing_catalog().assumptions)


def test_sqs_batching_cuts_lambda_invocations_tenfold(nightly_batch):
    # given: every message starts a workflow whose one Lambda step is invoked on its own
    messages = nightly_batch.requests_per_month

    # when
    comparison = compare_costs(nightly_batch)

    # then: a tenth of an invocation per message, plus the step
    requests = next(i for i in comparison.serverless.items if i.item.startswith("requests"))
    assert requests.quantity * 1e6 == pytest.approx(messages / 10 + messages)
    assert any("SQS batching" in advice for advice in comparison.advice)


def test_cold_start_sensitive_work_pays_for_provisioned_concurrency(realtime_chat):
    # when
    comparison = compare_costs(realtime_chat)

    # then
    assert any(i.item.startswith("provisioned concurrency") for i in comparison.serverless.items)
    assert any("Provisioned concurrency" in advice for advice in comparison.advice)


def test_cpu_bound_work_gets_memory_advice(video_pipeline):
    # when
    advice = compare_costs(video_pipeline).advice

    # then
    assert any("8,192 MB" in text for text in advice)


@pytest.mark.parametrize(
    ("service", "params", "error", "named"),
    [
        ("lambada", {}, UnknownServiceError, "lambada"),
        ("lambda", {"memroy_mb": "512"}, UserMessageError, "memroy_mb"),
        ("lambda", {"memory_mb": "lots"}, UserMessageError, "memory_mb"),
        ("lambda", {"architecture": "sparc"}, UserMessageError, "architecture"),
        ("ec2", {"instance_type": "z9.huge"}, UserMessageError, "instance_type"),
        ("sqs", {"region": "mars-1"}, UserMessageError, "region"),
    ],
)
def test_price_service_rejects_bad_input_naming_the_key(service, params, error, named):
    with pytest.raises(error, match=named):
        price_service(service, params)


def test_every_service_lists_its_keys_and_prices_with_its_defaults():
    for service in pricing_catalog().services:
        # when
        keys = service_parameters(service)
        estimate = price_service(service, {})

        # then
        assert "region" in keys
        assert all(description for description in keys.values())
        assert estimate.monthly_usd > 0, service
