"""`manage.py advise WORKLOAD.yaml`: the verdict, costs and architecture for one workload."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import capfirst

from advisor.engine import evaluate
from advisor.engine.results import Assessment
from advisor.engine.serialize import assessment_as_dict
from advisor.engine.workload import Workload
from advisor.errors import UserMessageError
from advisor.exports import Exporter, exporters
from advisor.questionnaire import read_answers_file, read_answers_stream, workload_from_answers
from advisor.render.diagram import write_diagram
from advisor.render.text import assessment_as_text

# Exit status for bad input, as the README documents (argparse uses 2 for usage errors too).
BAD_INPUT = 2


class Command(BaseCommand):
    # A command about workloads needs no URL or model checks; skipping them keeps it fast.
    requires_system_checks: list[str] = []
    help = (
        "Decide whether serverless fits the workload described in a YAML or JSON "
        "questionnaire file ('-' reads standard input), with costs and architecture."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workload", help="questionnaire file (.yaml, .yml or .json), or -")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--assume",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="override one cost assumption (repeatable); see the README for the names",
        )
        parser.add_argument(
            "--diagram",
            metavar="OUT",
            help="also write the architecture diagram: .svg, .png or .dot by the file's extension",
        )
        # One --KEY OUT flag per export kind, and one flag per option of it (the registry).
        for entry in exporters():
            parser.add_argument(
                f"--{entry.key}", metavar=f"OUT.{entry.extension}", help=entry.cli_help
            )
            for option in entry.options:
                # An option read from the answers has no fixed default: None until then.
                default = None if option.default_from else option.default
                parser.add_argument(
                    f"--{option.name}",
                    choices=option.values(),
                    default=default,
                    help=f"{option.help} ({default or 'from the answers'})",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            answers = self._answers(options["workload"], options["assume"])
            workload = workload_from_answers(answers)
        except UserMessageError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        assessment = evaluate(workload)
        if options["diagram"]:
            _write_diagram(workload, assessment, Path(options["diagram"]))
        for entry in exporters():
            if target := options.get(entry.key.replace("-", "_")):
                _write_export(entry, workload, assessment, Path(target), options)
                self.stderr.write(f"{capfirst(entry.label)} written to {target}")
        if options["format"] == "json":
            payload = assessment_as_dict(workload, assessment)
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(assessment_as_text(workload, assessment))

    def _answers(self, source: str, assume: list[str]) -> Any:
        if source == "-":
            answers = read_answers_stream(sys.stdin, source="standard input")
        else:
            answers = read_answers_file(Path(source))
        if assume and isinstance(answers, dict):
            answers = {**answers, "assumptions": _merge_assumptions(answers, assume)}
        return answers


def _write_diagram(workload: Workload, assessment: Assessment, path: Path) -> None:
    try:
        write_diagram(assessment.architecture, path, title=workload.name)
    except ValueError as exc:
        raise CommandError(f"--diagram {path}: {exc}", returncode=BAD_INPUT) from None
    except OSError as exc:
        raise CommandError(f"--diagram {path}: cannot write it ({exc}).", returncode=1) from None


def _write_export(
    entry: Exporter, workload: Workload, assessment: Assessment, path: Path, given: dict[str, Any]
) -> None:
    flag = f"--{entry.key} {path}"
    if not path.parent.is_dir():  # say so before spending seconds on the layout
        raise CommandError(f"{flag}: cannot write it (no folder {path.parent}).", returncode=1)
    data = entry.build(
        workload=workload,
        assessment=assessment,
        options={
            option.name: given[option.name] or option.default_for(workload.as_dict())
            for option in entry.options
        },
        generated_on=dt.date.today(),
    )
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{flag}: cannot write it ({exc}).", returncode=1) from None


def _merge_assumptions(answers: dict[str, Any], assume: list[str]) -> dict[str, Any]:
    merged = dict(answers.get("assumptions") or {})
    for pair in assume:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserMessageError(f"--assume {pair!r}: write it as NAME=VALUE.")
        try:
            merged[name.strip()] = float(value)
        except ValueError:
            raise UserMessageError(f"--assume {name.strip()}: {value!r} is not a number.") from None
    return merged
