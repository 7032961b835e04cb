"""From fired rules to a verdict: fit, score, reasons, offloaded parts, thresholds, summary.

The decision has a shape, not a sum (documented in knowledge/rules/*.yaml headers too):

1. Hard limits first. A blocker with an offload part moves that part to Fargate or EC2
   (a hybrid); one without, or a design where no serverless part is left doing real work,
   means "does not fit" (score capped at 30). Offloads are decided from the answers alone,
   before anything is priced.
2. Money sets the band. Of the `money` rules that hold, the one with the lowest
   precedence decides where the score starts (`base`) and the range it may move in
   (`floor`..`ceiling`). They read the costs on the lines that differ between the
   options, against a gap that matters (a floor, raised by a budget).
3. The qualitative reasons move the score within that band. Reasons stating one fact
   share a `factor`, and only the heaviest of a factor counts.

    score = clamp(band.base + sum(heaviest `for` per factor) - sum(heaviest `against` per
            factor), band.floor, band.ceiling)

Fit: hard blocker -> does_not_fit (<= 30); score < 40 -> does_not_fit; offload blocker
-> hybrid (<= 75); otherwise fits.

Thresholds ("what would change the verdict"): for each rule with `threshold` metadata,
the fact is moved just across the rule's edge, only the rules that read that fact are
re-checked (and, if an offload changed, the rules that read the design), and the fit is
re-decided. Changes that flip the fit are reported, nearest first (relative distance),
one per fact and new fit, leaving out edges a factor of 10 or more away. Other facts are
held as they are: a threshold is "all else equal", not a re-run of the cost model.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from string import Formatter

from advisor.engine.numbers import format_usd
from advisor.engine.results import (
    CostComparison,
    Effect,
    Fit,
    OffloadPart,
    RuleHit,
    ScoreMove,
    ScoreTrace,
    Threshold,
    Verdict,
)
from advisor.engine.rules.book import BandModel, Rulebook, RuleSpec, ThresholdModel, rulebook
from advisor.engine.rules.catalog import derive_facts, design_facts, workload_facts
from advisor.engine.rules.categories import rule_category
from advisor.engine.workload import Workload

FIT_CUT_OFF = 40
HYBRID_SCORE_CAP = 75
DOES_NOT_FIT_SCORE_CAP = 30
# A fit scoring below this reads "fits, narrowly", naming the heaviest objection.
NARROW_BELOW = 60
MAX_THRESHOLDS = 5
# Edges a factor of 10 or more away from today's answer are not "nearby" changes.
MAX_RELATIVE_DISTANCE = 0.9
# How far past an edge a moved fact lands, relative to the edge (strict comparisons).
_NUDGE = 1e-6
# When no money rule holds (a rule book without a catch-all band): start mid-way, free range.
NEUTRAL_BAND = BandModel(precedence=10**6, label="no money band", base=60, floor=0, ceiling=100)

_EFFECT_ORDER = {
    Effect.BLOCKER: 0,
    Effect.MONEY: 1,
    Effect.AGAINST: 2,
    Effect.FOR: 3,
    Effect.RECOMMENDATION: 4,
}
_FIT_PHRASES = {
    Fit.FITS: "serverless fits",
    Fit.HYBRID: "serverless fits as a hybrid",
    Fit.DOES_NOT_FIT: "serverless does not fit",
}
# How a narrow fit's opening names its heaviest objection.
_NARROW_BUT = {
    Effect.MONEY: "but it is not the cheaper choice here",
    Effect.AGAINST: "but with a serious objection",
    Effect.BLOCKER: "but with a serious objection",
}
_OFFLOAD_PHRASES = {
    OffloadPart.LONG_RUNNING_JOBS: "runs longer or larger than Lambda allows move to Fargate tasks",
    OffloadPart.GPU_WORK: "GPU work moves to EC2 GPU instances",
    OffloadPart.PERSISTENT_CONNECTIONS: "long-lived connections move to Fargate behind an NLB",
    OffloadPart.HOT_PATH: "the request path moves to a Fargate service",
}
_WORDS_INTO = {">": "above", ">=": "at or above", "<": "below", "<=": "at or below"}
_WORDS_OUT = {">": "at or below", ">=": "below", "<": "at or above", "<=": "above"}


# --- the score ---------------------------------------------------------------------


def money_rule(fired: Iterable[RuleSpec]) -> RuleSpec | None:
    """The money rule that decides the band: the lowest precedence among those that hold."""
    bands = [rule for rule in fired if rule.band is not None]
    return min(bands, key=lambda rule: rule.band.precedence) if bands else None  # type: ignore[union-attr]


def _moves(fired: Iterable[RuleSpec]) -> tuple[ScoreMove, ...]:
    """Each weighed reason's points; within a factor only the heaviest counts."""
    weighed = sorted(
        (r for r in fired if r.effect in (Effect.FOR, Effect.AGAINST)),
        key=lambda r: (r.factor, -r.weight, r.id),
    )
    moves, seen = [], set()
    for rule in weighed:
        sign = 1 if rule.effect == Effect.FOR else -1
        moves.append(ScoreMove(rule.id, rule.factor, sign * rule.weight, rule.factor not in seen))
        seen.add(rule.factor)
    return tuple(moves)


def _cap(fired: tuple[RuleSpec, ...], in_band: int) -> tuple[Fit, int | None, str]:
    hard = [r for r in fired if r.effect == Effect.BLOCKER and r.offload is None]
    if hard:
        return Fit.DOES_NOT_FIT, DOES_NOT_FIT_SCORE_CAP, hard[0].id
    if in_band < FIT_CUT_OFF:
        return Fit.DOES_NOT_FIT, None, ""
    offloads = [r for r in fired if r.effect == Effect.BLOCKER]
    if offloads:
        return Fit.HYBRID, HYBRID_SCORE_CAP, offloads[0].id
    return Fit.FITS, None, ""


def fit_of_fired(fired: Iterable[RuleSpec]) -> Fit:
    """`score_of(fired)[0]` without the trace, for searches that ask only the fit. Within a
    factor every rule counts one way (the book checks it), so the heaviest's points are the
    factor's, whichever of equal weights `_moves` lists first."""
    fired = tuple(fired)
    deciding = money_rule(fired)
    band = deciding.band if deciding is not None and deciding.band else NEUTRAL_BAND
    heaviest: dict[str, int] = {}
    for rule in fired:
        if rule.effect == Effect.FOR or rule.effect == Effect.AGAINST:
            points = rule.weight if rule.effect == Effect.FOR else -rule.weight
            if abs(points) > abs(heaviest.get(rule.factor, 0)):
                heaviest[rule.factor] = points
    raw = band.base + sum(heaviest.values())
    return _cap(fired, max(band.floor, min(band.ceiling, raw)))[0]


def score_of(fired: Iterable[RuleSpec]) -> tuple[Fit, int, ScoreTrace]:
    """The fit, the 0-100 score and how it was reached, for a set of fired rules."""
    fired = tuple(fired)
    deciding = money_rule(fired)
    band = deciding.band if deciding is not None and deciding.band else NEUTRAL_BAND
    moves = _moves(fired)
    raw = band.base + sum(move.points for move in moves if move.counted)
    in_band = max(band.floor, min(band.ceiling, raw))
    fit, cap, cap_rule = _cap(fired, in_band)
    score = min(in_band, cap) if cap is not None else in_band
    trace = ScoreTrace(
        band_rule=deciding.id if deciding else "",
        band_label=band.label,
        base=band.base,
        floor=band.floor,
        ceiling=band.ceiling,
        moves=moves,
        raw=raw,
        in_band=in_band,
        cap=cap if cap is not None and cap < in_band else None,
        cap_reason=cap_rule,
    )
    return fit, max(0, min(100, score)), trace


# --- offloads, decided before the costs ----------------------------------------------


def offloads_for(workload: Workload) -> tuple[OffloadPart, ...]:
    """The parts the hard limits move off Lambda, from the answers alone."""
    return _offloads_of(rulebook().offloading(workload_facts(workload)))


def _offloads_of(fired: Iterable[RuleSpec]) -> tuple[OffloadPart, ...]:
    moved = {rule.offload for rule in fired if rule.offload is not None}
    return tuple(part for part in OffloadPart if part in moved)


# --- thresholds ----------------------------------------------------------------------


def _crossing(value: float, op: str, *, into_firing: bool) -> float:
    """A value of the fact just on the firing side (or just off it) of the edge."""
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


def _threshold_message(
    threshold: ThresholdModel, current: float, edge: float, *, into: bool, fit: Fit
) -> str:
    words = (_WORDS_INTO if into else _WORDS_OUT)[threshold.op]
    unit = threshold.unit
    text = (
        f"With {threshold.about} {words} {_fmt(edge)}{unit} "
        f"(now {_fmt(current)}{unit}), {_FIT_PHRASES[fit]}"
    )
    return f"{text}: {threshold.note}." if into and threshold.note else f"{text}."


@dataclass(frozen=True)
class _Outcome:
    workload: Workload
    fired: frozenset[RuleSpec]
    fit: Fit
    score: int


def _may_flip(affected: tuple[RuleSpec, ...], outcome: _Outcome) -> bool:
    """False when no way of toggling `affected` can change the fit (skips rule evaluation).

    Conservative: blockers and money rules can always move it; for the rest, each
    toggled weight moves the score by at most that weight.
    """
    if any(rule.effect in (Effect.BLOCKER, Effect.MONEY) for rule in affected):
        return True
    fired = outcome.fired
    can_lose = sum(r.weight for r in affected if (r.effect == Effect.AGAINST) != (r in fired))
    can_gain = sum(r.weight for r in affected if (r.effect == Effect.FOR) != (r in fired))
    if outcome.fit == Fit.DOES_NOT_FIT:
        hard_block = any(r.effect == Effect.BLOCKER and r.offload is None for r in fired)
        return not hard_block and outcome.score + can_gain >= FIT_CUT_OFF
    return outcome.score - can_lose < FIT_CUT_OFF


def _refire(facts: Mapping[str, object], fired: set[RuleSpec], rules: Iterable[RuleSpec]) -> None:
    for rule in rules:
        (fired.add if rule.fires(facts) else fired.discard)(rule)


def _fired_after_move(
    book: Rulebook, moved: dict[str, object], outcome: _Outcome, affected: tuple[RuleSpec, ...]
) -> set[RuleSpec]:
    """The weighing rules that hold once one fact has moved; if the move changed what
    leaves Lambda, the rules that read the design are checked again too."""
    fired = {r for r in outcome.fired if r.effect != Effect.RECOMMENDATION}
    _refire(moved, fired, affected)
    offloads = _offloads_of(fired)
    if offloads != _offloads_of(outcome.fired):
        moved.update(design_facts(outcome.workload, offloads))
        _refire(moved, fired, book.reading_design)
    return fired


def _flip(
    book: Rulebook,
    rule: RuleSpec,
    affected: tuple[RuleSpec, ...],
    facts: Mapping[str, object],
    outcome: _Outcome,
) -> Threshold | None:
    """The verdict change from moving the rule's fact just across its edge, if any;
    `affected` are the weighing rules that read that fact."""
    threshold = rule.threshold
    if threshold is None or not affected or not _may_flip(affected, outcome):
        return None
    into = rule not in outcome.fired
    edge = threshold.edge(facts)
    moved = {**facts, threshold.fact: _crossing(edge, threshold.op, into_firing=into)}
    if rule.fires(moved) != into:  # another term of the condition holds it where it is
        return None
    new_fit = fit_of_fired(_fired_after_move(book, moved, outcome, affected))
    if new_fit == outcome.fit:
        return None
    current = float(facts[threshold.fact])  # type: ignore[arg-type]
    return Threshold(
        rule=rule.id,
        field=threshold.fact,
        current=current,
        threshold=edge,
        message=_threshold_message(threshold, current, edge, into=into, fit=new_fit),
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
    for rule, affected in book.with_thresholds:
        flip = _flip(book, rule, affected, facts, outcome)
        if flip is None or _distance(flip) >= MAX_RELATIVE_DISTANCE:
            continue
        key = (flip.field, flip.fit_after)
        if key not in nearest or _distance(flip) < _distance(nearest[key]):
            nearest[key] = flip
    ranked = sorted(nearest.values(), key=lambda t: (_distance(t), t.rule))
    return tuple(ranked[:MAX_THRESHOLDS])


# --- words ---------------------------------------------------------------------------


def _main_objection(hits: list[RuleHit], trace: ScoreTrace) -> RuleHit | None:
    """A blocker nothing works around, else money that holds the score low, else the
    heaviest reason against."""
    hard = [h for h in hits if h.effect == Effect.BLOCKER and h.offload is None]
    holds_low = trace.ceiling < NARROW_BELOW
    money = [h for h in hits if h.effect == Effect.MONEY and holds_low]
    against = sorted((h for h in hits if h.effect == Effect.AGAINST), key=lambda h: -h.weight)
    return next(iter(hard + money + against), None)


def _summary(
    fit: Fit, score: int, trace: ScoreTrace, hits: list[RuleHit], facts: Mapping[str, object]
) -> str:
    """One or two sentences for a business reader: the verdict, why, and the money."""
    # A fit held low by its money band, or by reasons against, reads as narrow: say so,
    # and name the heaviest objection, rather than let "fits" read as an endorsement.
    narrow = fit == Fit.FITS and score < NARROW_BELOW
    objection = _main_objection(hits, trace) if fit == Fit.DOES_NOT_FIT or narrow else None
    opening = _FIT_PHRASES[fit].capitalize()
    if narrow:
        # "Fits, narrowly … costs 7.3x" read as a contradiction: say what "narrow" means.
        but = _NARROW_BUT[objection.effect] if objection is not None else "with little margin"
        opening = (
            f"Serverless would work, {but} (score {score}/100, where below {FIT_CUT_OFF} "
            "does not fit)"
        )
    else:
        opening += f" (score {score}/100)"
    if fit == Fit.HYBRID:
        parts = (_OFFLOAD_PHRASES[h.offload] for h in hits if h.offload is not None)
        opening += ": " + "; ".join(dict.fromkeys(parts))
    elif objection is not None:
        opening += ": " + objection.message.rstrip(".")
    if objection is not None and objection.effect == Effect.MONEY:
        # the objection states the money
        return f"{opening}.{_close_call(trace, facts)}{_on_managed_instances(facts)}"
    money = (
        f"The serverless estimate ({facts['serverless_design_label']}) is "
        f"{format_usd(facts['serverless_monthly_usd'])} a month, "
        f"against {format_usd(facts['cheapest_alternative_usd'])} for "
        f"{facts['cheapest_alternative_label']}."
    )
    return f"{opening}. {money}{_on_managed_instances(facts)}"


def _on_managed_instances(facts: Mapping[str, object]) -> str:
    """Where the design runs its functions on Lambda Managed Instances, why, with what
    on-demand Lambda would cost for contrast."""
    if not facts["managed_instances_in_design"]:
        return ""
    return (
        f" The load is steady, so the functions run on Lambda Managed Instances "
        f"({facts['managed_instances_words']} that Lambda manages, EC2's price plus a 15% fee): "
        f"{format_usd(facts['serverless_differing_usd'])} a month on the lines that differ, "
        f"against {format_usd(facts['on_demand_differing_usd'])} on on-demand Lambda."
    )


# Money rules that hold serverless down, and how near their edge reads as a close call.
_AGAINST_SERVERLESS_BANDS = frozenset(
    {"serverless_costs_several_times_more", "serverless_costs_more"}
)
CLOSE_CALL_MARGIN = 0.25


def _close_call(trace: ScoreTrace, facts: Mapping[str, object]) -> str:
    """A sentence when the money that decided against serverless is within a quarter of
    the bar it had to pass: a verdict that a modest change could turn says so."""
    if trace.band_rule not in _AGAINST_SERVERLESS_BANDS:
        return ""
    gap, bar = float(facts["cost_gap_usd"]), float(facts["material_gap_usd"])  # type: ignore[arg-type]
    if not bar <= gap < bar * (1 + CLOSE_CALL_MARGIN):
        return ""
    return (
        f" It is a close call: the gap of {format_usd(gap)} a month is within a quarter of "
        f"the {format_usd(bar)} that decides, so a modest change in the load or in the "
        "assumptions could turn it."
    )


def _reasons(fired: list[RuleSpec], facts: Mapping[str, object]) -> list[RuleHit]:
    """Every fired rule as a hit; of the cost comparisons, only the one that decides the
    band (the budget's own verdict is always shown: it must never hide)."""
    deciding = money_rule(fired)
    shown = [
        r
        for r in fired
        if r.band is None or r is deciding or rule_category(r.category).always_shown
    ]
    return sorted(
        (rule.hit(facts) for rule in shown),
        key=lambda hit: (_EFFECT_ORDER[hit.effect], -hit.weight),
    )


def decision_facts(workload: Workload, costs: CostComparison) -> dict[str, object]:
    """Every fact the rules read. What leaves Lambda follows from the hard limits the
    answers hit (as `offloads_for` decided before pricing)."""
    facts = derive_facts(workload, costs)
    offloads = _offloads_of(rulebook().offloading(facts))
    on_managed = bool(facts["managed_instances_in_design"])
    facts.update(design_facts(workload, offloads, managed_instances=on_managed))
    return facts


# Facts only the break-even search gives (catalog._cost_facts): a fit needs that search
# only when a rule reads one of them.
BREAK_EVEN_FACTS = frozenset({"break_even_known", "break_even_avg_rps"})


@functools.cache  # the rule book is read once per process
def fit_needs_break_even() -> bool:
    """Whether any rule's condition reads the break-even (none did on 2026-12-01)."""
    return any(rule.symbols & BREAK_EVEN_FACTS for rule in rulebook().rules)


@functools.cache
def verdict_needs_break_even() -> bool:
    """Whether the verdict reads the break-even: a condition, or a message's placeholder."""
    placeholders = (
        name for rule in rulebook().rules for _, name, _, _ in Formatter().parse(rule.message)
    )
    return fit_needs_break_even() or any(name in BREAK_EVEN_FACTS for name in placeholders)


def fit_for(workload: Workload, costs: CostComparison) -> Fit:
    """`evaluate_rules(workload, costs).fit` alone: the same rules fire on the same facts,
    without the thresholds, reasons and summary the fit does not read."""
    facts = decision_facts(workload, costs)
    return fit_of_fired(rule for rule in rulebook().rules if rule.fires(facts))


def evaluate_rules(
    workload: Workload, costs: CostComparison, *, thresholds: bool = True
) -> Verdict:
    """Fire every rule on the workload's facts and decide the verdict; `thresholds=False`
    leaves out what would change it (the nearby edges: a quarter of the work), as the live
    panel, which does not show them, asks."""
    facts = decision_facts(workload, costs)
    book = rulebook()
    fired_rules = [rule for rule in book.rules if rule.fires(facts)]
    fit, score, trace = score_of(fired_rules)
    hits = _reasons(fired_rules, facts)
    offloads = {hit.offload for hit in hits if hit.offload is not None}
    outcome = _Outcome(workload, frozenset(fired_rules), fit, score)
    return Verdict(
        fit=fit,
        score=score,
        reasons=tuple(h for h in hits if h.effect != Effect.RECOMMENDATION),
        recommendations=tuple(h for h in hits if h.effect == Effect.RECOMMENDATION),
        offloaded_parts=tuple(part for part in OffloadPart if part in offloads),
        thresholds=_thresholds(book, facts, outcome) if thresholds else (),
        summary=_summary(fit, score, trace, hits, facts),
        trace=trace,
    )
