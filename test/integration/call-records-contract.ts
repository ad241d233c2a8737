import { describe, expect, it } from 'vitest';
import type { CallRecords, CallStore } from '../../src/app/ports.js';
import { T0, ended, makeCall } from './fixtures.js';

export interface CallRecordsFixture {
  readonly store: CallStore;
  /** Reads the records `store` appends as calls end. */
  readonly records: CallRecords;
}

const calls = async (records: CallRecords, sinceId?: string): Promise<string[]> => (await records.read(sinceId)).map((r) => r.call.id);

/** The record log's contract: saving an ended call appends its record, once, with the save. */
export function describeCallRecordsContract(name: string, factory: () => Promise<CallRecordsFixture>): void {
  describe(`CallRecords contract: ${name}`, () => {
    it('starts empty', async () => {
      const { records } = await factory();
      expect(await records.read()).toEqual([]);
    });

    it('appends the ended call, whole, as saved, in the order calls end', async () => {
      const { store, records } = await factory();
      const first = await store.create(makeCall(1));
      const second = await store.create(makeCall(2, { outcome: 'answered-by-agent' }));
      const secondEnded = await store.save(ended(second, T0 + 60_000));
      const firstEnded = await store.save(ended(first, T0 + 90_000));
      expect((await records.read()).map((r) => r.call)).toEqual([secondEnded, firstEnded]);
    });

    it('appends nothing for a call that has not ended, nor for a save that lost', async () => {
      const { store, records } = await factory();
      const v1 = await store.create(makeCall(1));
      await store.save({ ...v1, phase: 'offering' });
      await expect(store.save(ended(v1, T0 + 1))).rejects.toThrow();
      expect(await records.read()).toEqual([]);
    });

    it('reads on after a given record, and at most `count` at a time', async () => {
      const { store, records } = await factory();
      for (const n of [1, 2, 3]) await store.save(ended(await store.create(makeCall(n)), T0 + n));
      const [first] = await records.read(undefined, 1);
      expect(first?.call.id).toBe('call-1');
      expect(await calls(records, first?.id)).toEqual(['call-2', 'call-3']);
    });
  });
}
