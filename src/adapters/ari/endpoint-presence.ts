/**
 * A phone's registration as several Asterisk servers report it. Behind a registrar such as Kamailio
 * every server sees the same phone (each qualifies it through the registrar), so the phone counts
 * as online while at least one connected server says so. A server that disconnects or is given up
 * no longer vouches for anyone.
 */
export class EndpointPresence {
  private readonly onlineAt = new Map<string, Set<string>>();

  /** Records a server's report; returns the phone's new state when it changed, else undefined. */
  report(server: string, endpoint: string, online: boolean): boolean | undefined {
    const before = this.isOnline(endpoint);
    const servers = this.onlineAt.get(endpoint) ?? new Set<string>();
    if (online) servers.add(server);
    else servers.delete(server);
    if (servers.size > 0) this.onlineAt.set(endpoint, servers);
    else this.onlineAt.delete(endpoint);
    const after = this.isOnline(endpoint);
    return after === before ? undefined : after;
  }

  /** A server's full list (after a (re)connect): replaces what it said before. Returns the phones whose state changed. */
  replace(server: string, online: ReadonlySet<string>): Map<string, boolean> {
    const changed = new Map<string, boolean>();
    const endpoints = new Set([...online, ...[...this.onlineAt].filter(([, s]) => s.has(server)).map(([e]) => e)]);
    for (const endpoint of endpoints) {
      const state = this.report(server, endpoint, online.has(endpoint));
      if (state !== undefined) changed.set(endpoint, state);
    }
    return changed;
  }

  /** The server stopped vouching (disconnected, given up); returns the phones that went offline with it. */
  drop(server: string): string[] {
    return [...this.replace(server, new Set())].filter(([, online]) => !online).map(([endpoint]) => endpoint);
  }

  isOnline(endpoint: string): boolean {
    return (this.onlineAt.get(endpoint)?.size ?? 0) > 0;
  }

  online(): Set<string> {
    return new Set(this.onlineAt.keys());
  }
}
