import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, isRunning, stopChild, track } from './child-processes.js';
import { freeTcpPort } from './free-port.js';
import { GiveUp, waitFor } from './wait-for.js';

/**
 * A private redis-server: own port, own data dir, append-only file on, so that a test can
 * restart it and find its data again (as after a Redis restart in production).
 */
export interface RedisServerHandle {
  readonly url: string;
  readonly port: number;
  /** The directory holding the data dir (redis/) and redis.log. */
  readonly dir: string;
  readonly logPath: string;
  /** The running server's pid, null while stopped. */
  pid(): number | null;
  start(): Promise<void>;
  /** Graceful shutdown (SIGTERM: Redis fsyncs the AOF), SIGKILL after a deadline. Idempotent. */
  stop(): Promise<void>;
  /** stop() then start() on the same port and data: what a Redis restart looks like to clients. */
  restart(): Promise<void>;
  /** Simulates a crash: no fsync, no goodbye. */
  kill(): Promise<void>;
}

/** How clients must reach and authenticate with a test server. Default: plain TCP, no password. */
export interface RedisSecurityOptions {
  /** `requirepass`: the default user's password. */
  password?: string;
  /** ACL users besides the default one; `rules` default to every key, channel and command. */
  users?: readonly { readonly name: string; readonly password: string; readonly rules?: readonly string[] }[];
  /**
   * TLS only, on the server's port (no plain port): PEM files of its certificate, key and the CA
   * that signed it. Clients are not asked for certificates (`--tls-auth-clients no`).
   */
  tls?: { readonly certFile: string; readonly keyFile: string; readonly caFile: string };
}

export interface RedisServerOptions extends RedisSecurityOptions {
  port: number;
  dir: string;
  /** The redis-server binary; default from PATH. */
  bin?: string;
  /** Deadline for the server to answer PING. Default 10 s. */
  startTimeoutMs?: number;
  /** Told the pid of every (re)started server, so that leftovers can be found after a crash. */
  onStarted?: (pid: number) => void;
  /** More redis-server arguments, e.g. `--replicaof 127.0.0.1 <port>`. */
  extraArgs?: readonly string[];
}

/** A server in a directory the caller owns (the stack keeps it with its logs). Not started yet. */
export function createRedisServer({ port, dir, bin = 'redis-server', startTimeoutMs = 10_000, onStarted, extraArgs = [], ...security }: RedisServerOptions): RedisServerHandle {
  const dataDir = join(dir, 'redis');
  const { password, users = [], tls } = security;
  const securityArgs = [
    ...(password === undefined ? [] : ['--requirepass', password]),
    ...users.flatMap((u) => ['--user', u.name, 'on', `>${u.password}`, ...(u.rules ?? ['~*', '&*', '+@all'])]),
    ...(tls
      ? ['--tls-port', String(port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no']
      : []),
  ];
  const scheme = tls ? 'rediss' : 'redis';
  const logPath = join(dir, 'redis.log');
  mkdirSync(dataDir, { recursive: true });
  let child: ChildProcess | undefined;

  const handle: RedisServerHandle = {
    // Without credentials: tests that need them say which ones (default user, ACL user, wrong).
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    dir,
    logPath,
    pid: () => (child && isRunning(child) ? (child.pid ?? null) : null),
    async start() {
      if (child && isRunning(child)) return;
      const started = spawn(
        bin,
        ['--port', tls ? '0' : String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--appendonly', 'yes',
          '--save', '', '--daemonize', 'no', '--logfile', logPath, ...securityArgs, ...extraArgs],
        { stdio: 'ignore' },
      );
      child = track(started);
      let spawnError: Error | undefined;
      started.once('error', (err) => (spawnError = err));
      try {
        await waitFor(async () => {
          if (spawnError) throw new GiveUp(spawnError.message);
          if (!isRunning(started)) throw new GiveUp(`exited with code ${started.exitCode}`);
          return (await ping(port, { password, caFile: tls?.caFile })) === '+PONG';
        }, { timeoutMs: startTimeoutMs, what: `redis-server on port ${port} answering PING` });
      } catch (err) {
        await stopChild(started, { signal: 'SIGKILL' });
        throw new Error(`redis-server failed to start: ${(err as Error).message}${logTail(logPath)}`);
      }
      if (started.pid) onStarted?.(started.pid);
    },
    async stop() {
      if (child) await stopChild(child, { signal: 'SIGTERM', graceMs: 5_000 });
    },
    async restart() {
      await handle.stop();
      await handle.start();
    },
    async kill() {
      if (!child || !isRunning(child)) return;
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  return handle;
}

/**
 * A started server in a fresh temporary directory (os.tmpdir()/ovr-redis-*), for integration
 * tests that need Redis but not Asterisk. stop() also removes the directory; a free port taken
 * by someone else between probing and binding is retried.
 */
export async function startRedis(opts: { bin?: string; startTimeoutMs?: number } & RedisSecurityOptions = {}): Promise<RedisServerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'ovr-redis-'));
  let server: RedisServerHandle | undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && !server; attempt++) {
    const candidate = createRedisServer({ ...opts, port: await freeTcpPort(), dir });
    try {
      await candidate.start();
      server = candidate;
    } catch (err) {
      lastError = err;
    }
  }
  if (!server) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  const started = server;
  let stopped = false;
  return {
    ...started,
    async stop() {
      if (stopped) return;
      stopped = true;
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      if (stopped) throw new Error('redis-server was stopped');
      await started.restart();
    },
  };
}

function logTail(logPath: string): string {
  if (!existsSync(logPath)) return '';
  const lines = readFileSync(logPath, 'utf8').trim().split('\n').slice(-5);
  return lines.length ? `\n${lines.join('\n')}` : '';
}

/**
 * One RESP PING over a fresh connection (TLS and AUTH first when the server wants them): no client
 * library needed to know Redis is up. Resolves with the PING's reply line.
 */
function ping(port: number, opts: { password?: string; caFile?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = opts.caFile
      ? connectTls({ port, host: '127.0.0.1', ca: readFileSync(opts.caFile) })
      : connect({ port, host: '127.0.0.1' });
    const auth = opts.password === undefined ? '' : `*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(opts.password)}\r\n${opts.password}\r\n`;
    const replies = auth === '' ? 1 : 2;
    let reply = '';
    socket.setTimeout(1_000, () => socket.destroy(new Error('PING timed out')));
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const lines = reply.split('\r\n');
      if (lines.length > replies) {
        socket.end();
        resolve(lines[replies - 1]?.trim() ?? '');
      }
    });
    socket.write(`${auth}PING\r\n`);
  });
}
