"""The README documents what a user can set: every questionnaire field and assumption."""

from __future__ import annotations

from pathlib import Path

from advisor.engine.costs import pricing_catalog
from advisor.forms import WorkloadForm

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_it_documents_every_questionnaire_field():
    # given / when
    missing = [name for name in WorkloadForm.base_fields if f"| `{name}` |" not in README]

    # then
    assert missing == []


def test_it_documents_every_cost_assumption_with_its_default():
    # given / when
    missing = [
        name
        for name, spec in pricing_catalog().assumptions.items()
        if f"| `{name}` | {spec.default:g} |" not in README
    ]

    # then
    assert missing == []
