import { inspect } from 'node:util';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { readHttpSettings, type HttpSettings } from './http-env.js';
import { sampleSecretProblems, sampleSecretsInUse, type SampleSecret } from './sample-env-secrets.js';

/**
 * The one place that interprets environment variables. It never touches `process.env` itself:
 * main.ts passes `process.env`, tests pass a plain object.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * What the engine runs for. `production` (the default) refuses the shipped sample secrets and
 * hashes; `demo` and `test` accept them (with a warning), as `npm run demo` and the tests need.
 */
export const ENGINE_MODES = ['production', 'demo', 'test'] as const;
export type EngineMode = (typeof ENGINE_MODES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface EngineSettings {
  /** `ENGINE_MODE`: production (default), demo or test. */
  readonly mode: EngineMode;
  /** Path of the YAML deployment file. */
  readonly configPath: string;
  readonly ari: {
    /** The first (or only) Asterisk's ARI URL. */
    readonly url: string;
    /** `ARI_URL` as a comma-separated list: every Asterisk the engine drives, one ARI application on each. */
    readonly urls: readonly string[];
    readonly username: string;
    /** Secret: never log it. */
    readonly password: string;
    readonly app: string;
  };
  readonly redis: {
    readonly url: string;
    /** Prepended to every Redis key, so several engines (and every test) can share one Redis. */
    readonly keyPrefix: string;
    /**
     * `PLATFORM_PREFIX`: the keys every center's engine on one platform shares (each center's state
     * for its partners, and which center uses which `REDIS_PREFIX`). Same value for all of them.
     */
    readonly platformPrefix: string;
    /** `REDIS_TLS_CA_FILE`: PEM file of the CA that signed the server's certificate (rediss:// only). */
    readonly tlsCaFile?: string;
    /** `REDIS_SENTINELS` and co.: the primary is the one these sentinels name (the URL's host is then unused). */
    readonly sentinel?: RedisSentinelSettings;
  };
  readonly http: HttpSettings;
  readonly logLevel: LogLevel;
  /** Secret: salt for hashing caller numbers in statistics. Never log it. */
  readonly callerHashSalt: string;
  /** How long the controller lock outlives an engine that stopped renewing it (a crash). */
  readonly controllerLockTtlMs: number;
  /**
   * `ASTERISK_LOST_AFTER_MS`, with several Asterisk servers: how long one may be out of reach before
   * its calls are given up as lost with it (at once when it refuses connections: it is down).
   */
  readonly asteriskLostAfterMs: number;
}

export interface RedisSentinelSettings {
  /** `REDIS_SENTINELS`: host:port of each sentinel, comma-separated. */
  readonly sentinels: readonly { readonly host: string; readonly port: number }[];
  /** `REDIS_SENTINEL_NAME`: the primary's name in the sentinels' `sentinel monitor` line. Default `overflow`. */
  readonly name: string;
  /** `REDIS_SENTINEL_PASSWORD`: the sentinels' own password, when they have one. Secret. */
  readonly password?: string;
}

export const MIN_SALT_LENGTH = 16;
const REDACTED = '[redacted]';

/**
 * Reads and validates the engine's settings. Throws a ConfigError (code CONFIG_INVALID) listing
 * every problem at once; messages never contain the value of a secret or of a URL (which may carry
 * credentials). An empty variable counts as unset, as docker-compose writes `VAR=` for "no value".
 */
export const loadEngineSettings = (env: Env): EngineSettings => {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };

  const url = (name: string, fallback: string, protocols: readonly string[], example: string, given?: string): string => {
    const value = given ?? get(name) ?? fallback;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch (err) {
      // The URL constructor reports a malformed URL only by throwing TypeError.
      if (!(err instanceof TypeError)) throw err;
      problem(name, `must be a URL such as ${example}`);
      return value;
    }
    if (!protocols.includes(parsed.protocol)) problem(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')} (e.g. ${example})`);
    return value;
  };

  /** One URL or several, comma-separated, each checked like `url`; the same one twice is a mistake. */
  const urlList = (name: string, fallback: string, protocols: readonly string[], example: string): string[] => {
    const list = (get(name) ?? fallback).split(',').map((u) => u.trim());
    const checked = list.map((u) => url(name, '', protocols, example, u));
    const twice = checked.filter((u, i) => checked.indexOf(u) !== i);
    if (twice.length > 0) problem(name, `names ${redactUrl(twice[0] ?? '')} twice`);
    return checked;
  };

  const required = (name: string, why: string): string => {
    const value = get(name);
    if (value === undefined) problem(name, `is required (${why})`);
    return value ?? '';
  };

  const nonBlank = (name: string, fallback: string, pattern: RegExp, rule: string): string => {
    const value = get(name) ?? fallback;
    if (!pattern.test(value)) problem(name, `must be ${rule}, got ${JSON.stringify(value)}`);
    return value;
  };

  const modeText = get('ENGINE_MODE') ?? 'production';
  const mode = ENGINE_MODES.find((m) => m === modeText) ?? 'production';
  if (mode !== modeText) problem('ENGINE_MODE', `must be one of ${ENGINE_MODES.join(', ')}, got ${JSON.stringify(modeText)}`);

  const configPath = get('CONFIG') ?? 'config/county.yaml';
  const ariUrls = urlList('ARI_URL', 'http://127.0.0.1:8088', ['http:', 'https:'], 'http://127.0.0.1:8088');
  const ari = {
    url: ariUrls[0] ?? 'http://127.0.0.1:8088',
    urls: ariUrls,
    username: nonBlank('ARI_USERNAME', 'engine', /^\S+$/, 'a user name without spaces'),
    password: required('ARI_PASSWORD', 'secret: the password of the ARI user in ari.conf'),
    app: nonBlank('ARI_APP', 'overflow-engine', /^[A-Za-z0-9_.-]+$/, 'a Stasis application name: letters, digits, "_", "." or "-"'),
  };
  const redisUrl = url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379');
  const tlsCaFile = get('REDIS_TLS_CA_FILE');
  // Without TLS the CA would be silently ignored, and the operator would believe the link is encrypted.
  if (tlsCaFile !== undefined && !redisUrl.startsWith('rediss:')) problem('REDIS_TLS_CA_FILE', 'is only used with TLS: REDIS_URL must start with rediss://');
  const sentinel = readSentinelSettings(get, problem);
  const redis = {
    url: redisUrl,
    keyPrefix: nonBlank('REDIS_PREFIX', 'ovr:', /^\S+$/, 'a key prefix without spaces, e.g. "ovr:"'),
    platformPrefix: nonBlank('PLATFORM_PREFIX', 'ovr-platform:', /^\S+$/, 'a key prefix without spaces, shared by every center\'s engine on the platform, e.g. "ovr-platform:"'),
    ...(tlsCaFile === undefined ? {} : { tlsCaFile }),
    ...(sentinel === undefined ? {} : { sentinel }),
  };

  const http = readHttpSettings(get, problem);

  const levelText = get('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((l) => l === levelText) ?? 'info';
  if (logLevel !== levelText) problem('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(levelText)}`);

  const callerHashSalt = required('CALLER_HASH_SALT', `secret: a random string of at least ${MIN_SALT_LENGTH} characters`);
  if (callerHashSalt !== '' && callerHashSalt.length < MIN_SALT_LENGTH) {
    problem('CALLER_HASH_SALT', `must be at least ${MIN_SALT_LENGTH} characters long (it has ${callerHashSalt.length})`);
  }

  const ttlText = get('CONTROLLER_LOCK_TTL_MS') ?? '10000';
  const controllerLockTtlMs = /^\d+$/.test(ttlText) ? Number(ttlText) : Number.NaN;
  if (!(controllerLockTtlMs >= 1_000 && controllerLockTtlMs <= 600_000)) {
    problem('CONTROLLER_LOCK_TTL_MS', `must be whole milliseconds from 1000 to 600000, got ${JSON.stringify(ttlText)}`);
  }

  const lostText = get('ASTERISK_LOST_AFTER_MS') ?? '15000';
  const asteriskLostAfterMs = /^\d+$/.test(lostText) ? Number(lostText) : Number.NaN;
  if (!(asteriskLostAfterMs >= 1_000 && asteriskLostAfterMs <= 600_000)) {
    problem('ASTERISK_LOST_AFTER_MS', `must be whole milliseconds from 1000 to 600000, got ${JSON.stringify(lostText)}`);
  }

  // A sample secret is public: in production it is as good as none. Demo and test runs need them.
  if (mode === 'production') problems.push(...sampleSecretProblems(sampleSecretsInUse({ ariPassword: ari.password, callerHashSalt })));

  if (problems.length > 0) throw new ConfigError('the environment', problems);

  const settings: EngineSettings = { mode, configPath, ari, redis, http, logLevel, callerHashSalt, controllerLockTtlMs, asteriskLostAfterMs };
  // Logging the settings (or a part) by mistake must not leak secrets: JSON.stringify (pino) and
  // util.inspect (console.log) see the redacted view. The fields themselves stay plain strings.
  safeToPrint(settings.ari, () => redactSettings(settings).ari);
  safeToPrint(settings.redis, () => redactSettings(settings).redis);
  if (settings.redis.sentinel) safeToPrint(settings.redis.sentinel, () => redactSettings(settings).redis.sentinel ?? {});
  safeToPrint(settings, () => redactSettings(settings));
  Object.freeze(http.allowedHosts);
  if (Array.isArray(http.trustProxy)) Object.freeze(http.trustProxy);
  Object.freeze(http);
  Object.freeze(ari.urls);
  return Object.freeze(settings);
};

/** A copy that is safe to log: secrets replaced, credentials stripped from URLs. */
export const redactSettings = (s: EngineSettings) => ({
  mode: s.mode,
  configPath: s.configPath,
  ari: { url: redactUrl(s.ari.url), urls: s.ari.urls.map(redactUrl), username: s.ari.username, password: REDACTED, app: s.ari.app },
  redis: {
    url: redactUrl(s.redis.url),
    keyPrefix: s.redis.keyPrefix,
    platformPrefix: s.redis.platformPrefix,
    ...(s.redis.tlsCaFile === undefined ? {} : { tlsCaFile: s.redis.tlsCaFile }),
    ...(s.redis.sentinel === undefined
      ? {}
      : { sentinel: { ...s.redis.sentinel, ...(s.redis.sentinel.password === undefined ? {} : { password: REDACTED }) } }),
  },
  http: { ...s.http },
  logLevel: s.logLevel,
  callerHashSalt: REDACTED,
  controllerLockTtlMs: s.controllerLockTtlMs,
  asteriskLostAfterMs: s.asteriskLostAfterMs,
});

/**
 * The shipped sample secrets these settings use (names only), for the warning a demo or test run
 * logs at start. Always empty in production mode, where loadEngineSettings refuses them.
 */
export const sampleSecretsOf = (s: EngineSettings): readonly SampleSecret[] =>
  sampleSecretsInUse({ ariPassword: s.ari.password, callerHashSalt: s.callerHashSalt });

/** A host name or IPv4 address (no brackets, no spaces, no scheme) and a port. */
const SENTINEL_ADDRESS = /^([A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * `REDIS_SENTINELS` (host:port,host:port,…), `REDIS_SENTINEL_NAME`, `REDIS_SENTINEL_PASSWORD`;
 * undefined without sentinels. The name and password alone, with no sentinels, are a mistake.
 */
const readSentinelSettings = (
  get: (name: string) => string | undefined,
  problem: (path: string, message: string) => void,
): RedisSentinelSettings | undefined => {
  const list = get('REDIS_SENTINELS');
  const name = get('REDIS_SENTINEL_NAME');
  const password = get('REDIS_SENTINEL_PASSWORD');
  if (list === undefined) {
    if (name !== undefined) problem('REDIS_SENTINEL_NAME', 'is only used with REDIS_SENTINELS');
    if (password !== undefined) problem('REDIS_SENTINEL_PASSWORD', 'is only used with REDIS_SENTINELS');
    return undefined;
  }
  const sentinels: { host: string; port: number }[] = [];
  for (const entry of list.split(',').map((e) => e.trim())) {
    const match = SENTINEL_ADDRESS.exec(entry);
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port >= 1 && port <= 65_535)) {
      problem('REDIS_SENTINELS', `must be host:port of each sentinel, comma-separated (e.g. "10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379"), got ${JSON.stringify(entry)}`);
      continue;
    }
    sentinels.push({ host: match[1], port });
  }
  const primaryName = name ?? 'overflow';
  if (!/^[A-Za-z0-9._-]+$/.test(primaryName)) problem('REDIS_SENTINEL_NAME', `must be the primary's name as in "sentinel monitor <name> …": letters, digits, ".", "_" or "-", got ${JSON.stringify(primaryName)}`);
  return { sentinels, name: primaryName, ...(password === undefined ? {} : { password }) };
};

const redactUrl = (value: string): string => {
  const u = new URL(value);
  if (u.password === '') return value;
  u.password = REDACTED;
  return u.toString();
};

const safeToPrint = (obj: object, view: () => object): void => {
  Object.defineProperty(obj, 'toJSON', { value: view, enumerable: false });
  Object.defineProperty(obj, inspect.custom, { value: view, enumerable: false });
  Object.freeze(obj);
};
