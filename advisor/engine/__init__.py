"""The decision and cost engine: pure Python, no Django, deterministic (docs/architecture.md).

    evaluate(workload) -> Assessment        verdict + costs + architecture
    evaluate(workload, brief=True)          the same without break-even, advice, thresholds
    fit_of(workload)   -> Fit               evaluate(workload).verdict.fit, computed alone
    catalog()          -> Catalog           regions, services, assumptions, facts, rules

Order of work: the hard limits decide, from the answers alone, which parts must run
outside Lambda; the design that is left is priced against containers and reserved VMs;
the rules judge it (money on the lines that differ sets the band, the qualitative
reasons move the score within it); the architecture is drawn from the same decision.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from advisor.engine.architecture import design_architecture
from advisor.engine.costs import compare_costs, priced_options, pricing_catalog
from advisor.engine.costs.option_kinds import ALTERNATIVES
from advisor.engine.results import SERVERLESS, Assessment, Fit
from advisor.engine.rules import evaluate_rules, fact_catalog, offloads_for, rulebook
from advisor.engine.rules.verdict import fit_for, fit_needs_break_even, verdict_needs_break_even
from advisor.engine.workload import Workload

__all__ = ["Assessment", "Catalog", "Workload", "catalog", "evaluate", "fit_of"]


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


def evaluate(workload: Workload, *, brief: bool = False) -> Assessment:
    """The whole decision. `brief=True` is for the live panel, which shows the verdict,
    its reasons, the options' totals and the diagram and nothing else: it leaves out the
    break-even search (None; unless the verdict reads it), the cost advice (()) and what
    would change the verdict (()) — about half of the engine's work for a new workload.
    Everything it does give equals the full answer (tests/engine/test_fast_paths.py)."""
    # Hard limits first, from the answers alone: what Lambda cannot run moves out, and the
    # design that is left is the one priced, judged and drawn.
    offloaded = offloads_for(workload)
    if brief and not verdict_needs_break_even():
        costs = priced_options(workload, offloaded_parts=offloaded)
    else:
        costs = compare_costs(workload, offloaded_parts=offloaded)
    verdict = evaluate_rules(workload, costs, thresholds=not brief)
    return Assessment(
        verdict=verdict,
        costs=costs,
        architecture=design_architecture(workload, verdict, costs.design),
        knowledge_version=catalog().knowledge_version,
        design=costs.design,
    )


def fit_of(workload: Workload) -> Fit:
    """`evaluate(workload).verdict.fit`, for searches that ask it dozens of times (the cost
    drivers): the same costs and rules, without the break-even search (unless a rule reads
    it), the advice, the thresholds, the words or the architecture, none of which the fit
    reads. tests/engine/test_fit_of.py holds it equal to evaluate's."""
    offloaded = offloads_for(workload)
    if fit_needs_break_even():
        costs = compare_costs(workload, offloaded_parts=offloaded)
    else:
        # The facts read serverless and the alternatives, never a what-if (a fact that
        # did would fail here with a KeyError, not pass unnoticed).
        costs = priced_options(workload, offloaded_parts=offloaded, only=_DECIDING_OPTIONS)
    return fit_for(workload, costs)


_DECIDING_OPTIONS = frozenset({SERVERLESS} | {kind.key for kind in ALTERNATIVES})
