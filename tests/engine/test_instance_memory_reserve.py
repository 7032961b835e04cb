"""An EC2 instance keeps part of its memory for its kernel, operating system and agents:
an 8 GiB instance offers its tasks about 7,985 MiB, and ECS's example reserves 256 MiB
more (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html).
A VM fleet, or Lambda Managed Instances, never puts a run on an instance with no memory
left beside it: a 2 GB Java run does not land on a 2 GiB t3.small."""

from __future__ import annotations

import re

import pytest

from advisor.engine import evaluate
from advisor.engine.costs.catalog import pricing_catalog
from tests.conftest import load_workload

# Review 9, w04: a spiky Java API at 500 requests a second, 5,000 at the peak, 2 GB runs.
SPIKY_JAVA = {
    "name": "spiky-java",
    "avg_rps": 500,
    "peak_rps": 5000,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 500,
    "runtime": "java",
    "avg_duration_ms": 100,
    "memory_mb": 2048,
    "cpu_bound": True,
    "data_store": "key_value",
    "triggers": ["http"],
    "auth": "jwt",
    "commitment_years": 1,
}
_INSTANCE = re.compile(r"^\d+ x ([a-z0-9]+\.[a-z0-9]+) ")


def _vm_instance_types(assessment) -> set[str]:
    option = next(o for o in assessment.costs.options if o.key == "vm_reserved")
    return {
        match.group(1)
        for line in option.estimate.items
        if line.service == "ec2" and (match := _INSTANCE.match(line.item))
    }


@pytest.mark.parametrize("memory_mb", [1024, 2048, 4096, 8192])
def test_a_run_always_leaves_the_instance_memory_for_its_system(memory_mb):
    # given
    assessment = evaluate(load_workload(SPIKY_JAVA | {"memory_mb": memory_mb}))

    # when
    types = _vm_instance_types(assessment)

    # then: each type holds the run and the 256 MiB its system keeps
    assert types
    instances = pricing_catalog().instances
    for instance_type in types:
        assert instances[instance_type].memory_gib * 1024 >= memory_mb + 256, instance_type


def test_the_2gb_java_runs_no_longer_fill_2gib_instances():
    # given / when
    assessment = evaluate(load_workload(SPIKY_JAVA))

    # then
    assert "t3.small" not in _vm_instance_types(assessment)
    assert "t4g.small" not in _vm_instance_types(assessment)
