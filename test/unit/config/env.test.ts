import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEngineSettings, redactSettings, sampleSecretsOf, type Env } from '../../../src/config/index.js';
import { SAMPLE_ARI_PASSWORDS, SAMPLE_CALLER_HASH_SALTS } from '../../../src/config/sample-env-secrets.js';
import { isEngineError } from '../../../src/errors.js';

const PASSWORD = 'ari-secret-pw';
const SALT = 'a-salt-of-sixteen-plus';
const minimal: Env = { ARI_PASSWORD: PASSWORD, CALLER_HASH_SALT: SALT };

const problemsOf = (env: Env) => {
  try {
    loadEngineSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('loadEngineSettings', () => {
  it('applies every default when only the secrets are set', () => {
    expect(redactSettings(loadEngineSettings(minimal))).toEqual({
      mode: 'production',
      configPath: 'config/county.yaml',
      ari: { url: 'http://127.0.0.1:8088', urls: ['http://127.0.0.1:8088'], username: 'engine', password: '[redacted]', app: 'overflow-engine' },
      redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'ovr:', platformPrefix: 'ovr-platform:' },
      http: { host: '127.0.0.1', port: 8080, allowedHosts: ['localhost', '127.0.0.1', '::1'], trustProxy: false, tls: null },
      logLevel: 'info',
      callerHashSalt: '[redacted]',
      controllerLockTtlMs: 10_000,
      asteriskLostAfterMs: 15_000,
    });
  });

  it('reads every variable', () => {
    const s = loadEngineSettings({
      ...minimal,
      CONFIG: '/etc/overflow/kreis.yaml',
      ARI_URL: 'https://pbx.example:8089',
      ARI_USERNAME: 'ovr',
      ARI_APP: 'ovr-test',
      REDIS_URL: 'rediss://redis.example:6380/2',
      REDIS_PREFIX: 'test-42:',
      PLATFORM_PREFIX: 'land-sh:',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '0',
      HTTP_ALLOWED_HOSTS: 'callcenter.kreis.example, 10.1.2.3',
      HTTP_TRUST_PROXY: '127.0.0.1,10.0.0.0/8',
      HTTP_TLS_CERT_FILE: '/etc/ovr/cert.pem',
      HTTP_TLS_KEY_FILE: '/etc/ovr/key.pem',
      LOG_LEVEL: 'debug',
      CONTROLLER_LOCK_TTL_MS: '3000',
    });
    expect(s.configPath).toBe('/etc/overflow/kreis.yaml');
    expect(s.controllerLockTtlMs).toBe(3_000);
    expect(s.ari).toMatchObject({ url: 'https://pbx.example:8089', username: 'ovr', password: PASSWORD, app: 'ovr-test' });
    expect(s.redis).toEqual({ url: 'rediss://redis.example:6380/2', keyPrefix: 'test-42:', platformPrefix: 'land-sh:' });
    expect(s.http).toEqual({
      host: '0.0.0.0',
      port: 0,
      allowedHosts: ['callcenter.kreis.example', '10.1.2.3'],
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
      tls: { certFile: '/etc/ovr/cert.pem', keyFile: '/etc/ovr/key.pem' },
    });
    expect(s.logLevel).toBe('debug');
    expect(s.callerHashSalt).toBe(SALT);
    expect(Object.isFrozen(s) && Object.isFrozen(s.ari) && Object.isFrozen(s.http)).toBe(true);
  });

  it('reads several Asterisk servers from ARI_URL, comma-separated, and the time one may be out of reach', () => {
    const s = loadEngineSettings({ ...minimal, ARI_URL: 'http://10.0.0.11:8088, http://10.0.0.12:8088', ASTERISK_LOST_AFTER_MS: '20000' });
    expect(s.ari.urls).toEqual(['http://10.0.0.11:8088', 'http://10.0.0.12:8088']);
    expect(s.ari.url).toBe('http://10.0.0.11:8088');
    expect(s.asteriskLostAfterMs).toBe(20_000);
    expect(Object.isFrozen(s.ari.urls)).toBe(true);
    const err = problemsOf({ ...minimal, ARI_URL: 'http://10.0.0.11:8088,ftp://x,http://10.0.0.11:8088', ASTERISK_LOST_AFTER_MS: '20 s' });
    expect(err.problems).toEqual([
      { path: 'ARI_URL', message: expect.stringContaining('must start with http:// or https://') as unknown },
      { path: 'ARI_URL', message: 'names http://10.0.0.11:8088 twice' },
      { path: 'ASTERISK_LOST_AFTER_MS', message: 'must be whole milliseconds from 1000 to 600000, got "20 s"' },
    ]);
  });

  it('asks for the host names when the API listens on every interface, and checks the HTTP settings', () => {
    const err = problemsOf({ ...minimal, HTTP_HOST: '0.0.0.0', HTTP_TRUST_PROXY: 'yes please', HTTP_TLS_CERT_FILE: '/etc/ovr/cert.pem' });
    expect(err.problems).toEqual([
      { path: 'HTTP_ALLOWED_HOSTS', message: expect.stringContaining('is required when HTTP_HOST listens on every interface (0.0.0.0)') as unknown },
      { path: 'HTTP_TRUST_PROXY', message: expect.stringContaining('must be true, false, a number of proxy hops') as unknown },
      { path: 'HTTP_TLS_KEY_FILE', message: 'HTTPS needs both HTTP_TLS_CERT_FILE and HTTP_TLS_KEY_FILE' },
    ]);
    expect(problemsOf({ ...minimal, HTTP_ALLOWED_HOSTS: 'https://x.example, ok.example' }).problems).toEqual([
      { path: 'HTTP_ALLOWED_HOSTS', message: expect.stringContaining('not: "https://x.example"') as unknown },
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadEngineSettings({ ...minimal, HTTP_PORT: '', ARI_APP: '' }).http.port).toBe(8080);
  });

  it('reports a missing ARI_PASSWORD and a short salt together, in one CONFIG_INVALID error', () => {
    const err = problemsOf({ CALLER_HASH_SALT: 'short' });
    expect(isEngineError(err, 'CONFIG_INVALID')).toBe(true);
    expect(err.problems).toEqual([
      { path: 'ARI_PASSWORD', message: expect.stringContaining('is required') as unknown },
      { path: 'CALLER_HASH_SALT', message: 'must be at least 16 characters long (it has 5)' },
    ]);
    expect(err.message).toContain('invalid configuration in the environment: 2 problems');
    expect(err.message).not.toContain('short');
  });

  it('lists every malformed value', () => {
    const err = problemsOf({ ...minimal, HTTP_PORT: 'eighty', ARI_URL: 'not a url', REDIS_URL: 'http://127.0.0.1:6379', LOG_LEVEL: 'loud' });
    expect(err.problems.map((p) => p.path)).toEqual(['ARI_URL', 'REDIS_URL', 'HTTP_PORT', 'LOG_LEVEL']);
    expect(problemsOf({ ...minimal, HTTP_PORT: '70000' }).problems[0]?.message).toContain('0 to 65535');
    expect(problemsOf({ ...minimal, CONTROLLER_LOCK_TTL_MS: '500' }).problems[0]).toMatchObject({ path: 'CONTROLLER_LOCK_TTL_MS' });
  });

  it('never prints a secret, neither in errors nor when the settings are logged', () => {
    const redisWithPassword = 'redis://:hunter2-redis@127.0.0.1:6379';
    const s = loadEngineSettings({ ...minimal, REDIS_URL: redisWithPassword });
    for (const printed of [JSON.stringify(s), JSON.stringify({ ari: s.ari }), inspect(s), inspect(s.ari), JSON.stringify(s.redis)]) {
      expect(printed).not.toContain(PASSWORD);
      expect(printed).not.toContain(SALT);
      expect(printed).not.toContain('hunter2-redis');
    }
    expect(s.redis.url).toBe(redisWithPassword);
    const err = problemsOf({ ARI_PASSWORD: PASSWORD, CALLER_HASH_SALT: 'shortsecret', REDIS_URL: 'redis//:pw@x' });
    expect(err.message).not.toContain('shortsecret');
    expect(err.message).not.toContain(':pw@');
  });

  it('reads REDIS_TLS_CA_FILE, and only with a rediss:// REDIS_URL', () => {
    const s = loadEngineSettings({ ...minimal, REDIS_URL: 'rediss://ovr:pw@redis.example:6380', REDIS_TLS_CA_FILE: '/etc/ssl/redis-ca.pem' });
    expect(s.redis.tlsCaFile).toBe('/etc/ssl/redis-ca.pem');
    expect(loadEngineSettings(minimal).redis.tlsCaFile).toBeUndefined();
    expect(problemsOf({ ...minimal, REDIS_TLS_CA_FILE: '/etc/ssl/redis-ca.pem' }).problems).toEqual([
      { path: 'REDIS_TLS_CA_FILE', message: 'is only used with TLS: REDIS_URL must start with rediss://' },
    ]);
  });

  it('reads the Redis sentinels, names every bad entry, and never prints their password', () => {
    const s = loadEngineSettings({
      ...minimal,
      REDIS_URL: 'redis://:pw@ignored:6379/2',
      REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26379,sentinel-3.example:26380',
      REDIS_SENTINEL_NAME: 'kreis-pi',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    expect(s.redis.sentinel).toEqual({
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }, { host: 'sentinel-3.example', port: 26380 }],
      name: 'kreis-pi',
      password: 'sentinel-secret',
    });
    for (const printed of [JSON.stringify(s), inspect(s), JSON.stringify(s.redis), inspect(s.redis.sentinel), JSON.stringify(redactSettings(s))]) {
      expect(printed).not.toContain('sentinel-secret');
    }
    expect(loadEngineSettings({ ...minimal, REDIS_SENTINELS: '127.0.0.1:26379' }).redis.sentinel?.name).toBe('overflow');
    expect(loadEngineSettings(minimal).redis.sentinel).toBeUndefined();
    expect(problemsOf({ ...minimal, REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2,10.0.0.3:99999', REDIS_SENTINEL_NAME: 'my primary' }).problems.map((p) => [p.path, p.message.slice(0, 40)])).toEqual([
      ['REDIS_SENTINELS', 'must be host:port of each sentinel, comm'],
      ['REDIS_SENTINELS', 'must be host:port of each sentinel, comm'],
      ['REDIS_SENTINEL_NAME', 'must be the primary\'s name as in "sentin'],
    ]);
    expect(problemsOf({ ...minimal, REDIS_SENTINEL_NAME: 'overflow', REDIS_SENTINEL_PASSWORD: 'x' }).problems.map((p) => p.path)).toEqual(['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD']);
  });

  describe('shipped sample secrets', () => {
    const ariSample = SAMPLE_ARI_PASSWORDS[0] ?? '';
    const saltSample = SAMPLE_CALLER_HASH_SALTS[0] ?? '';
    const samples: Env = { ARI_PASSWORD: ariSample, CALLER_HASH_SALT: saltSample };

    it('are refused in production (the default), one CONFIG_INVALID problem per variable, without their values', () => {
      for (const env of [samples, { ...samples, ENGINE_MODE: 'production' }]) {
        const err = problemsOf(env);
        expect(isEngineError(err, 'CONFIG_INVALID')).toBe(true);
        expect(err.problems.map((p) => p.path)).toEqual(['ARI_PASSWORD', 'CALLER_HASH_SALT']);
        expect(err.problems[0]?.message).toContain('dialplan/ari.conf');
        expect(err.problems[1]?.message).toContain('openssl rand -base64 32');
        expect(err.message).not.toContain(ariSample);
        expect(err.message).not.toContain(saltSample);
      }
      expect(problemsOf({ ...minimal, ARI_PASSWORD: ariSample }).problems.map((p) => p.path)).toEqual(['ARI_PASSWORD']);
      expect(problemsOf({ ...minimal, CALLER_HASH_SALT: saltSample }).problems.map((p) => p.path)).toEqual(['CALLER_HASH_SALT']);
    });

    it('are reported together with every other problem', () => {
      expect(problemsOf({ ...samples, HTTP_PORT: 'x' }).problems.map((p) => p.path)).toEqual(['HTTP_PORT', 'ARI_PASSWORD', 'CALLER_HASH_SALT']);
    });

    it('are accepted in demo and test mode, and named for the start-up warning', () => {
      for (const mode of ['demo', 'test']) {
        const s = loadEngineSettings({ ...samples, ENGINE_MODE: mode });
        expect(s.mode).toBe(mode);
        expect(sampleSecretsOf(s)).toEqual(['ARI_PASSWORD', 'CALLER_HASH_SALT']);
      }
      expect(sampleSecretsOf(loadEngineSettings({ ...minimal, ENGINE_MODE: 'test' }))).toEqual([]);
      expect(sampleSecretsOf(loadEngineSettings(minimal))).toEqual([]);
    });

    it('an unknown ENGINE_MODE is a problem, and falls back to refusing samples', () => {
      expect(problemsOf({ ...samples, ENGINE_MODE: 'staging' }).problems.map((p) => p.path)).toEqual(['ENGINE_MODE', 'ARI_PASSWORD', 'CALLER_HASH_SALT']);
    });
  });
});
