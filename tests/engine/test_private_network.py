"""Functions beside a relational database run in its VPC, and reach the AWS APIs they call
the way an architect would build it: S3 and DynamoDB through free gateway endpoints, other
services through an interface endpoint each while that costs less than NAT gateways, and
no route at all when they call nothing but the database. What is priced is what the
architecture's functions call from the VPC (their grants), never less."""

from __future__ import annotations

import itertools

import pytest

from advisor.engine import evaluate
from tests.conftest import load_workload
from tests.render.workloads import relational

# Calls made for the functions, not from their network: an event source mapping polls a
# queue or a stream from the Lambda service, services call KMS on the caller's behalf, and
# an IAM database token is signed locally.
# https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
SERVICE_SIDE_ACTIONS = frozenset(
    {
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ChangeMessageVisibility",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:ListStreams",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:DescribeStream",
        "dynamodb:ListStreams",
        "rds-db:connect",
    }
)
# IAM action prefixes -> the endpoint service name that carries them.
ENDPOINT_OF_PREFIX = {"kinesis": "kinesis-streams"}
_DATABASE_PATHS = ("database", "db_proxy")


def vpc_calls(architecture) -> set[str]:
    """The endpoint services the functions in the database's VPC call themselves."""
    actions = {
        action
        for fn in architecture.functions
        if any(p.resource in _DATABASE_PATHS for p in fn.permissions)
        for permission in fn.permissions
        for action in permission.actions
    }
    prefixes = {
        action.split(":")[0]
        for action in actions - SERVICE_SIDE_ACTIONS
        if not action.startswith("kms:")
    }
    return {ENDPOINT_OF_PREFIX.get(prefix, prefix) for prefix in prefixes}


def _assess(**changes):
    return evaluate(load_workload(relational(**changes)))


def _lines(estimate, service: str):
    return [line for line in estimate.items if line.service == service]


TRIGGER_SETS = (
    ["http"],
    ["queue"],
    ["schedule"],
    ["schedule", "queue"],
    ["http", "queue"],
    ["pubsub"],
    ["http", "pubsub"],
    ["file_upload"],
    ["db_change"],
    ["http", "queue", "pubsub", "file_upload"],
)


@pytest.mark.parametrize(
    ("triggers", "workflow"), list(itertools.product(TRIGGER_SETS, ["none", "multi_step"]))
)
def test_every_api_the_vpc_functions_call_has_a_priced_route(triggers, workflow):
    # given
    assessment = _assess(triggers=triggers, workflow=workflow)
    database = assessment.design.database

    # when
    called = vpc_calls(assessment.architecture)
    routed = set(database.gateway_endpoints) | set(database.interface_endpoints)

    # then: every call has its endpoint (or NAT); gateway endpoints only for S3/DynamoDB
    assert database.nat or called <= routed
    assert set(database.gateway_endpoints) <= {"s3", "dynamodb"}
    assert not set(database.interface_endpoints) & {"s3", "dynamodb"}
    endpoint_lines = _lines(assessment.costs.serverless, "vpc_endpoint")
    assert bool(endpoint_lines) == bool(database.interface_endpoints)


def test_a_queue_worker_writing_to_the_database_pays_for_no_nat_gateway():
    # given: the queue is polled by Lambda's event source mapping, outside the VPC; the
    # worker's idempotency records go to DynamoDB
    assessment = _assess(triggers=["queue"], avg_rps=20, peak_rps=200)
    database = assessment.design.database

    # then: a free DynamoDB gateway endpoint; before, NAT gateways at about $74 a month
    assert database.gateway_endpoints == ("dynamodb",) and not database.interface_endpoints
    assert not database.nat
    serverless = assessment.costs.serverless
    assert not _lines(serverless, "nat_gateway") and not _lines(serverless, "vpc_endpoint")
    reason = next(c for c in assessment.design.choices if c.topic == "database").reason
    assert "Calls to DynamoDB go through gateway endpoints (free)" in reason
    # the questionnaire cannot say whether the worker calls the internet: the reason prices it
    assert "public internet (a payment provider, a webhook) would need NAT gateways, about $73" in (
        reason
    )


def test_a_producer_sending_to_its_queue_gets_an_interface_endpoint_not_nat():
    # given: a scheduled function sends work to the queue from the VPC
    assessment = _assess(triggers=["schedule", "queue"])
    database = assessment.design.database

    # when
    endpoints = _lines(assessment.costs.serverless, "vpc_endpoint")

    # then: one SQS endpoint in each of 2 AZs: 2 x 730 h x $0.01 = $14.60, against NAT
    # gateways at 2 x 730 h x ($0.045 + $0.005 for the address) = $73 before their bytes
    assert database.interface_endpoints == ("sqs",) and not database.nat
    assert endpoints[0].item == "1 VPC interface endpoint (SQS) in 2 AZs"
    assert endpoints[0].monthly_usd == pytest.approx(14.60)
    assert not _lines(assessment.costs.serverless, "nat_gateway")
    reason = next(c for c in assessment.design.choices if c.topic == "database").reason
    assert "Interface endpoints for SQS cost about" in reason
    assert "public internet" in reason


def test_functions_beside_a_fleet_use_its_nat_gateways():
    # given: runs of 16 GB move the request path to a container fleet beside the functions
    assessment = _assess(triggers=["http", "queue"], memory_mb=16384)
    database = assessment.design.database

    # then: the fleet's NAT gateways are there anyway; no endpoint is bought beside them
    assert assessment.design.offloaded_parts and database.nat
    assert not database.interface_endpoints
    assert not _lines(assessment.costs.serverless, "vpc_endpoint")
    reason = next(c for c in assessment.design.choices if c.topic == "database").reason
    assert "the NAT gateways the containers beside the functions need anyway" in reason
