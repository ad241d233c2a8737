import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Leftovers of test runs that could not clean up (the test process was SIGKILLed): every stack
 * or Asterisk instance directory carries an owner.json naming the process that owns it and the
 * processes it started, each with a marker found in that process's command line, so that a
 * recycled pid is never killed by mistake.
 */
export interface OwnedProcess {
  pid: number;
  marker: string;
}

export function writeOwner(dir: string, processes: OwnedProcess[]): void {
  writeFileSync(join(dir, 'owner.json'), JSON.stringify({ ownerPid: process.pid, processes }));
}

/**
 * For each subdirectory of `baseDir` whose owner is gone: kill its processes, then remove the
 * directory (`remove: 'all'`) or keep only the newest `keep` such directories (for logs).
 */
export function sweepStale(baseDir: string, { remove, keep = 0 }: { remove: 'all' | 'oldest'; keep?: number }): void {
  if (!existsSync(baseDir)) return;
  const orphans: { dir: string; mtimeMs: number }[] = [];
  for (const name of readdirSync(baseDir)) {
    const dir = join(baseDir, name);
    const owner = readOwner(dir);
    if (owner && isAlive(owner.ownerPid)) continue;
    for (const { pid, marker } of owner?.processes ?? []) {
      if (isAlive(pid) && commandLine(pid).includes(marker)) process.kill(pid, 'SIGKILL');
    }
    orphans.push({ dir, mtimeMs: statSync(dir).mtimeMs });
  }
  orphans.sort((a, b) => b.mtimeMs - a.mtimeMs);
  const doomed = remove === 'all' ? orphans : orphans.slice(keep);
  for (const { dir } of doomed) rmSync(dir, { recursive: true, force: true });
}

function readOwner(dir: string): { ownerPid: number; processes: OwnedProcess[] } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as { ownerPid: number; processes: OwnedProcess[] };
  } catch {
    // No or half-written owner file: a directory from an interrupted start, owned by nobody.
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but is not ours to signal: treat it as alive and leave it alone.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    // Gone between the liveness check and now: nothing to match, nothing to kill.
    return '';
  }
}
