// JSON replies and zod-validated request bodies for the HTTP handlers, behind an HTTP API
// or a load balancer (whose Lambda targets must say whether the body is base64).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';

export function reply(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/** The request body checked against its schema, or the 422 reply naming what is wrong. */
export function bodyOf<T extends z.ZodType>(
  event: { body?: string | null },
  schema: T,
): { ok: true; value: z.infer<T> } | { ok: false; reply: APIGatewayProxyStructuredResultV2 } {
  let raw: unknown;
  try {
    raw = JSON.parse(event.body ?? '');
  } catch {
    return { ok: false, reply: reply(422, { detail: 'the body is not JSON' }) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reply: reply(422, { detail: z.flattenError(parsed.error).fieldErrors }) };
  }
  return { ok: true, value: parsed.data };
}
