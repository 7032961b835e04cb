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
        ("avg_rps", -1, "The average rate cannot be negative."),
        ("avg_rps", "lots", "Enter the average rate as a number of requests per second"),
        ("avg_rps", True, "Enter the average rate as a number"),
        ("avg_rps", float("nan"), "number"),
        ("peak_rps", 1, "at least the average"),
        ("p95_latency_ms", 0, "must be at least 1 ms"),
        ("p95_latency_ms", 12.5, "whole number"),
        ("memory_mb", 64, "The memory must be at least 128 MB."),
        ("runtime", "cobol", "“cobol” is not one of the answers: python, node"),
        ("triggers", ["http", "carrier_pigeon"], "“carrier_pigeon” is not one of the answers"),
        ("triggers", {"http": 1}, "list"),
        ("cold_start_sensitive", "maybe", "true or false"),
        ("region", "mars-north-1", "“mars-north-1” is not one of the answers: "),
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
    assert workload.connection_minutes_avg is None  # unanswered
    assert workload.connection_minutes == 30
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
        ("upload_share", 1.2),
        ("upload_share", -0.1),
        ("upload_share", "a few"),
        ("event_consumers", 0),
        ("event_consumers", 2.5),
        ("event_consumers", 21),
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


@pytest.mark.parametrize(("typed", "share"), [("0", 0.0), ("0.02", 0.02), ("1", 1.0), ("", 1.0)])
def test_the_upload_share_is_read_from_0_to_1_and_left_empty_is_every_request(typed, share):
    # given / when: a mobile API whose requests now and then upload a photo
    form = _form(triggers=["http", "file_upload"], upload_share=typed)

    # then
    assert form.is_valid(), form.errors
    assert form.workload().upload_share == share


def test_answers_saved_before_the_upload_share_was_asked_price_every_request_as_an_upload():
    # given: saved answers with uploads and no upload_share
    older = {"triggers": ["http", "file_upload"]}

    # when
    workload = _form(**older).workload()

    # then
    assert workload.uploading_share == 1


@pytest.mark.parametrize(("typed", "consumers"), [("1", 1), ("10", 10), ("", 1)])
def test_the_consumers_of_each_event_are_a_whole_number_left_empty_one(typed, consumers):
    # given / when: order events read by billing, shipping, search...
    form = _form(triggers=["pubsub"], event_consumers=typed)

    # then
    assert form.is_valid(), form.errors
    assert form.workload().consumers_per_event == consumers


def test_consumers_are_read_only_where_events_are_published():
    # given / when: an HTTP API with the answer given anyway
    workload = _form(triggers=["http"], event_consumers=5).workload()

    # then: a request has one handler
    assert workload.event_consumers == 5 and workload.consumers_per_event == 1


def test_an_older_workflow_assumption_becomes_the_workflow_share():
    # given: answers saved before workflow_share was a question
    older = {"workflow": "multi_step", "assumptions": {"workflow_executions_per_request": 0.25}}

    # when
    workload = _form(**older).workload()

    # then
    assert workload.workflow_share == 0.25
    assert workload.assumptions == ()


@pytest.mark.parametrize(
    ("typed", "expected"), [("0.2", 0.2), (" 1.5 ", 1.5), (".5", 0.5), ("2e3", 2000.0)]
)
def test_a_typed_decimal_is_the_number_it_reads_as(typed, expected):
    # given / when
    form = _form(avg_rps=typed, peak_rps=typed)

    # then
    assert form.is_valid(), form.errors
    assert form.workload().avg_rps == expected


@pytest.mark.parametrize("typed", ["1,5", "1,500", "0,2"])
def test_a_comma_is_refused_with_the_way_to_write_it_not_read_as_thousands(typed):
    # given / when: Django's own parsing dropped the comma and read "1,5" as 15
    form = _form(avg_rps=typed)

    # then
    assert not form.is_valid()
    assert form.errors["avg_rps"] == [
        "Write decimals with a point and no thousands separators: 1.5, not 1,5; 1500, not 1,500."
    ]


@pytest.mark.parametrize("typed", ["ee", "e", "1_000", "nan", "infinity", "1.2.3", "--1"])
def test_text_that_is_not_a_number_says_so_not_that_the_field_is_required(typed):
    # given / when
    form = _form(avg_rps=typed)

    # then
    assert form.errors["avg_rps"] == [
        "Enter the average rate as a number of requests per second, such as 0.2 or 1500."
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "avg_rps",
            "1000000000",
            "The average rate can be at most 100,000 requests per second (about 260 billion "
            "requests a month, beyond any one workload).",
        ),
        ("memory_mb", 10**7, "The memory can be at most 524,288 MB (512 GB, more than"),
        ("monthly_budget_usd", 1e12, "The monthly budget can be at most 100,000,000 USD"),
        ("workflow_share", 1.5, "The share of requests that start a workflow can be at most 1"),
        ("upload_share", 1.5, "The share of requests that upload a file can be at most 1"),
        (
            "event_consumers",
            50,
            "The consumers of each published event can be at most 20 (the most enhanced "
            "fan-out consumers a Kinesis stream registers)",
        ),
    ],
)
def test_an_absurd_magnitude_is_refused_naming_the_sensible_maximum(field, value, message):
    # given / when
    form = _form(**{field: value})

    # then
    assert not form.is_valid()
    assert form.errors[field][0].startswith(message)


def test_a_whole_number_field_takes_typed_whole_numbers_and_refuses_fractions():
    # given / when
    typed_whole = _form(memory_mb="1024", p95_latency_ms="2.0e2")
    fraction = _form(memory_mb="1024.5")

    # then
    assert typed_whole.is_valid(), typed_whole.errors
    assert (typed_whole.workload().memory_mb, typed_whole.workload().p95_latency_ms) == (1024, 200)
    expected = "Enter the memory as a whole number of MB, such as 512."
    assert fraction.errors["memory_mb"] == [expected]


def test_no_message_is_one_of_djangos_defaults():
    # given: every field given something it refuses
    bad = {name: "not valid ✗" for name in WorkloadForm.base_fields if name != "name"}

    # when
    form = WorkloadForm(data={**bad, "name": ""}, reject_unknown=True)
    form.is_valid()

    # then
    said = " ".join(str(m) for messages in form.errors.values() for m in messages)
    for default in ("This field is required", "Enter a number", "Select a valid choice"):
        assert default not in said


def test_the_api_schema_calls_each_decimal_answer_a_number_with_the_forms_maximum():
    # given: the JSON Schema the API's OpenAPI document is built from (the one form)
    from advisor.api.questionnaire import workload_json_schema
    from advisor.input_limits import ANSWER_MAXIMA

    # when
    properties = workload_json_schema()["properties"]

    # then: 0.2 req/s is valid input, and the bounds are the form's
    for name in ("avg_rps", "peak_rps", "avg_duration_ms", "payload_kb", "workflow_share"):
        assert properties[name]["type"] in ("number", ["number", "null"]), name
    for name, (maximum, _why) in ANSWER_MAXIMA.items():
        assert properties[name]["maximum"] == maximum, name
    assert "integer" in properties["memory_mb"]["type"]
