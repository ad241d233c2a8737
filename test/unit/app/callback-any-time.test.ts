/** Callback any time and callback tries, over the stand-in for Asterisk (FakeTelephony) and a manual clock. */
import { describe, expect, it } from 'vitest';
import type { CallPolicy } from '../../../src/domain/call.js';
import type { ChannelId } from '../../../src/domain/ids.js';
import { harness, policy } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;
const withOffer = (offer: CallPolicy['callbackOffer'], more: Partial<CallPolicy> = {}): CallPolicy => ({ ...policy, callbackOffer: offer, ...more });

/** One agent talking to a first caller; a second caller waits behind. */
async function waitingBehindOne(p: CallPolicy, number = '04102222222') {
  const h = await harness(['agent-1'], { policy: p });
  const first = await h.enter('c1', ['115'], '04101111111');
  await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
  const second = await h.enter('c2', ['115'], number);
  // The greeting has played: from now on the caller hears music, and the status every announceEveryMs.
  await h.playbackFinished((await h.store.get(second))!.playback!);
  const heard = () => h.telephony.actions.filter((a) => a.op === 'play' && a.channel === 'c2').map((a) => (a.op === 'play' ? a.sounds : []));
  /** The next status announcement is due, and played out. */
  const nextStatus = async () => {
    await h.advance(policy.announceEveryMs);
    const playing = (await h.store.get(second))?.playback;
    if (playing) await h.playbackFinished(playing);
  };
  return { h, first, second, heard, nextStatus };
}

describe('callback any time (engine over fakes)', () => {
  it('the status announcement offers a callback once the estimated wait reaches the threshold, not below it', async () => {
    const long = await waitingBehindOne(withOffer({ afterEstimatedWaitMs: 60_000, afterWaitMs: null }));
    await long.h.advance(policy.announceEveryMs);
    expect(long.heard().at(-1)).toContain('overflow/callback-offer');

    const short = await waitingBehindOne(withOffer({ afterEstimatedWaitMs: 3_600_000, afterWaitMs: null }));
    await short.h.advance(policy.announceEveryMs);
    expect(short.heard().at(-1)?.length).toBeGreaterThan(0);
    expect(short.heard().at(-1)).not.toContain('overflow/callback-offer');
  });

  it('is always offered once the caller has waited the configured time, whatever the estimate', async () => {
    const { heard, nextStatus } = await waitingBehindOne(withOffer({ afterEstimatedWaitMs: null, afterWaitMs: 90_000 }));
    await nextStatus();
    expect(heard().at(-1)).not.toContain('overflow/callback-offer');
    await nextStatus();
    expect(heard().at(-1)).toContain('overflow/callback-offer');
  });

  it('key 1 while waiting: the request keeps the caller\'s place, the number is kept, the caller hears the confirmation', async () => {
    const { h, second } = await waitingBehindOne(withOffer({ afterEstimatedWaitMs: 60_000, afterWaitMs: null }));
    const third = await h.enter('c3', ['115'], '04103333333');
    await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('c2'), digit: '1', at: h.clock.now() });
    await h.settle();
    expect(await h.store.get(second)).toMatchObject({ phase: 'callback-waiting', callback: { limit: 'long-wait' } });
    expect(h.callbackNumbers.numbers.get(second)).toBe('04102222222');
    expect((await h.queue.waiting()).map((w) => w.call)).toEqual([second, third]);
    expect(h.telephony.actions.filter((a) => a.op === 'play' && a.channel === 'c2').at(-1)).toMatchObject({ sounds: ['overflow/callback-confirmed'] });
  });

  it('a withheld number is never offered a callback: not in the announcement, not by key 1, not at a queue limit', async () => {
    const { h, second, heard } = await waitingBehindOne(withOffer({ afterEstimatedWaitMs: 0, afterWaitMs: 0 }), 'anonymous');
    await h.advance(policy.announceEveryMs);
    expect(heard().flat()).not.toContain('overflow/callback-offer');
    await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('c2'), digit: '1', at: h.clock.now() });
    await h.settle();
    expect((await h.store.get(second))?.phase).toBe('queued');
    expect(h.callbackNumbers.numbers.has(second)).toBe(false);

    const limited = await harness(['agent-1'], { maxWaitingCalls: 1 });
    const first = await limited.enter('c1', ['115'], '04101111111');
    await limited.fact({ type: 'channel.answered', channel: (await limited.store.get(first))!.offer!.leg, at: limited.clock.now() });
    await limited.enter('c2', ['115'], '04102222222');
    const over = await limited.enter('c3', ['115'], '');
    expect(await limited.store.get(over)).toMatchObject({ phase: 'final-message', finalOutcome: 'queue-full' });
    expect(limited.telephony.actions.filter((a) => a.op === 'play' && a.channel === 'c3').at(-1)).toMatchObject({ sounds: ['overflow/queue-full-no-callback'] });
  });
});

describe('callback tries (engine over fakes)', () => {
  /** A callback request whose task the agent has taken: the citizen's phone rings. */
  async function dialling(p: CallPolicy) {
    const { h, first, second } = await waitingBehindOne({ ...p, callbackOffer: { afterEstimatedWaitMs: 0, afterWaitMs: null } });
    await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('c2'), digit: '1', at: h.clock.now() });
    await h.settle();
    await h.fact({ type: 'channel.ended', channel: ch('c2'), cause: 16, at: h.clock.now() });
    await h.fact({ type: 'channel.ended', channel: ch('c1'), cause: 16, at: h.clock.now() });
    const take = async (): Promise<ChannelId> => {
      const task = await h.store.get(second);
      expect(task).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });
      await h.fact({ type: 'channel.answered', channel: task!.offer!.leg, at: h.clock.now() });
      return (await h.store.get(second))!.callback!.citizenLeg!;
    };
    return { h, first, second: second, take };
  }

  it('a busy citizen is tried again after the pause, the agent free meanwhile; the outcome of each try is recorded; the last failure ends it', async () => {
    const { h, second, take } = await dialling({ ...policy, callbackAttempts: 3, callbackRetryMs: 600_000 });
    await h.fact({ type: 'channel.failed', channel: await take(), reason: 'busy', at: h.clock.now() });
    expect(await h.store.get(second)).toMatchObject({ phase: 'callback-waiting', callback: { attempts: [{ result: 'busy' }] } });
    expect((await h.agents.get('agent-1' as never))?.status).toBe('available');
    expect(await h.queue.waiting()).toEqual([]);

    await h.advance(599_999);
    expect((await h.store.get(second))?.phase).toBe('callback-waiting');
    await h.advance(1);
    const leg2 = await take();
    await h.advance(policy.callbackRingMs);
    expect(await h.store.get(second)).toMatchObject({ phase: 'callback-waiting', callback: { attempts: [{ result: 'busy' }, { result: 'no-answer' }] } });
    expect(h.telephony.live.has(leg2)).toBe(false);

    await h.advance(600_000);
    await h.fact({ type: 'channel.failed', channel: await take(), reason: 'unreachable', at: h.clock.now() });
    expect(await h.store.get(second)).toMatchObject({
      phase: 'ended',
      outcome: 'callback-unanswered',
      callback: { attempts: [{ result: 'busy' }, { result: 'no-answer' }, { result: 'unreachable' }] },
    });
    expect(h.callbackNumbers.numbers.has(second)).toBe(false);
  });

  it('a try that falls outside service hours waits for the opening', async () => {
    // The center closes 5 minutes after the first try and opens again an hour later.
    let firstTry = 0;
    const p: CallPolicy = { ...policy, callbackAttempts: 2, callbackRetryMs: 600_000, centerOpen: (at) => firstTry === 0 || at < firstTry + 300_000 || at >= firstTry + 3_600_000 };
    const { h, second, take } = await dialling(p);
    const leg = await take();
    firstTry = h.clock.now();
    await h.fact({ type: 'channel.failed', channel: leg, reason: 'busy', at: h.clock.now() });
    expect(await h.store.get(second)).toMatchObject({ phase: 'callback-waiting', timer: { name: 'callback-retry', dueAt: firstTry + 3_600_000 } });
    await h.advance(3_599_999);
    expect(await h.queue.waiting()).toEqual([]);
    expect((await h.store.get(second))?.phase).toBe('callback-waiting');
    await h.advance(1);
    expect(await h.store.get(second)).toMatchObject({ phase: 'offering' });
  });
});
