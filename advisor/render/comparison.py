"""Assessments compared in words: answers side by side as the questionnaire says them,
reasons, line items and the components one design has and the other has not.

Pure (no Django): the compare page and the API's compare read it; the words come from
advisor/render/questions.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.engine import catalog
from advisor.engine.costs.registry import display_name
from advisor.engine.numbers import format_usd
from advisor.engine.results import ArchitectureModel, CostLine, RuleHit
from advisor.engine.workload import Workload
from advisor.render.questions import CHOICE_LABELS, FIELD_TEXTS

NOT_GIVEN = "—"
# Fields whose numbers are choices with words of their own ("1 year").
_NUMBER_CHOICES = frozenset({"commitment_years"})


def answer_text(name: str, value: Any) -> str:
    """An answer as a person reads it: "Yes", "HTTP requests, File uploads", "1 year"."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _NUMBER_CHOICES:
        return CHOICE_LABELS.get(str(value), str(value))
    if isinstance(value, Mapping):
        return _assumptions_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(answer_text(name, item) for item in value) or "None"
    if isinstance(value, float | int):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"
    return CHOICE_LABELS.get(str(value), str(value))


def _assumptions_text(overrides: Mapping[str, Any]) -> str:
    if not overrides:
        return "None overridden"
    described = catalog().assumptions
    return "; ".join(
        f"{described.get(name, name.replace('_', ' ')).capitalize()}: {answer_text('', value)}"
        for name, value in sorted(overrides.items())
    )


@dataclass(frozen=True)
class SideBySide:
    """One row of the comparison: what it is, and each side's words (— when absent)."""

    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


def reason_rows(left: Iterable[RuleHit], right: Iterable[RuleHit]) -> list[SideBySide]:
    """Each reason either verdict gives, matched by rule: a rule that holds on one side
    only shows which side it decides."""
    left_by_rule = {hit.rule: hit for hit in left}
    right_by_rule = {hit.rule: hit for hit in right}
    rules = list(dict.fromkeys([*left_by_rule, *right_by_rule]))
    rows = []
    for rule in rules:
        either = left_by_rule.get(rule) or right_by_rule[rule]
        rows.append(
            SideBySide(
                either.effect.value.capitalize(),
                left_by_rule[rule].message if rule in left_by_rule else NOT_GIVEN,
                right_by_rule[rule].message if rule in right_by_rule else NOT_GIVEN,
            )
        )
    return rows


def line_item_rows(left: Iterable[CostLine], right: Iterable[CostLine]) -> list[SideBySide]:
    """Line items by service and item, each side's monthly amount."""

    def by_line(lines: Iterable[CostLine]) -> dict[str, float]:
        totals: dict[str, float] = {}
        for line in lines:
            key = f"{display_name(line.service)}: {line.item}"
            totals[key] = totals.get(key, 0.0) + line.monthly_usd
        return totals

    left_lines, right_lines = by_line(left), by_line(right)
    return [
        SideBySide(
            key,
            format_usd(left_lines[key]) if key in left_lines else NOT_GIVEN,
            format_usd(right_lines[key]) if key in right_lines else NOT_GIVEN,
        )
        for key in dict.fromkeys([*left_lines, *right_lines])
    ]


@dataclass(frozen=True)
class DesignDifference:
    only_left: tuple[str, ...]  # component labels
    only_right: tuple[str, ...]
    shared: int


def design_difference(left: ArchitectureModel, right: ArchitectureModel) -> DesignDifference:
    """The components one design has and the other has not (matched by stable id)."""
    left_ids = {c.id: c.label for c in left.components}
    right_ids = {c.id: c.label for c in right.components}
    return DesignDifference(
        tuple(label for cid, label in left_ids.items() if cid not in right_ids),
        tuple(label for cid, label in right_ids.items() if cid not in left_ids),
        len(left_ids.keys() & right_ids.keys()),
    )


# Compare rows read as the questionnaire does: its label and unit, then the field's name.
ANSWER_LABELS: dict[str, tuple[str, str]] = {
    name: (text.label, text.unit) for name, text in FIELD_TEXTS.items()
} | {"assumptions": ("Cost assumptions overridden", "")}


@dataclass(frozen=True)
class ComparedAnswer:
    """One answer of several workloads, in the order they were given."""

    name: str
    values: tuple[Any, ...]
    label: str
    unit: str

    @property
    def differs(self) -> bool:
        return any(value != self.values[0] for value in self.values[1:])


def compared_answers(
    workloads: Sequence[Workload], *, labels: Mapping[str, tuple[str, str]] = ANSWER_LABELS
) -> list[ComparedAnswer]:
    """Every answer of `workloads` side by side; `labels` maps a field to (label, unit)."""
    answers = [workload.as_dict() for workload in workloads]
    return [
        ComparedAnswer(name, tuple(a[name] for a in answers), *labels.get(name, (name, "")))
        for name in answers[0]
    ]


@dataclass(frozen=True)
class ComparedInput:
    name: str
    left: Any
    right: Any
    label: str = ""  # what a person reads; the field name when none is given
    unit: str = ""

    @property
    def differs(self) -> bool:
        return self.left != self.right


def compared_inputs(
    left: Workload, right: Workload, *, labels: Mapping[str, tuple[str, str]] | None = None
) -> list[ComparedInput]:
    """Every answer of two workloads side by side; `labels` maps a field to (label, unit)."""
    rows = compared_answers((left, right), labels=labels or {})
    return [ComparedInput(row.name, *row.values, row.label, row.unit) for row in rows]
