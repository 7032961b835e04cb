"""The capacity provider a design on Lambda Managed Instances runs its functions on: one
component, drawn beside the functions it runs, and built as the template's capacity
provider (each function's capacity provider config names it)."""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs.managed_instances import MIN_FUNCTION_MEMORY_MB
from advisor.engine.results import CapacityProvider, Component, Design, Edge, Function

CAPACITY_PROVIDER_ID = "capacity_provider"


def on_managed_instances(functions: list[Function], design: Design) -> list[Function]:
    """The functions as they run on the design's capacity provider: published versions at
    Lambda Managed Instances' smallest size (2 GB) or more; unchanged without one."""
    if design.capacity_provider is None:
        return functions
    return [
        replace(
            fn,
            capacity_provider=True,
            memory_mb=max(fn.memory_mb, MIN_FUNCTION_MEMORY_MB),
        )
        for fn in functions
    ]


def capacity_provider_parts(
    design: Design, functions: list[Function]
) -> tuple[list[Component], list[Edge]]:
    """The capacity provider's component and an edge to each function it runs."""
    provider = design.capacity_provider
    if provider is None:
        return [], []
    component = Component(
        id=CAPACITY_PROVIDER_ID,
        kind="capacity_provider",
        service="AWS Lambda Managed Instances (capacity provider)",
        label=f"Lambda Managed Instances: {_instances_words(provider)}",
        cluster="compute",
        properties=(
            ("instance_type", provider.instance_type),
            ("base_instances", str(provider.base_instances)),
            ("peak_instances", str(provider.peak_instances)),
            ("max_vcpu", str(provider.max_vcpu)),
        ),
    )
    edges = [Edge(source=CAPACITY_PROVIDER_ID, target=fn.id, label="runs") for fn in functions]
    return [component], edges


def _instances_words(provider: CapacityProvider) -> str:
    if provider.peak_instances > provider.base_instances:
        count = f"{provider.base_instances}-{provider.peak_instances}"
    else:
        count = str(provider.base_instances)
    return f"{count} x {provider.instance_type} · EC2 that Lambda manages"
