"""The design being assembled: which components, functions, grants and edges it has so far.

A `Draft` only grows. Adding a pattern adds its components and functions; adding anything
that names a component (a function's trigger, a grant's resource, an edge's endpoint) pulls
that component in too, with the edges its definition carries. Insertion order is kept
everywhere, so the same answers always give the same model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.engine.architecture.catalog import PatternCatalog
from advisor.engine.architecture.models import (
    ComponentSpec,
    FunctionSpec,
    GrantSpec,
    PatternSpec,
    ProducerSpec,
)

EdgeKey = tuple[str, str, str]  # (source, target, rendered label)


@dataclass
class Draft:
    catalog: PatternCatalog
    context: dict[str, str]  # values for label placeholders
    replaced: frozenset[str]  # function ids an offloaded part takes over
    patterns: list[PatternSpec] = field(default_factory=list)
    components: dict[str, ComponentSpec] = field(default_factory=dict)
    functions: dict[str, FunctionSpec] = field(default_factory=dict)
    grants: dict[str, list[GrantSpec]] = field(default_factory=dict)
    relabel: dict[str, str] = field(default_factory=dict)
    edges: dict[EdgeKey, None] = field(default_factory=dict)
    protected: dict[str, str] = field(default_factory=dict)  # component id -> key id
    # component id -> the one that stands in for it in this design (a load balancer in
    # front of the functions for the HTTP API): whatever names the first gets the second.
    stand_ins: dict[str, str] = field(default_factory=dict)

    def render(self, text: str, **extra: str) -> str:
        # Placeholders were checked against this vocabulary when the catalog loaded.
        return text.format_map({**self.context, **extra})

    def has(self, item_id: str) -> bool:
        return item_id in self.components or item_id in self.functions

    def add_pattern(self, pattern: PatternSpec) -> None:
        self.patterns.append(pattern)
        for component_id in pattern.components:
            self.include(component_id)
        for spec in pattern.functions:
            self.add_function(spec)
        for edge in pattern.edges:
            self.add_edge(edge.source, edge.target, edge.label)
        self.relabel.update(pattern.relabel)

    def add_function(self, spec: FunctionSpec) -> None:
        if spec.id in self.replaced or spec.id in self.functions:
            return
        if spec.trigger in self.stand_ins:
            door = self.stand_ins[spec.trigger]
            # A function URL waits out the function's own timeout: no API Gateway caps it.
            facing = spec.api_facing and door != "function_url"
            spec = spec.model_copy(update={"trigger": door, "api_facing": facing})
        self.functions[spec.id] = spec
        self.grants[spec.id] = []
        self.add_edge(spec.trigger, spec.id, spec.trigger_label)
        for grant in spec.grants:
            if not grant.if_present:
                self.grant(spec.id, grant)

    def grant(self, function_id: str, grant: GrantSpec) -> None:
        self.grants[function_id].append(grant)
        if grant.label:
            self.add_edge(function_id, grant.resource, grant.label)
        else:
            self.include(grant.resource)

    def include(self, component_id: str) -> None:
        component_id = self.stand_ins.get(component_id, component_id)
        if self.has(component_id) or component_id in self.catalog.functions:
            return
        spec = self.catalog.components[component_id]
        self.components[component_id] = spec
        for edge in spec.edges:
            self.add_edge(edge.source, edge.target, edge.label)

    def add_edge(self, source: str, target: str, label: str) -> None:
        source = self.stand_ins.get(source, source)
        target = self.stand_ins.get(target, target)
        self.include(source)
        self.include(target)
        self.edges[(source, target, self.render(label))] = None

    def grant_present(self) -> None:
        """Grants that only make sense when the design already has their resource."""
        for function_id, spec in self.functions.items():
            for grant in spec.grants:
                if grant.if_present and grant.resource in self.components:
                    self.grant(function_id, grant)

    def wire_producers(self) -> None:
        for component_id, spec in list(self.components.items()):
            if spec.producers is not None:
                self._wire_producer(component_id, spec.producers)

    def _wire_producer(self, target: str, producers: ProducerSpec) -> None:
        source = next((c for c in producers.candidates if self.has(c)), None)
        if source in self.functions:
            self.grant(source, GrantSpec(resource=target, actions=producers.actions))
        source = source or producers.fallback_source
        if source is not None:
            self.add_edge(source, target, producers.label)

    def grant_data_access(self, data_pattern: PatternSpec, data_users: list[str]) -> None:
        """Functions marked data_access get the store's grants; offloaded users get the edges."""
        for function_id, spec in self.functions.items():
            if spec.data_access:
                for grant in data_pattern.access:
                    self.grant(function_id, grant)
        for user in data_users:
            for grant in data_pattern.access:
                if grant.label:
                    self.add_edge(user, grant.resource, grant.label)

    def protect(self, protection: GrantSpec) -> None:
        """Encrypt every data-holding component with the key; whoever touches one may use it."""
        holders = [cid for cid, spec in self.components.items() if spec.holds_data]
        for holder in holders:
            self.protected[holder] = protection.resource
            self.add_edge(protection.resource, holder, protection.label or "encrypts")
        keyed = {cid for cid in self.protected if self.components[cid].callers_use_key}
        for grants in self.grants.values():
            if any(grant.resource in keyed for grant in grants):
                grants.append(GrantSpec(resource=protection.resource, actions=protection.actions))
