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
