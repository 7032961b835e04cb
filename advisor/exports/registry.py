"""Every export kind, one line each: adding one is a line here plus its own module (its
renderer, options and file). No migration: a job stores the key as plain text, checked
against this registry.

Read by the job services (options, file names, failure messages), the views (form fields,
content types), the templates (buttons, labels) and `advise` (its --KEY OUT flags).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from advisor.exports import pdf_report, starter_repo
from advisor.exports.base import KEY_PATTERN, Exporter

REGISTRY: dict[str, Exporter] = {}


def exporter_register(entry: Exporter) -> Exporter:
    """Add one kind; its key and option names must be new (options become CLI flags)."""
    if not KEY_PATTERN.match(entry.key):
        raise ValueError(f"export key {entry.key!r} must match {KEY_PATTERN.pattern}")
    if entry.key in REGISTRY:
        raise ValueError(f"export {entry.key!r} is registered already")
    taken = {o.name for e in REGISTRY.values() for o in e.options} | set(REGISTRY)
    clash = sorted(({o.name for o in entry.options} | {entry.key}) & taken)
    if clash:
        raise ValueError(f"export {entry.key!r}: option or key {clash} is taken")
    REGISTRY[entry.key] = entry
    return entry


def exporter_unregister(key: str) -> None:
    REGISTRY.pop(key, None)


def exporters() -> tuple[Exporter, ...]:
    return tuple(REGISTRY.values())


def exporter_get(key: str) -> Exporter | None:
    return REGISTRY.get(key)


def export_kind_validate(value: str) -> None:
    """The model field's validator (a reference, so adding a kind changes no migration)."""
    if value not in REGISTRY:
        raise ValidationError(f"{value!r} is not an export kind: {', '.join(REGISTRY)}")


for _entry in (pdf_report.EXPORTER, starter_repo.EXPORTER):
    exporter_register(_entry)
