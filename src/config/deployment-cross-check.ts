/**
 * Rules that relate several parts of the deployment file. They read the RAW parsed YAML
 * defensively instead of running as a zod superRefine: zod skips refinements as soon as any field
 * is missing or mistyped, and an operator must see every problem in one run, not one per edit.
 */
import { formatPath } from './config-error.js';
import { crossCheckTargets } from './target-bands.js';

export interface RawProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const stringAt = (v: unknown, key: string): string | undefined => {
  if (!isRecord(v)) return undefined;
  const s = v[key];
  return typeof s === 'string' ? s : undefined;
};
/** `kind: 115` unquoted is accepted by the schema, so it must count here too. */
const kindOf = (v: unknown): string | undefined => {
  if (!isRecord(v)) return undefined;
  return v.kind === 115 ? '115' : stringAt(v, 'kind');
};

/** Reports the second and later occurrences of each value, naming where it was first seen. */
const duplicates = (
  items: readonly { value: string; path: readonly (string | number)[] }[],
  describe: (value: string, firstPath: string) => string,
): RawProblem[] => {
  const firstSeen = new Map<string, readonly (string | number)[]>();
  const problems: RawProblem[] = [];
  for (const { value, path } of items) {
    const first = firstSeen.get(value);
    if (first === undefined) firstSeen.set(value, path);
    else problems.push({ path, message: describe(value, formatPath(first)) });
  }
  return problems;
};

export const crossCheckDeployment = (raw: unknown): RawProblem[] => {
  if (!isRecord(raw)) return [];
  const entries = listOf(raw.entries);
  const towns = listOf(raw.towns);
  const agents = listOf(raw.agents);
  const problems: RawProblem[] = [];

  const entryNumbers = entries.flatMap((e, i) => {
    const value = stringAt(e, 'number');
    return value === undefined ? [] : [{ value, path: ['entries', i, 'number'] }];
  });
  problems.push(...duplicates(entryNumbers, (n, first) => `number "${n}" is listed twice (first at ${first})`));

  // 115-kind entries are told apart by their service name (none for the plain 115 line).
  const entries115 = entries.flatMap((e, i) => (kindOf(e) === '115' ? [{ value: stringAt(e, 'service') ?? '', path: ['entries', i, 'kind'] }] : []));
  problems.push(
    ...duplicates(entries115, (service, first) =>
      service === '' ? `only one 115 entry without a service name is allowed (the first is ${first})` : `service "${service}" is used twice (first at ${first})`,
    ),
  );

  const townIds = towns.flatMap((t, i) => {
    const value = stringAt(t, 'id');
    return value === undefined ? [] : [{ value, path: ['towns', i, 'id'] }];
  });
  problems.push(...duplicates(townIds, (id, first) => `town id "${id}" is used twice (first at ${first})`));

  // Only judge town references when the towns list itself could be read; otherwise every entry
  // would be reported as pointing nowhere, burying the real problem ("towns is required").
  const knownTowns = new Set(townIds.map((t) => t.value));
  const referencedTowns = new Set<string>();
  if (Array.isArray(raw.towns)) {
    entries.forEach((e, i) => {
      const town = stringAt(e, 'town');
      if (town === undefined || kindOf(e) !== 'town') return;
      referencedTowns.add(town);
      if (!knownTowns.has(town)) {
        const known = [...knownTowns].map((t) => `"${t}"`).join(', ') || 'none';
        problems.push({ path: ['entries', i, 'town'], message: `unknown town "${town}" (towns: ${known})` });
      }
    });
    if (Array.isArray(raw.entries)) {
      for (const { value, path } of townIds) {
        if (!referencedTowns.has(value)) {
          problems.push({ path, message: `town "${value}" has no entry number, so no call can reach it: add one under entries` });
        }
      }
    }
  }

  const agentIds = agents.flatMap((a, i) => {
    const value = stringAt(a, 'id');
    return value === undefined ? [] : [{ value, path: ['agents', i, 'id'] }];
  });
  problems.push(...duplicates(agentIds, (id, first) => `agent id "${id}" is used twice (first at ${first})`));

  towns.forEach((t, i) => {
    if (!isRecord(t)) return;
    const ids = listOf(t.departments).flatMap((dep, j) => {
      const value = stringAt(dep, 'id');
      return value === undefined ? [] : [{ value, path: ['towns', i, 'departments', j, 'id'] }];
    });
    problems.push(...duplicates(ids, (id, first) => `department "${id}" is listed twice in this town (first at ${first})`));
  });

  // One SIP endpoint is one phone: it cannot belong to two towns, two agents, or a town and an agent.
  // (A case worker may work for several departments, so department phones are not counted here.)
  const endpoints = [
    ...towns.flatMap((t, i) =>
      isRecord(t)
        ? listOf(t.phones).flatMap((p, j) => (typeof p === 'string' ? [{ value: p, path: ['towns', i, 'phones', j] }] : []))
        : [],
    ),
    ...agents.flatMap((a, i) => {
      const value = stringAt(a, 'endpoint');
      return value === undefined ? [] : [{ value, path: ['agents', i, 'endpoint'] }];
    }),
  ];
  problems.push(...duplicates(endpoints, (ep, first) => `endpoint "${ep}" is already used at ${first}`));

  // Calls whose steps never reach "any agent" and that no agent can meet would wait forever.
  const agentLevels = agents.map((a): Record<string, number> => (isRecord(a) ? { ...rawLevels(a.skills), ...(a.video === true ? { video: 1 } : {}) } : {}));
  const unserved = (r: unknown): string | null => {
    const steps = rawSteps(r);
    const last = steps[steps.length - 1];
    if (!last || !last.forever || Object.keys(last.skills).length === 0) return null;
    if (agentLevels.some((have) => steps.some((s) => Object.entries(s.skills).every(([k, min]) => (have[k] ?? 0) >= min)))) return null;
    return Object.entries(last.skills).map(([k, l]) => `"${k}"${l > 1 ? ` at level ${l}` : ''}`).join(', ');
  };
  const where = (r: unknown): string => (isRecord(r) && Array.isArray(r.steps) ? 'steps' : 'needs');
  entries.forEach((e, i) => {
    const missing = unserved(e);
    if (missing) problems.push({ path: ['entries', i, where(e)], message: `no agent has every skill of ${missing}, and the ${where(e)} never widen: such calls would wait forever` });
  });
  towns.forEach((t, i) => {
    const missing = unserved(t);
    if (missing) problems.push({ path: ['towns', i, where(t)], message: `no agent has every skill of ${missing}, and the ${where(t)} never widen: such calls would wait forever` });
  });

  // A prefix names one town: the longest matching prefix wins, so only an exact repeat is ambiguous.
  const areaCodes = towns.flatMap((t, i) =>
    isRecord(t) ? listOf(t.areaCodes).flatMap((c, j) => (typeof c === 'string' ? [{ value: c, path: ['towns', i, 'areaCodes', j] }] : [])) : [],
  );
  problems.push(...duplicates(areaCodes, (code, first) => `area code "${code}" already attributes 115 calls to the town at ${first}`));

  problems.push(...crossCheckPeople(raw, new Set(agentIds.map((a) => a.value)), knownTowns));
  problems.push(...crossCheckTargets(raw));

  return problems;
};

const quotedList = (values: Iterable<string>): string => [...values].map((v) => `"${v}"`).join(', ') || 'none';

/** `people:`: unique ids, the agent or town each role needs, and that it exists; `platform` only for operators. */
const crossCheckPeople = (raw: Record<string, unknown>, knownAgents: ReadonlySet<string>, knownTowns: ReadonlySet<string>): RawProblem[] => {
  const people = listOf(raw.people);
  const problems: RawProblem[] = [];

  const personIds = people.flatMap((p, i) => {
    const value = stringAt(p, 'id');
    return value === undefined ? [] : [{ value, path: ['people', i, 'id'] }];
  });
  problems.push(...duplicates(personIds, (id, first) => `person id "${id}" is used twice (first at ${first})`));

  const agentRefs: { value: string; path: (string | number)[] }[] = [];
  people.forEach((p, i) => {
    if (!isRecord(p)) return;
    const role = stringAt(p, 'role');
    const agent = stringAt(p, 'agent');
    const town = stringAt(p, 'town');
    if (role === 'agent' && p.agent === undefined) {
      problems.push({ path: ['people', i, 'agent'], message: 'is required when role is "agent": the agent (under agents) this person signs in as' });
    }
    if (role === 'town-staff' && p.town === undefined) {
      problems.push({ path: ['people', i, 'town'], message: 'is required when role is "town-staff": the town whose callback notes this person handles' });
    }
    if (role !== undefined && role !== 'agent' && p.agent !== undefined) {
      problems.push({ path: ['people', i, 'agent'], message: `only a person with role "agent" names an agent (this one is "${role}")` });
    }
    if (role !== undefined && role !== 'town-staff' && p.town !== undefined) {
      problems.push({ path: ['people', i, 'town'], message: `only a person with role "town-staff" names a town (this one is "${role}")` });
    }
    if (role !== undefined && role !== 'operator' && p.platform === true) {
      problems.push({ path: ['people', i, 'platform'], message: `only a person with role "operator" can be a platform operator, who sees every center of the platform (this one is "${role}")` });
    }
    // As for entries: judge references only when the list they point into could be read.
    if (agent !== undefined && role === 'agent') {
      agentRefs.push({ value: agent, path: ['people', i, 'agent'] });
      if (Array.isArray(raw.agents) && !knownAgents.has(agent)) {
        problems.push({ path: ['people', i, 'agent'], message: `unknown agent "${agent}" (agents: ${quotedList(knownAgents)})` });
      }
    }
    if (town !== undefined && role === 'town-staff' && Array.isArray(raw.towns) && !knownTowns.has(town)) {
      problems.push({ path: ['people', i, 'town'], message: `unknown town "${town}" (towns: ${quotedList(knownTowns)})` });
    }
  });
  problems.push(...duplicates(agentRefs, (agent, first) => `agent "${agent}" already belongs to the person at ${first}: one person per agent`));
  return problems;
};

/** An agent's skills as written: a list (level 1 each) or a mapping of skill to level. */
function rawLevels(v: unknown): Record<string, number> {
  if (Array.isArray(v)) return Object.fromEntries(v.filter((x): x is string => typeof x === 'string').map((x) => [x, 1]));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number'));
  return {};
}

/** The routing steps of an entry or town as written (either form), each with whether it lasts forever. */
function rawSteps(r: unknown): { skills: Record<string, number>; forever: boolean }[] {
  if (!isRecord(r)) return [];
  if (Array.isArray(r.steps)) {
    return r.steps.filter(isRecord).map((s) => ({ skills: s.anyAgent === true ? {} : rawLevels(s.skills), forever: s.forSec == null }));
  }
  const needs = rawLevels(r.needs);
  return Object.keys(needs).length === 0 ? [] : [{ skills: needs, forever: r.widenAfterSec == null }];
}
