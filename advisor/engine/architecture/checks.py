"""Cross-reference checks over the pattern catalog: every id named exists, every IAM action is
exact, every label placeholder is one the composer fills, every answer has its pattern."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from advisor.engine.architecture.models import (
    FUNCTION_PLACEHOLDERS,
    IAM_ACTION,
    WORKLOAD_PLACEHOLDERS,
    ComponentSpec,
    FunctionSpec,
    GrantSpec,
    PatternFile,
    PatternSpec,
)
from advisor.engine.results import OffloadPart
from advisor.engine.workload import Auth, Connections, DataStore, Trigger, Workflow

if TYPE_CHECKING:
    from advisor.engine.architecture.catalog import PatternCatalog

# Each front door and the authentication it can carry (a load balancer in front of the
# functions verifies JWTs but not IAM signatures, a function URL only IAM signatures;
# design.py gives them no other).
FRONT_DOORS: dict[str, tuple[Auth, ...]] = {
    "http_api": tuple(Auth),
    "websocket_api": tuple(Auth),
    "lambda_alb": (Auth.PUBLIC, Auth.JWT),
    "stream_api": tuple(Auth),
    "function_url": (Auth.IAM,),
}
# Load balancers in front of a fleet (containers outside Lambda): the service checks its
# callers itself; a public one gets AWS WAF on the load balancer ("public@<door>").
FLEET_DOORS = ("hot_path_alb", "gpu_service_alb")
# The design's front doors "alb" and "function_url" stand in for the HTTP API: they trigger
# the same functions.
FRONT_DOOR_STAND_INS = {
    "alb": ("http_api", "lambda_alb"),
    "function_url": ("http_api", "function_url"),
}
# Patterns the composer looks up by name, beyond one per questionnaire answer.
FIXED_PATTERNS = (
    ("triggers", "http_jobs"),
    ("triggers", "http_stream"),
    ("security_controls", "least_privilege"),
    ("security_controls", "sensitive_data"),
    ("security_controls", "edge_firewall"),
    ("offloads", "gpu_service"),
    ("observability", "monitoring"),
    ("observability", "budget"),
)

# Parameters compose.py reads by name (others are only used through label placeholders).
REQUIRED_PARAMETERS = ("schedule_daily_cron", "schedule_default_rate")

Problem = tuple[str, str]  # (file path, what is wrong)


def required_patterns() -> Iterator[tuple[str, str]]:
    """(kind, key) of every pattern the composer may ask for."""
    yield from (("triggers", t.value) for t in Trigger)
    yield from (("connections", c.value) for c in Connections)
    yield from (("data_stores", d.value) for d in DataStore)
    yield from (("workflows", w.value) for w in Workflow)
    yield from (("offloads", p.value) for p in OffloadPart)
    yield from (
        ("security_controls", f"{a.value}@{door}")
        for door, auths in FRONT_DOORS.items()
        for a in auths
    )
    yield from (("security_controls", f"{Auth.PUBLIC.value}@{door}") for door in FLEET_DOORS)
    yield from FIXED_PATTERNS


def reference_problems(
    catalog: PatternCatalog, files: Iterable[tuple[str, PatternFile]]
) -> Iterator[Problem]:
    for kind, key in required_patterns():
        if (kind, key) not in catalog.patterns:
            yield "knowledge/patterns", f"no {kind} pattern for {key!r}"
    for name in REQUIRED_PARAMETERS:
        if name not in catalog.parameters:
            yield "knowledge/patterns", f"no parameter {name!r}"
    allowed = WORKLOAD_PLACEHOLDERS | set(catalog.parameters)
    for path, file in files:
        for component in file.components:
            for problem in _component_problems(component, catalog, allowed):
                yield path, f"component {component.id}: {problem}"
        for pattern in file.patterns:
            for problem in _pattern_problems(pattern, catalog, allowed):
                yield path, f"pattern {pattern.key}: {problem}"


def _component_problems(
    component: ComponentSpec, catalog: PatternCatalog, allowed: set[str]
) -> Iterator[str]:
    known = catalog.components.keys() | catalog.functions.keys()
    yield from _placeholder_problems(component.label, allowed)
    for value in component.properties.values():
        yield from _placeholder_problems(value, allowed)
    for edge in component.edges:
        yield from _unknown((edge.source, edge.target), catalog.components, "edge endpoint")
        yield from _placeholder_problems(edge.label, allowed)
    if component.producers:
        producers = component.producers
        yield from _unknown(producers.candidates, known, "producer")
        yield from _unknown(filter(None, [producers.fallback_source]), known, "fallback source")
        yield from _action_problems(producers.actions)


def _pattern_problems(
    pattern: PatternSpec, catalog: PatternCatalog, allowed: set[str]
) -> Iterator[str]:
    components, known = catalog.components, catalog.components.keys() | catalog.functions.keys()
    yield from _unknown(pattern.components, components, "component")
    yield from _unknown(pattern.relabel, components, "relabelled component")
    yield from _unknown(pattern.replaces, catalog.functions, "replaced function")
    yield from _unknown(pattern.data_users, components, "data user")
    yield from _unknown((e.target for e in pattern.per_function_edges), components, "target")
    yield from _unknown(set(pattern.alarms) - {"each_function"}, components, "alarm subject")
    for edge in pattern.edges:
        yield from _unknown((edge.source, edge.target), known, "edge endpoint")
    grants = [*pattern.access, *([pattern.protection] if pattern.protection else [])]
    yield from _grant_problems(grants, catalog)
    for spec in pattern.functions:
        yield from _function_problems(spec, catalog, allowed)
    texts = [*pattern.relabel.values(), *(e.label for e in pattern.edges)]
    for text in texts:
        yield from _placeholder_problems(text, allowed)
    per_function = allowed | FUNCTION_PLACEHOLDERS
    for text in [*(c.label for c in pattern.per_function_components), *_alarm_texts(pattern)]:
        yield from _placeholder_problems(text, per_function)


def _alarm_texts(pattern: PatternSpec) -> Iterator[str]:
    for texts in pattern.alarms.values():
        yield from texts


def _function_problems(
    spec: FunctionSpec, catalog: PatternCatalog, allowed: set[str]
) -> Iterator[str]:
    yield from _unknown([spec.trigger], catalog.components, f"{spec.id} trigger")
    yield from _grant_problems(spec.grants, catalog)
    yield from _placeholder_problems(spec.trigger_label, allowed)


def _grant_problems(grants: Iterable[GrantSpec], catalog: PatternCatalog) -> Iterator[str]:
    for grant in grants:
        yield from _unknown([grant.resource], catalog.components, "grant resource")
        yield from _action_problems(grant.actions)


def _action_problems(actions: Iterable[str]) -> Iterator[str]:
    for action in actions:
        if not re.fullmatch(IAM_ACTION, action):
            yield f"IAM action {action!r} is not one exact service:Action (no wildcards)"


def _unknown(ids: Iterable[str], known: Iterable[str], what: str) -> Iterator[str]:
    known_ids = set(known)
    for item in ids:
        if item not in known_ids:
            yield f"unknown {what} {item!r}"


def _placeholder_problems(text: str, allowed: set[str]) -> Iterator[str]:
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as exc:
        yield f"label {text!r} has unbalanced braces ({exc}); write a literal brace twice"
        return
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            yield f"label {text!r} uses {{{name}}}; allowed: {sorted(allowed)}"
