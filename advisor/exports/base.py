"""What one export kind is: the entry every part of the app reads.

An exporter carries its key (stored on the job as plain text), its label, the file it
writes (extension and content type), its options with their choices and defaults, and the
renderer that turns an engine answer into bytes. Jobs, views, templates and the `advise`
command read these fields; none of them names a kind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.engine.results import Assessment
from advisor.engine.workload import Workload

# Keys are stored in ExportJob.kind (16 characters) and become a CLI flag (--KEY) and a
# form value: lower-case words joined by hyphens.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,15}$")

Renderer = Callable[..., bytes]  # (*, workload, assessment, options, generated_on) -> bytes


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # how a person reads it: "A4 paper"


@dataclass(frozen=True)
class ExportOption:
    """One option of an export: a closed set of choices, the first one the default."""

    name: str  # form field, CLI flag (--NAME) and key in the job's options
    label: str  # the form's label for it
    choices: Callable[[], tuple[Choice, ...]]  # read when asked: stacks come from files
    help: str = ""
    # The default read from the saved answers (the stack of the questionnaire's runtime);
    # None: the first choice.
    default_from: Callable[[Mapping[str, Any]], str] | None = None

    def default_for(self, answers: Mapping[str, Any] | None) -> str:
        if self.default_from is not None and answers is not None:
            return self.default_from(answers)
        return self.default

    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices())

    @property
    def default(self) -> str:
        return self.choices()[0].value

    def choice_label(self, value: str) -> str:
        return next((c.label for c in self.choices() if c.value == value), value)


@dataclass(frozen=True)
class Exporter:
    key: str  # "pdf": the job's kind, the form's `kind`, `advise --pdf OUT`
    label: str  # "PDF decision report", read mid-sentence ("Build the …")
    noun: str  # "the PDF report", in failure messages
    extension: str  # without the dot
    content_type: str
    # The file's name after the workload's slug, from the options: "report-{paper}".
    file_label: str
    render: Renderer
    options: tuple[ExportOption, ...] = ()
    cli_help: str = ""

    def option(self, name: str) -> ExportOption:
        return next(option for option in self.options if option.name == name)

    def filename(self, *, stem: str, options: Mapping[str, str], suffix: str = "") -> str:
        """e.g. real-time-chat-report-a4-job12.pdf."""
        return f"{stem}-{self.file_label.format(**options)}{suffix}.{self.extension}"

    def describe(self, options: Mapping[str, str]) -> str:
        """The chosen options in words: "A4 paper"; "sam-python"."""
        return ", ".join(
            option.choice_label(options[option.name])
            for option in self.options
            if option.name in options
        )

    def build(
        self,
        *,
        workload: Workload,
        assessment: Assessment,
        options: Mapping[str, str],
        generated_on: dt.date,
    ) -> bytes:
        return self.render(
            workload=workload, assessment=assessment, options=options, generated_on=generated_on
        )
