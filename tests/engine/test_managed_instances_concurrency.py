"""Lambda Managed Instances hold a function's runs in flight only up to the runtime's
concurrency per vCPU (PerExecutionEnvironmentMaxConcurrency: Python 16, Node.js 64, Java
and .NET 32 by default), and a Python run is a process of its own with its own memory: a
fleet sized for the CPU work alone cannot hold a long-waiting load, and the verdict must
weigh the fleet that can
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-python-runtime.html)."""

from __future__ import annotations

import math

from advisor.engine import evaluate
from advisor.engine.platform import limit
from advisor.engine.results import Fit
from advisor.forms import WorkloadForm
from advisor.render.scaffold import scaffold_files
from tests.cfn import load_template, resources_of_type

# An LLM proxy: 100 requests a second all day, each waiting 10 s on the model, 512 MB
# (review 9, w22): 1,000 runs in flight.
LLM_PROXY = {
    "name": "llm-proxy",
    "avg_rps": 100,
    "traffic_pattern": "steady",
    "p95_latency_ms": 30000,
    "runtime": "python",
    "avg_duration_ms": 10000,
    "max_duration_s": 30,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["http"],
    "auth": "jwt",
    "commitment_years": 1,
}
# The same shape on Node.js at 200 requests a second, 5 s each (w26): 1,000 in flight.
NODE_IO = LLM_PROXY | {"avg_rps": 200, "runtime": "node", "avg_duration_ms": 5000}


def _assessed(answers: dict):
    form = WorkloadForm(data=answers, reject_unknown=True)
    assert form.is_valid(), form.errors
    workload = form.workload()
    return workload, evaluate(workload)


def _provider_capacity(assessment) -> tuple[int, float]:
    """(vCPUs, GiB) of the capacity provider's instances all month."""
    provider = assessment.design.capacity_provider
    assert provider is not None
    line = next(
        line
        for line in assessment.costs.serverless.items
        if line.service == "ec2" and line.item.startswith("EC2 ")
    )
    gib_per_instance = {"m6i.large": 8, "m7g.large": 8}.get(provider.instance_type)
    assert gib_per_instance, provider.instance_type
    assert line.quantity == provider.base_instances * 730
    return provider.vcpu_per_instance * provider.base_instances, (
        gib_per_instance * provider.base_instances
    )


def test_a_python_proxy_gets_a_vcpu_for_every_16_runs_and_memory_for_every_process():
    # given: 1,000 runs in flight, each its own 512 MB Python process
    _, assessment = _assessed(LLM_PROXY)

    # when
    vcpus, gib = _provider_capacity(assessment)

    # then: the fleet priced holds them all, not just their few ms of CPU each
    in_flight = 100 * 10
    assert vcpus >= in_flight / limit("lmi_python_concurrency_per_vcpu")
    assert gib >= in_flight * 0.5


def test_the_python_proxy_verdict_follows_the_fleet_that_holds_it():
    # given / when
    _, assessment = _assessed(LLM_PROXY)

    # then: 63 instances cost thousands a month against a few reserved VMs: serverless
    # does not fit (it was judged to fit on 3 instances that could hold 96 runs)
    serverless = assessment.costs.serverless.monthly_usd
    assert serverless > 5 * assessment.costs.estimate("vm_reserved").monthly_usd
    assert assessment.verdict.fit == Fit.DOES_NOT_FIT


def test_node_holds_four_times_the_runs_per_vcpu_that_python_does():
    # given: 1,000 runs in flight on Node.js, whose runs share worker threads
    _, node = _assessed(NODE_IO)
    _, python = _assessed(NODE_IO | {"runtime": "python"})

    # when
    node_vcpus, _ = _provider_capacity(node)
    python_vcpus, _ = _provider_capacity(python)

    # then
    assert node_vcpus >= 1000 / limit("lmi_node_concurrency_per_vcpu")
    assert python_vcpus > node_vcpus


def test_the_template_lets_the_provider_scale_to_the_priced_fleet():
    # given
    workload, assessment = _assessed(NODE_IO)
    provider = assessment.design.capacity_provider

    # when
    files = scaffold_files(workload=workload, assessment=assessment)
    template = load_template(files["template.yaml"])
    (resource,) = resources_of_type(template, "AWS::Lambda::CapacityProvider").values()
    max_vcpu = resource["Properties"]["CapacityProviderScalingConfig"]["MaxVCpuCount"]

    # then: room for the 1,000 runs in flight at Node.js's 64 a vCPU, and one more instance
    assert max_vcpu == provider.vcpu_per_instance * (provider.peak_instances + 1)
    assert max_vcpu >= math.ceil(1000 / 64) + provider.vcpu_per_instance
    # and the README says what the instances hold, and what a lower cap would do
    readme = files["README.md"]
    readme = readme.decode() if isinstance(readme, bytes) else readme
    assert "about 1,000 at the peak" in readme
    assert "at most 64 at once per vCPU" in readme
