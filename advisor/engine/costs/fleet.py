"""An EC2 fleet's instances as a bill carries them: the off-peak instances every hour,
bought as the commitment says, and the busy hours' extra instances on demand. The VM option
and the GPU instances (whichever option runs them) are priced through it."""

from __future__ import annotations

from advisor.engine.costs import services as svc
from advisor.engine.costs.model import Context
from advisor.engine.results import CostLine
from advisor.engine.workload import HOURS_PER_MONTH

# The purchase the commitment buys for EC2. No 3-year rates are in the pricing knowledge
# yet: a 3-year commitment is priced at the 1-year reserved rate (it would cost less).
_VM_PURCHASES = {0: "on_demand", 1: "reserved_1y", 3: "reserved_1y"}


def vm_purchase(ctx: Context) -> str:
    return _VM_PURCHASES[ctx.workload.commitment_years]


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
