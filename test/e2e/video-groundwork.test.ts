import ari, { type Client } from 'ari-client';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSippFleet, type Caller, type Phone, type PhoneCall, type SippFleet, type VideoCodec } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Groundwork for sign-language (DGS) video calls, WITHOUT the engine: the test itself is the ARI
 * application behind 11599 (dialplan/extensions.conf [entry-dgs]) and does what the engine will
 * do: answer the citizen, create the agent's leg with the caller as originator and dial it (like
 * src/adapters/ari/ari-telephony.ts), and bridge both once the agent answers.
 *
 * Bridge types tried for the two-party bridge (POST /bridges `type`), Asterisk 22.10, with an
 * H264 caller on the video trunk and agent-dgs-1 (both direct_media = no):
 *   mixing                video both ways; technology simple_bridge, video_mode talker.  KEPT
 *   mixing,video_single   video both ways; simple_bridge, video_mode single.
 *   mixing,proxy_media    video both ways; simple_bridge.
 *   mixing,dtmf_events    video both ways; simple_bridge.
 *   mixing,video_sfu      NO video either way (0 packets); technology softmix. An SFU adds every
 *   video_sfu             other participant's video as a new stream by re-INVITE (none was sent to
 *                         our max_video_streams = 1 phones); a desk video phone wants its one stream.
 *   video_single          rejected (POST /bridges fails): no mixing or holding capability.
 *   holding               NO video; holding_bridge (for waiting, not for talking).
 * Why simple_bridge and not native_rtp as for audio calls: bridge_native_rtp refuses a call that
 * carries video unless both sides are remotely (direct media) bridged ("forbidden while getting
 * details" in its debug log), so video is relayed frame by frame through the core: no
 * transcoding, payload types renumbered per leg (the caller's 96 becomes Asterisk's own on the
 * agent's leg). The engine's existing `mixing` bridge is therefore enough for a two-party DGS call.
 */
const DGS_NUMBER = '11599';
const CITIZEN = '04101555099';
const APP = 'dgs-video-groundwork';
const BRIDGE_TYPE = 'mixing';
/** 0.5 s of 20 ms audio packets. */
const HALF_A_SECOND_AUDIO = 25;
/** 1 s of video at the endpoints' 20 frames per second. */
const ONE_SECOND_VIDEO = 20;

interface AriEvent {
  type: string;
  channelId: string;
  args: string[];
  state: string | undefined;
}

interface AriApp {
  client: Client;
  events: AriEvent[];
  stop(): void;
}

/** A minimal ARI application: connects as the dialplan's Stasis app and records channel events. */
async function connectAri(stack: Stack): Promise<AriApp> {
  // swagger-client (inside ari-client) prints a deprecation notice on connect: not in test output.
  const original = console.log;
  console.log = () => undefined;
  let client: Client;
  try {
    client = await ari.connect(stack.ari.url, stack.ari.username, stack.ari.password);
  } finally {
    console.log = original;
  }
  const events: AriEvent[] = [];
  const record = (event: { type: string; args?: string | string[] }, channel: { id: string; state?: string }): void => {
    const args = event.args === undefined ? [] : Array.isArray(event.args) ? event.args : [event.args];
    events.push({ type: event.type, channelId: channel.id, args, state: channel.state });
  };
  client.on('StasisStart', record);
  client.on('StasisEnd', record);
  client.on('ChannelStateChange', record);
  await client.start(stack.ari.app);
  return { client, events, stop: () => client.stop() };
}

describe('DGS video groundwork: 11599, video caller, video agent phone, ARI bridge (no engine)', () => {
  let stack: Stack;
  let sipp: SippFleet;

  beforeAll(async () => {
    stack = await startStack({ engineApp: APP });
    sipp = createSippFleet(stack);
  });

  afterEach(async () => {
    await sipp.stop();
    await waitFor(async () => (await stack.asteriskCli('core show channels count')).includes('0 active channels'), {
      timeoutMs: 5_000, what: 'no channel left in Asterisk',
    });
  });

  afterAll(async () => {
    await sipp?.stop();
    await stack?.stop();
  });

  it('has a video phone for the DGS agent, a video trunk, and 11599 handed to Stasis with 115,dgs', async () => {
    const agent = await stack.asteriskCli('pjsip show endpoint agent-dgs-1');
    expect(agent).toMatch(/allow\s*:\s*\(ulaw\|alaw\|h264\|vp8\)/);
    expect(agent).toMatch(/max_video_streams\s*:\s*1/);
    const trunk = await stack.asteriskCli('pjsip show endpoint trunk-video');
    expect(trunk).toMatch(/allow\s*:\s*\(ulaw\|alaw\|h264\|vp8\)/);
    expect(trunk).toMatch(/context\s*:\s*from-trunk/);
    // Identified by address only: no static contact that would show up among the phones'.
    expect(await stack.asteriskCli('pjsip show identify trunk-video-identify')).toContain('127.0.0.2');
    expect(await stack.asteriskCli('pjsip show contacts')).toContain('No objects found');
    expect(await stack.asteriskCli('dialplan show 11599@from-trunk')).toContain('Goto(entry-dgs,s,1)');
    expect(await stack.asteriskCli('dialplan show s@entry-dgs')).toContain('Stasis(${ENGINE_APP},115,dgs)');
  });

  it('engine down: a video call to 11599 hears the "not reachable" announcement, like 115', async () => {
    const citizen = await sipp.call({ to: DGS_NUMBER, from: CITIZEN, video: true });
    const answeredAt = await citizen.waitForAnswer(5_000);
    const ended = await citizen.waitForEnd(15_000);
    expect(ended.outcome).toBe('remote-hangup');
    expect((ended.gotByeAt ?? 0) - answeredAt).toBeGreaterThan(4_000);
    expect(citizen.rtp.stats().audio).toBeGreaterThanOrEqual(200);
  });

  describe('through ARI', () => {
    let app: AriApp;

    beforeAll(async () => {
      app = await connectAri(stack);
    });

    // Whatever a failed test left: hang up its channels, destroy its bridges.
    afterEach(async () => {
      const { client } = app;
      for (const channel of await client.channels.list()) await client.channels.hangup({ channelId: channel.id }).catch(() => undefined);
      for (const bridge of await client.bridges.list()) await client.bridges.destroy({ bridgeId: bridge.id }).catch(() => undefined);
    });

    afterAll(() => {
      app?.stop();
    });

    interface Bridged {
      citizen: Caller;
      agent: Phone;
      talk: PhoneCall;
      callerId: string;
      legId: string;
      bridgeId: string;
    }

    /** The engine's part, by hand: 11599 → answer → create+dial the agent leg → bridge both. */
    async function bridgeCall(opts: { callerVideo: VideoCodec | false; agent: string; agentVideo: boolean }): Promise<Bridged> {
      const { client, events } = app;
      events.length = 0;
      const agent = await sipp.phone({ endpoint: opts.agent, behaviour: { kind: 'answer', afterMs: 200 }, video: opts.agentVideo });
      const citizen = await sipp.call({ to: DGS_NUMBER, from: CITIZEN, video: opts.callerVideo ? { codec: opts.callerVideo } : false });

      const caller = await waitFor(() => events.find((e) => e.type === 'StasisStart' && e.args[0] === '115'), { timeoutMs: 5_000, what: 'the call in Stasis' });
      expect(caller.args).toEqual(['115', 'dgs']);
      const callerId = caller.channelId;
      await client.channels.answer({ channelId: callerId });
      await citizen.waitForAnswer(5_000);

      const legId = `dgs-leg-${randomBytes(4).toString('hex')}`;
      await client.channels.create({ endpoint: `PJSIP/${opts.agent}`, app: stack.ari.app, appArgs: 'leg', channelId: legId, originator: callerId });
      await waitFor(() => events.find((e) => e.type === 'StasisStart' && e.channelId === legId), { timeoutMs: 5_000, what: 'the agent leg in Stasis' });
      await client.channels.dial({ channelId: legId, caller: callerId, timeout: 15 });
      const talk = await agent.waitForCall((call) => call.answeredAt !== undefined, { timeoutMs: 5_000, what: `${opts.agent} answered` });
      await waitFor(() => events.find((e) => e.type === 'ChannelStateChange' && e.channelId === legId && e.state === 'Up'), {
        timeoutMs: 5_000, what: 'the agent leg up',
      });

      const bridgeId = `dgs-bridge-${randomBytes(4).toString('hex')}`;
      await client.bridges.create({ type: BRIDGE_TYPE, bridgeId, name: bridgeId });
      await client.bridges.addChannel({ bridgeId, channel: `${callerId},${legId}` });
      await waitFor(() => citizen.rtp.heard(agent.rtp.signature) >= HALF_A_SECOND_AUDIO && agent.rtp.heard(citizen.rtp.signature) >= HALF_A_SECOND_AUDIO, {
        timeoutMs: 5_000, what: 'citizen and agent hearing each other',
      });
      return { citizen, agent, talk, callerId, legId, bridgeId };
    }

    /** The citizen hangs up; the leg and the bridge go the way the engine will let them go (④). */
    async function hangUp({ citizen, agent, talk, callerId, legId, bridgeId }: Bridged): Promise<void> {
      const { client, events } = app;
      await citizen.hangUp();
      await waitFor(() => events.find((e) => e.type === 'StasisEnd' && e.channelId === callerId), { timeoutMs: 5_000, what: 'the caller out of Stasis' });
      await client.channels.hangup({ channelId: legId, reason: 'normal' });
      await client.bridges.destroy({ bridgeId });
      const ended = await agent.waitForCall((call) => call.callId === talk.callId && call.endedAt !== undefined, { timeoutMs: 5_000, what: 'the agent call ended' });
      expect(ended.outcome).toBe('remote-hangup');
      expect((await client.channels.list()).map((channel) => channel.name)).toEqual([]);
      expect((await client.bridges.list()).map((bridge) => bridge.id)).toEqual([]);
    }

    for (const codec of ['H264', 'VP8'] as const) {
      it(`${codec}: bridges the video caller with agent-dgs-1 in a "${BRIDGE_TYPE}" bridge; video and audio flow both ways`, async () => {
        const call = await bridgeCall({ callerVideo: codec, agent: 'agent-dgs-1', agentVideo: true });
        const { citizen, agent, talk } = call;
        // Asterisk accepted the caller's video on the caller's own payload type, offered the same
        // codec on the agent's leg (the leg was created with the caller as originator) on a
        // payload type of its own, and the phone took it.
        expect(citizen.report().video).toMatchObject({ codec, payloadType: citizen.video?.payloadType });
        expect(citizen.report().video?.port).toBeGreaterThan(0);
        expect(talk.video).toMatchObject({ codec });

        const [citizenCamera, agentCamera] = [citizen.video!, agent.video!];
        await waitFor(() => citizenCamera.saw(agentCamera.signature) >= ONE_SECOND_VIDEO && agentCamera.saw(citizenCamera.signature) >= ONE_SECOND_VIDEO, {
          timeoutMs: 5_000,
          what: `video both ways (citizen saw ${citizenCamera.saw(agentCamera.signature)} agent frames, agent saw ${agentCamera.saw(citizenCamera.signature)} citizen frames)`,
        });
        // Every video packet arrived with the payload type negotiated on that side's own leg.
        expect(citizenCamera.stats().otherPayloadType).toBe(0);
        expect(agentCamera.stats().otherPayloadType).toBe(0);
        const bridge = await app.client.bridges.get({ bridgeId: call.bridgeId });
        expect(bridge.technology).toBe('simple_bridge');

        await hangUp(call);
      });
    }

    it('an agent phone without video codecs (agent-1) gets an audio-only offer: the video caller sees nothing', async () => {
      const call = await bridgeCall({ callerVideo: 'H264', agent: 'agent-1', agentVideo: false });
      // Audio flows (bridgeCall waited for it); a further second of it brings no video.
      const heard = call.citizen.rtp.heard(call.agent.rtp.signature);
      await waitFor(() => call.citizen.rtp.heard(call.agent.rtp.signature) >= heard + 2 * HALF_A_SECOND_AUDIO, { timeoutMs: 3_000, what: 'one more second of audio' });
      expect(call.citizen.report().video?.port).toBeGreaterThan(0);
      expect(call.citizen.video?.packetsReceived()).toBe(0);
      await hangUp(call);
    });

    it('an audio-only caller reaches agent-dgs-1 as an audio call (the video phone answers without video)', async () => {
      const call = await bridgeCall({ callerVideo: false, agent: 'agent-dgs-1', agentVideo: true });
      expect(call.talk.video).toBeUndefined();
      expect(call.agent.video?.packetsReceived()).toBe(0);
      await hangUp(call);
    });
  });
});
