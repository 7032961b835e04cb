"""The pricing knowledge (knowledge/pricing/*.yaml), validated once and kept in fast lookups.

Price files hold rows of `{region, key, unit, price_usd | tiers, free_per_month, sources}`;
`assumptions.yaml` holds the cost model's overridable assumptions. Both are parsed into
StrictModel models (unknown keys are errors that name the file), then turned into frozen
dataclasses the cost code reads without touching pydantic again.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field, model_validator

from advisor.engine.facts import cold_start_table
from advisor.engine.knowledge import SourceModel, StrictModel, parse_knowledge
from advisor.engine.loader import read_knowledge_dir
from advisor.engine.results import Source
from advisor.errors import KnowledgeFileError

PRICING_DIR = "pricing"
# The region a workload is priced in when its answers name none: the one home of that
# default (the questionnaire, `price` and the worked examples read it from here). The
# catalog refuses to load if no price file has rows for it.
DEFAULT_REGION = "us-east-1"


class TierModel(StrictModel):
    up_to: float | None = Field(default=None, gt=0)  # upper bound in the row's unit; None: no end
    price_usd: float = Field(ge=0)


class PriceRowModel(StrictModel):
    region: str
    key: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    price_usd: float | None = Field(default=None, ge=0)
    tiers: tuple[TierModel, ...] = ()
    free_per_month: float = Field(default=0, ge=0)  # in the row's unit
    sources: tuple[SourceModel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_price_shape(self) -> PriceRowModel:
        if (self.price_usd is None) == (not self.tiers):
            raise ValueError(f"row {self.key!r}: give either price_usd or tiers, not both")
        bounds = [tier.up_to for tier in self.tiers]
        if self.tiers and (bounds[-1] is not None or None in bounds[:-1]):
            raise ValueError(f"row {self.key!r}: only the last tier may be open-ended")
        if bounds[:-1] != sorted(b for b in bounds[:-1] if b is not None):
            raise ValueError(f"row {self.key!r}: tier bounds must ascend")
        return self


class MeterModel(StrictModel):
    """A figure the bill is measured in that is not a price: what one capacity unit holds,
    a free allowance per request."""

    key: str = Field(min_length=1)
    value: float = Field(gt=0)
    unit: str = Field(min_length=1)
    sources: tuple[SourceModel, ...] = Field(min_length=1)


class InstanceModel(StrictModel):
    type: str
    vcpu: float = Field(gt=0)
    memory_gib: float = Field(gt=0)
    architecture: Literal["x86_64", "arm64"]
    gpus: int = Field(default=0, ge=0)


class PriceFileModel(StrictModel):
    kind: Literal["prices"]
    service: str
    name: str
    short_name: str | None = None  # a chart legend's shorter label; `name` when absent
    currency: Literal["USD"]
    as_of: dt.date
    notes: tuple[str, ...] = ()
    # Named source lists the rows point at through YAML anchors; validated like any source.
    sources_used: dict[str, tuple[SourceModel, ...]] = Field(default_factory=dict)
    instances: tuple[InstanceModel, ...] = ()
    meters: tuple[MeterModel, ...] = ()
    rows: tuple[PriceRowModel, ...] = Field(min_length=1)


class AssumptionModel(StrictModel):
    name: str
    default: float = Field(ge=0)
    unit: str
    description: str = Field(min_length=10)
    sources: tuple[SourceModel, ...] = Field(min_length=1)


class AssumptionsFileModel(StrictModel):
    kind: Literal["assumptions"]
    as_of: dt.date
    sources_used: dict[str, tuple[SourceModel, ...]] = Field(default_factory=dict)
    assumptions: tuple[AssumptionModel, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Price:
    """One priced quantity in one region: a unit and (upper bound, USD per unit) tiers."""

    service: str
    key: str
    unit: str
    tiers: tuple[tuple[float, float], ...]  # the last bound is math.inf
    free_per_month: float
    sources: tuple[Source, ...]

    @property
    def unit_price_usd(self) -> float:
        return self.tiers[0][1]


@dataclass(frozen=True)
class AssumptionSpec:
    name: str
    default: float
    unit: str
    description: str
    sources: tuple[Source, ...] = ()

    def describe(self) -> str:
        return f"{self.description} ({self.unit}; default {self.default:g})"


@dataclass(frozen=True)
class InstanceSpec:
    type: str
    vcpu: float
    memory_gib: float
    architecture: str
    gpus: int


@dataclass(frozen=True)
class PricingCatalog:
    regions: tuple[str, ...]
    services: tuple[str, ...]
    as_of: str
    assumptions: dict[str, AssumptionSpec]
    service_names: dict[str, str]  # service -> what a person calls it
    short_names: dict[str, str]  # service -> the shorter label a chart legend uses
    instances: dict[str, InstanceSpec]  # EC2's instance types (the fleets' and the GPUs')
    # Each priced service's own instance classes (EC2's, RDS's DB instance classes).
    service_instances: dict[str, dict[str, InstanceSpec]]
    notes: dict[str, tuple[str, ...]]
    meters: dict[tuple[str, str], float]  # (service, key) -> value, every region alike
    # region -> {(service, key) -> Price}
    tables: dict[str, dict[tuple[str, str], Price]] = field(repr=False)

    def table(self, region: str) -> dict[tuple[str, str], Price]:
        return self.tables[region]

    def meter(self, service: str, key: str) -> float:
        return self.meters[service, key]

    def instances_of(self, service: str) -> dict[str, InstanceSpec]:
        return self.service_instances.get(service, {})


def _price(service: str, row: PriceRowModel) -> Price:
    if row.price_usd is not None:
        tiers = ((math.inf, row.price_usd),)
    else:
        tiers = tuple((t.up_to or math.inf, t.price_usd) for t in row.tiers)
    return Price(
        service=service,
        key=row.key,
        unit=row.unit,
        tiers=tiers,
        free_per_month=row.free_per_month,
        sources=tuple(source.to_result() for source in row.sources),
    )


def _assumption(model: AssumptionModel) -> AssumptionSpec:
    return AssumptionSpec(
        name=model.name,
        default=model.default,
        unit=model.unit,
        description=model.description,
        sources=tuple(source.to_result() for source in model.sources),
    )


def _cold_start_assumptions() -> dict[str, AssumptionSpec]:
    """facts.py reads `cold_start_ms_<runtime>` overrides; list them so the form accepts them."""
    table = cold_start_table()
    sources = tuple(source.to_result() for source in table.sources)
    return {
        f"cold_start_ms_{runtime.value}": AssumptionSpec(
            name=f"cold_start_ms_{runtime.value}",
            default=float(ms),
            unit="ms",
            description=f"typical cold-start latency of a {runtime.value} function",
            sources=sources,
        )
        for runtime, ms in table.runtimes.items()
    }


def _parse_files() -> tuple[list[PriceFileModel], AssumptionsFileModel]:
    price_files: list[PriceFileModel] = []
    assumptions: AssumptionsFileModel | None = None
    for path, data in read_knowledge_dir(PRICING_DIR):
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind == "assumptions":
            assumptions = parse_knowledge(AssumptionsFileModel, data, where=path)
        else:
            price_files.append(parse_knowledge(PriceFileModel, data, where=path))
    if assumptions is None or not price_files:
        raise KnowledgeFileError("knowledge/pricing needs price files and assumptions.yaml")
    return price_files, assumptions


def _tables(files: list[PriceFileModel]) -> dict[str, dict[tuple[str, str], Price]]:
    tables: dict[str, dict[tuple[str, str], Price]] = {}
    for file in files:
        for row in file.rows:
            slot = (file.service, row.key)
            region_table = tables.setdefault(row.region, {})
            if slot in region_table:
                raise KnowledgeFileError(f"pricing {file.service}: {row.region} {row.key} twice")
            region_table[slot] = _price(file.service, row)
    return tables


@functools.cache
def pricing_catalog() -> PricingCatalog:
    """The whole pricing knowledge, read and validated once per process."""
    files, assumption_file = _parse_files()
    assumptions = {a.name: _assumption(a) for a in assumption_file.assumptions}
    assumptions.update(_cold_start_assumptions())
    tables = _tables(files)
    service_instances = {
        file.service: {i.type: _instance(i) for i in file.instances}
        for file in files
        if file.instances
    }
    if DEFAULT_REGION not in tables:
        raise KnowledgeFileError(f"pricing: the default region {DEFAULT_REGION} has no prices")
    return PricingCatalog(
        regions=tuple(sorted(tables)),
        services=tuple(sorted(file.service for file in files)),
        as_of=max([f.as_of for f in files] + [assumption_file.as_of]).isoformat(),
        assumptions=dict(sorted(assumptions.items())),
        service_names={file.service: file.name for file in files},
        short_names={file.service: file.short_name or file.name for file in files},
        instances=service_instances.get("ec2", {}),
        service_instances=service_instances,
        notes={file.service: file.notes for file in files},
        meters={(file.service, m.key): m.value for file in files for m in file.meters},
        tables=tables,
    )


def _instance(model: InstanceModel) -> InstanceSpec:
    return InstanceSpec(model.type, model.vcpu, model.memory_gib, model.architecture, model.gpus)


def raw_price_files() -> tuple[tuple[str, Any], ...]:
    """(path, data) of every pricing file, for the knowledge tests."""
    return read_knowledge_dir(PRICING_DIR)
