import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat's times (almost always 100 on Linux). */
const CLOCK_TICKS = ((): number => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    // No getconf: Linux's USER_HZ is 100 on every architecture we run on.
    return 100;
  }
})();

/**
 * CPU seconds a process has used so far (user + system, /proc/<pid>/stat utime + stime; with
 * `children`, also cutime + cstime: its children that have exited and been waited for); null if it
 * is gone.
 */
export function cpuSeconds(pid: number | null | undefined, children = false): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = (fields[11] ?? 0) + (fields[12] ?? 0);
    return (own + (children ? (fields[13] ?? 0) + (fields[14] ?? 0) : 0)) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Cores busy with work that is not the benchmark's: the machine's busy cores minus what Asterisk,
 * the engine, Redis and this process (with the SIPp runs it has reaped) used. Another test suite on
 * the same machine shows up here, and skews every figure taken meanwhile.
 */
export function otherLoadMeter(pids: Readonly<Record<string, number | null | undefined>>): () => { machine: number | null; other: number | null } {
  const ours = cpuMeter(pids);
  const self = cpuSeconds(process.pid, true);
  const machine = machineMeter();
  const startedAt = Date.now();
  return () => {
    const used = ours();
    const selfNow = cpuSeconds(process.pid, true);
    const busy = machine();
    const seconds = (Date.now() - startedAt) / 1000;
    if (busy === null || self === null || selfNow === null || seconds <= 0) return { machine: busy, other: null };
    const oursCores = (Object.values(used).reduce<number>((a, b) => a + (b ?? 0), 0) + (selfNow - self)) / seconds;
    return { machine: busy, other: Math.max(0, Math.round((busy - oursCores) * 100) / 100) };
  };
}

/** Resident set size in bytes (/proc/<pid>/status VmRSS); null if the process is gone. */
export function rssBytes(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time of several processes between start() and the returned function's call. */
export function cpuMeter(pids: Readonly<Record<string, number | null | undefined>>): () => Record<string, number | null> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return () =>
    Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => {
        const a = before[name];
        const b = cpuSeconds(pid);
        return [name, a === null || a === undefined || b === null ? null : b - a];
      }),
    );
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
}

/** What the numbers were measured on: CPU model and core count from /proc/cpuinfo, memory. */
export function describeMachine(): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  let cores = cpus().length;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpuModel;
    cores = info.split('\n').filter((l) => l.startsWith('processor')).length || cores;
  } catch {
    // Not Linux: os.cpus() said what it could.
  }
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // Not Linux.
  }
  return { cpuModel, cores, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, kernel, node: process.version };
}

/** /proc/loadavg's 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
export function loadAverage(): [number, number, number] | null {
  try {
    const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    return a === undefined || b === undefined || c === undefined ? null : [a, b, c];
  } catch {
    return null;
  }
}

/** The machine's CPU time so far, all cores (/proc/stat): busy and total, in clock ticks. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * How many cores the whole machine kept busy between start and the returned function's call
 * (everything: our processes, SIPp, and whatever else runs here).
 */
export function machineMeter(): () => number | null {
  const before = machineTicks();
  const startedAt = Date.now();
  return () => {
    const after = machineTicks();
    const seconds = (Date.now() - startedAt) / 1000;
    if (!before || !after || seconds <= 0) return null;
    return Math.round(((after.busy - before.busy) / CLOCK_TICKS / seconds) * 100) / 100;
  };
}
