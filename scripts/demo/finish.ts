import { readFileSync } from 'node:fs';
import type { QueueView } from '../../src/app/queue-view.js';
import type { Call } from '../../src/domain/call.js';
import type { Stack } from '../../test/support/stack.js';
import { waitFor, WaitTimeoutError } from '../../test/support/wait-for.js';
import type { CallerPool } from './callers.js';
import type { CenterRun } from './centers.js';
import type { Output } from './output.js';
import { columnWidths, helpedEachOther, summarize, table, type SummaryNames } from './summary.js';

export interface Finish {
  readonly out: Output;
  readonly stack: Stack;
  /** Every center of the platform: its engine, log watch, desk work and records. */
  readonly centers: readonly CenterRun[];
  readonly callers: CallerPool;
  readonly hash: (number: string) => string;
  readonly names: SummaryNames;
  /** An engine died during the morning. */
  readonly engineGone: boolean;
  /** Calls were still up long after the last caller dialled: the demo gave up waiting for them. */
  readonly deadlineHit: boolean;
}

const SETTLE_MS = 15_000;

/**
 * After the last call: hang up what is still up, let the engines settle, check that they left
 * nothing behind, then print the summary from their call records, per center. Resolves 0 when the
 * engines behaved, 1 when the health check found something (stuck calls, errors, a leaked number).
 */
export async function afterTheMorning(f: Finish): Promise<number> {
  const { out } = f;
  const problems: string[] = [];
  const live = f.callers.live();
  const shortName = (c: CenterRun): string => c.center.short;
  if (f.deadlineHit && !f.engineGone) {
    // Before hanging up: callers still waiting while an agent is free would be calls stuck in an engine.
    for (const c of f.centers) {
      const q = (await c.engine.getJson<QueueView>('/api/queue')).body;
      const free = q.agents.filter((a) => a.status === 'available');
      if (q.waiting.length > 0 && free.length > 0) {
        problems.push(`${shortName(c)}: ${q.waiting.length} calls waited in the queue (longest ${Math.round(Math.max(...q.waiting.map((w) => w.waitedMs)) / 1000)} s) while ${free.map((a) => a.id).join(', ')} were free: ${q.waiting.map((w) => w.callId).join(', ')}`);
      }
    }
  }
  if (live > 0) {
    out.event(`hanging up the ${live} calls still up`);
    await f.callers.hangUpAll();
  }
  const runs = f.callers.runs();
  const placed = runs.filter((r) => r.caller);

  let byCenter: Call[][] = f.centers.map(() => []);
  let queues: (QueueView | undefined)[] = [];
  const readAll = async (): Promise<Call[][]> => Promise.all(f.centers.map((c) => c.records()));
  if (!f.engineGone) {
    // The last records are written as the last calls end: wait until every placed caller has one
    // where they ended (a handed-over caller's at the partner too) and no engine shows anything
    // waiting, ringing or busy.
    const hashes = new Set(placed.map((r) => f.hash(r.planned.from)));
    try {
      await waitFor(async () => {
        byCenter = await readAll();
        queues = await Promise.all(f.centers.map(async (c) => (await c.engine.getJson<QueueView>('/api/queue')).body));
        const ended = new Set(byCenter.flat().filter((c) => c.outcome !== 'handed-over').map((c) => c.callerHash));
        return [...hashes].every((h) => ended.has(h)) && queues.every((q) => q !== undefined && settled(q));
      }, { timeoutMs: SETTLE_MS, what: 'a call record for every caller and idle engines', intervalMs: 250 });
    } catch (err) {
      if (!(err instanceof WaitTimeoutError)) throw err;
      // Reported below, call by call: which record is missing, what is still waiting or busy.
    }
  } else {
    byCenter = await readAll().catch(() => f.centers.map(() => []));
    problems.push('an engine exited during the morning');
  }
  const records = byCenter.flat();

  out.plain('\nHealth check');
  for (const [i, c] of f.centers.entries()) {
    const queue = queues[i];
    if (!queue) continue;
    const name = shortName(c);
    if (queue.waiting.length > 0) problems.push(`${queue.waiting.length} calls still in the ${name} queue: ${queue.waiting.map((w) => `${w.callId} (${w.phase}, ${Math.round(w.waitedMs / 1000)} s)`).join(', ')}`);
    if (queue.ringingAtTowns > 0) problems.push(`${queue.ringingAtTowns} calls of ${name} still ringing at a town hall`);
    const stuck = queue.agents.filter((a) => a.status === 'offered' || a.status === 'busy');
    if (stuck.length > 0) problems.push(`${name}: agents still ${stuck.map((a) => `${a.id} ${a.status} (call ${a.callId ?? '?'})`).join(', ')}`);
    const paused = queue.agents.filter((a) => a.status === 'paused');
    if (paused.length > 0) out.plain(`  note: paused at the end at ${name}: ${paused.map((a) => `${a.id} (${a.pauseReason ?? '?'})`).join(', ')}`);
  }
  const recordedHashes = new Set(records.map((c) => c.callerHash));
  const missing = placed.filter((r) => !recordedHashes.has(f.hash(r.planned.from)));
  if (missing.length > 0) problems.push(`no call record for ${missing.map((r) => r.planned.label).join(', ')}`);
  // A handed-over caller must have arrived at the partner: a record there, with the same caller.
  const servedHashes = new Set(records.filter((c) => c.outcome !== 'handed-over').map((c) => c.callerHash));
  const lost = records.filter((c) => c.outcome === 'handed-over' && !servedHashes.has(c.callerHash));
  if (lost.length > 0) problems.push(`handed over, but no record at the partner center: ${lost.map((c) => c.id).join(', ')}`);
  const [channels, bridges] = await Promise.all([ari<AriChannel[]>(f.stack, '/channels'), ari<{ id: string }[]>(f.stack, '/bridges')]);
  if (channels.length > 0 || bridges.length > 0) {
    const what = [...channels.map((c) => `channel ${c.id} (${c.name}, ${c.state})`), ...bridges.map((b) => `bridge ${b.id}`)];
    problems.push(`left in Asterisk: ${channels.length} channels, ${bridges.length} bridges: ${what.join(', ')}`);
  }
  for (const c of f.centers) {
    const logProblems = c.log.problems();
    if (logProblems.length > 0) {
      problems.push(`${shortName(c)}'s engine logged ${logProblems.length} warnings/errors (first: ${JSON.stringify(logProblems[0]).slice(0, 400)})`);
    }
    const strays = c.log.strays();
    if (strays.length > 0) out.plain(`  note: ${shortName(c)}'s engine wrote ${strays.length} lines that are not JSON to its log, e.g. ${JSON.stringify(strays.find((l) => l.trim().length > 2) ?? strays[0])}`);
    const engineLog = readFileSync(c.engine.logPath, 'utf8');
    const leaked = placed.filter((r) => engineLog.includes(r.planned.from)).length;
    if (leaked > 0) problems.push(`${leaked} caller numbers appear in ${shortName(c)}'s engine log (not shown here)`);
  }
  for (const problem of problems) out.plain(`  PROBLEM: ${problem}`);
  if (problems.length === 0) {
    out.plain(`  ok: every caller has a call record (a handed-over caller one at each center), nothing left waiting, ringing or busy`);
    out.plain(`      at either center, no channel or bridge left in Asterisk, no warning or error in either engine's log, no caller number in them`);
  }

  if (records.length === 0) {
    out.plain('\nNo call reached an engine: nothing to sum up.');
    return problems.length > 0 ? 1 : 0;
  }
  const counts = f.centers.map((c, i) => `${c.center.short} ${byCenter[i]?.length ?? 0}`).join(', ');
  out.plain(`\nThe morning in numbers (from the engines' call records, ${counts}, each center's Redis stream "records";`);
  out.plain(`a caller handed to the partner center is counted once, by the center that took them)`);
  const groups = f.centers.map((c, i) => ({ title: `${c.center.deployment.serviceCenter.name} (${c.center.sampleFile})`, rows: summarize(byCenter[i] ?? [], f.names) }));
  const both = { title: 'Both centers together', rows: summarize(records, f.names).filter(([label]) => !label?.startsWith('handed to') && !label?.startsWith('taken from')) };
  const widths = columnWidths([...groups, both].flatMap((g) => g.rows));
  for (const g of [...groups, both]) {
    out.plain(`  ${g.title}`);
    for (const line of table(g.rows, '    ', widths)) out.plain(line);
  }
  out.plain(`  Helping each other: ${helpedEachOther(f.centers.map((c, i) => ({ id: c.center.deployment.serviceCenter.id, records: byCenter[i] ?? [] })), f.names)}`);
  for (const c of f.centers) await c.deskWork.settle();
  for (const c of f.centers) {
    out.plain(`\nWhat ${c.center.short}'s callers asked about (its agents' lookups in its knowledge base, filed as the calls' topics)`);
    for (const line of c.deskWork.summary()) out.plain(line);
  }
  out.plain(`\nWhat the callers experienced (SIPp): ${callerSummary(runs)}`);
  const disagree = disagreements(runs, records, f.hash);
  for (const line of disagree) out.plain(`  note: ${line}`);
  return problems.length > 0 ? 1 : 0;
}

interface AriChannel {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

function settled(q: QueueView): boolean {
  return q.waiting.length === 0 && q.ringingAtTowns === 0 && q.agents.every((a) => a.status !== 'offered' && a.status !== 'busy');
}

async function ari<T>(stack: Stack, path: string): Promise<T> {
  const auth = Buffer.from(`${stack.ari.username}:${stack.ari.password}`).toString('base64');
  const res = await fetch(`${stack.ari.url}/ari${path}`, { headers: { authorization: `Basic ${auth}` }, signal: AbortSignal.timeout(5_000) });
  return (await res.json()) as T;
}

function callerSummary(runs: ReturnType<CallerPool['runs']>): string {
  const placed = runs.filter((r) => r.caller).length;
  const talked = runs.filter((r) => r.heardPerson).length;
  const gaveUp = runs.filter((r) => r.gaveUp && !r.heardPerson).length;
  const cutOff = runs.filter((r) => r.cutOff).length;
  const failedToStart = runs.filter((r) => r.startError).length;
  const odd = runs.filter((r) => r.report?.outcome === 'failed' || r.report?.outcome === 'rejected').length;
  return [
    `${placed} calls placed`,
    `${talked} talked to a person`,
    `${gaveUp} gave up waiting`,
    cutOff ? `${cutOff} hung up by the demo at the end` : '',
    failedToStart ? `${failedToStart} could not be placed` : '',
    odd ? `${odd} rejected or failed at SIP level` : '',
  ].filter(Boolean).join(', ');
}

/** Where a caller's experience and the engines' record of it tell different stories. */
function disagreements(runs: ReturnType<CallerPool['runs']>, records: readonly Call[], hash: (n: string) => string): string[] {
  // A handed-over caller's story is told by the record where they ended, at the partner.
  const byHash = new Map(records.filter((c) => c.outcome !== 'handed-over').map((c) => [c.callerHash, c]));
  const notes: string[] = [];
  for (const run of runs) {
    const record = byHash.get(hash(run.planned.from));
    if (!record) continue;
    const answered = record.outcome === 'answered-by-agent' || record.outcome === 'answered-by-town';
    if (run.heardPerson && !answered) notes.push(`${run.planned.label} talked to a person, but its record says ${record.outcome ?? 'nothing'} [${record.id}]`);
    if (!run.heardPerson && answered && !run.cutOff) notes.push(`${run.planned.label} never heard a person, but its record says ${record.outcome} [${record.id}]`);
  }
  return notes;
}
