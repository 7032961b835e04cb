"""The starter repo and the diagram of a synchronous GPU API build and draw the GPU service
the estimate priced: ECS on GPU instances behind a load balancer, no workflow or Batch."""

from __future__ import annotations

from functools import cache

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_answers
from advisor.render.diagram import diagram_dot
from advisor.render.scaffold import scaffold_files
from tests.cfn import load_template, resources_of_type
from tests.engine.test_gpu_service import IMAGE_API


@cache
def _generated():
    workload = workload_from_answers(IMAGE_API)
    assessment = evaluate(workload)
    return assessment, scaffold_files(workload=workload, assessment=assessment)


def _priced_instances(assessment) -> tuple[int, int]:
    """(off-peak, peak) GPU instances from the estimate's lines ("N x type (...)")."""
    counts = [
        int(line.item.split(" x ")[0])
        for line in assessment.costs.shared.items
        if line.service == "ec2"
    ]
    return counts[0], sum(counts)


def test_the_template_builds_the_gpu_service_the_estimate_priced():
    # given
    assessment, files = _generated()
    template = load_template(files["template.yaml"])

    # when
    (group,) = resources_of_type(template, "AWS::AutoScaling::AutoScalingGroup").values()
    (service,) = resources_of_type(template, "AWS::ECS::Service").values()
    (definition,) = resources_of_type(template, "AWS::ECS::TaskDefinition").values()
    container = definition["Properties"]["ContainerDefinitions"][0]

    # then: the priced instances, one GPU task each, behind the load balancer
    off_peak, peak = _priced_instances(assessment)
    assert (int(group["Properties"]["MinSize"]), int(group["Properties"]["MaxSize"])) == (
        off_peak,
        peak,
    )
    assert service["Properties"]["DesiredCount"] == off_peak
    assert "CapacityProviderStrategy" in service["Properties"]
    assert definition["Properties"]["RequiresCompatibilities"] == ["EC2"]
    assert {"Type": "GPU", "Value": "1"} in container["ResourceRequirements"]
    assert template["Parameters"]["GpuServiceInstanceType"]["Default"] == "g5.xlarge"
    assert resources_of_type(template, "AWS::ElasticLoadBalancingV2::LoadBalancer")


def test_the_template_starts_no_workflow_or_batch_job_per_request():
    # given
    _, files = _generated()
    template = load_template(files["template.yaml"])

    # then
    types = {resource["Type"] for resource in template["Resources"].values()}
    assert "AWS::Serverless::StateMachine" not in types
    assert not {t for t in types if t.startswith("AWS::Batch::")}


def test_the_readme_says_what_the_gpu_service_runs_on_and_how_many_stay_warm():
    # given
    assessment, files = _generated()
    off_peak, peak = _priced_instances(assessment)

    # when: the text as read, whatever its line breaks
    readme = " ".join(files["README.md"].decode().split())

    # then
    assert "ECS service on always-on EC2 GPU instances" in readme
    assert f"one task per `g5.xlarge` instance: {off_peak} always warm" in readme
    assert f"up to {peak} for the peak" in readme
    assert "no workflow or job runs per request" in readme


def test_the_diagram_draws_the_load_balancer_in_front_of_the_gpu_service():
    # given
    assessment, _ = _generated()

    # when
    dot = diagram_dot(assessment.architecture)

    # then
    assert "gpu_service_alb -> gpu_service" in dot
    assert "g5.xlarge" in dot
    assert "gpu_batch_job" not in dot and "workflow_state_machine" not in dot


def test_the_gpu_service_scales_on_the_requests_its_batching_gpus_take_a_minute():
    # given: 300 ms a request, 4 requests batched on each GPU, kept 60% busy
    _, files = _generated()
    template = load_template(files["template.yaml"])
    per_task_minute = round(60 / 0.3 * 4 * 0.6)

    # when
    policies = resources_of_type(template, "AWS::ApplicationAutoScaling::ScalingPolicy")
    (target,) = (
        p["Properties"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
        for p in policies.values()
        if p["Properties"]["PolicyName"] == "request-target"
    )
    readme = " ".join(files["README.md"].decode().split())

    # then: the scaling target is where the estimate sized the service, and the README says
    # the model server must batch for it to hold
    assert target == per_task_minute
    assert "each GPU serve 4 requests at once" in readme
    assert "dynamic batcher" in readme
