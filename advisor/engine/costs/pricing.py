"""Pricing one service from `key=value` text: what `manage.py price` calls."""

from __future__ import annotations

from collections.abc import Mapping

from advisor.engine.costs.catalog import DEFAULT_REGION, pricing_catalog
from advisor.engine.costs.lines import estimate
from advisor.engine.costs.params import parse_params
from advisor.engine.costs.registry import priceable_services, priced_service
from advisor.engine.results import Estimate
from advisor.errors import UserMessageError

__all__ = ["DEFAULT_REGION", "price_service", "priceable_services", "service_parameters"]


def service_parameters(service: str) -> dict[str, str]:
    """{key: description with unit, default and ceiling} for one service (raises for an
    unknown one)."""
    described = {spec.name: spec.describe() for spec in priced_service(service).params}
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
    entry = priced_service(service)
    chosen = _region(params, region)
    given = {key: value for key, value in params.items() if key != "region"}
    values = parse_params(service, given, entry.params)
    lines = entry.pricer(pricing_catalog().table(chosen), values)
    notes = pricing_catalog().notes.get(service, ())
    return estimate(lines, notes=(f"region {chosen}", *notes))
