"""The starter repo generator: a deployable project drawn from the engine's architecture.

    scaffold_files(workload=..., assessment=...) -> {relative path: bytes}
    scaffold_zip(workload=..., assessment=...)   -> zip bytes, one top-level folder

Both are deterministic: the same answers give byte-identical output.
"""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

from advisor.engine.results import Assessment
from advisor.engine.workload import Workload
from advisor.render.diagram import diagram_png, diagram_svg
from advisor.render.scaffold.context import build_context
from advisor.render.scaffold.names import display_text, slug
from advisor.render.scaffold.stacks import DEFAULT_STACK, stack_choice, stack_for_runtime
from advisor.render.scaffold.tree import (
    ForbiddenPathError,
    ScaffoldError,
    UnknownStackError,
    checked_path,
    load_stack,
    render_tree,
    stack_names,
)

__all__ = [
    "DEFAULT_STACK",
    "ForbiddenPathError",
    "ScaffoldError",
    "UnknownStackError",
    "scaffold_files",
    "scaffold_folder_name",
    "scaffold_zip",
    "stack_for_runtime",
    "stack_names",
]
# Zip entries carry a date; a fixed one keeps the archive byte-for-byte reproducible.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def scaffold_files(
    *, workload: Workload, assessment: Assessment, stack: str | None = None
) -> dict[str, bytes]:
    """Every file of the starter repo, keyed by its POSIX path inside the repo. Without a
    stack, the one writing the questionnaire's runtime (the default when none does)."""
    choice = stack_choice(workload.runtime.value, stack)
    spec = load_stack(choice.name)
    title = display_text(workload.name)
    # graphviz draws the two pictures in processes of its own while the templates render
    # here (waiting on a child process releases the GIL): a new workload's repo is ready
    # in about the time of the PNG alone, not of all three one after the other.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="scaffold-diagram") as pool:
        svg = pool.submit(diagram_svg, assessment.architecture, title=title)
        png = pool.submit(diagram_png, assessment.architecture, title=title)
        context = build_context(workload, assessment, spec, stack_reason=choice.reason)
        files = render_tree(choice.name, context)
        files[checked_path("docs/architecture.svg")] = svg.result().encode("utf-8")
        files[checked_path("docs/architecture.png")] = png.result()
    return dict(sorted(files.items()))


def scaffold_folder_name(workload: Workload) -> str:
    return slug(workload.name)


def scaffold_zip(*, workload: Workload, assessment: Assessment, stack: str | None = None) -> bytes:
    """The repo as a zip with one top-level folder named after the workload."""
    folder = scaffold_folder_name(workload)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = scaffold_files(workload=workload, assessment=assessment, stack=stack)
        for path, content in files.items():
            info = zipfile.ZipInfo(f"{folder}/{checked_path(path)}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            # A start-up script (the Lambda Web Adapter's run.sh) must stay executable.
            mode = 0o755 if path.endswith(".sh") else 0o644
            info.external_attr = mode << 16
            archive.writestr(info, content)
    return buffer.getvalue()
