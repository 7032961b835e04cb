"""The engine's only I/O: reading the YAML files under knowledge/, once per process."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import KnowledgeFileError

KNOWLEDGE_ROOT = Path(__file__).resolve().parents[2] / "knowledge"
# libyaml's safe loader reads the knowledge base about ten times faster than the pure-Python
# one (the first request of a new process waits for it); same documents, same types.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def read_knowledge_dir(subdir: str) -> tuple[tuple[str, Any], ...]:
    """Every *.yaml file of knowledge/<subdir>, parsed, as (relative path, data), sorted by name.

    Cached: the knowledge base is read once per process; callers must not mutate the data.
    """
    folder = KNOWLEDGE_ROOT / subdir
    if not folder.is_dir():
        raise KnowledgeFileError(f"knowledge folder {folder} is missing")
    return tuple(
        (str(path.relative_to(KNOWLEDGE_ROOT)), read_knowledge_file(path))
        for path in sorted(folder.glob("*.yaml"))
    )


def read_knowledge_file(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeFileError(f"{path}: cannot read it: {exc}") from exc
