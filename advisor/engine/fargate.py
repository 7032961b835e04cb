"""The task sizes Fargate offers, the smallest one that holds a run, and the size a
service's fleet is built from.

One table for the estimate, the design and the starter repo, so a task is priced at the
size the template asks for. The sizes (task CPU and memory), retrieved 2026-12-01:
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from advisor.engine.results import JobTask


def _steps(least_gb: float, most_gb: float, step_gb: float) -> tuple[float, ...]:
    count = round((most_gb - least_gb) / step_gb)
    return tuple(least_gb + step_gb * i for i in range(count + 1))


# vCPU -> the memory sizes in GB it takes. A quarter vCPU takes 0.5, 1 or 2 GB (not 1.5).
TASK_MEMORY_GB: dict[float, tuple[float, ...]] = {
    0.25: (0.5, 1, 2),
    0.5: _steps(1, 4, 1),
    1: _steps(2, 8, 1),
    2: _steps(4, 16, 1),
    4: _steps(8, 30, 1),
    8: _steps(16, 60, 4),
    16: _steps(32, 120, 8),
}
VCPU_SIZES = tuple(TASK_MEMORY_GB)


def task_sizes() -> Iterator[JobTask]:
    """Every task size Fargate offers, smallest first."""
    for vcpu, memories in TASK_MEMORY_GB.items():
        for memory_gb in memories:
            yield JobTask(vcpu=float(vcpu), memory_gb=float(memory_gb))


def task_size(memory_mb: float, *, least_vcpu: float) -> JobTask:
    """The smallest task with at least `least_vcpu` whose memory holds `memory_mb`: the
    smallest memory that size offers at or above it. Past the largest task, the largest (a
    run that needs more cannot run on Fargate at all)."""
    memory_gb = memory_mb / 1024 - 1e-9
    vcpu = next(
        (
            size
            for size, memories in TASK_MEMORY_GB.items()
            if size >= least_vcpu and memories[-1] >= memory_gb
        ),
        VCPU_SIZES[-1],
    )
    memories = TASK_MEMORY_GB[vcpu]
    chosen = next((m for m in memories if m >= memory_gb), memories[-1])
    return JobTask(vcpu=float(vcpu), memory_gb=float(chosen))


def fleet_task_size(
    memory_mb: float,
    *,
    least_vcpu: float,
    ceiling: JobTask,
    fleet_cost: Callable[[JobTask], float],
    larger_premium_max: float,
) -> JobTask:
    """The task a service's fleet is built from: of the sizes that hold one run (a run
    cannot be split across tasks) with at least `least_vcpu`, no larger than `ceiling`
    unless the run needs more, the one whose whole fleet costs least (`fleet_cost`).

    Fargate bills vCPU and GB linearly, so a fleet of small tasks never costs more than
    one of large tasks: it only rounds up less. A small load is therefore carried by the
    `min_tasks` floor of the smallest tasks (two quarter-vCPU tasks, not two of 1 vCPU),
    while a busy one would be split into hundreds of quarter-vCPU tasks to save a
    percent or two. The ceiling (the assumed task size) and `larger_premium_max` keep a
    busy fleet on fewer, larger tasks — fewer targets to register and drain, connection
    pools and log streams — unless the smaller size saves more than that share."""
    smallest = task_size(memory_mb, least_vcpu=least_vcpu)
    most_vcpu = max(ceiling.vcpu, smallest.vcpu)
    most_gb = max(ceiling.memory_gb, smallest.memory_gb)
    candidates = [
        task
        for task in task_sizes()
        if least_vcpu <= task.vcpu <= most_vcpu and smallest.memory_gb <= task.memory_gb <= most_gb
    ] or [smallest]
    costs = {task: fleet_cost(task) for task in candidates}
    cheapest = min(costs.values())
    # Largest first, so that within the premium the larger task wins.
    return next(
        task
        for task in sorted(candidates, key=lambda t: (t.vcpu, t.memory_gb), reverse=True)
        if costs[task] <= cheapest * (1 + larger_premium_max) + 1e-9
    )
