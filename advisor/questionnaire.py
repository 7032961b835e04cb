"""Questionnaire answers from files (YAML or JSON) and dicts, validated by the one form."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from advisor.engine.workload import Workload
from advisor.errors import UserMessageError
from advisor.forms import WorkloadForm, form_errors_as_dict
from advisor.input_limits import json_load_bounded, read_bounded, yaml_load_bounded


class InvalidAnswersError(UserMessageError):
    """The answers failed validation; `field_errors` maps each field to its messages."""

    def __init__(self, field_errors: dict[str, list[str]]) -> None:
        self.field_errors = field_errors
        lines = [
            f"{'questionnaire' if field == '__all__' else field}: {message}"
            for field, messages in field_errors.items()
            for message in messages
        ]
        super().__init__("The questionnaire has errors:\n  " + "\n  ".join(lines))


def workload_from_answers(answers: Any) -> Workload:
    """Validate answers (a mapping of contract field names) into a Workload."""
    if not isinstance(answers, Mapping):
        raise InvalidAnswersError(
            {"__all__": ["The questionnaire must be a mapping of field names to answers."]}
        )
    form = WorkloadForm(data=dict(answers), reject_unknown=True)
    if not form.is_valid():
        raise InvalidAnswersError(form_errors_as_dict(form))
    return form.workload()


def workload_from_stored_answers(answers: Any) -> Workload:
    """`workload_from_answers` for answers kept as JSON (a revision's, or a save's about to
    be kept), remembered by their JSON text: saving, then showing the result page and its
    pictures, validate the same answers once per process instead of at each step (the form
    deep-copies its 30 fields and cleans each). Answers JSON cannot hold are validated as
    they are."""
    try:
        text = json.dumps(answers, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return workload_from_answers(answers)
    return _workload_from_json(text)


@functools.lru_cache(maxsize=512)
def _workload_from_json(answers_json: str) -> Workload:
    # Workloads are immutable; answers that fail raise, and a raise is not cached.
    return workload_from_answers(json.loads(answers_json))


def read_answers_file(path: Path) -> Any:
    """Parse a questionnaire file: JSON for *.json, YAML (a superset of JSON) otherwise.
    Read up to the size limit whatever the file is (a device or a pipe reports size 0)."""
    try:
        with path.open("rb") as stream:
            text = read_bounded(stream, source=str(path))
    except FileNotFoundError:
        raise UserMessageError(f"{path}: no such file.") from None
    except OSError as exc:
        raise UserMessageError(f"{path}: cannot read it ({exc}).") from None
    return parse_answers_text(text, source=str(path), as_json=path.suffix.lower() == ".json")


def read_answers_stream(stream: IO[Any], *, source: str) -> Any:
    """Parse a questionnaire from standard input (YAML, which also reads JSON)."""
    return parse_answers_text(read_bounded(stream, source=source), source=source)


def parse_answers_text(text: str, *, source: str, as_json: bool = False) -> Any:
    """Parse questionnaire text: JSON when asked, otherwise YAML (which also reads JSON),
    each within the depth and expansion limits of advisor/input_limits.py."""
    if as_json:
        return json_load_bounded(text, source=source)
    return yaml_load_bounded(text, source=source)


def workload_from_file(path: Path) -> Workload:
    return workload_from_answers(read_answers_file(path))
