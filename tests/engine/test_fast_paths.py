"""The engine's shortcuts give the answers of the full path, exactly.

`fit_of` (the cost drivers' searches), `priced_options` (the assumption table),
`option_totals_at_rates` (the cost curve and the traffic table) and `evaluate(brief=True)`
(the live panel) skip work the caller does not read; `fit_of_fired` (the nearby edges)
skips the score's trace, and `format_message` parses each rule's message once. They must
never change an answer:
for every preset and decision-benchmark workload, and for the neighbours the drivers'
searches visit, the fit and the prices are the full path's, bit for bit.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import evaluate, fit_of
from advisor.engine.costs import compare_costs, option_totals_at_rates, priced_options
from advisor.engine.costs.option_kinds import COST_OPTIONS
from advisor.engine.numbers import _FORMATTER, format_message
from advisor.engine.rules import RuleSpec, decision_facts, offloads_for, rulebook, score_of
from advisor.engine.rules.verdict import fit_of_fired
from advisor.engine.sensitivity import COMPARED_KEYS, at_rate, chart_rate_points
from advisor.engine.workload import Workload
from advisor.questionnaire import workload_from_answers, workload_from_file
from advisor_tooling.decision_cases import decision_cases
from tests.engine.test_decision_invariants import decision_answers

PRESETS = sorted((Path(__file__).resolve().parents[2] / "knowledge" / "presets").glob("*.yaml"))


def _workloads() -> list[Workload]:
    found = [workload_from_file(path) for path in PRESETS]
    return found + [workload_from_answers(case.workload) for case in decision_cases()]


def _neighbours(workload: Workload) -> list[Workload]:
    """What the cost drivers ask about: another workflow share, commitment or traffic."""
    return [
        workload,
        replace(workload, workflow_share=min(1.0, workload.workflow_share + 0.3)),
        replace(workload, commitment_years=3 if workload.commitment_years != 3 else 0),
        replace(workload, avg_rps=workload.avg_rps * 4, peak_rps=workload.peak_rps * 4),
        replace(workload, avg_rps=workload.avg_rps / 4, peak_rps=workload.peak_rps / 4),
    ]


@pytest.mark.parametrize("workload", _workloads(), ids=lambda w: w.name)
def test_fit_of_is_the_verdicts_fit(workload: Workload) -> None:
    for neighbour in _neighbours(workload):
        assert fit_of(neighbour) == evaluate(neighbour).verdict.fit


@pytest.mark.parametrize("workload", _workloads(), ids=lambda w: w.name)
def test_priced_options_price_as_the_comparison_does(workload: Workload) -> None:
    offloaded = offloads_for(workload)
    full = compare_costs(workload, offloaded_parts=offloaded)
    quick = priced_options(workload, offloaded_parts=offloaded)
    assert quick.options == full.options
    assert quick.shared == full.shared
    assert quick.assumptions == full.assumptions
    assert quick.design == full.design
    some = priced_options(workload, offloaded_parts=offloaded, only=COMPARED_KEYS)
    assert some.options == tuple(o for o in full.options if o.key in COMPARED_KEYS)


@pytest.mark.parametrize("workload", _workloads(), ids=lambda w: w.name)
def test_the_totals_at_many_rates_are_the_comparisons_at_each_rate(workload: Workload) -> None:
    offloaded = offloads_for(workload)
    rates = chart_rate_points(workload, break_even_avg_rps=1.7)
    # Every option in the registry: which what-if applies moves with the rate (on-demand
    # Lambda beside a design on managed instances, managed instances beside one on demand).
    everything = frozenset(kind.key for kind in COST_OPTIONS)

    rows = option_totals_at_rates(workload, rates, offloaded_parts=offloaded, only=everything)

    for rate, row in zip(rates, rows, strict=True):
        full = compare_costs(at_rate(workload, rate), offloaded_parts=offloaded)
        assert row == {option.key: option.estimate.monthly_usd for option in full.options}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_answers())
def test_fit_of_agrees_on_any_workload(answers: dict) -> None:
    workload = workload_from_answers(answers)
    assert fit_of(workload) == evaluate(workload).verdict.fit


@pytest.mark.parametrize("workload", _workloads(), ids=lambda w: w.name)
def test_a_brief_evaluation_is_the_full_one_less_what_it_leaves_out(workload: Workload) -> None:
    full = evaluate(workload)
    brief = evaluate(workload, brief=True)
    assert brief.verdict == replace(full.verdict, thresholds=())
    assert brief.costs == replace(full.costs, break_even_avg_rps=None, advice=())
    assert brief.architecture == full.architecture
    assert brief.design == full.design


@settings(deadline=None)
@given(st.sets(st.sampled_from(rulebook().rules)))
def test_the_fit_alone_is_the_scores_fit(fired: set[RuleSpec]) -> None:
    # Any set of fired rules: blockers, bands, factors with several rules of one weight.
    assert fit_of_fired(fired) == score_of(fired)[0]


@pytest.mark.parametrize("workload", _workloads()[:12], ids=lambda w: w.name)
def test_messages_read_as_str_format_would_write_them(workload: Workload) -> None:
    costs = compare_costs(workload, offloaded_parts=offloads_for(workload))
    facts = decision_facts(workload, costs)
    for rule in rulebook().rules:
        assert format_message(rule.message, facts) == _FORMATTER.vformat(rule.message, (), facts)
