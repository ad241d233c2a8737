import { describe, expect, it } from 'vitest';
import { MemoryCallerHistory } from '../../../src/adapters/memory/index.js';
import { callerHasher } from '../../../src/app/caller-hash.js';
import { DeskFeed } from '../../../src/app/desk-feed.js';
import { UNKNOWN_CALLER_IDS } from '../../../src/domain/caller-id.js';
import type { AgentId, ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

const HOUR_MS = 60 * 60_000;
const hashCaller = callerHasher('unit-salt');
const AGENT = 'agent-1' as AgentId;

/** One agent, the engine over fakes with a real salted hash, the caller history and the desk's view. */
async function desk() {
  const history = new MemoryCallerHistory();
  const h = await harness(['agent-1'], { hashCaller, callerHistory: history });
  const feed = new DeskFeed({
    agents: h.agents,
    calls: h.store,
    clock: h.clock,
    history,
    unknownCallerHashes: UNKNOWN_CALLER_IDS.map(hashCaller),
    agentNames: new Map(),
    townNames: new Map(),
    departments: new Map(),
    serviceOf: () => null,
  });
  /** A 115 call from `number`: offered to the agent; what the agent's screen pop says of earlier calls. */
  const call = async (channel: string, number: string): Promise<number | undefined> => {
    await h.enter(channel, ['115'], number);
    const pop = (await feed.view(AGENT))?.call;
    expect(pop?.phase).toBe('offering');
    return pop?.earlierCalls7d;
  };
  /** The caller hangs up while the agent's phone rings; an hour passes. */
  const hangUp = async (channel: string) => {
    await h.fact({ type: 'channel.ended', channel: channel as ChannelId, cause: 16, at: h.clock.now() });
    await h.advance(HOUR_MS);
  };
  return { h, history, call, hangUp };
}

describe("the screen pop's earlier calls (7 days) for a withheld or empty caller id", () => {
  it('a number that identifies someone: the second call pops with 1 earlier call', async () => {
    const d = await desk();
    expect(await d.call('c1', '04101555000')).toBe(0);
    await d.hangUp('c1');
    expect(await d.call('c2', '04101555000')).toBe(1);
  });

  // What Asterisk gives as caller number for a withheld caller (From: sip:anonymous@anonymous.invalid), or none at all.
  it.each(['anonymous', 'Anonymous', '', ' ', 'unknown', 'restricted'])('caller id %j: never an earlier call, and not recorded in the history', async (number) => {
    const d = await desk();
    expect(await d.call('c1', number)).toBe(0);
    await d.hangUp('c1');
    expect(await d.call('c2', number)).toBe(0);
    await d.hangUp('c2');
    // Another withheld caller: still no earlier call.
    expect(await d.call('c3', 'anonymous')).toBe(0);
    expect(await d.history.count(hashCaller(number), 0, d.h.clock.now() + 1, '')).toBe(0);
  });

  it('withheld calls already in the history (recorded before this was fixed, kept 7 days) do not count either', async () => {
    const d = await desk();
    await d.history.seen(hashCaller('anonymous'), 'call-before', d.h.clock.now());
    await d.history.seen(hashCaller(''), 'call-before-2', d.h.clock.now());
    await d.h.advance(HOUR_MS);
    expect(await d.call('c1', 'anonymous')).toBe(0);
    await d.hangUp('c1');
    expect(await d.call('c2', '')).toBe(0);
  });
});
