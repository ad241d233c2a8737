/**
 * The agent's desk view as the desk page reads it: what the engine sends (src/app/desk-feed.ts
 * `DeskView`), embedded in the page, from `GET /api/agents/:id/desk` and as the `desk` events of
 * `/api/agents/:id/events`. test/unit/web/page-data-types.test.ts checks at type level that the
 * server's view fits.
 */
export type AgentStatus = 'available' | 'offered' | 'busy' | 'wrap-up' | 'paused' | 'logged-out';

export interface DeskAgent {
  readonly status: AgentStatus;
  readonly since: number;
  readonly pauseReason: string | null;
  readonly wrapUpUntil: number | null;
  readonly name: string | null;
}

export interface DeskTransfer {
  readonly department: string;
  readonly mode: 'warm' | 'blind';
  readonly stage: 'ringing' | 'consulting';
  readonly agentGone?: boolean;
}

export interface Department {
  readonly id: string;
  readonly name: string;
}

/** A caller a partner center handed over (src/app/desk-feed.ts `PartnerPop`). */
export interface DeskPartner {
  readonly center: string;
  readonly centerName: string;
  /** The town the call is about at the partner (its id and name there); null: the partner center itself. */
  readonly municipality: { readonly id: string; readonly name: string } | null;
  readonly trigger: string;
  readonly arrivedAt: number;
  readonly overflowReason: string | null;
  /** What the caller dialled at the partner: `115` or `town` (a town hall's number). */
  readonly entry: string;
}

export interface DeskCall {
  readonly callId: string;
  readonly phase: string;
  readonly entry: string;
  readonly service: string | null;
  readonly municipality: string | null;
  readonly municipalityName: string | null;
  readonly overflowReason: string | null;
  readonly waitedMs: number;
  readonly earlierCalls7d: number;
  readonly callback: boolean;
  readonly transfer?: DeskTransfer | null;
  readonly outcome: string | null;
  readonly departments: readonly Department[];
  /** Set for a caller a partner center handed over. */
  readonly fromPartner?: DeskPartner | null;
}

export interface DeskView {
  readonly at: number;
  readonly agent: DeskAgent;
  readonly call: DeskCall | null;
}

/** `POST /api/notes` answers the note; the desk needs its id. */
export interface SavedNote {
  readonly id: string;
}
