"""The platform profile (knowledge/platform/*.yaml): hard limits and quotas, with sources.

Rules read each limit as a fact named `platform_<name>`; the architecture sizes functions
against the same numbers, so a limit is written once, where its source is.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from pydantic import Field

from advisor.engine.knowledge import SourceModel, StrictModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir
from advisor.engine.results import Source
from advisor.errors import KnowledgeFileError

FACT_PREFIX = "platform_"


class LimitModel(StrictModel):
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
    value: float = Field(gt=0)
    unit: str = Field(min_length=1)
    description: str = Field(min_length=5)
    sources: tuple[SourceModel, ...] = Field(min_length=1)


class PlatformModel(StrictModel):
    kind: Literal["platform"]
    name: str
    as_of: dt.date
    anchors: dict[str, object] = Field(default_factory=dict, alias="x-sources")
    limits: tuple[LimitModel, ...] = Field(min_length=1)


@functools.cache
def platform_limits() -> dict[str, LimitModel]:
    """Every limit of every platform file, by name (a name used twice is an error)."""
    limits: dict[str, LimitModel] = {}
    for where, data in read_knowledge_dir("platform"):
        for limit in parse_knowledge(PlatformModel, data, where=where).limits:
            if limit.name in limits:
                raise KnowledgeFileError(f"{where}: limit {limit.name} is given twice")
            limits[limit.name] = limit
    return limits


def limit(name: str) -> float:
    return platform_limits()[name].value


def limit_sources(name: str) -> tuple[Source, ...]:
    return tuple(source.to_result() for source in platform_limits()[name].sources)


def platform_facts() -> dict[str, float]:
    """The limits as rule facts: `platform_<name>` -> value."""
    return {f"{FACT_PREFIX}{name}": spec.value for name, spec in platform_limits().items()}
