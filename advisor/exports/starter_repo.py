"""The starter repository (zip): one choice per scaffold stack under knowledge/scaffolds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from advisor.engine.results import Assessment
from advisor.engine.workload import Workload
from advisor.exports.base import Choice, Exporter, ExportOption
from advisor.render.scaffold import DEFAULT_STACK, stack_for_runtime, stack_names


def _stacks() -> tuple[Choice, ...]:
    # The default first (it is what a form or command without the option gets).
    names = sorted(stack_names(), key=lambda name: (name != DEFAULT_STACK, name))
    return tuple(Choice(name, name) for name in names)


def _stack_of_answers(answers: Mapping[str, object]) -> str:
    """The stack writing the questionnaire's runtime (Node.js: sam-typescript), else the
    default; the repo's README says which and why."""
    return stack_for_runtime(str(answers.get("runtime", ""))).name


def _render(
    *, workload: Workload, assessment: Assessment, options: Mapping[str, str], generated_on: dt.date
) -> bytes:
    # Imported here: the generator pulls in Jinja2 and graphviz, which only workers need.
    from advisor.render.scaffold import scaffold_zip

    return scaffold_zip(workload=workload, assessment=assessment, stack=options["stack"])


EXPORTER = Exporter(
    key="scaffold",
    label="starter repository (zip)",
    noun="the starter repository",
    extension="zip",
    content_type="application/zip",
    file_label="{stack}",
    render=_render,
    options=(
        ExportOption(
            "stack",
            "stack",
            _stacks,
            help="stack of --scaffold; without it, the one of the questionnaire's runtime",
            default_from=_stack_of_answers,
        ),
    ),
    cli_help="also write the starter repo (AWS SAM; Python or TypeScript) as a zip",
)
