// The deployed stores against real services: a write then a read returns the same record.
// Run with STORE_TESTS=1 and endpoints for the services you have (each block runs when its
// settings are given): DYNAMODB_ENDPOINT (e.g. DynamoDB Local or moto), S3_ENDPOINT, and
// PGHOST/PGPORT/PGUSER/PGDATABASE for a PostgreSQL (the pool signs no token there: it takes
// a password function, as iamAuthPool does in AWS).
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbStore, PostgresStore, S3Store } from '../../src/common/stores.js';

const { DYNAMODB_ENDPOINT, S3_ENDPOINT, PGHOST } = process.env;
const record = { id: '42', name: 'Widget', quantity: 3, tags: ['a', 'b'] };

describe.runIf(DYNAMODB_ENDPOINT)('DynamoDbStore', () => {
  it('reads back what it wrote, and forgets what it deleted', async () => {
    const client = new DynamoDBClient({ endpoint: DYNAMODB_ENDPOINT });
    const table = `records-${Date.now()}`;
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    const store = new DynamoDbStore(DynamoDBDocumentClient.from(client), table);
    await store.put('item#42', record);
    expect(await store.get('item#42')).toEqual(record);
    await store.delete('item#42');
    expect(await store.get('item#42')).toBeUndefined();
  });
});

describe.runIf(S3_ENDPOINT)('S3Store', () => {
  it('reads back what it wrote, and answers nothing for a missing key', async () => {
    const client = new S3Client({ endpoint: S3_ENDPOINT, forcePathStyle: true });
    const bucket = `records-${Date.now()}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = new S3Store(client, bucket);
    await store.put('item#42', record);
    expect(await store.get('item#42')).toEqual(record);
    expect(await store.get('item#missing')).toBeUndefined();
  });
});

describe.runIf(PGHOST)('PostgresStore', () => {
  const pool = new pg.Pool({ max: 1, password: () => Promise.resolve(process.env.PGPASSWORD ?? '') });
  afterAll(() => pool.end());

  it('reads back what it wrote, over one reused connection', async () => {
    const store = new PostgresStore(pool);
    await store.put('item#42', record);
    await store.put('item#42', { ...record, quantity: 4 });
    expect(await store.get('item#42')).toEqual({ ...record, quantity: 4 });
    await store.delete('item#42');
    expect(await store.get('item#42')).toBeUndefined();
    expect(pool.totalCount).toBe(1);
  });
});
