import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import type { Deployment, NotesWebhook } from '../config/deployment.js';
import type { Env } from '../config/env.js';
import type { DeliveryTarget } from './model.js';

/** A webhook with its signing secret. `secret` is not enumerable: logging the object never shows it. */
export interface WebhookTarget {
  readonly url: string;
  /** The environment variable the secret came from (for messages). */
  readonly secretEnv: string;
  readonly secret: string;
}

/** Everything the notes module needs from the deployment and the environment. */
export interface NotesSettings {
  /** The county's own id (`serviceCenter.id`): the municipality of a 115 note attributed to no town. */
  readonly countyId: string;
  /** Municipalities a note may be filed for (every town, and the county), id → display name. */
  readonly municipalities: ReadonlyMap<string, string>;
  /**
   * Service time from filing to due, in ms, for notes about the county itself and every town
   * without targets of its own (`serviceCenter.targets.noteReply`, or `notes.dueServiceSec` when set).
   */
  readonly dueServiceMs: number;
  /** Per town whose `targets.noteReply` differs from the center's (`notes.dueServiceSec` overrides these too). */
  readonly dueServiceMsByTown?: ReadonlyMap<string, number>;
  readonly delivery: {
    /** Attempts in all, for every webhook delivery. */
    readonly attempts: number;
    /** Delay before the first retry; doubled for each further one. */
    readonly backoffMs: number;
    /** Time allowed for one request. */
    readonly timeoutMs: number;
  };
  /** Per municipality (towns' `webhook`, the county's `notes.countyWebhook`). */
  readonly webhooks: ReadonlyMap<string, WebhookTarget>;
  /** `notes.escalationWebhook`: the service center's, for escalations of every municipality. */
  readonly escalationWebhook: WebhookTarget | null;
}

/** Secrets shorter than this are refused. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** `NOTES_WEBHOOK_SECRET_<ID>`: the default variable of a webhook's secret, e.g. `…_QUICKBORN`, `…_COUNTY`, `…_ESCALATION`. */
export const defaultSecretEnv = (owner: string): string => `NOTES_WEBHOOK_SECRET_${owner.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export const webhookTarget = (url: string, secret: string, secretEnv = 'test'): WebhookTarget => {
  const t = { url, secretEnv } as WebhookTarget;
  Object.defineProperty(t, 'secret', { value: secret, enumerable: false });
  return Object.freeze(t);
};

/**
 * The notes' settings: `notes:` and `towns[].webhook` of the deployment, with each webhook's secret
 * read from `env` (main.ts passes `process.env`). Throws a ConfigError listing every missing or too
 * short secret at once; messages name the variable, never its value.
 */
export const notesSettings = (deployment: Deployment, env: Env, overrides: { dueServiceMs?: number } = {}): NotesSettings => {
  const problems: ConfigProblem[] = [];
  const resolve = (webhook: NotesWebhook | null, owner: string, path: string): WebhookTarget | null => {
    if (webhook === null) return null;
    const name = webhook.secretEnv ?? defaultSecretEnv(owner);
    const secret = env[name]?.trim() ?? '';
    if (secret === '') {
      problems.push({ path: name, message: `is required (secret: signs the callback notes POSTed to the webhook of ${path})` });
    } else if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      problems.push({ path: name, message: `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long (it has ${secret.length})` });
    }
    return webhookTarget(webhook.url, secret, name);
  };

  const webhooks = new Map<string, WebhookTarget>();
  deployment.towns.forEach((town, i) => {
    const target = resolve(town.webhook, town.id, `towns[${i}] (${town.id})`);
    if (target) webhooks.set(town.id, target);
  });
  const county = resolve(deployment.notes.countyWebhook, 'county', 'notes.countyWebhook');
  if (county) webhooks.set(deployment.serviceCenter.id, county);
  const escalationWebhook = resolve(deployment.notes.escalationWebhook, 'escalation', 'notes.escalationWebhook');
  if (problems.length > 0) throw new ConfigError('the environment', problems);
  const fixedDueMs = overrides.dueServiceMs ?? (deployment.notes.dueServiceSec !== undefined ? deployment.notes.dueServiceSec * 1000 : undefined);

  return {
    countyId: deployment.serviceCenter.id,
    municipalities: new Map([...deployment.towns.map((t): [string, string] => [t.id, t.name]), [deployment.serviceCenter.id, deployment.serviceCenter.name]]),
    dueServiceMs: fixedDueMs ?? deployment.serviceCenter.targets.noteReply.withinServiceMs,
    dueServiceMsByTown: new Map(
      fixedDueMs !== undefined
        ? []
        : deployment.towns.flatMap((t) => (t.targets.noteReply.withinServiceMs === deployment.serviceCenter.targets.noteReply.withinServiceMs ? [] : [[t.id as string, t.targets.noteReply.withinServiceMs] as const])),
    ),
    delivery: { attempts: deployment.notes.webhookAttempts, backoffMs: deployment.notes.webhookBackoffMs, timeoutMs: deployment.notes.webhookTimeoutMs },
    webhooks,
    escalationWebhook,
  };
};

/** The webhook a delivery goes to, or null if none is configured. */
export const webhookFor = (settings: NotesSettings, target: DeliveryTarget, municipality: string): WebhookTarget | null =>
  target === 'escalation' ? settings.escalationWebhook : (settings.webhooks.get(municipality) ?? null);

/** The service time a note about `municipality` is due in: its town's, or the county's. */
export const dueServiceMsFor = (settings: Pick<NotesSettings, 'dueServiceMs' | 'dueServiceMsByTown'>, municipality: string): number =>
  settings.dueServiceMsByTown?.get(municipality) ?? settings.dueServiceMs;
