import { callIdOfBridge, callIdOfLeg, callIdOfPlayback } from '../../domain/call.js';

/**
 * Which Asterisk server a channel, bridge or playback lives on, when the engine drives several.
 *
 * - A channel Asterisk created (a caller from the dialplan) carries its server in its id: with
 *   `systemname` set in asterisk.conf, Asterisk's unique ids read `<systemname>-<epoch>.<sequence>`.
 * - Everything the engine creates (legs, bridges, playbacks) carries the id of its call, and all of a
 *   call's media lives on one server: the caller's, or for a callback the one chosen for its first
 *   leg. The call's server is noted the first time an operation names both.
 *
 * Notes older than `keepMs` are dropped as new ones come (a call lasts minutes; a callback that
 * waits longer has no channel and may be placed anew).
 */
export class ChannelRoutes {
  private readonly calls = new Map<string, { server: string; at: number }>();

  constructor(
    /** Whether a name is a known server's systemname. */
    private readonly isServer: (name: string) => boolean,
    private readonly now: () => number = Date.now,
    private readonly keepMs = 12 * 3_600_000,
  ) {}

  /** The server of a channel, bridge or playback id; undefined when nothing tells. */
  serverOf(id: string): string | undefined {
    const fromId = systemNameOf(id, this.isServer);
    if (fromId !== undefined) return fromId;
    const call = callOf(id);
    return call === null ? undefined : this.calls.get(call)?.server;
  }

  /** Notes that the call behind an id of ours (leg, bridge, playback) lives on this server. */
  note(id: string, server: string): void {
    const call = callOf(id);
    if (call === null || this.calls.get(call)?.server === server) return;
    this.calls.delete(call);
    this.calls.set(call, { server, at: this.now() });
    this.prune();
  }

  /** Forgets every call on a server (it was given up). */
  forgetServer(server: string): void {
    for (const [call, route] of this.calls) if (route.server === server) this.calls.delete(call);
  }

  private prune(): void {
    const oldest = this.now() - this.keepMs;
    for (const [call, route] of this.calls) {
      if (route.at >= oldest) return;
      this.calls.delete(call);
    }
  }
}

const callOf = (id: string): string | null => callIdOfLeg(id) ?? callIdOfBridge(id) ?? callIdOfPlayback(id);

/** `<systemname>-<epoch>.<sequence>` for a known system name. */
function systemNameOf(id: string, isServer: (name: string) => boolean): string | undefined {
  const m = /^(.+)-\d+\.\d+$/.exec(id);
  return m?.[1] !== undefined && isServer(m[1]) ? m[1] : undefined;
}
