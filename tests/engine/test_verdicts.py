"""Verdicts through the whole engine (`advisor.engine.evaluate`): presets and published cases.

Each published case is modelled as questionnaire answers. The numbers are our assumptions,
written next to each case; the sources describe the architecture and why it fitted or
not, rarely the exact rates.
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.results import Fit, OffloadPart
from tests.conftest import load_workload, preset_answers


def _reason_ids(verdict) -> set[str]:
    return {hit.rule for hit in verdict.reasons}


def _advice_ids(verdict) -> set[str]:
    return {hit.rule for hit in verdict.recommendations}


# --- the four presets --------------------------------------------------------------


def test_the_mobile_api_fits_for_its_spiky_mostly_idle_traffic(mobile_api):
    # when
    verdict = evaluate(mobile_api).verdict

    # then
    assert verdict.fit == Fit.FITS
    assert verdict.score >= 80
    assert {"spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"} <= _reason_ids(
        verdict
    )
    assert {"jwt_validated_at_gateway", "encrypt_sensitive_data_with_kms"} <= _advice_ids(verdict)
    assert verdict.offloaded_parts == ()


def test_the_nightly_batch_fits_as_scheduled_event_driven_work(nightly_batch):
    # when
    verdict = evaluate(nightly_batch).verdict

    # then
    assert verdict.fit == Fit.FITS
    assert {
        "scheduled_work_pays_per_run",
        "event_driven_work_fits",
        "mostly_idle_scales_to_zero",
    } <= (_reason_ids(verdict))
    assert "orchestrate_multi_step_with_step_functions" in _reason_ids(verdict)
    assert {"schedule_through_eventbridge", "idempotent_event_consumers"} <= _advice_ids(verdict)


def test_the_realtime_chat_fits_through_api_gateway_websockets(realtime_chat):
    # when
    verdict = evaluate(realtime_chat).verdict

    # then: WebSockets are held by API Gateway, cold starts need warm environments
    assert verdict.fit == Fit.FITS
    assert "raw_connections_outside_lambda" not in _reason_ids(verdict)
    assert "cold_start_needs_provisioned_concurrency" in _reason_ids(verdict)
    assert {
        "websocket_through_api_gateway",
        "provisioned_concurrency_for_unannounced_spikes",  # its spikes come unannounced
    } <= _advice_ids(verdict)


def test_the_video_pipeline_is_a_hybrid_with_long_runs_on_fargate(video_pipeline):
    # when
    verdict = evaluate(video_pipeline).verdict

    # then
    assert verdict.fit == Fit.HYBRID
    assert verdict.offloaded_parts == (OffloadPart.LONG_RUNNING_JOBS,)
    assert "run_longer_than_lambda_timeout" in _reason_ids(verdict)
    assert "45 min" in verdict.reasons[0].message
    assert {"file_upload_through_s3_events", "right_size_memory_for_cpu"} <= _advice_ids(verdict)
    assert "max_duration_min" in {threshold.field for threshold in verdict.thresholds}


def test_every_preset_verdict_carries_reasons_sources_and_a_summary(preset_workload):
    # when
    verdict = evaluate(preset_workload).verdict

    # then
    assert verdict.reasons
    assert all(hit.sources for hit in verdict.reasons + verdict.recommendations)
    assert verdict.summary.endswith(".")
    assert 0 <= verdict.score <= 100


def test_a_narrow_fit_says_so_and_names_what_holds_it_down():
    # given: a busier chat whose serverless estimate goes over a budget containers keep
    # (its published messages on a Kinesis stream, each event's idempotency records in
    # every option: about $1,830 against $1,300)
    workload = load_workload(
        preset_answers("real-time-chat")
        | {
            "avg_rps": 150,
            "peak_rps": 800,
            "p95_latency_ms": 1000,
            "avg_duration_ms": 20,
            "monthly_budget_usd": 1600,
        }
    )

    # when
    verdict = evaluate(workload).verdict

    # then: the reasons for serverless cannot lift it past what the money allows
    assert verdict.fit == Fit.FITS and verdict.score < 60
    assert verdict.trace.band_rule == "over_budget" and verdict.trace.raw > verdict.score
    assert verdict.summary.startswith(
        "Serverless would work, but it is not the cheaper choice here (score"
    )
    over_budget = next(hit for hit in verdict.reasons if hit.rule == "over_budget")
    assert over_budget.message.rstrip(".") in verdict.summary


def test_a_comfortable_fit_is_not_called_narrow(mobile_api):
    # when
    verdict = evaluate(mobile_api).verdict

    # then
    assert "would work, but" not in verdict.summary


# --- published cases ---------------------------------------------------------------

_DEFAULTS = {
    "cold_start_sensitive": False,
    "gpu_required": False,
    "persistent_connections": "none",
    "sensitive_data": False,
    "payload_kb": 4,
    "region": "us-east-1",
    "architecture": "x86_64",
}

CASES = [
    pytest.param(
        # Prime Video's audio/video quality monitoring: Step Functions + Lambda per stream,
        # moved to one ECS service and cut costs by over 90% (state transitions for every
        # second of every stream, S3 round trips for frames).
        # https://www.primevideotech.com/video-streaming/scaling-up-the-prime-video-audio-video-monitoring-service-and-reducing-costs-by-90
        # https://itservice.guru/2023/05/17/how-amazon-prime-saved-90-cost-moving-from-microservices-to-monolith/
        # Assumed: ~400 frame/audio checks a second, steady around the clock, 1.5 s of CPU at
        # 3 GB each, one workflow per check, frames in S3.
        {
            "name": "Prime Video stream monitoring",
            "avg_rps": 400,
            "peak_rps": 480,
            "traffic_pattern": "steady",
            "p95_latency_ms": 5000,
            "runtime": "python",
            "avg_duration_ms": 1500,
            "max_duration_s": 60,
            "memory_mb": 3008,
            "cpu_bound": True,
            "data_store": "object",
            "triggers": ["queue", "pubsub"],
            "workflow": "multi_step",
            "payload_kb": 200,
            "auth": "iam",
        },
        Fit.DOES_NOT_FIT,
        (),
        # (Prime Video ran Standard workflows; the design priced here takes Express for
        # runs within 5 minutes, so the Standard start quotas no longer weigh.)
        {"serverless_costs_several_times_more", "always_busy_capacity"},
        id="prime-video-monitoring",
    ),
    pytest.param(
        # GPU model inference behind an API: Lambda has no GPUs, so inference runs on
        # always-on GPU instances. The caller waits for the inference itself, so the API is
        # the GPU work: no Lambda function is left doing real work (not a hybrid); API
        # Gateway and the alarms around it can still be serverless.
        # https://modal.com/blog/aws-lambda-limitations-article
        # https://blaxel.ai/blog/aws-lambda-gpu
        # Assumed: 20 req/s (peak 60), 150 ms on a GPU, a 16 GB model in memory.
        {
            "name": "GPU image inference",
            "avg_rps": 20,
            "peak_rps": 60,
            "traffic_pattern": "steady",
            "p95_latency_ms": 500,
            "runtime": "python",
            "avg_duration_ms": 150,
            "max_duration_s": 2,
            "memory_mb": 16384,
            "cpu_bound": True,
            "gpu_required": True,
            "data_store": "object",
            "triggers": ["http"],
            "workflow": "none",
            "auth": "jwt",
        },
        Fit.DOES_NOT_FIT,
        (OffloadPart.GPU_WORK, OffloadPart.HOT_PATH),
        {
            "gpu_not_available_on_lambda",
            "memory_above_lambda_max_for_requests",
            "nothing_left_on_lambda",
        },
        id="gpu-inference",
    ),
    pytest.param(
        # A real-time multiplayer game server: AWS's games lens hosts the session servers
        # on Amazon GameLift (servers) and keeps only matchmaking and player data serverless.
        # https://docs.aws.amazon.com/wellarchitected/latest/games-industry-lens/games-scenario-1.2.html
        # Assumed: players hold raw TCP sockets; 2,000 updates/s (peak 3,000), 5 ms each,
        # 50 ms target with no slow first reply.
        {
            "name": "Multiplayer game server",
            "avg_rps": 2000,
            "peak_rps": 3000,
            "traffic_pattern": "steady",
            "p95_latency_ms": 50,
            "cold_start_sensitive": True,
            "runtime": "go",
            "avg_duration_ms": 5,
            "max_duration_s": 1,
            "memory_mb": 2048,
            "cpu_bound": True,
            "persistent_connections": "tcp",
            "data_store": "key_value",
            "triggers": ["http"],
            "workflow": "none",
            "payload_kb": 1,
            "auth": "jwt",
        },
        Fit.DOES_NOT_FIT,
        (OffloadPart.PERSISTENT_CONNECTIONS,),
        {"raw_connections_outside_lambda", "nothing_left_on_lambda"},
        id="raw-tcp-game-server",
    ),
    pytest.param(
        # iRobot runs the cloud side of its connected Roombas fully on Lambda, fronted by
        # AWS IoT, event-driven, with no servers of its own.
        # https://www.infoq.com/presentations/serverless-iot-irobot/
        # https://archive.qconsf.com/node/70492
        # Assumed: robot and app events at 200/s on average, 10x that when homes wake up.
        {
            "name": "iRobot connected robots",
            "avg_rps": 200,
            "peak_rps": 2000,
            "traffic_pattern": "spiky",
            "p95_latency_ms": 1000,
            "runtime": "python",
            "avg_duration_ms": 50,
            "max_duration_s": 10,
            "memory_mb": 256,
            "cpu_bound": False,
            "data_store": "key_value",
            "triggers": ["http", "pubsub", "queue"],
            "workflow": "none",
            "auth": "iam",
        },
        Fit.FITS,
        (),
        {"spiky_traffic_scales_automatically", "event_driven_work_fits"},
        id="irobot",
    ),
    pytest.param(
        # Coca-Cola's vending-machine payments and marketing backend moved to Lambda and
        # API Gateway (about 30 million calls a month) and cost less than its EC2 servers.
        # https://dashbird.io/blog/serverless-case-study-coca-cola/
        # Assumed: 30 M calls a month (11.4/s), bursts to 100/s, 200 ms each, $400 budget.
        {
            "name": "Coca-Cola vending payments",
            "avg_rps": 11.4,
            "peak_rps": 100,
            "traffic_pattern": "spiky",
            "p95_latency_ms": 1000,
            "runtime": "node",
            "avg_duration_ms": 200,
            "max_duration_s": 5,
            "memory_mb": 256,
            "cpu_bound": False,
            "data_store": "key_value",
            "triggers": ["http", "pubsub"],
            "workflow": "none",
            "auth": "iam",
            "monthly_budget_usd": 400,
        },
        Fit.FITS,
        (),
        {"spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"},
        id="coca-cola-vending",
    ),
    pytest.param(
        # Bustle serves its sites' APIs from Lambda and API Gateway; traffic follows the
        # news cycle.
        # https://medium.com/@sielay/what-you-likely-missed-in-bustle-success-story-d9c31a574fda
        # Assumed: 150 req/s on average, 10x at peaks, 50 ms per request in Node.
        {
            "name": "Bustle content API",
            "avg_rps": 150,
            "peak_rps": 1500,
            "traffic_pattern": "spiky",
            "p95_latency_ms": 500,
            "runtime": "node",
            "avg_duration_ms": 50,
            "max_duration_s": 10,
            "memory_mb": 512,
            "cpu_bound": False,
            "data_store": "key_value",
            "triggers": ["http"],
            "workflow": "none",
            "auth": "public",
        },
        Fit.FITS,
        (),
        {"spiky_traffic_scales_automatically"},
        id="bustle",
    ),
    pytest.param(
        # LEGO.com rebuilt its shop on Lambda, EventBridge and Step Functions after a product
        # launch overwhelmed its servers: extremely spiky traffic around launches and sales.
        # https://informationweek.com/cloud/why-lego-went-cloud-and-serverless-to-handle-traffic-spikes/d/d-id/1339742
        # Assumed: 20 req/s on an ordinary day, 100x during a launch; checkout workflows
        # are a small share of requests, so the questionnaire's workflow is left at none.
        {
            "name": "LEGO.com shop",
            "avg_rps": 20,
            "peak_rps": 2000,
            "traffic_pattern": "spiky",
            "p95_latency_ms": 1000,
            "runtime": "node",
            "avg_duration_ms": 100,
            "max_duration_s": 20,
            "memory_mb": 512,
            "cpu_bound": False,
            "data_store": "key_value",
            "triggers": ["http", "pubsub", "queue"],
            "workflow": "none",
            "auth": "jwt",
            "sensitive_data": True,
        },
        Fit.FITS,
        (),
        {"spiky_traffic_scales_automatically", "mostly_idle_scales_to_zero"},
        id="lego",
    ),
    pytest.param(
        # Unkey's API key verification sits in its customers' request path with a sub-10 ms
        # goal; a serverless edge function read its state from a networked cache (30 ms+ at
        # p99), so the service moved to stateful Go servers (on Fargate) keeping hot data in
        # memory. https://www.unkey.co/blog/serverless-exit
        # https://www.infoq.com/news/2025/12/unkey-serverless
        # Assumed: 2,000 verifications a second (peak 6,000), 2 ms of work each, key records
        # in a key-value store, an 8 ms end-to-end target.
        {
            "name": "API key verification",
            "avg_rps": 2000,
            "peak_rps": 6000,
            "traffic_pattern": "steady",
            "p95_latency_ms": 8,
            "cold_start_sensitive": True,
            "runtime": "node",
            "avg_duration_ms": 2,
            "max_duration_s": 1,
            "memory_mb": 256,
            "data_store": "key_value",
            "triggers": ["http"],
            "workflow": "none",
            "auth": "iam",
        },
        Fit.DOES_NOT_FIT,
        (OffloadPart.HOT_PATH,),
        {"target_below_networked_state_reads", "nothing_left_on_lambda"},
        id="unkey-api-key-verification",
    ),
]


@pytest.mark.parametrize("answers,fit,offloaded,reasons", CASES)
def test_it_agrees_with_published_cases(answers, fit, offloaded, reasons):
    # given
    workload = load_workload(_DEFAULTS | answers)

    # when
    verdict = evaluate(workload).verdict

    # then
    assert verdict.fit == fit, verdict.summary
    assert verdict.offloaded_parts == offloaded
    assert reasons <= _reason_ids(verdict)
