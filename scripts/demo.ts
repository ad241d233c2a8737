/**
 * The demo: a busy morning at the two service centers of the sample platform, Kreis Pinneberg and
 * Kreis Segeberg, taking each other's waiting callers, on the real stack (Redis, Asterisk, an
 * engine per center, SIPp phones and callers). `npm run demo` provisions first, then runs this.
 *
 * Two processes. The one started from the terminal checks the prerequisites and starts the
 * worker in its own session: Ctrl-C in a terminal signals the whole foreground process group,
 * which would kill Redis, Asterisk and SIPp under the demo's feet before it could hang up its
 * callers, print the summary and stop everything in order. The worker only hears the signals
 * this process forwards, and stops by itself if this process disappears.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ROOTFS } from '../test/support/asterisk-instance.js';
import { failAs, onPath, optionsOrExit } from './lib/cli.js';
import { createMorning } from './demo/morning.js';
import { parseOptions, USAGE, type DemoOptions } from './demo/options.js';
import type { StopRequest } from './demo/stop-request.js';

const WORKER_ENV = 'OVERFLOW_DEMO_WORKER';
const root = fileURLToPath(new URL('..', import.meta.url));

const fail = failAs('demo');
const options = (): DemoOptions => optionsOrExit('demo', parseOptions, USAGE);

/** Everything the stack needs, checked before anything starts, with what to do about it. */
function preflight(): void {
  if (process.getuid?.() !== 0) {
    fail('the demo runs Asterisk in a chroot and must run as root: sudo npm run demo');
  }
  const rootfs = process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS;
  const provision = 'run `bash scripts/provision.sh` first (`npm run demo` does that for you)';
  if (!existsSync(join(rootfs, 'usr/sbin/asterisk'))) fail(`no Asterisk root filesystem at ${rootfs}: ${provision}`);
  for (const [command, pkg] of [['redis-server', 'redis-server'], ['sipp', 'sip-tester']] as const) {
    if (!onPath(command)) fail(`\`${command}\` not found (Debian package ${pkg}): ${provision}`);
  }
}

async function supervise(): Promise<void> {
  const worker = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [WORKER_ENV]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGTERM'));
  const code = await new Promise<number>((resolve) => {
    worker.once('error', (err) => {
      process.stderr.write(`demo: cannot start the demo worker: ${err.message}\n`);
      resolve(1);
    });
    worker.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + 2 : 1)));
  });
  process.exit(code);
}

async function work(opts: DemoOptions): Promise<void> {
  const morning = createMorning(opts);
  let interrupts = 0;
  const onSignal = (how: StopRequest) => () => morning.requestStop(how);
  // Registered before anything is spawned: test/support's process tracking then leaves signals to us.
  process.on('SIGINT', () => morning.requestStop(++interrupts > 1 ? 'now' : 'graceful'));
  process.on('SIGTERM', onSignal('graceful'));
  process.on('SIGHUP', onSignal('graceful'));
  // The terminal-side process is gone (killed, say): end the morning rather than run on unseen.
  process.on('disconnect', onSignal('graceful'));
  process.channel?.unref();
  let code: number;
  try {
    code = await morning.run();
  } catch (err) {
    process.stderr.write(`\ndemo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = 1;
  }
  process.exit(code);
}

const opts = options();
if (process.env[WORKER_ENV] === '1') {
  await work(opts);
} else {
  preflight();
  await supervise();
}
