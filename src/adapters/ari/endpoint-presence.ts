/**
 * A phone's registration as several Asterisk servers report it. Behind a registrar such as Kamailio
 * each server qualifies the phone through the registrar, and a caller may be on any of them: the
 * phone counts as online when every connected server sees it so (each could be asked to ring it; a
 * server that has not seen it yet would refuse the dial). A server that disconnects or is given up
 * no longer has a say.
 */
export class EndpointPresence {
  /** The servers that have a say, each with the phones it sees online. */
  private readonly servers = new Map<string, Set<string>>();

  /** Records a server's report; returns the phone's new state when it changed, else undefined. */
  report(server: string, endpoint: string, online: boolean): boolean | undefined {
    const before = this.isOnline(endpoint);
    const seen = this.servers.get(server) ?? new Set<string>();
    this.servers.set(server, seen);
    if (online) seen.add(endpoint);
    else seen.delete(endpoint);
    const after = this.isOnline(endpoint);
    return after === before ? undefined : after;
  }

  /** A server's full list (after a (re)connect): replaces what it said before. Returns the phones whose state changed. */
  replace(server: string, online: ReadonlySet<string>): Map<string, boolean> {
    return this.changing(() => this.servers.set(server, new Set(online)));
  }

  /** The server no longer has a say (disconnected, given up). Returns the phones whose state changed. */
  drop(server: string): Map<string, boolean> {
    return this.changing(() => this.servers.delete(server));
  }

  isOnline(endpoint: string): boolean {
    if (this.servers.size === 0) return false;
    for (const seen of this.servers.values()) if (!seen.has(endpoint)) return false;
    return true;
  }

  online(): Set<string> {
    const all = new Set<string>();
    for (const seen of this.servers.values()) for (const endpoint of seen) all.add(endpoint);
    return new Set([...all].filter((e) => this.isOnline(e)));
  }

  private changing(change: () => void): Map<string, boolean> {
    const known = (): Set<string> => new Set([...this.servers.values()].flatMap((s) => [...s]));
    const candidates = known();
    const before = new Map([...candidates].map((e) => [e, this.isOnline(e)]));
    change();
    for (const e of known()) if (!before.has(e)) before.set(e, false);
    const changed = new Map<string, boolean>();
    for (const [endpoint, was] of before) {
      const now = this.isOnline(endpoint);
      if (now !== was) changed.set(endpoint, now);
    }
    return changed;
  }
}
