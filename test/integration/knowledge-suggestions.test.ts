import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/adapters/redis/connection.js';
import { loadDeployment } from '../../src/config/index.js';
import { knowledgeContextOf } from '../../src/knowledge/knowledge-context.js';
import { KnowledgeBase } from '../../src/knowledge/service.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { KnowledgeSuggestions } from '../../src/knowledge/suggestion-service.js';
import { createLogger } from '../../src/logger.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';

const KNOWLEDGE_DIR = 'config/knowledge';
const CONTEXT = knowledgeContextOf(loadDeployment('config/county.yaml'));
const files = () =>
  ['articles', 'towns'].flatMap((folder) =>
    readdirSync(join(KNOWLEDGE_DIR, folder))
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => ({ name: `${folder}/${n}`, text: readFileSync(join(KNOWLEDGE_DIR, folder, n), 'utf8') })),
  );
const quickbornHours = (parse(readFileSync(join(KNOWLEDGE_DIR, 'towns/quickborn.yaml'), 'utf8')) as { sections: { quickborn: { hours: string } } }).sections.quickborn.hours;

let server: RedisServerHandle;
let redis: Redis;
let seq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'knowledge-suggestions-test' });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** The sample county's knowledge base under a fresh prefix, and its suggestions at a clock the test moves. */
async function county(at: string) {
  const prefix = `kbs${process.pid}:${++seq}:`;
  const clock = { now: Date.parse(at) };
  const store = new KnowledgeStore(redis, prefix);
  const knowledge = new KnowledgeBase({ store, context: CONTEXT, staleAfterDays: 365, now: () => clock.now, log: createLogger('silent') });
  expect(await knowledge.seed(files())).toMatchObject({ ok: true });
  const suggestions = new KnowledgeSuggestions({ store, knowledge, timezone: 'Europe/Berlin', now: () => clock.now });
  const top = async (municipality: string) => (await suggestions.forMunicipality(municipality)).articles.map((a) => [a.id, a.asked]);
  return { prefix, clock, suggestions, top };
}

describe('the desk’s suggestions from filed call topics (real Redis)', () => {
  it('nothing asked yet: the town facts with the town’s hours and the Bürgerbüro’s general services', async () => {
    const { suggestions } = await county('2026-12-05T10:00:00Z');
    const shown = await suggestions.forMunicipality('quickborn');
    expect(shown.townFacts).toMatchObject({ id: 'quickborn', stale: false, section: { hours: quickbornHours, department: 'buergerbuero' } });
    expect(shown.articles).toHaveLength(6);
    expect(shown.articles.every((a) => a.asked === 0 && a.localSection === 'quickborn')).toBe(true);
    expect(shown.articles[0]?.id).toBe('wohnsitz-anmelden');
    expect((await suggestions.forMunicipality('kreis')).townFacts).toBeNull();
  });

  it('counts each call once with the topics it was last filed with, per municipality', async () => {
    const { suggestions, top } = await county('2026-12-05T10:00:00Z');
    // Call 1 from Quickborn: filed with the passport, re-filed unchanged, then with the ID card too.
    await suggestions.topicsFiled('quickborn', ['reisepass'], []);
    await suggestions.topicsFiled('quickborn', ['reisepass'], ['reisepass']);
    await suggestions.topicsFiled('quickborn', ['reisepass', 'personalausweis'], ['reisepass']);
    // Call 2: the passport, then the agent took it off again.
    await suggestions.topicsFiled('quickborn', ['reisepass', 'fundsachen'], []);
    await suggestions.topicsFiled('quickborn', ['fundsachen'], ['reisepass', 'fundsachen']);
    expect((await top('quickborn')).slice(0, 3)).toEqual([
      ['fundsachen', 1],
      ['personalausweis', 1],
      ['reisepass', 1],
    ]);
    await suggestions.topicsFiled('quickborn', ['reisepass'], []);
    expect((await top('quickborn'))[0]).toEqual(['reisepass', 2]);
    // Other municipalities learn nothing from Quickborn's calls; a call about no town counts for the county.
    expect((await top('hasloh')).every(([, asked]) => asked === 0)).toBe(true);
    await suggestions.topicsFiled(null, ['kindergeld'], []);
    expect((await top('kreis'))[0]).toEqual(['kindergeld', 1]);
  });

  it('adds up this month and the last; older months drop out; the counts expire', async () => {
    // The sample articles were checked on 2026-12-04: the knowledge base cannot be loaded before.
    const { prefix, clock, suggestions, top } = await county('2026-12-20T10:00:00Z');
    await suggestions.topicsFiled('hasloh', ['briefwahl'], []);
    clock.now = Date.parse('2027-01-30T10:00:00Z');
    await suggestions.topicsFiled('hasloh', ['briefwahl'], []);
    expect((await top('hasloh'))[0]).toEqual(['briefwahl', 2]);
    clock.now = Date.parse('2027-02-02T10:00:00Z');
    expect((await top('hasloh'))[0]).toEqual(['briefwahl', 1]);
    clock.now = Date.parse('2027-03-01T10:00:00Z');
    expect((await top('hasloh'))[0]?.[1]).toBe(0);
    const ttl = await redis.ttl(`${prefix}kb:asked:hasloh:2027-01`);
    expect(ttl).toBeGreaterThan(390 * 86_400);
  });
});
