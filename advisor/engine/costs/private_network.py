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

A container or VM fleet in private subnets has needs of its own (`fleet_egress`): pulling
images (ECR's two interface endpoints, the layers from S3 through the gateway endpoint),
shipping logs and traces, and the services its work calls itself (a queue it polls, keys,
the database's secret). It gets the same choice: interface endpoints while they cost less
than NAT gateways. Work that calls the public internet (the `internet_gb_per_month`
assumption) needs NAT gateways whatever the endpoints would cost. Functions beside a fleet
use its NAT gateways, or its endpoints and their own for the rest.
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.idempotency import AT_LEAST_ONCE_TRIGGERS, RECORDS
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import API_CALL_KB, Context
from advisor.engine.costs.services import KB_PER_GB
from advisor.engine.design import long_runs_served, requests_leave_lambda
from advisor.engine.numbers import format_usd
from advisor.engine.results import CostLine, Database, Design, OffloadPart, Route
from advisor.engine.workload import HOURS_PER_MONTH, DataStore, Trigger

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

# A fleet pulling images from ECR needs both of its interface endpoints (the API and the
# Docker registry); the layers come from S3, through the gateway endpoint.
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
IMAGE_PULL_APIS = ("ecr.api", "ecr.dkr", "s3")
# Containers on EC2 instances (ECS on GPU instances, as Fargate has no GPUs) also need the
# ECS agent's three endpoints.
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html
ECS_ON_INSTANCES_APIS = ("ecs", "ecs-agent", "ecs-telemetry")
# Every fleet ships its logs to CloudWatch Logs and its traces to X-Ray (both priced among
# the shared lines, so every option sends them) from inside the VPC.
FLEET_TELEMETRY_APIS = ("logs", "xray")

# How notes, reasons and line items name each endpoint service.
ENDPOINT_WORDS = {
    "dynamodb": "DynamoDB",
    "s3": "S3",
    "sqs": "SQS",
    "sns": "SNS",
    "kinesis-streams": "Kinesis Data Streams",
    "states": "Step Functions",
    "ecr.api": "ECR",
    "ecr.dkr": "ECR",
    "ecs": "ECS",
    "ecs-agent": "ECS",
    "ecs-telemetry": "ECS",
    "logs": "CloudWatch Logs",
    "xray": "X-Ray",
    "secretsmanager": "Secrets Manager",
    "kms": "KMS",
    "firehose": "Data Firehose",
}


@dataclass(frozen=True)
class Egress:
    """A route out of private subnets to the AWS APIs called from them (the functions' or
    a fleet's), and what it costs a month."""

    gateway_endpoints: tuple[str, ...] = ()
    interface_endpoints: tuple[str, ...] = ()
    nat: bool = False
    fleet_nat: bool = False  # the NAT gateways of a fleet or job tasks beside the functions
    endpoints_usd: float = 0.0  # the interface endpoints the services would need
    nat_usd: float = 0.0  # NAT gateways in their place
    internet: bool = False  # the work calls the public internet: NAT whatever it costs
    interfaces_wanted: tuple[str, ...] = ()  # the services NAT serves in their place
    endpoints_gb: float = 0.0  # a month through the interface endpoints, when chosen
    nat_gb: float = 0.0  # a month through the NAT gateways, when chosen


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
    whichever costs less (NAT when a fleet or job tasks beside the functions have it; the
    endpoints a fleet beside has already bought serve the functions too)."""
    called = apis_called(ctx, design)
    fleet = _fleet_beside(ctx, design)
    bought = fleet.interface_endpoints if fleet is not None else ()
    wanted = tuple(api for api in called if api not in bought)
    fleet_nat = fleet.nat if fleet is not None else bool(design.offloaded_parts)
    interfaces = [api for api in wanted if api not in GATEWAY_SERVICES]
    route = cheaper_route(ctx, wanted, gb=_api_gb(ctx, len(interfaces)), nat_given=fleet_nat)
    return replace(route, fleet_nat=fleet_nat and route.nat)


def cheaper_route(
    ctx: Context, called: tuple[str, ...], *, gb: float, nat_given: bool = False
) -> Egress:
    """The route an architect builds for `called` (endpoint service names): free gateway
    endpoints for S3 and DynamoDB, and interface endpoints for the rest while they cost
    less than NAT gateways, `gb` a month going through either. Work that calls the public
    internet, or NAT gateways already there (`nat_given`), takes NAT gateways."""
    gateways = tuple(api for api in called if api in GATEWAY_SERVICES)
    interfaces = tuple(api for api in called if api not in GATEWAY_SERVICES)
    internet_gb = ctx.a["internet_gb_per_month"]
    nat_gb = gb + internet_gb
    nat_usd = total_usd(nat_lines(ctx, gb_processed=nat_gb))
    endpoints_usd = total_usd(endpoint_lines(ctx, interfaces, gb=gb))
    internet = internet_gb > 0
    nat = internet or (bool(interfaces) and (nat_given or nat_usd < endpoints_usd))
    return Egress(
        gateway_endpoints=gateways,
        interface_endpoints=() if nat else interfaces,
        nat=nat,
        endpoints_usd=endpoints_usd,
        nat_usd=nat_usd,
        internet=internet,
        interfaces_wanted=interfaces,
        endpoints_gb=0.0 if nat else gb,
        nat_gb=nat_gb,
    )


def fleet_apis(ctx: Context, design: Design, *, images: bool) -> tuple[str, ...]:
    """The AWS services a container or VM fleet calls from its private subnets: ECR for
    its images (`images`), its logs and traces, its data stores, and the services its
    work calls itself. A fleet has no workflow (it keeps approvals as rows)."""
    w = ctx.workload
    called = set(FLEET_TELEMETRY_APIS) | (set(IMAGE_PULL_APIS) if images else {"s3"})
    if images and w.gpu_required:
        called |= set(ECS_ON_INSTANCES_APIS)
    if ctx.uses_key_value_store or Trigger.DB_CHANGE in w.triggers:
        called.add("dynamodb")
    if ctx.uses_s3:
        called.add("s3")
    if w.data_store == DataStore.RELATIONAL:
        called.add("secretsmanager")  # the database's credentials, read at start
    if w.sensitive_data:
        called.add("kms")  # the application's own encrypt and decrypt calls
    if Trigger.QUEUE in w.triggers:
        called.add("sqs")  # a fleet polls the queue itself, unlike a Lambda trigger
    if Trigger.PUBSUB in w.triggers:
        called.add("kinesis-streams" if design.event_stream is not None else "sns")
    if design.delivery_stream is not None:
        called.add("firehose")
    return tuple(sorted(called))


def instance_apis(ctx: Context, design: Design) -> tuple[str, ...]:
    """What functions on Lambda Managed Instances call from the customer's subnets their
    instances run in: their logs and traces (the instances ship them from there), their
    data stores and keys, and every call the functions make themselves
    (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-networking.html)."""
    w = ctx.workload
    called = set(FLEET_TELEMETRY_APIS) | set(apis_called(ctx, design))
    if ctx.uses_key_value_store or Trigger.DB_CHANGE in w.triggers:
        called.add("dynamodb")
    if ctx.uses_s3:
        called.add("s3")
    if w.data_store == DataStore.RELATIONAL:
        called.add("secretsmanager")
    if w.sensitive_data:
        called.add("kms")
    if design.delivery_stream is not None:
        called.add("firehose")
    return tuple(sorted(called))


def instances_egress(ctx: Context, design: Design) -> Egress:
    """The managed instances' route out: the cheaper of interface endpoints and NAT gateways
    for what they call beyond what the functions' own route (to the database's subnets) or a
    fleet beside already buys; NAT gateways already there carry it all."""
    routes = [r for r in (design.database, design.fleet_route) if r is not None]
    bought = {api for r in routes for api in r.interface_endpoints}
    wanted = tuple(api for api in instance_apis(ctx, design) if api not in bought)
    # The bytes a fleet's route carries (`nat_gb_per_month`): priced the same way as the
    # container and VM options' routes, which weigh the same calls.
    nat_given = any(r.nat for r in routes)
    route = cheaper_route(ctx, wanted, gb=ctx.a["nat_gb_per_month"], nat_given=nat_given)
    return replace(route, fleet_nat=nat_given)


def instances_route_lines(ctx: Context, egress: Egress) -> list[CostLine]:
    """What the instances' route adds to the bill: nothing where NAT gateways are there."""
    return [] if egress.fleet_nat else route_lines(ctx, egress)


def instances_route_note(egress: Egress) -> str:
    gateways = egress.gateway_endpoints
    free = f"; {named_services(gateways)} through gateway endpoints (free)" if gateways else ""
    if egress.fleet_nat:
        return f"The instances run in the VPC and route out through its NAT gateways{free}."
    if not (egress.nat or egress.interface_endpoints):
        # What they call is reached through the endpoints the functions' or a fleet's
        # subnets already have (or through gateway endpoints alone).
        return (
            "The instances run in the customer's VPC and reach what they call through the "
            f"endpoints its subnets already have, at no cost of their own{free}."
        )
    if egress.nat:
        return (
            "The instances run in the customer's VPC and reach "
            f"{named_services(egress.interfaces_wanted)} through NAT gateways "
            f"({format_usd(egress.nat_usd)} a month), less than an interface endpoint for "
            f"each ({format_usd(egress.endpoints_usd)}){free}."
        )
    return (
        "The instances run in the customer's VPC and reach "
        f"{named_services(egress.interface_endpoints)} through VPC interface endpoints "
        f"({format_usd(egress.endpoints_usd)} a month), less than NAT gateways "
        f"({format_usd(egress.nat_usd)}){free}."
    )


def fleet_egress(ctx: Context, design: Design, *, images: bool = True) -> Egress:
    """A fleet's route out, as an architect would build it: the cheaper of NAT gateways
    and the interface endpoints its own needs call for, carrying `nat_gb_per_month`
    either way (an assumption, as before: a fleet's per-request bytes to its logs and
    queues are not priced on either route)."""
    called = fleet_apis(ctx, design, images=images)
    return cheaper_route(ctx, called, gb=ctx.a["nat_gb_per_month"])


def route_lines(ctx: Context, egress: Egress) -> list[CostLine]:
    """The lines of the route chosen: NAT gateways, or the interface endpoints (gateway
    endpoints are free)."""
    if egress.nat:
        return nat_lines(ctx, gb_processed=egress.nat_gb)
    return endpoint_lines(ctx, egress.interface_endpoints, gb=egress.endpoints_gb)


def with_fleet_route(ctx: Context, design: Design) -> Design:
    """The design with the route out of its fleet beside the functions, as priced."""
    egress = _fleet_beside(ctx, design)
    if egress is None:
        return design
    route = Route(
        nat=egress.nat,
        gateway_endpoints=egress.gateway_endpoints,
        interface_endpoints=egress.interface_endpoints,
    )
    return replace(design, fleet_route=route)


def _fleet_beside(ctx: Context, design: Design) -> Egress | None:
    """The route of the always-on fleet beside the functions, if the design has one (the
    serverless option prices its network with it); job tasks and GPU work price none."""
    w, offloaded = ctx.workload, design.offloaded_parts
    service = OffloadPart.PERSISTENT_CONNECTIONS in offloaded or requests_leave_lambda(w, offloaded)
    if not (service or long_runs_served(w, offloaded)):
        return None
    return fleet_egress(ctx, design)


def endpoint_lines(
    ctx: Context, interfaces: tuple[str, ...], *, gb: float | None = None
) -> list[CostLine]:
    """One interface endpoint per service in each Availability Zone, and the bytes through
    them (by default, the functions' calls)."""
    if not interfaces:
        return []
    zones = ctx.a["availability_zones"]
    lines = svc.vpc_endpoint_lines(
        ctx.table,
        endpoints=len(interfaces),
        azs=zones,
        hours=HOURS_PER_MONTH,
        gb_processed=_api_gb(ctx, len(interfaces)) if gb is None else gb,
    )
    named = ", ".join(dict.fromkeys(ENDPOINT_WORDS[api] for api in interfaces))  # ECR once
    hours_item = f"{len(interfaces)} VPC interface endpoints ({named}) in {zones:g} AZs"
    if len(interfaces) == 1:
        hours_item = f"1 VPC interface endpoint ({named}) in {zones:g} AZs"
    return [
        replace(line, item=hours_item if line.item.endswith("AZs") else line.item) for line in lines
    ]


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
    """NAT gateways for the functions' calls to the services no gateway endpoint serves
    (and to the public internet, when the work calls it)."""
    return nat_lines(ctx, gb_processed=egress_for(ctx, design).nat_gb)


def public_address_lines(ctx: Context, count: float, holder: str) -> list[CostLine]:
    lines = svc.public_ipv4_lines(ctx.table, addresses=count, hours=HOURS_PER_MONTH)
    return [replace(line, item=f"{line.item} ({holder})") for line in lines]


def _api_gb(ctx: Context, services: int) -> float:
    """One call a request to each service, carrying the request's payload."""
    return ctx.requests * services * (ctx.workload.payload_kb + API_CALL_KB) / KB_PER_GB


def fleet_route_note(egress: Egress) -> str:
    """How a fleet's private subnets route out, in money where it decided."""
    gateways = egress.gateway_endpoints
    free = f"; {named_services(gateways)} through gateway endpoints (free)" if gateways else ""
    if egress.internet:
        return (
            "The fleet's work calls the public internet, so its private subnets route out "
            f"through NAT gateways ({format_usd(egress.nat_usd)} a month), which carry its "
            f"calls to AWS APIs too{free}."
        )
    if egress.nat:
        return (
            f"The fleet reaches {named_services(egress.interfaces_wanted)} through NAT gateways "
            f"({format_usd(egress.nat_usd)} a month), which cost less than an interface "
            f"endpoint for each ({format_usd(egress.endpoints_usd)}){free}."
        )
    return (
        f"The fleet reaches {named_services(egress.interface_endpoints)} through VPC interface "
        f"endpoints ({format_usd(egress.endpoints_usd)} a month), less than NAT gateways "
        f"({format_usd(egress.nat_usd)}){free}. With no NAT gateway it cannot call the public "
        "internet: if the work does, set internet_gb_per_month."
    )


def network_reason(egress: Egress) -> str:
    """Why the functions' subnets route out the way they do, in money where it decided."""
    gateways = egress.gateway_endpoints
    free = (
        f"Calls to {named_services(gateways)} go through gateway endpoints (free). "
        if gateways
        else ""
    )
    if egress.internet:
        return (
            f"{free}The work calls the public internet, so the functions' subnets route out "
            f"through NAT gateways ({format_usd(egress.nat_usd)} a month), which carry their "
            "other calls to AWS APIs too."
        )
    # The questionnaire asks no question about the public internet (an assumption says it),
    # so a design without NAT says what it would cost if the functions call it.
    internet = (
        " A function that must reach the public internet (a payment provider, a webhook) "
        f"would need NAT gateways, about {format_usd(egress.nat_usd)} a month more "
        "(set internet_gb_per_month to price them)."
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
    words = list(dict.fromkeys(ENDPOINT_WORDS[api] for api in apis))  # ECR's two once
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def subnets_words(database: Database | Route) -> str:
    """The private subnets and their route out, as the diagram labels the database."""
    routes = route_words(database)
    return f"private subnets ({routes})" if routes else "private subnets"


def route_words(route: Database | Route) -> str:
    """A route out in words: its endpoints by kind, and NAT gateways when it has them."""
    routes = [
        f"{named_services(apis)} {kind} endpoint{'s' if len(apis) > 1 else ''}"
        for apis, kind in (
            (route.gateway_endpoints, "gateway"),
            (route.interface_endpoints, "interface"),
        )
        if apis
    ]
    if route.nat:
        routes.append("NAT gateways")
    return "; ".join(routes)
