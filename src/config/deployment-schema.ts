import { z } from 'zod';
import { agentId, endpointName, townId } from '../domain/ids.js';
import { announcementsSchema } from './announcements-schema.js';
import { checkRouting, routingFields, routingSteps, skillLevels } from './routing-schema.js';
import { WEEKDAYS, type DailyHours, type Deployment, type Entry, type NotesConfig, type NotesWebhook, type ForwardRule, type PartnerCenter, type Person, type Weekday } from './deployment.js';
import { isSecretHash, LEGACY_SECRET_HASH_FORMAT, MIN_DEPLOYMENT_LN, SECRET_HASH_FORMAT } from './secret-hash-format.js';
import { DEFAULT_SERVICE_TARGETS, HOUR_MS, withOverrides, type TargetOverrides } from './service-targets.js';
import { targetsInput } from './targets-schema.js';

/**
 * Structure of the YAML deployment file (config/county.yaml), field by field. Rules that relate
 * several fields (unknown towns, duplicate numbers, …) live in deployment-cross-check.ts, because
 * zod skips refinements once a field is missing and we want every problem reported in one run.
 */

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** What may follow `PJSIP/` in a dial string: no slashes, ampersands or spaces. */
const ENDPOINT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

const kebabId = (what: string) =>
  z.string().regex(KEBAB, `${what} must be kebab-case: lowercase letters, digits and single dashes (e.g. "quickborn")`);

const text = z.string().trim().min(1, 'must not be empty');

const endpoint = z
  .string()
  .regex(ENDPOINT, 'must be a SIP endpoint name: letters, digits, "_", "." or "-", no spaces or slashes')
  .transform(endpointName);

const seconds = (defaultSec: number) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(600, 'must be at most 600 seconds (10 minutes)')
    .default(defaultSec);

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch (err) {
    // Intl signals an unknown zone only by throwing RangeError; anything else is a real bug.
    if (err instanceof RangeError) return false;
    throw err;
  }
};

const minuteOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const time = z.string().regex(HHMM, 'must be a time "HH:MM" between 00:00 and 24:00, with two-digit hours (e.g. "08:00")');

const dailyHours = z
  .tuple([time, time], { invalid_type_error: 'must be ["open", "close"], e.g. ["08:00", "18:00"]' })
  .superRefine(([open, close], ctx) => {
    // zod still runs this when a time was malformed; stay quiet then, that problem is already reported.
    if (!HHMM.test(open) || !HHMM.test(close) || minuteOfDay(open) < minuteOfDay(close)) return;
    ctx.addIssue({ code: 'custom', message: `opening time must be before closing time, got "${open}" to "${close}"` });
  })
  .transform(
    ([open, close]): DailyHours => ({
      open,
      close,
      openMinuteOfDay: minuteOfDay(open),
      closeMinuteOfDay: minuteOfDay(close),
    }),
  );

const hours = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, dailyHours.nullable().optional()])) as Record<
      Weekday,
      z.ZodOptional<z.ZodNullable<typeof dailyHours>>
    >,
  )
  .strict()
  .transform((h) => Object.fromEntries(WEEKDAYS.map((d) => [d, h[d] ?? null])) as Record<Weekday, DailyHours | null>);

const isCalendarDate = (d: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, da));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === da;
};

const calendarDate = z.string().refine(isCalendarDate, 'must be a date "YYYY-MM-DD" that exists, e.g. "2026-12-24"');

/** A wait in seconds (0–7200), or null for "not by this measure". */
const waitSeconds = z.number().int('must be a whole number of seconds').min(0, 'must be at least 0 seconds').max(7200, 'must be at most 7200 seconds (two hours)').nullable();

/** The triggers a partner or a forward is used by: at least one must be set (the file is refused otherwise). */
const triggerFields = {
  afterWaitSec: waitSeconds.default(null),
  estimatedWaitOverSec: waitSeconds.default(null),
  whenClosed: z.boolean().default(false),
  whenNobodyLoggedIn: z.boolean().default(false),
};
type TriggerInput = { readonly afterWaitSec: number | null; readonly estimatedWaitOverSec: number | null; readonly whenClosed: boolean; readonly whenNobodyLoggedIn: boolean };
const hasTrigger = (t: TriggerInput): boolean => t.afterWaitSec !== null || t.estimatedWaitOverSec !== null || t.whenClosed || t.whenNobodyLoggedIn;
const NO_TRIGGER = { message: 'needs at least one trigger: afterWaitSec, estimatedWaitOverSec, whenClosed or whenNobodyLoggedIn' };

/** A partner or forward as the engine reads it: the center as `partner`, its name (the id when none), triggers in ms. */
const partnerRuleOf = (p: TriggerInput & { readonly center: string; readonly name?: string | undefined }): PartnerCenter => ({
  partner: p.center,
  name: p.name ?? p.center,
  ...(p.afterWaitSec !== null ? { afterWaitMs: p.afterWaitSec * 1000 } : {}),
  ...(p.estimatedWaitOverSec !== null ? { estimatedWaitOverMs: p.estimatedWaitOverSec * 1000 } : {}),
  ...(p.whenClosed ? { whenClosed: true } : {}),
  ...(p.whenNobodyLoggedIn ? { whenNobodyLoggedIn: true } : {}),
});

/**
 * A partner center on the same platform (its engine shares Asterisk and Redis) and when this
 * center's waiting callers may go to its agents: at least one trigger must be set.
 */
const partner = z
  .object({
    center: kebabId('center'),
    // The partner's name on this center's desks, for a caller it hands over here ("Übernommen vom …"); default: the id.
    name: text.optional(),
    ...triggerFields,
  })
  .strict()
  .refine(hasTrigger, NO_TRIGGER)
  .transform(partnerRuleOf);

const partners = z
  .array(partner)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.partner)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'center'], message: `partner ${p.partner} is listed twice` });
      seen.add(p.partner);
    });
  });

/**
 * A center on another platform that takes this center's waiting callers when no partner on this
 * platform can: the caller is forwarded to `dial` (an Asterisk dial string, e.g. through the
 * trunk), with the handover in SIP headers. Its state cannot be read: the triggers alone decide.
 */
const forward = z
  .object({
    center: kebabId('center'),
    name: text.optional(),
    dial: z
      .string()
      .regex(/^PJSIP\/[A-Za-z0-9/@:._+-]+$/, 'must be an Asterisk PJSIP dial string, e.g. "PJSIP/trunk/sip:11590@192.0.2.10:5060"'),
    ...triggerFields,
  })
  .strict()
  .refine(hasTrigger, NO_TRIGGER)
  .transform((f): ForwardRule => ({ ...partnerRuleOf(f), dial: f.dial }));

const serviceCenter = z
  .object({
    id: kebabId('id'),
    name: text,
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"'),
    hours,
    holidays: z.enum(['schleswig-holstein', 'none']).default('schleswig-holstein'),
    closures: z.array(calendarDate).default([]),
    agentRingTimeoutSec: seconds(15),
    transferRingSec: seconds(20),
    wrapUpSec: z.number().int('must be a whole number of seconds').min(0, 'must be at least 0 (no wrap-up)').max(600, 'must be at most 600 seconds').default(30),
    announceEverySec: seconds(45),
    defaultHandleTimeSec: z
      .number()
      .int('must be a whole number of seconds')
      .min(10, 'must be at least 10 seconds')
      .max(3600, 'must be at most 3600 seconds (one hour)')
      .default(180),
    maxWaitingCalls: z.number().int('must be a whole number of calls').min(1, 'must be at least 1 call').nullable().default(null),
    maxWaitSec: z.number().int('must be a whole number of seconds').min(10, 'must be at least 10 seconds').max(7200, 'must be at most 7200 seconds (two hours)').nullable().default(null),
    whenQueueFull: z.enum(['callback', 'end']).default('callback'),
    callbackKeySec: seconds(20),
    callbackRingSec: seconds(30),
    callbackOfferAfterEstimatedWaitSec: waitSeconds.default(120),
    callbackOfferAfterWaitSec: waitSeconds.default(300),
    callbackAttempts: z.number().int('must be a whole number of tries').min(1, 'must be at least 1 try').max(10, 'must be at most 10 tries').default(3),
    resumeWithinSec: z.number().int('must be a whole number of seconds').min(10, 'must be at least 10 seconds').max(3600, 'must be at most 3600 seconds (one hour)').nullable().default(120),
    callbackRetrySec: z.number().int('must be a whole number of seconds').min(60, 'must be at least 60 seconds').max(86_400, 'must be at most 86400 seconds (one day)').default(600),
    callbackDial: z
      .string()
      .regex(/^[A-Za-z0-9/@:._-]*\{number\}[A-Za-z0-9/@:._-]*$/, 'must be an Asterisk dial string containing {number} once, e.g. "PJSIP/{number}@trunk"')
      .default('PJSIP/{number}@trunk'),
    // How a video caller (sign language) is called back; left out, the same as callbackDial.
    videoCallbackDial: z
      .string()
      .regex(/^[A-Za-z0-9/@:._-]*\{number\}[A-Za-z0-9/@:._-]*$/, 'must be an Asterisk dial string containing {number} once, e.g. "PJSIP/{number}@trunk-video"')
      .optional(),
    callbackCallerId: z.string().regex(/^\+?[0-9]{2,32}$/, 'must be a phone number, e.g. "115" or "+494101212121"').default('115'),
    // Where this center's announcements live in Asterisk's sounds directory: its own on a shared Asterisk.
    soundsDirectory: z
      .string()
      .regex(/^overflow(-[a-z0-9]+)*$/, 'must be "overflow" or "overflow-" followed by letters, digits and "-", e.g. "overflow-segeberg"')
      .default('overflow'),
    // Merged over today's defaults by the deployment's transform (notes.dueServiceHours may fill noteReply).
    targets: targetsInput.default({}),
    // Partner centers on the same platform that may take this center's waiting callers (none: only this center's agents).
    partners,
    // A center on another platform taking callers no partner here can (null: none).
    forward: forward.nullable().default(null),
  })
  .strict()
  .refine((c) => !c.partners.some((p) => p.partner === c.id), { path: ['partners'], message: 'a center cannot be its own partner' })
  .refine((c) => c.forward === null || (c.forward.partner !== c.id && !c.partners.some((p) => p.partner === c.forward?.partner)), {
    path: ['forward', 'center'],
    message: 'must be a center on another platform: neither this center nor one of its partners here',
  })
  .transform(({ agentRingTimeoutSec, transferRingSec, wrapUpSec, announceEverySec, defaultHandleTimeSec, maxWaitSec, callbackKeySec, callbackRingSec, videoCallbackDial, callbackOfferAfterEstimatedWaitSec, callbackOfferAfterWaitSec, callbackRetrySec, resumeWithinSec, ...rest }) => ({
    ...rest,
    videoCallbackDial: videoCallbackDial ?? rest.callbackDial,
    agentRingTimeoutMs: agentRingTimeoutSec * 1000,
    wrapUpMs: wrapUpSec * 1000,
    transferRingMs: transferRingSec * 1000,
    announceEveryMs: announceEverySec * 1000,
    defaultHandleTimeMs: defaultHandleTimeSec * 1000,
    maxWaitMs: maxWaitSec === null ? null : maxWaitSec * 1000,
    callbackKeyMs: callbackKeySec * 1000,
    callbackRingMs: callbackRingSec * 1000,
    callbackOffer:
      callbackOfferAfterEstimatedWaitSec === null && callbackOfferAfterWaitSec === null
        ? null
        : {
            afterEstimatedWaitMs: callbackOfferAfterEstimatedWaitSec === null ? null : callbackOfferAfterEstimatedWaitSec * 1000,
            afterWaitMs: callbackOfferAfterWaitSec === null ? null : callbackOfferAfterWaitSec * 1000,
          },
    callbackRetryMs: callbackRetrySec * 1000,
    resumeWithinMs: resumeWithinSec === null ? null : resumeWithinSec * 1000,
  }));

const entry = z
  .object({
    number: z
      .string({
        invalid_type_error: 'must be a quoted string of digits, e.g. "041066110" (unquoted, YAML drops the leading 0)',
      })
      .regex(/^[0-9]{2,32}$/, 'must contain digits only, e.g. "041066110" or "115"'),
    // `kind: 115` unquoted is a YAML number; accept it rather than make operators learn quoting rules.
    kind: z.preprocess((v) => (v === 115 ? '115' : v), z.enum(['town', '115'])),
    town: kebabId('town').optional(),
    service: kebabId('service').optional(),
    priority: z.number().int('must be a whole number').min(0, 'must be at least 0').max(9, 'must be at most 9').default(0),
    ...routingFields,
    video: z.boolean().default(false),
  })
  .strict()
  .superRefine((e, ctx) => {
    checkRouting(e, ctx);
    if (e.kind === 'town' && e.service !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'only a 115 entry has a service name; a town entry is named by its town' });
    }
    if (e.kind === 'town' && e.town === undefined) {
      ctx.addIssue({ code: 'custom', path: ['town'], message: 'is required when kind is "town"' });
    }
    if (e.kind === '115' && e.town !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['town'], message: 'a 115 entry belongs to no town: remove "town"' });
    }
  })
  .transform((e): Entry => {
    const routing = { priority: e.priority, steps: routingSteps(e), prefer: e.prefer, video: e.video };
    if (e.kind === 'town') return { number: e.number, kind: 'town', townId: townId(e.town ?? ''), ...routing };
    return { number: e.number, kind: '115', ...(e.service !== undefined ? { service: e.service } : {}), ...routing };
  });

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * What is wrong with a webhook URL. Notes carry a citizen's name, matter and number: they travel
 * encrypted (https://), plain http:// only to this machine (a local relay, the tests' receiver).
 * Credentials do not belong in the URL: it is shown in config errors and to operators, the
 * signature (secretEnv) authenticates the engine. Messages never repeat the URL itself.
 */
export function webhookUrlProblems(url: string): string[] {
  if (!URL.canParse(url)) return ['must be an https:// URL, e.g. "https://rathaus.quickborn.example/rueckrufe"'];
  const u = new URL(url);
  const problems: string[] = [];
  if (u.protocol === 'http:') {
    if (!LOOPBACK_HOST.test(u.hostname)) problems.push('must use https:// (plain http:// is allowed only to this machine: localhost, 127.0.0.0/8, [::1])');
  } else if (u.protocol !== 'https:') {
    problems.push('must be an https:// URL, e.g. "https://rathaus.quickborn.example/rueckrufe"');
  }
  if (u.username !== '' || u.password !== '') problems.push('must not contain a user name or password: the secret named by secretEnv signs every request');
  return problems;
}

/** Where callback notes are POSTed (docs/configuration.md, "Callback notes"). The HMAC secret comes from the environment. */
const notesWebhook = z
  .object({
    url: z.string().superRefine((u, ctx) => {
      for (const message of webhookUrlProblems(u)) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    }),
    secretEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'must be the name of an environment variable holding the signing secret, e.g. "NOTES_WEBHOOK_SECRET_QUICKBORN"')
      .optional(),
  })
  .strict()
  .transform(({ url, secretEnv }): NotesWebhook => ({ url, secretEnv: secretEnv ?? null }));

/** `notes:` callback notes: their due time in service hours and how webhooks are delivered. */
const notes = z
  .object({
    // The older name of serviceCenter.targets.noteReply.withinServiceHours, still read (moved there by the deployment's transform).
    dueServiceHours: z.number().int('must be a whole number of service hours').min(1, 'must be at least 1 service hour').max(240, 'must be at most 240 service hours').optional(),
    // Tests and trials: a due time in service seconds, in place of dueServiceHours.
    dueServiceSec: z.number().int('must be a whole number of service seconds').min(1, 'must be at least 1 service second').max(864_000, 'must be at most 864000 service seconds (240 hours)').optional(),
    webhookAttempts: z.number().int('must be a whole number of attempts').min(1, 'must be at least 1 attempt').max(20, 'must be at most 20 attempts').default(8),
    webhookBackoffSec: z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds (one hour)').default(10),
    webhookTimeoutSec: z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(60, 'must be at most 60 seconds').default(10),
    countyWebhook: notesWebhook.nullable().default(null),
    escalationWebhook: notesWebhook.nullable().default(null),
  })
  .strict()
  .transform(({ webhookBackoffSec, webhookTimeoutSec, ...rest }): NotesConfig & { readonly dueServiceHours?: number } => ({
    ...rest,
    webhookBackoffMs: webhookBackoffSec * 1000,
    webhookTimeoutMs: webhookTimeoutSec * 1000,
  }))
  .default({});

/** `retention:` how long report aggregates, per-call data and callback notes are kept (docs/configuration.md, "Reports"; docs/data-protection.md). */
const retention = z
  .object({
    aggregatesDays: z.number().int('must be a whole number of days').min(31, 'must be at least 31 days').max(3660, 'must be at most 3660 days (about ten years)').default(400),
    callRecordsDays: z
      .number()
      .int('must be a whole number of days')
      .min(8, 'must be at least 8 days: the strict first-contact resolution looks 7 days ahead, and the daily report job rewrites the last 8 days')
      .max(3660, 'must be at most 3660 days (about ten years)')
      .default(90),
    closedNotesDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3660, 'must be at most 3660 days (about ten years)').default(90),
    openNoteNumberGraceHours: z
      .number()
      .int('must be a whole number of hours')
      .min(0, 'must be 0 hours or more')
      .max(8760, 'must be at most 8760 hours (one year)')
      .default(72),
  })
  .strict()
  .default({});

/** `knowledge:` where the article files live and when an article counts as unchecked for too long (docs/knowledge-base.md). */
const knowledge = z
  .object({
    dir: text.default('knowledge'),
    staleAfterDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3660, 'must be at most 3660 days (about ten years)').default(365),
  })
  .strict()
  .default({});

const town = z
  .object({
    id: kebabId('id').transform(townId),
    name: text,
    phones: z.array(endpoint).min(1, 'needs at least one town-hall phone (SIP endpoint)'),
    overflowTimeoutSec: seconds(20),
    mode: z.enum(['ring-first', 'switchboard']).default('ring-first'),
    maxRinging: z.number().int('must be a whole number of calls').min(1, 'must be at least 1 call').nullable().default(null),
    hours: hours.nullable().default(null),
    // Added to the county's for the town's own hours (see openingHours in src/app/opening-hours.ts).
    holidays: z.enum(['schleswig-holstein', 'none']).default('none'),
    closures: z.array(calendarDate).default([]),
    // Merged over the center's targets by the deployment's transform.
    targets: targetsInput.default({}),
    areaCodes: z.array(z.string().regex(/^0[0-9]{1,9}$/, 'must be a dialling prefix with its leading 0, e.g. "04106"')).default([]),
    ...routingFields,
    webhook: notesWebhook.nullable().default(null),
    departments: z
      .array(z.object({ id: kebabId('id'), name: text, phones: z.array(endpoint).min(1, 'needs at least one case worker phone (SIP endpoint)') }).strict())
      .default([]),
  })
  .strict()
  .superRefine((t, ctx) => checkRouting(t, ctx))
  .transform(({ overflowTimeoutSec, needs, widenAfterSec, steps, ...rest }) => ({
    ...rest,
    overflowTimeoutMs: overflowTimeoutSec * 1000,
    steps: routingSteps({ needs, widenAfterSec, steps }),
  }));

const agent = z
  .object({
    id: kebabId('id').transform(agentId),
    name: text,
    endpoint,
    skills: skillLevels.default({}),
    video: z.boolean().default(false),
  })
  .strict();

/**
 * Someone who may sign in. Which of `agent` / `town` a role needs, and whether they exist, is
 * checked in deployment-cross-check.ts (so a missing one is reported next to every other problem).
 */
const person = z
  .object({
    id: kebabId('id'),
    name: text,
    role: z.enum(['agent', 'town-staff', 'operator', 'editor']),
    agent: kebabId('agent').optional(),
    town: kebabId('town').optional(),
    // Only operators (deployment-cross-check.ts says so next to every other problem).
    platform: z.boolean().optional(),
    // The message never repeats the value: it may be a secret pasted here by mistake.
    secretHash: z
      .string()
      .refine(
        isSecretHash,
        `must be a hash "${SECRET_HASH_FORMAT}" (cost ln ${MIN_DEPLOYMENT_LN} or more; the older "${LEGACY_SECRET_HASH_FORMAT}" still works) as printed by \`npm run hash-secret\`; the secret itself never goes in this file`,
      ),
  })
  .strict()
  .transform(({ id, name, role, agent, town, platform, secretHash }): Person => {
    if (role === 'agent') return { id, name, role, agentId: agentId(agent ?? ''), secretHash };
    if (role === 'town-staff') return { id, name, role, town: townId(town ?? ''), secretHash };
    if (role === 'editor') return { id, name, role, secretHash };
    return { id, name, role, secretHash, ...(platform === true ? { platform } : {}) };
  });

export const deploymentSchema = z
  .object({
    serviceCenter,
    entries: z.array(entry).min(1, 'needs at least one entry number'),
    towns: z.array(town),
    agents: z.array(agent).min(1, 'needs at least one agent'),
    people: z.array(person).default([]),
    announcements: announcementsSchema,
    notes,
    retention,
    knowledge,
  })
  .strict()
  .transform(({ serviceCenter, towns, notes: { dueServiceHours, ...notes }, ...rest }) => {
    const centerTargets = withOverrides(DEFAULT_SERVICE_TARGETS, withNoteHours(serviceCenter.targets, dueServiceHours));
    return {
      ...rest,
      serviceCenter: { ...serviceCenter, targets: centerTargets },
      towns: towns.map((t) => ({ ...t, targets: withOverrides(centerTargets, t.targets) })),
      notes,
    };
  });

/** `notes.dueServiceHours` (the older name) fills `noteReply.withinServiceMs` when the targets leave it out. */
const withNoteHours = (over: TargetOverrides, dueServiceHours: number | undefined): TargetOverrides =>
  dueServiceHours === undefined || over.noteReply?.withinServiceMs !== undefined
    ? over
    : { ...over, noteReply: { ...over.noteReply, withinServiceMs: dueServiceHours * HOUR_MS } };

/** Compile-time proof that the schema's output is exactly what the engine is promised. */
export type DeploymentSchemaOutput = z.output<typeof deploymentSchema>;
const _outputMatches = (d: DeploymentSchemaOutput): Deployment => d;

/** Wording for the issues zod raises by itself, written for someone editing the YAML file. */
export const deploymentErrorMap: z.ZodErrorMap = (issue, ctx) => {
  // A message written on the schema itself (invalid_type_error, …) is more specific: keep it.
  const zodDefault = z.defaultErrorMap(issue, { data: ctx.data as unknown, defaultError: '' }).message;
  if (ctx.defaultError !== zodDefault) return { message: ctx.defaultError };

  if (issue.code === 'invalid_type') {
    if (issue.received === 'undefined') return { message: 'is required' };
    return { message: `must be ${article(issue.expected)}, got ${article(issue.received)}` };
  }
  if (issue.code === 'too_small' && issue.type === 'number') return { message: `must be at least ${String(issue.minimum)}` };
  if (issue.code === 'too_big' && issue.type === 'number') return { message: `must be at most ${String(issue.maximum)}` };
  if (issue.code === 'invalid_enum_value') {
    const options = issue.options.map((o) => `"${String(o)}"`).join(', ');
    return { message: `must be one of ${options}, got ${JSON.stringify(issue.received)}` };
  }
  return { message: ctx.defaultError };
};

const article = (type: string): string => {
  switch (type) {
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'null':
      return 'nothing (empty value)';
    case 'integer':
      return 'an integer';
    default:
      return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
  }
};
