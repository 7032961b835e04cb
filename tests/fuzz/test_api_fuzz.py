"""`POST /api/v1/assess` with anything a client could send: 200 with an assessment, or
400 with `{"errors": {field: [messages]}}` — never a server error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.fuzz.strategies import DEEP_TEXTS, JSON_VALUES, answers

pytestmark = pytest.mark.django_db

# Counts relative to the Hypothesis profile (tests/conftest.py): 600, 300, 300 under CI=true.
FUZZ = settings(
    max_examples=examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
URL = "/api/v1/assess"


def _assert_answered_cleanly(response) -> None:
    assert response.status_code in (200, 400), response.content[:500]
    payload = response.json()
    if response.status_code == 400:
        event("400")
        assert set(payload) == {"errors"}
        assert payload["errors"], "a 400 names at least one field"
        assert all(
            isinstance(field, str)
            and isinstance(msgs, list)
            and msgs
            and all(isinstance(m, str) for m in msgs)
            for field, msgs in payload["errors"].items()
        )
    else:
        event("200")
        assert {"workload", "verdict", "costs", "architecture"} <= set(payload)


def _dumps(value: Any) -> str:
    # allow_nan: Python writes NaN/Infinity literals, which the API must refuse politely.
    return json.dumps(value, allow_nan=True)


@FUZZ
@given(body=answers())
def test_any_questionnaire_shaped_json_gets_an_assessment_or_field_errors(client, body):
    # when
    response = client.post(URL, data=_dumps(body), content_type="application/json")

    # then
    _assert_answered_cleanly(response)


@settings(FUZZ, max_examples=examples(3))
@given(body=JSON_VALUES)
def test_any_json_document_at_all_gets_field_errors(client, body):
    # when
    response = client.post(URL, data=_dumps(body), content_type="application/json")

    # then
    _assert_answered_cleanly(response)
    assert response.status_code == 400


@settings(FUZZ, max_examples=examples(3))
@given(
    raw=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        DEEP_TEXTS.map(str.encode),
        st.sampled_from(
            [
                b"",
                b"{",
                b"NaN",
                b"[1,]",
                b'{"name": "\xff\xfe"}',
                b"\xef\xbb\xbf{}",
                b"null",
                b'{"avg_rps": Infinity}',
                b'{"a":' * 500,
                b"1" * 5000,
                b"x" * 100_001,
                b"[" * 3_000_000,  # over Django's own 2.5 MB limit
            ]
        ),
    ),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded", "", "*/*"]
    ),
)
def test_any_bytes_with_any_content_type_get_field_errors(client, raw, content_type):
    # when
    response = client.post(URL, data=raw, content_type=content_type)

    # then
    _assert_answered_cleanly(response)
