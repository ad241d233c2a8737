import { describe, expect, it } from 'vitest';
import type { CallStore } from '../../src/app/ports.js';
import { callId, channelId } from '../../src/domain/ids.js';
import { isEngineError } from '../../src/errors.js';
import { T0, ended, makeCall } from './fixtures.js';

const isConflict = (err: unknown): boolean => isEngineError(err, 'STORE_VERSION_CONFLICT');

/** The CallStore port's contract; `factory` returns a fresh, empty store each time. */
export function describeCallStoreContract(name: string, factory: () => Promise<CallStore>): void {
  describe(`CallStore contract: ${name}`, () => {
    it('creates a call at version 1 and reads it back', async () => {
      const store = await factory();
      const created = await store.create(makeCall(1));
      expect(created.version).toBe(1);
      expect(await store.get(callId('call-1'))).toEqual(created);
      expect(await store.get(callId('call-unknown'))).toBeNull();
    });

    it('refuses to create a call twice', async () => {
      const store = await factory();
      await store.create(makeCall(1));
      await expect(store.create(makeCall(1))).rejects.toSatisfy(isConflict);
    });

    it('saves with compare-and-set on the version', async () => {
      const store = await factory();
      const v1 = await store.create(makeCall(1));
      const v2 = await store.save({ ...v1, phase: 'offering' });
      expect(v2.version).toBe(2);
      await expect(store.save({ ...v1, phase: 'connected' })).rejects.toSatisfy(isConflict);
      expect((await store.get(v1.id))?.phase).toBe('offering');
      await expect(store.save(makeCall('never-created', { version: 1 }))).rejects.toSatisfy(isConflict);
    });

    it('lets exactly one of two concurrent saves of the same version win', async () => {
      const store = await factory();
      const v1 = await store.create(makeCall(1));
      const results = await Promise.allSettled([
        store.save({ ...v1, phase: 'offering' }),
        store.save({ ...v1, phase: 'ended' }),
        store.save({ ...v1, phase: 'connected' }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      for (const r of lost) expect(isConflict(r.reason)).toBe(true);
      expect((await store.get(v1.id))?.version).toBe(2);
    });

    it('indexes active calls and their caller channel', async () => {
      const store = await factory();
      await store.create(makeCall(1));
      await store.create(makeCall(2));
      expect(await store.findByCallerChannel(channelId('1736150400.1'))).toBe('call-1');
      expect(await store.findByCallerChannel(channelId('nobody'))).toBeNull();
      expect((await store.active()).map((c) => c.id).sort()).toEqual(['call-1', 'call-2']);
    });

    it('takes an ended call out of the active set and the channel index but keeps its record', async () => {
      const store = await factory();
      const v1 = await store.create(makeCall(1));
      await store.create(makeCall(2));
      const done = await store.save(ended(v1, T0 + 60_000));
      expect(await store.findByCallerChannel(v1.callerChannel)).toBeNull();
      expect((await store.active()).map((c) => c.id)).toEqual(['call-2']);
      expect(await store.get(v1.id)).toEqual(done);
      // Saving the record again (a late outcome) keeps it out of the indexes.
      await store.save({ ...done, outcome: 'answered-by-agent' });
      expect((await store.active()).map((c) => c.id)).toEqual(['call-2']);
      expect(await store.findByCallerChannel(v1.callerChannel)).toBeNull();
    });

    it('returns copies: changing a returned call does not change the store', async () => {
      const store = await factory();
      const created = await store.create(makeCall(1));
      (created.offers as unknown[]).push('mutated');
      expect((await store.get(created.id))?.offers).toEqual([]);
    });
  });
}
