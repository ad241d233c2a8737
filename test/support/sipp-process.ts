import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { exited, isRunning, stopChild, track, type ExitStatus } from './child-processes.js';
import { tailLines } from './file-tail.js';

export const SCENARIO_DIR = fileURLToPath(new URL('../sipp/', import.meta.url));

/** One line a scenario wrote with <log message="EVENT|call-id|details"/>, stamped on arrival. */
export interface SippEvent {
  kind: string;
  callId: string;
  detail: string;
  at: number;
}

export interface SippProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  /** The last lines SIPp wrote to stderr (fatal errors, e.g. a port in use). */
  stderrTail(): string;
  isRunning(): boolean;
  stop(): Promise<ExitStatus>;
}

export interface SippSpawnOptions {
  name: string;
  scenario: string;
  args: string[];
  /** Where SIPp writes its <log> lines, which we follow. */
  eventLog: string;
  /** SIPp's message trace (-trace_msg) goes here: the first thing to read when a call misbehaves. */
  messageLog: string;
  onEvent: (event: SippEvent) => void;
}

/**
 * SIPp binds two media sockets of its own at start (audio at -mp, video at -mp + 2), unused here
 * (the tests' RTP endpoints are Node sockets), and gives up after 100 tries upwards from -mp. With
 * the default -mp 6000 for every process, the 51st SIPp running at once found 6000–6198 taken and
 * exited before sending anything. Each process gets its own base instead, above the kernel's
 * ephemeral ports (32768–60999) and Asterisk's RTP range, where nothing else binds; a base still
 * held by a process started 1,000 SIPps earlier only moves the new one up by a try or two.
 */
const MEDIA_PORT_FIRST = 61_000;
const MEDIA_PORT_SLOTS = 1_000;
let mediaSlot = Math.floor(Math.random() * MEDIA_PORT_SLOTS);
const nextMediaPort = (): number => MEDIA_PORT_FIRST + 4 * (mediaSlot++ % MEDIA_PORT_SLOTS);

/**
 * Runs one SIPp process. Scenario events are <log> lines in a file that we follow (SIPp flushes
 * each line). A pipe would be quicker but SIPp fopen()s the log path, which fails on the
 * socketpair Node gives a child as an extra stdio ("Unable to create '/dev/fd/3'").
 * SIPp's own statistics screen (stdout) is discarded.
 */
export function spawnSipp(opts: SippSpawnOptions): SippProcess {
  // A file left by an earlier process with the same name (ports get reused) would replay its events.
  rmSync(opts.eventLog, { force: true });
  rmSync(opts.messageLog, { force: true });
  const args = [
    '-sf', `${SCENARIO_DIR}${opts.scenario}`,
    '-nostdin',
    '-trace_logs', '-log_file', opts.eventLog,
    '-trace_msg', '-message_file', opts.messageLog,
    '-mp', String(nextMediaPort()),
    ...opts.args,
  ];
  const child: ChildProcess = track(spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  const stderrLines: string[] = [];
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => pushBounded(stderrLines, line));
  const tail = tailLines(opts.eventLog, (line) => {
    const event = parseEvent(line);
    if (event) opts.onEvent(event);
  });
  // The last lines are read before anyone hears that the process is gone.
  child.once('exit', () => tail.close());
  const spawnFailure = new Promise<ExitStatus>((resolve) => child.once('error', (err) => {
    pushBounded(stderrLines, `spawn failed: ${err.message}`);
    resolve({ code: -1, signal: null });
  }));
  return {
    name: opts.name,
    get pid() {
      return child.pid;
    },
    exited: Promise.race([exited(child), spawnFailure]),
    stderrTail: () => stderrLines.join('\n'),
    isRunning: () => isRunning(child),
    // SIGTERM ends SIPp at once; calls still up are the test's business (hang up first).
    stop: () => stopChild(child, { signal: 'SIGTERM', graceMs: 2_000 }),
  };
}

export function parseEvent(line: string, at = Date.now()): SippEvent | undefined {
  const [kind, callId, ...rest] = line.trim().split('|');
  if (!kind || callId === undefined || !/^[A-Z-]+$/.test(kind)) return undefined;
  return { kind, callId, detail: rest.join('|'), at };
}

function pushBounded(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > 20) lines.shift();
}
