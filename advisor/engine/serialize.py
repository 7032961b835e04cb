"""The engine's answer as plain JSON-ready data: the shape of `advise --format json` and the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from advisor.engine.results import Assessment, CostLine, Estimate, RuleHit, Threshold
from advisor.engine.workload import Workload


def assessment_as_dict(workload: Workload, assessment: Assessment) -> dict[str, Any]:
    costs = assessment.costs
    return {
        "workload": workload.as_dict(),
        "verdict": _verdict(assessment),
        "costs": {
            # Each priced option under its registry key (engine/costs/option_kinds.py).
            **{option.key: _estimate(option.estimate) for option in costs.options},
            "break_even_avg_rps": _round(costs.break_even_avg_rps, 4),
            # Lines every option pays alike (included in each option's total above).
            "shared": _estimate(costs.shared),
            "assumptions": [asdict(a) for a in costs.assumptions],
            "advice": list(costs.advice),
        },
        "architecture": _jsonable(asdict(assessment.architecture)),
        "design": _jsonable(asdict(assessment.design)) if assessment.design else None,
        "knowledge_version": assessment.knowledge_version,
    }


def _verdict(assessment: Assessment) -> dict[str, Any]:
    verdict = assessment.verdict
    return {
        "fit": verdict.fit.value,
        "score": verdict.score,
        "summary": verdict.summary,
        "reasons": [_hit(hit) for hit in verdict.reasons],
        "recommendations": [_hit(hit) for hit in verdict.recommendations],
        "offloaded_parts": [part.value for part in verdict.offloaded_parts],
        "thresholds": [_threshold(t) for t in verdict.thresholds],
        # How the score was reached: the money's band, each reason's points, the caps.
        "trace": _jsonable(asdict(verdict.trace)) if verdict.trace else None,
    }


def _hit(hit: RuleHit) -> dict[str, Any]:
    return {
        "rule": hit.rule,
        "effect": hit.effect.value,
        "weight": hit.weight,
        "category": hit.category,
        "message": hit.message,
        # One "source" for readers that want one: the first is the most specific; all are listed.
        "source": _primary_source(hit),
        "sources": [asdict(source) for source in hit.sources],
        "offload": hit.offload.value if hit.offload else None,
    }


def _primary_source(hit: RuleHit) -> str:
    if not hit.sources:
        return ""
    first = hit.sources[0]
    return first.url or f"Guide, section “{first.section}”"


def _threshold(threshold: Threshold) -> dict[str, Any]:
    data = asdict(threshold)
    data["fit_after"] = threshold.fit_after.value
    return data


def _estimate(estimate: Estimate) -> dict[str, Any]:
    return {
        "monthly_usd": _round(estimate.monthly_usd, 2),
        "items": [_line(line) for line in estimate.items],
        "notes": list(estimate.notes),
    }


def _line(line: CostLine) -> dict[str, Any]:
    return {
        "service": line.service,
        "item": line.item,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price_usd": line.unit_price_usd,
        "monthly_usd": _round(line.monthly_usd, 2),
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _jsonable(value: Any) -> Any:
    """Tuples of pairs (component properties, environment) read better as objects."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        items = [_jsonable(item) for item in value]
        if items and all(
            isinstance(i, list) and len(i) == 2 and isinstance(i[0], str) for i in items
        ):
            return dict(items)
        return items
    return value
