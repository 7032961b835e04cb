/**
 * Events larger than their transport carries (the claim-check pattern). An SNS message is
 * at most 256 KB, an SQS message or a Kinesis record 1 MiB: a larger event's producer writes
 * the body to the event-bodies bucket and sends a pointer to it, and the consumer reads the
 * object the pointer names. The bucket's lifecycle rule deletes the bodies once no message
 * can still name them. https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from './config.js';

// template.yaml sets it on the functions that write or read the bodies.
export const BUCKET_ENV = 'EVENT_BODIES_BUCKET_NAME';
// A pointer is a JSON object with this one field: {"claim_check": {"key": "..."}}.
const POINTER_FIELD = 'claim_check';

export type Reader = (bucket: string, key: string) => Promise<string>;
export type Writer = (bucket: string, key: string, body: string) => Promise<void>;

const readFromS3: Reader = async (bucket, key) => {
  const answer = await new S3Client({}).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await answer.Body?.transformToString('utf-8')) ?? '';
};

const writeToS3: Writer = async (bucket, key, body) => {
  await new S3Client({}).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
};

/** Store an event's body under `key` (unique per event); the pointer message to publish. */
export async function sendBody(body: string, key: string, write: Writer = writeToS3): Promise<string> {
  await write(requireEnv(BUCKET_ENV), key, body);
  return JSON.stringify({ [POINTER_FIELD]: { key } });
}

function pointerKey(message: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = Object.keys(parsed);
  if (fields.length !== 1 || fields[0] !== POINTER_FIELD) return undefined;
  return String((parsed as Record<string, { key: unknown }>)[POINTER_FIELD].key);
}

/** The event a message carries: the message itself, or the body its pointer names. */
export async function eventBody(message: string, read: Reader = readFromS3): Promise<string> {
  const key = pointerKey(message);
  return key === undefined ? message : read(requireEnv(BUCKET_ENV), key);
}
