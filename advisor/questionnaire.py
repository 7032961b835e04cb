"""Questionnaire answers from files (YAML or JSON) and dicts, validated by the one form."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from advisor.engine.workload import Workload
from advisor.errors import UserMessageError
from advisor.forms import WorkloadForm, form_errors_as_dict

# A questionnaire is a few hundred bytes; anything this large is not one.
MAX_FILE_BYTES = 1_000_000


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


def read_answers_file(path: Path) -> Any:
    """Parse a questionnaire file: JSON for *.json, YAML (a superset of JSON) otherwise."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserMessageError(f"{path}: too large for a questionnaire (over 1 MB).")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserMessageError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserMessageError(f"{path}: cannot read it ({exc}).") from None
    return parse_answers_text(text, source=str(path), as_json=path.suffix.lower() == ".json")


def parse_answers_text(text: str, *, source: str, as_json: bool = False) -> Any:
    """Parse questionnaire text: JSON when asked, otherwise YAML (which also reads JSON)."""
    try:
        return json.loads(text) if as_json else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise UserMessageError(f"{source}: not valid JSON: {exc}.") from None
    except yaml.YAMLError as exc:
        raise UserMessageError(f"{source}: not valid YAML: {exc}") from None


def workload_from_file(path: Path) -> Workload:
    return workload_from_answers(read_answers_file(path))
