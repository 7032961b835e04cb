"""The load balancers in front of a container or VM fleet, as the starter repo builds them.

HTTP requests and WebSocket connections come through an Application Load Balancer (per
hour and LCU). Raw TCP and streaming connections come through a Network Load Balancer (per
hour and NLCU), which cannot be priced as an ALB: one NLCU holds 100,000 active TCP
connections where one LCU holds 3,000. Its listener is TLS, terminated with the
certificate, where the data is sensitive, else plain TCP (far more connections per NLCU).
Each internet-facing load balancer holds a public IPv4 address in every Availability Zone.
"""

from __future__ import annotations

from advisor.engine.costs import front_door
from advisor.engine.costs import services as svc
from advisor.engine.costs.model import Context
from advisor.engine.costs.priced.nlb import nlb_lines, nlcu
from advisor.engine.costs.private_network import public_address_lines
from advisor.engine.costs.services import KB_PER_GB
from advisor.engine.design import connections_leave_lambda
from advisor.engine.results import CostLine
from advisor.engine.workload import HOURS_PER_MONTH, Connections, Trigger, Workload


def held_at_layer_4(workload: Workload) -> bool:
    """Connections a Network Load Balancer passes on: raw TCP, and streams longer than a
    Lambda invocation. A short stream is an HTTP response sent in parts, which an
    Application Load Balancer passes like any other."""
    return connections_leave_lambda(workload)


def requests_apart_from_connections(workload: Workload) -> bool:
    """HTTP requests arrive apart from the connections a fleet holds: with raw connections
    and no trigger but HTTP, the requests are the traffic on those connections (as
    `design.requests_leave_lambda` reads the one rate the questionnaire gives)."""
    held = held_at_layer_4(workload)
    return Trigger.HTTP in workload.triggers and not (held and workload.triggers == (Trigger.HTTP,))


def fleet_load_balancer_lines(
    ctx: Context, *, serves_requests: bool | None = None
) -> list[CostLine]:
    """The fleet's load balancers: an NLB for TCP or streaming connections; an ALB for
    WebSocket connections, or for HTTP requests when the fleet answers them (by default
    when they arrive apart from its connections; a serverless core's stay on its API).
    Beside connections, the plain HTTP calls are a share of the rate, the assumption the
    serverless option prices its HTTP API with."""
    w = ctx.workload
    if serves_requests is None:
        serves_requests = requests_apart_from_connections(w)
    if w.persistent_connections == Connections.WEBSOCKET:
        return _alb_lines(ctx, connections=True)
    if not held_at_layer_4(w):
        return _alb_lines(ctx, connections=False) if serves_requests else []
    lines = _nlb_lines(ctx)
    if serves_requests:
        calls = ctx.scaled(ctx.a["http_share_beside_connections"])
        lines += _alb_lines(calls, connections=False)
    return lines


def _connection_rates(ctx: Context) -> tuple[float, float]:
    """(new connections a second, connections open): each opens once a lifetime and stays
    open, whatever the messages on it (one new connection per message would bill hundreds
    of capacity units)."""
    active = ctx.connections_open()
    return active / max(ctx.workload.connection_minutes * 60, 1.0), active


def _alb_lines(ctx: Context, *, connections: bool) -> list[CostLine]:
    """An internet-facing Application Load Balancer: hours and capacity units."""
    w = ctx.workload
    if connections:
        new_per_s, active = _connection_rates(ctx)
    else:
        new_per_s, active = w.avg_rps * ctx.a["alb_new_connections_per_request"], 0.0
    lcu = front_door.alb_lcu(
        new_connections_per_s=new_per_s,
        active_connections=active,
        # AWS meters "bytes processed ... for HTTP(S) requests and responses": both ways.
        # Files go up to and down from S3 on presigned URLs, not through the load balancer.
        gb_per_hour=w.avg_rps * 3600 * (ctx.api_payload_kb + ctx.api_response_kb) / KB_PER_GB,
        lambda_targets=False,
    )
    return svc.alb_lines(ctx.table, hours=HOURS_PER_MONTH, lcu=lcu) + _addresses(
        ctx, "load balancer"
    )


def _nlb_lines(ctx: Context) -> list[CostLine]:
    """An internet-facing Network Load Balancer holding the connections: hours and NLCUs,
    the bytes of the messages both ways processed."""
    w = ctx.workload
    new_per_s, active = _connection_rates(ctx)
    units = nlcu(
        protocol="tls" if w.sensitive_data else "tcp",
        new_connections_per_s=new_per_s,
        active_connections=active,
        gb_per_hour=w.avg_rps * 3600 * (w.payload_kb + w.response_kb) / KB_PER_GB,
    )
    return nlb_lines(ctx.table, hours=HOURS_PER_MONTH, nlcu=units) + _addresses(
        ctx, "network load balancer"
    )


def _addresses(ctx: Context, holder: str) -> list[CostLine]:
    return public_address_lines(ctx, ctx.a["availability_zones"], holder)
