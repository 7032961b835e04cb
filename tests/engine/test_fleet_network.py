"""A container or VM fleet runs in private subnets and reaches the AWS APIs it calls the
way an architect would build it: interface endpoints for what it needs (ECR for images,
CloudWatch Logs, X-Ray, the services its work calls) while they cost less than NAT
gateways, NAT gateways past that, and NAT gateways whatever they cost when the work calls
the public internet. Prices: $0.01 per endpoint per AZ-hour and $0.045 per NAT gateway-hour
plus $0.005 for its public IPv4 address, us-east-1, 730 hours a month, 2 AZs."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from tests.conftest import load_workload, preset_answers

# A small steady JSON API on DynamoDB: its fleet needs ECR, logs and traces, nothing else.
SMALL_API = preset_answers("api-for-a-mobile-app") | {
    "name": "Small steady API",
    "avg_rps": 5,
    "peak_rps": 10,
    "traffic_pattern": "steady",
    "sensitive_data": False,
}
# A queue worker with personal data on PostgreSQL: SQS, KMS and the database's secret too.
BUSY_NETWORK = SMALL_API | {
    "name": "Queue worker on PostgreSQL",
    "triggers": ["queue"],
    "data_store": "relational",
    "sensitive_data": True,
    "auth": "iam",
}
# The same small API calling a partner's API over the internet, 30 GB a month.
PARTNER_CALLS = SMALL_API | {"assumptions": {"internet_gb_per_month": 30}}


def _assess(answers):
    return evaluate(load_workload(answers))


def _network(assessment, option: str) -> dict[str, float]:
    lines = assessment.costs.estimate(option).items
    return {
        line.item: line.monthly_usd
        for line in lines
        if line.service in ("vpc_endpoint", "nat_gateway")
        or (line.service == "public_ipv4" and "NAT" in line.item)
    }


def _notes(assessment, option: str) -> str:
    return " ".join(assessment.costs.estimate(option).notes)


def test_a_fleet_needing_only_ecr_logs_and_traces_buys_endpoints_not_nat():
    # given
    assessment = _assess(SMALL_API)

    # when
    containers = _network(assessment, "containers")

    # then: 4 endpoints (ECR's api and dkr, logs, X-Ray) x 2 AZs x 730 h x $0.01 = $58.40,
    # against NAT gateways' 2 x 730 h x ($0.045 + $0.005) = $73 before their bytes
    hours = containers["4 VPC interface endpoints (ECR, CloudWatch Logs, X-Ray) in 2 AZs"]
    assert hours == pytest.approx(58.40)
    assert containers["data processed"] == pytest.approx(20 * 0.01)  # nat_gb_per_month
    assert not any("NAT" in item for item in containers)
    notes = _notes(assessment, "containers")
    assert "The fleet reaches ECR, CloudWatch Logs and X-Ray through VPC interface" in notes
    assert "less than NAT gateways ($74)" in notes
    assert "DynamoDB and S3 through gateway endpoints (free)" in notes


def test_a_vm_fleet_pulls_no_images_so_needs_no_ecr_endpoints():
    # given
    assessment = _assess(SMALL_API)

    # when
    vms = _network(assessment, "vm_reserved")

    # then: logs and traces only, 2 x 2 x 730 x $0.01
    assert vms["2 VPC interface endpoints (CloudWatch Logs, X-Ray) in 2 AZs"] == pytest.approx(
        29.20
    )


def test_a_fleet_needing_an_endpoint_for_many_services_takes_nat_gateways():
    # given: ECR (2), logs, X-Ray, KMS, SQS and Secrets Manager: 7 endpoints, $102.20
    assessment = _assess(BUSY_NETWORK)

    # when
    containers = _network(assessment, "containers")

    # then: 2 NAT gateways ($65.70), their addresses ($7.30) and 20 GB ($0.90)
    assert containers == pytest.approx(
        {
            "2 x NAT gateway hours": 65.70,
            "data processed": 0.90,
            "2 public IPv4 addresses (NAT gateway)": 7.30,
        }
    )
    notes = _notes(assessment, "containers")
    assert "which cost less than an interface endpoint for each ($102)" in notes


def test_work_calling_the_public_internet_keeps_the_fleets_nat_gateways():
    # given
    assessment = _assess(PARTNER_CALLS)

    for option in ("containers", "vm_reserved"):
        # when
        network = _network(assessment, option)

        # then: NAT gateways, carrying the partner's 30 GB beside the fleet's 20
        assert network["2 x NAT gateway hours"] == pytest.approx(65.70)
        assert network["data processed"] == pytest.approx(50 * 0.045)
        assert not any("interface endpoint" in item for item in network)
        assert "work calls the public internet" in _notes(assessment, option)


def test_functions_outside_a_vpc_reach_the_internet_at_no_network_cost():
    # given
    quiet, calling = _assess(SMALL_API), _assess(PARTNER_CALLS)

    # then: Lambda outside a VPC reaches the internet itself; only the fleets pay NAT
    assert calling.costs.serverless.monthly_usd == quiet.costs.serverless.monthly_usd
    assert calling.costs.estimate("containers").monthly_usd > (
        quiet.costs.estimate("containers").monthly_usd
    )


def test_functions_beside_a_database_take_nat_gateways_when_the_work_calls_the_internet():
    # given: a queue worker on PostgreSQL calls only DynamoDB (free gateway endpoint)
    answers = BUSY_NETWORK | {"sensitive_data": False}
    quiet = _assess(answers)
    calling = _assess(answers | {"assumptions": {"internet_gb_per_month": 30}})

    # then: no route out is needed until the work calls the internet
    assert not quiet.design.database.nat
    assert calling.design.database.nat
    reason = next(c for c in calling.design.choices if c.topic == "database").reason
    assert "The work calls the public internet" in reason
    own = {line.item for line in calling.costs.serverless.items if line.service == "nat_gateway"}
    assert own == {"2 x NAT gateway hours", "data processed"}


def test_near_the_break_even_the_fleets_route_decides_the_cheaper_option():
    # given: 45 requests a second, where NAT gateways left serverless $6 the cheaper
    assessment = _assess(SMALL_API | {"avg_rps": 45, "peak_rps": 67.5})

    # when
    serverless = assessment.costs.serverless.monthly_usd
    containers = assessment.costs.estimate("containers").monthly_usd

    # then: the containers' endpoints ($58.60) instead of NAT ($73.90) put them $9 below
    assert containers < serverless
