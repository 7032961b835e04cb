"""The parts a hybrid design runs outside Lambda, as the stack builds them in containers.

Which parts there are is the engine's decision (offloaded components of the architecture);
`_stack.yaml`'s `containers:` says how this stack runs each one (an HTTP service behind an
Application Load Balancer, a TCP service behind a Network Load Balancer, or a job). This
module gives each its size, its least-privilege statements and its environment.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.costs.model import assumption_values, make_context
from advisor.engine.costs.options import fleet_task_counts
from advisor.engine.results import Assessment
from advisor.engine.workload import Workload
from advisor.render.scaffold.names import checked_identifier

if TYPE_CHECKING:
    from advisor.render.scaffold.stacks import StackSpec

# g4dn.xlarge, the smallest GPU instance in the default list: 4 vCPUs, 16 GiB. The ECS agent
# and the OS keep part of the memory, so a job asks for at most 15 GiB to be placeable.
# https://docs.aws.amazon.com/batch/latest/userguide/memory-management.html
GPU_JOB_VCPU = 4
GPU_JOB_MEMORY_RANGE_MB = (2048, 15360)
MIN_JOB_TIMEOUT_S = 60
# A small fleet may scale to this many times its floor, above the peak the estimate sized.
SURGE_TASKS_PER_MIN_TASK = 5


def containers(
    workload: Workload, assessment: Assessment, stack: StackSpec
) -> list[dict[str, Any]]:
    """One entry per offloaded component this stack knows how to run, in the model's order."""
    return [
        _container(component.id, spec, workload, assessment, stack)
        | _gpu_fleet(dict(component.properties))
        for component in assessment.architecture.components
        if component.offloaded and (spec := stack.containers.get(component.id)) is not None
    ]


def _container(
    component_id: str,
    spec: dict[str, Any],
    workload: Workload,
    assessment: Assessment,
    stack: StackSpec,
) -> dict[str, Any]:
    gpu = bool(spec.get("gpu", False))
    grants = _grants(component_id, workload, assessment, stack.resources, spec.get("grants", {}))
    return {
        "id": checked_identifier(component_id),
        "kind": spec["kind"],
        "gpu": gpu,
        "logical_id": spec["logical_id"],
        "image_parameter": spec["image_parameter"],
        "port": int(spec.get("port", 0)),
        # The web ACL on the part's load balancer, where the model puts one (public).
        "web_acl": spec.get("web_acl") in {c.id for c in assessment.architecture.components},
        "statements": _statements(grants, stack.resources, workload.sensitive_data),
        "environment": _environment(grants, stack.resources),
        "size": _size(spec, gpu, workload, assessment),
        "timeout_s": job_timeout_s(workload, assessment if gpu else None),
        "most_items_per_job": _most_items_per_job(assessment) if gpu else 1,
        **_scaling_bounds(workload),
        # Scale out where the cost model assumes tasks run (its utilisation target).
        "target_cpu_percent": round(
            100 * _assumption(assessment, "container_target_utilisation", 0.6)
        ),
    }


def _scaling_bounds(workload: Workload) -> dict[str, int]:
    """The service's task counts as the estimate priced them: it starts with the off-peak
    fleet (a fleet holding a million connections cannot start at two tasks) and may
    scale to the peak's, with room above a small fleet's peak for a surge."""
    ctx = make_context(workload, assumption_values(workload))
    off_peak, peak = fleet_task_counts(ctx)
    surge = SURGE_TASKS_PER_MIN_TASK * int(ctx.a["min_tasks"])
    return {"desired_count": off_peak, "max_count": max(peak, surge)}


def _gpu_fleet(properties: dict[str, str]) -> dict[str, Any]:
    """A GPU service's instances as the model sized them (the estimate's off-peak and peak
    counts, one task per GPU), the requests its model server batches at once, and the
    requests a task takes a minute at the utilisation the estimate assumed, which its
    scaling policy tracks."""
    if "instances_peak" not in properties:
        return {}
    off_peak, peak = int(properties["instances_off_peak"]), int(properties["instances_peak"])
    return {
        "instance_type": properties["instance_type"],
        "desired_count": off_peak,
        "max_count": peak,
        "requests_at_once": properties["requests_at_once"],
        "requests_per_task_minute": int(properties["requests_per_instance_minute"]),
    }


def _grants(
    component_id: str,
    workload: Workload,
    assessment: Assessment,
    resources: dict[str, dict[str, Any]],
    spec_grants: dict[str, list[str]],
) -> dict[str, list[str]]:
    """Resource id -> actions: the data store's grants (as a Lambda data user gets), the
    stack's grants for the part, and a send wherever the engine drew an edge from the part
    to a component with producers."""
    catalog = pattern_catalog()
    present = {c.id for c in assessment.architecture.components}
    grants: dict[str, list[str]] = {}
    for grant in catalog.pattern("data_stores", workload.data_store.value).access:
        if grant.resource in present and grant.resource in resources:
            grants.setdefault(grant.resource, []).extend(grant.actions)
    # The stack's own grants for the part (a worker's queue and idempotency records).
    for resource_id, actions in spec_grants.items():
        if resource_id in present and resource_id in resources:
            grants.setdefault(resource_id, []).extend(actions)
    for edge in assessment.architecture.edges:
        producers = getattr(catalog.components.get(edge.target), "producers", None)
        if edge.source == component_id and producers is not None and edge.target in resources:
            grants.setdefault(edge.target, []).extend(producers.actions)
    return {rid: list(dict.fromkeys(actions)) for rid, actions in grants.items()}


def _statements(
    grants: dict[str, list[str]], resources: dict[str, dict[str, Any]], sensitive: bool
) -> list[dict[str, Any]]:
    """One statement per resource, scoped to its ARNs (never "*"); the key when encrypted."""
    statements = [
        {"Effect": "Allow", "Action": actions, "Resource": list(resources[rid]["arns"])}
        for rid, actions in grants.items()
        if actions
    ]
    if statements and sensitive and "data_key" in resources:
        statements.append(
            {
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": list(resources["data_key"]["arns"]),
            }
        )
    return statements


def _environment(
    grants: dict[str, list[str]], resources: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Env var -> the value naming each resource the part uses (as a Lambda function gets)."""
    catalog = pattern_catalog()
    variables = []
    for rid in grants:
        env_var = catalog.components[rid].env_var if rid in catalog.components else None
        if env_var and "env" in resources[rid]:
            variables.append({"name": env_var, "value": resources[rid]["env"]})
            settings = resources[rid].get("settings", {})
            variables += [{"name": key, "value": value} for key, value in settings.items()]
    return variables


def _size(
    spec: dict[str, Any], gpu: bool, workload: Workload, assessment: Assessment
) -> dict[str, float]:
    """A GPU part's size; a job's Fargate task as the estimate priced it (design.job_task);
    a service's task as the containers option prices it."""
    task = assessment.design.job_task
    if gpu:
        return _gpu_size(workload)
    if spec["kind"] == "job" and task is not None:
        vcpu = int(task.vcpu) if task.vcpu.is_integer() else task.vcpu
        memory_mb = round(task.memory_gb * 1024)
        return {"cpu": round(task.vcpu * 1024), "vcpu": vcpu, "memory_mb": memory_mb}
    return fargate_size(workload)


def fargate_size(workload: Workload) -> dict[str, float]:
    """The task size the containers option prices (engine/fargate.py `fleet_task_size`:
    the cheapest size whose fleet carries the load and holds one run)."""
    task = make_context(workload, assumption_values(workload)).fleet_task
    vcpu = int(task.vcpu) if task.vcpu.is_integer() else task.vcpu
    return {"cpu": round(task.vcpu * 1024), "vcpu": vcpu, "memory_mb": round(task.memory_gb * 1024)}


def _gpu_size(workload: Workload) -> dict[str, int]:
    low, high = GPU_JOB_MEMORY_RANGE_MB
    memory_mb = min(max(workload.memory_mb, low), high)
    return {"cpu": GPU_JOB_VCPU * 1024, "vcpu": GPU_JOB_VCPU, "memory_mb": memory_mb}


def job_timeout_s(workload: Workload, assessment: Assessment | None = None) -> int:
    """The longest run with the same headroom Lambda timeouts get. A GPU job grouping
    items loads its model, then may meet a whole group of items at their longest."""
    headroom = pattern_catalog().sizing.timeout_headroom
    jobs = assessment.design.gpu_jobs if assessment and assessment.design else None
    longest_s = workload.max_duration_s
    if jobs is not None:
        longest_s = jobs.model_load_s + jobs.batch_size * workload.max_duration_s
    return max(MIN_JOB_TIMEOUT_S, math.ceil(longest_s * headroom))


def _most_items_per_job(assessment: Assessment) -> int:
    jobs = assessment.design.gpu_jobs if assessment.design else None
    return jobs.batch_size if jobs else 1


def _assumption(assessment: Assessment, name: str, default: float) -> float:
    for assumption in assessment.costs.assumptions:
        if assumption.name == name:
            return assumption.value
    return default
