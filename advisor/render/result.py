"""What a result shows of the engine's answer: each cost option with its own lines, the
reasons that weigh most, the recommendations as a checklist by category, and the figures a
list of assessments (or of presets) gives each one.

Pure (no Django): the questionnaire's live panel, the result and compare pages and the JSON
API read it; the database reads that come before it are in advisor/selectors.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from advisor.engine.costs.option_kinds import COMPARED, cheapest_alternative, priced_kinds
from advisor.engine.results import Assessment, CostLine, Estimate, RuleHit
from advisor.engine.rules.categories import rule_category
from advisor.engine.workload import Workload
from advisor.render.reasoning import own_lines


@dataclass(frozen=True)
class CostOption:
    key: str
    label: str
    estimate: Estimate
    cheapest: bool
    own_items: tuple[CostLine, ...]  # without the lines every option pays alike
    compared: bool  # set side by side with serverless (not a what-if)
    short: str  # the option's name in a list: "Containers"


def cost_options(
    result: Assessment, workload: Workload, *, compared_only: bool = False
) -> list[CostOption]:
    costs = result.costs
    cheapest = min(kind.estimate(costs).monthly_usd for kind in COMPARED)
    return [
        CostOption(
            kind.key,
            kind.label(workload),
            estimate,
            kind.compared and estimate.monthly_usd == cheapest,
            own_lines(costs, estimate),
            kind.compared,
            kind.short,
        )
        for kind, estimate in priced_kinds(costs)
        if kind.compared or not compared_only
    ]


def recommendation_groups(result: Assessment) -> list[tuple[str, list[RuleHit]]]:
    """Recommendations as a checklist grouped by category, in the categories' reading order."""
    groups: dict[str, list[RuleHit]] = {}
    for hit in result.verdict.recommendations:
        groups.setdefault(hit.category, []).append(hit)
    ranked = sorted(groups, key=lambda key: rule_category(key).order)
    return [(rule_category(key).label, groups[key]) for key in ranked]


def top_reasons(result: Assessment, count: int = 3) -> list[RuleHit]:
    """The reasons that weigh most, each said once: blockers first, then what must never
    hide (the budget's verdict: a design over budget said so in none of three reasons
    before), then the money that decides, then by weight."""

    def rank(hit: RuleHit) -> tuple[bool, bool, bool, float]:
        always = rule_category(hit.category).always_shown and hit.effect.value == "money"
        return (hit.effect.value != "blocker", not always, hit.effect.value != "money", -hit.weight)

    ranked = sorted(result.verdict.reasons, key=rank)
    said_once = {hit.message: hit for hit in reversed(ranked)}  # the first of equals stays
    return sorted(said_once.values(), key=rank)[:count]


@dataclass(frozen=True)
class VerdictFigures:
    """What a list of assessments shows of each: the verdict and the monthly costs."""

    fit: str
    fit_label: str
    score: int
    summary: str
    serverless_monthly_usd: float
    cheapest_alternative_usd: float  # the cheaper of containers and reserved VMs


def verdict_figures(result: Assessment) -> VerdictFigures:
    verdict, costs = result.verdict, result.costs
    return VerdictFigures(
        fit=verdict.fit.value,
        fit_label=verdict.fit.label,
        score=verdict.score,
        summary=verdict.summary,
        serverless_monthly_usd=costs.serverless.monthly_usd,
        cheapest_alternative_usd=cheapest_alternative(costs).estimate(costs).monthly_usd,
    )


@dataclass(frozen=True)
class PresetSummary(VerdictFigures):
    """A preset workload as the start page lists it: its verdict's figures, by name."""

    slug: str
    name: str


def preset_summary(slug: str, workload: Workload, result: Assessment) -> PresetSummary:
    return PresetSummary(**asdict(verdict_figures(result)), slug=slug, name=workload.name)
