import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { exited, stopChild, track, type ExitStatus } from '../../test/support/child-processes.js';
import { freeUdpPort } from '../../test/support/free-port.js';

/**
 * Many callers from one SIPp process (scripts/bench/caller-load.xml): `calls` INVITEs to `to`
 * at `ratePerSec`, each caller staying on the line until the far end hangs up or `holdMs` passed.
 * One process instead of one per caller (test/support/sipp-caller.ts) keeps the load generator
 * cheap enough to leave the machine to Asterisk and the engine. Times are SIPp's own (epoch ms).
 */
export interface LoadOptions {
  /** Names the files of this run in logDir. */
  readonly name: string;
  readonly to: string;
  readonly calls: number;
  readonly ratePerSec: number;
  readonly holdMs: number;
  /** A call not answered this long after its INVITE is cancelled and counted as failed. */
  readonly answerTimeoutMs: number;
  /** Digits before SIPp's call number in the From user: distinct per run, so numbers never repeat. */
  readonly fromPrefix: string;
  /** The whole run is cut off (SIPp killed) after this long; calls not over by then failed. */
  readonly deadlineMs: number;
}

export interface LoadCall {
  readonly sipCallId: string;
  readonly from: string;
  inviteAt: number;
  answeredAt?: number;
  gotByeAt?: number;
  sentByeAt?: number;
  rejectedStatus?: number;
  noAnswer?: boolean;
  endedAt?: number;
}

export interface LoadResult {
  readonly calls: LoadCall[];
  readonly exit: ExitStatus;
  /** SIPp was killed at the deadline. */
  readonly cutOff: boolean;
  readonly stderr: string;
  readonly logPath: string;
}

const SCENARIO = new URL('./caller-load.xml', import.meta.url);

/** A call that ended the normal way: answered, then hung up by one side. */
export const completed = (c: LoadCall): boolean => c.answeredAt !== undefined && c.endedAt !== undefined && (c.gotByeAt !== undefined || c.sentByeAt !== undefined);

export async function runCallerLoad(target: { sipPort: number; logDir: string }, opts: LoadOptions): Promise<LoadResult> {
  const scenarioPath = join(target.logDir, `bench-${opts.name}.xml`);
  writeFileSync(
    scenarioPath,
    readFileSync(SCENARIO, 'utf8').replaceAll('@HOLD_MS@', String(Math.round(opts.holdMs))).replaceAll('@ANSWER_TIMEOUT_MS@', String(Math.round(opts.answerTimeoutMs))),
  );
  const logPath = join(target.logDir, `bench-${opts.name}-events.log`);
  const errorPath = join(target.logDir, `bench-${opts.name}-errors.log`);
  rmSync(logPath, { force: true });
  const [localPort, mediaPort] = await Promise.all([freeUdpPort(), freeUdpPort()]);
  // SIPp's rate is calls per period: a fine period keeps fractional rates exact.
  const period = 100_000;
  const child = track(spawn('sipp', [
    `127.0.0.1:${target.sipPort}`,
    '-sf', scenarioPath,
    '-s', opts.to,
    '-key', 'from_prefix', opts.fromPrefix,
    '-i', '127.0.0.1', '-p', String(localPort), '-mp', String(mediaPort),
    '-m', String(opts.calls),
    '-l', String(opts.calls),
    '-r', String(Math.max(1, Math.round(opts.ratePerSec * (period / 1000)))), '-rp', String(period),
    // Answer what Asterisk may send inside a call (OPTIONS, UPDATE) instead of aborting it.
    '-aa',
    '-nostdin',
    '-trace_logs', '-log_file', logPath,
    '-trace_err', '-error_file', errorPath,
  ], { stdio: ['ignore', 'ignore', 'pipe'] }));
  const stderr: string[] = [];
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  let cutOff = false;
  const timer = setTimeout(() => {
    cutOff = true;
    void stopChild(child, { signal: 'SIGTERM', graceMs: 2_000 });
  }, opts.deadlineMs);
  const exit = await Promise.race([
    exited(child),
    new Promise<ExitStatus>((resolve) => child.once('error', (err) => {
      stderr.push(`spawn failed: ${err.message}`);
      resolve({ code: -1, signal: null });
    })),
  ]);
  clearTimeout(timer);
  return { calls: parseLoadLog(existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''), exit, cutOff, stderr: stderr.slice(-20).join('\n'), logPath };
}

/** caller-load.xml's <log> lines, one record per call in the order of their INVITEs. */
export function parseLoadLog(text: string): LoadCall[] {
  const calls = new Map<string, LoadCall>();
  for (const line of text.split('\n')) {
    const [kind, sipCallId, from, s, us, extra] = line.trim().split('|');
    if (!kind || !sipCallId || from === undefined || s === undefined || us === undefined) continue;
    const at = Number(s) * 1000 + Number(us) / 1000;
    if (!Number.isFinite(at)) continue;
    if (kind === 'INVITE') {
      if (!calls.has(sipCallId)) calls.set(sipCallId, { sipCallId, from, inviteAt: at });
      continue;
    }
    const call = calls.get(sipCallId);
    if (!call) continue;
    switch (kind) {
      case 'ANSWERED':
        call.answeredAt ??= at;
        break;
      case 'GOT-BYE':
        call.gotByeAt ??= at;
        break;
      case 'SENT-BYE':
        call.sentByeAt ??= at;
        break;
      case 'REJECTED':
        call.rejectedStatus = Number(extra);
        break;
      case 'NO-ANSWER':
        call.noAnswer = true;
        break;
      case 'END':
        call.endedAt ??= at;
        break;
      default:
        break;
    }
  }
  return [...calls.values()].sort((a, b) => a.inviteAt - b.inviteAt);
}

/** The most concurrent calls (INVITE to END) at any instant. */
export function maxConcurrent(calls: readonly LoadCall[]): number {
  const edges: [number, number][] = [];
  for (const c of calls) {
    edges.push([c.inviteAt, 1]);
    edges.push([c.endedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}
