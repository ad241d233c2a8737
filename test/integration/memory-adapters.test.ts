import { MemoryAgentStore, MemoryCallStore, MemoryDispatchState, MemoryLiveQueue } from '../../src/adapters/memory/index.js';
import { describeAgentStoreContract } from './agent-store-contract.js';
import { describeCallStoreContract } from './call-store-contract.js';
import type { DispatchLane } from './fixtures.js';
import { describeLiveQueueContract } from './live-queue-contract.js';
import { describeRoutingContract } from './routing-contract.js';
import { describeRoutingStepsContract } from './routing-steps-contract.js';
import { describeCallRecordsContract } from './call-records-contract.js';

/** n views of one shared state, as n engine processes would see one Redis. */
const memoryDispatch = (lanes: number): Promise<DispatchLane[]> => {
  const state = new MemoryDispatchState();
  return Promise.resolve(
    Array.from({ length: lanes }, () => ({ queue: new MemoryLiveQueue(state), agents: new MemoryAgentStore(state) })),
  );
};

describeCallStoreContract('memory', () => Promise.resolve(new MemoryCallStore()));
describeLiveQueueContract('memory', memoryDispatch);
describeRoutingContract('memory', memoryDispatch);
describeRoutingStepsContract('memory', memoryDispatch);
describeAgentStoreContract('memory', memoryDispatch);
describeCallRecordsContract('memory', () => {
  const store = new MemoryCallStore();
  return Promise.resolve({ store, records: store });
});
