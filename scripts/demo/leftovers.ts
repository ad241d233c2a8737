import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes of this run still alive: any whose command line carries one of the markers (the
 * stack's directory for SIPp, the Asterisk instance's config path, the Redis port, the engine's
 * entry point with its pid). Used after shutdown to prove nothing is left behind.
 */
export function findLeftovers(markers: readonly string[], pids: readonly number[]): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const command = commandLine(pid);
    if (!command) continue;
    if (pids.includes(pid) || markers.some((m) => command.includes(m))) found.push({ pid, command });
  }
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    // The process ended while we looked: nothing left of it.
    return '';
  }
}
