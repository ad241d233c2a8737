import { describe, expect, it } from 'vitest';
import type { RecordSink } from '../../src/app/ports.js';
import type { Call } from '../../src/domain/call.js';
import { T0, ended, makeCall } from './fixtures.js';

export interface RecordSinkFixture {
  readonly sink: RecordSink;
  /** Everything published so far, oldest first, as a consumer would read it. */
  readonly readAll: () => Promise<Call[]>;
}

/** The RecordSink port's contract. */
export function describeRecordSinkContract(name: string, factory: () => Promise<RecordSinkFixture>): void {
  describe(`RecordSink contract: ${name}`, () => {
    it('publishes ended calls in order, whole', async () => {
      const { sink, readAll } = await factory();
      const first = ended({ ...makeCall(1), version: 7 }, T0 + 60_000);
      const second = ended({ ...makeCall(2, { outcome: 'answered-by-agent' }), version: 9 }, T0 + 90_000);
      await sink.publish(first);
      await sink.publish(second);
      expect(await readAll()).toEqual([first, second]);
    });

    it('starts empty', async () => {
      const { readAll } = await factory();
      expect(await readAll()).toEqual([]);
    });
  });
}
