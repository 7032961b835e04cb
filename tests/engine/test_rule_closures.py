"""The closures built from each rule's condition agree with rule_engine's own evaluation."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine.rules import rulebook
from advisor.engine.rules.catalog import FACTS
from tests.conftest import examples

RULES = rulebook().rules


def _fact_value(name: str) -> st.SearchStrategy:
    spec = FACTS[name]
    if spec.kind == "number":
        # Edges sit at small whole numbers and at platform limits: draw around both.
        return st.one_of(
            st.integers(min_value=-2, max_value=20).map(float),
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
            st.sampled_from([0.25, 0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 10240.0, 122880.0]),
        )
    if spec.kind == "flag":
        return st.booleans()
    if spec.kind == "list":
        return st.lists(st.sampled_from(spec.values), unique=True).map(tuple)
    return st.sampled_from(spec.values) if spec.values else st.text(max_size=5)


FACTS_STRATEGY = st.fixed_dictionaries({name: _fact_value(name) for name in FACTS})


def test_every_rule_in_the_book_runs_as_closures():
    # then: no condition fell back to rule_engine's slower evaluation
    assert [rule.id for rule in RULES if rule.predicate is None] == []


# Each generated set of facts is put to every rule in the book: drawing the facts is most of
# the cost, so one draw serves all of them (300 fact sets under CI=true, each tried on each
# rule, where one draw per rule and example took about 25 ms: 87 rules x 60 draws, 128 s).
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=examples(3))
@given(facts=FACTS_STRATEGY)
def test_the_closures_agree_with_rule_engine(facts):
    # when
    disagreements = [
        (rule.id, rule.predicate(facts), bool(rule.compiled.matches(facts)))
        for rule in RULES
        if rule.predicate(facts) != bool(rule.compiled.matches(facts))
    ]

    # then: (rule, closure's answer, rule_engine's answer)
    assert disagreements == []
