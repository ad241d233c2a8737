import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ARI_PASSWORDS, SAMPLE_CALLER_HASH_SALTS } from '../../src/config/sample-env-secrets.js';
import { freeTcpPort } from '../support/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function startEngine(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('engine start with bad configuration', () => {
  it('lists every problem of the deployment file at once and exits non-zero before touching Asterisk or Redis', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-county-'));
    const file = join(dir, 'county.yaml');
    writeFileSync(
      file,
      [
        'serviceCenter:',
        '  id: kreis-pinneberg',
        '  timezone: Europe/Berlin',
        '  hours:',
        '    mon: ["8:00", "18:00"]',
        'entries:',
        '  - { number: "115", kind: "115" }',
        '  - { number: "041066110", kind: town, town: quickborn }',
        '  - { number: "041066110", kind: town, town: elmshorn }',
        'towns:',
        '  - { id: quickborn, name: Stadt Quickborn, phones: [quickborn-1] }',
        'agents:',
        '  - { id: agent-1, name: Anna, endpoint: agent-1 }',
      ].join('\n'),
    );
    const run = startEngine({ CONFIG: file, ARI_PASSWORD: 'x', CALLER_HASH_SALT: 'a-long-enough-salt-value' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('serviceCenter.name');
    expect(run.stderr).toContain('serviceCenter.hours.mon[0]');
    expect(run.stderr).toContain('unknown town "elmshorn"');
    expect(run.stderr).toMatch(/041066110.*twice/);
  });

  it('names each missing secret from the environment, without printing secret values', () => {
    const run = startEngine({ CALLER_HASH_SALT: 'short' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ARI_PASSWORD');
    expect(run.stderr).toContain('CALLER_HASH_SALT');
    expect(run.stderr).not.toContain('short');
  });

  it('refuses the shipped sample secrets in production, naming each variable without its value', () => {
    const run = startEngine({ ARI_PASSWORD: SAMPLE_ARI_PASSWORDS[0] ?? '', CALLER_HASH_SALT: SAMPLE_CALLER_HASH_SALTS[0] ?? '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/ARI_PASSWORD: is the sample password shipped in dialplan\/ari.conf/);
    expect(run.stderr).toMatch(/CALLER_HASH_SALT: is a sample salt/);
    expect(run.stderr).not.toContain(SAMPLE_ARI_PASSWORDS[0]);
    expect(run.stderr).not.toContain(SAMPLE_CALLER_HASH_SALTS[0]);
  });

  it('accepts them in test mode and warns once at start, naming the samples', async () => {
    // Nothing listens there: the engine warns, starts, fails on Redis and exits on its own.
    const run = startEngine({ ENGINE_MODE: 'test', ARI_PASSWORD: SAMPLE_ARI_PASSWORDS[0] ?? '', CALLER_HASH_SALT: SAMPLE_CALLER_HASH_SALTS[0] ?? '', REDIS_URL: `redis://127.0.0.1:${await freeTcpPort()}`, ARI_URL: `http://127.0.0.1:${await freeTcpPort()}` });
    const warnings = run.stdout.split('\n').filter((l) => l.includes('shipped sample secrets'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ mode: 'test', samples: ['ARI_PASSWORD', 'CALLER_HASH_SALT'] });
    expect(run.stdout + run.stderr).not.toContain(SAMPLE_CALLER_HASH_SALTS[0]);
  });

  it('refuses the sample people of config/county.yaml in production, naming the people, not their hashes', () => {
    const run = startEngine({ ARI_PASSWORD: 'not-a-sample-password', CALLER_HASH_SALT: 'not-a-sample-salt-0123456789' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/people\[0\]\.secretHash.*"agent-1" has a sample hash .*npm run hash-secret/);
    expect(run.stderr).toContain('"teamlead"');
    expect(run.stderr).not.toContain('scrypt$');
  });
});
