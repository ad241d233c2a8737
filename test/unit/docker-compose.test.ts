import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SAMPLE_ARI_PASSWORDS, SAMPLE_CALLER_HASH_SALTS } from '../../src/config/sample-env-secrets.js';

/** What a docker-compose user relies on, checked without a Docker engine. */

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const composeText = read('docker-compose.yml');
/** Without comment lines, which may show the syntax (`${VAR:?…}`) without using it. */
const composeBody = composeText.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');

interface Service {
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
}
const compose = parse(composeText) as { services: Record<string, Service> };
const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

const SECRETS = ['ARI_PASSWORD', 'REDIS_PASSWORD', 'CALLER_HASH_SALT'];
/** `${NAME:?message}`: compose stops with the message when NAME is unset or empty. */
const guarded = (name: string) => new RegExp(`\\$\\{${name}:\\?[^}]+\\}`);
const looksSecret = (key: string) => /PASSWORD|SALT|SECRET|TOKEN|KEY/.test(key);

describe('docker-compose.yml', () => {
  it('takes every secret from the environment (.env), guarded with ${VAR:?message}', () => {
    const interpolated = [...composeBody.matchAll(/\$\{(\w+)([^}]*)\}/g)];
    for (const [whole, name, rest] of interpolated) {
      if (name && SECRETS.includes(name)) expect(rest, whole).toMatch(/^:\?\S/);
    }
    expect(new Set(interpolated.map((m) => m[1]))).toEqual(new Set(SECRETS));
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (looksSecret(key)) expect(value, `${name}.environment.${key}`).toMatch(guarded(key));
      }
    }
  });

  it('writes no literal secret', () => {
    for (const sample of [...SAMPLE_ARI_PASSWORDS, ...SAMPLE_CALLER_HASH_SALTS]) expect(composeText).not.toContain(sample);
    // Credentials in a URL are only ever interpolated ones.
    const urls = Object.values(compose.services).flatMap((svc) => Object.values(svc.environment ?? {})).filter((v) => /^\w+:\/\//.test(v));
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls.filter((u) => u.includes('@'))) {
      const userinfo = url.slice(url.indexOf('//') + 2, url.lastIndexOf('@'));
      expect(userinfo, url).toMatch(new RegExp(`^\\w*:${guarded('REDIS_PASSWORD').source}$`));
    }
  });

  it('makes Redis require REDIS_PASSWORD, and gives it to the engine in REDIS_URL', () => {
    const command = service('redis').command ?? [];
    const i = command.indexOf('--requirepass');
    expect(i).toBeGreaterThan(0);
    expect(command[i + 1]).toMatch(guarded('REDIS_PASSWORD'));
    const redisUrl = service('engine').environment?.['REDIS_URL'] ?? '';
    expect(redisUrl).toMatch(new RegExp(`^redis://:${guarded('REDIS_PASSWORD').source}@127\\.0\\.0\\.1:6379$`));
  });

  it('gives the same ARI_PASSWORD to Asterisk and to the engine', () => {
    expect(service('asterisk').environment?.['ARI_PASSWORD']).toMatch(guarded('ARI_PASSWORD'));
    expect(service('engine').environment?.['ARI_PASSWORD']).toMatch(guarded('ARI_PASSWORD'));
    expect(service('engine').environment?.['CALLER_HASH_SALT']).toMatch(guarded('CALLER_HASH_SALT'));
  });

  it('runs the engine in production mode, which refuses the sample secrets', () => {
    const mode = service('engine').environment?.['ENGINE_MODE'];
    expect(mode === undefined || mode === 'production').toBe(true);
  });

  it('builds from Dockerfiles that exist, and the Asterisk image replaces the sample ARI password at start', () => {
    for (const s of Object.values(compose.services)) {
      if (s.build) expect(existsSync(join(root, s.build.context, s.build.dockerfile)), s.build.dockerfile).toBe(true);
    }
    const dockerfile = read(service('asterisk').build?.dockerfile ?? '');
    expect(dockerfile).toMatch(/^COPY docker\/asterisk-entrypoint\.sh \/usr\/local\/bin\/asterisk-entrypoint$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/asterisk-entrypoint"\]$/m);
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  const assignments = [...example.matchAll(/^(\w+)=(.*)$/gm)];

  it('names every secret docker-compose.yml needs, with an empty placeholder and how to generate it', () => {
    expect(assignments.map((m) => m[1]).sort()).toEqual([...SECRETS].sort());
    for (const [line, , value] of assignments) expect(value, line).toBe('');
    expect(example).toContain('openssl rand -base64 32');
    expect(example).toContain('openssl rand -hex 32');
  });

  it('is copied to .env, which git and the Docker build context ignore', () => {
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toContain('.env');
  });
});

describe('docker/asterisk-entrypoint.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ovr-entrypoint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (password: string | undefined) => {
    copyFileSync(join(root, 'dialplan/ari.conf'), join(dir, 'ari.conf'));
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', ASTERISK_CONF_DIR: dir };
    if (password !== undefined) env['ARI_PASSWORD'] = password;
    const result = spawnSync('sh', [join(root, 'docker/asterisk-entrypoint.sh'), 'echo', 'asterisk started'], { env, encoding: 'utf8' });
    return { ...result, conf: readFileSync(join(dir, 'ari.conf'), 'utf8') };
  };

  it('writes ARI_PASSWORD into ari.conf in place of the sample, then runs the command', () => {
    const password = 'q9Z+/x=abc.DEF_ghi~jkl-mn0';
    const result = run(password);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('asterisk started\n');
    expect(result.conf).toMatch(new RegExp(`^\\[engine\\][^[]*^password = ${password.replace(/[+/=.~-]/g, '\\$&')}$`, 'm'));
    for (const sample of SAMPLE_ARI_PASSWORDS) expect(result.conf).not.toContain(sample);
  });

  it('refuses to start Asterisk without ARI_PASSWORD, with the sample, or with characters ari.conf cannot hold', () => {
    for (const password of [undefined, '', SAMPLE_ARI_PASSWORDS[0] ?? '', 'semi;colon', 'amp&ersand']) {
      const result = run(password);
      expect(result.status, String(password)).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('ARI_PASSWORD');
    }
  });
});
