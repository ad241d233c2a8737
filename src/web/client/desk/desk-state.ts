/** What the desk page knows: the agent it is for, the latest view, and what this page itself did. */
import { byId, embeddedJson, showStatus, signInLink } from '../dom.js';
import type { DeskCall, DeskView } from './wire.js';

/** An outcome filed from this page. */
export interface Filed {
  readonly callId: string;
  readonly outcome: string;
  readonly department?: string | undefined;
}

/** The last transfer seen for a call (kept after it ended, to say how it ended). */
export interface SeenTransfer {
  readonly callId: string;
  readonly department: string;
  readonly mode: string;
  readonly stage: string;
}

/** An article opened during a call: one of the call's topics. */
export interface CallTopic {
  readonly id: string;
  readonly title: string;
}

/** The outcome route takes at most this many topics. */
export const MAX_TOPICS = 5;

export interface DeskState {
  view: DeskView | null;
  /** Browser clock minus the server's, as of the last view. */
  skew: number;
  /** The call the screen pop and the forms were set up for. */
  shownCall: string | null;
  filed: Filed | null;
  /** The callback note saved for the call. */
  savedNote: { readonly callId: string; readonly id: string } | null;
  lastTransfer: SeenTransfer | null;
  /** The articles opened during the call: sent as its topics with the outcome. */
  topics: { readonly callId: string; readonly list: CallTopic[] } | null;
  /** A request of ours is under way: the action buttons are disabled. */
  pending: boolean;
  /** While busy or in wrap-up: the call, to say how it ended once it did. */
  wasWorking: { readonly callId: string } | null;
  /** The event stream is open. */
  live: boolean;
}

export interface Desk {
  readonly agentId: string;
  readonly countyId: string;
  /** `/api/agents/<id>`. */
  readonly agentPath: string;
  /** Hours and minutes in the county's time zone. */
  readonly clock: Intl.DateTimeFormat;
  readonly state: DeskState;
}

export function openDesk(): Desk {
  const root = byId('desk');
  const agentId = root.dataset.agent ?? '';
  const view = embeddedJson<DeskView>('initial-desk');
  return {
    agentId,
    countyId: root.dataset.county ?? '',
    agentPath: `/api/agents/${encodeURIComponent(agentId)}`,
    clock: new Intl.DateTimeFormat('de-DE', { timeZone: root.dataset.timezone, hour: '2-digit', minute: '2-digit' }),
    state: { view, skew: view ? Date.now() - view.at : 0, shownCall: null, filed: null, savedNote: null, lastTransfer: null, topics: null, pending: false, wasWorking: null, live: false },
  };
}

export const serverNow = (desk: Desk): number => Date.now() - desk.state.skew;

export const callPath = (call: DeskCall, rest: string): string => `/api/calls/${encodeURIComponent(call.callId)}${rest}`;

export const departmentName = (call: DeskCall | null, id: string): string => call?.departments.find((d) => d.id === id)?.name ?? id;

/** The message line under the desk. */
export const say = (text: string, isError: boolean): HTMLElement => showStatus(byId('message'), text, isError);

/** Appends "Neu anmelden" to a status line. */
export const offerSignIn = (target: HTMLElement): void => target.append(' ', signInLink());

/** `mm:ss` of a duration (never negative). */
export function mmss(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}`;
}
