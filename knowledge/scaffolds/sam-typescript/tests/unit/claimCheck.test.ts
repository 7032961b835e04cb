import { afterEach, describe, expect, it } from 'vitest';
import { BUCKET_ENV, eventBody, sendBody } from '../../src/common/claimCheck.js';

describe('claim check', () => {
  afterEach(() => {
    delete process.env[BUCKET_ENV];
  });

  it('replaces a pointer by the body it names', async () => {
    process.env[BUCKET_ENV] = 'bodies';
    const objects = new Map<string, string>();
    const pointer = await sendBody('{"order":1}', 'evt-1', async (bucket, key, body) => {
      objects.set(`${bucket}/${key}`, body);
    });
    const body = await eventBody(pointer, async (bucket, key) => objects.get(`${bucket}/${key}`) ?? '');
    expect(JSON.parse(body)).toEqual({ order: 1 });
    expect([...objects.keys()]).toEqual(['bodies/evt-1']);
  });

  it('leaves an event sent whole as it is', async () => {
    expect(await eventBody('{"order":2}', async () => 'unused')).toBe('{"order":2}');
  });

  it('names the missing bucket setting', async () => {
    await expect(eventBody('{"claim_check":{"key":"evt-1"}}', async () => '')).rejects.toThrow(BUCKET_ENV);
  });
});
