"""The questionnaire in the API: its JSON Schema, the body reader, and POST /assess.

The request body is validated by the ONE questionnaire form, and its OpenAPI schema is
derived from that form's fields, so the web, the CLI and the API share one contract
(saving and revising an assessment read the same body: advisor/api/assessments.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Router, Status

from advisor.api.schemas import ErrorsOut
from advisor.engine import catalog
from advisor.engine.serialize import assessment_as_dict
from advisor.forms import (
    COMMITMENT_YEARS,
    DEFAULTS,
    AssumptionsField,
    CommitmentField,
    StrictBooleanField,
    WorkloadForm,
)
from advisor.input_limits import InputLimitError, json_load_bounded
from advisor.questionnaire import InvalidAnswersError, read_answers_file, workload_from_answers
from advisor.render.questions import FIELD_TEXTS
from advisor.selectors import PRESETS_DIR, assessment_evaluate

MAX_BODY_BYTES = 100_000  # a questionnaire is a few hundred bytes
TEXT_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


def _field_schema(name: str, field: forms.Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if isinstance(field, forms.MultipleChoiceField):
        schema = {"type": "array", "items": {"enum": [v for v, _ in field.choices]}}
    elif isinstance(field, CommitmentField):
        schema = {"type": "integer", "enum": list(COMMITMENT_YEARS)}
    elif isinstance(field, forms.ChoiceField):
        values = list(catalog().regions) if name == "region" else [v for v, _ in field.choices]
        schema = {"type": "string", "enum": values}
    elif isinstance(field, forms.IntegerField):
        # Django's FloatField is a subclass of IntegerField: ask for it first.
        schema = {"type": "number" if isinstance(field, forms.FloatField) else "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    elif isinstance(field, StrictBooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, AssumptionsField):
        names = sorted(catalog().assumptions)
        schema = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                n: {"type": "number", "minimum": 0, "description": catalog().assumptions[n]}
                for n in names
            },
        }
    else:
        schema = {"type": "string", "maxLength": getattr(field, "max_length", None) or 120}
        if field.required:
            # The form strips spaces and refuses NUL characters: a required text needs one
            # visible character.
            schema |= {"minLength": 1, "pattern": TEXT_PATTERN}
    return schema | _describe(name)


def _describe(name: str) -> dict[str, Any]:
    text = FIELD_TEXTS.get(name)
    described: dict[str, Any] = {}
    if text:
        unit = f" ({text.unit})" if text.unit else ""
        described["description"] = f"{text.label}{unit}. {text.help}"
    elif name == "assumptions":
        described["description"] = "Overrides of the cost model's assumptions, {name: number}."
    if name in DEFAULTS:
        described["default"] = DEFAULTS[name]
    return described


def workload_json_schema() -> dict[str, Any]:
    """The questionnaire as JSON Schema, from WorkloadForm's own fields."""
    fields = WorkloadForm.base_fields
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, field in fields.items() if field.required],
        "properties": {
            name: _field_schema(name, field) if field.required else _nullable(name, field)
            for name, field in fields.items()
        },
    }


def preset_examples() -> dict[str, Any]:
    """The presets as named request examples: the reference page offers them for "Try it out".
    Read as files, not evaluated: this runs when the module is imported."""
    examples = {}
    for path in sorted(PRESETS_DIR.glob("*.yaml")):
        answers = read_answers_file(path)
        examples[path.stem] = {"summary": answers["name"], "value": answers}
    return examples


def _nullable(name: str, field: forms.Field) -> dict[str, Any]:
    """An optional answer may also be null, which means "use the default"."""
    schema = _field_schema(name, field)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _body_too_large(request: HttpRequest) -> bool:
    try:
        return len(request.body) > MAX_BODY_BYTES
    except RequestDataTooBig:  # over Django's own limit (2.5 MB): refused before reading it
        return True


class BodyError(Exception):
    """A body that is not a questionnaire; `field_errors` as the form gives them."""

    def __init__(self, field_errors: dict[str, list[str]]) -> None:
        super().__init__(field_errors)
        self.field_errors = field_errors


def answers_from_body(request: HttpRequest) -> Any:
    """The JSON body as answers, bounded before it is parsed; BodyError otherwise. The form
    itself checks the answers (InvalidAnswersError) where they are used."""
    return json_body(request, what="a questionnaire")


def json_body(request: HttpRequest, *, what: str) -> Any:
    """Any JSON body of the API: at most 100 kB and 20 levels deep, else BodyError."""
    if _body_too_large(request):
        raise BodyError({"__all__": [f"The body is too large for {what} (over 100 kB)."]})
    try:
        answers = json_load_bounded(request.body, source="The body")
    except InputLimitError as exc:
        raise BodyError({"__all__": [str(exc)]}) from exc
    return answers  # not necessarily a mapping: the form says so in its own words


def questionnaire_body(description: str = "") -> dict[str, Any]:
    """The OpenAPI request body of every operation that takes a questionnaire."""
    body: dict[str, Any] = {
        "required": True,
        "content": {
            "application/json": {
                "schema": workload_json_schema(),
                "examples": preset_examples(),
            }
        },
    }
    if description:
        body["description"] = description
    return body


router = Router(tags=["Questionnaire"])


@router.post(
    "/assess",
    auth=None,
    response={200: dict[str, Any], 400: ErrorsOut},
    url_name="assess",
    operation_id="assess",
    summary="Assess a workload",
    description="The same object as `advise --format json`; 400 with field errors on bad input.",
    openapi_extra={"requestBody": questionnaire_body()},
)
def assess(request: HttpRequest) -> Any:
    try:
        workload = workload_from_answers(answers_from_body(request))
    except (BodyError, InvalidAnswersError) as exc:
        return Status(400, {"errors": exc.field_errors})
    return Status(200, assessment_as_dict(workload, assessment_evaluate(workload)))
