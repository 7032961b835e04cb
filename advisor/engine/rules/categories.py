"""The rule categories (knowledge/categories.yaml): one entry says how every part of the
app treats a category's rules, so adding one is a single YAML entry."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import Field, model_validator

from advisor.engine.knowledge import StrictModel, parse_knowledge
from advisor.engine.loader import KNOWLEDGE_ROOT, read_knowledge_file

CATEGORIES_FILE = KNOWLEDGE_ROOT / "categories.yaml"
DecisionRecord = Literal["compute", "data", "triggers", "auth"]


class CategoryModel(StrictModel):
    key: str = Field(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
    label: str = Field(min_length=2)
    decision_record: DecisionRecord
    design: bool = False
    always_shown: bool = False


class CategoryFileModel(StrictModel):
    categories: tuple[CategoryModel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CategoryFileModel:
        keys = [category.key for category in self.categories]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"categories listed twice: {twice}")
        return self


@dataclass(frozen=True)
class RuleCategory:
    key: str
    label: str
    decision_record: DecisionRecord
    design: bool  # shown with the architecture rather than with the other advice
    always_shown: bool  # a money rule of it is listed even when it does not decide the band
    order: int  # position in the reading order


@functools.cache
def rule_categories() -> dict[str, RuleCategory]:
    """Every category by key, in reading order."""
    document = parse_knowledge(
        CategoryFileModel, read_knowledge_file(CATEGORIES_FILE), where=str(CATEGORIES_FILE)
    )
    return {
        model.key: RuleCategory(
            key=model.key,
            label=model.label,
            decision_record=model.decision_record,
            design=model.design,
            always_shown=model.always_shown,
            order=order,
        )
        for order, model in enumerate(document.categories)
    }


def rule_category(key: str) -> RuleCategory:
    """The category `key` (a loaded rule's category is always known: the book checks it)."""
    return rule_categories()[key]


def decision_records() -> tuple[DecisionRecord, ...]:
    """The starter repository's decision records, in the order it numbers them."""
    return get_args(DecisionRecord)
