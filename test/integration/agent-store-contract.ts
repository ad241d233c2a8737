import { describe, expect, it } from 'vitest';
import type { AgentId } from '../../src/domain/ids.js';
import { agentId, callId } from '../../src/domain/ids.js';
import { T0, type DispatchFactory, type DispatchLane } from './fixtures.js';

const A = agentId('anna');
const B = agentId('bernd');
const CALL = callId('call-current');
const STALE = callId('call-stale');

/** The AgentStore port's contract; agents reach `offered` through LiveQueue.assignNext, as in the engine. */
export function describeAgentStoreContract(name: string, factory: DispatchFactory): void {
  const one = async (): Promise<DispatchLane> => {
    const [lane] = await factory(1);
    if (!lane) throw new Error('factory returned no lane');
    return lane;
  };

  /** Anna offered CALL at T0 + 100. */
  const offered = async (): Promise<DispatchLane> => {
    const lane = await one();
    await lane.agents.ensure([A], T0);
    await lane.queue.enqueue(CALL, T0 + 50, false);
    const pair = await lane.queue.assignNext(T0 + 100);
    expect(pair).toMatchObject({ call: CALL, agent: A });
    return lane;
  };

  const statusOf = async (lane: DispatchLane, agent: AgentId = A) => (await lane.agents.get(agent))?.status;

  describe(`AgentStore contract: ${name}`, () => {
    it('creates missing agents as available and leaves existing ones untouched', async () => {
      const { agents } = await one();
      await agents.ensure([A], T0);
      await agents.ensure([A, B], T0 + 500);
      expect(await agents.all()).toEqual([
        { id: A, status: 'available', since: T0, callId: null, pauseReason: null, wrapUpUntil: null, version: 1 },
        { id: B, status: 'available', since: T0 + 500, callId: null, pauseReason: null, wrapUpUntil: null, version: 1 },
      ]);
      expect(await agents.get(agentId('nobody'))).toBeNull();
    });

    it('does not reset an agent that is on a call when ensured again', async () => {
      const lane = await offered();
      await lane.agents.ensure([A], T0 + 900);
      expect(await lane.agents.get(A)).toMatchObject({ status: 'offered', callId: CALL, version: 2 });
    });

    it('connects an offered agent only for the offered call', async () => {
      const lane = await offered();
      expect(await lane.agents.connected(A, STALE, T0 + 200)).toBe(false);
      expect(await lane.agents.get(A)).toMatchObject({ status: 'offered', callId: CALL, version: 2 });
      expect(await lane.agents.connected(A, CALL, T0 + 200)).toBe(true);
      expect(await lane.agents.get(A)).toEqual({ id: A, status: 'busy', since: T0 + 200, callId: CALL, pauseReason: null, wrapUpUntil: null, version: 3 });
      // A duplicate connected event changes nothing.
      expect(await lane.agents.connected(A, CALL, T0 + 300)).toBe(false);
      expect((await lane.agents.get(A))?.version).toBe(3);
    });

    it('refuses connected for an agent that was never offered', async () => {
      const { agents } = await one();
      await agents.ensure([A], T0);
      expect(await agents.connected(A, CALL, T0 + 10)).toBe(false);
      expect(await agents.connected(agentId('nobody'), CALL, T0 + 10)).toBe(false);
      expect((await agents.get(A))?.status).toBe('available');
    });

    it('releases an offered or busy agent for its call only, idle since the release, and says which it was', async () => {
      const lane = await offered();
      expect(await lane.agents.release(A, STALE, T0 + 150)).toBeNull();
      expect(await statusOf(lane)).toBe('offered');
      await lane.agents.connected(A, CALL, T0 + 200);
      expect(await lane.agents.release(A, STALE, T0 + 250)).toBeNull();
      expect(await statusOf(lane)).toBe('busy');
      expect(await lane.agents.release(A, CALL, T0 + 300)).toBe('busy');
      expect(await lane.agents.get(A)).toEqual({ id: A, status: 'available', since: T0 + 300, callId: null, pauseReason: null, wrapUpUntil: null, version: 4 });
      // Released means dispatchable again.
      await lane.queue.enqueue(callId('next'), T0 + 60, false);
      expect(await lane.queue.assignNext(T0 + 400)).toMatchObject({ call: 'next', agent: A });
      // The stale release of the earlier call must not free the agent from its new offer.
      expect(await lane.agents.release(A, CALL, T0 + 410)).toBeNull();
      expect(await lane.agents.get(A)).toMatchObject({ status: 'offered', callId: 'next' });
      // An offer that never connected is released as offered (no outcome to finalize).
      expect(await lane.agents.release(A, callId('next'), T0 + 420)).toBe('offered');
    });

    it('pauses an agent for its call only, and a paused agent is not dispatched', async () => {
      const lane = await offered();
      expect(await lane.agents.pause(A, STALE, 'no-answer', T0 + 200)).toBe(false);
      expect(await statusOf(lane)).toBe('offered');
      expect(await lane.agents.pause(A, CALL, 'no-answer', T0 + 200)).toBe(true);
      expect(await lane.agents.get(A)).toEqual({ id: A, status: 'paused', since: T0 + 200, callId: null, pauseReason: 'no-answer', wrapUpUntil: null, version: 3 });
      await lane.queue.enqueue(CALL, T0 + 50, true);
      expect(await lane.queue.assignNext(T0 + 300)).toBeNull();
      // A late duplicate of the pause changes nothing.
      expect(await lane.agents.pause(A, CALL, 'unreachable', T0 + 310)).toBe(false);
      expect((await lane.agents.get(A))?.pauseReason).toBe('no-answer');
    });

    it('pauses a busy agent for its call', async () => {
      const lane = await offered();
      await lane.agents.connected(A, CALL, T0 + 200);
      expect(await lane.agents.pause(A, CALL, 'other', T0 + 300)).toBe(true);
      expect(await statusOf(lane)).toBe('paused');
    });

    it('makes a paused agent ready again, idle since then', async () => {
      const lane = await offered();
      await lane.agents.pause(A, CALL, 'no-answer', T0 + 200);
      expect(await lane.agents.makeReady(A, T0 + 500)).toBe(true);
      expect(await lane.agents.get(A)).toEqual({ id: A, status: 'available', since: T0 + 500, callId: null, pauseReason: null, wrapUpUntil: null, version: 4 });
      await lane.queue.enqueue(CALL, T0 + 50, true);
      expect(await lane.queue.assignNext(T0 + 600)).toMatchObject({ call: CALL, agent: A });
    });

    it('does not make an agent on a call ready, and keeps an available agent in its place', async () => {
      const lane = await offered();
      expect(await lane.agents.makeReady(A, T0 + 200)).toBe(false);
      expect(await statusOf(lane)).toBe('offered');
      await lane.agents.connected(A, CALL, T0 + 300);
      expect(await lane.agents.makeReady(A, T0 + 400)).toBe(false);
      expect(await statusOf(lane)).toBe('busy');
      expect(await lane.agents.makeReady(agentId('nobody'), T0 + 400)).toBe(false);

      await lane.agents.ensure([B], T0 + 10);
      expect(await lane.agents.makeReady(B, T0 + 900)).toBe(true);
      expect(await lane.agents.get(B)).toMatchObject({ status: 'available', since: T0 + 10, version: 1 });
    });

    it('puts an agent who talked into wrap-up for the call, and frees them when it ends, not before', async () => {
      const lane = await offered();
      expect(await lane.agents.wrapUp(A, CALL, T0 + 150, T0 + 30_150)).toBe(false); // only after talking
      await lane.agents.connected(A, CALL, T0 + 200);
      expect(await lane.agents.wrapUp(A, CALL, T0 + 60_000, T0 + 90_000)).toBe(true);
      expect(await lane.agents.get(A)).toMatchObject({ status: 'wrap-up', callId: CALL, wrapUpUntil: T0 + 90_000 });
      // Not offered calls in wrap-up.
      await lane.queue.enqueue(callId('next'), T0 + 61_000, false);
      expect(await lane.queue.assignNext(T0 + 61_000)).toBeNull();
      expect(await lane.agents.endWrapUp(A, STALE, T0 + 90_000)).toBe(false);
      expect(await lane.agents.endWrapUp(A, CALL, T0 + 90_000)).toBe(true);
      expect(await lane.agents.get(A)).toMatchObject({ status: 'available', since: T0 + 90_000, callId: null, wrapUpUntil: null });
      expect(await lane.queue.assignNext(T0 + 90_001)).toMatchObject({ call: 'next', agent: A });
    });

    it('lets an agent end wrap-up early by being ready', async () => {
      const lane = await offered();
      await lane.agents.connected(A, CALL, T0 + 200);
      await lane.agents.wrapUp(A, CALL, T0 + 1_000, T0 + 31_000);
      expect(await lane.agents.makeReady(A, T0 + 5_000)).toBe(true);
      expect(await lane.agents.get(A)).toMatchObject({ status: 'available', since: T0 + 5_000, wrapUpUntil: null });
    });

    it('pauses or logs out an agent not on a call, never one on a call', async () => {
      const lane = await offered();
      expect(await lane.agents.setAway(A, 'paused', 'break', T0 + 150)).toBe(false);
      await lane.agents.ensure([B], T0);
      expect(await lane.agents.setAway(B, 'paused', 'break', T0 + 150)).toBe(true);
      expect(await lane.agents.get(B)).toMatchObject({ status: 'paused', pauseReason: 'break', since: T0 + 150 });
      expect(await lane.agents.setAway(B, 'logged-out', null, T0 + 200)).toBe(true);
      expect(await lane.agents.get(B)).toMatchObject({ status: 'logged-out', pauseReason: null });
      await lane.queue.enqueue(callId('other'), T0 + 300, false);
      expect(await lane.queue.assignNext(T0 + 300)).toBeNull();
    });

    it('brings back only an agent paused for the given reason', async () => {
      const lane = await one();
      await lane.agents.ensure([A, B], T0);
      await lane.agents.setAway(A, 'paused', 'unregistered', T0 + 10);
      await lane.agents.setAway(B, 'paused', 'break', T0 + 10);
      expect(await lane.agents.makeReady(A, T0 + 20, 'unregistered')).toBe(true);
      expect(await lane.agents.makeReady(B, T0 + 20, 'unregistered')).toBe(false);
      expect(await statusOf(lane, A)).toBe('available');
      expect(await statusOf(lane, B)).toBe('paused');
    });
  });
}
