import { describe, expect, it } from 'vitest';
import type { CallId, ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;

describe('queue full: the callback request keeps its place (engine over fakes)', () => {
  it('offers a callback beyond the waiting limit, keeps the number while it waits, rings the citizen when an agent takes the task', async () => {
    const h = await harness(['agent-1'], { maxWaitingCalls: 1 });
    const talk = async (id: CallId) => h.fact({ type: 'channel.answered', channel: (await h.store.get(id))!.offer!.leg, at: h.clock.now() });
    const first = await h.enter('c1', ['115'], '04101111111');
    await talk(first);
    const second = await h.enter('c2', ['115'], '04102222222');
    const third = await h.enter('c3', ['115'], '04103333333');
    // c2 is the one allowed to wait; c3 is over the limit and hears the offer.
    expect((await h.store.get(second))?.limitOffer).toBeUndefined();
    expect((await h.store.get(third))?.limitOffer).toMatchObject({ limit: 'max-waiting' });
    expect(h.telephony.actions.filter((a) => a.op === 'play' && a.channel === 'c3').at(-1)).toMatchObject({ sounds: ['overflow/queue-full'] });

    await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('c3'), digit: '1', at: h.clock.now() });
    await h.settle();
    const waiting = await h.store.get(third);
    expect(waiting).toMatchObject({ phase: 'callback-waiting', callback: { limit: 'max-waiting' } });
    expect(h.callbackNumbers.numbers.get(third)).toBe('04103333333');
    // Personal data stays out of the call record.
    expect(JSON.stringify(waiting)).not.toContain('04103333333');
    await h.playbackFinished(waiting!.playback!);
    expect(h.telephony.actions.at(-1)).toEqual({ op: 'hangup', channel: 'c3' });
    await h.fact({ type: 'channel.ended', channel: ch('c3'), cause: 16, at: h.clock.now() });
    expect((await h.store.get(third))?.phase).toBe('callback-waiting');
    expect((await h.queue.waiting()).map((w) => w.call)).toEqual([second, third]);

    // The agent frees up: c2 (ahead in line) first, then the callback task.
    await h.fact({ type: 'channel.ended', channel: ch('c1'), cause: 16, at: h.clock.now() });
    await talk(second);
    await h.fact({ type: 'channel.ended', channel: ch('c2'), cause: 16, at: h.clock.now() });
    const task = await h.store.get(third);
    expect(task).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });

    await h.fact({ type: 'channel.answered', channel: task!.offer!.leg, at: h.clock.now() });
    const dialing = await h.store.get(third);
    expect(dialing?.phase).toBe('callback-dialing');
    const citizen = dialing!.callback!.citizenLeg!;
    expect(h.telephony.dialledNumbers.get(citizen)).toBe('04103333333');

    await h.fact({ type: 'channel.answered', channel: citizen, at: h.clock.now() });
    // The citizen first hears who calls and why; the agent is connected when the greeting has played.
    const greeted = await h.store.get(third);
    expect(greeted).toMatchObject({ phase: 'callback-dialing', callback: { greeting: true, attempts: [{ result: 'answered' }] } });
    expect(h.telephony.ops('play').at(-1)).toMatchObject({ channel: citizen, sounds: ['overflow/callback-greeting'] });
    await h.playbackFinished(greeted!.playback!);
    expect(await h.store.get(third)).toMatchObject({ phase: 'connected', peer: { kind: 'agent', agentId: 'agent-1' } });
    expect(h.telephony.ops('bridge').at(-1)).toMatchObject({ channels: [citizen, task!.offer!.leg] });

    await h.fact({ type: 'channel.ended', channel: task!.offer!.leg, cause: 16, at: h.clock.now() });
    expect(await h.store.get(third)).toMatchObject({ phase: 'ended', outcome: 'answered-by-agent' });
    expect(h.callbackNumbers.numbers.has(third)).toBe(false);
    expect((await h.agents.get('agent-1' as never))?.status).toBe('available');
  });

  it('without a key the call ends as queue-full after the time to decide', async () => {
    const h = await harness(['agent-1'], { maxWaitingCalls: 1 });
    const first = await h.enter('c1', ['115']);
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
    await h.enter('c2', ['115']);
    const third = await h.enter('c3', ['115']);
    expect((await h.store.get(third))?.limitOffer).toBeDefined();
    await h.advance(19_999);
    expect((await h.store.get(third))?.phase).toBe('queued');
    await h.advance(1);
    expect(await h.store.get(third)).toMatchObject({ phase: 'ended', outcome: 'queue-full', endedBy: 'system' });
    expect((await h.queue.waiting()).map((w) => w.call)).not.toContain(third);
    expect(h.telephony.actions.at(-1)).toEqual({ op: 'hangup', channel: 'c3' });
  });

  it('the citizen does not answer the callback: recorded callback-unanswered, the number erased, the agent free', async () => {
    const h = await harness(['agent-1'], { maxWaitingCalls: 1 });
    const first = await h.enter('c1', ['115']);
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
    const second = await h.enter('c2', ['115']);
    const third = await h.enter('c3', ['115'], '04103333333');
    await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('c3'), digit: '1', at: h.clock.now() });
    await h.settle();
    await h.fact({ type: 'channel.ended', channel: ch('c1'), cause: 16, at: h.clock.now() });
    await h.fact({ type: 'channel.ended', channel: ch('c2'), cause: 16, at: h.clock.now() });
    expect((await h.store.get(second))?.outcome).toBe('abandoned');
    const task = await h.store.get(third);
    await h.fact({ type: 'channel.answered', channel: task!.offer!.leg, at: h.clock.now() });
    await h.advance(30_000);
    expect(await h.store.get(third)).toMatchObject({ phase: 'ended', outcome: 'callback-unanswered', endedBy: 'system' });
    expect(h.callbackNumbers.numbers.has(third)).toBe(false);
    expect((await h.agents.get('agent-1' as never))?.status).toBe('available');
  });
});
