"""The cost sections: line items, break-even, sensitivity, assumptions and price sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from advisor.engine.costs import priced_options, pricing_catalog
from advisor.engine.costs.option_kinds import COMPARED, OPTIONS_BY_KEY, priced_kinds
from advisor.engine.costs.registry import display_name
from advisor.engine.results import Assessment, CostLine, Source
from advisor.engine.sensitivity import COMPARED_KEYS, compared_usd, traffic_sensitivity
from advisor.engine.workload import Workload
from advisor.render.reasoning import own_lines
from advisor.render.report.formatting import number, signed_usd, source_rows, unit_price, usd

# 1x is the workload as described: a reference row between the what-ifs.
SENSITIVITY_FACTORS = (0.5, 1.0, 2.0, 10.0)


def option_rows(workload: Workload, assessment: Assessment) -> list[dict[str, Any]]:
    """Each option's own lines; the lines every option pays alike are listed once."""
    costs = assessment.costs
    rows = []
    for kind, estimate in priced_kinds(costs):
        own = own_lines(costs, estimate)
        rows.append(
            {
                "label": kind.label(workload),
                "total": usd(estimate.monthly_usd),
                "own_total": usd(sum(line.monthly_usd for line in own)),
                "items": [_line(line) for line in own],
                "notes": [n for n in estimate.notes if n not in costs.shared.notes],
            }
        )
    return rows


def shared_rows(assessment: Assessment) -> dict[str, Any]:
    shared = assessment.costs.shared
    return {
        "total": usd(shared.monthly_usd),
        "items": [_line(line) for line in shared.items],
        "notes": shared.notes,
    }


def _line(line: CostLine) -> dict[str, str]:
    return {
        "service": line.service.replace("_", " "),
        "item": line.item,
        "quantity": number(line.quantity),
        "unit": line.unit,
        "unit_price": unit_price(line.unit_price_usd),
        "monthly": usd(line.monthly_usd),
    }


def break_even_text(workload: Workload, assessment: Assessment) -> str:
    rate = assessment.costs.break_even_avg_rps
    if rate is None:
        return "With this shape of traffic the costs never cross: there is no break-even rate."
    side = "below" if workload.avg_rps < rate else "above"
    return (
        f"Serverless costs as much as the cheapest alternative at an average of "
        f"{number(rate)} req/s; this workload averages {number(workload.avg_rps)} req/s, "
        f"{side} the break-even."
    )


def compared_headings() -> list[str]:
    """The columns of the tables that set the compared options side by side."""
    return [kind.short for kind in COMPARED]


def sensitivity_rows(workload: Workload, assessment: Assessment) -> list[dict[str, Any]]:
    rows = traffic_sensitivity(
        workload, SENSITIVITY_FACTORS, offloaded_parts=assessment.costs.offloaded_parts
    )
    return [
        {
            "factor": f"{row.factor:g}×",
            "avg_rps": number(row.avg_rps),
            "costs": [usd(row.usd_by_option[kind.key]) for kind in COMPARED],
            "cheapest": OPTIONS_BY_KEY[row.cheapest_option].short,
            "current": row.factor == 1.0,
        }
        for row in rows
    ]


def assumption_effects(workload: Workload, assessment: Assessment) -> list[dict[str, Any]]:
    """The assumptions the estimate depends on: each option's change in monthly cost when
    one assumption is doubled (a fraction is halved, as it cannot pass 1), largest first."""
    costs = assessment.costs
    base = compared_usd(costs)
    rows = []
    for assumption in costs.assumptions:
        factor = 0.5 if assumption.unit == "fraction" else 2.0
        changed = {**dict(workload.assumptions), assumption.name: assumption.value * factor}
        # Only the totals are read: no break-even search or advice for each assumption.
        other = priced_options(
            workload.with_changes(assumptions=tuple(sorted(changed.items()))),
            offloaded_parts=costs.offloaded_parts,
            only=COMPARED_KEYS,
        )
        deltas = [usd - base[key] for key, usd in compared_usd(other).items()]
        if any(abs(delta) >= 0.005 for delta in deltas):
            rows.append(
                {
                    "name": assumption.name,
                    "description": assumption.description,
                    "value": f"{number(assumption.value)} {assumption.unit}",
                    "overridden": assumption.overridden,
                    "change": "halved" if factor < 1 else "doubled",
                    "deltas": [signed_usd(delta) for delta in deltas],
                    "size": max(abs(delta) for delta in deltas),
                }
            )
    return sorted(rows, key=lambda row: -row["size"])


def pricing_sources(workload: Workload, assessment: Assessment) -> list[dict[str, Any]]:
    """The price sources of every service the estimates use, in the workload's region."""
    catalog = pricing_catalog()
    used = {
        line.service for _, estimate in priced_kinds(assessment.costs) for line in estimate.items
    }
    rows = []
    for service in sorted(used):
        prices = [p for (s, _), p in catalog.table(workload.region).items() if s == service]
        rows.append(
            {
                "service": display_name(service),
                "sources": _unique_sources(s for price in prices for s in price.sources),
            }
        )
    return rows


def assumption_sources(assessment: Assessment) -> list[dict[str, str]]:
    specs = pricing_catalog().assumptions
    names = [a.name for a in assessment.costs.assumptions if a.name in specs]
    return _unique_sources(s for name in names for s in specs[name].sources)


def _unique_sources(sources: Iterable[Source]) -> list[dict[str, str]]:
    key: Callable[[Source], tuple[str, str]] = lambda s: (s.url or s.section, s.title)  # noqa: E731
    unique = {key(source): source for source in sources}
    return source_rows(unique[k] for k in sorted(unique))
