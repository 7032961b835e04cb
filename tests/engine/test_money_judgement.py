"""The money an architect would weigh: the budget only where an option is near it, every
cost a design has in its own lines, and the peak only for the hours the traffic fills.

Each case here was a misleading verdict an expert reviewer found with workloads nobody had
tuned for (issue 12's review).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from advisor.engine import evaluate
from advisor.engine import facts as load
from advisor.engine.costs.option_kinds import ALTERNATIVES
from advisor.questionnaire import workload_from_answers
from tests.engine.test_decision_invariants import decision_answers

STEADY_API = {
    "name": "Steady 300 req/s API, 25 ms per request",
    "avg_rps": 300,
    "peak_rps": 400,
    "traffic_pattern": "steady",
    "p95_latency_ms": 150,
    "runtime": "python",
    "avg_duration_ms": 25,
    "max_duration_s": 1,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["http"],
    "avg_response_kb": 2,
    "auth": "jwt",
}

APPROVALS_AT_VOLUME = {
    "name": "Expense claims, each approved by a manager",
    "avg_rps": 40,
    "peak_rps": 200,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 1000,
    "runtime": "node",
    "avg_duration_ms": 100,
    "max_duration_s": 10,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["http"],
    "workflow": "human_approval",
    "workflow_share": 0.25,
    "auth": "jwt",
}


def _every_option_usd(assessment) -> float:
    costs = assessment.costs
    return max(
        [costs.serverless.monthly_usd] + [kind.estimate(costs).monthly_usd for kind in ALTERNATIVES]
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=decision_answers())
def test_a_budget_nobody_is_near_does_not_move_the_verdict(answers):
    # given: the same workload without a budget, and with one far above every option
    without = workload_from_answers(answers | {"monthly_budget_usd": None})
    unbudgeted = evaluate(without)
    roomy = replace(without, monthly_budget_usd=10 * _every_option_usd(unbudgeted) + 1000)

    # when
    budgeted = evaluate(roomy)

    # then
    assert budgeted.verdict.fit == unbudgeted.verdict.fit
    assert budgeted.verdict.score == unbudgeted.verdict.score


def test_a_steady_api_reads_the_same_against_a_tight_or_a_tenfold_budget():
    # Reviewed: budget $8,000 read "does not fit 30", $80,000 read "fits 60" for the same
    # API, though both budgets are far above every option's cost. Neither budget is near:
    # the money on the lines that differ decides, and it decides the same way.
    tight = evaluate(workload_from_answers(STEADY_API | {"monthly_budget_usd": 8000}))
    roomy = evaluate(workload_from_answers(STEADY_API | {"monthly_budget_usd": 80000}))

    assert tight.verdict.fit == roomy.verdict.fit
    assert tight.verdict.score == roomy.verdict.score
    assert roomy.verdict.fit.value == "does_not_fit", roomy.verdict.summary


def test_a_standard_workflow_waiting_for_people_is_serverless_own_cost():
    # 40 req/s, a quarter starting a claim: 10 a second, 26.3M a month, each 5 Standard
    # transitions at $0.025 per 1,000 -> 131,400 thousand transitions, $3,285 a month.
    # A container service keeps each pending claim as a row and pays nothing per step,
    # so the workflow is not a line every option pays alike.
    assessment = evaluate(workload_from_answers(APPROVALS_AT_VOLUME))
    costs = assessment.costs

    own = [line for line in costs.serverless.items if line.service == "step_functions"]
    shared = [line for line in costs.shared.items if line.service == "step_functions"]
    assert shared == []
    assert round(sum(line.monthly_usd for line in own), 2) == 3285.00
    containers = next(kind.estimate(costs) for kind in ALTERNATIVES if kind.key == "containers")
    assert any("pending" in note or "rows" in note for note in containers.notes)
    # $3,285 of Standard transitions against a few hundred dollars of Fargate: not a fit.
    assert assessment.verdict.fit.value == "does_not_fit", assessment.verdict.summary


def test_a_few_approvals_a_month_still_fit():
    few = APPROVALS_AT_VOLUME | {"avg_rps": 0.05, "peak_rps": 2, "workflow_share": 0.1}
    verdict = evaluate(workload_from_answers(few)).verdict
    assert verdict.fit.value == "fits", verdict.summary


def test_the_peak_is_held_only_for_the_hours_the_month_can_fill():
    # A nightly job: 50 runs a second at its peak, 0.5 on average. At the peak the month's
    # runs last 730 h x 0.5 / 50 = 7.3 hours, not the default 2 hours a day (60.8 hours),
    # which would price the peak's fleet for 8 times the work that exists.
    nightly = workload_from_answers(
        {
            "name": "Nightly import",
            "avg_rps": 0.5,
            "peak_rps": 50,
            "traffic_pattern": "scheduled",
            "p95_latency_ms": 60000,
            "runtime": "python",
            "avg_duration_ms": 2000,
            "max_duration_s": 30,
            "memory_mb": 1024,
            "data_store": "object",
            "triggers": ["schedule"],
        }
    )
    hours = load.peak_hours_per_month(nightly, peak_hours_per_day=2)
    assert round(hours, 2) == 7.3
    assert load.base_rps(nightly, peak_hours_per_day=2) == 0.0

    busy = replace(nightly, avg_rps=40.0)  # this month fills the two hours a day easily
    assert round(load.peak_hours_per_month(busy, peak_hours_per_day=2), 2) == 60.83


def test_a_saved_assessment_with_the_retired_budget_share_still_opens():
    # Earlier releases took `material_budget_share`; answers saved with it must still read.
    saved = STEADY_API | {"assumptions": {"material_budget_share": 0.2, "min_tasks": 2}}
    workload = workload_from_answers(saved)
    assert dict(workload.assumptions) == {"min_tasks": 2.0}


CHANGE_FEED = {
    "name": "Order projections from table changes",
    "avg_rps": 2000,
    "peak_rps": 4000,
    "traffic_pattern": "steady",
    "p95_latency_ms": 5000,
    "runtime": "node",
    "avg_duration_ms": 5,
    "max_duration_s": 30,
    "memory_mb": 256,
    "data_store": "key_value",
    "triggers": ["db_change"],
    "auth": "iam",
}


def _lambda_requests_usd(answers: dict) -> float:
    costs = evaluate(workload_from_answers(answers)).costs
    return sum(
        line.monthly_usd
        for line in costs.serverless.items
        if line.service == "lambda" and line.item == "requests"
    )


def test_a_table_stream_is_read_in_batches_not_one_invocation_per_change():
    # 2,000 changes a second on 2 shards (1,000 writes a second each): in a 5 s batching
    # window a shard gathers 5,000 records, capped at the batch size of 100, so 5.256
    # billion changes a month are 52.56M invocations, $10.51 at $0.20 per million (not
    # $1,051.20 for one invocation per change).
    assert round(_lambda_requests_usd(CHANGE_FEED), 2) == 10.51


def test_a_quiet_stream_fills_smaller_batches():
    # 2 changes a second, one shard: 10 records gather in the 5 s window, so 5.256M
    # changes a month are 525,600 invocations, $0.11.
    quiet = CHANGE_FEED | {"avg_rps": 2, "peak_rps": 20, "traffic_pattern": "spiky"}
    assert round(_lambda_requests_usd(quiet), 2) == 0.11


CLICK_QUEUE = {
    "name": "Clickstream consumer",
    "avg_rps": 5000,
    "peak_rps": 12000,
    "traffic_pattern": "steady",
    "p95_latency_ms": 60000,
    "runtime": "node",
    "avg_duration_ms": 8,
    "max_duration_s": 30,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["queue"],
    "auth": "iam",
}


def test_what_the_application_logs_is_priced_alike_and_does_not_decide():
    # A guess at the application's log bytes per event is the same in every design: it
    # used to be priced per option (Lambda's tiers against the standard rate) and, at
    # 5,000 events a second, outweighed the compute and read "fits". Only Lambda's own
    # START/END/REPORT lines per invocation stay serverless's own.
    assessment = evaluate(workload_from_answers(CLICK_QUEUE))
    costs = assessment.costs
    shared_logs = [line for line in costs.shared.items if line.service == "cloudwatch_logs"]
    assert shared_logs
    more_logging = CLICK_QUEUE | {"assumptions": {"log_bytes_per_request": 10_000}}
    louder = evaluate(workload_from_answers(more_logging))

    assert louder.verdict.fit == assessment.verdict.fit
    assert round(louder.costs.differing_usd(louder.costs.serverless), 2) == round(
        costs.differing_usd(costs.serverless), 2
    )
    # a steady queue consumer is the easiest container workload there is
    assert assessment.verdict.fit.value == "does_not_fit", assessment.verdict.summary


def test_the_request_rate_quota_counts_the_batched_invocations():
    # 12,000 events a second at the peak in SQS batches of 10: 1,200 invocations a second,
    # far under Lambda's 10 x 1,000 request-rate quota.
    verdict = evaluate(workload_from_answers(CLICK_QUEUE)).verdict
    assert "lambda_request_rate_quota" not in {hit.rule for hit in verdict.reasons}

    # Published at that rate, the events go through a Kinesis stream read in batches too.
    streamed = CLICK_QUEUE | {"triggers": ["pubsub"]}
    verdict = evaluate(workload_from_answers(streamed)).verdict
    assert "lambda_request_rate_quota" not in {hit.rule for hit in verdict.reasons}

    # Kept on an SNS topic (the stream's volume threshold raised), each event is a call.
    unbatched = streamed | {"assumptions": {"event_stream_min_events_per_s": 1_000_000}}
    verdict = evaluate(workload_from_answers(unbatched)).verdict
    assert "lambda_request_rate_quota" in {hit.rule for hit in verdict.reasons}


def test_express_workflows_are_not_warned_about_standard_start_quotas():
    orders = APPROVALS_AT_VOLUME | {"workflow": "multi_step", "workflow_share": 1, "avg_rps": 200}
    assessment = evaluate(workload_from_answers(orders))
    assert assessment.design.workflow_type == "express"
    assert "orchestration_at_high_volume" not in {h.rule for h in assessment.verdict.reasons}


def test_a_verdict_the_money_barely_decides_says_it_is_a_close_call():
    # 32,000 changes a second from a table's stream: serverless's own lines cost about
    # $883 a month more than the fleet's, just past the $750 bar. (At 35,000 it was $871
    # while the VMs paid NAT gateways; their interface endpoints cost less, and the gap
    # there is now $948. At 20,000 it was $925 while 1 % of invocations were priced as
    # cold starts; busy environments are reused, so the INIT charges were mostly phantom.)
    # The functions on on-demand Lambda, as the gap above was measured (on Lambda Managed
    # Instances, which this steady feed would otherwise run on, the gap is another one).
    feed = CHANGE_FEED | {
        "avg_rps": 32_000,
        "peak_rps": 48_000,
        "avg_duration_ms": 3,
        "architecture": "arm64",
        "assumptions": {"managed_instances_min_saving_usd": 1e9},
    }
    near = evaluate(workload_from_answers(feed)).verdict
    far = evaluate(workload_from_answers(STEADY_API | {"avg_rps": 2000, "peak_rps": 2400}))

    assert "close call" in near.summary, near.summary
    assert "close call" not in far.verdict.summary, far.verdict.summary


def test_the_vm_option_scales_out_for_the_busy_hours_not_all_month():
    # 25-minute encoding jobs, 0.3 a second on average and 3 at the peak: the fleet that
    # keeps up with the peak (hundreds of instances) is needed only through the busy
    # hours; the VM option used to keep it all month ($56,733 against about $6,400 for
    # the containers option that scales).
    jobs = {
        "name": "Video encoding jobs",
        "avg_rps": 0.3,
        "peak_rps": 3,
        "traffic_pattern": "spiky",
        "p95_latency_ms": 3_600_000,
        "runtime": "python",
        "avg_duration_ms": 1_500_000,
        "max_duration_s": 1800,
        "memory_mb": 4096,
        "cpu_bound": True,
        "data_store": "object",
        "triggers": ["queue"],
        "commitment_years": 1,
    }
    costs = evaluate(workload_from_answers(jobs)).costs
    vms = next(kind.estimate(costs) for kind in ALTERNATIVES if kind.key == "vm_reserved")
    containers = next(kind.estimate(costs) for kind in ALTERNATIVES if kind.key == "containers")

    assert vms.monthly_usd < 2 * containers.monthly_usd
    assert any("busy hours" in note for note in vms.notes)


def test_serverless_dearer_by_a_multiple_but_by_little_fits_without_a_near_perfect_score():
    # given: answers waiting 17 s on a model API, 5 a second: about $730 a month on the
    # lines that differ against about $70 for two small reserved VMs, 10x, yet the gap is
    # under the $750 of servers' upkeep (at 20 s, past it: the fleet is sized for the
    # load, not two 2-vCPU instances whatever it is)
    waits = {
        "name": "Model answers",
        "avg_rps": 5,
        "peak_rps": 40,
        "traffic_pattern": "spiky",
        "p95_latency_ms": 30000,
        "runtime": "node",
        "avg_duration_ms": 17000,
        "max_duration_s": 25,
        "memory_mb": 256,
        "data_store": "document",
        "triggers": ["http"],
        "auth": "jwt",
        "architecture": "arm64",
    }

    # when
    verdict = evaluate(workload_from_answers(waits)).verdict

    # then: it fits, but the money holds the score down and says why, rather than
    # "the money does not decide" and 85
    assert verdict.fit.value == "fits", verdict.summary
    assert verdict.score <= 70
    assert verdict.trace.band_label == "serverless costs more but by little"
    assert any("holds the score down" in hit.message for hit in verdict.reasons)
