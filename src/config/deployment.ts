import type { AnnouncementTexts } from '../domain/announcements.js';
import type { AgentId, EndpointName, TownId } from '../domain/ids.js';
import type { PartnerRule } from '../domain/partner-overflow.js';
import type { RoutingPreference, RoutingStepRequest, SkillLevels } from '../domain/routing-steps.js';
import type { ServiceTargets } from './service-targets.js';

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
  /** Public holidays on which the center (and every town with hours) is closed. */
  readonly holidays: 'schleswig-holstein' | 'none';
  /** Extra closed days, "YYYY-MM-DD" in `timezone`. */
  readonly closures: readonly string[];
  readonly agentRingTimeoutMs: number;
  /** How long a case worker's phones ring on a transfer before the caller returns to the agent. */
  readonly transferRingMs: number;
  /** After each answered call the agent is in wrap-up this long (0: none), filing the outcome. */
  readonly wrapUpMs: number;
  /** A waiting caller hears position and estimated wait this often. */
  readonly announceEveryMs: number;
  /** The talk time assumed for the wait estimate until recent calls say otherwise. */
  readonly defaultHandleTimeMs: number;
  /** More callers than this waiting: the next one gets the queue-full fallback. null: no limit. */
  readonly maxWaitingCalls: number | null;
  /** A caller waiting this long gets the queue-full fallback. null: no limit. */
  readonly maxWaitMs: number | null;
  /** The fallback: offer a callback (key 1, keeping the place in line), or end with the announcement. */
  readonly whenQueueFull: 'callback' | 'end';
  /** Time to press 1 once the callback is offered. */
  readonly callbackKeyMs: number;
  /** How long the citizen's phone rings when an agent calls back. */
  readonly callbackRingMs: number;
  /**
   * Callback any time: a waiting caller hears that key 1 gets them a callback, keeping their place,
   * once the estimated wait reaches `afterEstimatedWaitMs` and always once they have waited
   * `afterWaitMs` (either null: not by that measure); null: a callback only at a queue limit.
   */
  readonly callbackOffer: { readonly afterEstimatedWaitMs: number | null; readonly afterWaitMs: number | null } | null;
  /** Tries to reach the citizen before the callback counts as unanswered. */
  readonly callbackAttempts: number;
  /** Pause between two tries; a try falls within the service center's hours. */
  readonly callbackRetryMs: number;
  /** A caller who hung up while waiting and calls again from the same number within this long keeps their place; null: never. */
  readonly resumeWithinMs: number | null;
  /** Asterisk dial string for calling a citizen back through the trunk, with `{number}`. */
  readonly callbackDial: string;
  /**
   * The same for a video caller of a video entry: the callback offers video (H.264, VP8), so the
   * endpoint it names must allow a video codec. Defaults to `callbackDial`.
   */
  readonly videoCallbackDial: string;
  /** The number a citizen sees when called back. */
  readonly callbackCallerId: string;
  /**
   * The directory of Asterisk's sounds that holds this center's rendered announcements
   * (scripts/render-announcements.ts writes them there): `overflow`, or one of its own
   * (`overflow-segeberg`) when several centers share an Asterisk.
   */
  readonly soundsDirectory: string;
  /**
   * Partner centers on the same platform (their engines share Asterisk and Redis) that may take this
   * center's waiting callers, each with its triggers (src/domain/partner-overflow.ts) and its name. Empty: none.
   */
  readonly partners: readonly PartnerCenter[];
  /**
   * A center on another platform that takes this center's waiting callers when no partner here can
   * (forwarded through the dialplan, the handover in SIP headers); null: none.
   */
  readonly forward: ForwardRule | null;
  /** The service targets (`targets:`, today's values where left out): calls about the county itself, and every town without its own. */
  readonly targets: ServiceTargets;
}

/** A partner center: when this center's callers may go there, and its name for the desks. */
export interface PartnerCenter extends PartnerRule {
  /** Shown on the desk for a caller this partner hands over ("Übernommen vom …"); the id when not set. */
  readonly name: string;
}

/** A center on another platform: when this center's callers are forwarded there, and how it is dialled. */
export interface ForwardRule extends PartnerCenter {
  /** Asterisk dial string of its intake number, e.g. "PJSIP/trunk/sip:11590@192.0.2.10:5060". */
  readonly dial: string;
}

/** A dialed number the dialplan hands to the engine. */
export type Entry = EntryRouting &
  (
    | { readonly number: string; readonly kind: 'town'; readonly townId: TownId }
    /** `service`: a 115-kind entry with a name of its own (e.g. `dgs`), handed over as `Stasis(app,115,<service>)`. */
    | { readonly number: string; readonly kind: '115'; readonly service?: string }
  );

/** How an entry's calls are served from the queue. */
export interface EntryRouting {
  /** Priority band 0–9: higher bands are served first; by arrival inside a band. */
  readonly priority: number;
  /**
   * The routing steps, in order: the skill levels an agent needs to be offered the call (agents'
   * `skills`, `video` for a video endpoint) and for how long; after the last timed step, any agent.
   * Empty: any agent from the start.
   */
  readonly steps: readonly RoutingStepRequest[];
  /** Among the agents a step matches: the longest idle first, or the highest levels first. */
  readonly prefer: RoutingPreference;
  /** A video call: bridged in a video-capable bridge. */
  readonly video: boolean;
}

export interface Town {
  readonly id: TownId;
  readonly name: string;
  /** The town hall's SIP endpoints, rung together; at least one. */
  readonly phones: readonly EndpointName[];
  readonly overflowTimeoutMs: number;
  /** `ring-first`: the town hall rings first; `switchboard`: the county answers the number directly. */
  readonly mode: 'ring-first' | 'switchboard';
  /** At most this many calls ring at the town hall at once; null: no cap. */
  readonly maxRinging: number | null;
  /** The town office's own hours; null: its phones are rung at any time (but on `holidays` and `closures`). */
  readonly hours: Readonly<Record<Weekday, DailyHours | null>> | null;
  /** Public holidays the town office is closed on, added to the center's when the town has hours ('none': only the center's). */
  readonly holidays: 'schleswig-holstein' | 'none';
  /** Days the town office is closed, "YYYY-MM-DD", added to the center's closures when the town has hours. */
  readonly closures: readonly string[];
  /** The targets for calls and notes about this town: its own `targets:` over the center's. */
  readonly targets: ServiceTargets;
  /** Dialling prefixes of the town: a 115 caller whose number starts with one is attributed to it. */
  readonly areaCodes: readonly string[];
  /** Routing steps for calls about this town (when the entry has none); empty: any agent. */
  readonly steps: readonly RoutingStepRequest[];
  readonly prefer: RoutingPreference;
  /** Where the town's callback notes are POSTed (signed); null: the town reads them in its inbox only. */
  readonly webhook: NotesWebhook | null;
  /** The town's departments and their case workers' phones, for transfers. */
  readonly departments: readonly Department[];
}

/** A department of a town hall (Bürgerbüro, Ordnungsamt, …) whose case workers take transfers. */
export interface Department {
  readonly id: string;
  readonly name: string;
  /** The case workers' SIP endpoints, rung together on a transfer. */
  readonly phones: readonly EndpointName[];
}

/** A webhook for callback notes (`towns[].webhook`, `notes.countyWebhook`, `notes.escalationWebhook`). */
export interface NotesWebhook {
  /** http:// or https:// URL the notes are POSTed to as JSON. */
  readonly url: string;
  /** Environment variable with the HMAC-SHA256 signing secret; null: the default name (see docs/configuration.md). */
  readonly secretEnv: string | null;
}

/** Callback notes (deployment file `notes:`, every option defaulted). */
export interface NotesConfig {
  /** In place of the targets' `noteReply.withinServiceMs` when set: the due time in service seconds (for tests and trials). */
  readonly dueServiceSec?: number;
  /** Webhook delivery: attempts in all, first retry delay (doubling), and time allowed per request. */
  readonly webhookAttempts: number;
  readonly webhookBackoffMs: number;
  readonly webhookTimeoutMs: number;
  /** Where notes about the county itself (115 calls attributed to no town) are POSTed; null: none. */
  readonly countyWebhook: NotesWebhook | null;
  /** The service center's webhook for escalated (overdue) notes of every municipality; null: none. */
  readonly escalationWebhook: NotesWebhook | null;
}

/** How long report data and per-call data are kept (deployment file `retention:`, every option defaulted). */
export interface RetentionConfig {
  /** Days the daily report aggregates (`report:day:…` hashes) are kept; older ones are purged. */
  readonly aggregatesDays: number;
  /** Days per-call data is kept: an ended call's record (its Redis TTL) and its entries in the records and dispositions streams. */
  readonly callRecordsDays: number;
  /** Days a closed callback note (name, topic, text) is kept after it was closed; its figures stay in the reports. */
  readonly closedNotesDays: number;
  /** Hours after its due time that an open note keeps the citizen's number; then the number is erased, the note stays open. */
  readonly openNoteNumberGraceHours: number;
}

/** The knowledge base (deployment file `knowledge:`, every option defaulted; docs/knowledge-base.md). */
export interface KnowledgeConfig {
  /** The directory of article files, relative to the deployment file: loaded into an empty knowledge base at start. */
  readonly dir: string;
  /** An article whose `checked.on` date is older than this many days is flagged for the editors. */
  readonly staleAfterDays: number;
}

export interface Agent {
  readonly id: AgentId;
  readonly name: string;
  readonly endpoint: EndpointName;
  /** What the agent can serve and how well (level from 1), e.g. `dgs: 3` (German Sign Language), `en: 1`, `quickborn: 2`. */
  readonly skills: SkillLevels;
  /** The agent's endpoint does video: the agent also has the skill `video`. */
  readonly video: boolean;
}

/**
 * Someone who may sign in to the engine's HTTP API (deployment file `people:`). Only the scrypt
 * hash of their secret is here (`secretHash`, from `npm run hash-secret`), never the secret.
 * The role-specific field mirrors the Principal the person becomes once signed in.
 */
export type Person = { readonly id: string; readonly name: string; readonly secretHash: string } & (
  | { readonly role: 'agent'; readonly agentId: AgentId }
  | { readonly role: 'town-staff'; readonly town: TownId }
  /**
   * `platform`: a platform operator, who also sees every center of the platform (`GET /platform`)
   * at this center's engine. Set only when true.
   */
  | { readonly role: 'operator'; readonly platform?: true }
  | { readonly role: 'editor' }
);

export interface Deployment {
  readonly serviceCenter: ServiceCenter;
  readonly entries: readonly Entry[];
  readonly towns: readonly Town[];
  readonly agents: readonly Agent[];
  /** Who may sign in to the HTTP API; empty (the default) means nobody can. */
  readonly people: readonly Person[];
  /** The German announcement texts (deployment file `announcements:`, each defaulting to the shipped text). */
  readonly announcements: AnnouncementTexts;
  /** Callback notes: due time, webhook delivery (deployment file `notes:`, optional). */
  readonly notes: NotesConfig;
  /** Retention of report aggregates and per-call data (deployment file `retention:`, optional). */
  readonly retention: RetentionConfig;
  /** The knowledge base's files and how old a check may be (deployment file `knowledge:`, optional). */
  readonly knowledge: KnowledgeConfig;
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
