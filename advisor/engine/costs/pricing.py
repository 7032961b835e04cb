"""Pricing one service from `key=value` text: what `manage.py price` calls."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import estimate
from advisor.engine.costs.params import SERVICE_PARAMS, Param, parse_params
from advisor.engine.results import CostLine, Estimate
from advisor.errors import UnknownServiceError, UserMessageError

DEFAULT_REGION = "us-east-1"

Values = dict[str, Any]
Table = svc.Table


def _lambda(table: Table, v: Values) -> list[CostLine]:
    return svc.lambda_lines(
        table,
        invocations=v["invocations_per_month"],
        duration_ms=v["duration_ms"],
        memory_mb=v["memory_mb"],
        architecture=v["architecture"],
        free_tier=v["include_free_tier"],
        ephemeral_storage_mb=v["ephemeral_storage_mb"],
        provisioned_concurrency=v["provisioned_concurrency"],
        provisioned_hours=v["provisioned_hours"],
    )


def _fargate(table: Table, v: Values) -> list[CostLine]:
    return svc.fargate_lines(
        table,
        tasks=v["tasks"],
        vcpu=v["vcpu"],
        memory_gb=v["memory_gb"],
        hours=v["hours"],
        architecture=v["architecture"],
        ephemeral_storage_gb=v["ephemeral_storage_gb"],
    )


def _step_functions(table: Table, v: Values) -> list[CostLine]:
    return svc.step_functions_lines(
        table,
        workflow_type=v["type"],
        executions=v["executions_per_month"],
        transitions_per_execution=v["transitions_per_execution"],
        duration_ms=v["duration_ms"],
        memory_mb=v["memory_mb"],
        free_tier=v["include_free_tier"],
    )


def _api_gateway(table: Table, v: Values) -> list[CostLine]:
    return svc.api_gateway_lines(
        table,
        api_type=v["type"],
        requests=v["requests_per_month"],
        payload_kb=v["payload_kb"],
        messages=v["messages_per_month"],
        connection_minutes=v["connection_minutes"],
    )


_PRICERS: dict[str, Callable[[Table, Values], list[CostLine]]] = {
    "lambda": _lambda,
    "fargate": _fargate,
    "step_functions": _step_functions,
    "api_gateway": _api_gateway,
    "dynamodb": lambda t, v: svc.dynamodb_lines(
        t,
        reads=v["reads_per_month"],
        writes=v["writes_per_month"],
        storage_gb=v["storage_gb"],
        free_tier=v["include_free_tier"],
    ),
    "sqs": lambda t, v: svc.sqs_lines(
        t,
        requests=v["requests_per_month"],
        payload_kb=v["payload_kb"],
        fifo=v["fifo"],
        free_tier=v["include_free_tier"],
    ),
    "sns": lambda t, v: svc.sns_lines(
        t,
        publishes=v["publishes_per_month"],
        payload_kb=v["payload_kb"],
        free_tier=v["include_free_tier"],
    ),
    "s3": lambda t, v: svc.s3_lines(
        t,
        storage_gb=v["storage_gb"],
        puts=v["put_requests_per_month"],
        gets=v["get_requests_per_month"],
    ),
    "ec2": lambda t, v: svc.ec2_lines(
        t,
        instance_type=v["instance_type"],
        count=v["count"],
        hours=v["hours"],
        purchase=v["purchase"],
    ),
    "cloudwatch_logs": lambda t, v: svc.cloudwatch_logs_lines(
        t,
        ingested_gb=v["ingested_gb"],
        retention_months=v["retention_months"],
        free_tier=v["include_free_tier"],
    ),
    "data_transfer": lambda t, v: svc.data_transfer_lines(
        t, gb_out=v["gb_out"], free_tier=v["include_free_tier"]
    ),
    "alb": lambda t, v: svc.alb_lines(t, hours=v["hours"], lcu=v["lcu"], count=v["count"]),
    "rds_proxy": lambda t, v: svc.rds_proxy_lines(t, db_vcpu=v["db_vcpu"], hours=v["hours"]),
}


def priceable_services() -> tuple[str, ...]:
    return tuple(sorted(_PRICERS))


@functools.cache
def _specs(service: str) -> tuple[Param, ...]:
    if service not in _PRICERS:
        raise UnknownServiceError(
            f"Unknown service {service!r}. Services: {', '.join(priceable_services())}."
        )
    specs = SERVICE_PARAMS[service]
    if service == "ec2":
        # The instance types come from the pricing knowledge, not from code.
        types = tuple(sorted(pricing_catalog().instances))
        specs = tuple(replace(s, choices=types) if s.name == "instance_type" else s for s in specs)
    return specs


def service_parameters(service: str) -> dict[str, str]:
    """{key: description with unit and default} for one service (raises for an unknown one)."""
    described = {spec.name: spec.describe() for spec in _specs(service)}
    regions = ", ".join(pricing_catalog().regions)
    described["region"] = f"pricing region; one of {regions} (default {DEFAULT_REGION})"
    return described


def _region(params: Mapping[str, str], region: str | None) -> str:
    chosen = (region or params.get("region") or DEFAULT_REGION).strip()
    regions = pricing_catalog().regions
    if chosen not in regions:
        raise UserMessageError(f"region={chosen!r} is not priced; use one of {', '.join(regions)}.")
    return chosen


def price_service(
    service: str, params: Mapping[str, str], *, region: str | None = None
) -> Estimate:
    """Line items and monthly total for one service, from `key=value` text."""
    specs = _specs(service)
    chosen = _region(params, region)
    given = {key: value for key, value in params.items() if key != "region"}
    values = parse_params(service, given, specs)
    lines = _PRICERS[service](pricing_catalog().table(chosen), values)
    notes = pricing_catalog().notes.get(service, ())
    return estimate(lines, notes=(f"region {chosen}", *notes))
