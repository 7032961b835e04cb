"""Property tests: any valid workload evaluates; costs are sane; bad input gives field errors."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from advisor.engine import evaluate
from advisor.engine.results import Fit
from advisor.engine.workload import (
    Architecture,
    Auth,
    Connections,
    DataStore,
    Runtime,
    TrafficPattern,
    Trigger,
    Workflow,
)
from advisor.forms import WorkloadForm
from advisor.questionnaire import InvalidAnswersError, workload_from_answers
from tests.conftest import examples

# 150 examples under CI=true (tests/conftest.py: relative to the Hypothesis profile).
PROPERTY_SETTINGS = settings(
    max_examples=examples(1.5), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _values(enum) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


@st.composite
def valid_answers(draw) -> dict:
    avg_rps = draw(st.floats(min_value=0, max_value=50_000, allow_nan=False))
    avg_duration_ms = draw(st.floats(min_value=1, max_value=3_600_000, allow_nan=False))
    return {
        # Control characters are refused by the form (its own test covers that).
        "name": draw(
            st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
                str.strip
            )
        ),
        "avg_rps": avg_rps,
        # Within the form's bound on a peak (advisor/input_limits.py).
        "peak_rps": min(avg_rps * draw(st.floats(min_value=1, max_value=100)), 100_000),
        "traffic_pattern": draw(_values(TrafficPattern)),
        "p95_latency_ms": draw(st.integers(min_value=1, max_value=3_600_000)),
        "cold_start_sensitive": draw(st.booleans()),
        "runtime": draw(_values(Runtime)),
        "avg_duration_ms": avg_duration_ms,
        "max_duration_s": avg_duration_ms / 1000 * draw(st.floats(min_value=1, max_value=50)),
        "memory_mb": draw(st.integers(min_value=128, max_value=20_480)),
        "cpu_bound": draw(st.booleans()),
        "gpu_required": draw(st.booleans()),
        "persistent_connections": draw(_values(Connections)),
        "data_store": draw(_values(DataStore)),
        "triggers": draw(st.lists(_values(Trigger), min_size=1, max_size=6, unique=True)),
        "workflow": draw(_values(Workflow)),
        "payload_kb": draw(st.floats(min_value=0, max_value=20_000, allow_nan=False)),
        "sensitive_data": draw(st.booleans()),
        "auth": draw(_values(Auth)),
        "monthly_budget_usd": draw(
            st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False))
        ),
        "region": draw(st.sampled_from(["us-east-1", "eu-west-1"])),
        "architecture": draw(_values(Architecture)),
        "include_free_tier": draw(st.booleans()),
    }


@PROPERTY_SETTINGS
@given(answers=valid_answers())
def test_any_valid_workload_evaluates_to_a_verdict_with_costs(answers):
    # given
    workload = workload_from_answers(answers)

    # when
    assessment = evaluate(workload)

    # then
    assert assessment.verdict.fit in set(Fit)
    assert 0 <= assessment.verdict.score <= 100
    costs = assessment.costs
    for estimate in tuple(option.estimate for option in costs.options):
        assert estimate.monthly_usd >= 0
        assert all(line.monthly_usd >= 0 for line in estimate.items)
    assert assessment.architecture.components


# Found by this test under CI's profile: a workload with no load at all priced the Lambda
# Managed Instances what-if with nothing left for their route to reach, and its note named
# an empty list of services (an IndexError, a 500 on the page).
_IDLE_TCP_UPLOADS = {
    "name": "0",
    "avg_rps": 0.0,
    "peak_rps": 0.0,
    "traffic_pattern": "steady",
    "p95_latency_ms": 22,
    "cold_start_sensitive": False,
    "runtime": "python",
    "avg_duration_ms": 1.0,
    "max_duration_s": 0.001,
    "memory_mb": 128,
    "cpu_bound": False,
    "gpu_required": False,
    "persistent_connections": "tcp",
    "data_store": "relational",
    "triggers": ["http", "file_upload"],
    "workflow": "none",
    "payload_kb": 0.0,
    "sensitive_data": False,
    "auth": "public",
    "monthly_budget_usd": None,
    "region": "us-east-1",
    "architecture": "x86_64",
    "include_free_tier": False,
}


@PROPERTY_SETTINGS
@given(answers=valid_answers(), factor=st.floats(min_value=1.5, max_value=100))
@example(answers=_IDLE_TCP_UPLOADS, factor=2.0)
def test_every_option_costs_at_least_as_much_with_more_traffic(answers, factor):
    # given
    workload = workload_from_answers(answers)
    busier = replace(
        workload, avg_rps=workload.avg_rps * factor, peak_rps=workload.peak_rps * factor
    )

    # when
    before, after = evaluate(workload).costs, evaluate(busier).costs

    # then: a tolerance of a cent for rounding inside tiered prices
    assert after.serverless.monthly_usd >= before.serverless.monthly_usd - 0.01
    for key in ("containers", "vm_reserved"):
        assert after.estimate(key).monthly_usd >= before.estimate(key).monthly_usd - 0.01


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@PROPERTY_SETTINGS
@given(answers=st.dictionaries(st.sampled_from(list(WorkloadForm.base_fields) + ["bogus"]), junk))
def test_any_input_either_validates_or_names_the_fields_at_fault(answers):
    # given / when
    try:
        workload = workload_from_answers(answers)
    except InvalidAnswersError as error:
        # then: every error names a field of the questionnaire (or the whole of it)
        assert error.field_errors
        assert set(error.field_errors) <= set(WorkloadForm.base_fields) | {"__all__"}
        return
    # then: what validated evaluates
    evaluate(workload)
