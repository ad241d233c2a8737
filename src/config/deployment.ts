import type { AgentId, EndpointName, TownId } from '../domain/ids.js';

/**
 * The validated, frozen deployment: what `loadDeployment` returns and what the rest of the engine
 * receives. The YAML speaks seconds for humans; this type speaks milliseconds (`…Ms`) for code.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours of one weekday, in the service center's time zone. `close` may be "24:00". */
export interface DailyHours {
  readonly open: string;
  readonly close: string;
  /** Minutes after local midnight, 0..1439. */
  readonly openMinuteOfDay: number;
  /** Minutes after local midnight, 1..1440; always greater than `openMinuteOfDay`. */
  readonly closeMinuteOfDay: number;
}

export interface ServiceCenter {
  readonly id: string;
  readonly name: string;
  /** IANA time zone, e.g. "Europe/Berlin". */
  readonly timezone: string;
  /** Every weekday is present; `null` means closed all day. */
  readonly hours: Readonly<Record<Weekday, DailyHours | null>>;
  readonly agentRingTimeoutMs: number;
}

/** A dialed number the dialplan hands to the engine. */
export type Entry =
  | { readonly number: string; readonly kind: 'town'; readonly townId: TownId }
  | { readonly number: string; readonly kind: '115' };

export interface Town {
  readonly id: TownId;
  readonly name: string;
  /** The town hall's SIP endpoints, rung together; at least one. */
  readonly phones: readonly EndpointName[];
  readonly overflowTimeoutMs: number;
}

export interface Agent {
  readonly id: AgentId;
  readonly name: string;
  readonly endpoint: EndpointName;
}

export interface Deployment {
  readonly serviceCenter: ServiceCenter;
  readonly entries: readonly Entry[];
  readonly towns: readonly Town[];
  readonly agents: readonly Agent[];
}

export const findTown = (deployment: Deployment, id: string): Town | undefined =>
  deployment.towns.find((t) => t.id === id);

export const findEntry = (deployment: Deployment, number: string): Entry | undefined =>
  deployment.entries.find((e) => e.number === number);

export const findAgent = (deployment: Deployment, id: string): Agent | undefined =>
  deployment.agents.find((a) => a.id === id);

/** "3 towns, 4 entries, 4 agents": for the check-config CLI and the engine's start-up log line. */
export const summarizeDeployment = (d: Deployment): string => {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [count(d.towns.length, 'town', 'towns'), count(d.entries.length, 'entry', 'entries'), count(d.agents.length, 'agent', 'agents')].join(', ');
};
