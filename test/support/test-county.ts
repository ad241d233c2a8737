import { fileURLToPath } from 'node:url';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface CountyOverrides {
  /** Every town's overflow timeout (the sample says 20 s; tests use ~2 s). */
  readonly overflowTimeoutSec?: number;
  readonly agentRingTimeoutSec?: number;
  /** Keep only these agents (ids from the sample), e.g. to run with two agents. */
  readonly agents?: readonly string[];
  /**
   * The service center's hours: `always` (the default: open around the clock, no holidays, so a
   * test passes at any hour) or `never` (closed every day), or `sample` to keep the sample's.
   */
  readonly centerHours?: 'always' | 'never' | 'sample';
  readonly announceEverySec?: number;
  /** Per-town settings merged into the sample's towns, by town id. */
  readonly towns?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Further service-center settings merged in (e.g. maxWaitingCalls, callbackDial). */
  readonly serviceCenter?: Readonly<Record<string, unknown>>;
  /**
   * Keep the sign-language service (its 11599 entry and the DGS agent with a video phone). Off by
   * default: a test that does not register that phone would see the agent's offers fail.
   */
  readonly dgs?: boolean;
  /** The deployment's `notes:` section (e.g. a short `dueServiceSec`, an `escalationWebhook`), merged in. */
  readonly notes?: Readonly<Record<string, unknown>>;
  /**
   * More environment for the engine (e.g. a webhook's signing secret `NOTES_WEBHOOK_SECRET_QUICKBORN`).
   * Not part of the file: the county fixture passes it to the engine process.
   */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/** The sample deployment's service center (config/county.yaml `serviceCenter.id`), which every test county keeps. */
export const SAMPLE_CENTER = 'kreis-pinneberg';

/** The sample deployment files: Kreis Pinneberg (the default) and the second center of the sample platform. */
export const SAMPLE_FILES = {
  pinneberg: fileURLToPath(new URL('../../config/county.yaml', import.meta.url)),
  segeberg: fileURLToPath(new URL('../../config/kreis-segeberg.yaml', import.meta.url)),
} as const;

type Hours = Record<string, [string, string] | null>;
const ALWAYS: Hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00', '24:00']]));
const NEVER: Hours = {};

interface SampleShape {
  serviceCenter: { agentRingTimeoutSec?: number; announceEverySec?: number; hours: Hours; holidays?: string } & Record<string, unknown>;
  entries: { service?: string }[];
  towns: ({ id: string; overflowTimeoutSec?: number } & Record<string, unknown>)[];
  agents: { id: string; skills?: string[] | Record<string, number> }[];
  people?: { agent?: string }[];
  notes?: Record<string, unknown>;
  knowledge?: Record<string, unknown>;
}

/**
 * A shipped sample deployment (config/county.yaml unless `sampleFile` names another, such as
 * SAMPLE_FILES.segeberg) with test-friendly timeouts, written to a temp file.
 */
export function writeTestCounty(overrides: CountyOverrides = {}, sampleFile: string = SAMPLE_FILES.pinneberg): string {
  const sample = parse(readFileSync(sampleFile, 'utf8')) as SampleShape;
  if (overrides.agentRingTimeoutSec !== undefined) sample.serviceCenter.agentRingTimeoutSec = overrides.agentRingTimeoutSec;
  if (overrides.overflowTimeoutSec !== undefined) for (const t of sample.towns) t.overflowTimeoutSec = overrides.overflowTimeoutSec;
  if (overrides.announceEverySec !== undefined) sample.serviceCenter.announceEverySec = overrides.announceEverySec;
  const hours = overrides.centerHours ?? 'always';
  if (hours !== 'sample') {
    sample.serviceCenter.hours = hours === 'always' ? ALWAYS : NEVER;
    sample.serviceCenter.holidays = 'none';
  }
  for (const t of sample.towns) Object.assign(t, overrides.towns?.[t.id] ?? {});
  // No wrap-up unless a test asks for it: agents are free for the next call at once.
  sample.serviceCenter.wrapUpSec = 0;
  // No callback offer while waiting unless a test asks for it: announcements stay as the tests expect.
  sample.serviceCenter.callbackOfferAfterEstimatedWaitSec = null;
  sample.serviceCenter.callbackOfferAfterWaitSec = null;
  // Nor a kept place for a caller who calls again: tests reuse numbers.
  sample.serviceCenter.resumeWithinSec = null;
  Object.assign(sample.serviceCenter, overrides.serviceCenter ?? {});
  if (overrides.notes) sample.notes = { ...sample.notes, ...overrides.notes };
  if (!overrides.dgs) {
    sample.entries = sample.entries.filter((e) => e.service !== 'dgs');
    sample.agents = sample.agents.filter((a) => !(Array.isArray(a.skills) ? a.skills.includes('dgs') : a.skills?.['dgs'] !== undefined));
  }
  if (overrides.agents) {
    const keep = new Set(overrides.agents);
    sample.agents = sample.agents.filter((a) => keep.has(a.id));
  }
  // A person who signs in as an agent left out above would name an unknown agent.
  const agentIds = new Set(sample.agents.map((a) => a.id));
  if (sample.people) sample.people = sample.people.filter((p) => p.agent === undefined || agentIds.has(p.agent));
  // The file moves to a temp directory: the knowledge files stay where the sample keeps them.
  const knowledgeDir = resolve(dirname(sampleFile), typeof sample.knowledge?.['dir'] === 'string' ? sample.knowledge['dir'] : 'knowledge');
  // The sample's articles stay freshly checked however long ago they were written; tests that want an
  // overdue article save one with an old check date (test/e2e/stale-article.ts).
  sample.knowledge = { ...sample.knowledge, dir: knowledgeDir, staleAfterDays: staleAfterDaysKeepingFresh(knowledgeDir, Date.now()) };
  const file = join(mkdtempSync(join(tmpdir(), 'county-')), 'county.yaml');
  writeFileSync(file, stringify(sample));
  return file;
}

const DAY_MS = 86_400_000;
/** The default of `knowledge.staleAfterDays`, and the most the schema allows. */
const STALE_AFTER_DAYS = 365;
const MAX_STALE_AFTER_DAYS = 3660;

/**
 * `knowledge.staleAfterDays` such that the oldest check date among the sample's articles is still a
 * year from being overdue at `now`: the default while the sample is recent, more as it ages.
 */
export function staleAfterDaysKeepingFresh(dir: string, now: number): number {
  const dates = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^ {2}on: (\d{4}-\d{2}-\d{2})$/gm)].map((m) => Date.parse(`${m[1] ?? ''}T00:00:00Z`)));
  if (dates.length === 0) throw new Error(`no check dates found in ${dir}`);
  const daysSinceOldest = Math.ceil((now - Math.min(...dates)) / DAY_MS);
  return Math.min(MAX_STALE_AFTER_DAYS, Math.max(STALE_AFTER_DAYS, daysSinceOldest + STALE_AFTER_DAYS));
}
