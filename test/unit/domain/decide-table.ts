/**
 * What the rows of the decide() table are made of: the row shape, the instants and timers they
 * refer to, and the commands they name in full.
 */
import type { Call, CallPhase, CallPolicy } from '../../../src/domain/call.js';
import { bridgeIdFor } from '../../../src/domain/call.js';
import type { Command, CommandType } from '../../../src/domain/commands.js';
import type { CallEvent } from '../../../src/domain/events.js';
import type { AgentId, ChannelId } from '../../../src/domain/ids.js';
import { CALL, T0, ev, offeringToAnna, play, timerOf, townLeg, townRinging } from './helpers.js';

/** Well after every fixture's last event. */
export const NOW = T0 + 60_000;
export const BRIDGE = bridgeIdFor(CALL);
export const townRingTimer = timerOf(townRinging());
export const offerTimer = timerOf(offeringToAnna());
/** A timer this call never had (say, armed by an engine instance before a restart). */
export const unknownTimer = { name: 'town-ring', token: 'token-from-before-a-restart' } as const;

/** Quickborn rings, its first phone already said busy. */
export const townRingingLeg0Busy = (): Call => play(townRinging(), [ev.townLegFailed(townLeg(0), 'busy', T0 + 500)]).call;

export type PhaseLabel =
  | 'town-ringing'
  | 'queued'
  | 'offering'
  | 'connected (agent)'
  | 'connected (town)'
  | 'final-message'
  | 'callback-waiting'
  | 'callback-dialing'
  | 'ended';

export interface Row {
  readonly phase: PhaseLabel;
  /** The event, and which variant of it. */
  readonly event: string;
  readonly given: () => Call;
  readonly when: (call: Call) => CallEvent;
  readonly then: 'ignored' | { readonly phase: CallPhase; readonly call?: Record<string, unknown> };
  /** The exact sequence of command types. */
  readonly commands: readonly CommandType[];
  /** Key commands, in full; each must be among the commands. */
  readonly including?: readonly Command[];
  /** The deployment's policy unless a row needs another (the county closed, say). */
  readonly policy?: CallPolicy;
}

export const hangup = (channel: ChannelId): Command => ({ type: 'telephony.hangup', channel });
export const release = (agent: AgentId, at: number): Command => ({ type: 'agent.release', agent, call: CALL, at });
