import { describe, expect, it, vi } from 'vitest';
import type { CallPolicy } from '../../../src/domain/call.js';
import type { ChannelId } from '../../../src/domain/ids.js';
import { harness, policy } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;

/** Sounds played to a channel, playback by playback. */
const heard = (h: Awaited<ReturnType<typeof harness>>, channel: string) =>
  h.telephony.actions.flatMap((a) => (a.op === 'play' && a.channel === channel ? [a.sounds] : []));

describe('what a waiting caller hears (engine over fakes)', () => {
  it('greeting first, music after it, then position and the staffing-aware wait every 45 s', async () => {
    const h = await harness(['agent-1']);
    // agent-1 takes the first caller; the next two wait.
    const first = await h.enter('c1', ['115']);
    const offer = (await h.store.get(first))!.offer!;
    await h.fact({ type: 'channel.answered', channel: offer.leg, at: h.clock.now() });
    const second = await h.enter('c2', ['115']);
    const third = await h.enter('c3', ['115']);
    expect(heard(h, 'c2')).toEqual([['overflow/greeting']]);

    const greeting = (await h.store.get(second))!.playback!;
    await h.playbackFinished(greeting);
    expect(h.telephony.actions.at(-1)).toEqual({ op: 'moh-start', channel: 'c2' });
    await h.playbackFinished((await h.store.get(third))!.playback!);

    await h.advance(45_000);
    // One agent staffed, 180 s assumed per call: position 1 waits about 3 minutes, position 2 about 6.
    expect(heard(h, 'c2').at(-1)).toEqual(['overflow/position-1', 'overflow/wait-3']);
    expect(heard(h, 'c3').at(-1)).toEqual(['overflow/position-2', 'overflow/wait-6']);
    expect((await h.store.get(third))?.phase).toBe('queued');
  });

  it('the estimate follows the real talk times and the agents staffed', async () => {
    const h = await harness(['agent-1', 'agent-2']);
    for (const caller of ['c1', 'c2']) {
      const id = await h.enter(caller, ['115']);
      await h.fact({ type: 'channel.answered', channel: (await h.store.get(id))!.offer!.leg, at: h.clock.now() });
    }
    // Both agents talk 60 s on their first calls, then take the next ones.
    await h.enter('c3', ['115']);
    await h.enter('c4', ['115']);
    await h.advance(60_000);
    await h.fact({ type: 'channel.ended', channel: ch('c1'), cause: 16, at: h.clock.now() });
    expect(h.engine.handleTimes.averageMs(h.clock.now())).toBe(60_000);
    const view = await h.engine.queueStatus.of((await h.store.findByCallerChannel(ch('c4')))!);
    // c3 went to agent-1: c4 is first in line, two agents staffed, 60 s per call → 30 s.
    expect(view).toEqual({ position: 1, estimatedWaitMs: 30_000 });
  });

  it('stops an announcement the moment an agent is offered the call: the caller hears music while the agent rings', async () => {
    const h = await harness(['agent-1']);
    const first = await h.enter('c1', ['115']);
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
    const second = await h.enter('c2', ['115']);
    await h.playbackFinished((await h.store.get(second))!.playback!);
    await h.advance(45_000);
    const announcement = (await h.store.get(second))!.playback!;
    expect(h.telephony.playing.has(announcement)).toBe(true);

    await h.fact({ type: 'channel.ended', channel: ch('c1'), cause: 16, at: h.clock.now() });
    const offered = await h.store.get(second);
    expect(offered?.phase).toBe('offering');
    expect(offered?.playback).toBeUndefined();
    expect(h.telephony.playing.has(announcement)).toBe(false);
    // The agent's phone is dialled first (while the offer is saved), then the announcement gives way to music.
    const ops = h.telephony.actions.map((a) => a.op);
    const stopAt = ops.indexOf('stop-playback');
    expect(ops.slice(stopAt - 1, stopAt + 2)).toEqual(['dial', 'stop-playback', 'moh-start']);
    // No announcement while the agent rings, however long.
    await h.advance(14_000);
    expect(heard(h, 'c2')).toHaveLength(2);
  });

  it('an announcement that cannot be played is treated as over: music resumes', async () => {
    const h = await harness(['agent-1']);
    const first = await h.enter('c1', ['115']);
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
    // With agent-1 paused nobody is staffed: no estimate, and position 120 has no sound of its own.
    await h.agents.pause('agent-1' as never, first, 'no-answer', h.clock.now());
    const second = await h.enter('c2', ['115']);
    await h.playbackFinished((await h.store.get(second))!.playback!);
    const status = await h.engine.queueStatus.of(second);
    expect(status.estimatedWaitMs).toBeNull();
    await h.advance(45_000);
    // Position 1 is still said; the wait is not promised.
    expect(heard(h, 'c2').at(-1)).toEqual(['overflow/position-1']);
  });
});

describe('arrival with the town policy (engine over fakes)', () => {
  it('does not ring a town phone that is not registered, and overflows at once when none is', async () => {
    const h = await harness();
    h.telephony.online = new Set(['quickborn-2', 'agent-1', 'agent-2']);
    await h.enter('c1', ['town', 'quickborn']);
    expect(h.telephony.ops('dial').map((a) => (a.op === 'dial' ? a.endpoint : ''))).toEqual(['quickborn-2']);

    h.telephony.online = new Set(['agent-1', 'agent-2']);
    const id = await h.enter('c2', ['town', 'quickborn']);
    const call = await h.store.get(id);
    expect(call?.overflowReason).toBe('town-unregistered');
    expect(h.telephony.ops('dial').map((a) => (a.op === 'dial' ? a.endpoint : ''))).toEqual(['quickborn-2', 'agent-1']);
  });

  it('caps the calls ringing at a town: the second call with a cap of 1 goes to the county', async () => {
    const capped: CallPolicy = { ...policy, towns: { quickborn: { ...policy.towns['quickborn']!, maxRinging: 1 } } };
    const h = await harness(['agent-1'], { policy: capped });
    h.telephony.online = new Set(['quickborn-1', 'quickborn-2', 'agent-1']);
    const a = await h.enter('c1', ['town', 'quickborn']);
    const b = await h.enter('c2', ['town', 'quickborn']);
    expect((await h.store.get(a))?.phase).toBe('town-ringing');
    expect((await h.store.get(b))).toMatchObject({ overflowReason: 'town-ring-limit', phase: 'offering' });
  });

  it('attributes a 115 caller to a town by the number, and never stores the number', async () => {
    const h = await harness();
    const id = await h.enter('c1', ['115'], '04106987654');
    const call = await h.store.get(id);
    expect(call?.municipality).toBe('quickborn');
    expect(JSON.stringify(call)).not.toContain('04106987654');
  });

  it('the county closed: a 115 caller hears the closed message, and the call ends when it has played', async () => {
    const h = await harness(['agent-1'], { policy: { ...policy, centerOpen: () => false } });
    const id = await h.enter('c1', ['115']);
    expect(heard(h, 'c1')).toEqual([['overflow/closed']]);
    expect(h.telephony.ops('dial')).toEqual([]);
    await h.playbackFinished((await h.store.get(id))!.playback!);
    expect(await h.store.get(id)).toMatchObject({ phase: 'ended', outcome: 'closed', endedBy: 'system' });
    expect(h.telephony.actions.at(-1)).toEqual({ op: 'hangup', channel: 'c1' });
  });
});

describe('skills and priority (engine over fakes)', () => {
  it('a call that needs a skill nobody free has waits, and is offered to any agent the moment its needs widen', async () => {
    const h = await harness(['agent-1'], {
      routingOf: () => ({ priority: 0, steps: [{ skills: { quickborn: 1 }, forMs: 30_000 }] }),
      agentSkills: new Map(),
    });
    const id = await h.enter('c1', ['115']);
    expect((await h.store.get(id))?.phase).toBe('queued');
    await h.advance(29_999);
    expect((await h.store.get(id))?.phase).toBe('queued');
    await h.advance(1);
    expect(await h.store.get(id)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });
  });

  it('an agent with the skill is offered the call at once', async () => {
    const h = await harness(['agent-1', 'agent-2'], {
      routingOf: () => ({ priority: 0, steps: [{ skills: { dgs: 1 }, forMs: null }] }),
      agentSkills: new Map([['agent-2' as never, { dgs: 1 }]]),
    });
    const id = await h.enter('c1', ['115']);
    expect(await h.store.get(id)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-2' }, routing: { steps: [{ skills: { dgs: 1 }, until: null }] } });
  });

  it('routing steps: an expert first, a lower level once the first step ends, then any agent, each change woken by time alone', async () => {
    const h = await harness(['agent-1', 'agent-2'], {
      routingOf: () => ({ priority: 0, steps: [{ skills: { dgs: 3 }, forMs: 30_000 }, { skills: { dgs: 1 }, forMs: 30_000 }] }),
      agentSkills: new Map([['agent-2' as never, { dgs: 1 }]]),
    });
    const first = await h.enter('c1', ['115']);
    const second = await h.enter('c2', ['115']);
    await h.advance(29_999);
    expect((await h.store.get(first))?.phase).toBe('queued');
    await h.advance(1);
    // Step 2: agent-2 signs at level 1; agent-1, idle longer, does not sign at all.
    expect(await h.store.get(first)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-2' } });
    expect((await h.store.get(second))?.phase).toBe('queued');
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
    await h.advance(29_999);
    expect((await h.store.get(second))?.phase).toBe('queued');
    await h.advance(1);
    // Both steps over: any agent.
    expect(await h.store.get(second)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });
  });

  it('a higher-priority caller who arrives later is served first', async () => {
    const h = await harness(['agent-1'], {
      routingOf: (entry) => ({ priority: entry.townId === 'quickborn' ? 5 : 0, steps: [] }),
      policy: { ...policy, towns: { quickborn: { ...policy.towns['quickborn']!, mode: 'switchboard' } } },
    });
    const busy = await h.enter('c0', ['115']);
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(busy))!.offer!.leg, at: h.clock.now() });
    const plain = await h.enter('c1', ['115']);
    await h.advance(1_000);
    const urgent = await h.enter('c2', ['town', 'quickborn']);
    await h.fact({ type: 'channel.ended', channel: ch('c0'), cause: 16, at: h.clock.now() });
    expect((await h.store.get(urgent))?.phase).toBe('offering');
    expect((await h.store.get(plain))?.phase).toBe('queued');
  });
});

describe('the sign-language service (engine over fakes)', () => {
  const dgs = {
    services: new Set(['dgs']),
    routingOf: (entry: { service: string | null }) => ({ priority: 0, steps: entry.service === 'dgs' ? [{ skills: { dgs: 1, video: 1 }, forMs: null }] : [] }),
    agentSkills: new Map([['agent-2' as never, { dgs: 1, video: 1 }]]),
  };

  it('offers a call to 115,dgs only to the agent with dgs and a video phone, even when another has been idle longer', async () => {
    const h = await harness(['agent-1', 'agent-2'], dgs);
    const id = await h.enter('c1', ['115', 'dgs']);
    expect(await h.store.get(id)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-2' } });
  });

  it('with no such agent logged in, the caller hears that nobody can take the call, and it ends', async () => {
    const h = await harness(['agent-1', 'agent-2'], dgs);
    const first = await h.enter('c0', ['115', 'dgs']);
    await h.fact({ type: 'channel.failed', channel: (await h.store.get(first))!.offer!.leg, reason: 'unreachable', at: h.clock.now() });
    // agent-2's phone failed: paused, so no DGS agent is staffed any more, and the caller is told.
    expect((await h.agents.get('agent-2' as never))?.status).toBe('paused');
    await vi.waitFor(async () => expect((await h.store.get(first))?.phase).toBe('final-message'));
    expect(heard(h, 'c0').at(-1)).toEqual(['overflow/no-agent']);
    const id = await h.enter('c1', ['115', 'dgs']);
    expect(heard(h, 'c1')).toEqual([['overflow/no-agent']]);
    await h.playbackFinished((await h.store.get(id))!.playback!);
    expect(await h.store.get(id)).toMatchObject({ phase: 'ended', outcome: 'no-agent' });
  });
});
