"""Line items for each AWS service, from plain numbers (shared by `price` and the comparison).

Every function takes the region's price table and returns a list of CostLine; quantities
are per month. A month is 730 hours (advisor.engine.workload.HOURS_PER_MONTH). Each lives
in its service's module under priced/; this module gathers them for the comparison.
"""

from __future__ import annotations

from advisor.engine.costs.lines import Table
from advisor.engine.costs.priced.alb import alb_lines
from advisor.engine.costs.priced.api_gateway import api_gateway_lines, rest_cache_lines
from advisor.engine.costs.priced.aurora_postgresql import (
    aurora_serverless_v2_lines,
    aurora_storage_lines,
)
from advisor.engine.costs.priced.aws_lambda import (
    LAMBDA_FREE_STORAGE_MB,
    MB_PER_GB,
    ephemeral_storage_lines,
    lambda_lines,
)
from advisor.engine.costs.priced.cloudfront import cloudfront_lines
from advisor.engine.costs.priced.cloudwatch_logs import cloudwatch_logs_lines
from advisor.engine.costs.priced.data_transfer import data_transfer_lines
from advisor.engine.costs.priced.dynamodb import dynamodb_lines
from advisor.engine.costs.priced.ec2 import ec2_lines, ec2_surplus_credit_lines
from advisor.engine.costs.priced.fargate import FARGATE_FREE_STORAGE_GB, fargate_lines
from advisor.engine.costs.priced.firehose import firehose_lines
from advisor.engine.costs.priced.kinesis import kinesis_lines
from advisor.engine.costs.priced.kms import kms_lines
from advisor.engine.costs.priced.lambda_managed_instances import managed_instances_lines
from advisor.engine.costs.priced.lambda_snapstart import snapstart_lines
from advisor.engine.costs.priced.nat_gateway import nat_gateway_lines
from advisor.engine.costs.priced.public_ipv4 import public_ipv4_lines
from advisor.engine.costs.priced.rds_postgresql import rds_postgresql_lines
from advisor.engine.costs.priced.rds_proxy import RDS_PROXY_MIN_VCPU, rds_proxy_lines
from advisor.engine.costs.priced.s3 import s3_lines
from advisor.engine.costs.priced.secrets_manager import secrets_manager_lines
from advisor.engine.costs.priced.sns import sns_lines
from advisor.engine.costs.priced.sqs import sqs_lines
from advisor.engine.costs.priced.step_functions import (
    EXPRESS_BILLING_MS,
    EXPRESS_MEMORY_CHUNK_MB,
    express_workflow_lines,
    standard_workflow_lines,
    step_functions_lines,
)
from advisor.engine.costs.priced.vpc_endpoint import vpc_endpoint_lines
from advisor.engine.costs.priced.waf import waf_lines
from advisor.engine.costs.priced.xray import xray_lines
from advisor.engine.results import CostLine

KB_PER_GB = 1024 * 1024

__all__ = [
    "aurora_serverless_v2_lines",
    "aurora_storage_lines",
    "EXPRESS_BILLING_MS",
    "EXPRESS_MEMORY_CHUNK_MB",
    "FARGATE_FREE_STORAGE_GB",
    "firehose_lines",
    "KB_PER_GB",
    "LAMBDA_FREE_STORAGE_MB",
    "MB_PER_GB",
    "RDS_PROXY_MIN_VCPU",
    "CostLine",
    "Table",
    "alb_lines",
    "api_gateway_lines",
    "cloudfront_lines",
    "cloudwatch_logs_lines",
    "data_transfer_lines",
    "dynamodb_lines",
    "ec2_lines",
    "ec2_surplus_credit_lines",
    "ephemeral_storage_lines",
    "express_workflow_lines",
    "fargate_lines",
    "kinesis_lines",
    "kms_lines",
    "lambda_lines",
    "managed_instances_lines",
    "nat_gateway_lines",
    "public_ipv4_lines",
    "rds_postgresql_lines",
    "secrets_manager_lines",
    "snapstart_lines",
    "vpc_endpoint_lines",
    "waf_lines",
    "xray_lines",
    "rds_proxy_lines",
    "rest_cache_lines",
    "s3_lines",
    "sns_lines",
    "sqs_lines",
    "standard_workflow_lines",
    "step_functions_lines",
]
