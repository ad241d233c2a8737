import { describe, expect, it } from 'vitest';
import type { TelephonyAction } from '../../../src/adapters/memory/fake-telephony.js';
import { videoEntryOf } from '../../../src/app/entry.js';
import type { ChannelId, TownId } from '../../../src/domain/ids.js';
import { harness, policy } from './engine-harness.js';

/**
 * A caller of the sign-language entry (115,dgs, `video: true`) whose channel carries H.264 sees
 * each announcement's clip (overflow/video/<name>) and the waiting picture instead of music on
 * hold; every other caller (audio on that entry, video on another) hears exactly what they did.
 */
const ch = (s: string) => s as ChannelId;
const videoEntry = videoEntryOf({
  entries: [
    { number: '115', kind: '115' } as never,
    { number: '11599', kind: '115', service: 'dgs', video: true } as never,
  ],
});
const dgs = {
  services: new Set(['dgs']),
  videoEntry,
  routingOf: (entry: { service: string | null }) => ({ priority: 0, steps: entry.service === 'dgs' ? [{ skills: { dgs: 1 }, forMs: null }] : [] }),
  agentSkills: new Map([['agent-2' as never, { dgs: 1 }]]),
};
type H = Awaited<ReturnType<typeof harness>>;
const on = (h: H, channel: string): TelephonyAction[] =>
  h.telephony.actions.filter((a) => ('channel' in a && a.channel === ch(channel)) || a.op === 'stop-playback');
const played = (h: H, channel: string) => on(h, channel).flatMap((a) => (a.op === 'play' ? [a.sounds] : []));
const lastPlayback = (h: H, channel: string): string => {
  const plays = on(h, channel).filter((a) => a.op === 'play');
  const last = plays[plays.length - 1];
  if (last?.op !== 'play') throw new Error(`nothing played to ${channel}`);
  return last.playback;
};

/** agent-2 (the only signer) busy with a first DGS call, so the next one waits. */
async function signerBusy(h: H): Promise<void> {
  const first = await h.enter('c0', ['115', 'dgs']);
  await h.fact({ type: 'channel.answered', channel: (await h.store.get(first))!.offer!.leg, at: h.clock.now() });
}

describe('video clips for a video caller of a video entry', () => {
  it('shows the greeting clip, then the waiting picture again and again instead of music, the position clips, and stops the picture when connected', async () => {
    const h = await harness(['agent-1', 'agent-2'], { ...dgs, policy: { ...policy, announceEveryMs: 45_000 } });
    await signerBusy(h);
    h.telephony.videoOf.set(ch('c1'), ['h264']);
    const id = await h.enter('c1', ['115', 'dgs']);
    expect(await h.store.get(id)).toMatchObject({ phase: 'queued', video: true });
    expect(played(h, 'c1')).toEqual([['overflow/video/greeting']]);

    await h.playbackFinished(lastPlayback(h, 'c1'));
    expect(played(h, 'c1').at(-1)).toEqual(['overflow/video/waiting']);
    const firstPicture = lastPlayback(h, 'c1');
    expect(firstPicture).toMatch(/~wait~/);
    // The picture ended: shown again (a new playback), and the call itself heard of nothing.
    await h.playbackFinished(firstPicture);
    expect(played(h, 'c1').at(-1)).toEqual(['overflow/video/waiting']);
    const secondPicture = lastPlayback(h, 'c1');
    expect(secondPicture).not.toBe(firstPicture);

    await h.advance(45_000);
    // The picture stops for the position announcement, shown as its clip with the spoken sound.
    expect(h.telephony.actions.slice(-2)).toEqual([
      { op: 'stop-playback', playback: secondPicture },
      { op: 'play', channel: ch('c1'), playback: expect.stringMatching(/~play~/) as unknown as string, sounds: ['overflow/video/position-1', 'overflow/video/wait-2'] },
    ]);
    // The stopped picture's end is not a reason to show it again.
    await h.playbackFinished(secondPicture);
    expect(played(h, 'c1').at(-1)).toEqual(['overflow/video/position-1', 'overflow/video/wait-2']);
    await h.playbackFinished(lastPlayback(h, 'c1'));
    expect(played(h, 'c1').at(-1)).toEqual(['overflow/video/waiting']);

    // agent-2 free again: the call is offered, answered, and the picture stops before the bridge.
    const picture = lastPlayback(h, 'c1');
    await h.fact({ type: 'channel.ended', channel: ch('c0'), cause: 16, at: h.clock.now() });
    await h.fact({ type: 'channel.answered', channel: (await h.store.get(id))!.offer!.leg, at: h.clock.now() });
    expect(await h.store.get(id)).toMatchObject({ phase: 'connected' });
    expect(h.telephony.actions).toContainEqual({ op: 'stop-playback', playback: picture });
    const pictures = () => played(h, 'c1').filter((s) => s[0] === 'overflow/video/waiting').length;
    expect(pictures()).toBe(3);
    // The stopped picture's end while connected: not shown again.
    await h.playbackFinished(picture);
    expect(pictures()).toBe(3);
    // Never music on hold for this caller.
    expect(on(h, 'c1').filter((a) => a.op === 'moh-start' || a.op === 'moh-stop')).toEqual([]);
  });

  it('an audio-only caller of the same entry hears the announcements and music on hold as every caller', async () => {
    const h = await harness(['agent-1', 'agent-2'], dgs);
    await signerBusy(h);
    const id = await h.enter('c1', ['115', 'dgs']);
    expect((await h.store.get(id))?.video).toBeUndefined();
    expect(played(h, 'c1')).toEqual([['overflow/greeting']]);
    await h.playbackFinished(lastPlayback(h, 'c1'));
    expect(on(h, 'c1').at(-1)).toEqual({ op: 'moh-start', channel: ch('c1') });
    await h.advance(45_000);
    expect(played(h, 'c1').at(-1)).toEqual(['overflow/position-1', 'overflow/wait-2']);
  });

  it('a video caller of an entry without video (plain 115), or with VP8 only on the video entry, hears the announcements as every caller', async () => {
    const h = await harness(['agent-1'], { ...dgs, agentSkills: new Map() });
    h.telephony.videoOf.set(ch('c1'), ['h264']);
    h.telephony.videoOf.set(ch('c2'), ['vp8']);
    await h.enter('c0', ['115']);
    const plain = await h.enter('c1', ['115']);
    expect((await h.store.get(plain))?.video).toBeUndefined();
    expect(played(h, 'c1')).toEqual([['overflow/greeting']]);
    const vp8 = await h.enter('c2', ['115', 'dgs']);
    expect((await h.store.get(vp8))?.video).toBeUndefined();
    // Nobody signs: the VP8 caller is told so, in the spoken announcement only.
    expect(played(h, 'c2')).toEqual([['overflow/no-agent']]);
  });

  it('with no signing agent, the video caller sees the no-agent clip', async () => {
    const h = await harness(['agent-1'], { ...dgs, agentSkills: new Map() });
    h.telephony.videoOf.set(ch('c1'), ['h264', 'vp8']);
    const id = await h.enter('c1', ['115', 'dgs']);
    expect(played(h, 'c1')).toEqual([['overflow/video/no-agent']]);
    await h.playbackFinished((await h.store.get(id))!.playback!);
    expect(await h.store.get(id)).toMatchObject({ phase: 'ended', outcome: 'no-agent', video: true });
  });

  it('a closed center shows the closed clip with the hours to a video caller', async () => {
    const h = await harness(['agent-1', 'agent-2'], { ...dgs, policy: { ...policy, centerOpen: () => false } });
    h.telephony.videoOf.set(ch('c1'), ['h264']);
    await h.enter('c1', ['115', 'dgs']);
    expect(played(h, 'c1')).toEqual([['overflow/video/closed']]);
  });

  it('knows video entries by service and by town', () => {
    const isVideo = videoEntryOf({ entries: [{ number: '1', kind: 'town', townId: 'hasloh' as TownId, video: true } as never, { number: '115', kind: '115', video: false } as never] });
    expect(isVideo({ kind: 'town', townId: 'hasloh' as TownId, service: null })).toBe(true);
    expect(isVideo({ kind: 'town', townId: 'quickborn' as TownId, service: null })).toBe(false);
    expect(isVideo({ kind: '115', townId: null, service: null })).toBe(false);
    expect(videoEntry({ kind: '115', townId: null, service: 'dgs' })).toBe(true);
    expect(videoEntry({ kind: '115', townId: null, service: null })).toBe(false);
  });
});

describe('a callback to a video caller', () => {
  it('dials the citizen back with video, and an audio caller without', async () => {
    const offer = { afterEstimatedWaitMs: 0, afterWaitMs: null };
    for (const [formats, video] of [[['h264'], true], [[], false]] as const) {
      const h = await harness(['agent-1', 'agent-2'], { ...dgs, policy: { ...policy, callbackOffer: offer } });
      await signerBusy(h);
      h.telephony.videoOf.set(ch('c1'), [...formats]);
      const id = await h.enter('c1', ['115', 'dgs'], '04101234567');
      await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('c1'), digit: '1', at: h.clock.now() });
      await h.settle();
      expect((await h.store.get(id))?.phase).toBe('callback-waiting');
      // The signer is free again: the task rings her phone, she answers, the citizen is dialled.
      await h.fact({ type: 'channel.ended', channel: ch('c0'), cause: 16, at: h.clock.now() });
      const task = await h.store.get(id);
      await h.fact({ type: 'channel.answered', channel: task!.offer!.leg, at: h.clock.now() });
      const citizen = (await h.store.get(id))!.callback!.citizenLeg!;
      expect(h.telephony.dialledNumbers.get(citizen)).toBe('04101234567');
      const dial = h.telephony.actions.find((a) => a.op === 'dial' && a.channel === citizen);
      expect(dial, `video ${String(video)}`).toMatchObject(video ? { video: true } : {});
      if (!video) expect(dial).not.toHaveProperty('video');
    }
  });
});
