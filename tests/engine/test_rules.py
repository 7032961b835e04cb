"""The rules engine: each rule on both sides of its edge, answer changes -> rule ids, scoring."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from advisor.engine.results import (
    CostComparison,
    Effect,
    Estimate,
    Fit,
    OffloadPart,
    PricedOption,
)
from advisor.engine.rules import (
    decision_facts,
    derive_facts,
    design_facts,
    evaluate_rules,
    offloads_for,
    rulebook,
    score_of,
)
from advisor.engine.workload import (
    Connections,
    DataStore,
    Runtime,
    TrafficPattern,
    Trigger,
    Workflow,
)
from tests.conftest import PRESET_NAMES, examples, load_workload, preset_answers

RULES_BY_ID = {rule.id: rule for rule in rulebook().rules}
THRESHOLD_RULES = [rule for rule in rulebook().rules if rule.threshold is not None]


def _costs(serverless_usd: float, containers_usd: float, vm_usd: float) -> CostComparison:
    """A hand-built cost comparison (test data: these tests are about rules, not prices)."""

    def estimate(monthly_usd: float) -> Estimate:
        return Estimate(monthly_usd=monthly_usd, items=())

    return CostComparison(
        options=(
            PricedOption("serverless", estimate(serverless_usd)),
            PricedOption("containers", estimate(containers_usd)),
            PricedOption("vm_reserved", estimate(vm_usd)),
            PricedOption("serverless_other_architecture", estimate(serverless_usd * 0.8)),
        ),
        break_even_avg_rps=None,
        assumptions=(),
    )


CHEAP = _costs(200, 400, 300)  # serverless well below the alternatives
DEAR = _costs(10_000, 2_000, 2_500)  # serverless 5x the cheapest alternative
# The GPU work moved out, as the costs of a GPU workload record it.
GPU_MOVED = replace(CHEAP, offloaded_parts=(OffloadPart.GPU_WORK,))
# A GPU tool callers wait on (HTTP, the target covers the run) that accepts a slow first
# answer; and GPU work nobody waits on (a schedule and a queue).
GPU_TOOL = {"gpu_required": True, "cold_start_sensitive": False}


def _workload(preset: str = "api-for-a-mobile-app", **changes):
    return load_workload(preset_answers(preset) | changes)


def _fires(rule_id: str, workload, costs: CostComparison = CHEAP) -> bool:
    return RULES_BY_ID[rule_id].fires(derive_facts(workload, costs))


# For each rule with a threshold: a workload (preset, answer changes) and costs under which
# every OTHER term of its condition holds, so the threshold fact alone decides.
THRESHOLD_BASES = {
    "run_longer_than_lambda_timeout": ("nightly-batch-job", {}, CHEAP),
    "run_close_to_lambda_timeout": ("nightly-batch-job", {}, CHEAP),
    "memory_above_lambda_max_for_requests": ("api-for-a-mobile-app", {}, CHEAP),
    "memory_above_lambda_max_for_jobs": ("nightly-batch-job", {}, CHEAP),
    "memory_above_fargate_max": ("api-for-a-mobile-app", {}, CHEAP),
    "target_below_networked_state_reads": ("api-for-a-mobile-app", {}, CHEAP),
    "sync_payload_over_lambda_limit": ("api-for-a-mobile-app", {}, CHEAP),
    "sync_response_over_lambda_limit": ("api-for-a-mobile-app", {}, CHEAP),
    "target_below_the_front_door": ("api-for-a-mobile-app", {"avg_duration_ms": 20}, CHEAP),
    "large_payload_through_s3": ("api-for-a-mobile-app", {}, CHEAP),
    "peak_concurrency_above_default_quota": ("api-for-a-mobile-app", {}, CHEAP),
    "http_request_longer_than_gateway_timeout": ("api-for-a-mobile-app", {}, CHEAP),
    "api_gateway_account_throttle": ("api-for-a-mobile-app", {}, CHEAP),
    "burst_outpaces_scaling": ("api-for-a-mobile-app", {}, CHEAP),
    "async_payload_over_lambda_limit": ("nightly-batch-job", {}, CHEAP),
    "package_over_zip_limit": ("api-for-a-mobile-app", {}, CHEAP),
    "mostly_idle_scales_to_zero": ("api-for-a-mobile-app", {}, CHEAP),
    "always_busy_capacity": ("api-for-a-mobile-app", {"peak_rps": 25}, CHEAP),
    "serverless_costs_more": ("api-for-a-mobile-app", {}, DEAR),
    "serverless_costs_several_times_more": ("api-for-a-mobile-app", {}, DEAR),
    "steady_load_costs_more": (
        "api-for-a-mobile-app",
        {"traffic_pattern": "steady", "peak_rps": 25},
        DEAR,
    ),
    "serverless_costs_less": ("api-for-a-mobile-app", {}, CHEAP),
    "over_budget": ("api-for-a-mobile-app", {}, CHEAP),
    "over_budget_on_every_option": ("api-for-a-mobile-app", {"monthly_budget_usd": 250}, CHEAP),
    "over_budget_and_dearer": ("api-for-a-mobile-app", {"monthly_budget_usd": 1_000}, DEAR),
    "cold_start_needs_provisioned_concurrency": ("real-time-chat", {}, CHEAP),
    "cold_starts_within_target": ("api-for-a-mobile-app", {}, CHEAP),
    "right_size_memory_for_io": ("api-for-a-mobile-app", {}, CHEAP),
    "relational_connection_exhaustion": (
        "api-for-a-mobile-app",
        {"data_store": "relational"},
        CHEAP,
    ),
    "cache_frequent_reads": ("api-for-a-mobile-app", {}, CHEAP),
    # People approve: Standard at any volume (waiting runs with no approval would take
    # a state table at this rate).
    "orchestration_at_high_volume": (
        "nightly-batch-job",
        {"max_duration_s": 600, "workflow": "human_approval"},
        CHEAP,
    ),
    "batch_high_volume_events": ("nightly-batch-job", {}, CHEAP),
    "gpu_endpoint_mostly_idle": ("api-for-a-mobile-app", GPU_TOOL, GPU_MOVED),
    "gpu_jobs_managed_options": ("nightly-batch-job", {"gpu_required": True}, GPU_MOVED),
}


def _either_side(op: str, value: float) -> tuple[float, float]:
    """(a value just past the edge, a value just short of it) for `fact <op> value`."""
    step = max(abs(value) * 1e-3, 1e-3)
    past = {">": value + step, ">=": value, "<": value - step, "<=": value}[op]
    short = {">": value, ">=": value - step, "<": value, "<=": value + step}[op]
    return past, short


def test_every_rule_with_a_threshold_has_a_base_workload_for_the_edge_test():
    # then
    assert {rule.id for rule in THRESHOLD_RULES} == THRESHOLD_BASES.keys()


@pytest.mark.parametrize("rule", THRESHOLD_RULES, ids=lambda rule: rule.id)
def test_it_fires_just_past_the_threshold_and_not_just_short_of_it(rule):
    # given
    preset, changes, costs = THRESHOLD_BASES[rule.id]
    facts = derive_facts(_workload(preset, **changes), costs)
    past, short = _either_side(rule.threshold.op, rule.threshold.edge(facts))

    # when
    fires_past = rule.fires({**facts, rule.threshold.fact: past})
    fires_short = rule.fires({**facts, rule.threshold.fact: short})

    # then
    assert fires_past
    assert not fires_short


# Answers that map straight onto a threshold fact: the edge checked through the questionnaire.
ANSWER_EDGES = [
    ("run_longer_than_lambda_timeout", "nightly-batch-job", "max_duration_s", 901, 900),
    ("memory_above_lambda_max_for_requests", "api-for-a-mobile-app", "memory_mb", 10241, 10240),
    ("memory_above_lambda_max_for_jobs", "nightly-batch-job", "memory_mb", 10241, 10240),
    ("sync_payload_over_lambda_limit", "api-for-a-mobile-app", "payload_kb", 6145, 6144),
    ("sync_response_over_lambda_limit", "api-for-a-mobile-app", "avg_response_kb", 6145, 6144),
    # 20 ms of work and the 10 ms the front door adds, twice at the 95th percentile: 60 ms
    # is the quickest p95.
    ("target_below_the_front_door", "api-for-a-mobile-app", "p95_latency_ms", 59, 60),
    ("http_request_longer_than_gateway_timeout", "api-for-a-mobile-app", "max_duration_s", 31, 30),
    ("orchestration_at_high_volume", "nightly-batch-job", "avg_rps", 100, 99.9),
]


# Changes to the preset that put it where the rule can fire at all.
ANSWER_EDGE_BASES = {
    "orchestration_at_high_volume": {"max_duration_s": 600, "workflow": "human_approval"},
    "target_below_the_front_door": {"avg_duration_ms": 20},
}


@pytest.mark.parametrize("rule_id,preset,answer,past,short", ANSWER_EDGES)
def test_it_fires_on_the_questionnaire_answer_just_past_the_edge(
    rule_id, preset, answer, past, short
):
    # given
    extra = {"peak_rps": past} if answer == "avg_rps" else {}
    extra |= ANSWER_EDGE_BASES.get(rule_id, {})
    over, under = (
        _workload(preset, **{answer: past}, **extra),
        _workload(preset, **{answer: short}, **extra),
    )

    # when / then
    assert _fires(rule_id, over)
    assert not _fires(rule_id, under)


ANSWER_TABLE = [
    # (answer changes to the mobile API preset, rules that fire, rules that do not)
    (
        {},
        {"spiky_traffic_scales_automatically", "jwt_validated_at_gateway"},
        {"gpu_not_available_on_lambda"},
    ),
    ({"gpu_required": True}, {"gpu_not_available_on_lambda"}, set()),
    (
        {"persistent_connections": "websocket"},
        {"websocket_through_api_gateway"},
        {"raw_connections_outside_lambda"},
    ),
    (
        {"persistent_connections": "tcp"},
        {"raw_connections_outside_lambda"},
        {"websocket_through_api_gateway", "devices_through_iot_core"},
    ),
    (
        {"persistent_connections": "tcp", "concurrent_connections": 1_000_000},
        {"devices_through_iot_core"},
        set(),
    ),
    (
        {"persistent_connections": "streaming", "max_duration_s": 3600},
        {"raw_connections_outside_lambda"},
        set(),
    ),
    (
        # An LLM's answers streamed for 20 s (2 min at most) with a 1.5 s target: the target
        # is the time to the first tokens (test_streams.py checks the front door's advice).
        {
            "persistent_connections": "streaming",
            "avg_duration_ms": 20_000,
            "max_duration_s": 120,
            "p95_latency_ms": 1500,
        },
        set(),
        {"raw_connections_outside_lambda", "work_outlasts_latency_target"},
    ),
    (
        {"data_store": "relational"},
        {"relational_needs_connection_pooling"},
        {"serverless_native_database"},
    ),
    ({"data_store": "relational", "peak_rps": 10_000}, {"relational_connection_exhaustion"}, set()),
    (
        {"triggers": ["queue"]},
        {
            "queue_through_sqs_in_batches",
            "idempotent_event_consumers",
            "failed_events_to_dead_letter",
            "event_driven_work_fits",
            "batch_high_volume_events",
        },
        {"http_through_api_gateway", "jwt_validated_at_gateway"},
    ),
    (
        {"triggers": ["file_upload"]},
        {"file_upload_through_s3_events", "object_storage_with_presigned_urls"},
        set(),
    ),
    (
        {"triggers": ["db_change"]},
        {"db_change_through_streams", "idempotent_event_consumers"},
        set(),
    ),
    ({"triggers": ["pubsub"]}, {"pubsub_fan_out_through_sns"}, {"queue_through_sqs_in_batches"}),
    (
        {"triggers": ["db_change"], "data_store": "relational"},
        {"db_change_through_streams", "db_change_from_a_relational_store"},
        {"db_change_without_a_table"},
    ),
    (
        {"triggers": ["db_change"], "data_store": "none"},
        {"db_change_without_a_table"},
        {"db_change_from_a_relational_store"},
    ),
    (
        {"triggers": ["db_change"]},  # the preset's key-value store streams its own changes
        {"db_change_through_streams"},
        {"db_change_from_a_relational_store", "db_change_without_a_table"},
    ),
    (
        {"triggers": ["schedule"]},
        {"schedule_through_eventbridge", "scheduled_work_pays_per_run"},
        set(),
    ),
    (
        {"triggers": ["http", "pubsub"]},
        {"choreography_between_services", "single_responsibility_functions"},
        set(),
    ),
    (
        {"workflow": "multi_step"},
        {"orchestrate_multi_step_with_step_functions"},
        {"choreography_between_services"},
    ),
    # Runs that wait 10 minutes, 25 a second: Standard would bill $8,212 a month.
    (
        {"workflow": "multi_step", "max_duration_s": 600},
        {"waiting_runs_in_a_state_table"},
        {"orchestrate_multi_step_with_step_functions", "orchestration_at_high_volume"},
    ),
    ({"workflow": "human_approval"}, {"human_approval_with_task_tokens"}, set()),
    ({"auth": "public"}, {"public_endpoint_protection"}, {"jwt_validated_at_gateway"}),
    ({"auth": "iam"}, {"iam_authorised_calls"}, {"public_endpoint_protection"}),
    ({"sensitive_data": False}, set(), {"encrypt_sensitive_data_with_kms"}),
    ({"cpu_bound": True}, {"right_size_memory_for_cpu"}, {"right_size_memory_for_io"}),
    ({"architecture": "x86_64"}, {"arm64_costs_less"}, set()),
    (
        # The mobile API's spikes come unannounced: the warm environments stay all month.
        {"runtime": "java", "cold_start_sensitive": True},
        {
            "heavy_runtime_cold_start",
            "cold_start_needs_provisioned_concurrency",
            "provisioned_concurrency_for_unannounced_spikes",
        },
        {
            "occasional_cold_starts_accepted",
            "cold_starts_within_target",
            "provisioned_concurrency_setup",
        },
    ),
    (
        # A steady load's busy hours are known: the warm environments follow a schedule.
        {"runtime": "java", "cold_start_sensitive": True, "traffic_pattern": "steady"},
        {"cold_start_needs_provisioned_concurrency", "provisioned_concurrency_setup"},
        {"provisioned_concurrency_for_unannounced_spikes"},
    ),
    (
        {"runtime": "java"},
        {"occasional_cold_starts_accepted"},
        {"cold_start_needs_provisioned_concurrency"},
    ),
    ({"p95_latency_ms": 5000}, {"cold_starts_within_target"}, {"keep_dependencies_light"}),
    (
        # The work alone outlasts the target: warm environments cannot be the fix; and a
        # 5 ms target with state to read moves the request path, the whole workload here,
        # off Lambda.
        {"p95_latency_ms": 5, "cold_start_sensitive": True},
        {
            "work_outlasts_latency_target",
            "target_below_networked_state_reads",
            "nothing_left_on_lambda",
        },
        {
            "cold_start_needs_provisioned_concurrency",
            "cold_starts_within_target",
            "provisioned_concurrency_setup",
            "provisioned_concurrency_for_unannounced_spikes",
        },
    ),
    (
        # 20 ms of work with a 50 ms target: the work meets it (40 ms at its p95), the
        # front door's own time breaks it (60 ms at p95).
        {"p95_latency_ms": 50, "avg_duration_ms": 20},
        {"target_below_the_front_door"},
        {"work_outlasts_latency_target", "work_tail_misses_the_target"},
    ),
    (
        # 80 ms of work with an 80 ms target: about 160 ms at its p95 on any compute, so
        # not the front door's fault.
        {"p95_latency_ms": 80},
        {"work_tail_misses_the_target"},
        {"target_below_the_front_door", "work_outlasts_latency_target"},
    ),
    (
        {"p95_latency_ms": 160},
        {"occasional_cold_starts_accepted"},
        {"target_below_the_front_door", "work_tail_misses_the_target"},
    ),
    (
        # A restored snapshot (about 400 ms) and the work meet an 800 ms target.
        {"runtime": "java", "cold_start_sensitive": True, "p95_latency_ms": 800},
        {"snapstart_restores_within_target"},
        {
            "cold_start_needs_provisioned_concurrency",
            "provisioned_concurrency_setup",
            "provisioned_concurrency_for_unannounced_spikes",
            "heavy_runtime_cold_start",
        },
    ),
    (
        {"auth": "public"},
        {"sensitive_data_behind_an_open_api"},
        {"jwt_validated_at_gateway"},
    ),
    ({"avg_response_kb": 8_000}, {"sync_response_over_lambda_limit"}, set()),
    ({"max_duration_s": 1200}, {"run_longer_than_lambda_timeout"}, {"run_close_to_lambda_timeout"}),
    ({"max_duration_s": 720}, {"run_close_to_lambda_timeout"}, {"run_longer_than_lambda_timeout"}),
    (
        {"memory_mb": 200_000},
        {"memory_above_fargate_max", "memory_above_lambda_max_for_requests"},
        set(),
    ),
    (
        {"traffic_pattern": "steady", "peak_rps": 25},
        set(),
        {"spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"},
    ),
    (
        # No traffic at all: nothing is spiky or idle "compared with the peak".
        {"avg_rps": 0, "peak_rps": 0},
        set(),
        {"spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"},
    ),
    ({"monthly_budget_usd": None}, set(), {"budget_alerts", "well_within_budget", "over_budget"}),
    # CHEAP: serverless $200, the cheapest alternative (reserved VMs) $300.
    ({"monthly_budget_usd": 150}, {"over_budget_on_every_option"}, {"over_budget"}),
    ({"monthly_budget_usd": 190}, {"over_budget_on_every_option"}, {"well_within_budget"}),
]


@pytest.mark.parametrize("changes,fired,not_fired", ANSWER_TABLE)
def test_it_fires_the_rules_an_answer_calls_for(changes, fired, not_fired):
    # given
    workload = _workload(**changes)

    # when
    verdict = evaluate_rules(workload, CHEAP)

    # then
    ids = {hit.rule for hit in verdict.reasons + verdict.recommendations}
    assert fired <= ids
    assert not (not_fired & ids)


# Events over their transport's size limit (the design keeps their bodies in S3): what the
# advice says names the transport and its limit; events that fit get no such advice.
CLAIM_CHECK_TABLE = [
    # 5 events a second go through an SNS topic; the preset's 25 through a Kinesis stream.
    (
        {"triggers": ["pubsub"], "avg_rps": 5, "peak_rps": 10, "payload_kb": 300},
        "the SNS topic's 256 KB",
    ),
    ({"triggers": ["pubsub"], "avg_rps": 5, "peak_rps": 10, "payload_kb": 256}, None),
    ({"triggers": ["pubsub"], "payload_kb": 300}, None),
    ({"triggers": ["queue"], "payload_kb": 2048}, "the SQS queue's 1,024 KB"),
    ({"triggers": ["queue"], "payload_kb": 1024}, None),
]


@pytest.mark.parametrize("changes,limit_words", CLAIM_CHECK_TABLE)
def test_it_advises_the_claim_check_for_events_over_their_transports_limit(changes, limit_words):
    # given
    workload = _workload(**changes)

    # when
    verdict = evaluate(workload).verdict

    # then
    advice = {hit.rule: hit.message for hit in verdict.recommendations}
    if limit_words is None:
        assert "large_events_through_s3_claim_check" not in advice
    else:
        assert limit_words in advice["large_events_through_s3_claim_check"]


GPU_RULES = {"gpu_endpoint_managed_options", "gpu_endpoint_mostly_idle", "gpu_jobs_managed_options"}
GPU_TABLE = [
    # (answer changes to the mobile API preset, GPU rules that fire): which managed options
    # the advice names turns on whether anyone waits for the answer and how busy the
    # always-on GPUs would be, so these run the whole evaluation, costs included.
    ({}, set()),
    ({"gpu_required": True, "cold_start_sensitive": True}, {"gpu_endpoint_managed_options"}),
    # 25 req/s of 80 ms on GPUs batching 4, peaks scaled ahead of time: the service is
    # busy about a fifth of its hours.
    (GPU_TOOL | {"traffic_pattern": "scheduled"}, {"gpu_endpoint_managed_options"}),
    # The same with 12x bursts that come unannounced: the GPUs kept warm to carry one
    # (an instance takes minutes to start and load the model) mostly wait.
    (GPU_TOOL, {"gpu_endpoint_managed_options", "gpu_endpoint_mostly_idle"}),
    # An internal tool used an hour a day: the warm GPUs mostly wait.
    (
        GPU_TOOL | {"avg_rps": 0.05, "peak_rps": 1.2},
        {"gpu_endpoint_managed_options", "gpu_endpoint_mostly_idle"},
    ),
    # The same, but a slow first answer is not acceptable: nothing may scale to zero.
    (
        GPU_TOOL | {"avg_rps": 0.05, "peak_rps": 1.2, "cold_start_sensitive": True},
        {"gpu_endpoint_managed_options"},
    ),
    (
        {"gpu_required": True, "triggers": ["queue"], "p95_latency_ms": 60_000},
        {"gpu_jobs_managed_options"},
    ),
    # Runs of 90 minutes: longer than SageMaker's asynchronous inference and batch transform take.
    (
        {
            "gpu_required": True,
            "triggers": ["queue"],
            "p95_latency_ms": 6_000_000,
            "avg_duration_ms": 5_400_000,
            "max_duration_s": 5_400,
        },
        set(),
    ),
]


@pytest.mark.parametrize("changes,fired", GPU_TABLE)
def test_it_names_the_managed_gpu_options_that_fit_the_work(changes, fired):
    # given
    workload = _workload(**changes)

    # when
    verdict = evaluate(workload).verdict

    # then
    ids = {hit.rule for hit in verdict.reasons + verdict.recommendations}
    assert ids & GPU_RULES == fired


def test_cold_start_rules_stand_down_once_the_requests_move_to_an_always_on_service():
    # given: a latency-critical API; with 16 GB a run, its requests move to Fargate
    workload = _workload(cold_start_sensitive=True, p95_latency_ms=200, runtime="java")
    on_fargate = replace(workload, memory_mb=16_384)
    # (its spikes come unannounced: the warm environments would stay all month)
    cold_start_rules = {
        "cold_start_needs_provisioned_concurrency",
        "provisioned_concurrency_for_unannounced_spikes",
        "heavy_runtime_cold_start",
    }

    # when
    all_serverless = evaluate_rules(workload, CHEAP)
    hybrid = evaluate_rules(on_fargate, CHEAP)

    # then
    def ids(verdict):
        return {hit.rule for hit in verdict.reasons + verdict.recommendations}

    assert cold_start_rules <= ids(all_serverless)
    assert not (cold_start_rules & ids(hybrid))


@pytest.mark.parametrize(
    "budget_usd, fired, not_fired",
    [
        # DEAR: serverless $10,000, the cheapest alternative (containers) $2,000.
        (3_000, "over_budget", "over_budget_on_every_option"),
        (1_000, "over_budget_and_dearer", "over_budget"),
    ],
)
def test_over_budget_weighs_most_where_another_option_keeps_within_it(budget_usd, fired, not_fired):
    # given
    workload = _workload(monthly_budget_usd=budget_usd)

    # when
    verdict = evaluate_rules(workload, DEAR)

    # then
    hits = {hit.rule: hit for hit in verdict.reasons}
    assert fired in hits and not_fired not in hits
    assert "$2,000" in hits[fired].message  # names the option that would (not) keep within


@pytest.mark.parametrize(
    "rule_ids,fit,score",
    [
        # No money rule: a neutral start at 60, free to move.
        ((), Fit.FITS, 60),
        # Spiky and mostly idle state one fact (the load varies): it counts once.
        (("spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"), Fit.FITS, 75),
        # The money sets where the score starts and how far it may move.
        (("serverless_costs_more",), Fit.FITS, 45),
        (("serverless_costs_several_times_more",), Fit.DOES_NOT_FIT, 30),
        (("serverless_costs_more", "serverless_costs_several_times_more"), Fit.DOES_NOT_FIT, 30),
        (
            (
                "serverless_costs_several_times_more",
                "spiky_traffic_scales_automatically",
                "event_driven_work_fits",
            ),
            Fit.DOES_NOT_FIT,
            35,  # 30 + 15 + 10 held at the band's ceiling: no bonus outvotes the money
        ),
        (("serverless_costs_less", "spiky_traffic_scales_automatically"), Fit.FITS, 85),
        (("costs_about_even", "work_outlasts_latency_target"), Fit.FITS, 45),
        (("run_longer_than_lambda_timeout",), Fit.HYBRID, 60),
        (
            (
                "run_longer_than_lambda_timeout",
                "spiky_traffic_scales_automatically",
                "mostly_idle_scales_to_zero",
                "event_driven_work_fits",
            ),
            Fit.HYBRID,
            75,
        ),
        (("memory_above_fargate_max", "spiky_traffic_scales_automatically"), Fit.DOES_NOT_FIT, 30),
        (("run_longer_than_lambda_timeout", "nothing_left_on_lambda"), Fit.DOES_NOT_FIT, 30),
        (("externalise_state", "least_privilege_per_function"), Fit.FITS, 60),
    ],
)
def test_it_scores_fired_rules_by_the_documented_formula(rule_ids, fit, score):
    # given
    fired = [RULES_BY_ID[rule_id] for rule_id in rule_ids]

    # when
    result_fit, result_score, _trace = score_of(fired)

    # then
    assert (result_fit, result_score) == (fit, score)


def test_the_score_trace_says_which_band_the_money_set_and_what_moved_it():
    # given
    fired = [
        RULES_BY_ID[rule_id]
        for rule_id in (
            "serverless_costs_more",
            "spiky_traffic_scales_automatically",
            "mostly_idle_scales_to_zero",
            "always_busy_capacity",
        )
    ]

    # when
    _fit, score, trace = score_of(fired)

    # then
    assert trace.band_rule == "serverless_costs_more"
    assert (trace.base, trace.floor, trace.ceiling) == (45, 0, 55)
    counted = {move.rule: move.points for move in trace.moves if move.counted}
    outweighed = {move.rule for move in trace.moves if not move.counted}
    assert len(counted) == 2 and counted["always_busy_capacity"] == -10
    assert outweighed & {"spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"}
    assert trace.raw == 45 + 15 - 10
    assert score == trace.in_band == 50


def test_it_splits_fired_rules_into_reasons_and_advice():
    # given: GPU work that arrives on a queue and runs as several steps
    workload = _workload(gpu_required=True, triggers=["queue"], workflow="multi_step")

    # when
    verdict = evaluate_rules(workload, CHEAP)

    # then
    assert all(hit.effect != Effect.RECOMMENDATION for hit in verdict.reasons)
    assert all(hit.effect == Effect.RECOMMENDATION for hit in verdict.recommendations)
    assert verdict.reasons[0].effect == Effect.BLOCKER
    assert verdict.offloaded_parts == (OffloadPart.GPU_WORK,)
    assert verdict.fit == Fit.HYBRID


@pytest.mark.parametrize(
    "changes",
    [
        {"gpu_required": True},  # a synchronous GPU endpoint: the API is the GPU work
        {"p95_latency_ms": 5},  # a 5 ms path with state: the API moves to Fargate
        {"triggers": ["schedule"], "max_duration_s": 8 * 3600, "avg_duration_ms": 8 * 3600e3},
    ],
    ids=["sync-gpu-api", "five-ms-path", "eight-hour-job"],
)
def test_it_never_calls_a_design_with_nothing_left_on_lambda_a_hybrid(changes):
    # given
    workload = _workload(**changes)

    # when
    verdict = evaluate_rules(workload, CHEAP)

    # then
    assert verdict.fit == Fit.DOES_NOT_FIT
    assert verdict.offloaded_parts  # the part that runs elsewhere is still named
    nothing_left = next(h for h in verdict.reasons if h.rule == "nothing_left_on_lambda")
    assert "What can still be serverless around it" in nothing_left.message


def test_it_quotes_the_workloads_own_numbers_in_messages():
    # given
    workload = _workload(max_duration_s=2700)

    # when
    verdict = evaluate_rules(workload, CHEAP)

    # then
    message = next(h.message for h in verdict.reasons if h.rule == "run_longer_than_lambda_timeout")
    assert "45 min" in message
    assert "15 min" in message


def test_it_does_not_fit_when_serverless_costs_several_times_the_reserved_alternative():
    # given: steady and always busy (peak = average), serverless 5x the cheapest option
    workload = _workload(traffic_pattern="steady", avg_rps=400, peak_rps=400)

    # when
    verdict = evaluate_rules(workload, DEAR)

    # then
    assert verdict.fit == Fit.DOES_NOT_FIT
    assert verdict.score < 40
    assert {"serverless_costs_several_times_more", "always_busy_capacity"} <= {
        h.rule for h in verdict.reasons
    }
    assert "5.0x" in verdict.summary


@pytest.mark.parametrize(
    "preset,changes",
    [
        ("video-processing-pipeline", {}),  # hybrid: 45-minute runs
        (
            "api-for-a-mobile-app",
            {"max_duration_s": 600, "memory_mb": 9000},
        ),  # fits, near two edges
        (
            # does not fit by the money alone (no budget in the way)
            "api-for-a-mobile-app",
            {
                "traffic_pattern": "steady",
                "avg_rps": 400,
                "peak_rps": 400,
                "monthly_budget_usd": None,
            },
        ),
    ],
)
def test_its_thresholds_come_true_when_the_answer_is_moved_across(preset, changes):
    # given
    workload = _workload(preset, **changes)
    costs = DEAR if "avg_rps" in changes else CHEAP
    verdict = evaluate_rules(workload, costs)
    facts = decision_facts(workload, costs)

    # when: each reported change is applied to the facts and every rule re-evaluated
    outcomes = []
    for threshold in verdict.thresholds:
        rule = RULES_BY_ID[threshold.rule]
        past, short = _either_side(rule.threshold.op, rule.threshold.edge(facts))
        moved = {**facts, threshold.field: short if rule.fires(facts) else past}
        # What leaves Lambda follows from the moved facts, and so does what is left on it.
        moved_out = {r.offload for r in rulebook().offloading(moved)}
        moved |= design_facts(workload, tuple(p for p in OffloadPart if p in moved_out))
        outcomes.append(
            (threshold.fit_after, score_of(r for r in rulebook().rules if r.fires(moved))[0])
        )

    # then
    assert verdict.thresholds
    assert all(threshold.fit_after != verdict.fit for threshold in verdict.thresholds)
    assert all(claimed == actual for claimed, actual in outcomes)


def test_it_explains_the_nearest_threshold_in_plain_words(video_pipeline):
    # when
    verdict = evaluate_rules(video_pipeline, CHEAP)

    # then
    first = verdict.thresholds[0]
    assert (first.rule, first.field, first.current, first.threshold) == (
        "run_longer_than_lambda_timeout",
        "max_duration_min",
        45.0,
        15.0,
    )
    assert first.fit_after == Fit.FITS
    assert first.message == "With the longest run at or below 15 min (now 45 min), serverless fits."


def test_it_summarises_the_verdict_in_plain_sentences(video_pipeline):
    # when
    verdict = evaluate_rules(video_pipeline, CHEAP)

    # then
    assert verdict.summary.startswith("Serverless fits as a hybrid")
    assert "Fargate" in verdict.summary
    assert "$200 a month" in verdict.summary


def test_it_is_deterministic(preset_workload):
    # when
    first, second = evaluate_rules(preset_workload, CHEAP), evaluate_rules(preset_workload, CHEAP)

    # then
    assert first == second


@st.composite
def _any_workload(draw):
    avg_rps = draw(st.floats(min_value=0, max_value=20_000))
    avg_duration_ms = draw(st.floats(min_value=1, max_value=1_000_000))
    answers = {
        "name": "generated",
        "avg_rps": avg_rps,
        # Within the form's bound on a peak (advisor/input_limits.py).
        "peak_rps": min(avg_rps * draw(st.floats(min_value=1, max_value=100)), 100_000),
        "traffic_pattern": draw(st.sampled_from([p.value for p in TrafficPattern])),
        "p95_latency_ms": draw(st.integers(min_value=1, max_value=3_600_000)),
        "cold_start_sensitive": draw(st.booleans()),
        "runtime": draw(st.sampled_from([r.value for r in Runtime])),
        "avg_duration_ms": avg_duration_ms,
        "max_duration_s": avg_duration_ms / 1000 * draw(st.floats(min_value=1, max_value=50)),
        "memory_mb": draw(st.integers(min_value=128, max_value=200_000)),
        "gpu_required": draw(st.booleans()),
        "persistent_connections": draw(st.sampled_from([c.value for c in Connections])),
        "data_store": draw(st.sampled_from([d.value for d in DataStore])),
        "triggers": draw(
            st.lists(st.sampled_from([t.value for t in Trigger]), min_size=1, unique=True)
        ),
        "workflow": draw(st.sampled_from([w.value for w in Workflow])),
        "payload_kb": draw(st.floats(min_value=0, max_value=20_000)),
        "monthly_budget_usd": draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1e6))),
    }
    return load_workload(answers)


_money = st.floats(min_value=0, max_value=1e7)


# 200 examples under CI=true (tests/conftest.py: relative to the Hypothesis profile).
@settings(max_examples=examples(2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workload=_any_workload(), serverless=_money, containers=_money, vm=_money)
def test_its_verdict_is_consistent_for_any_workload_and_costs(workload, serverless, containers, vm):
    # when
    verdict = evaluate_rules(workload, _costs(serverless, containers, vm))

    # then
    blockers = [hit for hit in verdict.reasons if hit.effect == Effect.BLOCKER]
    assert 0 <= verdict.score <= 100
    assert set(verdict.offloaded_parts) == {hit.offload for hit in blockers if hit.offload}
    if verdict.fit == Fit.FITS:
        assert not blockers and verdict.score >= 40
    if verdict.fit == Fit.HYBRID:
        assert blockers and verdict.offloaded_parts and verdict.score >= 40
    if verdict.fit == Fit.DOES_NOT_FIT:
        assert verdict.score < 40 or any(hit.offload is None for hit in blockers)
    assert all(threshold.fit_after != verdict.fit for threshold in verdict.thresholds)
    assert all("{" not in hit.message for hit in verdict.reasons + verdict.recommendations)


def _engine_costs(workload):
    """Costs as the engine prices them: for the design left once the limits moved parts out."""
    return compare_costs(workload, offloaded_parts=offloads_for(workload))


def _corpus():
    """The presets, and the mobile API with each enumerated answer changed in turn."""
    workloads = [load_workload(preset_answers(name)) for name in PRESET_NAMES]
    base = preset_answers("api-for-a-mobile-app")
    variations = (
        [{"persistent_connections": value} for value in ("websocket", "streaming", "tcp")]
        + [{"data_store": value} for value in ("none", "document", "relational", "object")]
        + [
            {"triggers": [value]}
            for value in ("file_upload", "db_change", "queue", "pubsub", "schedule")
        ]
        + [
            {"workflow": "multi_step"},
            {"workflow": "multi_step", "max_duration_s": 600},
            {"workflow": "human_approval"},
            {"gpu_required": True},
            {"max_duration_s": 1800, "avg_duration_ms": 600_000},
            {"memory_mb": 16_384},
            {"payload_kb": 8_000},
            {"cold_start_sensitive": True, "runtime": "java", "p95_latency_ms": 100},
            {
                "cold_start_sensitive": True,
                "runtime": "java",
                "p95_latency_ms": 100,
                "traffic_pattern": "steady",
            },
            {"cpu_bound": True, "memory_mb": 3_008},
            {"avg_rps": 2_000, "peak_rps": 2_400, "traffic_pattern": "steady"},
            # 20x bursts at 3,000 req/s: the fleet kept warm for them idles between
            # bursts, on burstable instances within their CPU baseline
            {"avg_rps": 3_000, "peak_rps": 60_000},
            # The same bursts of CPU-bound work: the warm fleet costs nearly as much as
            # the functions, a material gap all the same
            {"avg_rps": 3_000, "peak_rps": 60_000, "cpu_bound": True},
            {"monthly_budget_usd": 10},
            {"monthly_budget_usd": None},
            {"sensitive_data": False, "auth": "public"},
            {"data_store": "relational", "avg_rps": 500, "peak_rps": 6_000},
            {"data_store": "relational", "avg_rps": 0.01, "peak_rps": 2},
            {"workflow": "multi_step", "avg_rps": 150, "peak_rps": 300},
            {"workflow": "human_approval", "workflow_share": 1, "avg_rps": 150, "peak_rps": 300},
            {"max_duration_s": 720},
            {"memory_mb": 16_384, "triggers": ["queue"]},
            {"memory_mb": 200_000},
            {"persistent_connections": "tcp", "cold_start_sensitive": True, "p95_latency_ms": 20},
            {"triggers": ["http"], "p95_latency_ms": 5},
            {"triggers": ["queue"], "payload_kb": 2_048},
            {"assumptions": {"deployment_package_mb": 900}},
            {"auth": "public"},
            {"avg_response_kb": 8_000},
            {"p95_latency_ms": 80},
            {"p95_latency_ms": 50, "avg_duration_ms": 20},
            {"runtime": "java", "cold_start_sensitive": True, "p95_latency_ms": 800},
            # Bursts past API Gateway's and Lambda's account request rates (IAM callers
            # with upload routes beside, so the front door stays an HTTP API: neither a
            # load balancer nor a function URL).
            {
                "avg_rps": 1_600,
                "peak_rps": 32_000,
                "avg_duration_ms": 300,
                "cpu_bound": True,
                "auth": "iam",
                "triggers": ["http", "file_upload"],
            },
            # Busy, spiky CPU work at 3 GB: the costs differ by more than the gap that
            # decides, yet by less than the multiple that makes serverless a narrow fit
            # (200 req/s: the VMs' 3 GB runs need instances with memory left for their
            # system, so at 100 serverless costs less).
            {
                "avg_rps": 200,
                "peak_rps": 1_000,
                "avg_duration_ms": 250,
                "memory_mb": 3_008,
                "cpu_bound": True,
                "monthly_budget_usd": None,
            },
            {"triggers": ["db_change"], "data_store": "relational"},
            {"triggers": ["db_change"], "data_store": "none"},
            {"p95_latency_ms": 8, "avg_duration_ms": 3},
            # Published events by the thousand a second: a Kinesis stream, not a topic;
            # a few a second: the topic.
            {"triggers": ["pubsub"], "avg_rps": 2_000, "peak_rps": 4_000},
            {"triggers": ["pubsub"], "avg_rps": 2, "peak_rps": 5},
            # A million devices on raw TCP: a managed broker is worth comparing.
            {"persistent_connections": "tcp", "concurrent_connections": 1_000_000},
            # GPU work nobody waits on; a GPU tool used an hour a day.
            {"gpu_required": True, "triggers": ["queue"], "p95_latency_ms": 60_000},
            GPU_TOOL | {"avg_rps": 0.05, "peak_rps": 1.2},
        ]
    )
    workloads += [load_workload({**base, **changes}) for changes in variations]
    return workloads


def test_every_rule_in_the_book_fires_for_some_workload_and_most_stay_quiet_for_some():
    # given
    workloads = _corpus()
    rules = rulebook().rules

    # when (each workload's facts once, not once per rule: pricing a workload takes a while)
    facts_per_workload = [decision_facts(w, _engine_costs(w)) for w in workloads]
    fired_per_workload = [
        {rule.id for rule in rules if rule.fires(facts)} for facts in facts_per_workload
    ]

    # then: no rule is dead, and only the always-on advice fires everywhere
    ever_fired = set().union(*fired_per_workload)
    always_fired = set.intersection(*fired_per_workload)
    assert {rule.id for rule in rules} - ever_fired == set()
    always_on = {rule.id for rule in rules if rule.when.strip() == "true"}
    assert always_fired == always_on
