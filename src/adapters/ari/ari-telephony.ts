import type { Channel } from 'ari-client';
import type { BridgeSnapshot, ChannelSnapshot, Telephony } from '../../app/ports.js';
import type { BridgeId, CallId, ChannelId, EndpointName } from '../../domain/ids.js';
import type { AriConnection } from './ari-connection.js';
import { EngineError, isEngineError } from '../../errors.js';
import { translateAriError } from './ari-errors.js';
import { callIdOfLeg } from '../../domain/call.js';
import type { LegEnds } from './leg-ends.js';

/**
 * What a video leg without a caller to take formats from offers (a callback to a video caller):
 * audio as the trunk's, and the video codecs the DGS endpoints relay (dialplan/pjsip_wizard.conf).
 * Asterisk offers only those the dialled endpoint allows, so its `allow` must list a video codec.
 */
export const VIDEO_LEG_FORMATS = 'ulaw,alaw,h264,vp8';

/** An ARI request Asterisk has not answered in this long fails (ARI_REQUEST_FAILED) instead of holding its call up. */
export const ARI_REQUEST_TIMEOUT_MS = 10_000;

/** How long a hung-up leg is waited for (LegEnds) before its agent is freed all the same. */
export const LEG_GONE_WAIT_MS = 1_000;

/** A sound name becomes `sound:<name>`; a media URI with its own scheme (`tone:ring`, `digits:115`) stays as it is. */
const mediaUri = (sound: string): string => (/^(sound|tone|digits|number|characters|recording):/.test(sound) ? sound : `sound:${sound}`);

/** The engine's telephony port over ARI. Every error leaves here as an EngineError with a code. */
export class AriTelephony implements Telephony {
  constructor(
    private readonly ari: AriConnection,
    private readonly app: string,
    private readonly mohClass = 'default',
    /** How a number is dialled out through the trunk: `{number}` is replaced, e.g. `PJSIP/{number}@trunk`. */
    private readonly dialOut = 'PJSIP/{number}@trunk',
    /** The caller id a citizen sees when called back. */
    private readonly callbackCallerId = '115',
    private readonly requestTimeoutMs = ARI_REQUEST_TIMEOUT_MS,
    /** How a video caller is called back (`{number}` replaced); an endpoint whose `allow` has video. */
    private readonly videoDialOut = dialOut,
    /** When given, hanging up one of our legs resolves once Asterisk has destroyed it (see LegEnds). */
    private readonly legEnds?: LegEnds,
  ) {}

  indicateRinging(channel: ChannelId): Promise<void> {
    return this.call(`ring ${channel}`, (c) => c.channels.ring({ channelId: channel }));
  }

  answer(channel: ChannelId): Promise<void> {
    return this.call(`answer ${channel}`, (c) => c.channels.answer({ channelId: channel }));
  }

  async handBack(channel: ChannelId): Promise<void> {
    // The dialplan's fallback branch runs when Stasis() FAILED or when this variable says so.
    await this.call(`fallback ${channel}`, (c) => c.channels.setChannelVar({ channelId: channel, variable: 'OVERFLOW_FALLBACK', value: 'yes' }));
    await this.call(`continue ${channel}`, (c) => c.channels.continueInDialplan({ channelId: channel }));
  }

  async forward(channel: ChannelId, dial: string, variables: Readonly<Record<string, string>>, call: CallId): Promise<void> {
    // Inherited (leading "_"): the forward's outbound channel reads them in its pre-dial handler.
    const all: Record<string, string> = { ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [`_${k}`, v])), FORWARD_DIAL: dial, FORWARD_CALL: call, FORWARD_APP: this.app };
    for (const [variable, value] of Object.entries(all)) {
      await this.call(`set ${variable} on ${channel}`, (c) => c.channels.setChannelVar({ channelId: channel, variable, value }));
    }
    await this.call(`forward ${channel}`, (c) => c.channels.continueInDialplan({ channelId: channel, context: 'forward-partner', extension: 's', priority: 1 }));
  }

  moveToApp(channel: ChannelId, app: string, args: readonly string[]): Promise<void> {
    return this.call(`move ${channel} to ${app}`, (c) => c.channels.move({ channelId: channel, app, appArgs: args.join(',') }));
  }

  startMusicOnHold(channel: ChannelId): Promise<void> {
    return this.call(`moh ${channel}`, (c) => c.channels.startMoh({ channelId: channel, mohClass: this.mohClass }));
  }

  stopMusicOnHold(channel: ChannelId): Promise<void> {
    return this.call(`stop moh ${channel}`, (c) => c.channels.stopMoh({ channelId: channel }));
  }

  dial(leg: ChannelId, endpoint: EndpointName, callerChannel: ChannelId | null, video = false): Promise<void> {
    return this.originate(leg, `PJSIP/${endpoint}`, callerChannel, undefined, video);
  }

  dialNumber(leg: ChannelId, number: string, video = false): Promise<void> {
    if (!/^\+?[0-9]{2,32}$/.test(number)) return Promise.reject(new EngineError('BAD_REQUEST', 'callback number is not a phone number'));
    return this.originate(leg, (video ? this.videoDialOut : this.dialOut).replace('{number}', number), null, this.callbackCallerId, video);
  }

  async videoFormats(channel: ChannelId): Promise<string[]> {
    const { value } = await this.call(`video formats ${channel}`, (c) => c.channels.getChannelVar({ channelId: channel, variable: 'CHANNEL(videonativeformat)' }));
    // "(h264|vp8)", or "(nothing)" for an audio call.
    return value.replace(/[()]/g, '').split('|').filter((f) => f !== '' && f !== 'nothing');
  }

  async callerNumberOf(channel: ChannelId): Promise<string> {
    const ch = await this.call(`get ${channel}`, (c) => c.channels.get({ channelId: channel }));
    return ch.caller.number;
  }

  /**
   * One request: Asterisk creates the leg with our id, subscribes our app to it (so its Dial
   * results, BUSY, NOANSWER or CHANUNAVAIL, and its end reach us while it rings) and dials it.
   * The leg enters the app when answered: that StasisStart is its answer (ari-events.ts), and
   * only then may it be bridged. No timeout of Asterisk's own: the engine's ring timers decide.
   */
  private async originate(leg: ChannelId, endpoint: string, callerChannel: ChannelId | null, callerId?: string, video = false): Promise<void> {
    await this.call(`originate ${leg}`, (c) =>
      c.channels.originate({
        endpoint,
        app: this.app,
        appArgs: 'leg',
        channelId: leg,
        timeout: -1,
        ...(callerChannel ? { originator: callerChannel } : {}),
        // Without an originator Asterisk offers audio only (ast_dial_prerun's default); Asterisk
        // refuses formats together with an originator, whose formats the leg takes anyway.
        ...(!callerChannel && video ? { formats: VIDEO_LEG_FORMATS } : {}),
        // Without a caller, the leg would present "anonymous", which many phones and carriers refuse.
        ...(callerId ? { callerId } : {}),
      }),
    );
  }

  async hangup(channel: ChannelId): Promise<void> {
    // Our legs ring agents and citizens: the next call to the same phone must not overtake this one's BYE.
    const watch = this.legEnds && callIdOfLeg(channel) ? this.legEnds.expect(channel, LEG_GONE_WAIT_MS) : null;
    try {
      await this.call(`hangup ${channel}`, (c) => c.channels.hangup({ channelId: channel, reason: 'normal' }));
    } catch (err) {
      watch?.cancel();
      throw err;
    }
    if (watch) await watch.gone;
  }

  async bridge(bridge: BridgeId, channels: readonly ChannelId[]): Promise<void> {
    await this.call(`create bridge ${bridge}`, (c) => c.bridges.create({ type: 'mixing', bridgeId: bridge, name: bridge }));
    await this.call(`bridge ${bridge}`, (c) => c.bridges.addChannel({ bridgeId: bridge, channel: channels.join(',') }));
  }

  addToBridge(bridge: BridgeId, channel: ChannelId): Promise<void> {
    return this.call(`add ${channel} to ${bridge}`, (c) => c.bridges.addChannel({ bridgeId: bridge, channel }));
  }

  removeFromBridge(bridge: BridgeId, channel: ChannelId): Promise<void> {
    return this.call(`remove ${channel} from ${bridge}`, (c) => c.bridges.removeChannel({ bridgeId: bridge, channel }));
  }

  destroyBridge(bridge: BridgeId): Promise<void> {
    return this.call(`destroy bridge ${bridge}`, (c) => c.bridges.destroy({ bridgeId: bridge }));
  }

  async play(channel: ChannelId, playback: string, sounds: readonly string[]): Promise<void> {
    await this.call(`play ${playback}`, (c) => c.channels.play({ channelId: channel, playbackId: playback, media: sounds.map(mediaUri) }));
  }

  async stopPlayback(playback: string): Promise<void> {
    try {
      await this.call(`stop ${playback}`, (c) => c.playbacks.stop({ playbackId: playback }));
    } catch (err) {
      if (isEngineError(err, 'ARI_PLAYBACK_GONE')) return;
      throw err;
    }
  }

  async playbackActive(playback: string): Promise<boolean> {
    try {
      await this.call(`playback ${playback}`, (c) => c.playbacks.get({ playbackId: playback }));
      return true;
    } catch (err) {
      if (isEngineError(err, 'ARI_PLAYBACK_GONE')) return false;
      throw err;
    }
  }

  /**
   * Subscribes the app to the registration changes of these PJSIP endpoints (the agents' phones),
   * on every (re)connect. Only these: a subscription to every PJSIP endpoint would also bring the
   * events of every channel on them a second time, the trunk's callers included, each one for
   * Asterisk to serialize and the engine to parse. Returns the endpoints Asterisk does not know;
   * the others are watched even then.
   */
  async watchEndpoints(endpoints: readonly string[]): Promise<string[]> {
    const subscribe = (names: readonly string[]) =>
      this.call(`subscribe ${names.join(', ')}`, (c) =>
        c.applications.subscribe({ applicationName: this.app, eventSource: names.map((e) => `endpoint:PJSIP/${e}`).join(',') }),
      );
    if (endpoints.length === 0) return [];
    try {
      await subscribe(endpoints);
      return [];
    } catch (err) {
      // Asterisk refuses the whole list if one endpoint is unknown: find out which, watch the rest.
      const unknown: string[] = [];
      for (const endpoint of endpoints) await subscribe([endpoint]).catch(() => unknown.push(endpoint));
      // None at all: Asterisk is not answering (or knows none of them); the first error says which.
      if (unknown.length === endpoints.length) throw err;
      return unknown;
    }
  }

  async onlineEndpoints(): Promise<ReadonlySet<string>> {
    const list = await this.call('list endpoints', (c) => c.endpoints.list());
    return new Set(list.filter((e) => e.technology === 'PJSIP' && e.state === 'online').map((e) => e.resource));
  }

  async channels(): Promise<ChannelSnapshot[]> {
    const list = await this.call('list channels', (c) => c.channels.list());
    return list.map((ch) => snapshot(ch, this.app));
  }

  async bridges(): Promise<BridgeSnapshot[]> {
    const list = await this.call('list bridges', (c) => c.bridges.list());
    return list.map((b) => ({ id: b.id as BridgeId, channels: (b.channels ?? []) as ChannelId[] }));
  }

  private async call<T>(what: string, op: (client: AriConnection['client']) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      // With the websocket down as well, Asterisk is out of reach (a cut network, a stalled HTTP
      // server): an outage that the reconcile on reconnect repairs, not a failed request.
      timer = setTimeout(() => {
        const code = this.ari.isConnected ? 'ARI_REQUEST_FAILED' : 'ARI_UNAVAILABLE';
        reject(new EngineError(code, `${what}: no answer from Asterisk within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
    });
    try {
      return await Promise.race([op(this.ari.client), unanswered]);
    } catch (err) {
      throw translateAriError(err, what);
    } finally {
      clearTimeout(timer);
    }
  }
}

function snapshot(ch: Channel, app: string): ChannelSnapshot {
  const data = ch.dialplan as { app_name?: string; app_data?: string } | undefined;
  const inApp = data?.app_name === 'Stasis' && typeof data.app_data === 'string' && data.app_data.split(',')[0] === app;
  return {
    id: ch.id as ChannelId,
    state: ch.state,
    createdAt: Date.parse(ch.creationtime),
    stasisArgs: inApp ? (data.app_data ?? '').split(',').slice(1) : null,
    callerNumber: ch.caller.number,
  };
}
