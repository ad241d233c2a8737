import ari from 'ari-client';
import type { Client } from 'ari-client';
import type { Logger } from 'pino';
import type { EventEmitter } from 'node:events';
import { EngineError } from '../../errors.js';

// ari-client's Client is a Node EventEmitter; its typings only expose the per-event removal.
const forget = (client: Client): void => void (client as unknown as EventEmitter).removeAllListeners();

export interface AriSettings {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly app: string;
}

type Listener = (client: Client) => void;

/**
 * The websocket to Asterisk, supervised. ari-client retries the websocket a few times and then gives
 * up for good (WebSocketMaxRetries); this keeps reconnecting with capped backoff until stop(), and
 * tells listeners after every (re)connect so the engine can reconcile with GET /channels.
 */
export class AriConnection {
  private current: Client | null = null;
  private stopped = false;
  private readonly onConnect: Listener[] = [];
  private readonly onReplaced: (() => void)[] = [];
  private readonly attachListeners: Listener[] = [];
  private readonly preparers: ((client: Client) => Promise<void>)[] = [];
  private readonly onDisconnect: (() => void)[] = [];

  constructor(
    private readonly settings: AriSettings,
    private readonly log: Logger,
  ) {}

  /** Called with each new client before it starts receiving events: register event handlers here. */
  attach(listener: Listener): void {
    this.attachListeners.push(listener);
  }

  /**
   * Runs after the REST connection and before the websocket opens, on every (re)connect: nothing
   * arrives before it is done. A rejection fails this connect attempt (it is retried).
   */
  prepare(preparer: (client: Client) => Promise<void>): void {
    this.preparers.push(preparer);
  }

  /** Called when the websocket drops (the client then reconnects by itself). */
  disconnected(listener: () => void): void {
    this.onDisconnect.push(listener);
  }

  /**
   * Another client took the ARI application over (Asterisk's ApplicationReplaced: another engine
   * connected for the same app). The engine must not reconnect and take it back: they would flap.
   */
  replaced(listener: () => void): void {
    this.onReplaced.push(listener);
  }

  connected(listener: Listener): void {
    this.onConnect.push(listener);
  }

  get isConnected(): boolean {
    return this.current !== null;
  }

  get client(): Client {
    if (!this.current) throw new EngineError('ARI_UNAVAILABLE', 'not connected to Asterisk');
    return this.current;
  }

  /** Connects, retrying until it works or stop() is called. Resolves on the first connect. */
  async start(): Promise<void> {
    let delayMs = 250;
    while (!this.stopped) {
      try {
        await this.connectOnce();
        return;
      } catch (err) {
        this.log.warn({ err: (err as Error).message, retryInMs: delayMs }, 'asterisk not reachable');
        await new Promise((r) => setTimeout(r, delayMs));
        delayMs = Math.min(delayMs * 2, 5_000);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    const c = this.current;
    this.current = null;
    if (c) {
      forget(c);
      c.stop();
    }
  }

  /**
   * swagger-client (inside ari-client) prints a Swagger 1.1 deprecation notice with console.log on
   * every connect, which would break the JSON log stream: it goes to the logger at debug instead.
   * The engine itself never writes to console.log.
   */
  private async quietly<T>(work: () => Promise<T>): Promise<T> {
    const original = console.log;
    console.log = (...args: unknown[]) => this.log.debug({ notice: args }, 'ari-client notice');
    try {
      return await work();
    } finally {
      console.log = original;
    }
  }

  private async connectOnce(): Promise<void> {
    const client = await this.quietly(() => ari.connect(this.settings.url, this.settings.username, this.settings.password));
    for (const l of this.attachListeners) l(client);
    client.on('WebSocketReconnecting', () => {
      const was = this.current !== null;
      this.current = null;
      this.log.warn('asterisk websocket lost, reconnecting');
      if (was) for (const l of this.onDisconnect) l();
    });
    client.on('ApplicationReplaced', () => {
      this.log.error({ app: this.settings.app }, 'another client took over the ARI application');
      for (const l of this.onReplaced) l();
    });
    client.on('WebSocketConnected', () => {
      if (this.stopped) return;
      const first = this.current === null;
      this.current = client;
      if (first) this.log.info({ app: this.settings.app }, 'connected to asterisk');
      for (const l of this.onConnect) l(client);
    });
    client.on('WebSocketMaxRetries', () => {
      const was = this.current !== null;
      this.current = null;
      forget(client);
      if (was) for (const l of this.onDisconnect) l();
      this.log.error('asterisk websocket gave up, starting over');
      if (!this.stopped) void this.start();
    });
    for (const p of this.preparers) await p(client);
    // Resolves after WebSocketConnected has fired (and set `current`).
    await client.start(this.settings.app);
  }
}
