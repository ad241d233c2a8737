import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface CountyOverrides {
  /** Every town's overflow timeout (the sample says 20 s; tests use ~2 s). */
  readonly overflowTimeoutSec?: number;
  readonly agentRingTimeoutSec?: number;
  /** Keep only these agents (ids from the sample), e.g. to run with two agents. */
  readonly agents?: readonly string[];
}

interface SampleShape {
  serviceCenter: { agentRingTimeoutSec?: number };
  towns: { overflowTimeoutSec?: number }[];
  agents: { id: string }[];
}

/** The shipped sample deployment with test-friendly timeouts, written to a temp file. */
export function writeTestCounty(overrides: CountyOverrides = {}): string {
  const sample = parse(readFileSync(new URL('../../config/county.yaml', import.meta.url), 'utf8')) as SampleShape;
  if (overrides.agentRingTimeoutSec !== undefined) sample.serviceCenter.agentRingTimeoutSec = overrides.agentRingTimeoutSec;
  if (overrides.overflowTimeoutSec !== undefined) for (const t of sample.towns) t.overflowTimeoutSec = overrides.overflowTimeoutSec;
  if (overrides.agents) {
    const keep = new Set(overrides.agents);
    sample.agents = sample.agents.filter((a) => keep.has(a.id));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'county-')), 'county.yaml');
  writeFileSync(file, stringify(sample));
  return file;
}
