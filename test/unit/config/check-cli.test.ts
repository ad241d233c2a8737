import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'check-config-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const checkConfig = (...args: string[]) => {
  const r = spawnSync('npx', ['tsx', 'src/config/check-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  // npm may print its own warnings on stderr; keep only our output.
  const stderr = r.stderr
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'))
    .join('\n');
  return { status: r.status, stdout: r.stdout, stderr };
};

describe('npm run check-config', () => {
  it('accepts the sample deployment with a summary, exit 0', () => {
    const r = checkConfig('config/county.yaml');
    expect(r.stdout).toBe('ok: config/county.yaml: 3 towns, 5 entries, 5 agents\n');
    expect(r.status).toBe(0);
  });

  it('lists every problem of a bad file on stderr, exit 1', () => {
    const sample = readFileSync(join(ROOT, 'config/county.yaml'), 'utf8');
    const bad = sample
      .replace('  name: Service-Center Kreis Pinneberg\n', '') // missing field
      .replace('mon: ["08:00", "18:00"]', 'mon: ["8:00", "18:00"]') // malformed time
      .replace('tue: ["08:00", "18:00"]', 'tue: ["18:00", "08:00"]') // closes before it opens
      .replace('town: boenningstedt', 'town: elmshorn') // unknown town
      .replace('"041066030"', '"041066110"'); // the same number twice
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, bad);

    const r = checkConfig(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`invalid configuration in ${file}: 6 problems`);
    // Line numbers are covered in load-deployment.test.ts; here the sample may grow without breaking this test.
    for (const [path, message] of [
      ['serviceCenter.name', 'is required'],
      ['serviceCenter.hours.mon[0]', 'must be a time "HH:MM"'],
      ['serviceCenter.hours.tue', 'opening time must be before closing time, got "18:00" to "08:00"'],
      ['entries[2].town', 'unknown town "elmshorn"'],
      ['entries[3].number', 'number "041066110" is listed twice (first at entries[1].number)'],
      // A consequence of the unknown town, and worth knowing: Bönningstedt is now unreachable.
      ['towns[1].id', 'town "boenningstedt" has no entry number'],
    ] as const) {
      expect(r.stderr).toMatch(new RegExp(`^  - ${escape(path)} \\(line \\d+, column \\d+\\): ${escape(message)}`, 'm'));
    }
  });

  it('reports a YAML syntax error with its line, exit 1', () => {
    const file = join(tmp, 'broken.yaml');
    writeFileSync(file, 'serviceCenter:\n  id: x\n  name: [oops\n');
    const r = checkConfig(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/- line \d+, column \d+: YAML syntax error/);
  });

  it('explains its usage without a file, exit 2', () => {
    const r = checkConfig();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: npm run check-config -- path/to/deployment.yaml');
  });
});
