import { describe, expect, it } from 'vitest';
import type { QueueRouting } from '../../src/domain/call.js';
import { agentId, callId } from '../../src/domain/ids.js';
import type { SkillLevels } from '../../src/domain/routing-steps.js';
import { T0, type DispatchFactory, type DispatchLane } from './fixtures.js';

const agentWith = (lane: DispatchLane, id: string, idleSince: number, skills: SkillLevels) =>
  lane.agents.ensure([agentId(id)], idleSince, new Map([[agentId(id), skills]]));

/** Sign language: first an expert (dgs 3) for 30 s, then anyone who signs (dgs 1) for 60 s more, then any agent. */
const signLanguage = (queuedAt: number, prefer?: 'highest-level'): QueueRouting => ({
  priority: 0,
  steps: [
    { skills: { dgs: 3 }, until: queuedAt + 30_000 },
    { skills: { dgs: 1 }, until: queuedAt + 90_000 },
  ],
  ...(prefer ? { prefer } : {}),
});

/** Routing steps with skill levels in the LiveQueue, each step change on its own; `factory(n)` returns n views of one fresh state. */
export function describeRoutingStepsContract(name: string, factory: DispatchFactory): void {
  const one = async (): Promise<DispatchLane> => {
    const [lane] = await factory(1);
    if (!lane) throw new Error('factory returned no lane');
    return lane;
  };

  describe(`LiveQueue routing steps contract: ${name}`, () => {
    it('step 1: only an agent at the required level is offered the call; one below it is not', async () => {
      const lane = await one();
      await agentWith(lane, 'dgs-beginner', T0, { dgs: 2 });
      await lane.queue.enqueue(callId('deaf-caller'), T0, false, signLanguage(T0));
      expect(await lane.queue.assignNext(T0 + 29_999)).toBeNull();
      await agentWith(lane, 'dgs-expert', T0 + 10_000, { dgs: 3 });
      expect(await lane.queue.assignNext(T0 + 29_999)).toMatchObject({ call: 'deaf-caller', agent: 'dgs-expert' });
    });

    it('step 1 → step 2: when the first step ends, a lower level will do, and the dispatcher is told when', async () => {
      const lane = await one();
      await agentWith(lane, 'dgs-beginner', T0, { dgs: 1 });
      await agentWith(lane, 'no-dgs', T0 - 5_000, { en: 3 });
      await lane.queue.enqueue(callId('deaf-caller'), T0, false, signLanguage(T0));
      expect(await lane.queue.nextWidening(T0)).toBe(T0 + 30_000);
      expect(await lane.queue.assignNext(T0 + 29_999)).toBeNull();
      // The agent without the skill has been idle longer, yet step 2 still requires dgs.
      expect(await lane.queue.assignNext(T0 + 30_000)).toMatchObject({ call: 'deaf-caller', agent: 'dgs-beginner' });
    });

    it('step 2 → any agent: after the last timed step, the longest-idle agent takes the call', async () => {
      const lane = await one();
      await agentWith(lane, 'generalist', T0, {});
      await lane.queue.enqueue(callId('deaf-caller'), T0, false, signLanguage(T0));
      expect(await lane.queue.nextWidening(T0 + 30_000)).toBe(T0 + 90_000);
      expect(await lane.queue.assignNext(T0 + 89_999)).toBeNull();
      expect(await lane.queue.assignNext(T0 + 90_000)).toMatchObject({ call: 'deaf-caller', agent: 'generalist' });
      expect(await lane.queue.nextWidening(T0 + 90_000)).toBeNull();
    });

    it('a last step without an end holds for as long as the call waits', async () => {
      const lane = await one();
      await agentWith(lane, 'generalist', T0, {});
      const routing: QueueRouting = { priority: 0, steps: [{ skills: { gewerbe: 2 }, until: T0 + 10_000 }, { skills: { gewerbe: 1 }, until: null }] };
      await lane.queue.enqueue(callId('trade-question'), T0, false, routing);
      expect(await lane.queue.assignNext(T0 + 3_600_000)).toBeNull();
      expect(await lane.queue.nextWidening(T0 + 10_000)).toBeNull();
      await agentWith(lane, 'trade-clerk', T0 + 3_600_000, { gewerbe: 1 });
      expect(await lane.queue.assignNext(T0 + 3_600_001)).toMatchObject({ call: 'trade-question', agent: 'trade-clerk' });
    });

    it('a step with several skills needs each of them at its level', async () => {
      const lane = await one();
      await agentWith(lane, 'signs-no-video', T0, { dgs: 3 });
      await agentWith(lane, 'video-low-dgs', T0 + 1, { dgs: 1, video: 1 });
      await agentWith(lane, 'video-dgs', T0 + 2, { dgs: 2, video: 1 });
      const routing: QueueRouting = { priority: 0, steps: [{ skills: { dgs: 2, video: 1 }, until: null }] };
      await lane.queue.enqueue(callId('video-caller'), T0 + 10, false, routing);
      expect(await lane.queue.assignNext(T0 + 20)).toMatchObject({ call: 'video-caller', agent: 'video-dgs' });
    });

    it('among matching agents: the longest idle by default, the highest level first when preferred (longest idle among equals)', async () => {
      const lane = await one();
      await agentWith(lane, 'level-1-longest-idle', T0, { dgs: 1 });
      await agentWith(lane, 'level-3-a', T0 + 1, { dgs: 3 });
      await agentWith(lane, 'level-3-b', T0 + 2, { dgs: 3 });
      const step = (prefer?: 'highest-level'): QueueRouting => ({ priority: 0, steps: [{ skills: { dgs: 1 }, until: null }], ...(prefer ? { prefer } : {}) });
      await lane.queue.enqueue(callId('prefers-expert'), T0 + 10, false, step('highest-level'));
      expect(await lane.queue.assignNext(T0 + 20)).toMatchObject({ call: 'prefers-expert', agent: 'level-3-a' });
      await lane.queue.enqueue(callId('any-signer'), T0 + 11, false, step());
      expect(await lane.queue.assignNext(T0 + 21)).toMatchObject({ call: 'any-signer', agent: 'level-1-longest-idle' });
    });

    it('a call in its first step does not hold up the call behind it that any agent may take', async () => {
      const lane = await one();
      await agentWith(lane, 'generalist', T0, { en: 1 });
      await lane.queue.enqueue(callId('deaf-caller'), T0, false, signLanguage(T0));
      await lane.queue.enqueue(callId('ordinary'), T0 + 1, false, { priority: 0, steps: [] });
      expect(await lane.queue.assignNext(T0 + 5)).toMatchObject({ call: 'ordinary', agent: 'generalist', more: true });
    });
  });
}
