import { describe, expect, it } from 'vitest';
import { heardSegments, noticeable, soundSamples, type HeardSegment } from '../support/announcement-audio.js';
import type { Caller } from '../support/sipp.js';
import { waitFor, WaitTimeoutError } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * What callers HEAR from the county: the closed message outside the service hours, and while they
 * wait the greeting, music on hold and their position with the estimated wait.
 *
 * The audio is the primary evidence. A caller's RTP endpoint keeps the µ-law it received, and
 * test/support/announcement-audio.ts finds in it each rendered announcement file, sample for
 * sample, so "the caller heard position 2 and then 'about six minutes'" is checked on what
 * reached the caller, not on what the engine meant to play. (Asterisk tells no one else: ARI's
 * GET /playbacks/{id} only answers while a playback runs, and `core show channels` shows none.)
 * The engine's log is a secondary check only.
 */
const SOUNDS = [
  'overflow/greeting',
  'overflow/closed',
  'overflow/wait-short',
  ...[1, 2, 3].map((n) => `overflow/position-${n}`),
  ...Array.from({ length: 10 }, (_, i) => `overflow/wait-${i + 1}`),
];
/** Length of an announcement file in ms (8000 samples a second). */
const lengthMs = (sound: string): number => soundSamples(sound).length / 8;

const heard = (caller: Caller): HeardSegment[] => noticeable(heardSegments(caller.rtp.received(), SOUNDS));
const names = (segments: readonly HeardSegment[]): string[] => segments.map((s) => s.what);
const describeHeard = (segments: readonly HeardSegment[], since: number): string =>
  segments.map((s) => `${s.what} ${s.fromAt - since}..${s.toAt - since} ms`).join(', ') || 'nothing';

/** Waits until what the caller heard satisfies `done`; on timeout says what was heard instead. */
async function waitToHear(caller: Caller, done: (heard: HeardSegment[]) => boolean, what: string, timeoutMs: number): Promise<HeardSegment[]> {
  try {
    return await waitFor(() => {
      const segments = heard(caller);
      return done(segments) && segments;
    }, { timeoutMs, what, intervalMs: 250 });
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    throw new Error(`${err.message}; heard: ${describeHeard(heard(caller), caller.report().answeredAt ?? 0)}`);
  }
}

describe('what callers hear', () => {
  const counties = useCounties();

  it('outside the service hours: a 115 caller hears the closed message and gets BYE; a town call rings the town hall first, then the same', async () => {
    const county = await counties.open({ centerHours: 'never', agents: ['agent-1'], overflowTimeoutSec: 1 });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const townHall = await county.sipp.phones(['quickborn-1', 'quickborn-2'], { kind: 'never-answer' });
    // Both at once: the closed message is about 15 s long and one wait covers both.
    const direct = await county.sipp.call({ to: NUMBERS.n115, from: '04101555501' });
    const viaTown = await county.sipp.call({ to: NUMBERS.quickborn, from: '04101555502' });
    const closedMs = lengthMs('overflow/closed');

    const [directEnd, townEnd] = await Promise.all([direct.waitForEnd(closedMs + 10_000), viaTown.waitForEnd(closedMs + 10_000)]);

    // 115: answered at once, the whole closed message, nothing else, then the engine hangs up.
    expect(directEnd.outcome).toBe('remote-hangup');
    expect(directEnd.answeredAt! - directEnd.startedAt).toBeLessThan(1_000);
    const directHeard = heard(direct);
    expect(names(directHeard), describeHeard(directHeard, directEnd.answeredAt!)).toEqual(['overflow/closed']);
    expect(directHeard[0]!.fromAt - directEnd.answeredAt!).toBeLessThan(500);
    const directListened = directEnd.gotByeAt! - directEnd.answeredAt!;
    expect(directListened).toBeGreaterThanOrEqual(closedMs - 300);
    expect(directListened).toBeLessThan(closedMs + 2_000);
    expect(direct.rtp.stats().audio).toBeGreaterThanOrEqual((closedMs - 1_000) / 20);

    // Town call: the town hall's phones rang first (ringback for the caller), then the same message.
    expect(townEnd.outcome).toBe('remote-hangup');
    expect(townEnd.ringingAt).toBeDefined();
    expect(townEnd.answeredAt! - townEnd.startedAt).toBeGreaterThanOrEqual(900);
    for (const phone of townHall) expect(phone.counts(), phone.endpoint).toMatchObject({ offered: 1, answered: 0, cancelled: 1 });
    const townHeard = heard(viaTown);
    expect(names(townHeard), describeHeard(townHeard, townEnd.answeredAt!)).toEqual(['overflow/closed']);
    expect(townEnd.gotByeAt! - townEnd.answeredAt!).toBeGreaterThanOrEqual(closedMs - 300);

    // Nobody at the county is rung while it is closed.
    expect(agent.counts().offered).toBe(0);
    expect(await county.recordOf('04101555501')).toMatchObject({ outcome: 'closed', endedBy: 'system', overflowReason: 'direct-115', offers: [] });
    const townRecord = await county.recordOf('04101555502');
    expect(townRecord).toMatchObject({ outcome: 'closed', endedBy: 'system', overflowReason: 'town-no-answer', entry: { kind: 'town', townId: 'quickborn' } });
    expect(townRecord.times.townRingEndedAt! - townRecord.times.townRingStartedAt!).toBeGreaterThanOrEqual(1_000);
    expect(townRecord.times.queuedAt).toBeUndefined();
  });

  it('a waiting caller hears the greeting, music, then its own position and estimated wait in one announcement, then music again', async () => {
    // Every 4 s: the 6.5 s greeting covers the turn at 4 s, the position comes at 8 s after 1.5 s of
    // music and (about 6 s long) is over well before the turn at 16 s, so it is heard once here.
    const county = await counties.open({ agents: ['agent-1'], announceEverySec: 4 });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const talking = await county.sipp.call({ to: NUMBERS.n115, from: '04101555511' });
    await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent talking with the first caller' });
    const second = await county.sipp.call({ to: NUMBERS.n115, from: '04101555512' });
    const secondAnsweredAt = await second.waitForAnswer(5_000);
    const third = await county.sipp.call({ to: NUMBERS.n115, from: '04101555513' });
    const thirdAnsweredAt = await third.waitForAnswer(5_000);

    // One agent (staffed, busy), default talk time 180 s: position 1 waits about 3 minutes, position 2 about 6.
    const expected = [
      { caller: second, answeredAt: secondAnsweredAt, position: 'overflow/position-1', wait: 'overflow/wait-3' },
      { caller: third, answeredAt: thirdAnsweredAt, position: 'overflow/position-2', wait: 'overflow/wait-6' },
    ];
    for (const { caller, answeredAt, position, wait } of expected) {
      const segments = await waitToHear(
        caller,
        (s) => s.length >= 2 && s[s.length - 2]!.what.startsWith('overflow/wait') && s[s.length - 1]!.what === 'music' && s[s.length - 1]!.packets >= 25,
        `${caller.callId}: an estimated wait, then music`,
        20_000,
      );
      expect(names(segments), describeHeard(segments, answeredAt)).toEqual(['overflow/greeting', 'music', position, wait, 'music']);
      const [greeting, music, pos, est] = segments as [HeardSegment, HeardSegment, HeardSegment, HeardSegment];
      // The greeting starts as the call is answered and plays in full.
      expect(greeting.fromAt - answeredAt).toBeLessThan(500);
      expect(greeting.toAt - greeting.fromAt).toBeGreaterThanOrEqual(lengthMs('overflow/greeting') - 300);
      // Music on hold between greeting and announcement, then the position at the turn at 8 s.
      expect(music.toAt - music.fromAt).toBeGreaterThanOrEqual(500);
      expect(pos.fromAt - answeredAt).toBeGreaterThanOrEqual(7_500);
      expect(pos.fromAt - answeredAt).toBeLessThan(9_500);
      // Position and wait are one playback: the wait follows the position without music between.
      expect(est.fromAt - pos.toAt).toBeLessThan(200);
    }
    // Secondary: the engine did not have to skip an announcement it could not play.
    expect(county.engine.logs().filter((l) => l['msg'] === 'announcement could not be played')).toEqual([]);

    await second.hangUp();
    await third.hangUp();
    await talking.hangUp();
    for (const from of ['04101555512', '04101555513']) {
      expect(await county.recordOf(from)).toMatchObject({ outcome: 'abandoned', overflowReason: 'direct-115', offers: [] });
    }
  });

  it('GET /api/queue: each waiting caller with its municipality by number prefix and position × 180 s ÷ staffed agents', async () => {
    const county = await counties.open({ agents: ['agent-1', 'agent-2'] });
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 100 });
    const talking = await Promise.all(['04101555521', '04101555522'].map((from) => county.sipp.call({ to: NUMBERS.n115, from })));
    for (const agent of agents) await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent talking' });

    // 04106… is Quickborn's area code (config/county.yaml); 04101… belongs to no town of the county.
    const fromQuickborn = await county.sipp.call({ to: NUMBERS.n115, from: '04106555123' });
    await fromQuickborn.waitForAnswer(5_000);
    const fromElsewhere = await county.sipp.call({ to: NUMBERS.n115, from: '04101555524' });
    await fromElsewhere.waitForAnswer(5_000);

    const view = await waitFor(async () => {
      const q = await county.queue();
      return q.waiting.length === 2 && q.waiting.every((w) => w.phase === 'queued') && q;
    }, { timeoutMs: 5_000, what: 'two callers queued' });
    expect(view.agents.map((a) => a.status)).toEqual(['busy', 'busy']);
    // Two staffed agents, no talk times yet (default 180 s): 1 × 180 s ÷ 2 and 2 × 180 s ÷ 2.
    expect(view.waiting).toMatchObject([
      { position: 1, entry: '115', townId: null, municipality: 'quickborn', overflowReason: 'direct-115', estimatedWaitMs: 90_000 },
      { position: 2, entry: '115', townId: null, municipality: null, overflowReason: 'direct-115', estimatedWaitMs: 180_000 },
    ]);

    await fromQuickborn.hangUp();
    await fromElsewhere.hangUp();
    for (const caller of talking) await caller.hangUp();
    const [quickbornRecord, elsewhereRecord] = [await county.recordOf('04106555123'), await county.recordOf('04101555524')];
    expect(quickbornRecord).toMatchObject({ id: view.waiting[0]!.callId, municipality: 'quickborn', entry: { kind: '115', townId: null } });
    expect(elsewhereRecord).toMatchObject({ id: view.waiting[1]!.callId, municipality: null });
  });
});
