"""The decision and cost engine: pure Python, no Django, deterministic (DESIGN.md).

    evaluate(workload) -> Assessment        verdict + costs + architecture
    catalog()          -> Catalog           regions, services, assumptions, facts, rules

Order of work: costs of the all-serverless design feed the rules (budget, break-even);
the verdict names any parts a hybrid design runs elsewhere; costs are then priced for
that design; the architecture is drawn from the workload and the verdict.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from advisor.engine.architecture import design_architecture, offloaded_parts
from advisor.engine.costs import compare_costs, pricing_catalog
from advisor.engine.results import Assessment
from advisor.engine.rules import evaluate_rules, fact_catalog, rulebook
from advisor.engine.workload import Workload

__all__ = ["Assessment", "Catalog", "Workload", "catalog", "evaluate"]


@dataclass(frozen=True)
class Catalog:
    regions: tuple[str, ...]
    services: tuple[str, ...]
    assumptions: dict[str, str]  # name -> description with unit
    facts: dict[str, str]  # fact name usable in rule conditions -> description
    rule_ids: tuple[str, ...]
    knowledge_version: str


@functools.cache
def catalog() -> Catalog:
    prices = pricing_catalog()
    rules = rulebook()
    return Catalog(
        regions=prices.regions,
        services=prices.services,
        assumptions={name: spec.describe() for name, spec in prices.assumptions.items()},
        facts=fact_catalog(),
        rule_ids=tuple(rule.id for rule in rules.rules),
        knowledge_version=f"rules {rules.version} · prices as of {prices.as_of}",
    )


def evaluate(workload: Workload) -> Assessment:
    all_serverless_costs = compare_costs(workload)
    verdict = evaluate_rules(workload, all_serverless_costs)
    # The architecture also moves out what Lambda cannot run at all (GPU, runs over 15 min,
    # raw TCP), so the priced design is the drawn one.
    moved_out = offloaded_parts(workload, verdict)
    costs = all_serverless_costs
    if moved_out:
        costs = compare_costs(workload, offloaded_parts=moved_out)
        # Judge the money on the design that will be built. The parts moved out come from
        # the workload's limits, not from costs, so this second pass keeps them.
        verdict = evaluate_rules(workload, costs)
    return Assessment(
        verdict=verdict,
        costs=costs,
        architecture=design_architecture(workload, verdict),
        knowledge_version=catalog().knowledge_version,
    )
