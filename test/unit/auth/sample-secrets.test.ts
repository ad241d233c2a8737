import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSampleHash, sampleHashProblems } from '../../../src/auth/index.js';
import { loadDeployment } from '../../../src/config/index.js';

const configDir = fileURLToPath(new URL('../../../config/', import.meta.url));
const { people } = loadDeployment(`${configDir}county.yaml`);

describe('shipped sample hashes', () => {
  it('knows every secretHash written in config/ (they are all samples)', () => {
    const hashes = readdirSync(configDir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => [...readFileSync(`${configDir}${f}`, 'utf8').matchAll(/secretHash: "([^"]+)"/g)].map((m) => m[1] ?? ''));
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes.filter((h) => !isSampleHash(h))).toEqual([]);
  });

  it('names each sample person, never the hash, and says what to do', () => {
    const problems = sampleHashProblems({ people });
    expect(problems.map((p) => p.path)).toEqual(people.map((_p, i) => `people[${i}].secretHash`));
    expect(problems[0]?.message).toMatch(/^"agent-1" has a sample hash .*npm run hash-secret/);
    for (const [i, p] of people.entries()) expect(problems[i]?.message).not.toContain(p.secretHash);
  });

  it('finds nothing to complain about in people with hashes of their own', () => {
    const own = people.map((p) => ({ ...p, secretHash: `scrypt$ln=17,r=8,p=1$${Buffer.alloc(16, 9).toString('base64')}$${Buffer.alloc(32, 9).toString('base64')}` }));
    expect(sampleHashProblems({ people: own })).toEqual([]);
  });
});
