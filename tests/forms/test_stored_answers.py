"""Saved answers are validated by the one form, once per process for the same answers."""

from __future__ import annotations

import pytest

from advisor import questionnaire
from advisor.questionnaire import (
    InvalidAnswersError,
    workload_from_answers,
    workload_from_stored_answers,
)
from tests.conftest import preset_answers


@pytest.fixture
def forms_built(monkeypatch) -> list[dict]:
    """The answers each validation through the form was given."""
    seen: list[dict] = []
    real = questionnaire.workload_from_answers
    monkeypatch.setattr(
        questionnaire,
        "workload_from_answers",
        lambda answers: seen.append(answers) or real(answers),
    )
    questionnaire._workload_from_json.cache_clear()
    return seen


def test_the_same_saved_answers_are_validated_once(forms_built):
    # given: the answers of a save, then the same answers read back from the database
    saved = workload_from_answers(preset_answers("real-time-chat")).as_dict()
    read_back = {key: saved[key] for key in reversed(list(saved))}

    # when
    first = workload_from_stored_answers(saved)
    again = workload_from_stored_answers(read_back)

    # then
    assert first == again == workload_from_answers(preset_answers("real-time-chat"))
    assert len(forms_built) == 1


def test_answers_that_fail_are_refused_every_time(forms_built):
    bad = preset_answers("real-time-chat") | {"avg_rps": -1}

    for _ in range(2):
        with pytest.raises(InvalidAnswersError, match="avg_rps"):
            workload_from_stored_answers(bad)
    assert len(forms_built) == 2


def test_answers_json_cannot_hold_are_validated_as_they_are(forms_built):
    odd = preset_answers("real-time-chat") | {"avg_rps": float("nan")}

    with pytest.raises(InvalidAnswersError, match="avg_rps"):
        workload_from_stored_answers(odd)
    assert forms_built == [odd]
