/** A caller who gives up and calls again keeps their place: over the stand-in for Asterisk (FakeTelephony) and a manual clock. */
import { describe, expect, it } from 'vitest';
import type { ChannelId } from '../../../src/domain/ids.js';
import { harness, policy } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;
// The harness hashes a number by its length: these three are three different callers.
const [FIRST, LEAVER, OTHER] = ['0410111111', '04102222222', '041033333333'];

/** agent-1 talks with a first caller; the leaver waits, then another caller behind them; the leaver hangs up. */
async function leaverHungUp(resumeWithinMs: number | null, leaverNumber = LEAVER) {
  const h = await harness(['agent-1'], { policy: { ...policy, resumeWithinMs } });
  const first = await h.enter('c1', ['115'], FIRST);
  await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
  const left = await h.enter('c2', ['115'], leaverNumber);
  const leftAt = h.clock.now();
  await h.advance(10_000);
  const other = await h.enter('c3', ['115'], OTHER);
  await h.advance(10_000);
  await h.fact({ type: 'channel.ended', channel: ch('c2'), cause: 16, at: h.clock.now() });
  const sounds = (channel: string) => h.telephony.actions.flatMap((a) => (a.op === 'play' && a.channel === channel ? a.sounds : []));
  return { h, first, left, leftAt, other, sounds };
}

describe('a caller who hangs up while waiting and calls again (engine over fakes)', () => {
  it('within the time: back at their place ahead of the caller who came later, told so, and offered first', async () => {
    const { h, first, left, leftAt, other, sounds } = await leaverHungUp(120_000);
    expect((await h.store.get(left))?.outcome).toBe('abandoned');
    await h.advance(30_000);
    const again = await h.enter('c2b', ['115'], LEAVER);
    expect(await h.store.get(again)).toMatchObject({ resumedFrom: { call: left, arrivedAt: leftAt } });
    expect((await h.queue.waiting()).map((w) => w.call)).toEqual([again, other]);
    expect(sounds('c2b')).toEqual(['overflow/resumed']);
    expect(sounds('c3')).toEqual(['overflow/greeting']);

    await h.fact({ type: 'channel.ended', channel: ch('c1'), cause: 16, at: h.clock.now() });
    expect((await h.store.get(first))?.phase).toBe('ended');
    expect(await h.store.get(again)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });
    expect((await h.store.get(other))?.phase).toBe('queued');
  });

  it('the place is taken once: a third call from the number queues anew', async () => {
    const { h } = await leaverHungUp(120_000);
    const again = await h.enter('c2b', ['115'], LEAVER);
    expect((await h.store.get(again))?.resumedFrom).toBeDefined();
    await h.fact({ type: 'channel.ended', channel: ch('c2b'), cause: 16, at: h.clock.now() });
    // Hung up again: the place is kept again, from the first arrival on.
    const third = await h.enter('c2c', ['115'], LEAVER);
    expect((await h.store.get(third))?.resumedFrom?.arrivedAt).toBe((await h.store.get(again))?.resumedFrom?.arrivedAt);
  });

  it('too late, or with the feature off, or with a withheld number: queued anew behind the others, with the greeting', async () => {
    const late = await leaverHungUp(120_000);
    await late.h.advance(120_001);
    const lateAgain = await late.h.enter('c2b', ['115'], LEAVER);
    expect((await late.h.store.get(lateAgain))?.resumedFrom).toBeUndefined();
    expect((await late.h.queue.waiting()).map((w) => w.call)).toEqual([late.other, lateAgain]);
    expect(late.sounds('c2b')).toEqual(['overflow/greeting']);

    const off = await leaverHungUp(null);
    const offAgain = await off.h.enter('c2b', ['115'], LEAVER);
    expect((await off.h.queue.waiting()).map((w) => w.call)).toEqual([off.other, offAgain]);

    const withheld = await leaverHungUp(120_000, 'anonymous');
    const withheldAgain = await withheld.h.enter('c2b', ['115'], 'anonymous');
    expect((await withheld.h.store.get(withheldAgain))?.resumedFrom).toBeUndefined();
    expect((await withheld.h.queue.waiting()).map((w) => w.call)).toEqual([withheld.other, withheldAgain]);
  });
});
