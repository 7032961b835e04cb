"""Export kinds: one registry entry per exporter (registry.py), each in its own module."""

from __future__ import annotations

from advisor.exports.base import Choice, Exporter, ExportOption
from advisor.exports.registry import (
    export_kind_validate,
    exporter_get,
    exporter_register,
    exporter_unregister,
    exporters,
)

__all__ = [
    "Choice",
    "ExportOption",
    "Exporter",
    "export_kind_validate",
    "exporter_get",
    "exporter_register",
    "exporter_unregister",
    "exporters",
]
