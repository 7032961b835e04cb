from __future__ import annotations

import json

import pytest

from common.claim_check import BUCKET_ENV, event_body, send_body


def test_a_pointer_is_replaced_by_the_body_it_names(monkeypatch):
    # given
    monkeypatch.setenv(BUCKET_ENV, "bodies")
    objects: dict[tuple[str, str], bytes] = {}
    pointer = send_body('{"order": 1}', "evt-1", write=lambda b, k, v: objects.update({(b, k): v}))
    # when
    body = event_body(pointer, read=lambda b, k: objects[(b, k)])
    # then
    assert json.loads(body) == {"order": 1}
    assert list(objects) == [("bodies", "evt-1")]


def test_an_event_sent_whole_is_left_as_it_is():
    # given / when / then
    assert event_body('{"order": 2}', read=lambda b, k: b"unused") == '{"order": 2}'


def test_a_pointer_without_the_bucket_setting_names_the_variable(monkeypatch):
    # given
    monkeypatch.delenv(BUCKET_ENV, raising=False)
    # when / then
    with pytest.raises(RuntimeError, match=BUCKET_ENV):
        event_body('{"claim_check": {"key": "evt-1"}}', read=lambda b, k: b"")
