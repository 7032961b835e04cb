"""The reasoning an architect audits, in rows every output shares (page, PDF, text).

How the score was reached (the money's band, each reason's points, the caps), the design
choices with their reasons, and each option's own lines beside the lines every option
pays alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from advisor.engine.drivers import cost_driver_thresholds
from advisor.engine.results import (
    Assessment,
    CostComparison,
    CostLine,
    Design,
    Estimate,
    ScoreTrace,
    Threshold,
    Verdict,
)
from advisor.engine.workload import Workload

MAX_CHANGES = 6

_TOPIC_LABELS = {
    "api": "API in front",
    "workflow": "Workflow",
    "warm_starts": "Cold starts",
    "events": "Event transport",
    "fan_out": "Event consumers",
    "ingestion": "Event ingestion",
    "gpu": "GPU work",
    "jobs": "Long runs",
    "commitment": "Commitment",
    "database": "Database",
    "idempotency": "Repeated events",
    "table_capacity": "Table capacity",
    "compute": "Compute",
}


@dataclass(frozen=True)
class ScoreStep:
    what: str  # the step in words
    points: str  # "+15", "−10", "30", "" (a signed figure, or where the score stands)
    rule: str  # the rule behind the step, "" for arithmetic
    counted: bool = True  # False: outweighed by a heavier reason stating the same fact


def score_steps(verdict: Verdict) -> list[ScoreStep]:
    """The score's arithmetic, step by step: band, moves, the band's range, caps."""
    trace = verdict.trace
    if trace is None:
        return []
    steps = [
        ScoreStep(
            f"The money sets the band: {trace.band_label}. The score starts at {trace.base} "
            f"and may move between {trace.floor} and {trace.ceiling}.",
            str(trace.base),
            trace.band_rule,
        )
    ]
    steps += [_move_step(move.rule, move.points, move.counted) for move in trace.moves]
    steps.append(_range_step(trace))
    if trace.cap is not None:
        steps.append(
            ScoreStep(
                f"A hard limit caps the score at {trace.cap}.", str(trace.cap), trace.cap_reason
            )
        )
    return steps


def _move_step(rule: str, points: int, counted: bool) -> ScoreStep:
    # The reason's own words are listed above the steps: its id names it here.
    what = rule.replace("_", " ").capitalize()
    if not counted:
        what += ": the same fact as a heavier reason, counted once"
    return ScoreStep(what, f"{points:+d}".replace("-", "−"), "", counted)


def _range_step(trace: ScoreTrace) -> ScoreStep:
    if trace.raw == trace.in_band:
        return ScoreStep(f"Within the band: {trace.raw}.", str(trace.in_band), "")
    edge = "ceiling" if trace.raw > trace.in_band else "floor"
    return ScoreStep(
        f"The reasons add up to {trace.raw}; the band's {edge} holds it at {trace.in_band}: "
        "no reason outvotes the money.",
        str(trace.in_band),
        "",
    )


@dataclass(frozen=True)
class ChoiceRow:
    topic: str
    choice: str
    reason: str


def design_choice_rows(design: Design | None) -> list[ChoiceRow]:
    if design is None:
        return []
    return [
        ChoiceRow(_TOPIC_LABELS.get(c.topic, c.topic), c.choice.replace("_", " "), c.reason)
        for c in design.choices
    ]


def own_lines(costs: CostComparison, option: Estimate) -> tuple[CostLine, ...]:
    """An option's lines without those every option pays alike (they are listed once)."""
    shared = Counter(costs.shared.items)
    own = []
    for line in option.items:
        if shared[line] > 0:
            shared[line] -= 1
        else:
            own.append(line)
    return tuple(own)


def what_would_change(workload: Workload, assessment: Assessment) -> list[Threshold]:
    """The nearest changes that flip the verdict: the rules' edges (one fact moved, the
    rest held) and the cost drivers (an answer changed and the design priced again)."""
    changes = list(assessment.verdict.thresholds) + list(
        cost_driver_thresholds(workload, assessment)
    )
    nearest: dict[tuple[str, str], Threshold] = {}
    for change in sorted(changes, key=_distance):
        nearest.setdefault((change.field, change.fit_after.value), change)
    return list(nearest.values())[:MAX_CHANGES]


def _distance(change: Threshold) -> float:
    scale = max(abs(change.current), abs(change.threshold), 1e-9)
    return abs(change.current - change.threshold) / scale
