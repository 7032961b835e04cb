"""Walking a stack folder under knowledge/scaffolds/ and rendering it into files in memory.

A repo is the files of `_shared/` (the infrastructure every stack writes: template, deploy
settings, decision records, sample events, container parts) plus the stack's own folder
(its language's code, tests and tooling); a stack's file or partial of the same name wins.
Files ending in `.jinja` are rendered, others are copied unchanged (copier's convention);
names starting with "_" hold partials and the stack's own data and are never emitted; a path
segment `[[function]]` is expanded once per Lambda function of the architecture,
`[[image_function]]` once per function shipped as a container image, `[[stream_function]]`
once per function streaming its answers, and `[[container]]` once per part a hybrid design
runs in a container.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from advisor.engine.numbers import format_rps
from advisor.render.scaffold.stacks import (
    SHARED_DIR_NAME,
    ScaffoldError,
    UnknownStackError,
    load_stack,
    scaffolds_dir,
    stack_names,
)

__all__ = ["ScaffoldError", "UnknownStackError", "load_stack", "stack_names"]

TEMPLATE_SUFFIX = ".jinja"
FUNCTION_SEGMENT = "[[function]]"
IMAGE_FUNCTION_SEGMENT = "[[image_function]]"
CONTAINER_SEGMENT = "[[container]]"
STREAM_FUNCTION_SEGMENT = "[[stream_function]]"
# Path segment -> (context list it repeats over, the name each item gets in the template).
REPEATED_SEGMENTS = {
    FUNCTION_SEGMENT: ("functions", "fn"),
    IMAGE_FUNCTION_SEGMENT: ("image_functions", "fn"),
    CONTAINER_SEGMENT: ("containers", "container"),
    STREAM_FUNCTION_SEGMENT: ("stream_functions", "fn"),
}
# A virtual destination: paths are checked against it, nothing is written there.
_DESTINATION = PurePosixPath("/scaffold")
# An EventBridge schedule expression inside prose ("cron(0 2 * * ? *)", "rate(1 day)").
_SCHEDULE_IN_TEXT = re.compile(r"\b(?:rate|cron)\([^()`]*\)")


class ForbiddenPathError(ScaffoldError):
    """A rendered path would land outside the generated repo's folder."""


def _roots(name: str) -> tuple[Path, ...]:
    """Where a stack's templates are looked up: its own folder first, then the shared one."""
    return (scaffolds_dir() / name, scaffolds_dir() / SHARED_DIR_NAME)


@functools.cache
def _environment(roots: tuple[Path, ...]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(root) for root in roots]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # YAML is a superset of JSON: every value a template puts into YAML goes through here,
    # so quotes, newlines, "&anchors" and "{{" in user strings stay inert data.
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=True)
    env.filters["pyrepr"] = _python_literal
    # Figures in prose read as they do on the result page and in the report.
    env.filters["rps"] = format_rps
    env.filters["markdown_code"] = _schedules_as_code
    return env


def _schedules_as_code(text: str) -> str:
    """Schedule expressions in a Markdown line as code spans: bare, their asterisks would be
    read as emphasis and vanish ("cron(0 2 * * ? *)" shown as "cron(0 2 ? )")."""
    return _SCHEDULE_IN_TEXT.sub(lambda found: f"`{found.group(0)}`", text)


def _python_literal(value: Any) -> str:
    if not isinstance(value, str | int | float | bool | type(None)):
        raise ScaffoldError(f"pyrepr takes a plain value, not {type(value).__name__}")
    return ascii(value)


def _source_files(roots: tuple[Path, ...]) -> dict[PurePosixPath, Path]:
    """Emitted source -> the file it is read from; the first root holding a path wins."""
    sources: dict[PurePosixPath, Path] = {}
    for root in reversed(roots):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = PurePosixPath(path.relative_to(root).as_posix())
            if path.is_file() and not relative.parts[0].startswith("_"):
                sources[relative] = path
    return dict(sorted(sources.items()))


def render_tree(name: str, context: dict[str, Any]) -> dict[str, bytes]:
    roots = _roots(name)
    env = _environment(roots)
    files: dict[str, bytes] = {}
    for source, path in _source_files(roots).items():
        for destination, extra in _destinations(source, context):
            if source.suffix == TEMPLATE_SUFFIX:
                text = env.get_template(source.as_posix()).render({**context, **extra})
                content = text.encode("utf-8")
            else:
                content = path.read_bytes()
            files[checked_path(destination)] = content
    return dict(sorted(files.items()))


def _destinations(
    source: PurePosixPath, context: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    target = source.as_posix().removesuffix(TEMPLATE_SUFFIX)
    for segment, (items_key, item_name) in REPEATED_SEGMENTS.items():
        if segment in target:
            for item in context[items_key]:
                yield target.replace(segment, item["id"]), {item_name: item}
            return
    yield target, {}


def checked_path(relative: str) -> str:
    """The normalised relative path, or ForbiddenPathError if it leaves the repo's folder."""
    if not relative or "\\" in relative or "\x00" in relative:
        raise ForbiddenPathError(f"forbidden output path {relative!r}")
    joined = PurePosixPath(posixpath.normpath(str(_DESTINATION / relative)))
    if not joined.is_relative_to(_DESTINATION) or joined == _DESTINATION:
        raise ForbiddenPathError(f"output path {relative!r} leaves the generated repo")
    return joined.relative_to(_DESTINATION).as_posix()
