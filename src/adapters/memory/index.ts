export { MemoryAgentStore } from './agent-store.js';
export { MemoryCallStore } from './call-store.js';
export { MemoryDispatchState } from './dispatch-state.js';
export { MemoryLiveQueue } from './live-queue.js';
export { MANUAL_CLOCK_DEFAULT_START, ManualClock } from './manual-clock.js';
export { MemoryCallbackNumbers } from './callback-numbers.js';
export { MemoryDispositions } from './dispositions.js';
export { MemoryCallerHistory } from './caller-history.js';
export { MemoryResumablePlaces } from './resumable-places.js';
