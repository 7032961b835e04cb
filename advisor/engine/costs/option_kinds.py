"""The options the comparison prices, one entry each: how each is priced and how it reads.

`compare_costs` prices every entry (adding the lines all options share), so a new option
is one entry here plus the function that gives its own lines. Every page, chart, report
and message names an option through its entry, so a label (the VMs read "on demand",
"1 year" or "3 years" by the commitment) is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advisor.engine.costs import managed_instances, options
from advisor.engine.costs.model import Context
from advisor.engine.results import SERVERLESS, CostComparison, CostLine, Design, Estimate
from advisor.engine.workload import Workload

_VM_TERMS = {0: "on demand", 1: "1 year", 3: "3 years"}
# The what-ifs the cost advice speaks of by name.
OTHER_ARCHITECTURE = "serverless_other_architecture"
MANAGED_INSTANCES = "lambda_managed_instances"
ON_DEMAND = "lambda_on_demand"

# An option's own lines and notes, or None where it does not apply to the design.
OwnLines = Callable[[Context, str, Design], "tuple[list[CostLine], list[str]] | None"]


@dataclass(frozen=True)
class CostOptionKind:
    key: str  # the option's key in the JSON output: "serverless", "containers", ...
    label: Callable[[Workload], str]  # a heading: "Containers (Fargate + load balancer)"
    short: str  # a chart legend or table column: "Containers"
    in_words: Callable[[Workload], str]  # inside a sentence: "containers on Fargate"
    # Its own lines at the workload's Lambda architecture (the lines every option shares
    # are added by compare_costs).
    own_lines: OwnLines
    # An alternative to serverless: the cheapest one decides the money and the break-even.
    alternative: bool
    # Compared side by side with serverless (charts, tables); a what-if is listed with its
    # total beside serverless instead.
    compared: bool

    def estimate(self, costs: CostComparison) -> Estimate:
        return costs.estimate(self.key)


def other_architecture(architecture: str) -> str:
    return "x86_64" if architecture == "arm64" else "arm64"


def _other(workload: Workload) -> str:
    return other_architecture(workload.architecture.value)


def _vm_words(workload: Workload) -> str:
    return "EC2 instances on demand" if workload.commitment_years == 0 else "reserved EC2 instances"


COST_OPTIONS: tuple[CostOptionKind, ...] = (
    CostOptionKind(
        key=SERVERLESS,
        label=lambda w: f"Serverless (Lambda, {w.architecture.value})",
        short="Serverless",
        in_words=lambda w: "serverless",
        # On the design's capacity provider where it has one (managed_instances.py).
        own_lines=managed_instances.serverless_lines,
        alternative=False,
        compared=True,
    ),
    CostOptionKind(
        key="containers",
        label=lambda w: "Containers (Fargate + load balancer)",
        short="Containers",
        in_words=lambda w: "containers on Fargate",
        own_lines=options.containers_lines,
        alternative=True,
        compared=True,
    ),
    CostOptionKind(
        key="vm_reserved",
        label=lambda w: f"VMs (EC2, {_VM_TERMS[w.commitment_years]})",
        short="VMs",
        in_words=_vm_words,
        own_lines=options.vm_lines,
        alternative=True,
        compared=True,
    ),
    CostOptionKind(
        key=OTHER_ARCHITECTURE,
        label=lambda w: f"Serverless on {_other(w)} (for comparison)",
        short="Serverless, other architecture",
        in_words=lambda w: f"serverless on {_other(w)}",
        own_lines=lambda ctx, arch, design: managed_instances.serverless_lines(
            ctx, other_architecture(arch), design
        ),
        alternative=False,
        compared=False,
    ),
    CostOptionKind(
        key=MANAGED_INSTANCES,
        label=lambda w: f"Lambda Managed Instances ({w.architecture.value}, what-if)",
        short="Lambda Managed Instances",
        in_words=lambda w: "the same functions on Lambda Managed Instances",
        own_lines=managed_instances.option_lines,
        alternative=False,
        compared=False,
    ),
    # Beside a design on managed instances: what the same functions cost on demand.
    CostOptionKind(
        key=ON_DEMAND,
        label=lambda w: f"Serverless on on-demand Lambda ({w.architecture.value}, what-if)",
        short="On-demand Lambda",
        in_words=lambda w: "the same functions on on-demand Lambda",
        own_lines=managed_instances.on_demand_lines,
        alternative=False,
        compared=False,
    ),
)
OPTIONS_BY_KEY = {kind.key: kind for kind in COST_OPTIONS}
# The options a reader compares side by side (the what-ifs are listed beside serverless).
COMPARED = tuple(kind for kind in COST_OPTIONS if kind.compared)
ALTERNATIVES = tuple(kind for kind in COST_OPTIONS if kind.alternative)


def priced_kinds(costs: CostComparison) -> list[tuple[CostOptionKind, Estimate]]:
    """Each option the comparison priced with its estimate, in the registry's order."""
    return [(OPTIONS_BY_KEY[option.key], option.estimate) for option in costs.options]


def option_label(key: str, workload: Workload) -> str:
    return OPTIONS_BY_KEY[key].label(workload)


def option_in_words(key: str, workload: Workload) -> str:
    return OPTIONS_BY_KEY[key].in_words(workload)


def cheapest_alternative(costs: CostComparison) -> CostOptionKind:
    """The alternative with the lowest monthly cost (ties: the first listed)."""
    return min(ALTERNATIVES, key=lambda kind: kind.estimate(costs).monthly_usd)
