"""Reads (STYLE.md §2): what the pages show, drawn from the engine."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_file

PRESETS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "presets"


@dataclass(frozen=True)
class PresetSummary:
    slug: str
    name: str
    fit: str
    fit_label: str
    score: int
    summary: str
    serverless_monthly_usd: float
    cheapest_alternative_usd: float


@functools.cache
def preset_summaries() -> tuple[PresetSummary, ...]:
    """The verdict for each preset workload; the knowledge does not change while we run."""
    summaries = []
    for path in sorted(PRESETS_DIR.glob("*.yaml")):
        workload = workload_from_file(path)
        assessment = evaluate(workload)
        costs = assessment.costs
        summaries.append(
            PresetSummary(
                slug=path.stem,
                name=workload.name,
                fit=assessment.verdict.fit.value,
                fit_label=assessment.verdict.fit.label,
                score=assessment.verdict.score,
                summary=assessment.verdict.summary,
                serverless_monthly_usd=costs.serverless.monthly_usd,
                cheapest_alternative_usd=min(
                    costs.containers.monthly_usd, costs.vm_reserved.monthly_usd
                ),
            )
        )
    return tuple(summaries)
