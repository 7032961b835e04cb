/**
 * Powertools idempotency: a redelivered event does its work once. Records live in the
 * stack's IdempotencyTable; tests set POWERTOOLS_IDEMPOTENCY_DISABLED=true.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/utilities/idempotency/
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { requireEnv } from './config.js';

// Long enough to cover every retry of one event (SQS redrives, Lambda async retries).
export const EXPIRES_AFTER_SECONDS = 24 * 3600;

export const config = new IdempotencyConfig({ expiresAfterSeconds: EXPIRES_AFTER_SECONDS });
export const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: requireEnv('IDEMPOTENCY_TABLE_NAME'),
});
