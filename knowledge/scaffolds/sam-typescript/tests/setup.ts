// Offline test settings: no AWS account, no network, no X-Ray daemon. Set before any
// handler module is imported (they build their clients when first loaded).
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_IDEMPOTENCY_DISABLED: 'true',
  POWERTOOLS_METRICS_NAMESPACE: 'tests',
  POWERTOOLS_SERVICE_NAME: 'tests',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  IDEMPOTENCY_TABLE_NAME: 'idempotency-tests',
});
