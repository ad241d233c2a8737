import type { Logger } from 'pino';
import type { AriSettings } from './ari-connection.js';
import type { AriConnection } from './ari-connection.js';
import { forwardAriEvents, type TelephonyEvent } from './ari-events.js';
import type { AriTelephony } from './ari-telephony.js';
import type { AsteriskLink, ServerChange } from './asterisk-link.js';
import { MultiTelephony } from './multi-telephony.js';
import { refusesConnections } from './refusal-probe.js';
import { asteriskConnection, type DialSettings } from './single-asterisk.js';

/** How often a server out of reach is probed, and how many refusals in a row give it up at once. */
export const PROBE_EVERY_MS = 500;
export const REFUSALS_TO_LOSE = 3;

interface Member {
  readonly url: string;
  readonly connection: AriConnection;
  readonly telephony: AriTelephony;
  /** Asterisk's systemname, learnt at the first connect. */
  name?: string;
  probe?: NodeJS.Timeout;
}

export interface AsteriskSetOptions {
  readonly ari: AriSettings;
  readonly urls: readonly string[];
  readonly dial: DialSettings;
  /** A server out of reach this long is given up, its calls lost with it. */
  readonly lostAfterMs: number;
  readonly log: Logger;
  readonly now: () => number;
  /** The servers cannot be told apart (a systemname missing or twice): the engine must not run. */
  readonly misconfigured: (message: string) => void;
}

/**
 * Several Asterisk servers behind one SIP proxy, driven as one: an ARI connection to each (the same
 * application), their telephony as one (MultiTelephony), their events as one stream. Each server
 * must have its own `systemname` (asterisk.conf), which prefixes its channels' ids.
 *
 * A server whose connection drops is `away`: its calls are kept and their state unknown. It is
 * given up (`lost`) after `lostAfterMs`, or at once when its host refuses connections three probes
 * in a row (the Asterisk process is down): its calls died with it, since their media lived there.
 */
export class AsteriskSet implements AsteriskLink {
  readonly telephony: MultiTelephony;
  private readonly members: Member[];
  private readonly changeListeners: ((change: ServerChange, name: string) => void)[] = [];
  private emit: (e: TelephonyEvent) => void = () => undefined;

  constructor(private readonly o: AsteriskSetOptions) {
    this.telephony = new MultiTelephony(o.urls.length, o.log, o.now);
    this.members = o.urls.map((url) => {
      const { connection, telephony } = asteriskConnection({ ...o.ari, url }, o.dial, o.log.child({ asterisk: url }));
      const member: Member = { url, connection, telephony };
      connection.prepare((client) => this.identify(member, client));
      connection.connected(() => this.reachable(member));
      connection.disconnected(() => this.unreachable(member));
      connection.attach((client) =>
        forwardAriEvents(client, o.now, (e) => {
          if (e.type !== 'endpoint.changed') return this.emit(e);
          const online = this.telephony.endpointReport(member.name ?? url, e.endpoint, e.online);
          if (online !== undefined) this.emit({ ...e, online });
        }),
      );
      return member;
    });
  }

  get isConnected(): boolean {
    return this.members.some((m) => m.connection.isConnected);
  }

  onEvents(emit: (e: TelephonyEvent) => void): void {
    this.emit = emit;
  }

  onConnected(listener: (watch: (endpoints: readonly string[]) => Promise<string[]>) => void): void {
    for (const m of this.members) m.connection.connected(() => listener((endpoints) => m.telephony.watchEndpoints(endpoints)));
  }

  onServerChange(listener: (change: ServerChange, name: string) => void): void {
    this.changeListeners.push(listener);
  }

  onReplaced(listener: () => void): void {
    for (const m of this.members) m.connection.replaced(listener);
  }

  async start(): Promise<void> {
    // Each connection retries until it connects; the engine runs as soon as one server is there.
    await Promise.any(this.members.map((m) => m.connection.start()));
  }

  stop(): void {
    for (const m of this.members) {
      clearInterval(m.probe);
      m.connection.stop();
    }
  }

  /** Learns the server's systemname before its events flow, and checks that it tells the servers apart. */
  private async identify(member: Member, client: Parameters<Parameters<AriConnection['prepare']>[0]>[0]): Promise<void> {
    const info = await client.asterisk.getInfo({ only: 'config' });
    const name = info.config?.name;
    if (!name) {
      this.o.misconfigured(`asterisk at ${member.url} has no systemname: set one per server in asterisk.conf ([options] systemname = …), so that its channels can be told apart`);
      throw new Error('asterisk without systemname');
    }
    const other = this.members.find((m) => m !== member && m.name === name);
    if (other) {
      this.o.misconfigured(`asterisk at ${member.url} and at ${other.url} have the same systemname "${name}": give each server its own`);
      throw new Error('asterisk systemname twice');
    }
    if (member.name !== undefined && member.name !== name) this.o.log.warn({ asterisk: member.url, was: member.name, now: name }, 'asterisk systemname changed');
    member.name = name;
  }

  private reachable(member: Member): void {
    clearInterval(member.probe);
    member.probe = undefined;
    if (member.name === undefined) return;
    const was = this.telephony.stateOf(member.name);
    this.telephony.connected({ name: member.name, telephony: member.telephony });
    this.o.log.info({ asterisk: member.name, was: was ?? 'new' }, 'asterisk server connected');
  }

  private unreachable(member: Member): void {
    const name = member.name;
    if (name === undefined || this.telephony.stateOf(name) !== 'connected') return;
    this.presenceChanged(this.telephony.away(name));
    this.o.log.warn({ asterisk: name, lostAfterMs: this.o.lostAfterMs }, 'asterisk server out of reach: its calls are kept until it is back or given up');
    for (const l of this.changeListeners) l('away', name);
    const since = this.o.now();
    let refusals = 0;
    let probing = false;
    member.probe = setInterval(() => {
      if (probing) return;
      probing = true;
      void refusesConnections(member.url)
        .then((refused) => {
          refusals = refused ? refusals + 1 : 0;
          if (this.telephony.stateOf(name) !== 'away') return;
          const why = refusals >= REFUSALS_TO_LOSE ? 'refuses connections' : this.o.now() - since >= this.o.lostAfterMs ? 'out of reach too long' : null;
          if (why) this.lose(member, name, why);
        })
        .finally(() => (probing = false));
    }, PROBE_EVERY_MS);
  }

  private lose(member: Member, name: string, why: string): void {
    clearInterval(member.probe);
    member.probe = undefined;
    this.presenceChanged(this.telephony.lose(name));
    this.o.log.error({ asterisk: name, why }, 'asterisk server given up: the calls on it are lost');
    for (const l of this.changeListeners) l('lost', name);
  }

  /** Phones whose state changed because a server no longer has a say. */
  private presenceChanged(changes: ReadonlyMap<string, boolean>): void {
    const at = this.o.now();
    for (const [endpoint, online] of changes) this.emit({ type: 'endpoint.changed', endpoint, online, at });
  }
}
