import { describe, expect, it } from 'vitest';
import type { QueueView } from '../../src/app/queue-view.js';
import type { Call } from '../../src/domain/call.js';
import type { StaffingAdvice } from '../../src/staffing/index.js';
import { Exposition } from '../unit/metrics/prom-text.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties, type County } from './county-fixture.js';
import { signedInHeaders } from '../support/http-api.js';

/** `/metrics` of the running engine, parsed by a Prometheus text-format parser. */
async function scrape(county: County): Promise<Exposition> {
  const res = await fetch(`${county.engine.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Exposition(await res.text());
}

const countBy = <T>(items: readonly T[], key: (t: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};

/** The counters' non-zero samples as `entry/municipality/outcome` → count. */
const endedCounters = (m: Exposition): Record<string, number> =>
  Object.fromEntries(
    m
      .samples('overflow_calls_ended_total')
      .filter((s) => s.value > 0)
      .map((s) => [`${s.labels['entry']}/${s.labels['municipality']}/${s.labels['outcome']}`, s.value]),
  );

/** A view of the gauges and of /api/queue taken at one moment: the queue read before and after agree. */
async function consistentView(county: County): Promise<{ m: Exposition; q: QueueView }> {
  let view: { m: Exposition; q: QueueView } | undefined;
  await waitFor(
    async () => {
      const before = await county.queue();
      const m = await scrape(county);
      const after = await county.queue();
      const shape = (q: QueueView) => JSON.stringify([q.waiting.map((w) => [w.callId, w.phase]), q.agents.map((a) => [a.id, a.status])]);
      if (shape(before) !== shape(after)) return false;
      view = { m, q: after };
      return true;
    },
    { timeoutMs: 5_000, what: 'a quiet moment to compare /metrics with /api/queue' },
  );
  return view!;
}

function expectGaugesMatchQueue({ m, q }: { m: Exposition; q: QueueView }): void {
  const agents = countBy(q.agents, (a) => a.status);
  for (const state of ['available', 'offered', 'busy', 'wrap-up', 'paused', 'logged-out']) expect(m.value('overflow_agents', { state }), state).toBe(agents[state] ?? 0);
  const waiting = countBy(q.waiting, (w) => w.phase);
  for (const phase of ['queued', 'offering', 'callback']) expect(m.value('overflow_calls_waiting', { phase }), phase).toBe(waiting[phase] ?? 0);
}

describe('Prometheus metrics on the real stack', () => {
  const counties = useCounties();

  it("/metrics parses, its call counters match the run's call records, its gauges match /api/queue", async () => {
    const county = await counties.open({ agents: ['agent-1', 'agent-2'] });
    // agent-2's phone never registers: the engine pauses that agent (unregistered).
    const phone = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 2_500 } });

    const idle = await scrape(county);
    expect(idle.sum('overflow_calls_ended_total')).toBe(0);
    expect(idle.value('overflow_ari_connected')).toBe(1);
    expect(idle.value('overflow_redis_connected')).toBe(1);
    expect(idle.value('process_resident_memory_bytes')).toBeGreaterThan(0);

    // 115 from Quickborn's area code: the agent takes it.
    const first = await county.sipp.call({ to: NUMBERS.n115, from: '04106555001' });
    await phone.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent talking' });
    // Quickborn's town hall number, no town phone registered: straight to the county, where it waits.
    const second = await county.sipp.call({ to: NUMBERS.quickborn, from: '04101555002' });
    // 115 from Bönningstedt's area code: waits too, then gives up.
    const third = await county.sipp.call({ to: NUMBERS.n115, from: '04055655003' });
    await waitFor(async () => (await county.queue()).waiting.filter((w) => w.phase === 'queued').length === 2, { timeoutMs: 5_000, what: 'two callers queued' });
    const busy = await consistentView(county);
    expectGaugesMatchQueue(busy);
    expect(busy.m.value('overflow_calls_waiting', { phase: 'queued' })).toBe(2);
    expect(busy.m.value('overflow_agents', { state: 'busy' })).toBe(1);
    expect(busy.m.value('overflow_agents', { state: 'paused' })).toBe(1);
    await third.hangUp();

    await Promise.all([first.waitForEnd(10_000), second.waitForEnd(15_000)]);
    await waitFor(async () => (await county.records()).length === 3, { timeoutMs: 5_000, what: 'three call records' });
    const records: Call[] = await county.records();
    expect(countBy(records, (r) => r.outcome ?? '')).toEqual({ 'answered-by-agent': 2, abandoned: 1 });

    const m = await scrape(county);
    // Every family the parser read is well-formed; ours are typed.
    expect(m.family('overflow_calls_ended_total')?.type).toBe('COUNTER');
    expect(m.family('overflow_queue_wait_seconds')?.type).toBe('HISTOGRAM');
    // The counters are the records: by entry, municipality and outcome; by outcome; by entry; by overflow reason.
    expect(endedCounters(m)).toEqual(countBy(records, (r) => `${r.entry.kind}/${r.municipality ?? 'county'}/${r.outcome}`));
    expect(endedCounters(m)).toEqual({ '115/quickborn/answered-by-agent': 1, 'town/quickborn/answered-by-agent': 1, '115/boenningstedt/abandoned': 1 });
    for (const [outcome, n] of Object.entries(countBy(records, (r) => r.outcome ?? ''))) expect(m.sum('overflow_calls_ended_total', { outcome })).toBe(n);
    for (const [entry, n] of Object.entries(countBy(records, (r) => r.entry.kind))) expect(m.sum('overflow_calls_ended_total', { entry })).toBe(n);
    for (const [reason, n] of Object.entries(countBy(records, (r) => r.overflowReason ?? 'none'))) expect(m.value('overflow_calls_overflowed_total', { reason })).toBe(n);
    const queued = records.filter((r) => r.times.queuedAt !== undefined);
    const waits = queued.map((r) => ((r.times.answeredAt ?? r.times.endedAt!) - r.times.queuedAt!) / 1_000);
    const histogram = m.histogram('overflow_queue_wait_seconds');
    expect(histogram?.count).toBe(queued.length);
    expect(histogram?.sum).toBeCloseTo(waits.reduce((a, b) => a + b, 0), 3);
    expect(histogram?.buckets['30']).toBe(waits.filter((w) => w <= 30).length);
    // Bounded labels, nothing personal.
    for (const r of records) expect(m.text).not.toContain(r.id);
    for (const r of records) expect(m.text).not.toContain(r.callerHash);

    const quiet = await consistentView(county);
    expectGaugesMatchQueue(quiet);
    expect(quiet.m.value('overflow_calls_waiting', { phase: 'queued' })).toBe(0);

    // The staffing advice of the same hour, as the team lead sees it.
    const res = await fetch(`${county.engine.url}/api/staffing`, { headers: await signedInHeaders(county.engine.url, 'teamlead') });
    expect(res.status).toBe(200);
    const advice = (await res.json()) as StaffingAdvice;
    expect(advice).toMatchObject({ windowMinutes: 60, arrivalsPerHour: 3, agentsLoggedIn: 2, agentsReady: 1, target: { within: 30, share: 0.75 } });
    expect(advice.agentsNeeded).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${county.engine.url}/api/staffing`)).status).toBe(401);
  });
});
