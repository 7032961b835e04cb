"""Advice: objects downloaded from S3 served through CloudFront instead of straight from
the region, where CloudFront's prices say so.

Data out of CloudFront costs less per GB than data out of the region at every volume
tier, the first 1 TB and 10 million requests a month are always free, and CloudFront's
fetches from an S3 origin cost nothing; but every download becomes a CloudFront HTTPS
request. The advice compares the two at their published prices, each with its own
always-free allowance, and claims no saving from caching (a hit spares an S3 GET, which
would only add to it). https://aws.amazon.com/cloudfront/pricing/
"""

from __future__ import annotations

from advisor.engine.costs import services as svc
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.workload import DataStore

GB_PER_TB = 1024


def cdn_advice(ctx: Context) -> str:
    """Serve the downloads through CloudFront, where that saves at least the assumption
    `edge_delivery_min_saving_usd` a month; empty otherwise."""
    if (
        ctx.workload.data_store != DataStore.OBJECT
        or ("cloudfront", "internet_out") not in ctx.table
    ):
        return ""
    gb_out = ctx.egress_gb()
    # Both with their always-free allowances: the region's 100 GB, CloudFront's 1 TB.
    region_usd = total_usd(svc.data_transfer_lines(ctx.table, gb_out=gb_out, free_tier=True))
    edge = svc.cloudfront_lines(
        ctx.table, requests=ctx.requests, gb_out=gb_out, gb_to_origin=0, free_tier=True
    )
    requests_usd = total_usd(line for line in edge if line.item.startswith("HTTPS requests"))
    edge_usd = total_usd(edge)
    saving_usd = region_usd - edge_usd
    if saving_usd < ctx.a["edge_delivery_min_saving_usd"]:
        return ""
    return (
        f"CloudFront in front of the downloads: the {gb_out / GB_PER_TB:,.1f} TB a month sent "
        f"to the internet would cost about ${edge_usd - requests_usd:,.0f} at CloudFront's "
        f"tiered rates (its first 1 TB a month free) plus ${requests_usd:,.0f} for "
        f"{ctx.requests / 1e6:,.1f} million HTTPS requests, against ${region_usd:,.0f} out "
        f"of the region: about ${saving_usd:,.0f} a month less before any caching "
        "(CloudFront fetches from S3 for free). Serve the bucket through a distribution with "
        "origin access control, and hand out CloudFront signed URLs instead of presigned S3 "
        "ones; every option pays the same, so the verdict does not move."
    )
