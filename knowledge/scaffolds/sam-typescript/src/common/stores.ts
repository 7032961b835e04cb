/**
 * Where the business logic keeps its records: DynamoDB, S3, a Firehose stream buffering
 * them into S3, or PostgreSQL (through RDS Proxy), whichever the template configured. Services take a Store, so their unit tests
 * pass an in-memory one (tests/support/memoryStore.ts); deployed code never falls back to
 * memory: a function without its store's settings throws on its first request.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  DeleteObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { Signer } from '@aws-sdk/rds-signer';
import pg from 'pg';
import { requireEnv } from './config.js';
import { logger } from './powertools.js';

export type StoredRecord = Record<string, unknown>;

// S3's answers to a conditional PUT whose key exists (or is being written at once).
const CONDITIONAL_S3_ERRORS = ['PreconditionFailed', 'ConditionalRequestConflict'];

export interface Store {
  get(key: string): Promise<StoredRecord | undefined>;
  put(key: string, record: StoredRecord): Promise<void>;
  /** Writes the record unless one has the key already (a redelivered event): false then. */
  putNew(key: string, record: StoredRecord): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Items keyed by a partition key (and a fixed sort key when the table has one). */
export class DynamoDbStore implements Store {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keyName = 'pk',
    private readonly sortKey: string | undefined = 'sk',
  ) {}

  private key(key: string): StoredRecord {
    return this.sortKey ? { [this.keyName]: key, [this.sortKey]: 'record' } : { [this.keyName]: key };
  }

  async get(key: string): Promise<StoredRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(key), ConsistentRead: true }),
    );
    return Item ? (JSON.parse(String(Item.body)) as StoredRecord) : undefined;
  }

  async put(key: string, record: StoredRecord): Promise<void> {
    const item = { ...this.key(key), body: JSON.stringify(record) };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async putNew(key: string, record: StoredRecord): Promise<boolean> {
    // A conditional put: the event's key is its idempotency, no separate record needed.
    const item = { ...this.key(key), body: JSON.stringify(record) };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': this.keyName },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    return true;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(key) }));
  }
}

/** JSON documents as objects under a prefix of the data bucket. */
/**
 * Events appended to the Firehose stream, which buffers them into objects under events/ in
 * the data bucket (one JSON line each). Nothing is read back here: analytics reads the
 * objects (Athena, Glue) and drops duplicates by the record's key (at-least-once delivery).
 */
export class FirehoseStore implements Store {
  constructor(
    private readonly client: FirehoseClient,
    private readonly streamName: string,
  ) {}

  get(): Promise<StoredRecord | undefined> {
    return Promise.resolve(undefined); // events are appended, not looked up one by one
  }

  async put(key: string, record: StoredRecord): Promise<void> {
    const line = JSON.stringify({ key, ...record }) + '\n';
    await this.client.send(
      new PutRecordCommand({
        DeliveryStreamName: this.streamName,
        Record: { Data: new TextEncoder().encode(line) },
      }),
    );
  }

  async putNew(key: string, record: StoredRecord): Promise<boolean> {
    await this.put(key, record); // appended; readers drop duplicates by the key
    return true;
  }

  delete(): Promise<void> {
    return Promise.reject(new Error('events in the delivery stream are append-only'));
  }
}

export class S3Store implements Store {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'records/',
  ) {}

  async get(key: string): Promise<StoredRecord | undefined> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return JSON.parse(await Body!.transformToString()) as StoredRecord;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  private putObject(key: string, record: StoredRecord, ifNoneMatch?: string): PutObjectCommand {
    return new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.prefix + key,
      Body: JSON.stringify(record),
      ContentType: 'application/json',
      IfNoneMatch: ifNoneMatch,
    });
  }

  async put(key: string, record: StoredRecord): Promise<void> {
    await this.client.send(this.putObject(key, record));
  }

  async putNew(key: string, record: StoredRecord): Promise<boolean> {
    // If-None-Match: * makes S3 refuse the PUT (412) when the key exists.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html
    try {
      await this.client.send(this.putObject(key, record, '*'));
    } catch (error) {
      if (error instanceof Error && CONDITIONAL_S3_ERRORS.includes(error.name)) return false;
      throw error;
    }
    return true;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }
}

/** Records as JSONB rows of one table; replace it with your own schema as the model grows. */
export class PostgresStore implements Store {
  private ready: Promise<void> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  private schema(): Promise<void> {
    this.ready ??= this.pool
      .query('CREATE TABLE IF NOT EXISTS records (key text PRIMARY KEY, body jsonb NOT NULL)')
      .then(() => undefined);
    return this.ready;
  }

  async get(key: string): Promise<StoredRecord | undefined> {
    await this.schema();
    const { rows } = await this.pool.query<{ body: StoredRecord }>(
      'SELECT body FROM records WHERE key = $1',
      [key],
    );
    return rows[0]?.body;
  }

  async put(key: string, record: StoredRecord): Promise<void> {
    await this.schema();
    await this.pool.query(
      'INSERT INTO records (key, body) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET body = $2',
      [key, JSON.stringify(record)],
    );
  }

  async putNew(key: string, record: StoredRecord): Promise<boolean> {
    await this.schema();
    const { rowCount } = await this.pool.query(
      'INSERT INTO records (key, body) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, JSON.stringify(record)],
    );
    return (rowCount ?? 0) > 0;
  }

  async delete(key: string): Promise<void> {
    await this.schema();
    await this.pool.query('DELETE FROM records WHERE key = $1', [key]);
  }
}

/**
 * A pool that connects to RDS Proxy with an IAM token (no password in the function), over
 * TLS. One connection per execution environment, reused across invocations; the token is
 * signed again for each new connection (it is valid for 15 minutes).
 */
export function iamAuthPool(host: string, user: string, database: string, port = 5432): pg.Pool {
  const signer = new Signer({ hostname: host, port, username: user });
  return new pg.Pool({
    host,
    port,
    user,
    database,
    password: () => signer.getAuthToken(),
    ssl: { rejectUnauthorized: true },
    max: 1,
    idleTimeoutMillis: 120_000,
  });
}

// Built on first use and kept for the life of the execution environment.
const cache = new Map<string, Store>();

function build(kind: string): Store {
  if (kind === 'connections') {
    const table = requireEnv('CONNECTIONS_TABLE_NAME');
    return new DynamoDbStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), table, 'connectionId', undefined);
  }
  if (process.env.TABLE_NAME) {
    return new DynamoDbStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), process.env.TABLE_NAME);
  }
  if (process.env.DATA_BUCKET_NAME) {
    return new S3Store(new S3Client({}), process.env.DATA_BUCKET_NAME);
  }
  if (process.env.DELIVERY_STREAM_NAME) {
    return new FirehoseStore(new FirehoseClient({}), process.env.DELIVERY_STREAM_NAME);
  }
  if (process.env.DB_ENDPOINT) {
    return new PostgresStore(
      iamAuthPool(process.env.DB_ENDPOINT, requireEnv('DB_USER'), requireEnv('DB_NAME')),
    );
  }
  throw new Error(
    'no store is configured: template.yaml gives a function TABLE_NAME, DATA_BUCKET_NAME, ' +
      'DELIVERY_STREAM_NAME or DB_ENDPOINT when it keeps records',
  );
}

/** The store this function's settings name ("connections": the WebSocket connections). */
export function defaultStore(kind = 'records'): Store {
  let store = cache.get(kind);
  if (!store) {
    store = build(kind);
    cache.set(kind, store);
  }
  return store;
}

/**
 * For designs that keep no records (the questionnaire's data store: none; events carry the
 * state): what a service would store goes to the function's log, where it can be found,
 * and nothing is read back. Chosen by the generator, never as a fallback.
 */
export class LogOnlyStore implements Store {
  constructor(private readonly log: (message: string, record: StoredRecord) => void) {}

  async get(): Promise<StoredRecord | undefined> {
    return undefined;
  }

  async put(key: string, record: StoredRecord): Promise<void> {
    this.log(`record ${key}`, record);
  }

  async putNew(key: string, record: StoredRecord): Promise<boolean> {
    await this.put(key, record);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.log(`forget ${key}`, {});
  }
}

/** The records of a design without a data store, in the function's structured log. */
export function logOnlyStore(): Store {
  return new LogOnlyStore((message, record) => logger.info(message, { record }));
}
