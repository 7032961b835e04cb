"""The rule categories live in one registry (knowledge/categories.yaml): the checklist's
order and headings, the report's design section and the starter repo's decision records
all read it, and a rule naming a category it lacks does not load."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.knowledge import parse_knowledge
from advisor.engine.rules import rulebook
from advisor.engine.rules.book import parse_rule_file
from advisor.engine.rules.categories import (
    CategoryFileModel,
    decision_records,
    rule_categories,
)
from advisor.errors import KnowledgeFileError
from advisor.render.report.verdict import rule_row
from advisor.render.result import recommendation_groups
from tests.conftest import load_workload, preset_answers
from tests.engine.test_rule_knowledge import _rule


def test_every_rule_names_a_registered_category():
    known = rule_categories()
    assert {rule.category for rule in rulebook().rules} <= set(known)


def test_a_rule_with_an_unregistered_category_names_the_registry():
    data = {"version": "1", "rules": [_rule(category="vibes")]}
    with pytest.raises(KnowledgeFileError, match=r"unknown category 'vibes'.*categories\.yaml"):
        parse_rule_file(data, where="knowledge/rules/extra.yaml")


def test_a_category_listed_twice_is_refused():
    entry = {"key": "data", "label": "Data", "decision_record": "data"}
    with pytest.raises(KnowledgeFileError, match="listed twice"):
        parse_knowledge(
            CategoryFileModel, {"categories": [entry, entry]}, where="knowledge/categories.yaml"
        )


def _workload(**changes):
    return load_workload({**preset_answers("api-for-a-mobile-app"), **changes})


def test_checklist_groups_follow_the_registry_order_and_headings():
    workload = _workload(data_store="relational")
    groups = recommendation_groups(evaluate(workload))
    labels = [label for label, _ in groups]
    registry = list(rule_categories().values())
    assert labels == [c.label for c in registry if c.label in labels]
    assert len(labels) >= 2  # the ordering is shown, not vacuous


def test_report_rows_use_the_category_heading():
    result = evaluate(_workload(data_store="relational"))
    hit = result.verdict.recommendations[0]
    assert rule_row(hit)["category"] == rule_categories()[hit.category].label


def test_every_decision_record_has_a_category():
    used = {c.decision_record for c in rule_categories().values()}
    assert used == set(decision_records())
