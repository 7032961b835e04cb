"""The starter stacks: one folder each under knowledge/scaffolds/, found by its `_stack.yaml`.

A stack says how its functions are written, packaged and tested (language, Lambda runtime,
handler path, build metadata, the questionnaire runtimes it serves). What every stack shares
(the engine's function shapes, the resources' logical ids and ARNs, the container parts) is
read from `_shared/_infrastructure.yaml`, and the CloudFormation partials from
`_shared/_partials/`, so a new stack is one folder and nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import AdvisorError

SCAFFOLDS_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "scaffolds"
SHARED_DIR_NAME = "_shared"
STACK_FILE = "_stack.yaml"
INFRASTRUCTURE_FILE = "_infrastructure.yaml"
# What a form or a command without a stack gets when no stack serves the runtime.
DEFAULT_STACK = "sam-python"


class ScaffoldError(AdvisorError):
    """The starter repo could not be generated."""


class UnknownStackError(ScaffoldError):
    """No stack folder of that name under knowledge/scaffolds/."""


@dataclass(frozen=True)
class StackSpec:
    name: str
    label: str
    language: str
    runtime: str
    serves: tuple[str, ...]  # questionnaire runtimes (Workload.runtime) it writes code in
    code_uri: str
    handler: str  # with {id}: the function id
    build_metadata: dict[str, Any]  # with {id} in its strings
    docker_context: str
    dockerfile: str  # with {id}
    # How a zip function streams its answer (handler shape http_stream): a handler, layers
    # and environment replacing the usual ones; empty when the runtime streams natively.
    streaming: dict[str, Any]
    functions: dict[str, dict[str, Any]]
    resources: dict[str, dict[str, Any]]
    containers: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class StackChoice:
    """The stack a repo is written in, and why, in words its README repeats."""

    name: str
    reason: str


def scaffolds_dir() -> Path:
    # Read at call time: tests point the module's SCAFFOLDS_DIR at a folder of their own.
    return SCAFFOLDS_DIR


def stack_names() -> tuple[str, ...]:
    root = scaffolds_dir()
    return tuple(sorted(p.name for p in root.iterdir() if (p / STACK_FILE).is_file()))


@functools.cache
def _read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_stack(name: str) -> StackSpec:
    if name not in stack_names():
        raise UnknownStackError(f"unknown scaffold stack {name!r}; known: {stack_names()}")
    root = scaffolds_dir()
    data = _read(root / name / STACK_FILE)
    shared_file = root / SHARED_DIR_NAME / INFRASTRUCTURE_FILE
    shared = _read(shared_file) if shared_file.is_file() else {}
    return StackSpec(
        name=data["name"],
        label=data.get("label", data["name"]),
        language=data.get("language", data["name"]),
        runtime=data["runtime"],
        serves=tuple(data.get("serves", ())),
        code_uri=data.get("code_uri", "src/"),
        handler=data.get("handler", "{id}.handler.lambda_handler"),
        build_metadata=data.get("build_metadata", {}),
        docker_context=data.get("docker_context", data.get("code_uri", "src/")),
        dockerfile=data.get("dockerfile", "{id}/Dockerfile"),
        streaming=data.get("streaming", {}),
        # A stack may still name its own shapes or resources; the shared ones are the rule.
        functions=data.get("functions", shared.get("functions", {})),
        resources=data.get("resources", shared.get("resources", {})),
        containers=data.get("containers", shared.get("containers", {})),
    )


def stack_for_runtime(runtime: str) -> StackChoice:
    """The stack whose language the team chose; the default stack, said plainly, otherwise."""
    for name in stack_names():
        spec = load_stack(name)
        if runtime in spec.serves:
            return StackChoice(name, f"the questionnaire's runtime is {runtime}: {spec.label}")
    written = ", ".join(f"{n} ({', '.join(load_stack(n).serves)})" for n in stack_names())
    return StackChoice(
        DEFAULT_STACK,
        f"the questionnaire's runtime is {runtime}, and no starter stack writes {runtime} yet "
        f"(stacks: {written}); this repo is {DEFAULT_STACK}, the default. The infrastructure, "
        "sizing and permissions carry over to a port unchanged",
    )


def stack_choice(runtime: str, requested: str | None) -> StackChoice:
    """The stack asked for on the export or with --stack, else the runtime's."""
    if requested:
        load_stack(requested)  # an unknown name fails here, with the known ones
        automatic = stack_for_runtime(runtime)
        if automatic.name == requested:
            return automatic
        return StackChoice(
            requested, f"chosen on the export (the runtime {runtime} suggests {automatic.name})"
        )
    return stack_for_runtime(runtime)
