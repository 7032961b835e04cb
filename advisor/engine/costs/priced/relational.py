"""Shared by the relational-database services: the instance classes a pricing file lists."""

from __future__ import annotations

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.params import Param

INSTANCE_PREFIX = "instance."


def instance_classes(service: str) -> tuple[str, ...]:
    """The classes with an `instance.<class>` row, from the pricing file (not from code)."""
    catalog = pricing_catalog()
    keys = catalog.table(catalog.regions[0])
    return tuple(
        sorted(
            key.removeprefix(INSTANCE_PREFIX)
            for owner, key in keys
            if owner == service and key.startswith(INSTANCE_PREFIX)
        )
    )


def instance_class_param(service: str, default: str) -> Param:
    return Param(
        "instance_class",
        "choice",
        default,
        "DB instance class",
        choices_from=lambda: instance_classes(service),
    )
