import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderKamailioPhoneTable } from '../../scripts/lib/phone-sections.js';
import { isRunning, killGroup, stopChild, track } from './child-processes.js';
import { isUdpPortBound } from './free-port.js';
import type { OwnedProcess } from './stale-instances.js';
import { GiveUp, waitFor } from './wait-for.js';

const run = promisify(execFile);

/** The configuration that ships: the instance passes its values in as defines, it never copies or edits the file. */
export const KAMAILIO_CFG = fileURLToPath(new URL('../../dialplan/kamailio/kamailio.cfg', import.meta.url));
const KAMAILIO = '/usr/sbin/kamailio';
const KAMCMD = '/usr/sbin/kamcmd';

export interface KamailioInstanceOptions {
  /** Its UDP port on 127.0.0.1: where callers and phones send. */
  sipPort: number;
  /** The dispatcher set: SIP UDP ports of the Asterisk servers on 127.0.0.1, in this order. */
  asteriskSipPorts: readonly number[];
  /** endpoint → password: the phones that may register. */
  phonePasswords: ReadonlyMap<string, string>;
  /** Host directory of the instance's files (dispatcher list, password table, control socket) and log. */
  dir: string;
  /** INVITEs from outside the dispatcher set are accepted from this subnet only (CARRIER_SUBNET). */
  carrierSubnet?: string;
  /** How often each Asterisk is probed; default the configuration's (1 s). */
  pingIntervalSec?: number;
  /** Told the instance's processes once it runs, so that leftovers can be found after a crash. */
  onStarted?: (processes: OwnedProcess[]) => void;
  startTimeoutMs?: number;
}

export interface KamailioInstance {
  readonly sipPort: number;
  /** Kamailio's own log (stderr: startup, the script's xlog lines). */
  readonly logPath: string;
  /** The main process, while it runs. */
  readonly pid: number | undefined;
  /** One RPC command through the control socket (`kamcmd dispatcher.list`, `kamcmd ul.dump`). */
  kamcmd(...args: string[]): Promise<string>;
  /** Ends it gracefully (SIGTERM), SIGKILL to whatever of it is left after a deadline. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A private Kamailio on dialplan/kamailio/kamailio.cfg: in the foreground (-DD, log on stderr), its
 * own runtime directory, pid file and control socket, one UDP port on 127.0.0.1. Kamailio forks
 * its workers without exec: they share the main process's command line and outlive a SIGKILLed
 * main process, so the instance is a process group of its own and is stopped as one.
 */
export async function startKamailioInstance(opts: KamailioInstanceOptions): Promise<KamailioInstance> {
  const dbDir = join(opts.dir, 'db');
  mkdirSync(dbDir, { recursive: true });
  writeFileSync(join(dbDir, 'phones'), renderKamailioPhoneTable(opts.phonePasswords));
  const dispatcherList = join(opts.dir, 'dispatcher.list');
  writeFileSync(dispatcherList, `${opts.asteriskSipPorts.map((port) => `1 sip:127.0.0.1:${port} 0 0`).join('\n')}\n`);
  const ctlSocket = `unix:${join(opts.dir, 'ctl.sock')}`;
  const logPath = join(opts.dir, 'kamailio.log');
  const listen = `SIP_LISTEN=udp:127.0.0.1:${opts.sipPort}`;
  const defines = [
    listen,
    `DISPATCHER_LIST="${dispatcherList}"`,
    `PHONES_DB="text://${dbDir}"`,
    `CTL_SOCKET="${ctlSocket}"`,
    'CHILDREN=2',
    ...(opts.carrierSubnet ? [`CARRIER_SUBNET="${opts.carrierSubnet}"`] : []),
    ...(opts.pingIntervalSec ? [`PING_INTERVAL_SEC=${opts.pingIntervalSec}`] : []),
  ];
  const args = [
    '-DD', '-E', '-f', KAMAILIO_CFG, ...defines.flatMap((define) => ['-A', define]),
    '-Y', opts.dir, '-P', join(opts.dir, 'kamailio.pid'), '-w', opts.dir, '-m', '64', '-M', '8',
  ];

  const logFd = openSync(logPath, 'a');
  const child = track(spawn(KAMAILIO, args, { stdio: ['ignore', logFd, logFd], detached: true }), { group: true });
  closeSync(logFd);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  const kamcmd = async (...command: string[]): Promise<string> => {
    const { stdout } = await run(KAMCMD, ['-s', ctlSocket, ...command], { timeout: 5_000 });
    return stdout;
  };
  let stopping: Promise<void> | undefined;
  const instance: KamailioInstance = {
    sipPort: opts.sipPort,
    logPath,
    get pid() {
      return isRunning(child) ? child.pid : undefined;
    },
    kamcmd,
    stop: () => (stopping ??= stopGroup(child)),
  };

  try {
    await waitFor(async () => {
      if (spawnError) throw new GiveUp(`cannot start kamailio: ${spawnError.message}`);
      if (!isRunning(child)) throw new GiveUp(`kamailio exited during start (code ${child.exitCode}): ${tail(logPath)}`);
      // The control socket answers once the workers run; the port shows the SIP side is bound.
      return isUdpPortBound(opts.sipPort) && (await kamcmd('core.uptime')).includes('uptime');
    }, { timeoutMs: opts.startTimeoutMs ?? 15_000, what: `kamailio on udp 127.0.0.1:${opts.sipPort}`, intervalMs: 50 });
  } catch (err) {
    await instance.stop();
    throw err;
  }
  if (child.pid) opts.onStarted?.(groupMembers(child.pid).map((pid) => ({ pid, marker: listen })));
  return instance;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  // SIGTERM to the main process: it ends its workers and exits.
  await stopChild(child, { signal: 'SIGTERM', graceMs: 5_000 });
  killGroup(child);
}

/** The pids of the process group `leader` leads (Linux /proc). */
function groupMembers(leader: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ...", comm may hold spaces: read after its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === leader) members.push(Number(entry));
    } catch {
      // The process ended while we looked: not a member any more.
      continue;
    }
  }
  return members;
}

function tail(path: string): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-8).join('\n');
}
