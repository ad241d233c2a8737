import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, findEntry, findTown, loadDeployment, parseDeployment, type ConfigProblem } from '../../../src/config/index.js';
import { ANNOUNCEMENT_DEFAULTS } from '../../../src/domain/announcements.js';
import { isEngineError } from '../../../src/errors.js';

const SAMPLE = fileURLToPath(new URL('../../../config/county.yaml', import.meta.url));
const sampleText = readFileSync(SAMPLE, 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'deployment-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `fn`, which must throw a ConfigError, and returns it. */
const configErrorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
};
const problemAt = (err: ConfigError, path: string): ConfigProblem[] => err.problems.filter((p) => p.path === path);

describe('the sample deployment (config/county.yaml)', () => {
  const d = loadDeployment(SAMPLE);

  it('has the county service center, open Mon–Fri 08:00–18:00 in Berlin time', () => {
    expect(d.serviceCenter.timezone).toBe('Europe/Berlin');
    expect(d.serviceCenter.hours.mon).toEqual({ open: '08:00', close: '18:00', openMinuteOfDay: 480, closeMinuteOfDay: 1080 });
    expect(d.serviceCenter.hours.fri?.close).toBe('18:00');
    expect(d.serviceCenter.hours.sat).toBeNull();
    expect(d.serviceCenter.hours.sun).toBeNull();
    expect(d.serviceCenter.agentRingTimeoutMs).toBe(15_000);
  });

  it('routes Quickborn, Bönningstedt and Hasloh, plus 115', () => {
    expect(d.towns.map((t) => t.id)).toEqual(['quickborn', 'boenningstedt', 'hasloh']);
    expect(findEntry(d, '041066110')).toMatchObject({ number: '041066110', kind: 'town', townId: 'quickborn' });
    expect(findEntry(d, '115')).toMatchObject({ number: '115', kind: '115' });
    expect(findTown(d, 'quickborn')).toMatchObject({ name: 'Stadt Quickborn', phones: ['quickborn-1', 'quickborn-2'] });
    expect(findTown(d, 'boenningstedt')?.name).toBe('Gemeinde Bönningstedt');
  });

  it('speaks milliseconds: the 20 s overflow timeout is 20000 ms', () => {
    expect(d.towns.every((t) => t.overflowTimeoutMs === 20_000)).toBe(true);
  });

  it('has 5 agents with their SIP endpoints, one of them for sign language with a video phone', () => {
    expect(d.agents).toHaveLength(5);
    expect(d.agents.find((a) => (a.skills['dgs'] ?? 0) > 0)).toMatchObject({ id: 'agent-dgs-1', video: true });
    expect(d.agents[0]).toMatchObject({ id: 'agent-1', name: 'Anna Petersen', endpoint: 'agent-1' });
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.towns[0]?.phones)).toBe(true);
    expect(Object.isFrozen(d.serviceCenter.hours.mon)).toBe(true);
  });
});

describe('defaults', () => {
  it('applies 20 s overflow and 15 s agent ring when the options are left out', () => {
    const text = sampleText.replace(/^ *(overflowTimeoutSec|agentRingTimeoutSec):.*\n/gm, '');
    const d = parseDeployment(text, 'no-timeouts.yaml');
    expect(d.towns.map((t) => t.overflowTimeoutMs)).toEqual([20_000, 20_000, 20_000]);
    expect(d.serviceCenter.agentRingTimeoutMs).toBe(15_000);
  });

  it('converts a custom timeout to ms and accepts 24:00, null days and an unquoted kind: 115', () => {
    const text = sampleText
      .replace('overflowTimeoutSec: 20', 'overflowTimeoutSec: 2')
      .replace('fri: ["08:00", "18:00"]', 'fri: ["08:00", "24:00"]\n    sat: null')
      .replace('kind: "115"', 'kind: 115');
    const d = parseDeployment(text, 'custom.yaml');
    expect(d.towns[0]?.overflowTimeoutMs).toBe(2_000);
    expect(d.serviceCenter.hours.fri?.closeMinuteOfDay).toBe(1440);
    expect(d.serviceCenter.hours.sat).toBeNull();
    expect(d.entries[0]).toEqual({ number: '115', kind: '115', priority: 0, steps: [], prefer: 'longest-idle', video: false });
  });
});

describe('a bad deployment file', () => {
  const BAD = `# several mistakes at once
serviceCenter:
  id: kreis-pinneberg
  timezone: Europe/Berlin
  hours:
    mon: ["8:00", "18:00"]
    tue: ["08:00", "25:00"]
    wed: ["18:00", "08:00"]
entries:
  - number: "115"
    kind: "115"
  - number: "041066110"
    kind: town
    town: quickborn
  - number: "041066110"
    kind: town
    town: elmshorn
towns:
  - id: quickborn
    name: Stadt Quickborn
    phones: [quickborn-1]
    overflowTimeoutSec: 900
agents:
  - id: agent-1
    name: Anna Petersen
`;
  const path = join(tmp, 'bad.yaml');
  writeFileSync(path, BAD);
  const err = configErrorOf(() => loadDeployment(path));

  it('fails with ONE CONFIG_INVALID error', () => {
    expect(isEngineError(err, 'CONFIG_INVALID')).toBe(true);
    expect(err.details.source).toBe(path);
  });

  it.each([
    ['serviceCenter.name', 'is required', 3],
    ['serviceCenter.hours.mon[0]', 'must be a time "HH:MM"', 6],
    ['serviceCenter.hours.tue[1]', 'must be a time "HH:MM"', 7],
    ['serviceCenter.hours.wed', 'opening time must be before closing time', 8],
    ['entries[2].number', 'number "041066110" is listed twice (first at entries[1].number)', 15],
    ['entries[2].town', 'unknown town "elmshorn"', 17],
    ['towns[0].overflowTimeoutSec', 'must be at most 600 seconds', 22],
    ['agents[0].endpoint', 'is required', 24],
  ])('lists %s: %s (line %i)', (p, message, line) => {
    const found = problemAt(err, p);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(message);
    expect(found[0]?.line).toBe(line);
  });

  it('reports nothing else, and no spurious "open before close" for a malformed time', () => {
    expect(err.problems).toHaveLength(8);
  });

  it('formats every problem in one message that names the file', () => {
    const text = err.format();
    expect(text).toBe(err.message);
    expect(text.split('\n')[0]).toBe(`invalid configuration in ${path}: 8 problems`);
    for (const p of err.problems) expect(text).toContain(`  - ${p.path} (line ${p.line}`);
  });
});

describe('individual rules', () => {
  const problemsOf = (text: string) => configErrorOf(() => parseDeployment(text, 't.yaml')).problems;

  it('reports a YAML syntax error with its line and column, and nothing else', () => {
    const problems = problemsOf('serviceCenter:\n  id: x\n  name: [oops\nentries: []\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '', line: 4, column: 1 });
    expect(problems[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('reports a key written twice as a YAML error, at the second one', () => {
    const text = sampleText.replace('  timezone: Europe/Berlin', '  timezone: Europe/Berlin\n  timezone: UTC');
    const secondLine = text.split('\n').indexOf('  timezone: UTC') + 1;
    expect(problemsOf(text)[0]).toMatchObject({
      line: secondLine,
      message: expect.stringContaining('unique') as unknown,
    });
  });

  it.each([
    ['an unknown time zone', sampleText.replace('Europe/Berlin', 'Europe/Quickborn'), 'serviceCenter.timezone', 'IANA time zone'],
    ['an unquoted number (loses its 0)', sampleText.replace('"041066110"', '041066110'), 'entries[1].number', 'quoted string of digits'],
    ['a second 115 entry', sampleText.replace('entries:\n', 'entries:\n  - number: "116117"\n    kind: "115"\n'), 'entries[1].kind', 'only one 115 entry'],
    ['a town entry without town', sampleText.replace('    town: hasloh\n', ''), 'entries[3].town', 'is required when kind is "town"'],
    ['a 115 entry with a town', sampleText.replace('kind: "115"', 'kind: "115"\n    town: hasloh'), 'entries[0].town', 'belongs to no town'],
    ['an endpoint used twice', sampleText.replace('endpoint: agent-4', 'endpoint: hasloh-1'), 'agents[3].endpoint', 'already used at towns[2].phones[0]'],
    ['an agent id used twice', sampleText.replace('id: agent-4', 'id: agent-3'), 'agents[3].id', 'used twice'],
    ['a town id used twice', sampleText.replace('id: hasloh', 'id: quickborn'), 'towns[2].id', 'used twice'],
    ['a town nobody can call', sampleText.replace('town: hasloh', 'town: quickborn'), 'towns[2].id', 'has no entry number'],
    ['a town id that is not kebab-case', sampleText.replace(/hasloh/g, 'Hasloh'), 'towns[2].id', 'kebab-case'],
    ['a town without phones', sampleText.replace('[hasloh-1]', '[]'), 'towns[2].phones', 'at least one'],
    ['no agents', sampleText.slice(0, sampleText.indexOf('agents:')) + 'agents: []\n', 'agents', 'at least one agent'],
    ['a misspelt option', sampleText.replace('overflowTimeoutSec: 20', 'overflowTimeoutSecs: 20'), 'towns[0].overflowTimeoutSecs', 'unknown option'],
    ['a fractional timeout', sampleText.replace('agentRingTimeoutSec: 15', 'agentRingTimeoutSec: 1.5'), 'serviceCenter.agentRingTimeoutSec', 'whole number'],
    ['hours that are not a pair', sampleText.replace('["08:00", "18:00"]', '"08:00-18:00"'), 'serviceCenter.hours.mon', '["open", "close"]'],
  ])('%s', (_what, text, path, message) => {
    const problems = problemsOf(text);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)?.message).toContain(message);
  });

  it('says so when the file is empty or missing', () => {
    expect(problemsOf('')[0]?.message).toContain('the file is empty');
    const missing = configErrorOf(() => loadDeployment(join(tmp, 'nope.yaml')));
    expect(missing.problems[0]?.message).toContain('cannot read the file');
    expect(missing.message).toContain('nope.yaml');
  });
});

describe('announcements', () => {
  const problemsOf = (text: string) => configErrorOf(() => parseDeployment(text, 't.yaml')).problems;
  /** The sample without its announcements section (it is the last one in the file). */
  const withoutSection = sampleText.slice(0, sampleText.indexOf('\n# German announcements'));
  const withSection = (body: string) => `${withoutSection}\nannouncements:\n${body}`;

  it('ships the default texts in the sample file, word for word', () => {
    expect(loadDeployment(SAMPLE).announcements).toEqual(ANNOUNCEMENT_DEFAULTS);
  });

  it('uses every default when the section is left out, or left empty', () => {
    expect(withoutSection).not.toContain('announcements:');
    expect(parseDeployment(withoutSection, 'none.yaml').announcements).toEqual(ANNOUNCEMENT_DEFAULTS);
    expect(parseDeployment(withSection(''), 'empty.yaml').announcements).toEqual(ANNOUNCEMENT_DEFAULTS);
  });

  it('replaces only the texts that are given, trimmed, and freezes them', () => {
    const d = parseDeployment(withSection('  position: "  Vor Ihnen warten {position} Anrufe. "\n  closed: Wir sind {hours} da.\n'), 'custom.yaml');
    expect(d.announcements).toEqual({ ...ANNOUNCEMENT_DEFAULTS, position: 'Vor Ihnen warten {position} Anrufe.', closed: 'Wir sind {hours} da.' });
    expect(Object.isFrozen(d.announcements)).toBe(true);
  });

  it('rejects a misspelt placeholder, naming the placeholders that text allows, with its line', () => {
    const text = withSection('  greeting: Guten Tag.\n  position: Sie sind an Position {postion}.\n');
    const problems = problemsOf(text).filter((p) => p.path === 'announcements.position');
    expect(problems.map((p) => p.message)).toEqual([
      'unknown placeholder "{postion}": the position text may contain only {position} and {hours}',
      'must contain {position}, where the position is spoken',
    ]);
    expect(problems[0]?.line).toBe(text.split('\n').indexOf('  position: Sie sind an Position {postion}.') + 1);
  });

  it.each([
    ['a placeholder of another text', '  greeting: Sie sind an Position {position}.\n', 'announcements.greeting', 'may contain only {hours}'],
    ['a text without its placeholder', '  estimatedWait: Bitte haben Sie etwas Geduld.\n', 'announcements.estimatedWait', 'must contain {minutes}'],
    ['a lone brace', '  closed: "Wir sind {hours da."\n', 'announcements.closed', 'not part of a placeholder'],
    ['an empty text', '  callbackOffer: "  "\n', 'announcements.callbackOffer', 'must not be empty'],
    ['a text that is not a string', '  queueFull: [a, b]\n', 'announcements.queueFull', 'must be a string'],
    ['a misspelt key', '  greting: Hallo.\n', 'announcements.greting', 'unknown option'],
  ])('rejects %s', (_what, body, path, message) => {
    const problems = problemsOf(withSection(body));
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(problems[0]?.message).toContain(message);
  });
});
