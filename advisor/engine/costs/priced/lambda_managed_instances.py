"""Lambda Managed Instances: the EC2 instances, Lambda's 15% management fee, and requests."""

from __future__ import annotations

from advisor.engine.costs.lines import Table, priced_lines, repriced
from advisor.engine.costs.params import hours, number, per_month, whole
from advisor.engine.costs.priced.base import PricedService, keyword_pricer
from advisor.engine.costs.priced.ec2 import instance_type_param
from advisor.engine.results import CostLine


def managed_instances_lines(
    table: Table,
    *,
    instance_type: str,
    instances: float,
    hours: float,
    requests: float,
    ec2_hourly_usd: float = 0,
    which: str = "",
) -> list[CostLine]:
    """`ec2_hourly_usd` is what one instance-hour costs you (a Savings Plan or Reserved
    Instance rate); 0 means on-demand. The fee is always on the on-demand price. `which`
    tells apart the lines of instances kept for different hours ("busy hours")."""
    on_demand = table["ec2", f"on_demand.{instance_type}"]
    ec2 = repriced(on_demand, ec2_hourly_usd) if ec2_hourly_usd else on_demand
    share = table["lambda_managed_instances", "management_fee_share"].unit_price_usd
    fee = repriced(
        table["lambda_managed_instances", "management_fee_share"],
        share * on_demand.unit_price_usd,
        unit="instance-hour",
    )
    instance_hours = instances * hours
    suffix = f", {which}" if which else ""
    lines = priced_lines(ec2, instance_hours, f"EC2 {instance_type} instance-hours{suffix}")
    lines += priced_lines(fee, instance_hours, f"management fee ({share:.0%} of on-demand){suffix}")
    if requests:
        lines = (
            priced_lines(table["lambda_managed_instances", "requests"], requests / 1e6, "requests")
            + lines
        )
    return lines


SERVICE = PricedService(
    key="lambda_managed_instances",
    params=(
        instance_type_param("m7g.xlarge"),
        whole("instances", 3, "instances kept (Lambda keeps 3 at least, one per AZ)", maximum=1e5),
        hours("hours each instance runs in the month"),
        per_month("requests_per_month", 1_000_000, "requests a month"),
        number(
            "ec2_hourly_usd",
            0,
            "what an instance-hour costs you, USD (0 = on-demand)",
            maximum=1000,
        ),
    ),
    pricer=keyword_pricer(managed_instances_lines, requests_per_month="requests"),
)
