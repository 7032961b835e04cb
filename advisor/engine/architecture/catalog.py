"""Loading the architecture vocabulary: knowledge/patterns/*.yaml into one checked catalog.

Each pattern file holds component definitions (service, label, cluster, and the edges that
come with the component) and patterns keyed by a questionnaire answer (a trigger, a data
store, an auth mode at a front door, an offloaded part...). `compose.py` picks patterns from
a workload's answers; this module only loads them and checks every cross-reference.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from advisor.engine.architecture.checks import reference_problems
from advisor.engine.architecture.models import (
    PATTERN_KINDS,
    ComponentSpec,
    FunctionSpec,
    PatternFile,
    PatternSpec,
    SizingPolicy,
)
from advisor.engine.knowledge import SourceModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir
from advisor.errors import KnowledgeFileError


class PatternCatalog:
    """Every component, function and pattern of knowledge/patterns, cross-checked."""

    def __init__(
        self,
        *,
        components: dict[str, ComponentSpec],
        functions: dict[str, FunctionSpec],
        patterns: dict[tuple[str, str], PatternSpec],
        parameters: dict[str, str],
        sizing: SizingPolicy,
    ) -> None:
        self.components = components
        self.functions = functions
        self.patterns = patterns
        self.parameters = parameters
        self.sizing = sizing

    def pattern(self, kind: str, key: str) -> PatternSpec:
        try:
            return self.patterns[(kind, key)]
        except KeyError:
            raise KnowledgeFileError(
                f"knowledge/patterns: no {kind} pattern {key!r}; known: "
                f"{sorted(k for kind_, k in self.patterns if kind_ == kind)}"
            ) from None

    def sources(self) -> Iterator[tuple[str, tuple[SourceModel, ...]]]:
        """(entry name, its sources) for every entry, so tests can check each is sourced."""
        for component in self.components.values():
            yield f"component {component.id}", component.sources
        for (kind, key), pattern in self.patterns.items():
            yield f"{kind} pattern {key}", pattern.sources
        yield "function_sizing", self.sizing.sources


@functools.cache
def pattern_catalog() -> PatternCatalog:
    """The pattern knowledge, read once per process."""
    return build_catalog(read_knowledge_dir("patterns"))


def build_catalog(documents: Iterable[tuple[str, Any]]) -> PatternCatalog:
    """Parse and cross-check (path, data) documents; errors name the file and the entry."""
    files, sizing = _parse_files(documents)
    catalog = _assemble(files, sizing)
    for path, problem in reference_problems(catalog, files):
        raise KnowledgeFileError(f"{path}: {problem}")
    return catalog


def _parse_files(
    documents: Iterable[tuple[str, Any]],
) -> tuple[list[tuple[str, PatternFile]], SizingPolicy]:
    files: list[tuple[str, PatternFile]] = []
    sizing: SizingPolicy | None = None
    for path, data in documents:
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind == "function_sizing":
            sizing = parse_knowledge(SizingPolicy, data, where=path)
        elif kind in PATTERN_KINDS:
            files.append((path, parse_knowledge(PatternFile, data, where=path)))
        # other kinds (cold_starts, ...) belong to other parts of the engine
    if sizing is None:
        raise KnowledgeFileError("knowledge/patterns has no function_sizing file")
    return files, sizing


def _assemble(files: list[tuple[str, PatternFile]], sizing: SizingPolicy) -> PatternCatalog:
    components: dict[str, ComponentSpec] = {}
    functions: dict[str, FunctionSpec] = {}
    patterns: dict[tuple[str, str], PatternSpec] = {}
    parameters: dict[str, str] = {}
    for path, file in files:
        for component in file.components:
            _add_unique(components, component.id, component, path, "component")
        for name, value in file.parameters.items():
            _add_unique(parameters, name, value, path, "parameter")
        for pattern in file.patterns:
            _add_unique(patterns, (file.kind, pattern.key), pattern, path, "pattern")
            for spec in pattern.functions:
                if functions.setdefault(spec.id, spec) != spec:
                    raise KnowledgeFileError(
                        f"{path}: function {spec.id!r} defined twice, differently"
                    )
    return PatternCatalog(
        components=components,
        functions=functions,
        patterns=patterns,
        parameters=parameters,
        sizing=sizing,
    )


def _add_unique(into: dict[Any, Any], key: Any, value: Any, path: str, what: str) -> None:
    if key in into:
        raise KnowledgeFileError(f"{path}: {what} {key!r} is defined twice")
    into[key] = value
