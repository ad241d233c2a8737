import { describe, expect, it } from 'vitest';
import { MemoryAgentStore, MemoryCallStore, MemoryDispatchState, MemoryLiveQueue, MemoryRecordSink } from '../../src/adapters/memory/index.js';
import { describeAgentStoreContract } from './agent-store-contract.js';
import { describeCallStoreContract } from './call-store-contract.js';
import { T0, ended, makeCall, type DispatchLane } from './fixtures.js';
import { describeLiveQueueContract } from './live-queue-contract.js';
import { describeRecordSinkContract } from './record-sink-contract.js';

/** n views of one shared state, as n engine processes would see one Redis. */
const memoryDispatch = (lanes: number): Promise<DispatchLane[]> => {
  const state = new MemoryDispatchState();
  return Promise.resolve(
    Array.from({ length: lanes }, () => ({ queue: new MemoryLiveQueue(state), agents: new MemoryAgentStore(state) })),
  );
};

describeCallStoreContract('memory', () => Promise.resolve(new MemoryCallStore()));
describeLiveQueueContract('memory', memoryDispatch);
describeAgentStoreContract('memory', memoryDispatch);
describeRecordSinkContract('memory', () => {
  const sink = new MemoryRecordSink();
  return Promise.resolve({ sink, readAll: async () => (await sink.read()).map((r) => r.call) });
});

describe('MemoryRecordSink.read', () => {
  it('continues after a given id', async () => {
    const sink = new MemoryRecordSink();
    await sink.publish(ended(makeCall(1), T0));
    await sink.publish(ended(makeCall(2), T0));
    await sink.publish(ended(makeCall(3), T0));
    const [first] = await sink.read(undefined, 1);
    if (!first) throw new Error('expected a record');
    expect((await sink.read(first.id)).map((r) => r.call.id)).toEqual(['call-2', 'call-3']);
    expect(sink.calls.map((c) => c.id)).toEqual(['call-1', 'call-2', 'call-3']);
  });
});
