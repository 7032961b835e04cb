"""How the one questionnaire form reads on a page: its rows (the words come from
advisor/render/questions.py), and how a browser's POST becomes the answers the form takes.

The fields themselves (names, types, limits, defaults) come from `advisor.forms.WorkloadForm`;
this module only adds the words a person reads. The pages, the JSON API's schema, the
compare page and the PDF report all use them, so an answer reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from advisor.engine import catalog
from advisor.forms import DEFAULTS, WorkloadForm
from advisor.render.questions import CHOICE_LABELS, FIELD_TEXTS, SECTIONS, Section

ASSUMPTION_PREFIX = "assumptions."
_CHECKED_WORDS = {"true", "on", "yes", "1"}


@dataclass(frozen=True)
class FieldRow:
    """Everything a template needs to draw one field, its errors and its help."""

    name: str
    label: str
    unit: str
    help: str
    kind: str  # "text", "number", "select", "checkbox", "checkboxes"
    value: Any
    choices: tuple[tuple[str, str], ...]
    errors: tuple[str, ...]
    required: bool
    placeholder: str
    # Numbers are typed into text inputs (inputmode gives phones a number pad): a number
    # input blocked saving 0.2 with step="1", turned "1,5" into nothing or 15 depending on
    # the browser, and sent "" for "ee". The form reads the text and says what is wrong.
    step: str


@dataclass(frozen=True)
class AssumptionRow:
    name: str
    input_name: str
    description: str
    value: str


def _kind(field: forms.Field) -> str:
    if isinstance(field, forms.MultipleChoiceField):
        return "checkboxes"
    if isinstance(field, forms.ChoiceField):
        return "select"
    if isinstance(field, forms.IntegerField | forms.FloatField):
        return "number"
    if isinstance(field, forms.CharField):
        return "text"
    return "checkbox"


def _display(value: Any) -> Any:
    """What an input shows: 25.0 as "25", None as ""; lists (checkboxes) stay lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, list | tuple) else str(value)


def _value(form: WorkloadForm, name: str) -> Any:
    raw = form[name].value() if form.is_bound else form.initial.get(name, DEFAULTS.get(name))
    if _kind(form.fields[name]) == "checkbox":
        return raw is True or str(raw).strip().lower() in _CHECKED_WORDS
    if _kind(form.fields[name]) == "checkboxes":
        return [str(v) for v in (raw or [])]
    return _display(raw)


def field_row(form: WorkloadForm, name: str) -> FieldRow:
    field, text = form.fields[name], FIELD_TEXTS[name]
    default = DEFAULTS.get(name)
    return FieldRow(
        name=name,
        label=text.label,
        unit=text.unit,
        help=text.help,
        kind=_kind(field),
        value=_value(form, name),
        choices=tuple((v, CHOICE_LABELS.get(v, v)) for v, _ in getattr(field, "choices", ())),
        errors=tuple(str(e) for e in form.errors.get(name, ())) if form.is_bound else (),
        required=field.required,
        placeholder="" if default is None or isinstance(default, bool | list) else str(default),
        step="1" if isinstance(field, forms.IntegerField) else "any",
    )


def sections(form: WorkloadForm) -> list[tuple[Section, list[FieldRow]]]:
    return [(s, [field_row(form, f.name) for f in s.fields]) for s in SECTIONS]


@dataclass(frozen=True)
class FieldErrors:
    """One field's error slot: what the live panel sends for every field at each pause,
    without the rest of a FieldRow (its label, help, value and choices)."""

    name: str
    errors: tuple[str, ...]


def error_slots(form: WorkloadForm, first: str) -> list[FieldErrors]:
    """Each field's errors in page order, the `first` field (the name, above the sections)
    first."""
    names = [first] + [f.name for s in SECTIONS for f in s.fields if f.name != first]
    found = form.errors if form.is_bound else {}
    return [FieldErrors(name, tuple(str(e) for e in found.get(name, ()))) for name in names]


def assumption_rows(form: WorkloadForm) -> list[AssumptionRow]:
    given = form.data.get("assumptions") if form.is_bound else None
    given = given if isinstance(given, Mapping) else {}
    return [
        AssumptionRow(name, f"{ASSUMPTION_PREFIX}{name}", description, _display(given.get(name)))
        for name, description in sorted(catalog().assumptions.items())
    ]


def form_data(post: Any) -> dict[str, Any]:
    """A browser's POST (a QueryDict) in the shape the one form reads from files and the API:
    triggers as a list, assumptions as {name: number}. Empty answers are left out."""
    data: dict[str, Any] = {}
    for name in WorkloadForm.base_fields:
        if name == "triggers":
            data[name] = post.getlist(name)
        elif name != "assumptions" and post.get(name, "").strip() != "":
            data[name] = post.get(name).strip()
    overrides = {
        key.removeprefix(ASSUMPTION_PREFIX): _number_or_text(value)
        for key, value in post.items()
        if key.startswith(ASSUMPTION_PREFIX) and value.strip()
    }
    if overrides:
        data["assumptions"] = overrides
    return data


def _number_or_text(value: str) -> float | str:
    # Left as text when it is not a number, so the form names the bad assumption.
    try:
        return float(value)
    except ValueError:
        return value.strip()
