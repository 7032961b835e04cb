"""Powertools idempotency: a redelivered event does its work once.

Records live in the stack's IdempotencyTable; tests set POWERTOOLS_IDEMPOTENCY_DISABLED=1.
https://docs.powertools.aws.dev/lambda/python/latest/utilities/idempotency/
"""

from __future__ import annotations

import os

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
)

# Long enough to cover every retry of one event (SQS redrives, Lambda async retries).
EXPIRES_AFTER_SECONDS = 24 * 3600

persistence_layer = DynamoDBPersistenceLayer(
    table_name=os.environ.get("IDEMPOTENCY_TABLE_NAME", "idempotency")
)
config = IdempotencyConfig(expires_after_seconds=EXPIRES_AFTER_SECONDS)
