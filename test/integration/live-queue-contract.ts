import { describe, expect, it } from 'vitest';
import { agentId, callId, type AgentId, type CallId } from '../../src/domain/ids.js';
import { T0, type DispatchFactory, type DispatchLane } from './fixtures.js';
import { queueScore } from '../../src/domain/queue-order.js';

/** The queue order of a call without priority (band 0) that arrived at `at`. */
const band0 = (at: number): number => queueScore(0, at);

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const idOf = (prefix: string, i: number): string => `${prefix}-${String(i).padStart(4, '0')}`;

/** The LiveQueue port's contract, assignNext included; `factory(n)` returns n views of one fresh state. */
export function describeLiveQueueContract(name: string, factory: DispatchFactory): void {
  const one = async (): Promise<DispatchLane> => {
    const [lane] = await factory(1);
    if (!lane) throw new Error('factory returned no lane');
    return lane;
  };

  describe(`LiveQueue contract: ${name}`, () => {
    it('orders waiting calls by arrival, whatever the enqueue order', async () => {
      const { queue } = await one();
      await queue.enqueue(callId('c'), T0 + 300, false);
      await queue.enqueue(callId('a'), T0 + 100, false);
      await queue.enqueue(callId('b'), T0 + 200, false);
      expect(await queue.waiting()).toEqual([
        { call: 'a', score: band0(T0 + 100) },
        { call: 'b', score: band0(T0 + 200) },
        { call: 'c', score: band0(T0 + 300) },
      ]);
    });

    it('is idempotent and removes calls', async () => {
      const { queue } = await one();
      await queue.enqueue(callId('a'), T0 + 100, false);
      await queue.enqueue(callId('a'), T0 + 100, false);
      await queue.enqueue(callId('b'), T0 + 200, false);
      await queue.remove(callId('a'));
      await queue.remove(callId('not-there'));
      expect((await queue.waiting()).map((w) => w.call)).toEqual(['b']);
    });

    it('puts a requeued call before every waiting call, even one that arrived earlier', async () => {
      const { queue } = await one();
      await queue.enqueue(callId('early'), T0 + 100, false);
      await queue.enqueue(callId('later'), T0 + 200, false);
      await queue.enqueue(callId('requeued'), T0 + 150, true);
      expect(await queue.waiting()).toEqual([
        { call: 'requeued', score: band0(T0 + 99) },
        { call: 'early', score: band0(T0 + 100) },
        { call: 'later', score: band0(T0 + 200) },
      ]);
      // Twice is the same as once.
      const before = await queue.waiting();
      await queue.enqueue(callId('requeued'), T0 + 150, true);
      expect(await queue.waiting()).toEqual(before);
      // A call that arrived before the head keeps its own arrival as score.
      await queue.enqueue(callId('oldest'), T0, true);
      expect(await queue.waiting()).toContainEqual({ call: 'oldest', score: band0(T0) });
      expect((await queue.waiting())[0]?.call).toBe('oldest');
    });

    it('puts a requeued call into an empty queue at its arrival', async () => {
      const { queue } = await one();
      await queue.enqueue(callId('alone'), T0 + 100, true);
      expect(await queue.waiting()).toEqual([{ call: 'alone', score: band0(T0 + 100) }]);
    });

    it('assigns nothing, and takes nothing, when either side is empty', async () => {
      const { queue, agents } = await one();
      expect(await queue.assignNext(T0)).toBeNull();
      await queue.enqueue(callId('a'), T0, false);
      expect(await queue.assignNext(T0 + 1)).toBeNull();
      expect((await queue.waiting()).map((w) => w.call)).toEqual(['a']);

      const other = await one();
      await other.agents.ensure([agentId('x')], T0);
      expect(await other.queue.assignNext(T0 + 1)).toBeNull();
      expect((await other.agents.get(agentId('x')))?.status).toBe('available');
      expect(await agents.all()).toEqual([]);
    });

    it('pairs the head call with the longest-idle agent and marks the agent offered', async () => {
      const { queue, agents } = await one();
      await agents.ensure([agentId('idle-10')], T0 + 10);
      await agents.ensure([agentId('idle-5')], T0 + 5);
      await agents.ensure([agentId('idle-20')], T0 + 20);
      await queue.enqueue(callId('second'), T0 + 200, false);
      await queue.enqueue(callId('first'), T0 + 100, false);

      // Another call waits and agents are free: the dispatcher may pair again.
      expect(await queue.assignNext(T0 + 1_000)).toEqual({ call: 'first', agent: 'idle-5', more: true });
      expect(await agents.get(agentId('idle-5'))).toEqual({
        id: 'idle-5',
        status: 'offered',
        since: T0 + 1_000,
        callId: 'first',
        pauseReason: null,
        wrapUpUntil: null,
        version: 2,
      });
      // Nobody waits any more: no further step can pair anyone.
      expect(await queue.assignNext(T0 + 1_001)).toEqual({ call: 'second', agent: 'idle-10', more: false });
      expect(await queue.assignNext(T0 + 1_002)).toBeNull();
      expect(await queue.waiting()).toEqual([]);
      expect((await agents.get(agentId('idle-20')))?.status).toBe('available');
    });

    it('says on queueing a call whether an agent may be free to take it', async () => {
      const { queue, agents } = await one();
      expect(await queue.enqueue(callId('nobody-free'), T0 + 1, false)).toBe(false);
      await agents.ensure([agentId('free')], T0);
      expect(await queue.enqueue(callId('one-free'), T0 + 2, false)).toBe(true);
      expect((await queue.waiting()).map((w) => w.call)).toEqual(['nobody-free', 'one-free']);
    });

    it('says after a pairing that none may follow when the last free agent is taken with callers still waiting', async () => {
      const { queue, agents } = await one();
      await agents.ensure([agentId('only')], T0);
      await queue.enqueue(callId('first'), T0 + 1, false);
      await queue.enqueue(callId('second'), T0 + 2, false);
      expect(await queue.assignNext(T0 + 10)).toEqual({ call: 'first', agent: 'only', more: false });
      // Nobody free: the waiting call stays where it is.
      expect(await queue.assignNext(T0 + 11)).toBeNull();
      expect((await queue.waiting()).map((w) => w.call)).toEqual(['second']);
    });

    it('says after a pairing that another may follow while a waiting call has skill needs that widen', async () => {
      const { queue, agents } = await one();
      await agents.ensure([agentId('only')], T0);
      await queue.enqueue(callId('plain'), T0 + 1, false);
      await queue.enqueue(callId('needs-dgs'), T0 + 2, false, { priority: 0, steps: [{ skills: { dgs: 1 }, until: T0 + 60_000 }] });
      // The last free agent is taken, but the skilled call's needs widen by time alone.
      expect(await queue.assignNext(T0 + 10)).toEqual({ call: 'plain', agent: 'only', more: true });
    });

    it('orders agents by when they became idle again', async () => {
      const { queue, agents } = await one();
      await agents.ensure([agentId('a'), agentId('b')], T0);
      await queue.enqueue(callId('c1'), T0 + 1, false);
      await queue.enqueue(callId('c2'), T0 + 2, false);
      const p1 = await queue.assignNext(T0 + 10);
      const p2 = await queue.assignNext(T0 + 10);
      if (!p1 || !p2) throw new Error('expected two pairs');
      // The agent of the second pair finishes first: it has waited longest when the next call comes.
      await agents.release(p2.agent, p2.call, T0 + 20);
      await agents.release(p1.agent, p1.call, T0 + 30);
      await queue.enqueue(callId('c3'), T0 + 3, false);
      expect(await queue.assignNext(T0 + 40)).toMatchObject({ call: 'c3', agent: p2.agent });
    });

    it('hands out distinct pairs to a burst of concurrent assignNext calls', async () => {
      const lanes = await factory(5);
      const first = lanes[0];
      if (!first) throw new Error('no lane');
      await first.agents.ensure(range(12).map((i) => agentId(idOf('agent', i))), T0);
      await Promise.all(range(30).map((i) => first.queue.enqueue(callId(idOf('call', i)), T0 + i, false)));

      const results = await Promise.all(range(60).map((i) => lanes[i % lanes.length]!.queue.assignNext(T0 + 1_000)));
      const pairs = results.filter((p) => p !== null);
      expect(pairs).toHaveLength(12);
      expect(new Set(pairs.map((p) => p.call)).size).toBe(12);
      expect(new Set(pairs.map((p) => p.agent)).size).toBe(12);
      // Head first: the twelve longest-waiting calls went out.
      expect(pairs.map((p) => p.call).sort()).toEqual(range(12).map((i) => idOf('call', i)));
      expect(await first.queue.waiting()).toHaveLength(18);
    });

    it('never pairs one call or one agent twice under concurrent dispatch, release and requeue', async () => {
      const lanes = await factory(5);
      const CALLS = 200;
      const AGENTS = 20;
      const agentIds = range(AGENTS).map((i) => agentId(idOf('agent', i)));
      await lanes[0]!.agents.ensure(agentIds, T0);

      const agentOfCall = new Map<CallId, AgentId>();
      const callOfAgent = new Map<AgentId, CallId>();
      const attempts = new Map<CallId, number>();
      const offersPerAgent = new Map<AgentId, number>();
      const completed = new Set<CallId>();
      const violations: string[] = [];
      let offers = 0;
      let at = T0 + 1_000;
      const deadline = Date.now() + 45_000;

      const arrival = (call: CallId): number => T0 + Number(call.split('-')[1]);
      const enqueueing = Promise.all(
        range(CALLS).map((i) => lanes[i % lanes.length]!.queue.enqueue(callId(idOf('call', i)), T0 + i, false)),
      );

      const worker = async (lane: DispatchLane): Promise<void> => {
        while (completed.size < CALLS && Date.now() < deadline) {
          const pair = await lane.queue.assignNext(++at);
          if (!pair) {
            // Nothing to pair right now: let the other lanes' I/O run.
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          offers += 1;
          offersPerAgent.set(pair.agent, (offersPerAgent.get(pair.agent) ?? 0) + 1);
          if (agentOfCall.has(pair.call)) violations.push(`${pair.call} paired while with ${agentOfCall.get(pair.call)}`);
          if (callOfAgent.has(pair.agent)) violations.push(`${pair.agent} paired while on ${callOfAgent.get(pair.agent)}`);
          if (completed.has(pair.call)) violations.push(`${pair.call} paired after it completed`);
          agentOfCall.set(pair.call, pair.agent);
          callOfAgent.set(pair.agent, pair.call);
          const attempt = (attempts.get(pair.call) ?? 0) + 1;
          attempts.set(pair.call, attempt);

          if (attempt === 1 && Number(pair.call.split('-')[1]) % 4 === 0) {
            // Nobody picks up: the agent is paused and the call goes back to the head. The books are
            // cleared BEFORE the stores can hand either out again to another lane.
            agentOfCall.delete(pair.call);
            callOfAgent.delete(pair.agent);
            if (!(await lane.agents.pause(pair.agent, pair.call, 'no-answer', ++at))) violations.push(`pause refused ${pair.agent}`);
            await lane.queue.enqueue(pair.call, arrival(pair.call), true);
            if (!(await lane.agents.makeReady(pair.agent, ++at))) violations.push(`makeReady refused ${pair.agent}`);
          } else {
            if (!(await lane.agents.connected(pair.agent, pair.call, ++at))) violations.push(`connected refused ${pair.agent}`);
            completed.add(pair.call);
            agentOfCall.delete(pair.call);
            callOfAgent.delete(pair.agent);
            if (!(await lane.agents.release(pair.agent, pair.call, ++at))) violations.push(`release refused ${pair.agent}`);
          }
        }
      };
      await Promise.all([enqueueing, ...lanes.map(worker)]);

      expect(violations).toEqual([]);
      expect(completed.size).toBe(CALLS);
      expect(offers).toBe(CALLS + CALLS / 4);
      expect(await lanes[0]!.queue.waiting()).toEqual([]);
      const finalAgents = await lanes[0]!.agents.all();
      expect(finalAgents).toHaveLength(AGENTS);
      for (const a of finalAgents) {
        expect(a).toMatchObject({ status: 'available', callId: null, pauseReason: null });
        // Every offer is followed by exactly two more changes (connected + release, or pause + makeReady):
        // a lost update would show here.
        expect(a.version).toBe(1 + 3 * (offersPerAgent.get(a.id) ?? 0));
      }
      // Every agent took part: they were re-assigned, not just the first twenty pairs.
      expect(offersPerAgent.size).toBe(AGENTS);
    });
  });
}
