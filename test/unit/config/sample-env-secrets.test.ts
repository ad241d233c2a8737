import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_SALT_LENGTH } from '../../../src/config/env.js';
import { SAMPLE_ARI_PASSWORDS, SAMPLE_CALLER_HASH_SALTS } from '../../../src/config/sample-env-secrets.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Where samples that start real engines are written: not test/unit, whose values are inputs of the checks themselves. */
const SHIPPED = ['test/support', 'test/e2e', 'scripts', 'docs', 'docker', 'README.md', 'docker-compose.yml', '.env.example'];

const filesUnder = (path: string): string[] => {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full).flatMap((name) => filesUnder(join(path, name)));
};

/** `CALLER_HASH_SALT: 'x'`, `CALLER_HASH_SALT=x` (env files, shell, docs) and `const SALT = 'x'` (the e2e fixture). */
const saltLiterals = (text: string): string[] =>
  [...text.matchAll(/CALLER_HASH_SALT\s*[:=]\s*['"]?([^\s'"`,}]+)|\bSALT\s*=\s*'([^']+)'/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    // Templates (${…}, …) are not values; shorter strings are refused for their length already.
    .filter((v) => v.length >= MIN_SALT_LENGTH && !v.startsWith('$') && !v.includes('…'));

describe('the shipped sample secrets the engine refuses in production', () => {
  it("include the [engine] password of dialplan/ari.conf", () => {
    const conf = readFileSync(join(root, 'dialplan/ari.conf'), 'utf8');
    const engineSection = conf.split(/^\[/m).find((s) => s.startsWith('engine]')) ?? '';
    const password = /^password\s*=\s*(\S+)/m.exec(engineSection)?.[1];
    expect(password).toBeDefined();
    expect(SAMPLE_ARI_PASSWORDS).toContain(password);
  });

  it('include every CALLER_HASH_SALT value written in the test support, scripts, docs and docker files', () => {
    const found = new Map<string, string>();
    for (const file of SHIPPED.flatMap(filesUnder)) {
      for (const value of saltLiterals(readFileSync(file, 'utf8'))) found.set(value, relative(root, file));
    }
    // The scan must see at least the test support's salt, or the patterns have gone stale.
    expect(found.size).toBeGreaterThan(0);
    const notSamples = [...found].filter(([value]) => !SAMPLE_CALLER_HASH_SALTS.includes(value));
    expect(notSamples.map(([, file]) => file)).toEqual([]);
  });
});
