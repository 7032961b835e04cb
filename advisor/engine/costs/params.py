"""`price SERVICE key=value ...`: the keys each service takes, and how their text is read."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.engine.workload import HOURS_PER_MONTH
from advisor.errors import UserMessageError

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "number", "whole", "bool", or "choice"
    default: Any
    description: str  # what it is, with its unit
    choices: tuple[str, ...] = ()

    def describe(self) -> str:
        allowed = f"; one of {'|'.join(self.choices)}" if self.choices else ""
        return f"{self.description}{allowed} (default {_shown(self.default)})"

    def parse(self, text: str) -> Any:
        value = text.strip()
        if self.kind == "choice":
            if value not in self.choices:
                raise UserMessageError(
                    f"{self.name}={text!r} is not allowed; use one of {', '.join(self.choices)}."
                )
            return value
        if self.kind == "bool":
            return _parse_bool(self.name, value)
        return _parse_number(self.name, value, whole=self.kind == "whole")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def _parse_bool(name: str, value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise UserMessageError(f"{name}={value!r} is not true or false.")


def _parse_number(name: str, value: str, *, whole: bool) -> float:
    try:
        number = float(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise UserMessageError(f"{name}={value!r} is not a number.") from None
    if not math.isfinite(number) or number < 0:
        raise UserMessageError(f"{name}={value!r} must be a finite number ≥ 0.")
    if whole and not number.is_integer():
        raise UserMessageError(f"{name}={value!r} must be a whole number.")
    return number


def _free_tier() -> Param:
    return Param("include_free_tier", "bool", False, "subtract the always-free allowance")


def _hours(description: str = "hours running in the month") -> Param:
    return Param("hours", "number", float(HOURS_PER_MONTH), description)


ARCHITECTURES = ("x86_64", "arm64")

SERVICE_PARAMS: dict[str, tuple[Param, ...]] = {
    "lambda": (
        Param("invocations_per_month", "number", 1_000_000.0, "invocations a month"),
        Param("duration_ms", "number", 100.0, "average run time, ms"),
        Param("memory_mb", "whole", 512, "memory per function, MB (128-10240)"),
        Param("architecture", "choice", "x86_64", "processor architecture", ARCHITECTURES),
        _free_tier(),
        Param("ephemeral_storage_mb", "whole", 512, "/tmp size, MB (512 included)"),
        Param("provisioned_concurrency", "whole", 0, "pre-warmed environments kept"),
        Param("provisioned_hours", "number", 0.0, "hours provisioned concurrency is enabled"),
    ),
    "fargate": (
        Param("tasks", "number", 1.0, "tasks running at once"),
        Param("vcpu", "number", 1.0, "vCPUs per task"),
        Param("memory_gb", "number", 2.0, "memory per task, GB"),
        _hours("hours each task runs in the month"),
        Param("architecture", "choice", "x86_64", "processor architecture", ARCHITECTURES),
        Param("ephemeral_storage_gb", "number", 20.0, "storage per task, GB (20 included)"),
    ),
    "step_functions": (
        Param("type", "choice", "standard", "workflow type", ("standard", "express")),
        Param("executions_per_month", "number", 100_000.0, "workflow executions a month"),
        Param("transitions_per_execution", "number", 5.0, "state transitions per execution"),
        Param("duration_ms", "number", 1000.0, "Express: average execution time, ms"),
        Param("memory_mb", "number", 64.0, "Express: memory used, MB (billed in 64 MB chunks)"),
        _free_tier(),
    ),
    "api_gateway": (
        Param("type", "choice", "http", "API type", ("http", "rest", "websocket")),
        Param("requests_per_month", "number", 1_000_000.0, "HTTP/REST: API calls a month"),
        Param("payload_kb", "number", 1.0, "request or message size, KB"),
        Param("messages_per_month", "number", 0.0, "WebSocket: messages a month"),
        Param("connection_minutes", "number", 0.0, "WebSocket: connection minutes a month"),
    ),
    "dynamodb": (
        Param("reads_per_month", "number", 1_000_000.0, "read request units a month"),
        Param("writes_per_month", "number", 1_000_000.0, "write request units a month"),
        Param("storage_gb", "number", 1.0, "data stored, GB"),
        _free_tier(),
    ),
    "sqs": (
        Param("requests_per_month", "number", 1_000_000.0, "API requests a month"),
        Param("payload_kb", "number", 1.0, "message size, KB (billed per 64 KB)"),
        Param("fifo", "bool", False, "FIFO queue"),
        _free_tier(),
    ),
    "sns": (
        Param("publishes_per_month", "number", 1_000_000.0, "publishes a month"),
        Param("payload_kb", "number", 1.0, "message size, KB (billed per 64 KB)"),
        _free_tier(),
    ),
    "s3": (
        Param("storage_gb", "number", 100.0, "data stored in S3 Standard, GB"),
        Param("put_requests_per_month", "number", 10_000.0, "PUT/COPY/POST/LIST requests a month"),
        Param("get_requests_per_month", "number", 100_000.0, "GET requests a month"),
    ),
    "ec2": (
        Param("instance_type", "choice", "m7g.large", "instance type", ()),
        Param("count", "whole", 1, "instances"),
        _hours(),
        Param("purchase", "choice", "on_demand", "how it is bought", ("on_demand", "reserved_1y")),
    ),
    "cloudwatch_logs": (
        Param("ingested_gb", "number", 10.0, "log data written a month, GB"),
        Param("retention_months", "number", 1.0, "months logs are kept"),
        _free_tier(),
    ),
    "data_transfer": (
        Param("gb_out", "number", 100.0, "data sent to the internet a month, GB"),
        _free_tier(),
    ),
    "alb": (
        Param("count", "whole", 1, "load balancers"),
        _hours(),
        Param("lcu", "number", 1.0, "average capacity units (LCU) in use"),
    ),
    "rds_proxy": (
        Param("db_vcpu", "number", 2.0, "vCPUs of the database behind the proxy (2 minimum)"),
        _hours(),
    ),
}


def parse_params(service: str, raw: Mapping[str, str], specs: tuple[Param, ...]) -> dict[str, Any]:
    """Defaults overlaid with the given values; an unknown key is an error naming it."""
    known = {spec.name: spec for spec in specs}
    values = {spec.name: spec.default for spec in specs}
    for key, text in raw.items():
        if key not in known:
            raise UserMessageError(
                f"{service} has no key {key!r}. Its keys are: {', '.join(known)}, region."
            )
        values[key] = known[key].parse(str(text))
    return values
