import type { Telephony } from '../../app/ports.js';
import type { TelephonyEvent } from './ari-events.js';

/** The server of a link changed state (several servers): out of reach, or given up with its calls. */
export type ServerChange = 'away' | 'lost';

/**
 * What the engine needs from its Asterisk side, whether one server (`singleAsterisk`) or several
 * behind a SIP proxy (`AsteriskSet`): telephony, events, and word of (re)connects and losses.
 */
export interface AsteriskLink {
  readonly telephony: Telephony;
  /** At least one server connected. */
  readonly isConnected: boolean;
  /** Every server's events, as telephony events. */
  onEvents(emit: (e: TelephonyEvent) => void): void;
  /**
   * After every (re)connect of a server; `watch` subscribes to the registration changes of these
   * endpoints there and resolves to the ones that server does not know.
   */
  onConnected(listener: (watch: (endpoints: readonly string[]) => Promise<string[]>) => void): void;
  /** Several servers: one went out of reach, or was given up. */
  onServerChange(listener: (change: ServerChange, name: string) => void): void;
  /** Another client took the ARI application over on a server. */
  onReplaced(listener: () => void): void;
  /** Connects; resolves once one server is connected (and keeps trying the others). */
  start(): Promise<void>;
  stop(): void;
}
