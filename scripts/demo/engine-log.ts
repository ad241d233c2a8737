import { tailLines } from '../../test/support/file-tail.js';
import type { Output } from './output.js';
import { firstName, seconds } from './output.js';

/**
 * Follows the engine's JSON log file and turns the transitions that matter to a watcher into
 * lines on the demo's screen: a call overflowed, a town hall or an agent answered, a caller gave
 * up, an agent did not answer. Warnings and errors are shown as they come and kept for the end.
 */
export interface EngineLogLine {
  readonly level: number;
  readonly time: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface EngineLogWatch {
  /** Lines at warn level or above, and non-JSON lines that look like errors, in order. */
  problems(): readonly EngineLogLine[];
  /** Other lines that are not JSON (a library printing to stdout): harmless, but not the log format. */
  strays(): readonly string[];
  /** Reads what is left in the file, then stops following it. */
  close(): Promise<void>;
}

export interface EngineLogDeps {
  readonly out: Output;
  /** The center whose engine writes this log ("Pinneberg"), and how to name a partner center by its id. */
  readonly center: string;
  readonly centerName: (id: string) => string;
  /**
   * The demo's caller behind an engine call id (found by its hashed number), if known, and when
   * they first arrived (at the partner center, for a caller it handed over).
   */
  readonly callerOf: (callId: string) => Promise<{ label: string; origin: string; impatient: boolean; arrivedAt?: number } | undefined>;
  readonly townName: (townId: string) => string;
  readonly agentName: (agentId: string) => string;
  /** An agent answered a call (the desk work starts). */
  readonly agentAnswered?: (callId: string, agentId: string) => void;
}

const WARN = 40;

export function watchEngineLog(path: string, d: EngineLogDeps): EngineLogWatch {
  const problems: EngineLogLine[] = [];
  const strays: string[] = [];
  const calls = new Map<string, { label: string; arrivedAt: number; agentId?: string }>();
  // Lines are handled one after the other: a label looked up for an arrival is there for the next line.
  let chain = Promise.resolve();

  const nameOf = (callId: string): string => calls.get(callId)?.label ?? `call …${callId.slice(-6)}`;
  const waited = (callId: string, at: number): string => {
    const call = calls.get(callId);
    return call ? ` after ${seconds(at - call.arrivedAt)}` : '';
  };

  const handle = async (line: EngineLogLine): Promise<void> => {
    const callId = typeof line['callId'] === 'string' ? line['callId'] : undefined;
    // The demo runs with the shipped sample secrets on purpose; the engine warns about them (marked `mode: demo`).
    if (line.level >= WARN && line['mode'] === 'demo') {
      d.out.event(`note from ${d.center}'s engine: ${line.msg}`);
    } else if (line.level >= WARN) {
      problems.push(line);
      const err = line['err'] as { message?: string; code?: string } | undefined;
      const detail = [line['code'], err?.code, err?.message, line['endpoint'], callId && nameOf(callId)].filter((x) => typeof x === 'string' && x !== '').join(', ');
      d.out.event(`ENGINE ${d.center.toUpperCase()} ${line.level >= 50 ? 'ERROR' : 'warning'}: ${line.msg}${detail ? ` (${detail})` : ''}`);
    }
    if (line.msg === 'call arrived' && callId) {
      const caller = await d.callerOf(callId).catch(() => undefined);
      const label = caller?.label ?? `call …${callId.slice(-6)}`;
      calls.set(callId, { label, arrivedAt: caller?.arrivedAt ?? line.time });
      if (line['overflowReason'] === 'partner') {
        d.out.event(`${label} taken over by ${d.center} from its partner's queue${waited(callId, line.time)}, queued here keeping the arrival   [${callId}]`);
        return;
      }
      const target = line['entry'] === '115' ? '115' : `${typeof line['townId'] === 'string' ? d.townName(line['townId']) : '?'} (town hall)`;
      const who = caller ? `, calling from ${caller.origin}${caller.impatient ? ', impatient' : ''}` : '';
      d.out.event(`${label} dials ${target}${who}   [${callId}]`);
      return;
    }
    if (line.msg === 'waiting caller handed to a partner center' && callId) {
      const partner = typeof line['partner'] === 'string' ? d.centerName(line['partner']) : 'the partner center';
      const arrivedAt = calls.get(callId)?.arrivedAt;
      const how = line['trigger'] === 'waited' && arrivedAt !== undefined ? `has waited ${seconds(line.time - arrivedAt)}` : `is waiting (${String(line['trigger'])})`;
      d.out.event(`${nameOf(callId)} ${how} in the ${d.center} queue → handed to ${partner}, which has an agent free`);
      return;
    }
    if (line.msg === 'agent paused') {
      d.out.event(`agent ${d.agentName(String(line['agentId']))} paused (${String(line['reason'])}): not offered calls until made ready again`);
      return;
    }
    if (line.msg !== 'call transitioned' || !callId) return;
    const who = nameOf(callId);
    const town = typeof line['townId'] === 'string' ? d.townName(line['townId']) : 'the town hall';
    // The transition to `connected` no longer names the agent: remember whom the call was offered to.
    const known = calls.get(callId);
    if (known && typeof line['agentId'] === 'string') known.agentId = line['agentId'];
    const agentId = typeof line['agentId'] === 'string' ? line['agentId'] : known?.agentId;
    const agent = agentId ? d.agentName(agentId) : 'an agent';
    const from = line['from'];
    const to = line['to'];
    if (from === 'town-ringing' && to === 'queued') {
      const why = OVERFLOW_WHY[String(line['overflowReason'])] ?? String(line['overflowReason']);
      d.out.event(`${who} ${town}: ${why}${waited(callId, line.time)} → overflow to the ${d.center} queue`);
    } else if (from === 'town-ringing' && to === 'connected') {
      d.out.event(`${who} answered by ${town}${waited(callId, line.time)}`);
    } else if (from === 'offering' && to === 'connected') {
      d.out.event(`${who} answered by agent ${agent}${waited(callId, line.time)}`);
      if (agentId) d.agentAnswered?.(callId, agentId);
    } else if (from === 'offering' && to === 'queued') {
      const what = line['event'] === 'offer.failed' ? `ringing ${agent}'s phone failed` : `${agent} did not answer`;
      d.out.event(`${who} ${what}: back to the head of the queue`);
    } else if (to === 'offering' && typeof line['attempt'] === 'number' && line['attempt'] > 1) {
      d.out.event(`${who} offered again, now to ${agent} (attempt ${line['attempt']})`);
    } else if (to === 'ended') {
      const outcome = line['outcome'];
      const waitedMs = typeof line['waitedMs'] === 'number' ? line['waitedMs'] : undefined;
      // A handed-over call was shown by the partner exchange's own line (above).
      if (outcome === 'handed-over') return;
      if (outcome === 'abandoned') d.out.event(`${who} abandoned${waitedMs !== undefined ? ` after waiting ${seconds(waitedMs)}` : ''} (${PHASE[String(from)] ?? String(from)})`);
      else if (outcome !== 'answered-by-agent' && outcome !== 'answered-by-town') d.out.event(`${who} ended: ${String(outcome)}, ended by ${String(line['endedBy'])}`);
    }
  };

  const tail = tailLines(path, (text) => {
    let line: EngineLogLine;
    try {
      line = JSON.parse(text) as EngineLogLine;
    } catch {
      // Not JSON: a library writing to stdout (ari-client's Swagger notice), or a stack trace.
      strays.push(text);
      if (LOOKS_LIKE_ERROR.test(text)) {
        problems.push({ level: 50, time: Date.now(), msg: text });
        d.out.event(`ENGINE ${d.center.toUpperCase()} (not JSON): ${text.slice(0, 200)}`);
      }
      return;
    }
    chain = chain.then(() => handle(line)).catch((err: unknown) => d.out.event(`(could not show an engine log line: ${String(err)})`));
  });

  return {
    problems: () => problems,
    strays: () => strays,
    async close() {
      tail.close();
      await chain;
    },
  };
}

const LOOKS_LIKE_ERROR = /error|exception|unhandled|^\s+at /i;

const OVERFLOW_WHY: Record<string, string> = {
  'town-no-answer': 'nobody answered',
  'town-busy': 'line busy',
  'town-unreachable': 'phones unreachable',
};

const PHASE: Record<string, string> = {
  'town-ringing': 'while the town hall rang',
  queued: 'in the queue',
  offering: "while an agent's phone rang",
  connected: 'while talking',
};

export const agentFirstName = (names: ReadonlyMap<string, string>) => (id: string): string => firstName(names.get(id), id);
