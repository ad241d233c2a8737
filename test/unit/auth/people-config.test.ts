import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifySecret } from '../../../src/auth/index.js';
import { ConfigError, loadDeployment, parseDeployment } from '../../../src/config/index.js';

const SAMPLE = fileURLToPath(new URL('../../../config/county.yaml', import.meta.url));
const sampleText = readFileSync(SAMPLE, 'utf8');
/** The sample without its people (the section ends where the announcements' comment starts). */
const withoutPeople = sampleText.slice(0, sampleText.indexOf('people:\n')) + sampleText.slice(sampleText.indexOf('# German announcements'));
const withPeople = (yaml: string) => withoutPeople.replace('# German announcements', `people:\n${yaml}\n# German announcements`);
const HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const problemsOf = (text: string) => {
  try {
    parseDeployment(text, 't.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the file to be refused');
};

describe('people in the sample county', () => {
  const { people, agents, towns } = loadDeployment(SAMPLE);

  it('has a person for every agent, a clerk for every town, the team lead and the platform operator', () => {
    expect(people.filter((p) => p.role === 'agent').map((p) => (p.role === 'agent' ? p.agentId : null))).toEqual(agents.map((a) => a.id));
    expect(people.filter((p) => p.role === 'town-staff').map((p) => [p.id, p.role === 'town-staff' ? p.town : null])).toEqual(
      towns.map((t) => [`clerk-${t.id}`, t.id]),
    );
    expect(people.filter((p) => p.role === 'operator').map((p) => [p.id, p.role === 'operator' && p.platform === true])).toEqual([
      ['teamlead', false],
      ['plattform', true],
    ]);
  });

  it('lets every sample person in with the documented sample secret "<id>-secret", and nobody with another', async () => {
    const results = await Promise.all(people.map(async (p) => [p.id, await verifySecret(`${p.id}-secret`, p.secretHash)]));
    expect(results.filter(([, ok]) => !ok)).toEqual([]);
    expect(await verifySecret('agent-2-secret', people[0]?.secretHash ?? '')).toBe(false);
  });

  it('holds no secret in the file, only hashes', () => {
    expect(sampleText).not.toMatch(/^\s*(secret|password|token):/m);
    for (const p of people) expect(sampleText).not.toContain(`${p.id}-secret"`);
  });
});

describe('the people section', () => {
  it('is optional: without it nobody can sign in', () => {
    expect(parseDeployment(withoutPeople, 'no-people.yaml').people).toEqual([]);
  });

  it('gives agents their agent id and town staff their town, and is frozen', () => {
    const d = parseDeployment(
      withPeople(`  - { id: anna, name: Anna, role: agent, agent: agent-1, secretHash: "${HASH}" }
  - { id: clerk, name: Clerk, role: town-staff, town: hasloh, secretHash: "${HASH}" }
  - { id: boss, name: Boss, role: operator, secretHash: "${HASH}" }`),
      'ok.yaml',
    );
    expect(d.people).toEqual([
      { id: 'anna', name: 'Anna', role: 'agent', agentId: 'agent-1', secretHash: HASH },
      { id: 'clerk', name: 'Clerk', role: 'town-staff', town: 'hasloh', secretHash: HASH },
      { id: 'boss', name: 'Boss', role: 'operator', secretHash: HASH },
    ]);
    expect(Object.isFrozen(d.people[0])).toBe(true);
  });

  it('reports every mistake at once, each at its place', () => {
    const text = withPeople(`  - id: anna
    name: Anna
    role: agent
    agent: agent-1
    secretHash: "${HASH}"
  - id: anna
    name: Anna Zwei
    role: agent
    agent: agent-1
    secretHash: "${HASH}"
  - id: ghost
    name: Ghost
    role: agent
    agent: agent-9
    secretHash: "${HASH}"
  - id: nobody
    name: No Agent
    role: agent
    secretHash: "${HASH}"
  - id: clerk-elmshorn
    name: Clerk
    role: town-staff
    town: elmshorn
    secretHash: "${HASH}"
  - id: clerk-none
    name: Clerk
    role: town-staff
    secretHash: "${HASH}"
  - id: boss
    name: Boss
    role: operator
    town: quickborn
    secretHash: "${HASH}"
  - id: plain
    name: Plain
    role: admin
    secretHash: hunter2-plaintext
  - id: Bad_Id
    name: Bad
    role: operator
    secret: hunter2-plaintext
    secretHash: "${HASH}"`);
    const problems = problemsOf(text);
    const lineOf = (needle: string, after = 0) => text.split('\n').findIndex((l, i) => i >= after && l.includes(needle)) + 1;
    const people = lineOf('people:');
    expect(problems.map((p) => [p.path, p.message, p.line])).toEqual([
      ['people[1].id', 'person id "anna" is used twice (first at people[0].id)', lineOf('id: anna', people + 5)],
      ['people[1].agent', 'agent "agent-1" already belongs to the person at people[0].agent: one person per agent', lineOf('agent: agent-1', people + 5)],
      ['people[2].agent', 'unknown agent "agent-9" (agents: "agent-1", "agent-2", "agent-3", "agent-4", "agent-dgs-1")', lineOf('agent: agent-9')],
      ['people[3].agent', 'is required when role is "agent": the agent (under agents) this person signs in as', lineOf('id: nobody')],
      ['people[4].town', 'unknown town "elmshorn" (towns: "quickborn", "boenningstedt", "hasloh")', lineOf('town: elmshorn')],
      ['people[5].town', 'is required when role is "town-staff": the town whose callback notes this person handles', lineOf('id: clerk-none')],
      ['people[6].town', 'only a person with role "town-staff" names a town (this one is "operator")', lineOf('town: quickborn', people)],
      ['people[7].role', 'must be one of "agent", "town-staff", "operator", "editor", got "admin"', lineOf('role: admin')],
      [
        'people[7].secretHash',
        'must be a hash "scrypt$ln=17,r=8,p=1$<salt>$<key>" (cost ln 14 or more; the older "scrypt$<salt>$<key>" still works) as printed by `npm run hash-secret`; the secret itself never goes in this file',
        lineOf('secretHash: hunter2'),
      ],
      ['people[8].id', 'id must be kebab-case: lowercase letters, digits and single dashes (e.g. "quickborn")', lineOf('id: Bad_Id')],
      ['people[8].secret', 'unknown option (misspelt?)', lineOf('secret: hunter2')],
    ]);
  });

  it('makes an operator with platform: true a platform operator; false or left out, an operator of this center', () => {
    const d = parseDeployment(
      withPeople(`  - { id: boss, name: Boss, role: operator, secretHash: "${HASH}" }
  - { id: lead, name: Lead, role: operator, platform: false, secretHash: "${HASH}" }
  - { id: land, name: Land, role: operator, platform: true, secretHash: "${HASH}" }`),
      'ok.yaml',
    );
    expect(d.people).toEqual([
      { id: 'boss', name: 'Boss', role: 'operator', secretHash: HASH },
      { id: 'lead', name: 'Lead', role: 'operator', secretHash: HASH },
      { id: 'land', name: 'Land', role: 'operator', platform: true, secretHash: HASH },
    ]);
  });

  it('refuses platform: true for anyone but an operator, and a platform that is not true or false', () => {
    const text = withPeople(`  - { id: anna, name: Anna, role: agent, agent: agent-1, platform: true, secretHash: "${HASH}" }
  - { id: clerk, name: Clerk, role: town-staff, town: hasloh, platform: true, secretHash: "${HASH}" }
  - { id: red, name: Red, role: editor, platform: true, secretHash: "${HASH}" }
  - { id: boss, name: Boss, role: operator, platform: "ja", secretHash: "${HASH}" }`);
    expect(problemsOf(text).map((p) => [p.path, p.message])).toEqual([
      ['people[0].platform', 'only a person with role "operator" can be a platform operator, who sees every center of the platform (this one is "agent")'],
      ['people[1].platform', 'only a person with role "operator" can be a platform operator, who sees every center of the platform (this one is "town-staff")'],
      ['people[2].platform', 'only a person with role "operator" can be a platform operator, who sees every center of the platform (this one is "editor")'],
      ['people[3].platform', 'must be a boolean, got a string'],
    ]);
  });

  it('never repeats a secret pasted into the file in its messages', () => {
    const problems = problemsOf(withPeople('  - { id: anna, name: Anna, role: agent, agent: agent-1, secretHash: agent-1-secret }'));
    expect(problems.map((p) => p.path)).toEqual(['people[0].secretHash']);
    expect(JSON.stringify(problems)).not.toContain('agent-1-secret');
  });

  it('does not invent unknown-agent problems when the agents list itself is broken', () => {
    const text = withPeople(`  - { id: anna, name: Anna, role: agent, agent: agent-1, secretHash: "${HASH}" }`).replace(/^agents:\n/m, 'agents: 42\nold-agents:\n');
    expect(problemsOf(text).map((p) => p.path)).not.toContain('people[0].agent');
  });
});
