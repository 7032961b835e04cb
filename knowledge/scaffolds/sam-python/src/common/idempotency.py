"""Powertools idempotency: a redelivered event does its work once.

Records live in the stack's IdempotencyTable; tests set POWERTOOLS_IDEMPOTENCY_DISABLED=1.
https://docs.powertools.aws.dev/lambda/python/latest/utilities/idempotency/
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
)

from common.stores import setting

# Long enough to cover every retry of one event (SQS redrives, Lambda async retries).
EXPIRES_AFTER_SECONDS = 24 * 3600

# Read at cold start: a function without the table's name stops there, with its name.
persistence_layer = DynamoDBPersistenceLayer(
    table_name=setting("IDEMPOTENCY_TABLE_NAME", "the idempotency records table")
)
config = IdempotencyConfig(expires_after_seconds=EXPIRES_AFTER_SECONDS)
