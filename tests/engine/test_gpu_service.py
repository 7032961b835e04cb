"""A synchronous GPU API (the caller waits for the inference) is served by an ECS service on
warm GPU instances behind a load balancer, priced alike in every option; GPU work nobody
waits on stays AWS Batch jobs a workflow submits (issue 12)."""

from __future__ import annotations

import math

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_answers

# An image-model API: 20 req/s on average, 40 at the peak, 300 ms of GPU time a request,
# callers waiting up to 500 ms for the answer.
IMAGE_API = {
    "name": "Image model API",
    "avg_rps": 20,
    "peak_rps": 40,
    "traffic_pattern": "steady",
    "p95_latency_ms": 500,
    "runtime": "python",
    "avg_duration_ms": 300,
    "max_duration_s": 2,
    "memory_mb": 4096,
    "gpu_required": True,
    "data_store": "object",
    "triggers": ["http"],
    "auth": "jwt",
    "commitment_years": 1,
}
# A chat assistant on an open-weights LLM: 2 req/s, 5 at the peak, 20 s to write an answer.
LLM_API = IMAGE_API | {
    "name": "LLM assistant",
    "avg_rps": 2,
    "peak_rps": 5,
    "p95_latency_ms": 30_000,
    "avg_duration_ms": 20_000,
    "max_duration_s": 29,
    "cold_start_sensitive": True,
}
# The same model fed from a queue: nobody waits for each answer.
QUEUED_IMAGES = IMAGE_API | {"triggers": ["queue"], "p95_latency_ms": 60_000}


def _assess(answers: dict):
    return evaluate(workload_from_answers(answers))


def _option(assessment, key: str):
    return next(option for option in assessment.costs.options if option.key == key)


def _services(lines) -> set[str]:
    return {line.service for line in lines}


def test_a_synchronous_gpu_api_runs_no_workflow_or_batch_job_per_request():
    # when
    assessment = _assess(IMAGE_API)

    # then: before, a Standard execution per request cost $6,570 a month at 20 req/s
    serverless = _option(assessment, "serverless").estimate.items
    assert assessment.design.workflow_type is None
    assert not _services(serverless) & {"step_functions", "batch"}
    components = {c.id for c in assessment.architecture.components}
    assert "gpu_service" in components
    assert not components & {"gpu_batch_job", "workflow_state_machine"}


def test_the_gpu_service_is_the_same_lines_in_the_serverless_and_containers_options():
    # when
    assessment = _assess(IMAGE_API)

    # then: priced once among the shared lines, so the decision reads only what differs
    def gpu(lines):
        return [(line.item, round(line.monthly_usd, 2)) for line in lines if line.service == "ec2"]

    shared = gpu(assessment.costs.shared.items)
    assert shared
    assert gpu(_option(assessment, "serverless").estimate.items) == shared
    assert gpu(_option(assessment, "containers").estimate.items) == shared


def test_the_gpu_service_keeps_the_off_peak_load_warm_and_adds_instances_for_the_peak():
    # given: 2 busy hours a day at 40 req/s leave (20 x 24 - 40 x 2) / 22 = 18.2 req/s
    # off-peak; each request takes 0.3 s of the one GPU of a g5.xlarge, which its model
    # server shares among the 4 requests it batches, kept 60% busy at most
    off_peak = math.ceil((20 * 24 - 40 * 2) / 22 * 0.3 / 4 / 0.6)
    peak = math.ceil(40 * 0.3 / 4 / 0.6)

    # when
    assessment = _assess(IMAGE_API)
    lines = [line for line in assessment.costs.shared.items if line.service == "ec2"]
    service = next(c for c in assessment.architecture.components if c.id == "gpu_service")

    # then: reserved all month for the off-peak load, the rest on demand in the busy hours
    base, burst = lines
    assert base.item.startswith(f"{off_peak} x g5.xlarge (1-year reserved")
    assert burst.item.startswith(f"{peak - off_peak} x g5.xlarge (on-demand)")
    sizes = dict(service.properties)
    assert (int(sizes["instances_off_peak"]), int(sizes["instances_peak"])) == (off_peak, peak)


def test_the_reason_says_why_a_waiting_caller_needs_warm_gpu_instances():
    # when
    choices = {c.topic: c for c in _assess(IMAGE_API).design.choices}

    # then
    assert choices["gpu"].choice == "service"
    reason = choices["gpu"].reason
    assert "warm GPU instances" in reason
    assert "Lambda has no GPUs" in reason


def test_a_gpu_api_with_nothing_else_on_lambda_does_not_fit_and_says_what_could_be():
    # when
    verdict = _assess(IMAGE_API).verdict

    # then
    assert verdict.fit.value == "does_not_fit"
    reasons = {hit.rule: hit.message for hit in verdict.reasons}
    assert "nothing_left_on_lambda" in reasons
    assert "can front the service" in reasons["nothing_left_on_lambda"]
    assert "Step Functions can start" not in reasons["nothing_left_on_lambda"]


def test_a_gpu_api_that_starts_a_workflow_is_a_hybrid_the_gpu_service_starts():
    # when: one request in ten starts a multi-step workflow whose steps run on Lambda
    assessment = _assess(IMAGE_API | {"workflow": "multi_step", "workflow_share": 0.1})

    # then
    assert assessment.verdict.fit.value == "hybrid"
    edges = {(e.source, e.target) for e in assessment.architecture.edges}
    assert ("gpu_service", "workflow_state_machine") in edges
    assert not any(c.id == "gpu_batch_job" for c in assessment.architecture.components)


def test_gpu_work_nobody_waits_on_stays_batch_jobs_a_standard_workflow_submits():
    # when
    assessment = _assess(QUEUED_IMAGES)

    # then
    components = {c.id for c in assessment.architecture.components}
    assert "gpu_batch_job" in components and "gpu_service" not in components
    assert assessment.design.workflow_type == "standard"
    assert next(c for c in assessment.design.choices if c.topic == "gpu").choice == "jobs"


def _gpu_fleet(assessment) -> tuple[int, int]:
    service = next(c for c in assessment.architecture.components if c.id == "gpu_service")
    sizes = dict(service.properties)
    return int(sizes["instances_off_peak"]), int(sizes["instances_peak"])


def test_an_llm_endpoint_is_sized_by_the_requests_each_gpu_batches_not_one_at_a_time():
    # given: (2 x 24 - 5 x 2) / 22 = 1.73 req/s off-peak; 20 s a request, shared by the 4
    # requests a GPU's model server batches, each GPU kept 60% busy
    off_peak = math.ceil((2 * 24 - 5 * 2) / 22 * 20 / 4 / 0.6)
    peak = math.ceil(5 * 20 / 4 / 0.6)

    # when
    assessment = _assess(LLM_API)

    # then: 15 to 42 instances; one request per GPU priced 58 to 167
    assert _gpu_fleet(assessment) == (off_peak, peak) == (15, 42)
    notes = " ".join(_option(assessment, "serverless").estimate.notes)
    assert "Each GPU serves 4 requests at once" in notes


def test_the_requests_a_gpu_serves_at_once_is_an_assumption_the_architect_sets():
    # given: a load test of the model server held 16 sequences at once on one GPU
    measured = LLM_API | {"assumptions": {"gpu_requests_at_once": 16}}

    # when
    default, tuned = _assess(LLM_API), _assess(measured)

    # then: fewer GPUs, and every option pays the same smaller fleet
    assert _gpu_fleet(tuned) == (4, 11)
    assert tuned.costs.shared.monthly_usd < default.costs.shared.monthly_usd - 5_000
    gpu_usd = sum(i.monthly_usd for i in tuned.costs.shared.items if i.service == "ec2")
    assert f"${gpu_usd:,.0f} a month" in _recommendation(tuned, "gpu_endpoint_managed_options")


def _recommendation(assessment, rule: str) -> str:
    return next(hit.message for hit in assessment.verdict.recommendations if hit.rule == rule)


def test_a_gpu_endpoint_names_bedrock_and_sagemaker_and_says_serverless_inference_has_no_gpu():
    # when
    advice = _recommendation(_assess(LLM_API), "gpu_endpoint_managed_options")

    # then
    assert "Amazon Bedrock" in advice and "per input and output token" in advice
    assert "SageMaker real-time endpoint" in advice
    assert "SageMaker Serverless Inference has no GPUs" in advice


def test_gpu_work_nobody_waits_on_names_sagemaker_asynchronous_inference_and_batch_transform():
    # when
    advice = _recommendation(_assess(QUEUED_IMAGES), "gpu_jobs_managed_options")

    # then
    assert "SageMaker Asynchronous Inference" in advice
    assert "batch transform" in advice


def test_an_llm_endpoint_behind_its_load_balancer_is_not_held_to_api_gateways_timeout():
    # given: answers that take up to 60 s, longer than an HTTP API waits for its integration
    slow_answers = LLM_API | {"max_duration_s": 60}

    # when
    verdict = _assess(slow_answers).verdict

    # then: the GPU service's load balancer answers the requests, not API Gateway
    rules = {hit.rule for hit in verdict.reasons + verdict.recommendations}
    assert "http_request_longer_than_gateway_timeout" not in rules
