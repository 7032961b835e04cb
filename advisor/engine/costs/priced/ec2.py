"""Amazon EC2 Linux instances, on demand or bought for 1 or 3 years (no upfront payment)."""

from __future__ import annotations

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import Table, priced_lines, purchased_row
from advisor.engine.costs.params import Param, hours, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.results import CostLine

# How each purchase option reads on a line; the options offered are those the pricing
# knowledge has rows for (`<purchase>.<instance type>`).
PURCHASE_LABELS = {
    "on_demand": "on-demand",
    "reserved_1y": "1-year reserved, no upfront",
    "reserved_3y": "3-year reserved, no upfront",
    "savings_plan_1y": "1-year Compute Savings Plan, no upfront",
    "savings_plan_3y": "3-year Compute Savings Plan, no upfront",
    "instance_savings_plan_1y": "1-year EC2 Instance Savings Plan, no upfront",
    "instance_savings_plan_3y": "3-year EC2 Instance Savings Plan, no upfront",
}


def ec2_lines(
    table: Table, *, instance_type: str, count: float, hours: float, purchase: str
) -> list[CostLine]:
    # EC2 rows are keyed `<purchase>.<instance type>`, on-demand included.
    row = purchased_row(table, "ec2", f"{purchase}.{instance_type}", "on_demand")
    return priced_lines(
        row,
        count * hours,
        f"{count:g} x {instance_type} ({PURCHASE_LABELS.get(purchase, purchase)})",
    )


def ec2_surplus_credit_lines(table: Table, *, family: str, vcpu_hours: float) -> list[CostLine]:
    """A burstable family's surplus CPU credits (Unlimited mode), per vCPU-hour."""
    return priced_lines(
        table["ec2", f"surplus_credit.{family}"], vcpu_hours, f"{family} surplus CPU credits"
    )


def instance_types() -> tuple[str, ...]:
    return tuple(sorted(pricing_catalog().instances))


def purchase_options() -> tuple[str, ...]:
    catalog = pricing_catalog()
    keys = {key for service, key in catalog.table(catalog.regions[0]) if service == "ec2"}
    offered = {key.split(".", 1)[0] for key in keys}
    return tuple(option for option in PURCHASE_LABELS if option in offered)


def instance_type_param(default: str = "m7g.large") -> Param:
    return Param("instance_type", "choice", default, "instance type", choices_from=instance_types)


def purchase_param() -> Param:
    return Param(
        "purchase", "choice", "on_demand", "how it is bought", choices_from=purchase_options
    )


SERVICE = PricedService(
    key="ec2",
    params=(
        instance_type_param(),
        whole("count", 1, "instances", maximum=1e5),
        hours(),
        purchase_param(),
    ),
    pricer=keyword_pricer(ec2_lines),
)
