import { expect } from 'vitest';
import { api } from '../support/http-api.js';
import type { County } from './county-fixture.js';

/**
 * A check date far beyond the test county's `knowledge.staleAfterDays` (a year past the sample's
 * oldest check date: test/support/test-county.ts), as the article gives it and as the pages show it.
 */
export const LONG_AGO = { on: '2023-03-01', shown: '01.03.2023' } as const;

/** The editors save the article anew as last checked on `on`: an article overdue for its check. */
export async function saveCheckedOn(county: County, id: string, on: string): Promise<void> {
  const current = await api<{ yaml: string; version: number }>(county.engine.url, 'GET', `/api/knowledge/articles/${id}`, 'redaktion');
  const yaml = current.body.yaml.replace(/^ {2}on: .*$/m, `  on: ${on}`);
  expect(yaml).not.toBe(current.body.yaml);
  const saved = await api(county.engine.url, 'POST', `/api/knowledge/articles/${id}`, 'redaktion', { yaml, expectedVersion: current.body.version });
  expect(saved.status, `saving ${id} as checked on ${on}`).toBe(200);
}
