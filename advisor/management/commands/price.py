"""`manage.py price SERVICE key=value ...`: one service's monthly price, in USD."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from advisor.engine.costs import price_service, priceable_services, service_parameters
from advisor.engine.costs.catalog import DEFAULT_REGION
from advisor.engine.costs.examples import (
    ExampleResult,
    example_as_dict,
    example_result,
    pricing_examples,
)
from advisor.engine.results import Estimate
from advisor.errors import UnknownServiceError, UserMessageError


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's layout, but the epilog (the list of services or keys) keeps its lines."""


# Exit status for bad input, as the README documents (argparse uses 2 for usage errors too).
BAD_INPUT = 2


def _keys_help(service: str) -> str:
    keys = service_parameters(service)
    width = max(len(key) for key in keys)
    return "\n".join(f"  {key.ljust(width)}  {text}" for key, text in keys.items())


class Command(BaseCommand):
    # A command about workloads needs no URL or model checks; skipping them keeps it fast.
    requires_system_checks: list[str] = []
    help = "Price one AWS service for a month: line items and the total in USD."

    def run_from_argv(self, argv: list[str]) -> None:
        # Remembered so `price SERVICE --help` can list that service's keys.
        self._argv = argv
        super().run_from_argv(argv)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = self._epilog()
        parser.formatter_class = _HelpFormatter
        # key=value pairs may come before or after --format/--region.
        parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]
        return parser

    def _epilog(self) -> str:
        asked = [arg for arg in getattr(self, "_argv", [])[2:] if arg in priceable_services()]
        if asked:
            return f"keys for {asked[0]}:\n{_keys_help(asked[0])}"
        services = ", ".join(priceable_services())
        return (
            f"services: {services}\n`price SERVICE --help` lists a service's keys;"
            " `price --examples` prices AWS's worked examples."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("service", nargs="?", help="the service to price, e.g. lambda")
        parser.add_argument("pairs", nargs="*", metavar="key=value", help="the service's inputs")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--region", default=None, help=f"pricing region (default {DEFAULT_REGION})"
        )
        parser.add_argument(
            "--examples",
            action="store_true",
            help="price every AWS published worked example and show AWS's figure beside ours",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["examples"]:
            self._examples(options)
            return
        service = options["service"]
        if not service:
            raise CommandError("Name a service (or use --examples).", returncode=BAD_INPUT)
        try:
            service_parameters(service)  # an unknown service is named before its keys
            params = _pairs(options["pairs"])
            estimate = price_service(service, params, region=options["region"])
        except UnknownServiceError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        except UserMessageError as exc:
            message = f"{exc}\nKeys for {service}:\n{_keys_help(service)}"
            raise CommandError(message, returncode=BAD_INPUT) from None
        region = next(n for n in estimate.notes if n.startswith("region ")).split(" ", 1)[1]
        if options["format"] == "json":
            self.stdout.write(json.dumps(_as_dict(service, region, estimate), indent=2))
        else:
            self.stdout.write(_as_text(service, region, estimate))

    def _examples(self, options: dict[str, Any]) -> None:
        if options["service"] or options["pairs"]:
            raise CommandError("--examples takes no service or keys.", returncode=BAD_INPUT)
        results = [example_result(example) for example in pricing_examples()]
        if options["format"] == "json":
            payload = {"examples": [example_as_dict(result) for result in results]}
            self.stdout.write(json.dumps(payload, indent=2))
        else:
            self.stdout.write(_examples_text(results))


def _examples_text(results: list[ExampleResult]) -> str:
    """One row per example: AWS's figure, ours, and why they differ when they do."""
    rows = [("example", "AWS", "computed", "")]
    for result in results:
        example = result.example
        same = result.computed_usd == example.aws_usd
        rows.append(
            (
                example.id,
                f"${example.aws_usd:,.2f}",
                f"${result.computed_usd:,.2f}",
                "" if same else f"differs: {example.discrepancy}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(
            [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2]), row[3]]
        ).rstrip()
        for row in rows
    ]
    reproduced = sum(r.computed_usd == r.example.aws_usd for r in results)
    return "\n".join([*lines, f"{reproduced} of {len(results)} reproduced to the cent."]) + "\n"


def _pairs(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise UserMessageError(f"{pair!r} is not key=value.")
        params[key.strip()] = value
    return params


def _as_dict(service: str, region: str, estimate: Estimate) -> dict[str, Any]:
    items = [
        {
            "service": line.service,
            "item": line.item,
            "quantity": line.quantity,
            "unit": line.unit,
            "unit_price_usd": line.unit_price_usd,
            "monthly_usd": round(line.monthly_usd, 2),
        }
        for line in estimate.items
    ]
    return {
        "service": service,
        "region": region,
        "items": items,
        "monthly_usd": round(estimate.monthly_usd, 2),
    }


def _as_text(service: str, region: str, estimate: Estimate) -> str:
    """An aligned table for a person: text columns left, numbers right."""
    rows = [("item", "quantity", "unit", "unit price", "monthly")]
    rows += [
        (
            line.item,
            f"{line.quantity:,.6g}",
            line.unit,
            _money(line.unit_price_usd),
            f"${line.monthly_usd:,.2f}",
        )
        for line in estimate.items
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    table = ["  ".join(_cell(row, widths, column) for column in range(5)) for row in rows]
    total = f"Total: ${estimate.monthly_usd:,.2f} a month"
    return "\n".join([f"{service} in {region} (USD)", *table, total, *estimate.notes[1:]]) + "\n"


def _money(unit_price: float) -> str:
    """Unit prices as AWS prints them: $0.0000166667, never 1.66667e-05."""
    return "$" + (f"{unit_price:.10f}".rstrip("0").rstrip(".") or "0")


def _cell(row: tuple[str, ...], widths: list[int], column: int) -> str:
    left_aligned = column in (0, 2)
    text = row[column]
    return text.ljust(widths[column]) if left_aligned else text.rjust(widths[column])
