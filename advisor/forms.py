"""The ONE questionnaire form: every entry point (web, CLI files, JSON API) validates through it.

Field names are the contract the README documents; the form turns answers into a frozen `Workload`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from advisor.engine import catalog
from advisor.engine.costs.catalog import DEFAULT_REGION
from advisor.engine.workload import (
    SECONDS_PER_MONTH,
    Architecture,
    Auth,
    Connections,
    DataStore,
    Runtime,
    TrafficPattern,
    Trigger,
    Workflow,
    Workload,
)
from advisor.input_limits import ANSWER_MAXIMA
from advisor.render.questions import FIELD_TEXTS

# Answers that may be left out, and what they become (documented in the README).
DEFAULTS: dict[str, Any] = {
    "traffic_pattern": TrafficPattern.STEADY.value,
    "p95_latency_ms": 1000,
    "cold_start_sensitive": False,
    "runtime": Runtime.PYTHON.value,
    "memory_mb": 512,
    "cpu_bound": False,
    "gpu_required": False,
    "persistent_connections": Connections.NONE.value,
    "data_store": DataStore.NONE.value,
    "triggers": [Trigger.HTTP.value],
    "workflow": Workflow.NONE.value,
    "payload_kb": 4.0,
    "sensitive_data": False,
    "auth": Auth.PUBLIC.value,
    "region": DEFAULT_REGION,
    "architecture": Architecture.X86_64.value,
    "include_free_tier": False,
    "workflow_share": 1.0,
    # Every request an upload, as priced before the share was asked (see Workload).
    "upload_share": 1.0,
    # One consumer per published event, as priced before the count was asked.
    "event_consumers": 1,
    "commitment_years": 1,
}
# peak_rps defaults to avg_rps, max_duration_s to avg_duration_ms, monthly_budget_usd to
# "no ceiling"; those depend on other answers, so `clean()` fills them. Left empty,
# concurrent_connections is estimated by the cost model (which says so),
# connection_minutes_avg is half an hour but never longer than a stream's longest run, and
# avg_response_kb is the payload when a caller waits for an answer (an upload's caller gets
# its key), else nothing.
DERIVED_DEFAULTS = (
    "peak_rps",
    "max_duration_s",
    "monthly_budget_usd",
    "concurrent_connections",
    "connection_minutes_avg",
    "avg_response_kb",
)
COMMITMENT_YEARS = (0, 1, 3)  # what Savings Plans and Reserved Instances are sold for
# An assumption older answers may carry that is now a question of its own: its value
# moves to the field when the field is not answered.
_ASSUMPTIONS_NOW_FIELDS = {"workflow_executions_per_request": "workflow_share"}
# Assumptions an earlier release took and this one no longer uses: an override of one in a
# saved assessment is dropped, so the assessment still opens (the budget no longer raises
# the cost gap that decides: a budget nobody is near must not move the verdict).
_RETIRED_ASSUMPTIONS = frozenset({"material_budget_share"})

# 64.139 s x 1000 is 64138.99999... in binary floating point: equal answers must pass.
ROUNDING_SLACK = 1 - 1e-9

# The largest number an answer or an assumption may be: far beyond any real workload (a
# billion requests a second, a 30-year run, a terabyte payload), and small enough that the
# cost arithmetic cannot overflow (1e308 requests a second did: found by tests/fuzz).
MAX_ANSWER = 10**9

_TRUE_WORDS = {"true", "yes", "on", "1"}
_FALSE_WORDS = {"false", "no", "off", "0", ""}


def _refuse_huge_integer(value: Any, *, what: str = "This number") -> None:
    """JSON and YAML integers have any number of digits, and float() of one past 10**308
    raises OverflowError: compare it as an int, before it is ever converted."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ANSWER:
        # Not str(value): past 4,300 digits Python refuses to convert it.
        raise ValidationError(
            f"{what} has more digits than any answer needs (at most {MAX_ANSWER:,}).",
            code="max_value",
        )


# Unknown keys named in the one message about them: thousands in a 100 kB body once made a
# 600-character message each (3.8 MB of errors); a key itself may be 100 kB long.
MAX_UNKNOWN_KEYS_NAMED = 10
MAX_KEY_CHARS_SHOWN = 40


def _unknown_fields_message(unknown: list[Any], fields: list[str]) -> str:
    named = [repr(str(key)[:MAX_KEY_CHARS_SHOWN]) for key in unknown[:MAX_UNKNOWN_KEYS_NAMED]]
    more = len(unknown) - len(named)
    which = f"field {named[0]}" if len(unknown) == 1 else f"fields {', '.join(named)}"
    rest = f" (and {more:,} more)" if more else ""
    return f"Unknown {which}{rest}. The questionnaire's fields are: {', '.join(fields)}."


def _peak_error(avg_rps: float, peak_rps: float) -> str | None:
    """Why a peak cannot go with this average, or None when it can.

    A sustained peak lasts at least a second; spread over a month that second alone
    averages peak / SECONDS_PER_MONTH. A lower average is a contradiction, and one near
    zero (1e-300) sent the break-even search's peak-to-average ratio to infinity."""
    least_avg_rps = peak_rps / SECONDS_PER_MONTH
    if peak_rps <= 0 or avg_rps >= least_avg_rps:
        return None
    return (
        f"A peak of {peak_rps:g} req/s held for even one second a month averages at least "
        f"{least_avg_rps:.2g} req/s, above the average given ({avg_rps:g} req/s): raise the "
        "average or lower the peak."
    )


def _choices(enum: type[Any]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum]


class StrictBooleanField(forms.Field):
    """A yes/no answer that refuses anything else (Django's BooleanField takes "maybe" as True)."""

    def to_python(self, value: Any) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
            return value.strip().lower() in _TRUE_WORDS
        raise ValidationError("Answer true or false.", code="invalid")

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


# A number as a person types it: digits, one point, an exponent. Not Python's float()
# syntax ("1_000", "nan", "infinity") and not Django's, which drops commas as thousands
# separators and so read "1,5" as 15.
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# A decimal comma is refused rather than guessed: "1,500" is 1500 to some and 1.5 to others.
COMMA_MESSAGE = (
    "Write decimals with a point and no thousands separators: 1.5, not 1,5; 1500, not 1,500."
)


def _number_from_text(text: str, messages: Mapping[str, str]) -> float | None:
    text = text.strip()
    if not text:
        return None
    if _NUMBER_TEXT.fullmatch(text):
        return float(text)
    if "," in text and _NUMBER_TEXT.fullmatch(text.replace(",", "")):
        raise ValidationError(COMMA_MESSAGE, code="comma")
    raise ValidationError(messages["invalid"], code="invalid")


class StrictFloatField(forms.FloatField):
    """A number that must be finite and must not be a yes/no answer in disguise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", MAX_ANSWER)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        _refuse_huge_integer(value)
        if isinstance(value, str):
            value = _number_from_text(value, self.error_messages)
        number = super().to_python(value)
        if number is not None and not math.isfinite(number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class StrictCharField(forms.CharField):
    """Text that must be text: a list or a number in a file or JSON body is not a name."""

    def to_python(self, value: Any) -> str:
        if value is not None and not isinstance(value, str):
            raise ValidationError("Enter text.", code="invalid")
        return super().to_python(value)


class StrictIntegerField(forms.IntegerField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", MAX_ANSWER)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str):
            value = _number_from_text(value, self.error_messages)
            if value is not None and math.isfinite(value) and abs(value) <= MAX_ANSWER:
                value = int(value) if value.is_integer() else value
        if isinstance(value, float) and not value.is_integer():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _amount(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:g}"


def _number_messages(
    name: str, *, whole: bool, min_value: float, maximum: float, why: str
) -> dict[str, str]:
    """Django's defaults ("Ensure this value is greater than or equal to 0.001") in the
    questionnaire's own words, naming the field, its unit and the limit."""
    text = FIELD_TEXTS[name]
    what = text.label[0].lower() + text.label[1:]
    unit = f" {text.unit}" if text.unit and not text.unit[0].isdigit() else ""
    example = "512" if whole else "0.2 or 1500"
    kind = "a whole number" if whole else "a number"
    return {
        "required": f"Enter the {what}{f' ({text.unit})' if text.unit else ''}.",
        "invalid": f"Enter the {what} as {kind}{f' of{unit}' if unit else ''}, such as {example}.",
        "min_value": f"The {what} cannot be negative."
        if min_value == 0
        else f"The {what} must be at least {_amount(min_value)}{unit}.",
        "max_value": f"The {what} can be at most {_amount(maximum)}{unit} ({why}).",
    }


def _number(
    name: str, *, min_value: float, whole: bool = False, required: bool = False
) -> forms.Field:
    """A numeric answer with its limits and its messages in plain words."""
    maximum, why = ANSWER_MAXIMA.get(name, (MAX_ANSWER, "far beyond any real workload"))
    field_class = StrictIntegerField if whole else StrictFloatField
    messages = _number_messages(name, whole=whole, min_value=min_value, maximum=maximum, why=why)
    return field_class(
        min_value=min_value, max_value=maximum, required=required, error_messages=messages
    )


class TriggersField(forms.MultipleChoiceField):
    """A list of triggers; a file may also give one trigger or a comma-separated string."""

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if value is not None and not isinstance(value, list | tuple):
            raise ValidationError("Give a list of triggers.", code="invalid_list")
        if value and not all(isinstance(item, str) for item in value):
            raise ValidationError("Each trigger must be a word such as http.", code="invalid")
        return super().to_python(value)


class AssumptionsField(forms.Field):
    """Overrides of the cost model's assumptions: {name: number}."""

    def to_python(self, value: Any) -> dict[str, float]:
        if value in (None, "", {}):
            return {}
        if not isinstance(value, Mapping):
            raise ValidationError("Give assumptions as name: number pairs.", code="invalid")
        known = catalog().assumptions
        overrides: dict[str, float] = {}
        for name, number in value.items():
            if name in _RETIRED_ASSUMPTIONS:
                continue
            if name not in known and name not in _ASSUMPTIONS_NOW_FIELDS:
                raise ValidationError(
                    f"Unknown assumption {name!r}. Known: {', '.join(sorted(known))}.",
                    code="unknown",
                )
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise ValidationError(f"Assumption {name!r} must be a number.", code="invalid")
            _refuse_huge_integer(number, what=f"Assumption {name!r}")
            if not math.isfinite(number) or number < 0:
                raise ValidationError(f"Assumption {name!r} must be ≥ 0.", code="invalid")
            if number > MAX_ANSWER:
                raise ValidationError(
                    f"Assumption {name!r} must be at most {MAX_ANSWER:,}.", code="invalid"
                )
            overrides[str(name)] = float(number)
        return overrides


class CommitmentField(forms.TypedChoiceField):
    """0, 1 or 3 years; files and the API may give the number or its text."""

    def __init__(self, **kwargs: Any) -> None:
        choices = [(str(years), str(years)) for years in COMMITMENT_YEARS]
        messages = {"invalid_choice": "Answer 0, 1 or 3 (years)."}
        super().__init__(
            choices=choices, coerce=int, empty_value=None, error_messages=messages, **kwargs
        )

    def to_python(self, value: Any) -> str:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValidationError("Answer 0, 1 or 3 (years).", code="invalid_choice")
        if isinstance(value, float):
            value = int(value)
        return super().to_python(value)


def _choice_messages(choices: Any) -> dict[str, str]:
    """Django's "Select a valid choice. X is not one of the available choices." in plain
    words; the choices are listed because files and the API have no drop-down to show them."""
    values = ", ".join(value for value, _label in choices)
    return {"invalid_choice": f"“%(value)s” is not one of the answers: {values}."}


def _choice(choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, required=False, error_messages=_choice_messages(choices)
    )


class WorkloadForm(forms.Form):
    """The workload questionnaire. `reject_unknown=True` (files, API) refuses unknown keys."""

    name = StrictCharField(
        max_length=120,
        strip=True,
        error_messages={
            "required": "Give the workload a name.",
            "max_length": "Keep the name to %(limit_value)d characters (it has %(show_value)d).",
        },
    )
    avg_rps = _number("avg_rps", min_value=0, required=True)
    peak_rps = _number("peak_rps", min_value=0)
    traffic_pattern = _choice(_choices(TrafficPattern))
    p95_latency_ms = _number("p95_latency_ms", min_value=1, whole=True)
    cold_start_sensitive = StrictBooleanField(required=False)
    runtime = _choice(_choices(Runtime))
    avg_duration_ms = _number("avg_duration_ms", min_value=0.001, required=True)
    max_duration_s = _number("max_duration_s", min_value=0.001)
    memory_mb = _number("memory_mb", min_value=128, whole=True)
    cpu_bound = StrictBooleanField(required=False)
    gpu_required = StrictBooleanField(required=False)
    persistent_connections = _choice(_choices(Connections))
    data_store = _choice(_choices(DataStore))
    triggers = TriggersField(
        choices=_choices(Trigger),
        required=False,
        error_messages=_choice_messages(_choices(Trigger)),
    )
    workflow = _choice(_choices(Workflow))
    payload_kb = _number("payload_kb", min_value=0)
    sensitive_data = StrictBooleanField(required=False)
    auth = _choice(_choices(Auth))
    monthly_budget_usd = _number("monthly_budget_usd", min_value=0)
    region = _choice(())
    architecture = _choice(_choices(Architecture))
    include_free_tier = StrictBooleanField(required=False)
    concurrent_connections = _number("concurrent_connections", min_value=0, whole=True)
    connection_minutes_avg = _number("connection_minutes_avg", min_value=0.01)
    workflow_share = _number("workflow_share", min_value=0)
    upload_share = _number("upload_share", min_value=0)
    event_consumers = _number("event_consumers", min_value=1, whole=True)
    avg_response_kb = _number("avg_response_kb", min_value=0)
    commitment_years = CommitmentField(required=False)
    assumptions = AssumptionsField(required=False)

    def __init__(self, *args: Any, reject_unknown: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reject_unknown = reject_unknown
        regions = [(r, r) for r in catalog().regions]
        self.fields["region"].choices = regions
        self.fields["region"].error_messages.update(_choice_messages(regions))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.reject_unknown and self.data:
            self._reject_unknown_keys()
        for name, default in DEFAULTS.items():
            if name in cleaned and cleaned[name] in (None, "", []):
                cleaned[name] = default
        self._move_legacy_assumptions(cleaned)
        self._fill_derived_defaults(cleaned)
        self._check_peak_against_average(cleaned)
        return cleaned

    def _check_peak_against_average(self, cleaned: dict[str, Any]) -> None:
        avg_rps, peak_rps = cleaned.get("avg_rps"), cleaned.get("peak_rps")
        if avg_rps is None or peak_rps is None or "peak_rps" in self.errors:
            return
        error = _peak_error(avg_rps, peak_rps)
        if error:
            self.add_error("peak_rps", error)

    def _move_legacy_assumptions(self, cleaned: dict[str, Any]) -> None:
        overrides = cleaned.get("assumptions")
        if not isinstance(overrides, dict):
            return
        for assumption, field in _ASSUMPTIONS_NOW_FIELDS.items():
            value = overrides.pop(assumption, None)
            answered = self.data.get(field) not in (None, "") if self.data else False
            if value is not None and not answered:
                cleaned[field] = min(value, 1.0)

    def _reject_unknown_keys(self) -> None:
        unknown = [key for key in self.data if key not in self.fields]
        if unknown:
            self.add_error(None, _unknown_fields_message(unknown, list(self.fields)))

    def _fill_derived_defaults(self, cleaned: dict[str, Any]) -> None:
        avg_rps, peak_rps = cleaned.get("avg_rps"), cleaned.get("peak_rps")
        if avg_rps is not None and peak_rps is None and "peak_rps" not in self.errors:
            cleaned["peak_rps"] = avg_rps
        elif avg_rps is not None and peak_rps is not None and peak_rps < avg_rps:
            self.add_error(
                "peak_rps",
                f"Peak ({peak_rps:g} req/s) must be at least the average ({avg_rps:g} req/s).",
            )
        avg_ms = cleaned.get("avg_duration_ms")
        if avg_ms is not None and cleaned.get("max_duration_s") is None:
            if "max_duration_s" not in self.errors:
                # Never below the field's own minimum: a sub-millisecond average would
                # otherwise save a default that the form refuses when the answers are read
                # back (the saved assessment could no longer be opened).
                floor_s = self.fields["max_duration_s"].min_value
                cleaned["max_duration_s"] = max(avg_ms / 1000, floor_s)
        elif avg_ms is not None and cleaned["max_duration_s"] * 1000 < avg_ms * ROUNDING_SLACK:
            self.add_error(
                "max_duration_s",
                f"The longest run ({cleaned['max_duration_s']:g} s) cannot be shorter than the "
                f"average run ({avg_ms:g} ms).",
            )

    def workload(self) -> Workload:
        """The validated answers as the engine's dataclass; call after `is_valid()`."""
        if not self.is_valid():
            raise ValueError("the form has errors; read form.errors")
        data = self.cleaned_data
        return Workload(
            name=data["name"],
            avg_rps=data["avg_rps"],
            peak_rps=data["peak_rps"],
            traffic_pattern=TrafficPattern(data["traffic_pattern"]),
            p95_latency_ms=data["p95_latency_ms"],
            cold_start_sensitive=data["cold_start_sensitive"],
            runtime=Runtime(data["runtime"]),
            avg_duration_ms=data["avg_duration_ms"],
            max_duration_s=data["max_duration_s"],
            memory_mb=data["memory_mb"],
            cpu_bound=data["cpu_bound"],
            gpu_required=data["gpu_required"],
            persistent_connections=Connections(data["persistent_connections"]),
            data_store=DataStore(data["data_store"]),
            triggers=tuple(Trigger(t) for t in dict.fromkeys(data["triggers"])),
            workflow=Workflow(data["workflow"]),
            payload_kb=data["payload_kb"],
            sensitive_data=data["sensitive_data"],
            auth=Auth(data["auth"]),
            monthly_budget_usd=data["monthly_budget_usd"],
            region=data["region"],
            architecture=Architecture(data["architecture"]),
            include_free_tier=data["include_free_tier"],
            assumptions=tuple(sorted(data["assumptions"].items())),
            concurrent_connections=data["concurrent_connections"],
            connection_minutes_avg=data["connection_minutes_avg"],
            workflow_share=data["workflow_share"],
            upload_share=data["upload_share"],
            event_consumers=data["event_consumers"],
            avg_response_kb=data["avg_response_kb"],
            commitment_years=data["commitment_years"],
        )


def form_errors_as_dict(form: forms.Form) -> dict[str, list[str]]:
    """{field: [messages]} with "__all__" for errors about the whole questionnaire."""
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}
