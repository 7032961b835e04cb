"""The README documents what a user can set: every questionnaire field and assumption, and
every call of the API."""

from __future__ import annotations

import re
from pathlib import Path

from advisor.api import api
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


def test_it_documents_every_api_call():
    """Each operation of the OpenAPI schema has a line of the README naming its method and
    its path (ids in capitals: `DELETE /assessments/ID`)."""
    schema = api.get_openapi_schema(path_prefix="")
    calls = [
        (method.upper(), re.sub(r"\{[^}]+\}", "[A-Z]+", path.removeprefix("/api/v1")))
        for path, item in schema["paths"].items()
        for method in item
    ]

    # when
    lines = README.splitlines()
    missing = [
        f"{method} {path}"
        for method, path in calls
        if not any(
            re.search(rf"\b{method}\b", line) and re.search(rf"{path}(?![\w/-])", line)
            for line in lines
        )
    ]

    # then
    assert missing == []
