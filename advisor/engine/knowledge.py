"""Pydantic models shared by every knowledge file: sources, and errors that name the file."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

from advisor.engine.results import Source
from advisor.errors import KnowledgeFileError

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The headings of the guide the advisor's knowledge comes from (the project's seed guide).
GUIDE_SECTIONS = (
    "The Serverless Paradigm and Business Evaluation",
    "Function Design Patterns and Best Practices",
    "Event-Driven Architecture in Serverless Systems",
    "Database and Storage Patterns for Serverless",
    "Security and Authentication in Serverless Environments",
    "Cost Optimization and Performance Tuning",
)


class SourceModel(StrictModel):
    """Where a fact comes from: a web page (`url`) or a section of the guide (`section`)."""

    title: str = Field(min_length=3)
    url: HttpUrl | None = None
    section: str | None = None
    retrieved: dt.date

    @model_validator(mode="after")
    def _names_a_place(self) -> SourceModel:
        if self.url is None and self.section is None:
            raise ValueError("a source needs a url or a guide section")
        if self.section is not None and self.section not in GUIDE_SECTIONS:
            raise ValueError(f"unknown guide section {self.section!r}; known: {GUIDE_SECTIONS}")
        return self

    def to_result(self) -> Source:
        return Source(
            title=self.title,
            url=str(self.url) if self.url else "",
            retrieved=self.retrieved.isoformat(),
            section=self.section or "",
        )


def parse_knowledge(model: type[Model], data: Any, *, where: str) -> Model:
    """Validate one knowledge document; the error names the file (and the entry, via `where`)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or '(top)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise KnowledgeFileError(f"{where}: {problems}") from exc
