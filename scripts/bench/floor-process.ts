import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exited, stopChild, track } from '../../test/support/child-processes.js';

/** The floor dispatcher (floor-dispatcher.ts) as a child process: its own pid for the CPU figures. */
export interface FloorProcess {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface FloorSettings {
  readonly ari: { readonly url: string; readonly username: string; readonly password: string };
  readonly app: string;
  /** The PJSIP endpoints it may offer calls to, all free at the start. */
  readonly agents: readonly string[];
  /** Its stderr (one line per request that failed) goes here. */
  readonly logPath: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./floor-dispatcher.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

/** Starts it (under tsx, as the engine runs) and resolves once it is connected to its ARI app. */
export async function startFloorProcess(s: FloorSettings): Promise<FloorProcess> {
  const logFd = openSync(s.logPath, 'a');
  const child = track(spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      FLOOR_ARI_URL: s.ari.url,
      FLOOR_ARI_USERNAME: s.ari.username,
      FLOOR_ARI_PASSWORD: s.ari.password,
      FLOOR_APP: s.app,
      FLOOR_AGENTS: s.agents.join(','),
    },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  }));
  closeSync(logFd);
  const floor: FloorProcess = {
    get pid() {
      return child.pid;
    },
    async stop() {
      await stopChild(child, { signal: 'SIGTERM', graceMs: 2_000 });
    },
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => child.once('message', () => resolve())),
      exited(child).then((e) => Promise.reject(new Error(`the floor dispatcher exited during start (${e.code ?? e.signal}): see ${s.logPath}`))),
      new Promise<never>((_, reject) => child.once('error', reject)),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the floor dispatcher not ready within ${READY_TIMEOUT_MS} ms: see ${s.logPath}`)), READY_TIMEOUT_MS))),
    ]);
  } catch (err) {
    await floor.stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return floor;
}
