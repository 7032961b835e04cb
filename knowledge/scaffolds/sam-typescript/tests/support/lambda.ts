import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';

const EVENTS_DIR = fileURLToPath(new URL('../../events/', import.meta.url));

export function sampleEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`${EVENTS_DIR}${name}.json`, 'utf-8')) as T;
}

export const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test-function',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test-function',
  memoryLimitInMB: '128',
  awsRequestId: '00000000-0000-0000-0000-000000000000',
  logGroupName: '/aws/lambda/test-function',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
