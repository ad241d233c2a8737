import type { ChildProcess } from 'node:child_process';

/**
 * Every long-lived process the stack or SIPp runner starts is registered here, so that a test
 * run that crashes or is interrupted does not leave Asterisk, Redis or SIPp behind (best effort:
 * a SIGKILLed test process cannot clean up; startStack() sweeps those leftovers next time).
 */
const live = new Set<ChildProcess>();
/** Tracked children started as the leader of their own process group (spawn's `detached`). */
const groupLeaders = new WeakSet<ChildProcess>();
let handlersInstalled = false;

/**
 * `group`: the child leads its own process group (spawned with `detached: true`) and forks workers
 * that outlive a SIGKILLed leader (Kamailio does): on the way out, the whole group is killed.
 */
export function track(child: ChildProcess, { group = false }: { group?: boolean } = {}): ChildProcess {
  installExitHandlers();
  live.add(child);
  if (group) groupLeaders.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** SIGKILL to every process of the group that `leader` leads; none left is fine. */
export function killGroup(leader: ChildProcess): void {
  if (!leader.pid) return;
  try {
    process.kill(-leader.pid, 'SIGKILL');
  } catch (err) {
    // ESRCH: the group is gone already, which is what we want.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function exited(child: ChildProcess): Promise<ExitStatus> {
  if (!isRunning(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Ask politely (`signal`, or whatever `ask` does), then SIGKILL if the process has not exited
 * within graceMs. Resolves once the process is gone.
 */
export async function stopChild(
  child: ChildProcess,
  { signal = 'SIGTERM', graceMs = 5_000, ask }: { signal?: NodeJS.Signals; graceMs?: number; ask?: () => Promise<unknown> } = {},
): Promise<ExitStatus> {
  if (!isRunning(child)) return { code: child.exitCode, signal: child.signalCode };
  const done = exited(child);
  if (ask) {
    // A failed polite request (the process is already dying) is covered by the SIGKILL below.
    await ask().catch(() => undefined);
  } else {
    child.kill(signal);
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  const first = await Promise.race([done, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') child.kill('SIGKILL');
  return done;
}

function killAllNow(): void {
  for (const child of live) {
    if (groupLeaders.has(child)) killGroup(child);
    else if (isRunning(child)) child.kill('SIGKILL');
  }
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only where nobody else decides what a signal means (a test runner or the demo may).
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      killAllNow();
      process.kill(process.pid, signal);
    });
  }
}
