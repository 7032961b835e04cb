import { afterEach, describe, expect, it } from 'vitest';
import { defaultStore, LogOnlyStore } from '../../src/common/stores.js';

describe('defaultStore', () => {
  afterEach(() => {
    delete process.env.DB_ENDPOINT;
  });

  it('refuses to run without a configured store instead of keeping records in memory', () => {
    expect(() => defaultStore('unconfigured')).toThrow('no store is configured');
  });

  it('names the missing setting of a half-configured database', () => {
    process.env.DB_ENDPOINT = 'proxy.example.com';
    expect(() => defaultStore('half-configured')).toThrow('DB_USER');
  });
});

describe('LogOnlyStore', () => {
  it('logs what it is given and reads nothing back', async () => {
    const lines: string[] = [];
    const store = new LogOnlyStore((message) => lines.push(message));
    await store.put('run#1', { ok: true });
    expect(lines).toEqual(['record run#1']);
    expect(await store.get()).toBeUndefined();
  });
});
