import type { Logger } from 'pino';
import type { BridgeSnapshot, ChannelSnapshot, Telephony } from '../../app/ports.js';
import type { BridgeId, CallId, ChannelId, EndpointName } from '../../domain/ids.js';
import { callIdOfLeg } from '../../domain/call.js';
import { EngineError, isEngineError } from '../../errors.js';
import { ChannelRoutes } from './channel-routes.js';
import { EndpointPresence } from './endpoint-presence.js';

/** One Asterisk server as the engine drives it: its telephony over its own ARI connection. */
export interface AsteriskServer {
  /** Asterisk's `systemname`, the prefix of its channels' ids. */
  readonly name: string;
  readonly telephony: Telephony;
}

/** `connected`: its ARI connection is up; `away`: down, its calls kept; `lost`: given up, its calls gone. */
export type ServerState = 'connected' | 'away' | 'lost';

const GONE = ['ARI_CHANNEL_GONE', 'ARI_BRIDGE_GONE', 'ARI_PLAYBACK_GONE'] as const;
const isGone = (err: unknown): boolean => GONE.some((code) => isEngineError(err, code));

/**
 * The engine's telephony over several Asterisk servers behind one SIP proxy: each operation goes to
 * the server its channel lives on (ChannelRoutes), a call's own legs and bridge join its caller
 * there, and a callback's legs are placed on a connected server, taking turns. Listings are the
 * union of the servers that answer; a server that did not answer leaves its channels unknown
 * (`outOfReach`) until it is back, or until it is given up (`lose`), when they count as gone.
 */
export class MultiTelephony implements Telephony {
  private readonly servers = new Map<string, { server: AsteriskServer; state: ServerState }>();
  private readonly routes: ChannelRoutes;
  private readonly presence = new EndpointPresence();
  /** Servers that did not answer the last listing. */
  private readonly unlisted = new Set<string>();
  private turn = 0;

  constructor(
    /** How many servers the configuration names: until each has connected once, a channel of none of the known ones is unknown, not gone. */
    private readonly configured: number,
    private readonly log: Logger,
    now: () => number = Date.now,
  ) {
    this.routes = new ChannelRoutes((name) => this.servers.has(name), now);
  }

  /** A server (re)connected. */
  connected(server: AsteriskServer): void {
    this.servers.set(server.name, { server, state: 'connected' });
    this.unlisted.delete(server.name);
  }

  /** A server's connection dropped: its calls are kept, their state unknown. Returns the phones whose state changed. */
  away(name: string): Map<string, boolean> {
    const entry = this.servers.get(name);
    if (entry?.state === 'connected') entry.state = 'away';
    return this.presence.drop(name);
  }

  /** A server is given up: its channels count as gone from now on. Returns the phones whose state changed. */
  lose(name: string): Map<string, boolean> {
    const entry = this.servers.get(name);
    if (entry) entry.state = 'lost';
    this.routes.forgetServer(name);
    return this.presence.drop(name);
  }

  stateOf(name: string): ServerState | undefined {
    return this.servers.get(name)?.state;
  }

  /** A registration report from one server; the phone's overall state when it changed, else undefined. */
  endpointReport(server: string, endpoint: string, online: boolean): boolean | undefined {
    return this.presence.report(server, endpoint, online);
  }

  outOfReach(channel: ChannelId): boolean {
    const name = this.routes.serverOf(channel);
    if (name === undefined) return this.servers.size < this.configured;
    const state = this.servers.get(name)?.state;
    return state === 'away' || (state === 'connected' && this.unlisted.has(name));
  }

  lostWith(channel: ChannelId): string | undefined {
    const name = this.routes.serverOf(channel);
    return name !== undefined && this.servers.get(name)?.state === 'lost' ? name : undefined;
  }

  indicateRinging(channel: ChannelId): Promise<void> {
    return this.on(channel, (t) => t.indicateRinging(channel));
  }

  answer(channel: ChannelId): Promise<void> {
    return this.on(channel, (t) => t.answer(channel));
  }

  handBack(channel: ChannelId): Promise<void> {
    return this.on(channel, (t) => t.handBack(channel));
  }

  moveToApp(channel: ChannelId, app: string, args: readonly string[]): Promise<void> {
    return this.on(channel, (t) => t.moveToApp(channel, app, args));
  }

  forward(channel: ChannelId, dial: string, variables: Readonly<Record<string, string>>, call: CallId): Promise<void> {
    return this.on(channel, (t) => t.forward(channel, dial, variables, call));
  }

  startMusicOnHold(channel: ChannelId): Promise<void> {
    return this.on(channel, (t) => t.startMusicOnHold(channel));
  }

  stopMusicOnHold(channel: ChannelId): Promise<void> {
    return this.on(channel, (t) => t.stopMusicOnHold(channel));
  }

  videoFormats(channel: ChannelId): Promise<string[]> {
    return this.on(channel, (t) => t.videoFormats(channel));
  }

  callerNumberOf(channel: ChannelId): Promise<string> {
    return this.on(channel, (t) => t.callerNumberOf(channel));
  }

  async dial(leg: ChannelId, endpoint: EndpointName, callerChannel: ChannelId | null, video?: boolean): Promise<void> {
    const name = (callerChannel === null ? undefined : this.routes.serverOf(callerChannel)) ?? this.routes.serverOf(leg) ?? this.place();
    this.routes.note(leg, name);
    await this.at(name).dial(leg, endpoint, callerChannel, video);
  }

  async dialNumber(leg: ChannelId, number: string, video?: boolean): Promise<void> {
    const name = this.routes.serverOf(leg) ?? this.place();
    this.routes.note(leg, name);
    await this.at(name).dialNumber(leg, number, video);
  }

  hangup(channel: ChannelId): Promise<void> {
    return this.on(channel, (t) => t.hangup(channel));
  }

  async bridge(bridge: BridgeId, channels: readonly ChannelId[]): Promise<void> {
    const name = channels.map((c) => this.routes.serverOf(c)).find((n) => n !== undefined) ?? this.routes.serverOf(bridge) ?? this.place();
    this.routes.note(bridge, name);
    await this.at(name).bridge(bridge, channels);
  }

  destroyBridge(bridge: BridgeId): Promise<void> {
    return this.on(bridge, (t) => t.destroyBridge(bridge));
  }

  addToBridge(bridge: BridgeId, channel: ChannelId): Promise<void> {
    return this.on(bridge, (t) => t.addToBridge(bridge, channel), channel);
  }

  removeFromBridge(bridge: BridgeId, channel: ChannelId): Promise<void> {
    return this.on(bridge, (t) => t.removeFromBridge(bridge, channel), channel);
  }

  async play(channel: ChannelId, playback: string, sounds: readonly string[]): Promise<void> {
    const name = this.routes.serverOf(channel);
    if (name !== undefined) this.routes.note(playback, name);
    await this.on(channel, (t) => t.play(channel, playback, sounds));
  }

  stopPlayback(playback: string): Promise<void> {
    return this.on(playback, (t) => t.stopPlayback(playback));
  }

  async playbackActive(playback: string): Promise<boolean> {
    const name = this.routes.serverOf(playback);
    if (name !== undefined) return this.at(name).playbackActive(playback);
    for (const t of this.connectedTelephonies()) if (await t.playbackActive(playback)) return true;
    return false;
  }

  async channels(): Promise<ChannelSnapshot[]> {
    const lists = await this.fromEach((t) => t.channels());
    for (const [name, list] of lists) for (const c of list) if (callIdOfLeg(c.id)) this.routes.note(c.id, name);
    return [...lists.values()].flat();
  }

  async bridges(): Promise<BridgeSnapshot[]> {
    const lists = await this.fromEach((t) => t.bridges());
    for (const [name, list] of lists) for (const b of list) this.routes.note(b.id, name);
    return [...lists.values()].flat();
  }

  async onlineEndpoints(): Promise<ReadonlySet<string>> {
    const lists = await this.fromEach((t) => t.onlineEndpoints());
    for (const [name, online] of lists) this.presence.replace(name, online);
    return this.presence.online();
  }

  /** Asks every connected server; the ones that fail are noted as unlisted. Fails only if none answers. */
  private async fromEach<T>(ask: (t: Telephony) => Promise<T>): Promise<Map<string, T>> {
    const answers = new Map<string, T>();
    let firstError: Error | undefined;
    for (const [name, { server, state }] of this.servers) {
      if (state !== 'connected') continue;
      try {
        answers.set(name, await ask(server.telephony));
        this.unlisted.delete(name);
      } catch (err) {
        firstError ??= err instanceof Error ? err : new Error(String(err));
        this.unlisted.add(name);
        this.log.warn({ asterisk: name, err }, 'asterisk did not answer: its calls are left as they are until it does');
      }
    }
    if (answers.size === 0) throw firstError ?? new EngineError('ARI_UNAVAILABLE', 'no Asterisk server connected');
    return answers;
  }

  /** Runs the operation on the server of `id` (or of `alsoId`); when neither tells, on each connected server until one has it. */
  private async on<T>(id: string, op: (t: Telephony) => Promise<T>, alsoId?: string): Promise<T> {
    const name = this.routes.serverOf(id) ?? (alsoId === undefined ? undefined : this.routes.serverOf(alsoId));
    if (name !== undefined) return op(this.at(name));
    let lastGone: Error | undefined;
    for (const t of this.connectedTelephonies()) {
      try {
        return await op(t);
      } catch (err) {
        if (!isGone(err) || !(err instanceof Error)) throw err;
        lastGone = err;
      }
    }
    throw lastGone ?? new EngineError('ARI_UNAVAILABLE', `no Asterisk server connected for ${id}`);
  }

  /** The telephony of a named server; an error when it is not connected (the operation cannot reach it). */
  private at(name: string): Telephony {
    const entry = this.servers.get(name);
    if (entry?.state !== 'connected') {
      throw new EngineError(entry?.state === 'lost' ? 'ARI_CHANNEL_GONE' : 'ARI_UNAVAILABLE', `asterisk ${name} is ${entry?.state ?? 'not connected'}`);
    }
    return entry.server.telephony;
  }

  /** A connected server for a call that has no channel yet (a callback), taking turns. */
  private place(): string {
    const connected = [...this.servers].filter(([, e]) => e.state === 'connected').map(([name]) => name);
    if (connected.length === 0) throw new EngineError('ARI_UNAVAILABLE', 'no Asterisk server connected');
    return connected[this.turn++ % connected.length] as string;
  }

  private connectedTelephonies(): Telephony[] {
    return [...this.servers.values()].filter((e) => e.state === 'connected').map((e) => e.server.telephony);
  }
}
