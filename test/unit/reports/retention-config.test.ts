import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, parseDeployment } from '../../../src/config/index.js';

const sample = readFileSync(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)), 'utf8');

const problemsOf = (text: string) => {
  try {
    parseDeployment(text, 't.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('the deployment file’s retention', () => {
  it('defaults to 400 days of report aggregates, 90 days of per-call data and of closed notes, 72 hours of an overdue note\'s number', () => {
    const { retention: _retention, ...without } = parse(sample) as Record<string, unknown>;
    expect(parseDeployment(stringify(without), 't.yaml').retention).toEqual({ aggregatesDays: 400, callRecordsDays: 90, closedNotesDays: 90, openNoteNumberGraceHours: 72 });
  });

  it('takes other values, and refuses ones the reports cannot work with', () => {
    const withRetention = (r: string) => stringify({ ...(parse(sample) as Record<string, unknown>), retention: null }).replace(/^retention: null$/m, `retention: ${r}`);
    expect(parseDeployment(withRetention('{ aggregatesDays: 800, callRecordsDays: 30, closedNotesDays: 30, openNoteNumberGraceHours: 0 }'), 't.yaml').retention).toEqual({
      aggregatesDays: 800,
      callRecordsDays: 30,
      closedNotesDays: 30,
      openNoteNumberGraceHours: 0,
    });
    expect(problemsOf(withRetention('{ closedNotesDays: 0, openNoteNumberGraceHours: 1.5 }')).map((p) => p.path)).toEqual(['retention.closedNotesDays', 'retention.openNoteNumberGraceHours']);
    const problems = problemsOf(withRetention('{ aggregatesDays: 7, callRecordsDays: 2.5, keep: true }'));
    expect([...new Set(problems.map((p) => p.path))].sort()).toEqual(['retention.aggregatesDays', 'retention.callRecordsDays', 'retention.keep']);
    expect(problems.find((p) => p.path === 'retention.aggregatesDays')?.message).toBe('must be at least 31 days');
    expect(problemsOf(withRetention('{ callRecordsDays: 7 }'))[0]?.message).toMatch(/^must be at least 8 days: the strict first-contact resolution looks 7 days ahead/);
  });
});
