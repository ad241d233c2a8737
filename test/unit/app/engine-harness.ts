import { pino } from 'pino';
import { FakeTelephony } from '../../../src/adapters/memory/fake-telephony.js';
import { ManualClock, MemoryAgentStore, MemoryCallbackNumbers, MemoryDispositions, MemoryCallStore, MemoryDispatchState, MemoryLiveQueue, MemoryResumablePlaces } from '../../../src/adapters/memory/index.js';
import { Engine, type EngineDeps } from '../../../src/app/engine.js';
import type { CallPolicy } from '../../../src/domain/call.js';
import type { AgentId, CallId, ChannelId, EndpointName, TownId } from '../../../src/domain/ids.js';

export const policy: CallPolicy = {
  agentRingTimeoutMs: 15_000,
  towns: {
    quickborn: { phones: ['quickborn-1', 'quickborn-2'] as EndpointName[], overflowTimeoutMs: 20_000, mode: 'ring-first', maxRinging: null, isOpen: () => true },
  },
  agentEndpoints: { 'agent-1': 'agent-1' as EndpointName, 'agent-2': 'agent-2' as EndpointName },
  centerOpen: () => true,
  announceEveryMs: 45_000,
  closedMessageMaxMs: 120_000,
  maxWaitMs: null,
  whenQueueFull: 'callback',
  callbackKeyMs: 20_000,
  callbackRingMs: 30_000,
  callbackOffer: null,
  callbackAttempts: 1,
  callbackRetryMs: 600_000,
  resumeWithinMs: null,
  transferRingMs: 20_000,
};

/** The engine's app layer over in-memory fakes and a manual clock; Asterisk is the FakeTelephony stand-in. */
export async function harness(agentIds: string[] = ['agent-1', 'agent-2'], over: Partial<EngineDeps> = {}) {
  const clock = new ManualClock();
  const state = new MemoryDispatchState();
  const store = new MemoryCallStore();
  const queue = new MemoryLiveQueue(state);
  const agents = new MemoryAgentStore(state);
  const telephony = new FakeTelephony();
  const callbackNumbers = new MemoryCallbackNumbers();
  const dispositions = new MemoryDispositions();
  let n = 0;
  const engine = new Engine({
    store, queue, agents, telephony, clock,
    log: pino({ level: 'silent' }),
    policy,
    agentIds: agentIds as AgentId[],
    towns: new Set(['quickborn']),
    newCallId: () => `call-${++n}` as CallId,
    hashCaller: (num) => `hash(${num.length})`,
    municipalityOf: (num) => (num.startsWith('04106') ? ('quickborn' as TownId) : null),
    defaultHandleTimeMs: 180_000,
    callbackNumbers,
    resumablePlaces: new MemoryResumablePlaces(clock),
    maxWaitingCalls: null,
    dispositions,
    wrapUpMs: 0,
    agentOfEndpoint: new Map(agentIds.map((a) => [a, a as AgentId])),
    ...over,
  });
  await engine.start();
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await engine.lanes.idle();
      await engine.dispatcher.idle();
    }
  };
  const enter = async (channel: string, args: string[], callerNumber = '04106123456') => {
    telephony.addCaller(channel as ChannelId, args, callerNumber, clock.now());
    await engine.onCallerEntered({ type: 'caller.entered', channel: channel as ChannelId, args, callerNumber, at: clock.now() });
    await settle();
    return (await store.findByCallerChannel(channel as ChannelId)) as CallId;
  };
  /** Asterisk reports that a playback ended (played out or stopped). */
  const playbackFinished = async (playback: string) => {
    telephony.playing.delete(playback);
    await engine.onPlaybackFinished({ type: 'playback.finished', playback, at: clock.now() });
    await settle();
  };
  const fact = async (f: Parameters<Engine['onChannelFact']>[0]) => {
    if (f.type === 'channel.ended') telephony.live.delete(f.channel);
    if (f.type === 'channel.answered') telephony.markAnswered(f.channel);
    await engine.onChannelFact(f);
    await settle();
  };
  const advance = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  return { clock, store, queue, agents, telephony, engine, enter, fact, advance, settle, playbackFinished, callbackNumbers, dispositions };
}
