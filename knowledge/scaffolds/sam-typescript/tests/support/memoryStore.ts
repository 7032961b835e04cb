import type { Store, StoredRecord } from '../../src/common/stores.js';

/** The tests' store: records in a Map, so services and handlers run with no cloud. */
export class MemoryStore implements Store {
  readonly records = new Map<string, StoredRecord>();

  async get(key: string): Promise<StoredRecord | undefined> {
    return this.records.get(key);
  }

  async put(key: string, record: StoredRecord): Promise<void> {
    this.records.set(key, { ...record });
  }

  async delete(key: string): Promise<void> {
    this.records.delete(key);
  }
}
