import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/adapters/redis/connection.js';
import type { Principal } from '../../src/auth/principal.js';
import { articleToYaml } from '../../src/knowledge/article-yaml.js';
import type { KnowledgeFile } from '../../src/knowledge/file-set.js';
import { knowledgeContextOf, type KnowledgeContext } from '../../src/knowledge/knowledge-context.js';
import { loadDeployment } from '../../src/config/index.js';
import { KnowledgeBase } from '../../src/knowledge/service.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { createLogger } from '../../src/logger.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';

/** The sample county's towns and departments (config/county.yaml). */
const CONTEXT: KnowledgeContext = knowledgeContextOf(loadDeployment('config/county.yaml'));
const KNOWLEDGE_DIR = 'config/knowledge';
const NOW = Date.parse('2026-12-05T10:00:00Z');

const editor: Principal = { id: 'e.redaktion', name: 'Redaktion', role: 'editor' };
const haslohStaff: Principal = { id: 'h.staff', name: 'Hasloh', role: 'town-staff', town: 'hasloh' as never };
const quickbornStaff: Principal = { id: 'q.staff', name: 'Quickborn', role: 'town-staff', town: 'quickborn' as never };

const sampleFiles = (): KnowledgeFile[] =>
  ['articles', 'towns'].flatMap((folder) =>
    readdirSync(join(KNOWLEDGE_DIR, folder))
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => ({ name: `${folder}/${n}`, text: readFileSync(join(KNOWLEDGE_DIR, folder, n), 'utf8') })),
  );

let server: RedisServerHandle;
let redis: Redis;
let seq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'knowledge-test' });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

async function seeded(staleAfterDays = 365): Promise<KnowledgeBase> {
  seq++;
  const kb = new KnowledgeBase({ store: new KnowledgeStore(redis, `kb${process.pid}:${seq}:`), context: CONTEXT, staleAfterDays, now: () => NOW, log: createLogger('silent') });
  const loaded = await kb.seed(sampleFiles());
  expect(loaded).toMatchObject({ ok: true });
  return kb;
}

describe('the knowledge base in Redis', () => {
  it('loads the sample county into an empty knowledge base once, and exports the very same files', async () => {
    const kb = await seeded();
    const files = sampleFiles();
    const exported = await kb.exportFiles();
    expect(exported.map((f) => f.name).sort()).toEqual(files.map((f) => f.name).sort());
    for (const file of files) expect(exported.find((f) => f.name === file.name)?.text).toBe(file.text);
    // A second start keeps what editors did: no second load.
    expect(await kb.seed(files)).toEqual({ ok: true, skipped: true });
  });

  it('finds an edit in the next search, keeps every version with who changed what', async () => {
    const kb = await seeded();
    const before = await kb.article('reisepass');
    expect(before).not.toBeNull();
    expect((await kb.search('Zauberwort', {})).length).toBe(0);
    const edited = articleToYaml({ ...before!.article, synonyms: [...before!.article.synonyms, 'Zauberwort'] });
    const saved = await kb.save(editor, 'reisepass', edited, before!.version);
    expect(saved).toEqual({ ok: true, version: before!.version + 1, changed: ['synonyms'] });
    expect((await kb.search('Zauberwort', {}))[0]?.id).toBe('reisepass');
    const versions = await kb.versions('reisepass');
    expect(versions.map((v) => [v.version, v.savedBy, v.changed])).toEqual([
      [1, 'import', []],
      [2, 'e.redaktion', ['synonyms']],
    ]);
    expect(versions[0]?.article.synonyms).not.toContain('Zauberwort');
  });

  it('refuses a save from an outdated version (someone saved meanwhile): nothing is overwritten', async () => {
    const kb = await seeded();
    const start = (await kb.article('wohngeld'))!;
    const first = await kb.save(editor, 'wohngeld', articleToYaml({ ...start.article, fees: 'gebührenfrei (geprüft)' }), start.version);
    expect(first.ok).toBe(true);
    const second = await kb.save(editor, 'wohngeld', articleToYaml({ ...start.article, fees: 'kostenlos' }), start.version);
    expect(second).toEqual({ ok: false, reason: 'conflict', current: start.version + 1 });
    expect((await kb.article('wohngeld'))?.article.fees).toBe('gebührenfrei (geprüft)');
  });

  it('town staff saving their section from an outdated version hear of the conflict, not that the other save’s fields are not theirs', async () => {
    const kb = await seeded();
    const start = (await kb.article('reisepass'))!;
    expect((await kb.save(editor, 'reisepass', articleToYaml({ ...start.article, title: 'Reisepass (Erwachsene)' }), start.version)).ok).toBe(true);
    const own = { ...start.article, sections: { ...start.article.sections, hasloh: { ...start.article.sections['hasloh'], hours: 'Di 8–12 Uhr' } } };
    expect(await kb.save(haslohStaff, 'reisepass', articleToYaml(own), start.version)).toEqual({ ok: false, reason: 'conflict', current: start.version + 1 });
    expect((await kb.article('reisepass'))?.article.title).toBe('Reisepass (Erwachsene)');
  });

  it('lists every problem of a bad article at once and keeps the stored one', async () => {
    const kb = await seeded();
    const start = (await kb.article('reisepass'))!;
    const bad = articleToYaml({ ...start.article, answer: '', sections: { ...start.article.sections, hasloh: { department: 'bauamt' } } });
    const saved = await kb.save(editor, 'reisepass', bad, start.version);
    expect(saved.ok).toBe(false);
    if (saved.ok || saved.reason !== 'invalid') throw new Error('expected problems');
    expect(saved.problems.map((p) => p.path).sort()).toEqual(['answer', 'sections.hasloh.department']);
    expect((await kb.article('reisepass'))?.version).toBe(start.version);
  });

  it('lets town staff change their own town section and town facts, nothing else (forbidden, stored one kept)', async () => {
    const kb = await seeded();
    const pass = (await kb.article('reisepass'))!;
    const own = articleToYaml({ ...pass.article, sections: { ...pass.article.sections, hasloh: { ...pass.article.sections.hasloh, hours: 'Di 8–12 Uhr' } } });
    expect(await kb.save(haslohStaff, 'reisepass', own, pass.version)).toMatchObject({ ok: true, changed: ['sections.hasloh'] });

    const now = (await kb.article('reisepass'))!;
    const foreign = articleToYaml({ ...now.article, sections: { ...now.article.sections, quickborn: { ...now.article.sections.quickborn, hours: 'nie' } } });
    expect(await kb.save(haslohStaff, 'reisepass', foreign, now.version)).toMatchObject({ ok: false, reason: 'forbidden' });
    const general = articleToYaml({ ...now.article, fees: 'umsonst' });
    expect(await kb.save(haslohStaff, 'reisepass', general, now.version)).toMatchObject({ ok: false, reason: 'forbidden' });

    const facts = (await kb.townFacts('quickborn'))!;
    const factsEdit = articleToYaml({ ...facts.article, answer: `${facts.article.answer} Neu: Terminvergabe online.` });
    expect(await kb.save(quickbornStaff, facts.article.id, factsEdit, facts.version)).toMatchObject({ ok: true, changed: ['answer'] });
    const foreignFacts = articleToYaml({ ...facts.article, answer: `${facts.article.answer} Hasloh war hier.` });
    expect(await kb.save(haslohStaff, facts.article.id, foreignFacts, facts.version + 1)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect((await kb.article('reisepass'))?.article.sections.quickborn?.hours).not.toBe('nie');
  });

  it('imports a file set all or nothing: one bad file lists every problem and changes nothing', async () => {
    const kb = await seeded();
    const files = sampleFiles();
    const pass = files.find((f) => f.name === 'articles/reisepass.yaml')!;
    const dog = files.find((f) => f.name === 'articles/hund-anmelden.yaml')!;
    const changedPass = { ...pass, text: pass.text.replace(/^title: .*$/m, 'title: Reisepass (neu)') };
    const brokenDog = { ...dog, text: dog.text.replace(/^kind: .*$/m, 'kind: hund') };
    const stray = { name: 'articles/notiz.txt', text: 'hallo' };
    const refused = await kb.importFiles([changedPass, brokenDog, stray], 'e.redaktion');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems.map((p) => p.file)).toEqual(expect.arrayContaining(['articles/hund-anmelden.yaml', 'articles/notiz.txt']));
    expect((await kb.article('reisepass'))?.article.title).not.toBe('Reisepass (neu)');

    const accepted = await kb.importFiles([changedPass, dog], 'e.redaktion');
    expect(accepted).toEqual({ ok: true, created: [], updated: ['reisepass'], unchanged: 1 });
    expect((await kb.article('reisepass'))?.article.title).toBe('Reisepass (neu)');
  });

  it('flags articles whose check is older than the configured period', async () => {
    const kb = await seeded(1);
    const all = await kb.list(true);
    const pass = (await kb.article('reisepass'))!;
    const fresh = articleToYaml({ ...pass.article, checked: { on: '2026-12-05', by: 'Redaktion' } });
    await kb.save(editor, 'reisepass', fresh, pass.version);
    const after = await kb.list(true);
    expect(after.find((a) => a.id === 'reisepass')?.stale).toBe(false);
    expect(all.filter((a) => a.stale).length).toBeGreaterThan(after.filter((a) => a.stale).length);
  });

  it('keeps searches that found nothing as knowledge gaps, only when the agent finished typing', async () => {
    const kb = await seeded();
    expect(await kb.search('Drachenflugschein', { municipality: 'hasloh' })).toEqual([]);
    expect(await kb.search('Drachenflugschein', { municipality: 'hasloh', final: true })).toEqual([]);
    expect(await kb.search('Drachenflugschein', { municipality: 'hasloh', final: true })).toEqual([]);
    expect((await kb.search('reisepass', { municipality: 'hasloh', final: true })).length).toBeGreaterThan(0);
    expect(await kb.gaps('2026-12', 10)).toEqual([{ municipality: 'hasloh', query: 'drachenflugschein', count: 2 }]);
  });
});
