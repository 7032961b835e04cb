"""The HTTP front door of the functions: an API Gateway HTTP API, or for a busy API an
Application Load Balancer with the functions as its targets, chosen where it costs
materially less and can do the job (issue 12: "no ALB -> Lambda front door for busy APIs").

The hand-worked figures use us-east-1's prices (knowledge/pricing/alb.yaml, public_ipv4.yaml,
api_gateway.yaml) and the LCU dimensions on https://aws.amazon.com/elasticloadbalancing/pricing/.
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_answers

BUSY_API = {
    "name": "Busy catalogue API",
    "avg_rps": 300,
    "peak_rps": 300,
    "traffic_pattern": "steady",
    "p95_latency_ms": 500,
    "runtime": "python",
    "avg_duration_ms": 25,
    "max_duration_s": 1,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["http"],
    "payload_kb": 1,
    "avg_response_kb": 20,
    "auth": "jwt",
}


def _assess(**changes):
    return evaluate(workload_from_answers({**BUSY_API, **changes}))


def _usd(assessment, service: str, starts: str) -> float:
    lines = assessment.costs.serverless.items
    return sum(
        line.monthly_usd
        for line in lines
        if line.service == service and line.item.startswith(starts)
    )


def test_a_busy_api_is_priced_behind_a_load_balancer_to_the_cent():
    # given: 300 req/s all month (730 h), 1 KB in and 20 KB out, a new connection each.
    # Processed bytes: 300 x 3,600 x 21 KB = 22,680,000 KB = 21.6293 GB an hour, over the
    # 0.4 GB an LCU holds for Lambda targets: 54.0733 LCU (new connections: 300 / 25 = 12;
    # active connections: 300 x 0.025 s = 7.5 of 3,000; rules: within the free ten).
    # LCU-hours: 54.0733 x 730 x $0.008 = $315.79; hours: 730 x $0.0225 = $16.425;
    # two public addresses: 2 x 730 x $0.005 = $7.30; in all $339.51.
    # The HTTP API it replaces: 788.4 M requests, 300 M at $1.00 and 488.4 M at $0.90.

    # when
    assessment = _assess()

    # then
    assert assessment.design.api_types == ("alb",)
    assert _usd(assessment, "alb", "capacity units") == pytest.approx(315.79, abs=0.005)
    assert _usd(assessment, "alb", "load balancer hours") == pytest.approx(16.425, abs=0.005)
    assert _usd(assessment, "public_ipv4", "") == pytest.approx(7.30, abs=0.005)
    alb_total = _usd(assessment, "alb", "") + _usd(assessment, "public_ipv4", "")
    assert alb_total == pytest.approx(339.51, abs=0.005)
    assert _usd(assessment, "api_gateway", "") == 0
    reason = next(c.reason for c in assessment.design.choices if c.topic == "api")
    assert "$340 a month" in reason and "$740 for an API Gateway HTTP API" in reason


def test_the_load_balancer_is_chosen_only_where_it_saves_materially():
    # given: at 150 req/s it costs about $181 against $394; at 30 req/s about $55 against
    # $79, a saving below the $50 a month that a VPC, a certificate and a domain are worth
    busy = _assess(avg_rps=150, peak_rps=150)
    quiet = _assess(avg_rps=30, peak_rps=30)

    # then
    assert busy.design.api_types == ("alb",)
    assert quiet.design.api_types == ("http",)
    assert _usd(quiet, "alb", "") == 0
    assert _usd(quiet, "api_gateway", "HTTP API") > 0


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"auth": "iam"}, "a load balancer cannot check SigV4 signatures"),
        ({"avg_response_kb": 2048}, "a Lambda target answers at most 1 MB"),
        ({"payload_kb": 2048}, "a Lambda target takes at most 1 MB"),
        ({"persistent_connections": "websocket"}, "WebSockets stay on API Gateway"),
    ],
)
def test_the_load_balancer_is_chosen_only_where_it_can_do_the_job(changes, why):
    # when
    assessment = _assess(**changes)

    # then
    assert "alb" not in assessment.design.api_types, why


def test_a_public_api_behind_the_load_balancer_takes_waf_on_it():
    # when
    assessment = _assess(auth="public")

    # then
    reason = next(c.reason for c in assessment.design.choices if c.topic == "api")
    assert assessment.design.api_types == ("alb",)
    assert "WAF directly on the load balancer" in reason and "no CloudFront" in reason


def test_a_public_apis_http_api_is_weighed_with_the_cloudfront_its_web_acl_needs():
    # given: 20 req/s, where a load balancer does not save half of an HTTP API alone, but
    # does once the CloudFront distribution a public HTTP API needs for AWS WAF is counted
    # (an ALB takes the web ACL itself)
    behind_login = _assess(avg_rps=20, peak_rps=20, auth="jwt")
    public = _assess(avg_rps=20, peak_rps=20, auth="public")

    # then
    assert behind_login.design.api_types == ("http",)
    assert public.design.api_types == ("alb",) and public.design.edge is None
    reason = next(choice.reason for choice in public.design.choices if choice.topic == "api")
    assert "for the CloudFront distribution a public HTTP API needs for its web ACL" in reason
