import { describe, expect, it } from 'vitest';
import { agentId, callId } from '../../src/domain/ids.js';
import { levelOne } from '../../src/domain/routing-steps.js';
import { T0, type DispatchFactory, type DispatchLane } from './fixtures.js';

const needs = (skills: string[], widenAt: number | null = null) => ({ priority: 0, steps: [{ skills: levelOne(skills), until: widenAt }] });
const band = (priority: number) => ({ priority, steps: [] });
const has = (id: string, skills: string[]) => new Map([[agentId(id), levelOne(skills)]]);

/** Priority bands and skill needs in the LiveQueue; `factory(n)` returns n views of one fresh state. */
export function describeRoutingContract(name: string, factory: DispatchFactory): void {
  const one = async (): Promise<DispatchLane> => {
    const [lane] = await factory(1);
    if (!lane) throw new Error('factory returned no lane');
    return lane;
  };
  const order = async (lane: DispatchLane): Promise<string[]> => (await lane.queue.waiting()).map((w) => w.call);

  describe(`LiveQueue routing contract: ${name}`, () => {
    it('serves a higher priority band first, by arrival inside each band', async () => {
      const lane = await one();
      await lane.queue.enqueue(callId('early-plain'), T0, false);
      await lane.queue.enqueue(callId('late-urgent'), T0 + 500, false, band(5));
      await lane.queue.enqueue(callId('early-urgent'), T0 + 100, false, band(5));
      await lane.queue.enqueue(callId('later-plain'), T0 + 50, false, band(0));
      expect(await order(lane)).toEqual(['early-urgent', 'late-urgent', 'early-plain', 'later-plain']);
    });

    it('puts a requeued call at the head of its own band, never ahead of a higher band', async () => {
      const lane = await one();
      await lane.queue.enqueue(callId('urgent'), T0 + 900, false, band(3));
      await lane.queue.enqueue(callId('plain'), T0 + 100, false);
      await lane.queue.enqueue(callId('requeued'), T0 + 500, true);
      expect(await order(lane)).toEqual(['urgent', 'requeued', 'plain']);
    });

    it('offers a call that needs a skill only to an agent who has it, and meanwhile serves the next call', async () => {
      const lane = await one();
      await lane.agents.ensure([agentId('plain-agent')], T0, has('plain-agent', []));
      await lane.queue.enqueue(callId('sign-language'), T0 + 10, false, needs(['dgs', 'video']));
      await lane.queue.enqueue(callId('ordinary'), T0 + 20, false);
      // The free agent cannot serve the head call, but takes the one behind it.
      expect(await lane.queue.assignNext(T0 + 100)).toMatchObject({ call: 'ordinary', agent: 'plain-agent' });
      expect(await lane.queue.assignNext(T0 + 101)).toBeNull();
      await lane.agents.ensure([agentId('dgs-agent')], T0 + 200, has('dgs-agent', ['dgs', 'video']));
      expect(await lane.queue.assignNext(T0 + 300)).toMatchObject({ call: 'sign-language', agent: 'dgs-agent' });
    });

    it('an agent with the skill takes the call even when an agent without it has been idle longer', async () => {
      const lane = await one();
      await lane.agents.ensure([agentId('longest-idle')], T0, has('longest-idle', ['en']));
      await lane.agents.ensure([agentId('speaks-dgs')], T0 + 50, has('speaks-dgs', ['dgs']));
      await lane.queue.enqueue(callId('needs-dgs'), T0 + 10, false, needs(['dgs']));
      expect(await lane.queue.assignNext(T0 + 100)).toMatchObject({ call: 'needs-dgs', agent: 'speaks-dgs' });
    });

    it('finds the one skilled agent among many idle ones, and still gives the next call to the longest idle', async () => {
      const lane = await one();
      // 40 agents idle one after another; only the one idle the shortest has the skill.
      for (let i = 0; i < 40; i++) {
        const id = agentId(`agent-${String(i).padStart(2, '0')}`);
        await lane.agents.ensure([id], T0 + i, new Map([[id, levelOne(i === 39 ? ['dgs'] : [])]]));
      }
      await lane.queue.enqueue(callId('needs-dgs'), T0 + 100, false, needs(['dgs']));
      await lane.queue.enqueue(callId('plain'), T0 + 101, false);
      expect(await lane.queue.assignNext(T0 + 200)).toMatchObject({ call: 'needs-dgs', agent: 'agent-39' });
      expect(await lane.queue.assignNext(T0 + 201)).toMatchObject({ call: 'plain', agent: 'agent-00' });
    });

    it('widens a call to any agent once its needs expire, and says when the next one will', async () => {
      const lane = await one();
      await lane.agents.ensure([agentId('generalist')], T0, has('generalist', []));
      await lane.queue.enqueue(callId('quickborn-call'), T0, false, needs(['quickborn'], T0 + 30_000));
      await lane.queue.enqueue(callId('forever'), T0 + 1, false, needs(['dgs']));
      expect(await lane.queue.nextWidening(T0 + 1_000)).toBe(T0 + 30_000);
      expect(await lane.queue.assignNext(T0 + 29_999)).toBeNull();
      expect(await lane.queue.assignNext(T0 + 30_000)).toMatchObject({ call: 'quickborn-call', agent: 'generalist' });
      expect(await lane.queue.nextWidening(T0 + 30_000)).toBeNull();
    });

    it('forgets the needs of a call that leaves the queue', async () => {
      const lane = await one();
      await lane.queue.enqueue(callId('gone'), T0, false, needs(['dgs'], T0 + 5_000));
      await lane.queue.remove(callId('gone'));
      expect(await lane.queue.nextWidening(T0)).toBeNull();
      // Back in line without needs: any agent.
      await lane.agents.ensure([agentId('anyone')], T0, has('anyone', []));
      await lane.queue.enqueue(callId('gone'), T0, true);
      expect(await lane.queue.assignNext(T0 + 1)).toMatchObject({ call: 'gone', agent: 'anyone' });
    });
  });
}
