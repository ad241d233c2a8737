import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDeployment, type Deployment } from '../../../src/config/index.js';
import { loadKnowledgeDirectory } from '../../../src/knowledge/article-files.js';
import { formatArticleProblem } from '../../../src/knowledge/article-problem.js';
import { knowledgeContextOf } from '../../../src/knowledge/knowledge-context.js';

/**
 * The two sample centers of one platform (config/county.yaml, config/kreis-segeberg.yaml): one
 * engine each, on one Asterisk. Asterisk has one endpoint per name and one route per number, so
 * what the two files name must not overlap; and each one's partner is the other.
 */
const CONFIG = fileURLToPath(new URL('../../../config/', import.meta.url));
const FILES = ['county.yaml', 'kreis-segeberg.yaml'] as const;
const centers = FILES.map((f) => ({ file: join(CONFIG, f), deployment: loadDeployment(join(CONFIG, f)) }));

/** Every value named by more than one center, with the centers naming it. */
const sharedAcross = (of: (d: Deployment) => readonly string[]): string[] => {
  const owners = new Map<string, Set<string>>();
  for (const { deployment } of centers) {
    for (const value of of(deployment)) owners.set(value, (owners.get(value) ?? new Set()).add(deployment.serviceCenter.id));
  }
  return [...owners].filter(([, ids]) => ids.size > 1).map(([value, ids]) => `${value}: ${[...ids].join(', ')}`);
};

describe('the sample platform: Kreis Pinneberg and Kreis Segeberg', () => {
  it('are two centers that name each other as partners, by their names', () => {
    const [pinneberg, segeberg] = centers.map((c) => c.deployment.serviceCenter);
    expect(pinneberg?.id).toBe('kreis-pinneberg');
    expect(segeberg?.id).toBe('kreis-segeberg');
    const rule = { afterWaitMs: 60_000, whenClosed: true, whenNobodyLoggedIn: true };
    expect(pinneberg?.partners).toEqual([{ partner: 'kreis-segeberg', name: segeberg?.name, ...rule }]);
    expect(segeberg?.partners).toEqual([{ partner: 'kreis-pinneberg', name: pinneberg?.name, ...rule }]);
  });

  it('share no entry number, town, agent, phone or person', () => {
    expect(sharedAcross((d) => d.entries.map((e) => e.number))).toEqual([]);
    expect(sharedAcross((d) => d.towns.map((t) => t.id))).toEqual([]);
    expect(sharedAcross((d) => d.agents.map((a) => a.id))).toEqual([]);
    expect(sharedAcross((d) => [
      ...d.agents.map((a) => a.endpoint),
      ...d.towns.flatMap((t) => [...t.phones, ...t.departments.flatMap((dep) => dep.phones)]),
    ])).toEqual([]);
    // The platform operator is listed in every center's file: each engine knows only its own people.
    expect(sharedAcross((d) => d.people.filter((p) => !(p.role === 'operator' && p.platform === true)).map((p) => p.id))).toEqual([]);
  });

  it('list the same platform operator in both files, with one secret hash, and nobody else under an id the other uses', () => {
    const platformOperators = centers.map(({ deployment }) => deployment.people.filter((p) => p.role === 'operator' && p.platform === true));
    expect(platformOperators.map((list) => list.map((p) => p.id))).toEqual([['plattform'], ['plattform']]);
    const [atPinneberg, atSegeberg] = platformOperators.map((list) => list[0]);
    expect(atSegeberg).toEqual(atPinneberg);
    expect(sharedAcross((d) => d.people.map((p) => p.id))).toEqual(['plattform: kreis-pinneberg, kreis-segeberg']);
  });

  it('each have a knowledge base of their own that loads against their towns, with a town article for every town', async () => {
    const dirs = new Set<string>();
    for (const { file, deployment } of centers) {
      const dir = resolve(dirname(file), deployment.knowledge.dir);
      dirs.add(dir);
      const loaded = await loadKnowledgeDirectory(dir, knowledgeContextOf(deployment));
      expect(loaded.ok ? [] : loaded.problems.map(formatArticleProblem), dir).toEqual([]);
      if (!loaded.ok) continue;
      const towns = loaded.articles.filter((a) => a.kind === 'town-facts').map((a) => a.municipality);
      expect(towns.sort()).toEqual(deployment.towns.map((t) => t.id).sort());
    }
    expect(dirs.size).toBe(centers.length);
  });
});
