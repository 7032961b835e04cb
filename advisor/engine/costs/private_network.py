"""How functions in the database's VPC reach the AWS APIs they call: the route an
architect would build and price.

A function attached to private subnets has no route out. Only its own calls need one: an
event source mapping polls a queue or a stream from the Lambda service, the services call
KMS on the caller's behalf, and an IAM database token is signed locally. What the
functions call themselves (idempotency records in DynamoDB, an uploaded object in S3, a
message sent, an event published, a workflow started) goes one of three ways:

- a gateway endpoint for S3 and DynamoDB: a route-table entry, free of charge;
- an interface endpoint (PrivateLink) for every other service, billed per Availability Zone
  per hour and per GB: cheaper than NAT for a few services;
- NAT gateways, billed per Availability Zone per hour and per GB, plus a public IPv4
  address each: past a handful of services, and for anything on the public internet.

A fleet or job tasks beside the functions reach image registries and the internet through
their own NAT gateways, so the functions use those (their NAT is that option's cost).
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.idempotency import AT_LEAST_ONCE_TRIGGERS, RECORDS
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import API_CALL_KB, Context
from advisor.engine.costs.services import KB_PER_GB
from advisor.engine.numbers import format_usd
from advisor.engine.results import CostLine, Database, Design
from advisor.engine.workload import HOURS_PER_MONTH, Trigger

# Services reached through a free gateway endpoint (a route, not an interface).
GATEWAY_SERVICES = frozenset({"s3", "dynamodb"})
# Triggers whose functions send to a work queue or publish events when one exists: the
# producers the patterns name (an API handler, a scheduled job, an upload's or a table
# change's processor). A queue fed only from outside needs no send from the VPC.
_QUEUE_PRODUCERS = frozenset(
    {Trigger.HTTP, Trigger.SCHEDULE, Trigger.FILE_UPLOAD, Trigger.DB_CHANGE}
)
# Triggers whose consumers keep idempotency records (events delivered at least once).
_RECORD_KEEPERS = frozenset(AT_LEAST_ONCE_TRIGGERS)

# How notes and reasons name each endpoint service.
ENDPOINT_WORDS = {
    "dynamodb": "DynamoDB",
    "s3": "S3",
    "sqs": "SQS",
    "sns": "SNS",
    "kinesis-streams": "Kinesis Data Streams",
    "states": "Step Functions",
}


@dataclass(frozen=True)
class Egress:
    """The functions' route to AWS APIs from the VPC, and what it costs a month."""

    gateway_endpoints: tuple[str, ...] = ()
    interface_endpoints: tuple[str, ...] = ()
    nat: bool = False
    fleet_nat: bool = False  # the NAT gateways of a fleet or job tasks beside the functions
    endpoints_usd: float = 0.0  # the interface endpoints the services would need
    nat_usd: float = 0.0  # NAT gateways in their place


def apis_called(ctx: Context, design: Design) -> tuple[str, ...]:
    """The AWS services the functions in the VPC call themselves (endpoint service names)."""
    w = ctx.workload
    triggers = set(w.triggers)
    called = set()
    records = design.event_idempotency == RECORDS and bool(triggers & _RECORD_KEEPERS)
    if records or design.workflow_type is not None:
        called.add("dynamodb")  # idempotency records of events and workflow steps
    if Trigger.FILE_UPLOAD in triggers:
        called.add("s3")  # the processor reads the uploaded object
    if Trigger.QUEUE in triggers and triggers & _QUEUE_PRODUCERS:
        called.add("sqs")
    if Trigger.PUBSUB in triggers and triggers - {Trigger.PUBSUB}:
        called.add("kinesis-streams" if design.event_stream is not None else "sns")
    if design.workflow_type is not None or design.offloaded_parts:
        called.add("states")  # a workflow or a job started
    return tuple(sorted(called))


def egress_for(ctx: Context, design: Design) -> Egress:
    """Gateway endpoints where they serve; interface endpoints or NAT for the rest,
    whichever costs less (NAT when a fleet or job tasks beside the functions have it)."""
    called = apis_called(ctx, design)
    gateways = tuple(api for api in called if api in GATEWAY_SERVICES)
    interfaces = tuple(api for api in called if api not in GATEWAY_SERVICES)
    if not interfaces:
        # Priced all the same: what the internet would cost, for the reason to say.
        return Egress(gateway_endpoints=gateways, nat_usd=total_usd(nat_lines(ctx, gb_processed=0)))
    endpoints_usd = total_usd(endpoint_lines(ctx, interfaces))
    nat_usd = total_usd(nat_lines(ctx, gb_processed=_api_gb(ctx, len(interfaces))))
    fleet_nat = bool(design.offloaded_parts)
    nat = fleet_nat or nat_usd < endpoints_usd
    return Egress(
        gateway_endpoints=gateways,
        interface_endpoints=() if nat else interfaces,
        nat=nat,
        fleet_nat=fleet_nat,
        endpoints_usd=endpoints_usd,
        nat_usd=nat_usd,
    )


def endpoint_lines(ctx: Context, interfaces: tuple[str, ...]) -> list[CostLine]:
    """One interface endpoint per service in each Availability Zone, and the calls' bytes."""
    if not interfaces:
        return []
    return svc.vpc_endpoint_lines(
        ctx.table,
        endpoints=len(interfaces),
        azs=ctx.a["availability_zones"],
        hours=HOURS_PER_MONTH,
        gb_processed=_api_gb(ctx, len(interfaces)),
    )


def nat_lines(ctx: Context, *, gb_processed: float | None = None) -> list[CostLine]:
    """Private subnets in each Availability Zone reach AWS APIs and the internet through a
    NAT gateway each, which holds a public IPv4 address. A fleet sends `nat_gb_per_month`
    through them (images, patches); functions, their calls to AWS APIs."""
    zones = ctx.a["availability_zones"]
    gb = ctx.a["nat_gb_per_month"] if gb_processed is None else gb_processed
    return svc.nat_gateway_lines(
        ctx.table, gateways=zones, hours=HOURS_PER_MONTH, gb_processed=gb
    ) + public_address_lines(ctx, zones, "NAT gateway")


def functions_nat_lines(ctx: Context, design: Design) -> list[CostLine]:
    """NAT gateways for the functions' calls to the services no gateway endpoint serves."""
    interfaces = [api for api in apis_called(ctx, design) if api not in GATEWAY_SERVICES]
    return nat_lines(ctx, gb_processed=_api_gb(ctx, len(interfaces)))


def public_address_lines(ctx: Context, count: float, holder: str) -> list[CostLine]:
    lines = svc.public_ipv4_lines(ctx.table, addresses=count, hours=HOURS_PER_MONTH)
    return [replace(line, item=f"{line.item} ({holder})") for line in lines]


def _api_gb(ctx: Context, services: int) -> float:
    """One call a request to each service, carrying the request's payload."""
    return ctx.requests * services * (ctx.workload.payload_kb + API_CALL_KB) / KB_PER_GB


def network_reason(egress: Egress) -> str:
    """Why the functions' subnets route out the way they do, in money where it decided."""
    gateways = egress.gateway_endpoints
    free = (
        f"Calls to {named_services(gateways)} go through gateway endpoints (free). "
        if gateways
        else ""
    )
    # The questionnaire cannot say whether the functions call the public internet, so a
    # design without NAT says what it would cost if they do.
    internet = (
        " A function that must reach the public internet (a payment provider, a webhook) "
        f"would need NAT gateways, about {format_usd(egress.nat_usd)} a month more."
    )
    if not egress.interface_endpoints and not egress.nat:
        if gateways:
            return (
                f"{free}Nothing else is called from the VPC, so it needs no NAT gateway.{internet}"
            )
        return (
            "The functions reach only the database, so their subnets need no NAT gateway."
            + internet
        )
    if egress.interface_endpoints:
        return (
            f"{free}Interface endpoints for {named_services(egress.interface_endpoints)} cost "
            f"about {format_usd(egress.endpoints_usd)} a month, less than NAT gateways "
            f"({format_usd(egress.nat_usd)}).{internet}"
        )
    if egress.fleet_nat:
        return (
            f"{free}The other AWS APIs go through the NAT gateways the containers beside the "
            "functions need anyway (images, patches), with no endpoint bought beside them."
        )
    if egress.endpoints_usd:
        return (
            f"{free}The other AWS APIs go through NAT gateways ({format_usd(egress.nat_usd)} a "
            f"month), which cost less than an interface endpoint for each service "
            f"({format_usd(egress.endpoints_usd)})."
        )
    return f"{free}The functions call AWS APIs from the VPC, through NAT gateways."


def named_services(apis: tuple[str, ...]) -> str:
    words = [ENDPOINT_WORDS[api] for api in apis]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def subnets_words(database: Database) -> str:
    """The private subnets and their route out, as the diagram labels the database."""
    routes = [
        f"{named_services(apis)} {kind} endpoint{'s' if len(apis) > 1 else ''}"
        for apis, kind in (
            (database.gateway_endpoints, "gateway"),
            (database.interface_endpoints, "interface"),
        )
        if apis
    ]
    if database.nat:
        routes.append("NAT gateways")
    return f"private subnets ({'; '.join(routes)})" if routes else "private subnets"
