import type { BridgeSnapshot, ChannelSnapshot, Telephony } from '../../app/ports.js';
import type { BridgeId, CallId, ChannelId, EndpointName } from '../../domain/ids.js';
import { EngineError } from '../../errors.js';

export type TelephonyAction =
  | { readonly op: 'ring' | 'answer' | 'moh-start' | 'moh-stop' | 'hangup' | 'hand-back'; readonly channel: ChannelId }
  | { readonly op: 'dial'; readonly channel: ChannelId; readonly endpoint: EndpointName; readonly video?: true }
  | { readonly op: 'bridge'; readonly bridge: BridgeId; readonly channels: readonly ChannelId[] }
  | { readonly op: 'destroy-bridge'; readonly bridge: BridgeId }
  | { readonly op: 'play'; readonly channel: ChannelId; readonly playback: string; readonly sounds: readonly string[] }
  | { readonly op: 'stop-playback'; readonly playback: string }
  | { readonly op: 'move'; readonly channel: ChannelId; readonly app: string; readonly args: readonly string[] }
  | { readonly op: 'forward'; readonly channel: ChannelId; readonly dial: string; readonly variables: Readonly<Record<string, string>>; readonly call: CallId }
  | { readonly op: 'bridge-add' | 'bridge-remove'; readonly bridge: BridgeId; readonly channel: ChannelId };

/**
 * A stand-in for Asterisk in unit tests of the app layer, and nothing more: it records what the
 * engine asked for and keeps a set of live channels. Tests feed the engine the events Asterisk
 * would send. End-to-end tests use the real Asterisk.
 */
export class FakeTelephony implements Telephony {
  readonly actions: TelephonyAction[] = [];
  readonly live = new Map<ChannelId, { createdAt: number; stasisArgs: string[] | null; callerNumber: string; state: 'Up' | 'Ringing' | 'Down' }>();
  /** Bridges by id, with the channels in them. */
  readonly liveBridges = new Map<BridgeId, Set<ChannelId>>();
  /** Endpoints that refuse a dial (not registered). */
  readonly unreachable = new Set<EndpointName>();
  /** Registered endpoints, as Asterisk would list them online; null: every endpoint is online. */
  online: Set<string> | null = null;
  /** Playbacks still playing; tests end them by feeding PlaybackFinished. */
  readonly playing = new Set<string>();

  addCaller(channel: ChannelId, args: string[], callerNumber: string, createdAt = 0): void {
    this.live.set(channel, { createdAt, stasisArgs: args, callerNumber, state: 'Up' });
  }

  indicateRinging(channel: ChannelId): Promise<void> {
    return this.act({ op: 'ring', channel });
  }
  answer(channel: ChannelId): Promise<void> {
    return this.act({ op: 'answer', channel });
  }
  startMusicOnHold(channel: ChannelId): Promise<void> {
    return this.act({ op: 'moh-start', channel });
  }
  /** The channel leaves Stasis for the dialplan: no longer ours to see. */
  handBack(channel: ChannelId): Promise<void> {
    const done = this.act({ op: 'hand-back', channel });
    this.live.delete(channel);
    return done;
  }
  stopMusicOnHold(channel: ChannelId): Promise<void> {
    return this.act({ op: 'moh-stop', channel });
  }
  /** The channel leaves for the dialplan's forward to another platform: no longer ours to see. */
  forward(channel: ChannelId, dial: string, variables: Readonly<Record<string, string>>, call: CallId): Promise<void> {
    const done = this.act({ op: 'forward', channel, dial, variables: { ...variables }, call });
    this.live.delete(channel);
    return done;
  }
  /** ARI applications Asterisk refuses to move a channel to (no engine has registered them). */
  readonly unknownApps = new Set<string>();
  /** The channel leaves for another ARI application: no longer ours to see. */
  moveToApp(channel: ChannelId, app: string, args: readonly string[]): Promise<void> {
    if (this.unknownApps.has(app)) return Promise.reject(new EngineError('ARI_REQUEST_FAILED', `no application ${app}`));
    const done = this.act({ op: 'move', channel, app, args: [...args] });
    this.live.delete(channel);
    return done;
  }
  /** Numbers dialled out for callbacks, by leg. */
  readonly dialledNumbers = new Map<ChannelId, string>();

  dialNumber(leg: ChannelId, number: string, video = false): Promise<void> {
    this.live.set(leg, { createdAt: 0, stasisArgs: null, callerNumber: '', state: 'Ringing' });
    this.dialledNumbers.set(leg, number);
    this.actions.push({ op: 'dial', channel: leg, endpoint: 'trunk' as EndpointName, ...(video ? { video: true as const } : {}) });
    return Promise.resolve();
  }

  /** Video formats of callers' channels, by channel (absent: audio only). */
  readonly videoOf = new Map<ChannelId, string[]>();

  videoFormats(channel: ChannelId): Promise<string[]> {
    if (!this.live.has(channel)) return Promise.reject(new EngineError('ARI_CHANNEL_GONE', `${channel} gone`));
    return Promise.resolve(this.videoOf.get(channel) ?? []);
  }

  callerNumberOf(channel: ChannelId): Promise<string> {
    const c = this.live.get(channel);
    return c ? Promise.resolve(c.callerNumber) : Promise.reject(new EngineError('ARI_CHANNEL_GONE', `${channel} gone`));
  }

  dial(leg: ChannelId, endpoint: EndpointName, _callerChannel: ChannelId | null = null, video = false): Promise<void> {
    if (this.unreachable.has(endpoint)) return Promise.reject(new EngineError('ARI_REQUEST_FAILED', `${endpoint} not registered`));
    this.live.set(leg, { createdAt: 0, stasisArgs: null, callerNumber: '', state: 'Ringing' });
    this.actions.push({ op: 'dial', channel: leg, endpoint, ...(video ? { video: true as const } : {}) });
    return Promise.resolve();
  }
  async hangup(channel: ChannelId): Promise<void> {
    await this.act({ op: 'hangup', channel });
    this.live.delete(channel);
    for (const members of this.liveBridges.values()) members.delete(channel);
  }
  bridge(bridge: BridgeId, channels: readonly ChannelId[]): Promise<void> {
    for (const c of channels) if (!this.live.has(c)) return Promise.reject(new EngineError('ARI_CHANNEL_GONE', `${c} gone`));
    this.liveBridges.set(bridge, new Set(channels));
    this.actions.push({ op: 'bridge', bridge, channels });
    return Promise.resolve();
  }
  addToBridge(bridge: BridgeId, channel: ChannelId): Promise<void> {
    if (!this.liveBridges.has(bridge)) return Promise.reject(new EngineError('ARI_BRIDGE_GONE', `${bridge} gone`));
    if (!this.live.has(channel)) return Promise.reject(new EngineError('ARI_CHANNEL_GONE', `${channel} gone`));
    this.liveBridges.get(bridge)?.add(channel);
    this.actions.push({ op: 'bridge-add', bridge, channel });
    return Promise.resolve();
  }
  removeFromBridge(bridge: BridgeId, channel: ChannelId): Promise<void> {
    if (!this.liveBridges.has(bridge)) return Promise.reject(new EngineError('ARI_BRIDGE_GONE', `${bridge} gone`));
    this.liveBridges.get(bridge)?.delete(channel);
    this.actions.push({ op: 'bridge-remove', bridge, channel });
    return Promise.resolve();
  }
  destroyBridge(bridge: BridgeId): Promise<void> {
    if (!this.liveBridges.delete(bridge)) return Promise.reject(new EngineError('ARI_BRIDGE_GONE', `${bridge} gone`));
    this.actions.push({ op: 'destroy-bridge', bridge });
    return Promise.resolve();
  }
  play(channel: ChannelId, playback: string, sounds: readonly string[]): Promise<void> {
    if (!this.live.has(channel)) return Promise.reject(new EngineError('ARI_CHANNEL_GONE', `${channel} gone`));
    this.playing.add(playback);
    this.actions.push({ op: 'play', channel, playback, sounds });
    return Promise.resolve();
  }
  stopPlayback(playback: string): Promise<void> {
    this.playing.delete(playback);
    this.actions.push({ op: 'stop-playback', playback });
    return Promise.resolve();
  }
  playbackActive(playback: string): Promise<boolean> {
    return Promise.resolve(this.playing.has(playback));
  }
  onlineEndpoints(): Promise<ReadonlySet<string>> {
    return this.online ? Promise.resolve(this.online) : Promise.reject(new EngineError('ARI_REQUEST_FAILED', 'endpoint list not set up in this test'));
  }
  channels(): Promise<ChannelSnapshot[]> {
    return Promise.resolve(
      [...this.live.entries()].map(([id, c]) => ({ id, state: c.state, createdAt: c.createdAt, stasisArgs: c.stasisArgs, callerNumber: c.callerNumber })),
    );
  }
  bridges(): Promise<BridgeSnapshot[]> {
    return Promise.resolve([...this.liveBridges].map(([id, channels]) => ({ id, channels: [...channels] })));
  }

  /** The far end of a leg we dialled picked up. */
  markAnswered(channel: ChannelId): void {
    const c = this.live.get(channel);
    if (c) c.state = 'Up';
  }

  /** Actions of one kind, in order. */
  ops(op: TelephonyAction['op']): TelephonyAction[] {
    return this.actions.filter((a) => a.op === op);
  }

  private act(action: TelephonyAction & { channel: ChannelId }): Promise<void> {
    if (!this.live.has(action.channel)) return Promise.reject(new EngineError('ARI_CHANNEL_GONE', `${action.channel} gone`));
    this.actions.push(action);
    return Promise.resolve();
  }
}
