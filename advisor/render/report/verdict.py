"""The decision sections: executive summary, the answers, the rationale, hard limits, risks."""

from __future__ import annotations

from typing import Any

from advisor.engine.costs.option_kinds import cheapest_alternative, priced_kinds
from advisor.engine.results import Assessment, Effect, Fit, RuleHit, Verdict
from advisor.engine.rules import derive_facts, rulebook
from advisor.engine.rules.categories import rule_category
from advisor.engine.rules.verdict import FIT_CUT_OFF
from advisor.engine.workload import Workload
from advisor.render.questions import FIELD_TEXTS
from advisor.render.report.architecture import operations_checklist, security_checklist
from advisor.render.report.formatting import (
    answer_value,
    count,
    number,
    source_rows,
    usd,
)

EFFECT_LABELS = {
    Effect.BLOCKER: "blocker",
    Effect.MONEY: "money",
    Effect.AGAINST: "against",
    Effect.FOR: "for",
    Effect.RECOMMENDATION: "advice",
}
# The answers read as in the questionnaire: its labels and units (advisor/questionnaire_layout.py).
OVERRIDES_LABEL = ("Overridden cost assumptions", "")
# Lambda's hard limits: (what, the rule whose threshold states the limit, the fact compared).
HARD_LIMITS = (
    ("Run time per invocation", "run_longer_than_lambda_timeout", "max_duration_min"),
    ("Memory per function", "memory_above_lambda_max_for_requests", "memory_mb"),
    ("Synchronous payload (each way)", "sync_payload_over_lambda_limit", "payload_mb"),
    ("GPU", "gpu_not_available_on_lambda", "gpu_required"),
    (
        "Concurrent runs (account default)",
        "peak_concurrency_above_default_quota",
        "peak_concurrency",
    ),
)


def summary_section(workload: Workload, assessment: Assessment) -> dict[str, Any]:
    verdict, costs = assessment.verdict, assessment.costs
    ranked = sorted(verdict.reasons, key=lambda hit: (hit.effect != Effect.BLOCKER, -hit.weight))
    serverless_usd = costs.serverless.monthly_usd
    comparison = [
        {
            "label": kind.label(workload),
            "monthly": usd(estimate.monthly_usd),
            "difference": _difference(estimate.monthly_usd, serverless_usd),
        }
        for kind, estimate in priced_kinds(costs)
        if kind.compared
    ]
    return {
        "why_for": [hit.message for hit in ranked if hit.effect == Effect.FOR][:3],
        "why_against": [hit.message for hit in ranked if hit.effect != Effect.FOR][:3],
        "comparison": comparison,
        "budget": usd(workload.monthly_budget_usd)
        if workload.monthly_budget_usd is not None
        else "",
        "next_steps": _next_steps(workload, assessment),
    }


def _difference(amount_usd: float, serverless_usd: float) -> str:
    if amount_usd == serverless_usd:
        return "—"
    sign = "+" if amount_usd > serverless_usd else "−"
    return f"{sign}{usd(abs(amount_usd - serverless_usd))} vs serverless"


def _next_steps(workload: Workload, assessment: Assessment) -> list[str]:
    verdict, costs, model = assessment.verdict, assessment.costs, assessment.architecture
    cheapest = cheapest_alternative(costs)
    steps = {
        Fit.FITS: "Build it serverless: start from the generated starter repo "
        f"({count(len(model.functions), 'function')} with their triggers, permissions "
        "and alarms).",
        Fit.HYBRID: "Build the serverless core from the starter repo, and run what Lambda "
        "cannot on "
        + ", ".join(sorted({c.service for c in model.components if c.offloaded}))
        + ", as drawn in section 5.",
        Fit.DOES_NOT_FIT: f"Plan it on {cheapest.in_words(workload)}, the cheapest "
        f"alternative at {usd(cheapest.estimate(costs).monthly_usd)} a month; "
        f"{_why_not(verdict)}.",
    }
    result = [steps[verdict.fit]]
    team_items = [
        item
        for item in security_checklist(workload, model) + operations_checklist(workload, model)
        if item["status"] == "team"
    ]
    if team_items:
        result.append(
            f"Close the {len(team_items)} checklist items left to the team "
            f"(section 6), starting with: {team_items[0]['title'].lower()}."
        )
    if verdict.thresholds:
        nearest = verdict.thresholds[0].message
        result.append(
            f"Revisit the decision if an answer changes: {nearest[:1].lower()}{nearest[1:]}"
        )
    return result


def _why_not(verdict: Verdict) -> str:
    """What rules serverless out, in a clause: a hard limit, or the money."""
    if any(hit.effect == Effect.BLOCKER for hit in verdict.reasons):
        return "the limits in section 2 rule Lambda out for the work itself"
    if verdict.trace is not None and verdict.trace.ceiling < FIT_CUT_OFF:
        return "on the lines that differ, serverless would cost several times as much"
    return "the reasons against in section 2 outweigh those for"


def answer_rows(workload: Workload) -> list[dict[str, str]]:
    rows = []
    for name, value in workload.as_dict().items():
        text = FIELD_TEXTS.get(name)
        label, unit = (text.label, text.unit) if text else OVERRIDES_LABEL
        # Free text stays as typed; enum words read better without underscores.
        shown = str(value) if name in ("name", "region") else answer_value(value)
        rows.append({"field": name, "label": label, "value": shown, "unit": unit})
    return rows


def rule_row(hit: RuleHit) -> dict[str, Any]:
    return {
        "rule": hit.rule,
        "effect": EFFECT_LABELS[hit.effect],
        "effect_class": hit.effect.value,
        "weight": hit.weight,
        "category": rule_category(hit.category).label,
        "message": hit.message,
        "sources": source_rows(hit.sources),
    }


def hard_limits(workload: Workload, assessment: Assessment) -> list[dict[str, Any]]:
    facts = derive_facts(workload, assessment.costs)
    rules = {rule.id: rule for rule in rulebook().rules}
    rows = []
    for what, rule_id, fact in HARD_LIMITS:
        rule = rules[rule_id]
        value = facts[fact]
        if rule.threshold is None:  # a yes/no limit (GPU): Lambda has none at all
            limit, current, exceeded = "not offered", "needed" if value else "not needed", value
        else:
            unit = rule.threshold.unit
            limit = f"{number(rule.threshold.value)}{unit}"
            current = _limit_quantity(float(value), unit)  # type: ignore[arg-type]
            exceeded = float(value) > rule.threshold.value  # type: ignore[arg-type]
        urls = [s for s in rule.sources if s.url]
        rows.append(
            {
                "what": what,
                "limit": limit,
                "current": current,
                "exceeded": bool(exceeded),
                "rule": rule_id,
                "source": source_rows(urls[:1])[0] if urls else None,
            }
        )
    return rows


def _limit_quantity(value: float, unit: str) -> str:
    """A fact in the limit's unit, or one unit down when it is under 1 (5 s, not 0.083 min)."""
    if 0 < value < 1 and unit.strip() in ("min", "MB"):
        value, unit = (value * 60, " s") if unit.strip() == "min" else (value * 1024, " KB")
    return f"{number(value)}{unit}"


def risks(
    workload: Workload, assessment: Assessment, effects: list[dict[str, Any]]
) -> list[dict[str, str]]:
    verdict, costs = assessment.verdict, assessment.costs
    risks = [
        {"kind": EFFECT_LABELS[hit.effect], "text": hit.message, "ref": hit.rule}
        for hit in verdict.reasons
        if hit.effect in (Effect.BLOCKER, Effect.AGAINST)
    ]
    risks += [
        {
            "kind": "runs elsewhere",
            "text": f"{c.label} ({c.service}) runs outside Lambda: the team builds, patches "
            "and scales its container image.",
            "ref": c.id,
        }
        for c in assessment.architecture.components
        if c.offloaded
    ]
    unverified = [effect for effect in effects if not effect["overridden"]]
    if unverified:
        risks.append(
            {
                "kind": "unverified",
                "text": f"The estimate rests on {count(len(unverified), 'default assumption')} "
                "that nobody measured for this workload; section 4 shows what each one moves. "
                "Measure the top ones before committing to a budget.",
                "ref": "assumptions",
            }
        )
    if workload.monthly_budget_usd is None:
        risks.append(
            {
                "kind": "open question",
                "text": "No monthly budget was given: what may this workload cost?",
                "ref": "monthly_budget_usd",
            }
        )
    rate = costs.break_even_avg_rps
    if rate and 0.5 <= workload.avg_rps / rate <= 2:
        risks.append(
            {
                "kind": "open question",
                "text": f"Traffic ({number(workload.avg_rps)} req/s) is within a factor of two "
                f"of the break-even ({number(rate)} req/s): how sure is the forecast?",
                "ref": "break_even_avg_rps",
            }
        )
    return risks
