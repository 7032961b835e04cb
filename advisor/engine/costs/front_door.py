"""The front door of the Lambda functions' HTTP requests, priced either way: an API
Gateway HTTP API (per request), or an Application Load Balancer with the functions as
its targets (per hour and per capacity unit, whatever the request count).

An hour's capacity units (LCU) are its largest dimension, each measured against what one
LCU holds (knowledge/pricing/alb.yaml, `meters`): new connections a second, active
connections a minute, processed bytes an hour (0.4 GB for Lambda targets, 1 GB for
instances and containers) and rule evaluations a second past the free ten per request.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.database import with_database
from advisor.engine.costs.delivery_stream import with_delivery_stream
from advisor.engine.costs.event_stream import with_event_fan_out, with_event_stream
from advisor.engine.costs.idempotency import with_event_idempotency
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.costs.private_network import public_address_lines, with_fleet_route
from advisor.engine.costs.services import KB_PER_GB
from advisor.engine.costs.table_capacity import with_table_capacity
from advisor.engine.design import FrontDoorBar, design_for
from advisor.engine.results import CostLine, Design, FrontDoorQuote, OffloadPart
from advisor.engine.workload import HOURS_PER_MONTH, Auth


def alb_lcu(
    *,
    new_connections_per_s: float,
    active_connections: float,
    gb_per_hour: float,
    rule_evaluations_per_s: float = 0.0,
    lambda_targets: bool,
) -> float:
    """Capacity units an hour uses: the largest of its dimensions."""
    meter = pricing_catalog().meter
    target = "lambda" if lambda_targets else "instances"
    bytes_key = f"lcu_processed_gb_per_hour_{target}"
    return max(
        new_connections_per_s / meter("alb", "lcu_new_connections_per_s"),
        active_connections / meter("alb", "lcu_active_connections_per_min"),
        gb_per_hour / meter("alb", bytes_key),
        rule_evaluations_per_s / meter("alb", "lcu_rule_evaluations_per_s"),
    )


def lambda_alb_lcu(ctx: Context) -> float:
    """The average capacity units of a load balancer passing this workload's requests to
    Lambda: a new connection per request unless clients reuse them (an assumption), each
    open for the run, the request and its response processed. Its routes (at most a
    handful) stay within the ten free rule evaluations per request."""
    w = ctx.workload
    connections_per_s = w.avg_rps * ctx.a["alb_new_connections_per_request"]
    # Files go up to and down from S3 on presigned URLs, as a fleet's would.
    kb_per_request = ctx.api_payload_kb + ctx.api_response_kb
    return alb_lcu(
        new_connections_per_s=connections_per_s,
        active_connections=connections_per_s * ctx.duration_s,
        gb_per_hour=w.avg_rps * 3600 * kb_per_request / KB_PER_GB,
        lambda_targets=True,
    )


def lambda_alb_lines(ctx: Context) -> list[CostLine]:
    """An internet-facing load balancer in front of the functions, all month: its hours,
    its capacity units and a public IPv4 address in each Availability Zone."""
    lines = svc.alb_lines(ctx.table, hours=HOURS_PER_MONTH, lcu=lambda_alb_lcu(ctx))
    # Named apart from a container fleet's load balancer, which a hybrid design also has.
    lines = [replace(line, item=f"{line.item} (Lambda targets)") for line in lines]
    zones = ctx.a["availability_zones"]
    return lines + public_address_lines(ctx, zones, "load balancer")


def http_api_lines(ctx: Context, requests: float) -> list[CostLine]:
    # Metered at the API call's size: an upload's file goes to S3 on a presigned URL.
    return svc.api_gateway_lines(
        ctx.table, api_type="http", requests=requests, payload_kb=ctx.api_payload_kb
    )


def edge_lines(ctx: Context, requests: float) -> list[CostLine]:
    """CloudFront in front of a public HTTP API, where its web ACL sits: every request,
    and the request bodies it sends on to the API. The responses it serves go out at its
    own rate rather than the region's; that transfer stays among the shared lines."""
    return svc.cloudfront_lines(
        ctx.table,
        requests=requests,
        gb_out=0,
        gb_to_origin=requests * ctx.api_payload_kb / KB_PER_GB,
        free_tier=ctx.free_tier,
    )


def front_door_quote(ctx: Context) -> FrontDoorQuote:
    """Both front doors for all of the context's requests, for the design to choose. A
    public API's HTTP API comes with the CloudFront distribution its web ACL needs; a load
    balancer takes the web ACL itself."""
    public = ctx.workload.auth == Auth.PUBLIC
    edge_usd = total_usd(edge_lines(ctx, ctx.requests)) if public else 0.0
    return FrontDoorQuote(
        http_api_usd=total_usd(http_api_lines(ctx, ctx.requests)) + edge_usd,
        alb_usd=total_usd(lambda_alb_lines(ctx)),
        alb_lcu=lambda_alb_lcu(ctx),
        http_api_edge_usd=edge_usd,
    )


def front_door_bar(ctx: Context, offloaded: tuple[OffloadPart, ...]) -> FrontDoorBar:
    """The quote for the requests Lambda answers (beside connections a fleet holds, their
    plain HTTP share), with the saving the design asks of the load balancer."""
    if OffloadPart.PERSISTENT_CONNECTIONS in offloaded:
        ctx = ctx.scaled(ctx.a["http_share_beside_connections"])
    return FrontDoorBar(
        quote=front_door_quote(ctx),
        min_saving_usd=ctx.a["alb_front_door_min_saving_usd"],
        max_cost_ratio=ctx.a["alb_front_door_max_cost_ratio"],
    )


def expert_design(ctx: Context, offloaded: tuple[OffloadPart, ...]) -> Design:
    """The design an expert would build at the context's rate, its front door priced
    (and its published events' stream, or its requests' delivery stream, where the
    volume calls for one)."""
    design = design_for(
        ctx.workload,
        offloaded,
        peak_hours_per_day=ctx.a["peak_hours_per_day"],
        front_doors=front_door_bar(ctx, offloaded),
    )
    design = with_event_fan_out(ctx, with_event_stream(ctx, design))
    design = with_delivery_stream(ctx, design)
    # The consumers' idempotency first: the database's network routes its records' calls.
    design = with_table_capacity(ctx, with_event_idempotency(ctx, design))
    return with_fleet_route(ctx, with_database(ctx, design))
