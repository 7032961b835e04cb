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

  async putNew(key: string, record: StoredRecord): Promise<boolean> {
    if (this.records.has(key)) return false;
    await this.put(key, record);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.records.delete(key);
  }
}
