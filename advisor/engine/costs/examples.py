"""AWS's own worked pricing examples, kept as data (knowledge/pricing/examples/*.yaml) and
priced by the engine: `price --examples` and the tests compare the two to the cent.

An example is one or more `price` calls (parts) whose totals add up to the page's figure;
`lines` name the page's per-line figures by how the engine's line items start. A page whose
own numbers are inconsistent keeps its figure and states why and by how much the engine
differs (`discrepancy`, `difference_usd`) instead of being bent to match.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, HttpUrl, model_validator

from advisor.engine.costs.pricing import DEFAULT_REGION, price_service
from advisor.engine.knowledge import StrictModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir
from advisor.engine.results import CostLine

EXAMPLES_DIR = "pricing/examples"
Scalar = float | int | bool | str


class PartModel(StrictModel):
    service: str
    inputs: dict[str, Scalar] = Field(default_factory=dict)


class LineModel(StrictModel):
    item: str = Field(min_length=1)  # how the engine's line items start, e.g. "requests"
    service: str | None = None  # only lines of this part's service
    aws_usd: float


class ExampleModel(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=3)
    service: str
    inputs: dict[str, Scalar] = Field(default_factory=dict)
    also: tuple[PartModel, ...] = ()  # more `price` calls the page adds in
    region: str = DEFAULT_REGION
    aws_usd: float
    lines: tuple[LineModel, ...] = ()
    # "lines": the page adds line figures it has already rounded to the cent.
    rounding: Literal["total", "lines"] = "total"
    discrepancy: str | None = None
    difference_usd: float | None = None  # computed minus the page's figure, when it differs

    @model_validator(mode="after")
    def _a_difference_needs_a_reason(self) -> ExampleModel:
        if (self.discrepancy is None) != (self.difference_usd is None):
            raise ValueError(f"{self.id}: give both discrepancy and difference_usd, or neither")
        return self


class ExamplesFileModel(StrictModel):
    kind: Literal["pricing_examples"]
    source_url: HttpUrl
    source_title: str = Field(min_length=3)
    retrieved: dt.date
    examples: tuple[ExampleModel, ...] = Field(min_length=1)


@dataclass(frozen=True)
class PricingExample:
    id: str
    title: str
    service: str
    source_url: str
    source_title: str
    retrieved: str
    region: str
    parts: tuple[tuple[str, Mapping[str, Scalar]], ...]  # (service, its `price` keys)
    aws_usd: float
    lines: tuple[tuple[str, str | None, float], ...]  # (item start, service, page's USD)
    rounding: str
    discrepancy: str | None
    difference_usd: float | None


@dataclass(frozen=True)
class ExampleResult:
    example: PricingExample
    computed_usd: float  # to the cent, rounded as the page rounds
    # (item start, page's USD, computed USD to the page's precision, the cent at least)
    line_usd: tuple[tuple[str, float, float], ...]
    items: tuple[CostLine, ...]


def cents(amount: float) -> float:
    """Half up to the cent; the nudge keeps 0.625 (stored as 0.62499...) at 0.63."""
    return round(amount + 1e-9, 2)


def as_stated(amount: float, stated: float) -> float:
    """`amount` to the precision the page states `stated` in, the cent at least: a page
    that writes a line as $0.045 (one NAT gateway-hour) is compared to the tenth of a cent."""
    places = max(2, -Decimal(str(stated)).normalize().as_tuple().exponent)
    return round(amount + 1e-9, places)


def _texts(inputs: Mapping[str, Scalar]) -> dict[str, str]:
    # `price` reads text: booleans as true/false, numbers as written.
    return {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in inputs.items()
    }


def _example(model: ExampleModel, file: ExamplesFileModel) -> PricingExample:
    parts = ((model.service, model.inputs), *((p.service, p.inputs) for p in model.also))
    return PricingExample(
        id=model.id,
        title=model.title,
        service=model.service,
        source_url=str(file.source_url),
        source_title=file.source_title,
        retrieved=file.retrieved.isoformat(),
        region=model.region,
        parts=tuple((service, dict(inputs)) for service, inputs in parts),
        aws_usd=model.aws_usd,
        lines=tuple((line.item, line.service, line.aws_usd) for line in model.lines),
        rounding=model.rounding,
        discrepancy=model.discrepancy,
        difference_usd=model.difference_usd,
    )


@functools.cache
def pricing_examples() -> tuple[PricingExample, ...]:
    """Every worked example, read and validated once per process."""
    examples: list[PricingExample] = []
    for path, data in read_knowledge_dir(EXAMPLES_DIR):
        file = parse_knowledge(ExamplesFileModel, data, where=path)
        examples += [_example(model, file) for model in file.examples]
    return tuple(examples)


def example_result(example: PricingExample) -> ExampleResult:
    """Price every part with the engine and add them up as the page does."""
    items = tuple(
        line
        for service, inputs in example.parts
        for line in price_service(service, _texts(inputs), region=example.region).items
    )
    if example.rounding == "lines":
        computed = cents(sum(cents(line.monthly_usd) for line in items))
    else:
        computed = cents(sum(line.monthly_usd for line in items))
    line_usd = tuple(
        (start, aws_usd, as_stated(_matching_usd(items, start, service), aws_usd))
        for start, service, aws_usd in example.lines
    )
    return ExampleResult(example, computed, line_usd, items)


def _matching_usd(items: tuple[CostLine, ...], start: str, service: str | None) -> float:
    return sum(
        line.monthly_usd
        for line in items
        if line.item.startswith(start) and (service is None or line.service == service)
    )


def example_as_dict(result: ExampleResult) -> dict[str, Any]:
    """One example for `price --examples --format json`."""
    example = result.example
    first_inputs = dict(example.parts[0][1])
    answer: dict[str, Any] = {
        "id": example.id,
        "service": example.service,
        "source_url": example.source_url,
        "inputs": first_inputs,
        "aws_usd": example.aws_usd,
        "computed_usd": result.computed_usd,
    }
    if len(example.parts) > 1:
        answer["also"] = [{"service": s, "inputs": dict(i)} for s, i in example.parts[1:]]
    if example.discrepancy:
        answer["discrepancy"] = example.discrepancy
    return answer
