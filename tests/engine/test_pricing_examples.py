"""The cost engine reproduces AWS's own worked pricing examples, to the cent.

Each test quotes the published inputs and the published figures of one example from the
service's pricing page (all examples there are priced in US East, N. Virginia).
"""

from __future__ import annotations

import pytest

from advisor.engine.costs import price_service
from advisor.engine.results import Estimate


def _cents(amount: float) -> float:
    return round(amount + 1e-9, 2)


def _sum(estimate: Estimate, *, containing: str) -> float:
    return sum(line.monthly_usd for line in estimate.items if containing in line.item)


def test_it_reproduces_the_lambda_mobile_backend_example():
    """https://aws.amazon.com/lambda/pricing/ — "Example 1: Mobile application backend".

    3 million requests a month, 120 ms average, 1536 MB, x86, free tier applied:
    compute 140,000 GB-s x $0.0000166667 = $2.33; requests 2M x $0.2/M = $0.40;
    total $2.73 per month.
    """
    # given
    params = {
        "invocations_per_month": "3000000",
        "duration_ms": "120",
        "memory_mb": "1536",
        "architecture": "x86_64",
        "include_free_tier": "true",
    }

    # when
    estimate = price_service("lambda", params, region="us-east-1")

    # then
    assert _cents(_sum(estimate, containing="duration")) == 2.33
    assert _cents(_sum(estimate, containing="requests")) == 0.40
    assert _cents(estimate.monthly_usd) == 2.73


def test_it_reproduces_the_lambda_ephemeral_storage_example():
    """https://aws.amazon.com/lambda/pricing/ — "Example 3: Performing ML on customer
    support tickets" (Lambda ephemeral storage pricing).

    6M requests, 280 ms, 4096 MB, x86, 2048 MB ephemeral storage, free tier applied:
    compute 6,320,000 GB-s = $105.33; requests 5M = $1; ephemeral storage
    2,520,000 GB-s x $0.0000000309 = $0.08; total $106.41 per month.
    """
    # given
    params = {
        "invocations_per_month": "6000000",
        "duration_ms": "280",
        "memory_mb": "4096",
        "ephemeral_storage_mb": "2048",
        "include_free_tier": "true",
    }

    # when
    estimate = price_service("lambda", params)

    # then
    assert _cents(_sum(estimate, containing="duration")) == 105.33
    assert _cents(_sum(estimate, containing="requests")) == 1.00
    assert _cents(_sum(estimate, containing="ephemeral")) == 0.08
    assert _cents(estimate.monthly_usd) == 106.41


def test_it_reproduces_the_lambda_streaming_telemetry_example():
    """https://aws.amazon.com/lambda/pricing/ — "Example 2: Enriching streaming telemetry
    with additional metadata".

    10,000 vehicles x 24 x 31 = 7,440,000 messages, 2 s each, 1 GB, x86, no free tier:
    requests $1.49; compute 14.88M GB-s x $0.0000166667 = $248.00; total $249.49.
    """
    # given
    params = {"invocations_per_month": "7440000", "duration_ms": "2000", "memory_mb": "1024"}

    # when
    estimate = price_service("lambda", params)

    # then
    assert _cents(_sum(estimate, containing="requests")) == 1.49
    assert _cents(_sum(estimate, containing="duration")) == 248.00
    assert _cents(estimate.monthly_usd) == 249.49


def test_it_reproduces_the_lambda_provisioned_concurrency_cyber_monday_example():
    """https://aws.amazon.com/lambda/pricing/ — Provisioned Concurrency "Example 2: Routing
    customers to the most relevant support solution content during Cyber Monday".

    2M requests in 24 hours with provisioned concurrency 7, 280 ms, 4096 MB, x86:
    provisioned concurrency 2,419,200 GB-s x $0.0000041667 = $10.08; compute
    2,240,000 GB-s x $0.0000097222 = $21.78; requests $0.40; total $32.26.
    """
    # given
    params = {
        "invocations_per_month": "2000000",
        "duration_ms": "280",
        "memory_mb": "4096",
        "provisioned_concurrency": "7",
        "provisioned_hours": "24",
    }

    # when
    estimate = price_service("lambda", params)

    # then
    assert _cents(_sum(estimate, containing="provisioned concurrency")) == 10.08
    assert _cents(_sum(estimate, containing="duration on provisioned")) == 21.78
    assert _cents(_sum(estimate, containing="requests")) == 0.40
    assert _cents(estimate.monthly_usd) == 32.26


def test_it_reproduces_the_lambda_provisioned_concurrency_launch_day_example():
    """https://aws.amazon.com/lambda/pricing/ — Provisioned Concurrency "Example 1: Mobile
    application launch".

    3M requests a month, 1536 MB, x86. For 8 hours, provisioned concurrency 100 serves
    500,000 requests of 100 ms; the other 2.5M requests run 120 ms on demand with the free
    tier. Published: provisioned concurrency $18, requests $0.40, compute while enabled
    $0.73, compute while disabled $0.83, total $19.96. Priced as the two periods; the free
    request allowance is taken in the on-demand part.
    """
    # given
    launch = {
        "invocations_per_month": "500000",
        "duration_ms": "100",
        "memory_mb": "1536",
        "provisioned_concurrency": "100",
        "provisioned_hours": "8",
    }
    rest_of_month = {
        "invocations_per_month": "2500000",
        "duration_ms": "120",
        "memory_mb": "1536",
        "include_free_tier": "true",
    }

    # when
    during = price_service("lambda", launch)
    after = price_service("lambda", rest_of_month)

    # then
    assert _cents(_sum(during, containing="provisioned concurrency")) == 18.00
    assert _cents(_sum(during, containing="requests") + _sum(after, containing="requests")) == 0.40
    assert _cents(_sum(during, containing="duration on provisioned")) == 0.73
    assert _cents(_sum(after, containing="duration")) == 0.83
    assert _cents(during.monthly_usd + after.monthly_usd) == 19.96


def test_it_reproduces_the_lambda_arm64_compute_of_the_durable_functions_example():
    """https://aws.amazon.com/lambda/pricing/ — Lambda durable functions "Pricing Example"
    (insurance claims), its Lambda compute and request charges on arm64.

    1,000,000 claims, each 2 invocations (initial + after the wait) totalling 32 s of
    compute, 1 GB, Arm, free tier applied: compute 31,600,000 GB-s x $0.0000133334 =
    $421.34; requests (2M - 1M free) = $0.20. (The durable-operation, data-written and
    retention charges of that example are not Lambda compute and are not priced here.)
    """
    # given: 2M invocations averaging 16 s is the published 1M x 32 s of compute
    params = {
        "invocations_per_month": "2000000",
        "duration_ms": "16000",
        "memory_mb": "1024",
        "architecture": "arm64",
        "include_free_tier": "true",
    }

    # when
    estimate = price_service("lambda", params)

    # then
    assert _cents(_sum(estimate, containing="duration")) == 421.34
    assert _cents(_sum(estimate, containing="requests")) == 0.20


@pytest.mark.parametrize(
    ("example", "params", "published"),
    [
        (
            "Example 1: 5 ECS tasks, 10 min a day for 30 days, 1 vCPU, 2 GB, 30 GB storage, x86",
            {
                "tasks": "5",
                "vcpu": "1",
                "memory_gb": "2",
                "hours": "5",
                "ephemeral_storage_gb": "30",
                "architecture": "x86_64",
            },
            {"vCPU": 1.01, "memory": 0.22, "ephemeral": 0.03, "total": 1.26},
        ),
        (
            "Example 2: the same service on Linux/ARM (Graviton2)",
            {
                "tasks": "5",
                "vcpu": "1",
                "memory_gb": "2",
                "hours": "5",
                "ephemeral_storage_gb": "30",
                "architecture": "arm64",
            },
            {"vCPU": 0.81, "memory": 0.18, "ephemeral": 0.03, "total": 1.02},
        ),
        (
            "Example 3: 10 EKS pods, 1 hour a day for 30 days, 0.25 vCPU, 1 GB",
            {"tasks": "10", "vcpu": "0.25", "memory_gb": "1", "hours": "30"},
            {"vCPU": 3.04, "memory": 1.33, "total": 4.37},
        ),
    ],
)
def test_it_reproduces_the_fargate_examples(example, params, published):
    """https://aws.amazon.com/fargate/pricing/ — "Pricing Examples" 1 to 3 (US East).

    The page prices per second ($0.000011244 per vCPU-s, $0.000001235 per GB-s,
    $0.0000000308 per GB-s of storage on x86); the same rates per hour are in the catalog.
    """
    # when
    estimate = price_service("fargate", params, region="us-east-1")

    # then
    for part, amount in published.items():
        lines = [line for line in estimate.items if line.item.startswith(part)]
        figure = estimate.monthly_usd if part == "total" else sum(x.monthly_usd for x in lines)
        assert _cents(figure) == amount, (example, part)


def test_it_reproduces_the_step_functions_express_example():
    """https://aws.amazon.com/step-functions/pricing/ — Express Workflows example: 100
    million workflows a month, 10 s average, billed at 64 MB.

    Requests 100M x $1.00/M = $100.00; duration 62,500,000 GB-s = 17,361.11 GB-hours:
    1,000 x $0.06 + 4,000 x $0.03 + 12,361.11 x $0.01642 = $60 + $120 + $202.97 = $382.97;
    total $482.97.
    """
    # given
    params = {
        "type": "express",
        "executions_per_month": "100000000",
        "duration_ms": "10000",
        "memory_mb": "64",
    }

    # when
    estimate = price_service("step_functions", params)

    # then
    assert _cents(_sum(estimate, containing="requests")) == 100.00
    tiers = [_cents(line.monthly_usd) for line in estimate.items if "duration" in line.item]
    assert tiers == [60.00, 120.00, 202.97]
    assert _cents(estimate.monthly_usd) == 482.97


@pytest.mark.parametrize(
    ("example", "params", "published"),
    [
        (
            "HTTP APIs, Pricing Example 1: 10,000 page loads a minute, 12 KB in, 46 KB out",
            {"type": "http", "requests_per_month": "432000000", "payload_kb": "46"},
            418.80,
        ),
        (
            "HTTP APIs, Pricing Example 2: 25 uploads a minute of 4.5 MB each",
            {"type": "http", "requests_per_month": "1080000", "payload_kb": "4608"},
            9.72,
        ),
        (
            "WebSocket APIs: a chat application, 1,000 users connected 12 hours a day",
            {
                "type": "websocket",
                "messages_per_month": "18000000",
                "payload_kb": "3",
                "connection_minutes": "21600000",
            },
            23.40,
        ),
    ],
)
def test_it_reproduces_the_api_gateway_http_and_websocket_examples(example, params, published):
    """https://aws.amazon.com/api-gateway/pricing/ — "Pricing Examples" (US East).

    HTTP 1: 10,000 x 60 x 24 x 30 = 432M requests; 300M x $1.00/M + 132M x $0.90/M = $300 +
    $118.8 = $418.8. HTTP 2: 25 x 60 x 24 x 30 calls x 4.5 MB / 512 KB = 9,720,000 requests x
    $1/M = $9.72. WebSocket: (100 sent + 500 received) x 1,000 users x 30 days = 18M messages
    x $1.00/M = $18; 1,000 x 12 h x 60 x 30 = 21,600,000 connection minutes x $0.25/M =
    $5.40; total $23.40.
    """
    # when
    estimate = price_service("api_gateway", params, region="us-east-1")

    # then
    assert _cents(estimate.monthly_usd) == published, example


def test_it_reproduces_the_api_gateway_rest_examples_with_their_transfer_and_endpoint():
    """https://aws.amazon.com/api-gateway/pricing/ — REST APIs, "Edge Optimized and Regional
    APIs" and "Private APIs" (US East).

    Regional: 5 million calls x $3.50/M = $17.50; 3 KB x 5M = 14.3 GB x $0.09 = $1.29; total
    $18.79. Private: the same 5M calls = $17.50 with no transfer out; a VPC endpoint in one AZ
    for 720 hours x $0.01 = $7.20 and 15.7 GB x $0.01 = $0.16; total $24.86.
    """
    # given
    calls = {"type": "rest", "requests_per_month": "5000000"}

    # when
    api = price_service("api_gateway", calls)
    out = price_service("data_transfer", {"gb_out": "14.3"})
    endpoint = price_service(
        "vpc_endpoint", {"endpoints": "1", "azs": "1", "hours": "720", "gb_processed": "15.7"}
    )

    # then
    assert _cents(api.monthly_usd) == 17.50
    assert _cents(api.monthly_usd + out.monthly_usd) == 18.79
    assert _cents(endpoint.monthly_usd) == 7.36
    assert _cents(api.monthly_usd + endpoint.monthly_usd) == 24.86


def test_it_reproduces_the_api_gateway_call_tiers_of_the_15_billion_call_example():
    """https://aws.amazon.com/api-gateway/pricing/ — REST APIs, 15 billion API calls a month.

    333 million x $3.50 = $1,165.50; 667 million x $2.80 = $1,867.60; 14 billion x $2.38 =
    $33,320.00; total API call charges $36,353.10. (The page's $5,149.84 of transfer bills all
    57,220.46 GB at $0.09; the EC2 rate it refers to is tiered, see the example's discrepancy.)
    """
    # when
    estimate = price_service("api_gateway", {"type": "rest", "requests_per_month": "15e9"})

    # then
    tiers = [_cents(line.monthly_usd) for line in estimate.items]
    assert tiers == [1165.50, 1867.60, 33320.00]
    assert _cents(estimate.monthly_usd) == 36353.10


def test_it_reproduces_the_api_gateway_cache_example():
    """https://aws.amazon.com/api-gateway/pricing/ — "Pricing Example with Caching Required":
    a 1.6 GB cache at $0.038/hr; "$0.038 * 24 = $0.912/day".
    """
    # when
    estimate = price_service(
        "api_gateway",
        {"type": "rest", "requests_per_month": "0", "cache_gb": "1.6", "cache_hours": "24"},
    )

    # then
    assert round(_sum(estimate, containing="cache"), 3) == 0.912


@pytest.mark.parametrize(
    ("example", "gateways", "gb_out", "published"),
    [
        ("Standard NAT gateway, 1 GB to S3 in the same Region", "1", None, 0.09),
        ("Regional NAT gateway in three AZs, 1 GB to the internet", "3", "1", 0.27),
    ],
)
def test_it_reproduces_the_nat_gateway_examples(example, gateways, gb_out, published):
    """https://aws.amazon.com/vpc/pricing/ — NAT gateway examples (US East), one hour and 1 GB.

    Standard: $0.045 an hour + $0.045 per GB processed; no transfer charge to S3 in the same
    Region: $0.09. Regional across three AZs: $0.135 (3 NAT gateway-hours) + $0.045 processed
    + $0.09 transferred to the internet = $0.27. (Read from a public copy of the page's text.)
    """
    # when
    nat = price_service("nat_gateway", {"gateways": gateways, "hours": "1", "gb_processed": "1"})
    out = price_service("data_transfer", {"gb_out": gb_out}).monthly_usd if gb_out else 0.0

    # then
    assert _cents(nat.monthly_usd + out) == published, example


def test_it_reproduces_the_lambda_microvms_coding_sandbox_example():
    """https://aws.amazon.com/lambda/pricing/ — Lambda MicroVMs "Pricing Example 1: Sandboxed
    environments for coding assistants" (US East, Graviton).

    Peak 4.5M s at 4 vCPU / 8 GB: $498.50 + $132.00; baseline 13.5M s at 1 vCPU / 2 GB:
    $373.87 + $99.00; compute $1,103.38. 12,000 suspends write 2 GB x $0.0038 = $91.20 and
    resume reading 2 GB x $0.00155 = $37.20; 2,000 launches read $6.20; 5 images of 2 GB x
    $0.08 = $0.80; 11,000 suspended hours of 2 GB over a 720-hour month = $2.44. Total
    $1,241.22.
    """
    # given
    peak = {
        "memory_gb": "8",
        "seconds_per_month": "4500000",
        "snapshot_gb": "2",
        "launches_per_month": "2000",
        "suspends_per_month": "12000",
        "images": "5",
        "suspended_hours_per_month": "11000",
    }
    baseline = {
        "memory_gb": "2",
        "seconds_per_month": "13500000",
        "launches_per_month": "0",
        "images": "0",
    }

    # when
    at_peak = price_service("lambda_microvms", peak)
    at_baseline = price_service("lambda_microvms", baseline)

    # then
    compute = _sum(at_peak, containing="compute") + _sum(at_baseline, containing="compute")
    assert _cents(compute) == 1103.38
    assert _cents(_sum(at_peak, containing="snapshot")) == 134.60
    assert _cents(_sum(at_peak, containing="storage")) == 3.24
    assert _cents(at_peak.monthly_usd + at_baseline.monthly_usd) == 1241.22
