/** `npm run knowledge:import`: its options, and the script run from the recording as an operator runs it. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../../../../scripts/knowledge-import/options.js';
import { UsageError } from '../../../../scripts/lib/cli.js';
import { PVOG_BASE_URL } from '../../../../src/knowledge/catalogue/http-catalogue.js';
import { FIXTURE_FILE } from './fixture.js';

describe('parseOptions', () => {
  it('defaults: the sample directory and deployment, the public service, 50 a page, 30 s', () => {
    expect(parseOptions(['--ars', '010560000000'])).toEqual({
      ars: '010560000000',
      leika: [],
      dir: 'config/knowledge',
      deploymentFile: 'config/county.yaml',
      baseUrl: PVOG_BASE_URL,
      pageSize: 50,
      timeoutMs: 30_000,
      dryRun: false,
    });
  });

  it('LeiKa keys comma-separated or repeated, the client id from the environment, a recording', () => {
    const o = parseOptions(['--ars', '010560000000', '--leika', '99085001012000,99050012104000', '--leika', '99085001012000', '--from-file', 'r.json', '--dry-run'], { PVOG_CLIENT_ID: 'abc' });
    expect(o).toMatchObject({ leika: ['99085001012000', '99050012104000'], fromFile: 'r.json', clientId: 'abc', dryRun: true });
  });

  it.each([
    [[], /--ars is required/],
    [['--ars', '01056'], /12 digits/],
    [['--ars', '010560000000', '--leika', '123'], /14 digits/],
    [['--ars', '010560000000', '--from-file', 'r.json', '--record', 'x.json'], /--from-file reads a recording/],
    [['--ars', '010560000000', '--page-size', '2'], /from 5 to 500/],
    [['--ars', '010560000000', '--base-url', 'ftp://x'], /http\(s\) URL/],
    [['--ars', '010560000000', '--unknown'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'knowledge-import-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const runScript = (args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/knowledge-import.ts', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });

describe('scripts/knowledge-import.ts', () => {
  it('imports from the recording: progress, the drafts and where the files go next; exit 0', async () => {
    const dir = join(tmp, 'ok');
    cpSync('config/knowledge', dir, { recursive: true });
    const { code, stdout, stderr } = await runScript(['--ars', '010560000000', '--dir', dir, '--from-file', FIXTURE_FILE]);
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stderr).toContain('Leistungsliste: Seite 2/2 wird abgerufen …');
    expect(stdout).toContain('Neue Entwürfe: 5');
    expect(stdout).toContain('+ articles/hundesteuer-anmeldung.yaml  LeiKa 99102013104000  „Hundesteuer Anmeldung“');
    expect(stdout).toContain('POST /api/knowledge/import');
    expect(readFileSync(join(dir, 'articles/hundesteuer-anmeldung.yaml'), 'utf8')).toMatch(/^status: draft$/m);
  });

  it('exit 1 and nothing written for a broken file, exit 2 for a bad command line', async () => {
    const dir = join(tmp, 'broken');
    cpSync('config/knowledge', dir, { recursive: true });
    writeFileSync(join(dir, 'articles/kaputt.yaml'), 'id: kaputt\n');
    const broken = await runScript(['--ars', '010560000000', '--dir', dir, '--from-file', FIXTURE_FILE]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('nichts geschrieben');
    expect(broken.stderr).toContain('articles/kaputt.yaml: kind: fehlt (Pflichtfeld)');
    expect(() => readFileSync(join(dir, 'articles/hundesteuer-anmeldung.yaml'))).toThrow();

    const usage = await runScript(['--ars', 'x']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run knowledge:import');
  });
});
