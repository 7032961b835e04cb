"""Every service `price` knows, one line each: adding one is a line here plus its own module
under priced/ and its pricing file under knowledge/pricing/.

Everything else reads this registry: `price` and `price --help`, the JSON output, the
charts' and report's display names (the pricing file's `name:` and `short_name:`).
"""

from __future__ import annotations

from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.priced import (
    alb,
    api_gateway,
    aurora_postgresql,
    aws_lambda,
    cloudfront,
    cloudwatch_logs,
    data_transfer,
    dynamodb,
    ec2,
    eventbridge_scheduler,
    fargate,
    firehose,
    kinesis,
    kms,
    lambda_durable_functions,
    lambda_edge,
    lambda_event_poller,
    lambda_managed_instances,
    lambda_microvms,
    lambda_snapstart,
    lambda_streaming,
    lambda_tenant_isolation,
    nat_gateway,
    nlb,
    public_ipv4,
    rds_postgresql,
    rds_proxy,
    s3,
    secrets_manager,
    sns,
    sqs,
    step_functions,
    vpc_endpoint,
    waf,
    xray,
)
from advisor.engine.costs.priced.base import PricedService
from advisor.errors import UnknownServiceError

REGISTRY: dict[str, PricedService] = {
    entry.key: entry
    for entry in (
        alb.SERVICE,
        api_gateway.SERVICE,
        aurora_postgresql.SERVICE,
        aws_lambda.SERVICE,
        cloudfront.SERVICE,
        cloudwatch_logs.SERVICE,
        data_transfer.SERVICE,
        dynamodb.SERVICE,
        ec2.SERVICE,
        eventbridge_scheduler.SERVICE,
        fargate.SERVICE,
        firehose.SERVICE,
        kinesis.SERVICE,
        kms.SERVICE,
        lambda_durable_functions.SERVICE,
        lambda_edge.SERVICE,
        lambda_event_poller.SERVICE,
        lambda_managed_instances.SERVICE,
        lambda_microvms.SERVICE,
        lambda_snapstart.SERVICE,
        lambda_streaming.SERVICE,
        lambda_tenant_isolation.SERVICE,
        nat_gateway.SERVICE,
        nlb.SERVICE,
        public_ipv4.SERVICE,
        rds_postgresql.SERVICE,
        rds_proxy.SERVICE,
        s3.SERVICE,
        secrets_manager.SERVICE,
        sns.SERVICE,
        sqs.SERVICE,
        step_functions.SERVICE,
        vpc_endpoint.SERVICE,
        waf.SERVICE,
        xray.SERVICE,
    )
}


def priceable_services() -> tuple[str, ...]:
    return tuple(sorted(REGISTRY))


def priced_service(key: str) -> PricedService:
    if key not in REGISTRY:
        raise UnknownServiceError(
            f"Unknown service {key!r}. Services: {', '.join(priceable_services())}."
        )
    return REGISTRY[key]


def display_name(key: str) -> str:
    """What a person calls the service ("AWS Lambda"): its pricing file's `name:`."""
    return pricing_catalog().service_names.get(key, key.replace("_", " "))


def short_name(key: str) -> str:
    """The shorter name a chart legend uses ("Lambda"): the pricing file's `short_name:`."""
    return pricing_catalog().short_names.get(key, display_name(key))
