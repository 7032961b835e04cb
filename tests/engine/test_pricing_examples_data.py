"""Every worked example of AWS's pricing pages, kept in knowledge/pricing/examples/, priced by
the engine and compared to the cent with the page's own figures (each case names its page).
"""

from __future__ import annotations

import pytest

from advisor.engine.costs.examples import (
    ExamplesFileModel,
    as_stated,
    example_result,
    pricing_examples,
)
from advisor.engine.costs.registry import REGISTRY
from advisor.engine.knowledge import parse_knowledge
from advisor.errors import KnowledgeFileError

EXAMPLES = pricing_examples()
REPRODUCED = [e for e in EXAMPLES if e.discrepancy is None]
DIFFERING = [e for e in EXAMPLES if e.discrepancy is not None]


@pytest.mark.parametrize("example", REPRODUCED, ids=[e.id for e in REPRODUCED])
def test_the_engine_reproduces_the_page_to_the_cent(example):
    # when
    result = example_result(example)

    # then
    assert result.computed_usd == example.aws_usd, example.source_url
    for start, aws_usd, computed_usd in result.line_usd:
        assert computed_usd == aws_usd, (example.source_url, start)


@pytest.mark.parametrize("example", DIFFERING, ids=[e.id for e in DIFFERING])
def test_an_inconsistent_page_differs_by_exactly_the_stated_amount(example):
    # when
    result = example_result(example)

    # then: the stated difference stays true; fixing the page or the engine fails this
    assert round(result.computed_usd - example.aws_usd, 2) == example.difference_usd
    assert result.computed_usd != example.aws_usd, example.source_url


def test_the_examples_cover_the_pages_the_advisor_prices():
    # given
    pages = {example.source_url for example in EXAMPLES}

    # then
    assert {
        "https://aws.amazon.com/lambda/pricing/",
        "https://aws.amazon.com/api-gateway/pricing/",
        "https://aws.amazon.com/fargate/pricing/",
        "https://aws.amazon.com/step-functions/pricing/",
        "https://aws.amazon.com/vpc/pricing/",
    } <= pages
    assert len({example.id for example in EXAMPLES}) == len(EXAMPLES)


def test_every_example_prices_only_registered_services_and_names_its_lines():
    for example in EXAMPLES:
        assert all(service in REGISTRY for service, _ in example.parts), example.id
        assert example.lines, example.id


def test_every_lambda_feature_on_the_page_has_an_example():
    # given
    services = {service for e in EXAMPLES for service, _ in e.parts}

    # then
    assert {
        "lambda_snapstart",
        "lambda_managed_instances",
        "lambda_durable_functions",
        "lambda_streaming",
        "lambda_event_poller",
        "lambda_tenant_isolation",
        "lambda_edge",
        "lambda_microvms",
    } <= services


def test_every_api_type_on_the_api_gateway_page_has_an_example():
    # given
    types = {
        inputs.get("type")
        for e in EXAMPLES
        for service, inputs in e.parts
        if service == "api_gateway"
    }
    caches = [
        e.id
        for e in EXAMPLES
        for service, inputs in e.parts
        if service == "api_gateway" and inputs.get("cache_gb", "none") != "none"
    ]

    # then
    assert {"http", "rest", "websocket"} <= types
    assert caches


def test_a_difference_without_its_reason_is_refused():
    # given
    data = {
        "kind": "pricing_examples",
        "source_url": "https://aws.amazon.com/lambda/pricing/",
        "source_title": "AWS Lambda pricing",
        "retrieved": "2026-11-30",
        "examples": [
            {
                "id": "x",
                "title": "X example",
                "service": "lambda",
                "aws_usd": 1,
                "difference_usd": 1,
            }
        ],
    }

    # when / then
    with pytest.raises(KnowledgeFileError, match="discrepancy"):
        parse_knowledge(ExamplesFileModel, data, where="broken.yaml")


@pytest.mark.parametrize(
    ("amount", "stated", "compared"),
    [
        (0.0449999, 0.045, 0.045),
        (0.9121, 0.912, 0.912),
        (1.2875, 1.29, 1.29),
        (418.8, 418.8, 418.8),
    ],
)
def test_a_line_is_compared_at_the_precision_the_page_states_it_the_cent_at_least(
    amount, stated, compared
):
    # when / then: a NAT gateway-hour stated as $0.045 is not rounded to $0.05
    assert as_stated(amount, stated) == compared
