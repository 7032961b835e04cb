"""The task sizes Fargate offers, and the smallest one that holds a run.

One table for the estimate, the design and the starter repo, so a task is priced at the
size the template asks for. The sizes (task CPU and memory), retrieved 2026-12-01:
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
"""

from __future__ import annotations

import math

from advisor.engine.results import JobTask

# vCPU -> (least, most, step) memory in GB. A quarter vCPU takes 0.5, 1 or 2 GB.
TASK_MEMORY_GB: dict[float, tuple[float, float, float]] = {
    0.25: (0.5, 2, 0.5),
    0.5: (1, 4, 1),
    1: (2, 8, 1),
    2: (4, 16, 1),
    4: (8, 30, 1),
    8: (16, 60, 4),
    16: (32, 120, 8),
}
VCPU_SIZES = tuple(TASK_MEMORY_GB)


def task_size(memory_mb: float, *, least_vcpu: float) -> JobTask:
    """The smallest task with at least `least_vcpu` whose memory holds `memory_mb`: the
    memory rounded up to the size's step, never below the least it allows. Past the
    largest task, the largest (a run that needs more cannot run on Fargate at all)."""
    memory_gb = memory_mb / 1024
    vcpu = next(
        (
            size
            for size, (_, most_gb, _) in TASK_MEMORY_GB.items()
            if size >= least_vcpu and most_gb >= memory_gb
        ),
        VCPU_SIZES[-1],
    )
    least_gb, most_gb, step_gb = TASK_MEMORY_GB[vcpu]
    rounded_gb = math.ceil(memory_gb / step_gb - 1e-9) * step_gb
    return JobTask(vcpu=float(vcpu), memory_gb=float(min(max(rounded_gb, least_gb), most_gb)))


def fleet_task_size(memory_mb: float, *, task_vcpu: float, task_memory_gb: float) -> JobTask:
    """A service's task: the assumed size (`fargate_task_vcpu`, `fargate_task_memory_gb`),
    grown until one run's memory fits, for a run cannot be split across tasks. The estimate
    prices this size and the starter repo builds it."""
    return task_size(max(task_memory_gb * 1024, memory_mb), least_vcpu=task_vcpu)
