"""The one questionnaire form: defaults, domain types, and clear field errors."""

from __future__ import annotations

import pytest

from advisor.engine.workload import Connections, DataStore, Trigger, Workload
from advisor.forms import DEFAULTS, WorkloadForm

MINIMAL = {"name": "Orders API", "avg_rps": 5, "avg_duration_ms": 120}


def _form(**answers) -> WorkloadForm:
    return WorkloadForm(data={**MINIMAL, **answers}, reject_unknown=True)


def test_it_accepts_the_three_required_answers_and_fills_every_default():
    # given / when
    form = _form()

    # then
    assert form.is_valid(), form.errors
    workload = form.workload()
    assert isinstance(workload, Workload)
    assert workload.peak_rps == 5  # defaults to the average
    assert workload.max_duration_s == pytest.approx(0.12)  # defaults to the average run
    assert workload.monthly_budget_usd is None  # no ceiling given
    assert workload.triggers == (Trigger.HTTP,)
    assert workload.memory_mb == DEFAULTS["memory_mb"]
    assert workload.region == "us-east-1"


@pytest.mark.parametrize("missing", ["name", "avg_rps", "avg_duration_ms"])
def test_it_names_each_missing_required_answer(missing):
    # given
    answers = {key: value for key, value in MINIMAL.items() if key != missing}

    # when
    form = WorkloadForm(data=answers, reject_unknown=True)

    # then
    assert not form.is_valid()
    assert missing in form.errors


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("avg_rps", -1, "greater than or equal to 0"),
        ("avg_rps", "lots", "Enter a number"),
        ("avg_rps", True, "Enter a number"),
        ("avg_rps", float("nan"), "number"),
        ("peak_rps", 1, "at least the average"),
        ("p95_latency_ms", 0, "greater than or equal to 1"),
        ("p95_latency_ms", 12.5, "whole number"),
        ("memory_mb", 64, "greater than or equal to 128"),
        ("runtime", "cobol", "Select a valid choice"),
        ("triggers", ["http", "carrier_pigeon"], "Select a valid choice"),
        ("triggers", {"http": 1}, "list"),
        ("cold_start_sensitive", "maybe", "true or false"),
        ("region", "mars-north-1", "Select a valid choice"),
        ("max_duration_s", 0.01, "cannot be shorter than the average run"),
        ("assumptions", {"no_such_assumption": 1}, "Unknown assumption"),
        ("assumptions", "cheap please", "name: number"),
    ],
)
def test_it_rejects_bad_answers_with_a_message_on_the_field(field, value, message_part):
    # given / when
    form = _form(**{field: value})

    # then
    assert not form.is_valid()
    assert message_part in " ".join(form.errors[field]), form.errors[field]


def test_it_refuses_unknown_fields_and_lists_the_known_ones():
    # given / when
    form = _form(avg_rps_typo=3)

    # then
    assert not form.is_valid()
    message = " ".join(form.errors["__all__"])
    assert "avg_rps_typo" in message and "peak_rps" in message


def test_memory_above_the_lambda_limit_is_a_finding_not_an_error():
    # given / when
    form = _form(memory_mb=16384)

    # then
    assert form.is_valid(), form.errors
    assert form.workload().memory_mb == 16384


def test_it_turns_words_into_domain_types():
    # given / when
    form = _form(
        triggers="queue, schedule",
        persistent_connections="websocket",
        data_store="relational",
        cold_start_sensitive="yes",
    )

    # then
    assert form.is_valid(), form.errors
    workload = form.workload()
    assert workload.triggers == (Trigger.QUEUE, Trigger.SCHEDULE)
    assert workload.persistent_connections is Connections.WEBSOCKET
    assert workload.data_store is DataStore.RELATIONAL
    assert workload.cold_start_sensitive is True


def test_a_bad_form_cannot_become_a_workload():
    # given
    form = _form(avg_rps=-3)

    # when / then
    with pytest.raises(ValueError):
        form.workload()


def test_a_longest_run_equal_to_the_average_run_passes_despite_float_rounding():
    # given: 64.139 s is 64,139 ms, though 64.139 * 1000 is not exactly 64139 in binary
    form = _form(avg_duration_ms=64_139, max_duration_s=64.139)

    # when / then
    assert form.is_valid(), form.errors


def test_it_fills_the_decision_questions_with_defaults_that_keep_older_answers_working():
    # given / when
    workload = _form().workload()

    # then
    assert workload.concurrent_connections is None  # estimated by the cost model
    assert workload.connection_minutes_avg == 30
    assert workload.workflow_share == 1
    assert workload.commitment_years == 1
    assert workload.response_kb == DEFAULTS["payload_kb"]  # an HTTP caller gets an answer


def test_a_workload_nobody_waits_on_sends_no_response_out_unless_told():
    # given
    queue_only = {"triggers": ["queue"], "payload_kb": 40}

    # when
    quiet = _form(**queue_only).workload()
    told = _form(**queue_only, avg_response_kb=2).workload()

    # then
    assert quiet.response_kb == 0
    assert told.response_kb == 2


@pytest.mark.parametrize("years", [0, 1, 3, "3"])
def test_it_takes_a_commitment_of_zero_one_or_three_years(years):
    # given / when
    form = _form(commitment_years=years)

    # then
    assert form.is_valid(), form.errors
    assert form.workload().commitment_years == int(years)


@pytest.mark.parametrize("years", [2, 5, -1, 1.5, True, "one"])
def test_it_refuses_a_commitment_that_is_not_sold(years):
    # given / when
    form = _form(commitment_years=years)

    # then
    assert not form.is_valid()
    assert form.errors["commitment_years"] == ["Answer 0, 1 or 3 (years)."]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("workflow_share", 1.2),
        ("workflow_share", -0.1),
        ("concurrent_connections", -1),
        ("concurrent_connections", 2.5),
        ("connection_minutes_avg", 0),
        ("avg_response_kb", -3),
    ],
)
def test_it_names_a_decision_answer_out_of_range(field, value):
    # given / when
    form = _form(**{field: value})

    # then
    assert not form.is_valid()
    assert field in form.errors


def test_an_older_workflow_assumption_becomes_the_workflow_share():
    # given: answers saved before workflow_share was a question
    older = {"workflow": "multi_step", "assumptions": {"workflow_executions_per_request": 0.25}}

    # when
    workload = _form(**older).workload()

    # then
    assert workload.workflow_share == 0.25
    assert workload.assumptions == ()
