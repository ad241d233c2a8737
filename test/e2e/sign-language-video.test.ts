import { describe, expect, it } from 'vitest';
import { heardSegments, noticeable, soundSamples } from '../support/announcement-audio.js';
import type { Caller } from '../support/sipp.js';
import { clipPayloads, clipsSeen } from '../support/video-clips.js';
import { waitFor } from '../support/wait-for.js';
import { useCounties } from './county-fixture.js';

/**
 * What a deaf caller on the sign-language number 11599 sees, on the real stack: the engine plays
 * the rendered clips (overflow/video/<name>.h264, scripts/render-announcements.ts) into the video
 * stream of the caller's H.264 call, and the waiting picture instead of music on hold. The video
 * packets that arrive are matched byte for byte against the clips' records (test/support/
 * video-clips.ts), so a test knows WHICH clip the caller saw, as the audio tests know which
 * announcement was heard.
 */
const DGS_NUMBER = '11599';
const GREETING = 'overflow/video/greeting';
const WAITING = 'overflow/video/waiting';
const POSITION_1 = 'overflow/video/position-1';
const NO_AGENT = 'overflow/video/no-agent';
/** Every clip a waiting caller may be shown: the queue status says position 1 and some wait. */
const WAITING_CLIPS = [GREETING, WAITING, POSITION_1, 'overflow/video/wait-short', ...Array.from({ length: 10 }, (_, i) => `overflow/video/wait-${i + 1}`)];
const lengthMs = (sound: string): number => soundSamples(sound).length / 8;

/** Arrival index of the first payload found only in `clip` (Infinity: none). */
const firstSeen = (caller: Caller, clip: string, among: readonly string[]): number => {
  const others = new Set(among.filter((c) => c !== clip).flatMap((c) => clipPayloads(c).map((p) => p.toString('hex'))));
  const own = new Set(clipPayloads(clip).map((p) => p.toString('hex')).filter((p) => !others.has(p)));
  const index = caller.video!.received().findIndex((p) => own.has(p.toString('hex')));
  return index < 0 ? Infinity : index;
};

describe('sign language (DGS) on 11599: the announcements as video clips', () => {
  const counties = useCounties();

  it('a waiting video caller sees the greeting clip, then the waiting picture (never music), then the position clip; the signer busy with another caller', async () => {
    const county = await counties.open({ dgs: true, agents: ['agent-dgs-1'], announceEverySec: 10 });
    const signer = await county.sipp.phone({ endpoint: 'agent-dgs-1', behaviour: { kind: 'answer', afterMs: 200 }, video: true });
    await waitFor(async () => (await county.queue()).agents.every((a) => a.status === 'available'), { timeoutMs: 5_000, what: 'agent-dgs-1 available' });
    const first = await county.sipp.call({ to: DGS_NUMBER, from: '04101555701', video: true });
    await signer.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent-dgs-1 answered the first caller' });

    const citizen = await county.sipp.call({ to: DGS_NUMBER, from: '04101555702', video: true });
    const answeredAt = await citizen.waitForAnswer(5_000);
    expect(citizen.report().video).toMatchObject({ codec: 'H264' });
    // Greeting (its spoken length), the waiting picture, then at 10 s position and wait.
    const spoken = WAITING_CLIPS.filter((c) => c !== WAITING).map((c) => c.replace('overflow/video/', 'overflow/'));
    const heardNow = () => noticeable(heardSegments(citizen.rtp.received(), spoken)).map((h) => h.what);
    // Until position and wait have been heard in full (their clips come with them).
    await waitFor(() => (clipsSeen(citizen.video!.received(), WAITING_CLIPS).byClip.get(POSITION_1) ?? 0) > 0 && heardNow().some((w) => w.startsWith('overflow/wait-')), {
      timeoutMs: lengthMs('overflow/greeting') + 20_000, what: 'the position clip seen and position and wait heard',
    });
    const seen = clipsSeen(citizen.video!.received(), WAITING_CLIPS);
    // Every video packet the caller got belongs to one of our clips: no black, nothing else.
    expect(seen.unknown).toBe(0);
    // The greeting in full (its own records, from start to end) and the waiting picture's start.
    expect(seen.byClip.get(GREETING)).toBe(seen.ownPerClip.get(GREETING));
    expect(seen.byClip.get(WAITING)).toBeGreaterThan(0);
    const order = [GREETING, WAITING, POSITION_1].map((clip) => firstSeen(citizen, clip, WAITING_CLIPS));
    // The very first packets are the greeting's: before its first own record only records it shares with other clips (parameter sets).
    const greeting = new Set(clipPayloads(GREETING).map((p) => p.toString('hex')));
    expect(order[0]!).toBeLessThan(5);
    expect(citizen.video!.received().slice(0, order[0]).every((p) => greeting.has(p.toString('hex')))).toBe(true);
    expect(order[0]!).toBeLessThan(order[1]!);
    expect(order[1]!).toBeLessThan(order[2]!);
    // Seen and heard together: the greeting's sound too; between the announcements silence, not music on hold.
    const heard = noticeable(heardSegments(citizen.rtp.received(), spoken));
    expect(heard[0]).toMatchObject({ what: 'overflow/greeting' });
    expect(heard[0]!.fromAt - answeredAt).toBeLessThan(1_000);
    expect(heard.map((h) => h.what), heard.map((h) => `${h.what} ${h.fromAt - answeredAt}..${h.toAt - answeredAt} (${h.packets})`).join(', ')).not.toContain('music');
    expect(heard.map((h) => h.what)).toContain('overflow/position-1');
    // The call itself waited, with video, and was never offered meanwhile.
    const waiting = (await county.queue()).waiting;
    expect(waiting).toHaveLength(1);
    const live = (await county.engine.getJson<{ video?: boolean; phase: string }>(`/api/calls/${waiting[0]!.callId}`)).body;
    expect(live).toMatchObject({ video: true, phase: 'queued' });
    expect(signer.counts().offered).toBe(1);

    await citizen.hangUp();
    await first.hangUp();
    expect(await county.recordOf('04101555702')).toMatchObject({ outcome: 'abandoned', video: true });
    expect(await county.recordOf('04101555701')).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-dgs-1', video: true });
  });

  it('no signing agent logged in: the video caller sees the no-agent clip, in full, with its sound, and nothing else', async () => {
    const county = await counties.open({ dgs: true, agents: ['agent-1', 'agent-dgs-1'] });
    await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    await waitFor(async () => (await county.queue()).agents.find((a) => a.id === 'agent-dgs-1')?.pauseReason === 'unregistered', {
      timeoutMs: 5_000, what: 'agent-dgs-1 paused unregistered',
    });
    const citizen = await county.sipp.call({ to: DGS_NUMBER, from: '04101555711', video: true });
    const end = await citizen.waitForEnd(lengthMs('overflow/no-agent') + 10_000);
    expect(end.outcome).toBe('remote-hangup');
    const among = [NO_AGENT, GREETING, WAITING, 'overflow/video/closed'];
    const seen = clipsSeen(citizen.video!.received(), among);
    expect(seen.unknown).toBe(0);
    // Every record that is the no-agent clip's own arrived; none of another clip.
    expect(seen.byClip.get(NO_AGENT)).toBe(seen.ownPerClip.get(NO_AGENT));
    expect(seen.ownPerClip.get(NO_AGENT)).toBeGreaterThan(3);
    for (const other of among.slice(1)) expect(seen.byClip.get(other)).toBe(0);
    expect(noticeable(heardSegments(citizen.rtp.received(), ['overflow/no-agent'])).map((h) => h.what)).toEqual(['overflow/no-agent']);
    expect(await county.recordOf('04101555711')).toMatchObject({ outcome: 'no-agent', video: true });
  });

  it('an audio-only caller of 11599 sees nothing and hears the no-agent announcement as before', async () => {
    const county = await counties.open({ dgs: true, agents: ['agent-1', 'agent-dgs-1'] });
    await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    await waitFor(async () => (await county.queue()).agents.find((a) => a.id === 'agent-dgs-1')?.pauseReason === 'unregistered', {
      timeoutMs: 5_000, what: 'agent-dgs-1 paused unregistered',
    });
    const citizen = await county.sipp.call({ to: DGS_NUMBER, from: '04101555721' });
    const end = await citizen.waitForEnd(lengthMs('overflow/no-agent') + 10_000);
    expect(end.outcome).toBe('remote-hangup');
    expect(noticeable(heardSegments(citizen.rtp.received(), ['overflow/no-agent'])).map((h) => h.what)).toEqual(['overflow/no-agent']);
    const record = await county.recordOf('04101555721');
    expect(record).toMatchObject({ outcome: 'no-agent' });
    expect(record.video).toBeUndefined();
  });
});
