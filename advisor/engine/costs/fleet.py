"""An EC2 fleet's instances as a bill carries them: the off-peak instances every hour,
bought as the commitment says, and the busy hours' extra instances on demand. The VM option
and the GPU instances (whichever option runs them) are priced through it."""

from __future__ import annotations

from advisor.engine.costs import services as svc
from advisor.engine.costs.model import Context
from advisor.engine.results import CostLine
from advisor.engine.workload import HOURS_PER_MONTH

# The reserved term each commitment buys for EC2 (Standard, no upfront).
_VM_PURCHASES = {0: "on_demand", 1: "reserved_1y", 3: "reserved_3y"}


def vm_purchase(ctx: Context, instance_type: str) -> str:
    """The purchase the commitment buys for this instance type. A term whose rate the
    pricing knowledge lacks for it falls back to the 1-year rate, which
    `vm_purchase_note` says (a 3-year term would cost less)."""
    purchase = _VM_PURCHASES[ctx.workload.commitment_years]
    if purchase != "on_demand" and ("ec2", f"{purchase}.{instance_type}") not in ctx.table:
        return "reserved_1y"
    return purchase


def vm_purchase_note(ctx: Context, instance_type: str) -> list[str]:
    """What the estimate says when a commitment is not priced at its own term's rate."""
    wanted = _VM_PURCHASES[ctx.workload.commitment_years]
    if vm_purchase(ctx, instance_type) == wanted:
        return []
    return [
        f"No {ctx.workload.commitment_years}-year reserved rate is recorded for "
        f"{instance_type} in {ctx.workload.region}: priced at the 1-year rate, so a "
        "longer term would cost less."
    ]


def scaled_instance_lines(
    ctx: Context, instance_type: str, base: int, peak: int, purchase: str
) -> list[CostLine]:
    """`base` instances every hour, bought as `purchase`, and up to `peak` on demand
    through the busy hours (scheduled scaling of an Auto Scaling group)."""
    lines = svc.ec2_lines(
        ctx.table, instance_type=instance_type, count=base, hours=HOURS_PER_MONTH, purchase=purchase
    )
    if peak > base:
        lines += svc.ec2_lines(
            ctx.table,
            instance_type=instance_type,
            count=peak - base,
            hours=ctx.peak_hours_per_month(),
            purchase="on_demand",
        )
    return lines
