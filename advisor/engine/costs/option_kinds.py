"""The options the comparison prices, one entry each: how each reads, in one place.

Every page, chart, report and message names an option through `option_label`, so a label
(the VMs read "on demand", "1 year" or "3 years" by the commitment) is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advisor.engine.results import CostComparison, Estimate
from advisor.engine.workload import Workload

_VM_TERMS = {0: "on demand", 1: "1 year", 3: "3 years"}


@dataclass(frozen=True)
class CostOptionKind:
    key: str  # the option's key in the JSON output: "serverless", "containers", ...
    label: Callable[[Workload], str]  # a heading: "Containers (Fargate + load balancer)"
    short: str  # a chart legend or table column: "Containers"
    in_words: Callable[[Workload], str]  # inside a sentence: "containers on Fargate"
    estimate: Callable[[CostComparison], Estimate]
    alternative: bool  # priced against serverless (the cheapest one decides)


def _other(workload: Workload) -> str:
    return "arm64" if workload.architecture.value == "x86_64" else "x86_64"


def _vm_words(workload: Workload) -> str:
    return "EC2 instances on demand" if workload.commitment_years == 0 else "reserved EC2 instances"


COST_OPTIONS: tuple[CostOptionKind, ...] = (
    CostOptionKind(
        key="serverless",
        label=lambda w: f"Serverless (Lambda, {w.architecture.value})",
        short="Serverless",
        in_words=lambda w: "serverless",
        estimate=lambda c: c.serverless,
        alternative=False,
    ),
    CostOptionKind(
        key="containers",
        label=lambda w: "Containers (Fargate + load balancer)",
        short="Containers",
        in_words=lambda w: "containers on Fargate",
        estimate=lambda c: c.containers,
        alternative=True,
    ),
    CostOptionKind(
        key="vm_reserved",
        label=lambda w: f"VMs (EC2, {_VM_TERMS[w.commitment_years]})",
        short="VMs",
        in_words=_vm_words,
        estimate=lambda c: c.vm_reserved,
        alternative=True,
    ),
    CostOptionKind(
        key="serverless_other_architecture",
        label=lambda w: f"Serverless on {_other(w)} (for comparison)",
        short="Serverless, other architecture",
        in_words=lambda w: f"serverless on {_other(w)}",
        estimate=lambda c: c.serverless_other_architecture,
        alternative=False,
    ),
)
OPTIONS_BY_KEY = {kind.key: kind for kind in COST_OPTIONS}
# The options a reader compares (the other architecture is a what-if beside serverless).
COMPARED = tuple(kind for kind in COST_OPTIONS if kind.key != "serverless_other_architecture")


def option_label(key: str, workload: Workload) -> str:
    return OPTIONS_BY_KEY[key].label(workload)


def option_in_words(key: str, workload: Workload) -> str:
    return OPTIONS_BY_KEY[key].in_words(workload)


def cheapest_alternative(costs: CostComparison) -> CostOptionKind:
    """The alternative with the lowest monthly cost (ties: the first listed)."""
    alternatives = [kind for kind in COST_OPTIONS if kind.alternative]
    return min(alternatives, key=lambda kind: kind.estimate(costs).monthly_usd)
