"""From fired rules to a verdict: fit, score, reasons, offloaded parts, thresholds, summary.

Score (documented in knowledge/rules/*.yaml headers too):

    score = clamp(60 + sum(weight of fired `for`) - sum(weight of fired `against`), 0, 100)

Fit:
    1. any fired blocker WITHOUT an offload part        -> does_not_fit, score capped at 30
    2. score below FIT_CUT_OFF (40)                     -> does_not_fit (e.g. steady, always-busy
       work where serverless costs several times reserved capacity: Prime Video's monitoring)
    3. any fired blocker WITH an offload part           -> hybrid, score capped at 75
    4. otherwise                                        -> fits

Thresholds ("what would change the verdict"): for each rule with `threshold` metadata,
the fact is moved just across the rule's edge, only the rules that read that fact are
re-checked, and the fit is re-decided from the changed set of fired rules (a weight bound
skips facts whose rules cannot move the fit). Changes that flip the fit are reported,
nearest first (relative distance), one per fact and new fit, leaving out edges a factor
of 10 or more away from today's answer. Other facts are held as they are: a threshold is
"all else equal", not a re-run of the cost model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from advisor.engine.numbers import format_usd
from advisor.engine.results import (
    CostComparison,
    Effect,
    Fit,
    OffloadPart,
    RuleHit,
    Threshold,
    Verdict,
)
from advisor.engine.rules.book import Rulebook, RuleSpec, ThresholdModel, rulebook
from advisor.engine.rules.catalog import derive_facts
from advisor.engine.workload import Workload

BASE_SCORE = 60
FIT_CUT_OFF = 40
HYBRID_SCORE_CAP = 75
DOES_NOT_FIT_SCORE_CAP = 30
MAX_THRESHOLDS = 5
# Edges a factor of 10 or more away from today's answer are not "nearby" changes.
MAX_RELATIVE_DISTANCE = 0.9
# How far past an edge a moved fact lands, relative to the edge (strict comparisons).
_NUDGE = 1e-6

_EFFECT_ORDER = {Effect.BLOCKER: 0, Effect.AGAINST: 1, Effect.FOR: 2, Effect.RECOMMENDATION: 3}
_FIT_PHRASES = {
    Fit.FITS: "serverless fits",
    Fit.HYBRID: "serverless fits as a hybrid",
    Fit.DOES_NOT_FIT: "serverless does not fit",
}
_OFFLOAD_PHRASES = {
    OffloadPart.LONG_RUNNING_JOBS: "runs longer or larger than Lambda allows move to Fargate tasks",
    OffloadPart.GPU_WORK: "GPU work moves to EC2 GPU instances",
    OffloadPart.PERSISTENT_CONNECTIONS: "long-lived connections move to Fargate behind an NLB",
    OffloadPart.HOT_PATH: "the request path moves to a Fargate service",
}
_WORDS_INTO = {">": "above", ">=": "at or above", "<": "below", "<=": "at or below"}
_WORDS_OUT = {">": "at or below", ">=": "below", "<": "at or above", "<=": "above"}


def score_of(fired: Iterable[RuleSpec]) -> tuple[Fit, int]:
    """The fit and 0-100 score a set of fired rules gives (formula in the module docstring)."""
    fired = tuple(fired)
    weights = sum(r.weight for r in fired if r.effect == Effect.FOR) - sum(
        r.weight for r in fired if r.effect == Effect.AGAINST
    )
    score = max(0, min(100, BASE_SCORE + weights))
    blockers = [r for r in fired if r.effect == Effect.BLOCKER]
    if any(r.offload is None for r in blockers):
        return Fit.DOES_NOT_FIT, min(score, DOES_NOT_FIT_SCORE_CAP)
    if score < FIT_CUT_OFF:
        return Fit.DOES_NOT_FIT, score
    if blockers:
        return Fit.HYBRID, min(score, HYBRID_SCORE_CAP)
    return Fit.FITS, score


def _crossing(threshold: ThresholdModel, *, into_firing: bool) -> float:
    """A value of the fact just on the firing side (or just off it) of the edge."""
    value, op = threshold.value, threshold.op
    step = max(abs(value) * _NUDGE, _NUDGE)
    above = op in (">", ">=")
    if op in (">=", "<="):  # the edge itself fires
        return value if into_firing else (value - step if above else value + step)
    if into_firing:
        return value + step if above else value - step
    return value


def _fmt(number: float) -> str:
    if abs(number) >= 1000:
        return f"{number:,.0f}"
    if float(number).is_integer():
        return f"{number:.0f}"
    return f"{number:.3g}"


def _threshold_message(threshold: ThresholdModel, current: float, *, into: bool, fit: Fit) -> str:
    words = (_WORDS_INTO if into else _WORDS_OUT)[threshold.op]
    unit = threshold.unit
    text = (
        f"With {threshold.about} {words} {_fmt(threshold.value)}{unit} "
        f"(now {_fmt(current)}{unit}), {_FIT_PHRASES[fit]}"
    )
    return f"{text}: {threshold.note}." if into and threshold.note else f"{text}."


@dataclass(frozen=True)
class _Outcome:
    fired: frozenset[RuleSpec]
    fit: Fit
    score: int


def _may_flip(affected: tuple[RuleSpec, ...], outcome: _Outcome) -> bool:
    """False when no way of toggling `affected` can change the fit (skips rule evaluation).

    Conservative: the clamped score is nearer the cut-off than the raw sum ever is.
    """
    if any(rule.effect == Effect.BLOCKER for rule in affected):
        return True
    # Past here `affected` holds only `for` and `against` rules (blockers returned above).
    fired = outcome.fired
    can_lose = sum(r.weight for r in affected if (r.effect == Effect.AGAINST) != (r in fired))
    can_gain = sum(r.weight for r in affected if (r.effect == Effect.FOR) != (r in fired))
    if outcome.fit == Fit.DOES_NOT_FIT:
        hard_block = any(r.effect == Effect.BLOCKER and r.offload is None for r in fired)
        return not hard_block and outcome.score + can_gain >= FIT_CUT_OFF
    return outcome.score - can_lose < FIT_CUT_OFF


def _flip(
    book: Rulebook, rule: RuleSpec, facts: Mapping[str, object], outcome: _Outcome
) -> Threshold | None:
    """The verdict change from moving the rule's fact just across its edge, if any."""
    threshold = rule.threshold
    affected = book.weighing_by_fact.get(threshold.fact, ()) if threshold else ()
    if threshold is None or not affected or not _may_flip(affected, outcome):
        return None
    into = rule not in outcome.fired
    moved = {**facts, threshold.fact: _crossing(threshold, into_firing=into)}
    if rule.fires(moved) != into:  # another term of the condition holds it where it is
        return None
    now_weighing = {r for r in outcome.fired if r.effect != Effect.RECOMMENDATION}
    for other in affected:
        (now_weighing.add if other.fires(moved) else now_weighing.discard)(other)
    new_fit, _ = score_of(now_weighing)
    if new_fit == outcome.fit:
        return None
    current = float(facts[threshold.fact])  # type: ignore[arg-type]
    return Threshold(
        rule=rule.id,
        field=threshold.fact,
        current=current,
        threshold=threshold.value,
        message=_threshold_message(threshold, current, into=into, fit=new_fit),
        fit_after=new_fit,
    )


def _distance(threshold: Threshold) -> float:
    scale = max(abs(threshold.current), abs(threshold.threshold), 1e-9)
    return abs(threshold.current - threshold.threshold) / scale


def _thresholds(
    book: Rulebook, facts: Mapping[str, object], outcome: _Outcome
) -> tuple[Threshold, ...]:
    """Nearest verdict-changing edges: one per (fact, new fit), within a factor of 10."""
    nearest: dict[tuple[str, Fit], Threshold] = {}
    for rule in book.rules:
        flip = _flip(book, rule, facts, outcome)
        if flip is None or _distance(flip) >= MAX_RELATIVE_DISTANCE:
            continue
        key = (flip.field, flip.fit_after)
        if key not in nearest or _distance(flip) < _distance(nearest[key]):
            nearest[key] = flip
    ranked = sorted(nearest.values(), key=lambda t: (_distance(t), t.rule))
    return tuple(ranked[:MAX_THRESHOLDS])


def _main_objection(hits: list[RuleHit]) -> RuleHit | None:
    """A blocker nothing works around, else the heaviest reason against."""
    hard = [h for h in hits if h.effect == Effect.BLOCKER and h.offload is None]
    against = sorted((h for h in hits if h.effect == Effect.AGAINST), key=lambda h: -h.weight)
    return next(iter(hard + against), None)


def _summary(fit: Fit, score: int, hits: list[RuleHit], facts: Mapping[str, object]) -> str:
    """One or two sentences for a business reader: the verdict, why, and the money."""
    # A fit below the starting score means the reasons against outweigh those for: say
    # so, and name the heaviest, rather than let "fits" read as an endorsement.
    narrow = fit == Fit.FITS and score < BASE_SCORE
    objection = _main_objection(hits) if fit == Fit.DOES_NOT_FIT or narrow else None
    opening = _FIT_PHRASES[fit].capitalize()
    if narrow:
        opening += f", narrowly (score {score}/100, where below {FIT_CUT_OFF} does not fit)"
    else:
        opening += f" (score {score}/100)"
    if fit == Fit.HYBRID:
        parts = (_OFFLOAD_PHRASES[h.offload] for h in hits if h.offload is not None)
        opening += ": " + "; ".join(dict.fromkeys(parts))
    elif objection is not None:
        opening += ": " + objection.message.rstrip(".")
    if objection is not None and objection.category == "cost":
        return f"{opening}."  # the objection already states the money
    money = (
        f"The serverless estimate ({facts['serverless_design_label']}) is "
        f"{format_usd(facts['serverless_monthly_usd'])} a month, "
        f"against {format_usd(facts['cheapest_alternative_usd'])} for "
        f"{facts['cheapest_alternative_label']}."
    )
    return f"{opening}. {money}"


def evaluate_rules(workload: Workload, costs: CostComparison) -> Verdict:
    """Fire every rule on the workload's facts and decide the verdict."""
    facts = derive_facts(workload, costs)
    book = rulebook()
    fired_rules = [rule for rule in book.rules if rule.fires(facts)]
    fit, score = score_of(fired_rules)
    hits = sorted(
        (rule.hit(facts) for rule in fired_rules),
        key=lambda hit: (_EFFECT_ORDER[hit.effect], -hit.weight),
    )
    offloads = {hit.offload for hit in hits if hit.offload is not None}
    return Verdict(
        fit=fit,
        score=score,
        reasons=tuple(h for h in hits if h.effect != Effect.RECOMMENDATION),
        recommendations=tuple(h for h in hits if h.effect == Effect.RECOMMENDATION),
        offloaded_parts=tuple(part for part in OffloadPart if part in offloads),
        thresholds=_thresholds(book, facts, _Outcome(frozenset(fired_rules), fit, score)),
        summary=_summary(fit, score, hits, facts),
    )
